//! A policy byte, then a request as JSON: `RequestBuilder::retain_tools`
//! with a predicate that refuses some tool types and some names (of
//! functions, custom tools and namespaces) leaves none it refused anywhere
//! a tool is defined (`tools`, an `additional_tools` input item, the tools
//! of a namespace, at any depth), and changes nothing else: the request
//! written equals the one written before the filter with the same policy
//! applied to its JSON (a namespace the filter empties removed, one that
//! came empty kept; `tool_choice`, which follows what was removed, left
//! out). The same for `tools` and `input` set through `extra`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openrouter_responses::request::Tool;
use openrouter_responses::Request;
use serde_json::Value;

fuzz_target!(|input: &[u8]| {
    let Some((&policy, json)) = input.split_first() else {
        return;
    };
    let Ok(value) = serde_json::from_slice::<Value>(json) else {
        return;
    };
    if let Ok(request) = serde_json::from_value::<Request>(value.clone()) {
        check(policy, request);
    }
    let mut raw = Request::builder();
    for key in ["tools", "input"] {
        if let Some(member) = value.get(key) {
            raw = raw.extra(key, member.clone());
        }
    }
    check(policy, raw.build());
});

fn check(policy: u8, request: Request) {
    let before = serde_json::to_value(&request).expect("a request encodes");
    let after = request
        .into_builder()
        .retain_tools(|tool| !refused(policy, tool.tool_type(), shown_name(tool)))
        .build();
    let mut after = serde_json::to_value(&after).expect("a filtered request encodes");
    // A `tool_choice` naming a tool removed is changed too (not modelled
    // here): left out of the comparison.
    let mut before = before;
    for request in [&mut before, &mut after] {
        if let Value::Object(members) = request {
            members.remove("tool_choice");
        }
    }
    each_tool(&after, &mut |tool| {
        let (kind, name) = json_view(tool);
        assert!(
            !refused(policy, kind, name),
            "a refused tool was kept (policy {policy}): {tool} in {after}"
        );
    });
    let mut expected = before;
    filter_request(policy, &mut expected);
    assert_eq!(after, expected, "the filter changed more than it refused");
}

/// The kinds of tool whose name the policy looks at.
const NAMED: [&str; 3] = ["function", "custom", "namespace"];

/// The name the predicate reads from a tool as it is shown.
fn shown_name(tool: &Tool) -> Option<&str> {
    match tool {
        Tool::Function(f) => Some(f.name()),
        Tool::Custom(c) => Some(c.name()),
        Tool::Namespace(n) => Some(n.name()),
        Tool::Unknown(v) if NAMED.contains(&tool.tool_type()) => v.get("name")?.as_str(),
        _ => None,
    }
}

/// A tool's type and name as its JSON has them.
fn json_view(tool: &Value) -> (&str, Option<&str>) {
    let kind = tool.get("type").and_then(Value::as_str).unwrap_or_default();
    let name = NAMED
        .contains(&kind)
        .then(|| tool.get("name").and_then(Value::as_str))
        .flatten();
    (kind, name)
}

/// Whether the policy refuses a tool: a quarter of the types and half of
/// the names, which ones chosen by the policy byte.
fn refused(policy: u8, kind: &str, name: Option<&str>) -> bool {
    (hash(kind) ^ u64::from(policy >> 1)) % 4 == 0
        || name.is_some_and(|name| (hash(name) ^ u64::from(policy)) % 2 == 1)
}

fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Calls `f` on every tool defined in a written request.
fn each_tool(request: &Value, f: &mut impl FnMut(&Value)) {
    fn list(tools: Option<&Value>, f: &mut impl FnMut(&Value)) {
        for tool in tools.and_then(Value::as_array).into_iter().flatten() {
            f(tool);
            if json_view(tool).0 == "namespace" {
                list(tool.get("tools"), f);
            }
        }
    }
    list(request.get("tools"), f);
    for item in added_tools_items(request) {
        list(item.get("tools"), f);
    }
}

fn added_tools_items(request: &Value) -> impl Iterator<Item = &Value> {
    request
        .get("input")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|item| item.get("type").and_then(Value::as_str) == Some("additional_tools"))
}

/// The policy applied to a written request's JSON.
fn filter_request(policy: u8, request: &mut Value) {
    if let Some(Value::Array(tools)) = request.get_mut("tools") {
        filter_list(policy, tools);
    }
    if let Some(Value::Array(items)) = request.get_mut("input") {
        for item in items {
            if item.get("type").and_then(Value::as_str) != Some("additional_tools") {
                continue;
            }
            if let Some(Value::Array(tools)) = item.get_mut("tools") {
                filter_list(policy, tools);
            }
        }
    }
}

fn filter_list(policy: u8, tools: &mut Vec<Value>) {
    tools.retain_mut(|tool| {
        let (kind, name) = json_view(tool);
        if refused(policy, kind, name) {
            return false;
        }
        if kind != "namespace" {
            return true;
        }
        match tool.get_mut("tools") {
            Some(Value::Array(members)) if !members.is_empty() => {
                filter_list(policy, members);
                !members.is_empty()
            }
            _ => true,
        }
    });
}
