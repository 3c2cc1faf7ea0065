//! The agent, MCP and compaction input items: what their builders write, and
//! that such items read from JSON decode to their typed variants and write
//! back unchanged (or stay raw when they do not fit their schema).

use openrouter_responses::request::{
    AdditionalTools, AgentContent, AgentMessage, Compaction, ConfigurationUpdate,
    ContextCompaction, InputImage, InputText, LocalShellAction, LocalShellCall,
    LocalShellCallOutput, McpApprovalRequest, McpCall, McpCallError, McpListTools, McpToolInfo,
    ReasoningEffort, Role, ToolCallStatus,
};
use openrouter_responses::{InputItem, Request, Tool};
use serde_json::{json, Value};

fn built() -> Vec<InputItem> {
    vec![
        LocalShellCall::new(
            "lsc_1",
            "call_1",
            LocalShellAction::exec(["ls", "-la"])
                .env("PATH", "/usr/bin")
                .env("HOME", "/home/me")
                .timeout_ms(5000)
                .user("me")
                .working_directory("/tmp"),
            ToolCallStatus::Completed,
        )
        .into(),
        LocalShellCallOutput::new("lsc_1", "total 0\n")
            .status(ToolCallStatus::Completed)
            .into(),
        McpApprovalRequest::new("mcpr_1", "docs", "delete_page", r#"{"page":7}"#).into(),
        McpCall::new("mcp_1", "docs", "read_page", r#"{"page":7}"#)
            .output("Page 7")
            .into(),
        McpCall::new("mcp_2", "docs", "read_page", "{}")
            .error("no page")
            .into(),
        McpCall::new("mcp_3", "docs", "read_page", "{}")
            .error(McpCallError::Protocol {
                code: -32601,
                message: "Method not found".into(),
            })
            .into(),
        McpCall::new("mcp_4", "docs", "read_page", "{}")
            .error(McpCallError::Http {
                code: 503,
                message: "Service Unavailable".into(),
            })
            .into(),
        McpCall::new("mcp_5", "docs", "read_page", "{}")
            .error(McpCallError::Execution {
                content: Some(json!([{"type": "text", "text": "disk full"}])),
            })
            .into(),
        McpCall::new("mcp_6", "docs", "read_page", "{}")
            .error(McpCallError::Execution { content: None })
            .into(),
        McpListTools::new(
            "mcpl_1",
            "docs",
            [
                McpToolInfo::new("read_page", json!({"type": "object"}))
                    .description("Reads a page")
                    .annotations(json!({"readOnlyHint": true})),
                McpToolInfo::new("delete_page", json!({"type": "object"})),
            ],
        )
        .into(),
        McpListTools::new("mcpl_2", "broken", [])
            .error("unreachable")
            .into(),
        AgentMessage::new(
            "planner",
            "coder",
            [
                AgentContent::from(InputText::new("Write the tests.")),
                AgentContent::from(InputImage::new("https://example.com/plan.png")),
                AgentContent::Encrypted {
                    encrypted_content: "gAAAA".into(),
                },
            ],
        )
        .id("am_1")
        .agent("planner")
        .into(),
        AdditionalTools::new(
            Role::Developer,
            [Tool::function(
                "get_weather",
                "Current weather",
                json!({"type": "object"}),
            )],
        )
        .id("at_1")
        .into(),
        AdditionalTools::new("tool", [Tool::function("f", "", json!({"type": "object"}))]).into(),
        Compaction::new("gAAAAsummary").id("cmp_1").into(),
        ContextCompaction::new().into(),
        ContextCompaction::new()
            .encrypted_content("gAAAActx")
            .id("ctx_1")
            .into(),
        ConfigurationUpdate::new(ReasoningEffort::Low).into(),
        ConfigurationUpdate::new("turbo").id("cu_1").into(),
    ]
}

fn wire() -> Value {
    json!([
        {"type": "local_shell_call", "id": "lsc_1", "call_id": "call_1",
         "action": {"type": "exec", "command": ["ls", "-la"], "env": {"HOME": "/home/me", "PATH": "/usr/bin"},
                    "timeout_ms": 5000, "user": "me", "working_directory": "/tmp"},
         "status": "completed"},
        {"type": "local_shell_call_output", "id": "lsc_1", "output": "total 0\n", "status": "completed"},
        {"type": "mcp_approval_request", "id": "mcpr_1", "server_label": "docs", "name": "delete_page",
         "arguments": "{\"page\":7}"},
        {"type": "mcp_call", "id": "mcp_1", "server_label": "docs", "name": "read_page",
         "arguments": "{\"page\":7}", "output": "Page 7"},
        {"type": "mcp_call", "id": "mcp_2", "server_label": "docs", "name": "read_page",
         "arguments": "{}", "error": "no page"},
        {"type": "mcp_call", "id": "mcp_3", "server_label": "docs", "name": "read_page",
         "arguments": "{}", "error": {"type": "mcp_protocol_error", "code": -32601, "message": "Method not found"}},
        {"type": "mcp_call", "id": "mcp_4", "server_label": "docs", "name": "read_page",
         "arguments": "{}", "error": {"type": "http_error", "code": 503, "message": "Service Unavailable"}},
        {"type": "mcp_call", "id": "mcp_5", "server_label": "docs", "name": "read_page",
         "arguments": "{}", "error": {"type": "mcp_tool_execution_error",
                                      "content": [{"type": "text", "text": "disk full"}]}},
        {"type": "mcp_call", "id": "mcp_6", "server_label": "docs", "name": "read_page",
         "arguments": "{}", "error": {"type": "mcp_tool_execution_error"}},
        {"type": "mcp_list_tools", "id": "mcpl_1", "server_label": "docs", "tools": [
            {"name": "read_page", "input_schema": {"type": "object"}, "description": "Reads a page",
             "annotations": {"readOnlyHint": true}},
            {"name": "delete_page", "input_schema": {"type": "object"}}]},
        {"type": "mcp_list_tools", "id": "mcpl_2", "server_label": "broken", "tools": [], "error": "unreachable"},
        {"type": "agent_message", "author": "planner", "recipient": "coder", "content": [
            {"type": "input_text", "text": "Write the tests."},
            {"type": "input_image", "image_url": "https://example.com/plan.png", "detail": "auto"},
            {"type": "encrypted_content", "encrypted_content": "gAAAA"}],
         "id": "am_1", "agent": {"agent_name": "planner"}},
        {"type": "additional_tools", "role": "developer", "id": "at_1", "tools": [
            {"type": "function", "name": "get_weather", "description": "Current weather",
             "parameters": {"type": "object"}}]},
        {"type": "additional_tools", "role": "tool", "tools": [
            {"type": "function", "name": "f", "description": "", "parameters": {"type": "object"}}]},
        {"type": "compaction", "encrypted_content": "gAAAAsummary", "id": "cmp_1"},
        {"type": "context_compaction"},
        {"type": "context_compaction", "encrypted_content": "gAAAActx", "id": "ctx_1"},
        {"type": "configuration_update", "reasoning": {"effort": "low"}},
        {"type": "configuration_update", "reasoning": {"effort": "turbo"}, "id": "cu_1"},
    ])
}

fn kind(item: &InputItem) -> &'static str {
    match item {
        InputItem::LocalShellCall(_) => "local_shell_call",
        InputItem::LocalShellCallOutput(_) => "local_shell_call_output",
        InputItem::McpApprovalRequest(_) => "mcp_approval_request",
        InputItem::McpCall(_) => "mcp_call",
        InputItem::McpListTools(_) => "mcp_list_tools",
        InputItem::AgentMessage(_) => "agent_message",
        InputItem::AdditionalTools(_) => "additional_tools",
        InputItem::Compaction(_) => "compaction",
        InputItem::ContextCompaction(_) => "context_compaction",
        InputItem::ConfigurationUpdate(_) => "configuration_update",
        InputItem::Unknown(_) => "raw",
        _ => "other",
    }
}

#[test]
fn builders_write_the_spec_shapes() {
    let request = Request::builder().model("m").input_items(built()).build();
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(body["input"], wire());
}

#[test]
fn json_items_decode_typed_and_write_back_unchanged() {
    let Value::Array(items) = wire() else {
        unreachable!()
    };
    for raw in items {
        let item: InputItem = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(kind(&item), raw["type"].as_str().unwrap(), "{raw}");
        assert_eq!(serde_json::to_value(&item).unwrap(), raw);
    }
    // The builders and the decoder agree value for value.
    let decoded: Vec<InputItem> = serde_json::from_value(wire()).unwrap();
    assert_eq!(decoded, built());
}

#[test]
fn items_that_do_not_fit_their_schema_stay_raw() {
    for raw in [
        json!({"type": "local_shell_call", "id": "x", "call_id": "c", "status": "completed"}),
        json!({"type": "local_shell_call", "id": "x", "call_id": "c", "status": "completed",
               "action": {"type": "spawn", "command": ["ls"], "env": {}}}),
        json!({"type": "local_shell_call", "id": "x", "call_id": "c", "status": "completed",
               "action": {"type": "exec", "command": "ls", "env": {}}}),
        json!({"type": "local_shell_call_output", "id": "x"}),
        json!({"type": "mcp_approval_request", "id": "x", "server_label": "s", "name": "n"}),
        json!({"type": "mcp_call", "id": "x", "server_label": "s", "name": "n", "arguments": {"a": 1}}),
        json!({"type": "mcp_list_tools", "id": "x", "server_label": "s", "tools": [{"name": "t"}]}),
        json!({"type": "agent_message", "author": "a", "content": []}),
        json!({"type": "additional_tools", "tools": []}),
        json!({"type": "compaction", "id": "x"}),
        json!({"type": "context_compaction", "encrypted_content": 7}),
        json!({"type": "configuration_update"}),
        json!({"type": "configuration_update", "reasoning": {}}),
        json!({"type": "configuration_update", "reasoning": {"effort": 3}}),
        json!({"type": "configuration_update", "reasoning": {"effort": "low", "summary": "auto"}}),
        json!({"type": "configuration_update", "reasoning": {"effort": "low"}, "x": 1}),
    ] {
        let item: InputItem = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(item, InputItem::Unknown(raw.clone()), "{raw}");
        assert_eq!(serde_json::to_value(&item).unwrap(), raw);
    }
}

#[test]
fn unknown_agent_content_parts_are_kept() {
    let raw = json!({"type": "agent_message", "author": "a", "recipient": "b", "content": [
        {"type": "input_hologram", "beam": 3}, {"type": "input_text", "text": "hi"}]});
    let item: InputItem = serde_json::from_value(raw.clone()).unwrap();
    let InputItem::AgentMessage(message) = &item else {
        panic!("typed: {item:?}");
    };
    assert!(matches!(message.content()[0], AgentContent::Unknown(_)));
    assert!(matches!(message.content()[1], AgentContent::Text(_)));
    assert_eq!(serde_json::to_value(&item).unwrap(), raw);
}

#[test]
fn accessors_read_what_was_built() {
    let action = LocalShellAction::exec(["echo", "hi"]).env("A", "1");
    assert_eq!(action.command(), ["echo", "hi"]);
    assert_eq!(action.get_env().get("A").map(String::as_str), Some("1"));
    let call = LocalShellCall::new("i", "c", action.clone(), "in_progress");
    assert_eq!(call.call_id(), "c");
    assert_eq!(call.action(), &action);
    let list = McpListTools::new("l", "s", [McpToolInfo::new("t", json!({}))]);
    assert_eq!(list.tools()[0].name(), "t");
    let tools = AdditionalTools::new(Role::User, [Tool::function("f", "", json!({}))]);
    assert_eq!(tools.tools().len(), 1);
}

/// The answer to a `shell_call` of the `shell` tool, built from the call:
/// one output per command, written as the spec's `ShellCallOutputItem`
/// (the shape of its example), and read back as the same item.
#[test]
fn a_shell_call_is_answered_with_its_output() {
    use openrouter_responses::response::{ShellCallOutput, ShellOutput};
    use openrouter_responses::{OutputItem, Response};

    let response: Response = serde_json::from_value(json!({"id": "resp_1", "status": "completed",
        "output": [{"type": "shell_call", "id": "sh_1", "call_id": "call-abc123", "status": "completed",
                    "action": {"commands": ["ls", "sleep 99"], "max_output_length": null, "timeout_ms": 1000}}]}))
    .unwrap();
    let OutputItem::ShellCall(call) = &response.output[0] else {
        panic!("{:?}", response.output[0]);
    };
    let commands = &call.action.as_ref().unwrap().commands;
    let outputs = commands.iter().map(|command| match command.as_str() {
        "ls" => ShellOutput::exit("total 0\n", "", 0),
        _ => ShellOutput::timeout("", "still sleeping"),
    });
    let item = InputItem::from(ShellCallOutput::new(&call.call_id, outputs));
    let written = serde_json::to_value(&item).unwrap();
    assert_eq!(
        written,
        json!({"type": "shell_call_output", "call_id": "call-abc123", "output": [
            {"outcome": {"exit_code": 0, "type": "exit"}, "stderr": "", "stdout": "total 0\n"},
            {"outcome": {"type": "timeout"}, "stderr": "still sleeping", "stdout": ""}]})
    );
    assert_eq!(InputItem::from_value(written.clone()), item);
    assert_eq!(item.item_type(), "shell_call_output");
}

/// Encrypted content (an agent part, a compaction, reasoning sent back)
/// prints in a bounded size: past 1000 characters, its first 1000 and its
/// length, in `{:?}` and `{:#?}`; shorter, as it is.
#[test]
fn debug_of_encrypted_content_is_bounded() {
    use openrouter_responses::response::ReasoningItem;

    let long = "gAAAAABo".repeat(150_000);
    let marker = format!("… ({} bytes in all)", long.len());
    let shown = |content: &str| -> Vec<(String, String)> {
        let part = AgentContent::Encrypted {
            encrypted_content: content.to_owned(),
        };
        let items: Vec<InputItem> = serde_json::from_value(json!([
            {"type": "compaction", "encrypted_content": content},
            {"type": "context_compaction", "encrypted_content": content},
        ]))
        .unwrap();
        let reasoning = ReasoningItem::new("rs_1").encrypted_content(content);
        [
            format!("{part:?}"),
            format!("{:?}", items[0]),
            format!("{:?}", items[1]),
            format!("{reasoning:?}"),
        ]
        .into_iter()
        .zip([
            format!("{part:#?}"),
            format!("{:#?}", items[0]),
            format!("{:#?}", items[1]),
            format!("{reasoning:#?}"),
        ])
        .collect()
    };
    for (plain, alternate) in shown(&long) {
        for s in [plain, alternate] {
            assert!(s.len() < 3_000, "{} bytes", s.len());
            assert_eq!(s.matches(&marker).count(), 1, "{s:.2000}");
        }
    }
    let short = shown("gAAAAABo");
    assert_eq!(short[0].0, r#"Encrypted { encrypted_content: "gAAAAABo" }"#);
    assert!(
        short[1]
            .0
            .contains(r#"Compaction(Compaction { encrypted_content: "gAAAAABo", id: None })"#),
        "{}",
        short[1].0
    );
    assert!(
        short[2]
            .0
            .contains(r#"encrypted_content: Some("gAAAAABo")"#),
        "{}",
        short[2].0
    );
    assert!(
        short[3]
            .0
            .contains(r#"encrypted_content: Some("gAAAAABo")"#),
        "{}",
        short[3].0
    );
}

#[test]
fn long_agent_parts_keep_their_strings_typed_or_raw() {
    let long = "gAAAA".repeat(4000);
    let url = format!("data:image/png;base64,{long}");
    let cases = [
        (
            json!({"type": "input_text", "text": long}),
            AgentContent::Text(InputText::new(long.as_str())),
        ),
        (
            json!({"type": "input_image", "image_url": url, "detail": "high"}),
            AgentContent::Image(InputImage::new(url.as_str()).detail("high")),
        ),
        (
            json!({"type": "encrypted_content", "encrypted_content": long}),
            AgentContent::Encrypted {
                encrypted_content: long.clone(),
            },
        ),
    ];
    for (part, typed) in cases {
        let item = |part: &Value| {
            json!({"type": "agent_message", "author": "a", "recipient": "b",
                   "content": [part, {"type": "input_text", "text": "hi"}]})
        };
        // Typed: the long string is the part's.
        let raw = item(&part);
        let read: InputItem = serde_json::from_value(raw.clone()).unwrap();
        let InputItem::AgentMessage(message) = &read else {
            panic!("not an agent message: {read:?}");
        };
        assert_eq!(message.content()[0], typed);
        assert_eq!(serde_json::to_value(&read).unwrap(), raw);
        // With a member its type does not model: kept raw, the long string
        // in it.
        let mut odd = part.clone();
        odd["beam"] = json!(3);
        let raw = item(&odd);
        let read: InputItem = serde_json::from_value(raw.clone()).unwrap();
        let InputItem::AgentMessage(message) = &read else {
            panic!("not an agent message: {read:?}");
        };
        assert_eq!(message.content()[0], AgentContent::Unknown(odd));
        assert_eq!(serde_json::to_value(&read).unwrap(), raw);
        // Alone, read by its own decoder: the same.
        assert_eq!(serde_json::from_value::<AgentContent>(part).unwrap(), typed);
    }
}

#[test]
fn configuration_update_reads_its_effort() {
    let raw = json!({"type": "configuration_update", "id": null,
        "reasoning": {"effort": "xhigh"}});
    let item: InputItem = serde_json::from_value(raw).unwrap();
    let InputItem::ConfigurationUpdate(update) = &item else {
        panic!("{item:?}")
    };
    assert_eq!(
        (update.effort(), update.get_id()),
        (&ReasoningEffort::Xhigh, None)
    );
    assert_eq!(item.item_type(), "configuration_update");
    let update = ConfigurationUpdate::new(ReasoningEffort::None).id("cu_9");
    assert_eq!(
        (update.effort(), update.get_id()),
        (&ReasoningEffort::None, Some("cu_9"))
    );
}

#[test]
fn mcp_call_errors_are_typed_by_form_and_odd_ones_kept() {
    let call = |error: Value| {
        let raw = json!({"type": "mcp_call", "id": "m", "server_label": "s", "name": "n",
            "arguments": "{}", "error": error});
        let item: InputItem = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(serde_json::to_value(&item).unwrap(), raw);
        let InputItem::McpCall(call) = item else {
            panic!("{item:?}")
        };
        call
    };
    let plain = call(json!("boom"));
    assert_eq!(plain.get_error(), Some("boom"));
    assert_eq!(
        plain.get_error_detail(),
        Some(&McpCallError::Message("boom".into()))
    );
    let http = call(json!({"type": "http_error", "code": 404, "message": "Not Found"}));
    assert_eq!(http.get_error(), Some("Not Found"));
    assert_eq!(
        http.get_error_detail().and_then(McpCallError::error_type),
        Some("http_error")
    );
    let ran = call(json!({"type": "mcp_tool_execution_error", "content": null}));
    assert_eq!(ran.get_error(), None);
    assert_eq!(
        ran.get_error_detail(),
        Some(&McpCallError::Execution {
            content: Some(Value::Null)
        })
    );
    // Forms not known, known ones with a member not modelled or of another
    // type: the call is typed, its error kept whole.
    for odd in [
        json!({"type": "timeout_error", "after_ms": 3000}),
        json!({"type": "http_error", "code": 404, "message": "Not Found", "url": "u"}),
        json!({"type": "http_error", "code": "404", "message": "Not Found"}),
        json!({"type": "mcp_protocol_error", "code": 1.5, "message": "m"}),
        json!({"type": "mcp_protocol_error", "message": "m"}),
        json!({"type": "mcp_tool_execution_error", "content": "c", "is_error": true}),
        json!({"message": "no type"}),
        json!(["a"]),
        json!(7),
    ] {
        let kept = call(odd.clone());
        assert_eq!(
            kept.get_error_detail(),
            Some(&McpCallError::Unknown(odd.clone())),
            "{odd}"
        );
    }
    assert_eq!(call(json!({"type": "x"})).get_error(), None);
    assert_eq!(
        McpCallError::from_value(json!({"type": "x"})).error_type(),
        Some("x")
    );
    // `null` reads as no error, as before.
    assert_eq!(call_without_error().get_error_detail(), None);
}

fn call_without_error() -> McpCall {
    let raw = json!({"type": "mcp_call", "id": "m", "server_label": "s", "name": "n",
        "arguments": "{}", "error": null});
    match serde_json::from_value::<InputItem>(raw).unwrap() {
        InputItem::McpCall(call) => call,
        item => panic!("{item:?}"),
    }
}
