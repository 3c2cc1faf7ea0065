//! `RequestBuilder::retain_tools` and the tools grouped in a `namespace`:
//! a filter that strips a function by name strips it inside a namespace
//! too, whether the namespace is typed, held raw, set through `extra` or
//! added by an `additional_tools` input item.

use openrouter_responses::request::{
    CustomTool, NamespaceFunctionTool, NamespaceMember, NamespaceTool, Tool,
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
