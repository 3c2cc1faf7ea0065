//! `RequestBuilder::retain_tools` and the tools grouped in a `namespace`:
//! a filter that strips a function by name strips it inside a namespace
//! too, whether the namespace is typed, held raw, set through `extra` or
//! added by an `additional_tools` input item.

use openrouter_responses::request::{
    CustomTool, NamespaceFunctionTool, NamespaceMember, NamespaceTool, Tool, ToolChoice,
};
use openrouter_responses::Request;
use serde_json::{json, Value};

fn not_exec(tool: &Tool) -> bool {
    !matches!(tool, Tool::Function(f) if f.name() == "exec")
}

fn tools_of(request: &Request) -> Value {
    serde_json::to_value(request).unwrap()["tools"].clone()
}

#[test]
fn a_function_refused_by_name_is_stripped_from_a_typed_namespace() {
    let received: Request = serde_json::from_value(json!({"tools": [
        {"type": "namespace", "name": "ops", "description": "Operations", "tools": [
            {"type": "function", "name": "exec", "parameters": {"type": "object"}},
            {"type": "function", "name": "status"},
            {"type": "custom", "name": "note"}
        ]}
    ]}))
    .unwrap();
    assert!(matches!(received.tools(), Some([Tool::Namespace(_)])));
    let forwarded = received.into_builder().retain_tools(not_exec).build();
    assert_eq!(
        tools_of(&forwarded),
        json!([{"type": "namespace", "name": "ops", "description": "Operations", "tools": [
            {"type": "function", "name": "status"},
            {"type": "custom", "name": "note"}
        ]}])
    );
    // The typed value is changed, not only what is written.
    let Some([Tool::Namespace(ns)]) = forwarded.tools() else {
        panic!("{:?}", forwarded.tools())
    };
    assert_eq!(ns.get_tools().len(), 2);
}

#[test]
fn the_filter_sees_the_namespace_whole_then_each_member_typed() {
    let namespace = NamespaceTool::new("ops", "Operations")
        .tool(
            NamespaceFunctionTool::new("exec")
                .description("Runs a command")
                .strict(true)
                .allowed_callers(["direct"]),
        )
        .tool(CustomTool::new("note").description("A note"));
    let mut seen = Vec::new();
    let _ = Request::builder()
        .tool(namespace)
        .retain_tools(|tool| {
            seen.push(tool.clone());
            true
        })
        .build();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(matches!(&seen[0], Tool::Namespace(ns) if ns.name() == "ops"));
    let Tool::Function(exec) = &seen[1] else {
        panic!("{:?}", seen[1])
    };
    assert_eq!(exec.name(), "exec");
    assert_eq!(exec.get_description(), Some("Runs a command"));
    assert_eq!(exec.get_strict(), Some(true));
    assert_eq!(
        seen[2],
        Tool::Custom(CustomTool::new("note").description("A note"))
    );

    // A namespace refused whole goes with its tools, which are not shown.
    let mut seen = Vec::new();
    let forwarded = Request::builder()
        .tool(NamespaceTool::new("admin", "d").tool(NamespaceFunctionTool::new("exec")))
        .tool(Tool::function("status", "", Value::Null))
        .retain_tools(|tool| {
            seen.push(tool.tool_type().to_owned());
            !matches!(tool, Tool::Namespace(ns) if ns.name() == "admin")
        })
        .build();
    assert_eq!(seen, ["namespace", "function"]);
    assert_eq!(
        tools_of(&forwarded),
        json!([{"type": "function", "name": "status", "description": "", "parameters": null}])
    );
}

#[test]
fn a_function_is_stripped_from_a_namespace_held_raw_and_the_rest_kept_whole() {
    // A member not modelled on the namespace, and one on a member: the
    // namespace is held whole as raw JSON, yet its members are filtered.
    let received: Request = serde_json::from_value(json!({"tools": [
        {"type": "namespace", "name": "ops", "description": "Operations", "x-ns": 1, "tools": [
            {"type": "function", "name": "exec", "x-fn": true},
            {"type": "function", "name": "status", "x-fn": [null]}
        ]}
    ]}))
    .unwrap();
    assert!(matches!(received.tools(), Some([Tool::Unknown(_)])));
    let forwarded = received.into_builder().retain_tools(not_exec).build();
    assert_eq!(
        tools_of(&forwarded),
        json!([{"type": "namespace", "name": "ops", "description": "Operations", "x-ns": 1,
            "tools": [{"type": "function", "name": "status", "x-fn": [null]}]}])
    );

    // A typed namespace with one member held raw (a member not modelled).
    let received: Request = serde_json::from_value(json!({"tools": [
        {"type": "namespace", "name": "ops", "description": "Operations", "tools": [
            {"type": "function", "name": "exec", "x-fn": true},
            {"type": "function", "name": "status"}
        ]}
    ]}))
    .unwrap();
    let Some([Tool::Namespace(ns)]) = received.tools() else {
        panic!("{:?}", received.tools())
    };
    assert!(matches!(ns.get_tools(), [NamespaceMember::Unknown(_), _]));
    let forwarded = received.into_builder().retain_tools(not_exec).build();
    assert_eq!(
        tools_of(&forwarded),
        json!([{"type": "namespace", "name": "ops", "description": "Operations",
            "tools": [{"type": "function", "name": "status"}]}])
    );
}

#[test]
fn a_function_is_stripped_from_a_namespace_in_tools_set_through_extra() {
    let forwarded = Request::builder()
        .extra(
            "tools",
            json!([{"type": "namespace", "name": "ops", "description": "d", "tools": [
                {"type": "function", "name": "exec"},
                {"type": "custom", "name": "note"}
            ]}]),
        )
        .retain_tools(not_exec)
        .build();
    assert_eq!(
        tools_of(&forwarded),
        json!([{"type": "namespace", "name": "ops", "description": "d",
            "tools": [{"type": "custom", "name": "note"}]}])
    );
}

#[test]
fn a_function_is_stripped_from_a_namespace_an_additional_tools_item_adds() {
    let namespace = json!({"type": "namespace", "name": "ops", "description": "d", "tools": [
        {"type": "function", "name": "exec"},
        {"type": "function", "name": "status"}
    ]});
    let stripped = json!({"type": "namespace", "name": "ops", "description": "d",
        "tools": [{"type": "function", "name": "status"}]});
    let input = json!([
        {"type": "additional_tools", "role": "user", "tools": [namespace]},
        {"type": "additional_tools", "role": "user", "x-item": 1, "tools": [namespace]},
        {"type": "message", "role": "user", "content": "Hi"}
    ]);
    let kept = json!([
        {"type": "additional_tools", "role": "user", "tools": [stripped]},
        {"type": "additional_tools", "role": "user", "x-item": 1, "tools": [stripped]},
        {"type": "message", "role": "user", "content": "Hi"}
    ]);
    let received: Request = serde_json::from_value(json!({ "input": input })).unwrap();
    let forwarded = received.into_builder().retain_tools(not_exec).build();
    assert_eq!(serde_json::to_value(&forwarded).unwrap()["input"], kept);
    let raw = Request::builder()
        .extra("input", input)
        .retain_tools(not_exec)
        .build();
    assert_eq!(serde_json::to_value(&raw).unwrap()["input"], kept);
}

#[test]
fn a_namespace_the_filter_empties_is_removed_and_one_sent_empty_is_kept() {
    let only_status = |tool: &Tool| match tool {
        Tool::Function(f) => f.name() == "status",
        Tool::Namespace(_) => true,
        _ => false,
    };
    let tools = json!([
        {"type": "namespace", "name": "admin", "description": "d", "tools": [
            {"type": "function", "name": "exec"}, {"type": "custom", "name": "sql"}
        ]},
        {"type": "namespace", "name": "admin2", "description": "d", "x": 1, "tools": [
            {"type": "function", "name": "exec"}
        ]},
        {"type": "namespace", "name": "empty", "description": "d", "tools": []},
        {"type": "namespace", "name": "ops", "description": "d", "tools": [
            {"type": "function", "name": "exec"}, {"type": "function", "name": "status"}
        ]}
    ]);
    let kept = json!([
        {"type": "namespace", "name": "empty", "description": "d", "tools": []},
        {"type": "namespace", "name": "ops", "description": "d", "tools": [
            {"type": "function", "name": "status"}
        ]}
    ]);
    let received: Request = serde_json::from_value(json!({ "tools": tools })).unwrap();
    let forwarded = received.into_builder().retain_tools(only_status).build();
    assert_eq!(tools_of(&forwarded), kept);
    let raw = Request::builder()
        .extra("tools", tools)
        .retain_tools(only_status)
        .build();
    assert_eq!(tools_of(&raw), kept);
}

#[test]
fn a_server_tool_inside_a_namespace_is_shown_typed_and_stripped() {
    // Not a member the spec lists, but a server that takes it must not get
    // it from a relay that strips the tool.
    let received: Request = serde_json::from_value(json!({"tools": [
        {"type": "namespace", "name": "ops", "description": "d", "tools": [
            {"type": "openrouter:bash", "parameters": {}},
            {"type": "function", "name": "status"}
        ]}
    ]}))
    .unwrap();
    let forwarded = received
        .into_builder()
        .retain_tools(|tool| !matches!(tool, Tool::OpenRouterBash(_)))
        .build();
    assert_eq!(
        tools_of(&forwarded),
        json!([{"type": "namespace", "name": "ops", "description": "d",
            "tools": [{"type": "function", "name": "status"}]}])
    );
}

fn choice_after(body: Value, keep: impl FnMut(&Tool) -> bool) -> Value {
    let received: Request = serde_json::from_value(body).unwrap();
    let forwarded = received.into_builder().retain_tools(keep).build();
    serde_json::to_value(&forwarded).unwrap()["tool_choice"].clone()
}

#[test]
fn a_forced_function_the_filter_removed_becomes_none_wherever_it_was() {
    // At the top level, in a namespace (typed, or raw through a member not
    // modelled) and in an `additional_tools` item.
    let places = [
        json!({"tools": [{"type": "function", "name": "exec"},
                         {"type": "function", "name": "status"}]}),
        json!({"tools": [{"type": "namespace", "name": "ops", "description": "d", "tools": [
            {"type": "function", "name": "exec"}, {"type": "function", "name": "status"}]}]}),
        json!({"tools": [{"type": "namespace", "name": "ops", "description": "d", "x": 1,
            "tools": [{"type": "function", "name": "exec"}]}]}),
        json!({"input": [{"type": "additional_tools", "role": "user", "tools": [
            {"type": "function", "name": "exec"}]}]}),
    ];
    for place in places {
        let mut body = place.clone();
        body["tool_choice"] = json!({"type": "function", "name": "exec"});
        assert_eq!(choice_after(body.clone(), not_exec), "none", "{place}");
        // Through `extra` too.
        let mut request = Request::builder();
        for (key, value) in body.as_object().unwrap() {
            request = request.extra(key.clone(), value.clone());
        }
        let forwarded = request.retain_tools(not_exec).build();
        assert_eq!(forwarded.extra()["tool_choice"], "none", "{place}");
        // A function kept is still forced.
        body["tool_choice"] = json!({"type": "function", "name": "status"});
        assert_eq!(
            choice_after(body, not_exec),
            json!({"type": "function", "name": "status"}),
            "{place}"
        );
    }
}

#[test]
fn a_forced_choice_stays_while_a_tool_of_its_name_is_kept() {
    // `exec` in the namespace is refused, `exec` at the top level kept.
    let body = json!({
        "tools": [
            {"type": "function", "name": "exec"},
            {"type": "namespace", "name": "admin", "description": "d", "tools": [
                {"type": "function", "name": "exec"}]}
        ],
        "tool_choice": {"type": "function", "name": "exec"}
    });
    let no_admin = |tool: &Tool| !matches!(tool, Tool::Namespace(n) if n.name() == "admin");
    assert_eq!(
        choice_after(body, no_admin),
        json!({"type": "function", "name": "exec"})
    );
}

#[test]
fn allowed_tools_lose_the_entries_the_filter_removed_and_none_is_left_when_all_go() {
    let tools = json!([
        {"type": "function", "name": "exec"},
        {"type": "custom", "name": "sql"},
        {"type": "function", "name": "status"},
        {"type": "mcp", "server_label": "files"},
        {"type": "web_search_preview"}
    ]);
    let choice = json!({"type": "allowed_tools", "mode": "required", "tools": [
        {"type": "function", "name": "exec"},
        {"type": "custom", "name": "sql"},
        {"type": "mcp", "server_label": "files", "name": "read"},
        {"type": "web_search_preview"},
        {"type": "function", "name": "status"},
        {"type": "function", "name": "never_sent"}
    ]});
    let only_status = |tool: &Tool| matches!(tool, Tool::Function(f) if f.name() == "status");
    assert_eq!(
        choice_after(json!({"tools": tools, "tool_choice": choice}), only_status),
        json!({"type": "allowed_tools", "mode": "required", "tools": [
            {"type": "function", "name": "status"},
            {"type": "function", "name": "never_sent"}
        ]})
    );
    let nothing = |_: &Tool| false;
    let small = json!({"type": "allowed_tools", "mode": "auto", "tools": [
        {"type": "function", "name": "exec"}, {"type": "web_search_preview"}]});
    assert_eq!(
        choice_after(json!({"tools": tools, "tool_choice": small}), nothing),
        "none"
    );
    // A forced hosted tool of a kind removed.
    assert_eq!(
        choice_after(
            json!({"tools": tools, "tool_choice": {"type": "web_search_preview"}}),
            nothing
        ),
        "none"
    );
    // Choices naming no tool stay (`"required"` while a tool is left: see
    // below).
    for kept in [json!("auto"), json!({"type": "shell"})] {
        assert_eq!(
            choice_after(json!({"tools": tools, "tool_choice": kept}), nothing),
            kept
        );
    }
}

#[test]
fn a_choice_naming_a_namespaced_tool_of_a_refused_namespace_becomes_none() {
    let body = json!({
        "tools": [{"type": "namespace", "name": "admin", "description": "d", "tools": [
            {"type": "custom", "name": "sql"}]}],
        "tool_choice": {"type": "allowed_tools", "mode": "auto", "tools": [
            {"type": "custom", "name": "sql"}]}
    });
    let no_namespace = |tool: &Tool| !matches!(tool, Tool::Namespace(_));
    assert_eq!(choice_after(body, no_namespace), "none");
}

#[test]
fn a_required_choice_becomes_none_when_the_filter_leaves_no_tool() {
    let nothing = |_: &Tool| false;
    // Tools everywhere a request defines them, typed and raw.
    let places = [
        json!({"tools": [{"type": "function", "name": "exec"}, {"type": "web_search_preview"}]}),
        json!({"tools": [{"type": "namespace", "name": "ops", "description": "d", "x": 1,
            "tools": [{"type": "function", "name": "exec"}]}]}),
        json!({"input": [{"type": "additional_tools", "role": "user", "tools": [
            {"type": "function", "name": "exec"}]}]}),
    ];
    for place in places {
        let mut body = place.clone();
        body["tool_choice"] = json!("required");
        assert_eq!(choice_after(body.clone(), nothing), "none", "{place}");
        let typed: Request = serde_json::from_value(body.clone()).unwrap();
        let forwarded = typed.into_builder().retain_tools(nothing).build();
        assert_eq!(forwarded.tool_choice(), Some(&ToolChoice::None), "{place}");
        // Through `extra` too.
        let mut request = Request::builder();
        for (key, value) in body.as_object().unwrap() {
            request = request.extra(key.clone(), value.clone());
        }
        let forwarded = request.retain_tools(nothing).build();
        assert_eq!(forwarded.extra()["tool_choice"], "none", "{place}");
        // While one tool is left, a call can still be required.
        assert_eq!(choice_after(body, |_| true), "required", "{place}");
    }
    // One tool kept, another refused: still required.
    let body = json!({"tools": [{"type": "function", "name": "exec"},
                                {"type": "function", "name": "status"}],
                      "tool_choice": "required"});
    assert_eq!(choice_after(body, not_exec), "required");
    // A request that came without tools is the caller's: nothing was removed.
    assert_eq!(
        choice_after(json!({"tools": [], "tool_choice": "required"}), nothing),
        "required"
    );
    // `"auto"` with no tool left stays: it asks for no call.
    assert_eq!(
        choice_after(
            json!({"tools": [{"type": "function", "name": "exec"}], "tool_choice": "auto"}),
            nothing
        ),
        "auto"
    );
}

#[test]
fn a_kept_tool_without_its_name_is_a_tool_left_and_one_refused_a_tool_gone() {
    // A function without `name` or an `mcp` tool without `server_label`
    // (which the server may refuse) kept: a call can still be required.
    for nameless in [
        json!({"type": "function", "parameters": {}}),
        json!({"type": "custom"}),
        json!({"type": "mcp", "server_url": "https://mcp.example"}),
    ] {
        let body = json!({"tools": [{"type": "function", "name": "exec"}, nameless],
                          "tool_choice": "required"});
        assert_eq!(choice_after(body, not_exec), "required", "{nameless}");
        // Refused, it was the last tool: nothing is left to call.
        let body = json!({"tools": [nameless], "tool_choice": "required"});
        assert_eq!(choice_after(body, |_| false), "none", "{nameless}");
    }
}
