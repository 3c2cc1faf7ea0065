//! The `input` field: plain text or a list of items.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::agent_items::{
    AdditionalTools, AgentContent, AgentMessage, Compaction, ConfigurationUpdate,
    ContextCompaction, LocalShellCall, LocalShellCallOutput, McpApprovalRequest, McpCall,
    McpListTools,
};
use super::misc::PromptCacheBreakpoint;
use super::{keeps_all_but, kept, tag, Tool};
use crate::error::Abridged;
use crate::response::{
    FunctionCall, ItemStatus, MessagePhase, OutputItem, OutputMessage, ReasoningItem,
    ReasoningSummary, ShellCallOutput, SummaryText,
};

/// `input`: the conversation sent to the model (the spec's `Inputs`).
///
/// Either a plain string (one user turn) or a list of [`InputItem`]s.
/// `From<&str>`, `From<String>`, `From<&String>` and `From<Vec<InputItem>>`
/// make `builder.input("hi")`, `builder.input(&line)` and
/// `builder.input(vec![...])` work.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Input {
    /// A plain string, sent as a JSON string.
    Text(String),
    /// A list of items, sent as a JSON array.
    Items(Vec<InputItem>),
}

// Read by the shape of the JSON rather than derived: an untagged derive
// buffers the whole value (an inline attachment included) and reads each
// variant from that copy. What is accepted, and the error for anything
// else, are the derive's.
impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(TextOrList::new())? {
            Some(Ok(text)) => Ok(Input::Text(text)),
            Some(Err(items)) => Ok(Input::Items(items)),
            None => Err(no_variant::<D>("Input")),
        }
    }
}

impl From<&str> for Input {
    fn from(s: &str) -> Self {
        Input::Text(s.to_owned())
    }
}

impl From<String> for Input {
    fn from(s: String) -> Self {
        Input::Text(s)
    }
}

impl From<&String> for Input {
    fn from(s: &String) -> Self {
        Input::Text(s.clone())
    }
}

impl From<Vec<InputItem>> for Input {
    fn from(items: Vec<InputItem>) -> Self {
        Input::Items(items)
    }
}

impl From<InputItem> for Input {
    fn from(item: InputItem) -> Self {
        Input::Items(vec![item])
    }
}

/// Wire `type` values of output items that can be echoed back as input; items
/// with these types (or a type starting with `openrouter:`) decode as
/// [`InputItem::Output`].
const OUTPUT_ITEM_TYPES: &[&str] = &[
    "message",
    "reasoning",
    "function_call",
    "custom_tool_call",
    "web_search_call",
    "file_search_call",
    "image_generation_call",
    "code_interpreter_call",
    "computer_call",
    "apply_patch_call",
    "shell_call",
    "shell_call_output",
];

/// One element of the `input` array.
///
/// Serialization writes each item with its `type` (`"message"` for
/// messages). Decoding is structural, because several schemas share
/// `type: "message"` and messages may omit `type`:
///
/// - a message (`type` `"message"` or absent, with a `role`) whose role is
///   `user`, `system` or `developer`, or `assistant` without an `id` (or
///   with `""`), with a string or `null` `content` or with an `input_*`
///   content part, is a [`Message`](Self::Message);
/// - an `assistant` message with an `id` (not `""`, which an
///   [`OutputMessage`] does not write) and content parts, none of them an
///   `input_*` part (or no `content`), and the output item types (`reasoning`, `function_call`,
///   `web_search_call`, `openrouter:*`, ...), are [`Output`](Self::Output)
///   items;
/// - `function_call_output`, `custom_tool_call_output`,
///   `apply_patch_call_output`, `mcp_approval_response`, `item_reference`,
///   `local_shell_call`, `local_shell_call_output`, `mcp_approval_request`,
///   `mcp_call`, `mcp_list_tools`, `agent_message`, `additional_tools`,
///   `compaction`, `context_compaction` and `configuration_update` have
///   their own variants;
/// - anything else, a known shape that does not fit its schema, or one with
///   a member its type does not model, is kept unchanged as
///   [`Unknown`](Self::Unknown): decoding loses nothing. (A content part
///   with a member not modelled is kept as [`InputContent::Unknown`], the
///   message around it typed.)
///
/// Decoding never fails, and what serializing writes decodes back to the same
/// JSON. It decodes back to the same value too, except where two variants
/// write the same JSON: a hand-made `Unknown` value shaped like a known item
/// decodes as that item, and an echoed output item that decodes as another
/// variant (an assistant [`OutputMessage`] without an `id` decodes as a
/// [`Message`](Self::Message)) does so.
///
/// # Replaying output by hand
///
/// Output items can be echoed without decoding them from JSON: build the
/// output type and convert it, e.g.
/// `InputItem::from(FunctionCall::new(call_id, name, args).id("fc_1"))`,
/// [`ReasoningItem::new`] (with `encrypted_content`, `signature`, `format`
/// and summary parts) and [`OutputMessage::assistant`] (an assistant
/// message with the `id` and `status` a replay needs). A `shell_call` is
/// answered the same way, with a
/// [`ShellCallOutput`](crate::response::ShellCallOutput).
///
/// Every input item kind of the spec has a typed variant; a kind added
/// later can be sent as [`Unknown`](Self::Unknown) JSON meanwhile.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum InputItem {
    /// `type: "message"`: a message from the user, system, developer or a
    /// replayed assistant turn.
    #[serde(rename = "message")]
    Message(InputMessage),
    /// `type: "function_call_output"`: the result of a function call.
    #[serde(rename = "function_call_output")]
    FunctionCallOutput(FunctionCallOutput),
    /// `type: "custom_tool_call_output"`: the result of a custom tool call.
    #[serde(rename = "custom_tool_call_output")]
    CustomToolCallOutput(CustomToolCallOutput),
    /// `type: "apply_patch_call_output"`: the result of applying a patch.
    #[serde(rename = "apply_patch_call_output")]
    ApplyPatchCallOutput(ApplyPatchCallOutput),
    /// `type: "mcp_approval_response"`: approves or denies an MCP tool call.
    #[serde(rename = "mcp_approval_response")]
    McpApprovalResponse(McpApprovalResponse),
    /// `type: "item_reference"`: refers to an item by id.
    #[serde(rename = "item_reference")]
    ItemReference(ItemReference),
    /// `type: "local_shell_call"`: a command the `local_shell` tool ran.
    #[serde(rename = "local_shell_call")]
    LocalShellCall(LocalShellCall),
    /// `type: "local_shell_call_output"`: what that command printed.
    #[serde(rename = "local_shell_call_output")]
    LocalShellCallOutput(LocalShellCallOutput),
    /// `type: "mcp_approval_request"`: a request to approve an MCP tool call.
    #[serde(rename = "mcp_approval_request")]
    McpApprovalRequest(McpApprovalRequest),
    /// `type: "mcp_call"`: an MCP tool call with its output or error.
    #[serde(rename = "mcp_call")]
    McpCall(McpCall),
    /// `type: "mcp_list_tools"`: the tools of an MCP server.
    #[serde(rename = "mcp_list_tools")]
    McpListTools(McpListTools),
    /// `type: "agent_message"`: a message between agents.
    #[serde(rename = "agent_message")]
    AgentMessage(AgentMessage),
    /// `type: "additional_tools"`: tools added from this point on.
    #[serde(rename = "additional_tools")]
    AdditionalTools(AdditionalTools),
    /// `type: "compaction"`: an encrypted summary of compacted context.
    #[serde(rename = "compaction")]
    Compaction(Compaction),
    /// `type: "context_compaction"`: a marker where context was compacted.
    #[serde(rename = "context_compaction")]
    ContextCompaction(ContextCompaction),
    /// `type: "configuration_update"`: a change of reasoning effort from this
    /// point of the conversation on.
    #[serde(rename = "configuration_update")]
    ConfigurationUpdate(ConfigurationUpdate),
    /// An output item of an earlier response echoed back as it came (assistant
    /// messages, reasoning, function calls, server-tool calls, ...).
    #[serde(untagged)]
    Output(OutputItem),
    /// Any other item, sent and kept as raw JSON.
    #[serde(untagged)]
    Unknown(Value),
}

impl From<OutputItem> for InputItem {
    /// The item, echoed back. A reasoning summary part sent as a plain
    /// string becomes a `summary_text` part, the only form input takes.
    fn from(item: OutputItem) -> Self {
        match item {
            OutputItem::Reasoning(r) => r.into(),
            item => InputItem::Output(item),
        }
    }
}

impl From<FunctionCall> for InputItem {
    fn from(call: FunctionCall) -> Self {
        InputItem::Output(OutputItem::FunctionCall(call))
    }
}

impl From<ReasoningItem> for InputItem {
    /// The item, echoed back, its plain-string summary parts as
    /// `summary_text` parts (the only form input takes).
    fn from(mut item: ReasoningItem) -> Self {
        for part in &mut item.summary {
            if let ReasoningSummary::Plain(text) = part {
                *part = ReasoningSummary::SummaryText(SummaryText::new(std::mem::take(text)));
            }
        }
        InputItem::Output(OutputItem::Reasoning(item))
    }
}

impl From<ShellCallOutput> for InputItem {
    /// The answer to a `shell_call`, sent as a `shell_call_output` item.
    fn from(output: ShellCallOutput) -> Self {
        InputItem::Output(OutputItem::ShellCallOutput(output))
    }
}

impl From<OutputMessage> for InputItem {
    fn from(message: OutputMessage) -> Self {
        InputItem::Output(OutputItem::Message(message))
    }
}

impl From<InputMessage> for InputItem {
    fn from(message: InputMessage) -> Self {
        InputItem::Message(message)
    }
}

/// `From<T> for InputItem` for the item types with a variant of their own.
macro_rules! input_item_from {
    ($($ty:ident),+ $(,)?) => {
        $(
            impl From<$ty> for InputItem {
                fn from(item: $ty) -> Self {
                    InputItem::$ty(item)
                }
            }
        )+
    };
}

input_item_from!(
    FunctionCallOutput,
    CustomToolCallOutput,
    ApplyPatchCallOutput,
    McpApprovalResponse,
    ItemReference,
    LocalShellCall,
    LocalShellCallOutput,
    McpApprovalRequest,
    McpCall,
    McpListTools,
    AgentMessage,
    AdditionalTools,
    Compaction,
    ContextCompaction,
    ConfigurationUpdate,
);

impl InputItem {
    /// The item's `type`, as sent: `message`, `function_call_output`, …;
    /// for an output item sent back, its own type (`function_call`,
    /// `reasoning`, …); for an item this version does not model, its `type`
    /// member (`""` when it has none that is a string).
    pub fn item_type(&self) -> &str {
        match self {
            InputItem::Message(_) => "message",
            InputItem::FunctionCallOutput(_) => "function_call_output",
            InputItem::CustomToolCallOutput(_) => "custom_tool_call_output",
            InputItem::ApplyPatchCallOutput(_) => "apply_patch_call_output",
            InputItem::McpApprovalResponse(_) => "mcp_approval_response",
            InputItem::ItemReference(_) => "item_reference",
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
            InputItem::Output(item) => item.item_type(),
            InputItem::Unknown(v) => v.get("type").and_then(Value::as_str).unwrap_or_default(),
        }
    }

    /// A `user` message: `{"type":"message","role":"user","content":...}`.
    ///
    /// `content` is a string or a list of [`InputContent`] parts.
    pub fn user(content: impl Into<Content>) -> Self {
        InputItem::Message(InputMessage::new(Role::User, content))
    }

    /// A `system` message.
    pub fn system(content: impl Into<Content>) -> Self {
        InputItem::Message(InputMessage::new(Role::System, content))
    }

    /// A `developer` message.
    pub fn developer(content: impl Into<Content>) -> Self {
        InputItem::Message(InputMessage::new(Role::Developer, content))
    }

    /// An `assistant` message written by hand (no `id`). To replay a model's
    /// own message, echo its output item instead (`InputItem::from(item)`).
    pub fn assistant(content: impl Into<Content>) -> Self {
        InputItem::Message(InputMessage::new(Role::Assistant, content))
    }

    /// A `function_call_output` item answering the call `call_id`; `output`
    /// is a string or a list of content parts: text, image and file parts
    /// only (the spec takes no audio or video parts here; they are sent as
    /// given, and the server may refuse them).
    pub fn function_call_output(call_id: impl Into<String>, output: impl Into<Content>) -> Self {
        InputItem::FunctionCallOutput(FunctionCallOutput::new(call_id, output))
    }

    /// A `function_call` item written by hand: `{"type":"function_call",
    /// "call_id", "name", "arguments"}`, where `arguments` is the JSON text of
    /// the arguments. It is an [`Output`](Self::Output) item, as an echoed
    /// call decodes; to set `id` or `status`, convert a [`FunctionCall`]
    /// instead (`FunctionCall::new(..).id(..).into()`).
    pub fn function_call(
        call_id: impl Into<String>,
        name: impl Into<String>,
        arguments: impl Into<String>,
    ) -> Self {
        InputItem::from(FunctionCall::new(call_id, name, arguments))
    }

    /// An assistant message replayed by hand: `{"type":"message","role":
    /// "assistant","id","status":"completed","content":[{"type":
    /// "output_text","text"}]}`. For other content or fields, convert an
    /// [`OutputMessage`] instead.
    pub fn assistant_output(id: impl Into<String>, text: impl Into<String>) -> Self {
        InputItem::from(OutputMessage::assistant(
            id,
            [crate::response::OutputText::new(text)],
        ))
    }

    /// Decodes an item from JSON by the structural rules above; never fails.
    #[inline]
    pub fn from_value(value: Value) -> Self {
        let Value::Object(map) = &value else {
            return InputItem::Unknown(value);
        };
        let kind = match map.get("type") {
            None => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => return InputItem::Unknown(value),
        };
        match kind {
            None | Some("message") => {
                let Some(role) = map.get("role").and_then(Value::as_str) else {
                    return InputItem::Unknown(value);
                };
                // An output message's content is a list of parts; the
                // string or `null` the input schema also takes for it has
                // no typed home there, but fits an input message.
                // An empty `id` is not an output message's (which writes
                // none for it), nor are `input_*` parts: the message was
                // built as an input one.
                if role == "assistant"
                    && map.get("id").is_some_and(|id| id.as_str() != Some(""))
                    && !matches!(map.get("content"), Some(Value::String(_) | Value::Null))
                    && !has_input_part(map.get("content"))
                {
                    return decode_output(value);
                }
                decode_message(value)
            }
            Some("function_call_output") => decode_holding(
                value,
                InputItem::FunctionCallOutput,
                "output",
                |o| &mut o.output,
                Content::Text(String::new()),
                parts,
                Some(Content::Text),
            ),
            Some("custom_tool_call_output") => decode_holding(
                value,
                InputItem::CustomToolCallOutput,
                "output",
                |o| &mut o.output,
                Content::Text(String::new()),
                parts,
                Some(Content::Text),
            ),
            Some("apply_patch_call_output") => decode_as(value, InputItem::ApplyPatchCallOutput),
            Some("mcp_approval_response") => decode_as(value, InputItem::McpApprovalResponse),
            Some("item_reference") => decode_as(value, InputItem::ItemReference),
            Some("local_shell_call") => decode_as(value, InputItem::LocalShellCall),
            Some("local_shell_call_output") => decode_as(value, InputItem::LocalShellCallOutput),
            Some("mcp_approval_request") => decode_as(value, InputItem::McpApprovalRequest),
            Some("mcp_call") => decode_as(value, InputItem::McpCall),
            Some("mcp_list_tools") => decode_as(value, InputItem::McpListTools),
            Some("agent_message") => decode_holding(
                value,
                InputItem::AgentMessage,
                "content",
                AgentMessage::parts_mut,
                Vec::new(),
                |parts| parts.into_iter().map(AgentContent::from_value).collect(),
                None,
            ),
            Some("additional_tools") => decode_holding(
                value,
                InputItem::AdditionalTools,
                "tools",
                AdditionalTools::tools_mut,
                Vec::new(),
                |tools| tools.into_iter().map(Tool::from_value).collect(),
                None,
            ),
            Some("compaction") => decode_as(value, InputItem::Compaction),
            Some("context_compaction") => decode_as(value, InputItem::ContextCompaction),
            Some("configuration_update") => decode_as(value, InputItem::ConfigurationUpdate),
            Some(t) if t.starts_with("openrouter:") || OUTPUT_ITEM_TYPES.contains(&t) => {
                decode_output(value)
            }
            Some(_) => InputItem::Unknown(value),
        }
    }
}

/// Whether a message's `content` is a list holding an `input_*` part,
/// which an output message's content (`output_text` and `refusal` parts)
/// does not.
fn has_input_part(content: Option<&Value>) -> bool {
    let Some(Value::Array(parts)) = content else {
        return false;
    };
    parts
        .iter()
        .any(|part| tag(part, "type").is_some_and(|t| t.starts_with("input_")))
}

/// Decodes `value` as `T`, or keeps it raw: also when the typed item would
/// not write back a member of `value` (one it does not model), so that
/// nothing read is lost.
fn decode_as<T, F>(value: Value, wrap: F) -> InputItem
where
    T: serde::de::DeserializeOwned,
    F: FnOnce(T) -> InputItem,
{
    let typed = T::deserialize(&value).ok().map(wrap);
    kept(&value, typed).unwrap_or(InputItem::Unknown(value))
}

/// A message, typed as [`InputMessage`] when that holds it whole.
fn decode_message(value: Value) -> InputItem {
    decode_holding(
        value,
        InputItem::Message,
        "content",
        |m| &mut m.content,
        None,
        |list| Some(Some(parts(list))),
        Some(|text| Some(Some(Content::Text(text)))),
    )
}

/// [`decode_as`] for an item whose member `key` (reached through `member`)
/// holds what it reads by itself: content parts or tools, each of which
/// checks as it is read that its typed variant writes it back whole, and is
/// kept in its `Unknown` variant when not, or a string, written back as
/// read. That member is left out of the item's own check (`placeholder`
/// stands in for it while the item is written), which would only repeat the
/// parts' checks: one more copy and comparison of each inline attachment.
/// So is `type`, which chose `T` (the item is written as `T`, without the
/// tag `wrap` adds). `list` reads a list taken out of the member, `text` a
/// string (when the member takes one). The result is the one [`decode_as`]
/// gives.
fn decode_holding<T, M, F>(
    value: Value,
    wrap: F,
    key: &str,
    member: fn(&mut T) -> &mut M,
    placeholder: M,
    list: fn(Vec<Value>) -> M,
    text: Option<fn(String) -> M>,
) -> InputItem
where
    T: serde::de::DeserializeOwned + Serialize,
    F: FnOnce(T) -> InputItem,
{
    // A list in the member is taken out (an empty one left in its place)
    // and read by value once the item holds, its parts or tools moved
    // rather than copied: `list` reads them as the member's reader
    // does, which never fails on a list. A string the member takes is
    // taken out the same way (an empty one in its place) and moved in.
    let mut value = value;
    let taken = match value.get_mut(key) {
        Some(Value::Array(parts)) => Some(Taken::List(std::mem::take(parts))),
        Some(Value::String(s)) if text.is_some() => Some(Taken::Text(std::mem::take(s))),
        _ => None,
    };
    let Ok(mut typed) = T::deserialize(&value) else {
        return InputItem::Unknown(put_back(value, key, taken));
    };
    let held = std::mem::replace(member(&mut typed), placeholder);
    let written = serde_json::to_value(&typed);
    if !matches!(&written, Ok(written) if keeps_all_but(&value, written, key)) {
        return InputItem::Unknown(put_back(value, key, taken));
    }
    *member(&mut typed) = match (taken, text) {
        (Some(Taken::List(parts)), _) => list(parts),
        (Some(Taken::Text(s)), Some(read)) => read(s),
        _ => held,
    };
    wrap(typed)
}

/// What [`decode_holding`] took out of the member it holds.
enum Taken {
    List(Vec<Value>),
    Text(String),
}

/// `value` with what was taken out of its member `key` put back.
fn put_back(mut value: Value, key: &str, taken: Option<Taken>) -> Value {
    match (taken, value.get_mut(key)) {
        (Some(Taken::List(parts)), Some(Value::Array(slot))) => *slot = parts,
        (Some(Taken::Text(text)), Some(Value::String(slot))) => *slot = text,
        _ => {}
    }
    value
}

/// A list of content parts, each read as [`Content`] reads it.
fn parts(parts: Vec<Value>) -> Content {
    Content::Parts(parts.into_iter().map(InputContent::from_value).collect())
}

/// An output item as input: [`OutputItem::from_value`] never fails, keeping
/// an item it cannot type as [`OutputItem::Unknown`]; one that it would not
/// write back whole (a `null` where it writes a list, say) is kept raw, as
/// the other items are.
fn decode_output(value: Value) -> InputItem {
    match crate::response::tagged::from_value_kept(value) {
        Ok(item) => InputItem::Output(item),
        Err(value) => InputItem::Unknown(value),
    }
}

deserialize_from_value!(InputItem, InputItem::from_value);
debug_with_raw_json!(
    enum InputItem {
        Message(i),
        FunctionCallOutput(i),
        CustomToolCallOutput(i),
        ApplyPatchCallOutput(i),
        McpApprovalResponse(i),
        ItemReference(i),
        LocalShellCall(i),
        LocalShellCallOutput(i),
        McpApprovalRequest(i),
        McpCall(i),
        McpListTools(i),
        AgentMessage(i),
        AdditionalTools(i),
        Compaction(i),
        ContextCompaction(i),
        ConfigurationUpdate(i),
        Output(i),
        Unknown(raw),
    }
);

open_enum! {
    /// `role` of an input message.
    Role {
        /// `user`: the end user.
        User = "user",
        /// `system`: system instructions.
        System = "system",
        /// `developer`: developer instructions.
        Developer = "developer",
        /// `assistant`: an earlier model turn.
        Assistant = "assistant",
    }
}

/// A message in the input (`EasyInputMessage` / `InputMessageItem`, and a
/// replayed assistant message whose content is a string or `null`), written
/// with `"type": "message"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct InputMessage {
    role: Role,
    /// `Some(None)` is a `null` read from JSON, written back as `null`: an
    /// output message (which a replayed assistant message is) requires the
    /// member.
    #[serde(
        default,
        deserialize_with = "present_content",
        skip_serializing_if = "Option::is_none"
    )]
    content: Option<Option<Content>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    phase: Option<MessagePhase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<ToolCallStatus>,
}

/// Reads a present `content`, `null` included, as `Some`; an absent one is
/// `None` through `#[serde(default)]`.
fn present_content<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Content>>, D::Error> {
    Option::deserialize(d).map(Some)
}

impl InputMessage {
    /// A message with `role` and `content` (a string or content parts).
    pub fn new(role: impl Into<Role>, content: impl Into<Content>) -> Self {
        InputMessage {
            role: role.into(),
            content: Some(Some(content.into())),
            id: None,
            phase: None,
            status: None,
        }
    }

    /// `id`: the item id. Note that an `assistant` message with an id (not
    /// `""`) and content parts none of which is an `input_*` part decodes
    /// as an echoed output message ([`InputItem::Output`]).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// `phase`: the phase of an assistant message.
    pub fn phase(mut self, phase: impl Into<MessagePhase>) -> Self {
        self.phase = Some(phase.into());
        self
    }

    /// `status`: the status of a replayed assistant message
    /// (`in_progress`, `completed` or `incomplete`, the values of a tool
    /// call's status); an output item's
    /// [`ItemStatus`](crate::response::ItemStatus) converts.
    pub fn status(mut self, status: impl Into<ToolCallStatus>) -> Self {
        self.status = Some(status.into());
        self
    }

    /// The role.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// The content, if any (`None` also for a `null` read from JSON).
    pub fn content(&self) -> Option<&Content> {
        self.content.as_ref().and_then(Option::as_ref)
    }

    /// The `id`, when set (the setter is [`id`](InputMessage::id)).
    ///
    /// ```
    /// use openrouter_responses::request::{InputItem, MessagePhase, ToolCallStatus};
    ///
    /// let item: InputItem = serde_json::from_str(
    ///     r#"{"type":"message","role":"assistant","content":"Hi.","id":"msg_1",
    ///         "phase":"final_answer","status":"completed"}"#,
    /// )?;
    /// let InputItem::Message(message) = &item else { panic!("{item:?}") };
    /// assert_eq!(message.get_id(), Some("msg_1"));
    /// assert_eq!(message.get_phase(), Some(&MessagePhase::FinalAnswer));
    /// assert_eq!(message.get_status(), Some(&ToolCallStatus::Completed));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn get_id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The `phase`, when set (the setter is [`phase`](InputMessage::phase)).
    pub fn get_phase(&self) -> Option<&MessagePhase> {
        self.phase.as_ref()
    }

    /// The `status`, when set (the setter is [`status`](InputMessage::status));
    /// a message's status takes the same three values as a tool call's.
    pub fn get_status(&self) -> Option<&ToolCallStatus> {
        self.status.as_ref()
    }
}

/// Message content or tool output: a plain string or a list of content parts.
///
/// `From<&str>`, `From<String>`, `From<&String>`, `From<InputContent>` and
/// `From<Vec<InputContent>>` make [`InputItem::user`] and
/// [`InputItem::function_call_output`] take any of them:
///
/// ```
/// use openrouter_responses::{InputContent, InputItem};
///
/// let line = String::from("What is in this picture?");
/// let question = InputItem::user(&line);
/// let picture = InputItem::user(InputContent::image_url("https://example.com/cat.png"));
/// let result = String::from(r#"{"temperature": 21}"#);
/// let answer = InputItem::function_call_output("call_1", &result);
/// assert_eq!(serde_json::to_value(&question)?["content"], line);
/// assert_eq!(serde_json::to_value(&picture)?["content"][0]["type"], "input_image");
/// assert_eq!(serde_json::to_value(&answer)?["output"], result);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Content {
    /// A plain string.
    Text(String),
    /// A list of content parts.
    Parts(Vec<InputContent>),
}

// Read by the shape of the JSON, as [`Input`] is.
impl<'de> Deserialize<'de> for Content {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(TextOrList::new())? {
            Some(Ok(text)) => Ok(Content::Text(text)),
            Some(Err(parts)) => Ok(Content::Parts(parts)),
            None => Err(no_variant::<D>("Content")),
        }
    }
}

/// The error an untagged derive of `union` gives for a value none of its
/// variants takes.
fn no_variant<'de, D: Deserializer<'de>>(union: &str) -> D::Error {
    serde::de::Error::custom(format_args!(
        "data did not match any variant of untagged enum {union}"
    ))
}

/// Reads a string (`Ok`) or a list of `T` (`Err`), each once and straight
/// into its value; `None` for any other value, read through so that the
/// input is left where the untagged derive left it.
struct TextOrList<T>(std::marker::PhantomData<T>);

impl<T> TextOrList<T> {
    fn new() -> Self {
        TextOrList(std::marker::PhantomData)
    }
}

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for TextOrList<T> {
    type Value = Option<Result<String, Vec<T>>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a list")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Some(Ok(s.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Some(Ok(s)))
    }

    fn visit_char<E: serde::de::Error>(self, c: char) -> Result<Self::Value, E> {
        Ok(Some(Ok(c.to_string())))
    }

    fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<Self::Value, E> {
        Ok(std::str::from_utf8(b).ok().map(|s| Ok(s.to_owned())))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // As serde's own `Vec` reader: trust a length hint up to 1 MiB.
        let cap = seq
            .size_hint()
            .unwrap_or(0)
            .min((1 << 20) / std::mem::size_of::<T>().max(1));
        let mut list = Vec::with_capacity(cap);
        while let Some(element) = seq.next_element()? {
            list.push(element);
        }
        Ok(Some(Err(list)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Skip.visit_map(map).map(|()| None)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(Skip).map(|()| None)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(Skip).map(|()| None)
    }
}

/// Reads a value through and keeps nothing, each nested value read as any
/// value, as the untagged derive's buffering reads it (so with the same
/// nesting limit; serde's `IgnoredAny` has none in serde_json), without
/// the buffer.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Skip).map(|()| Skip)
    }
}

impl<'de> serde::de::Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_char<E: serde::de::Error>(self, _: char) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Skip)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Skip)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(())
    }
}

impl From<&str> for Content {
    fn from(s: &str) -> Self {
        Content::Text(s.to_owned())
    }
}

impl From<String> for Content {
    fn from(s: String) -> Self {
        Content::Text(s)
    }
}

impl From<&String> for Content {
    fn from(s: &String) -> Self {
        Content::Text(s.clone())
    }
}

impl From<Vec<InputContent>> for Content {
    fn from(parts: Vec<InputContent>) -> Self {
        Content::Parts(parts)
    }
}

impl From<InputContent> for Content {
    fn from(part: InputContent) -> Self {
        Content::Parts(vec![part])
    }
}

/// A content part of an input message or tool output (tagged by `type`).
///
/// Decoding never fails and loses nothing, on its own as inside an item or
/// a request: a part of a type this version does not know, one that does
/// not fit its type, and one with a member its type does not model
/// (`{"type":"input_text","text":"a","x-part":1}`) are kept whole as
/// [`Unknown`](Self::Unknown), and written back as they came. `Debug` shows
/// a string of more than 1000 characters in such a raw part (an inline
/// image's data URL) by its first 1000 and its length, as it shows a typed
/// part's data.
///
/// A part read from JSON (a request logged or received, say) is read back
/// through the getters of its struct:
///
/// ```
/// use openrouter_responses::request::{ImageDetail, InputContent};
///
/// let part: InputContent = serde_json::from_str(
///     r#"{"type":"input_image","image_url":"https://example.com/a.png","detail":"low"}"#,
/// )?;
/// let InputContent::Image(image) = &part else { panic!("{part:?}") };
/// assert_eq!(image.image_url(), Some("https://example.com/a.png"));
/// assert_eq!(image.get_detail(), &ImageDetail::Low);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum InputContent {
    /// `input_text`: text.
    #[serde(rename = "input_text")]
    Text(InputText),
    /// `input_image`: an image by URL or data URL.
    #[serde(rename = "input_image")]
    Image(InputImage),
    /// `input_file`: a file by id, URL or inline data.
    #[serde(rename = "input_file")]
    File(InputFile),
    /// `input_audio`: base64 audio.
    #[serde(rename = "input_audio")]
    Audio(InputAudio),
    /// `input_video`: a video by URL or data URL.
    #[serde(rename = "input_video")]
    Video(InputVideo),
    /// A part this version does not know, or does not hold whole, kept as
    /// raw JSON.
    #[serde(untagged)]
    Unknown(Value),
}

deserialize_from_value!(InputContent, InputContent::from_value);

/// The member of a content part that may be long, as a string: an
/// `input_text`'s `text`, an `input_image`'s `image_url`, an `input_file`'s
/// `file_data`, an `input_audio`'s `input_audio.data` or an
/// `input_video`'s `video_url`; each is a plain string of its typed part.
fn long_string(part: &mut Value) -> Option<&mut String> {
    let (outer, key) = match tag(part, "type")? {
        "input_text" => (None, "text"),
        "input_image" => (None, "image_url"),
        "input_file" => (None, "file_data"),
        "input_audio" => (Some("input_audio"), "data"),
        "input_video" => (None, "video_url"),
        _ => return None,
    };
    let holder = match outer {
        Some(outer) => part.get_mut(outer)?,
        None => part,
    };
    match holder.get_mut(key)? {
        Value::String(s) => Some(s),
        _ => None,
    }
}
debug_with_raw_json!(
    enum InputContent {
        Text(p),
        Image(p),
        File(p),
        Audio(p),
        Video(p),
        Unknown(raw),
    }
);

impl InputContent {
    /// Reads a part from JSON; never fails: a part its typed variant would
    /// not write back whole is kept as [`Unknown`](Self::Unknown).
    #[inline]
    fn from_value(mut value: Value) -> Self {
        // The part's long string (its text, or an attachment's data or
        // URL) is taken out while the part is read and checked, an empty
        // one in its place, and moved into the typed part after: a string
        // member is written back as it was read, whatever it holds, so the
        // check comes out the same without copying the string twice and
        // comparing it.
        let long = long_string(&mut value).map(std::mem::take);
        let typed = match tag(&value, "type") {
            Some("input_text") => InputText::deserialize(&value).ok().map(InputContent::Text),
            Some("input_image") => InputImage::deserialize(&value)
                .ok()
                .map(InputContent::Image),
            Some("input_file") => InputFile::deserialize(&value).ok().map(InputContent::File),
            Some("input_audio") => InputAudio::deserialize(&value)
                .ok()
                .map(InputContent::Audio),
            Some("input_video") => InputVideo::deserialize(&value)
                .ok()
                .map(InputContent::Video),
            _ => None,
        };
        match (kept(&value, typed), long) {
            (Some(mut part), Some(long)) => {
                match &mut part {
                    InputContent::Text(p) => p.text = long,
                    InputContent::Image(p) => p.image_url = Some(long),
                    InputContent::File(p) => p.file_data = Some(long),
                    InputContent::Audio(p) => p.input_audio.data = long,
                    InputContent::Video(p) => p.video_url = long,
                    // Never read above.
                    InputContent::Unknown(_) => {}
                }
                part
            }
            (Some(part), None) => part,
            (None, long) => {
                if let (Some(long), Some(slot)) = (long, long_string(&mut value)) {
                    *slot = long;
                }
                InputContent::Unknown(value)
            }
        }
    }

    /// The part's `type`, as sent: `input_text`, `input_image`,
    /// `input_file`, `input_audio`, `input_video`; for a part this version
    /// does not model, its `type` member (`""` when it has none that is a
    /// string).
    pub fn part_type(&self) -> &str {
        match self {
            InputContent::Text(_) => "input_text",
            InputContent::Image(_) => "input_image",
            InputContent::File(_) => "input_file",
            InputContent::Audio(_) => "input_audio",
            InputContent::Video(_) => "input_video",
            InputContent::Unknown(v) => v.get("type").and_then(Value::as_str).unwrap_or_default(),
        }
    }

    /// `{"type":"input_text","text":...}`.
    pub fn text(text: impl Into<String>) -> Self {
        InputContent::Text(InputText::new(text))
    }

    /// `{"type":"input_image","image_url":...,"detail":"auto"}`; `url` is an
    /// `https:` URL or a `data:` URL.
    pub fn image_url(url: impl Into<String>) -> Self {
        InputContent::Image(InputImage::new(url))
    }

    /// `{"type":"input_image","file_id":...,"detail":"auto"}`: an uploaded
    /// image by its file id.
    pub fn image_file_id(file_id: impl Into<String>) -> Self {
        InputContent::Image(InputImage::from_file_id(file_id))
    }

    /// An `input_image` part with an explicit `detail`.
    pub fn image_url_with_detail(url: impl Into<String>, detail: impl Into<ImageDetail>) -> Self {
        InputContent::Image(InputImage::new(url).detail(detail))
    }

    /// `{"type":"input_file","file_url":...}`.
    pub fn file_url(url: impl Into<String>) -> Self {
        InputContent::File(InputFile::new().file_url(url))
    }

    /// An `input_image` part that carries the image itself: `bytes` as a
    /// base64 `data:` URL of `media_type` (`image/png`, `image/jpeg`,
    /// `image/webp`, `image/gif`).
    ///
    /// ```
    /// use openrouter_responses::InputContent;
    /// let part = InputContent::image_bytes("image/png", b"\x89PNG\r\n\x1a\n");
    /// let json = serde_json::to_value(&part)?;
    /// assert_eq!(json["image_url"], "data:image/png;base64,iVBORw0KGgo=");
    /// // A file read from disk: `InputContent::image_bytes("image/jpeg", &std::fs::read(path)?)`.
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn image_bytes(media_type: &str, bytes: &[u8]) -> Self {
        Self::image_url(crate::base64::data_url(media_type, bytes))
    }

    /// An `input_image` part that carries the image itself, as
    /// [`image_bytes`](Self::image_bytes) makes it, with an explicit
    /// `detail` (a screenshot or a scanned page read at `high`, a
    /// thumbnail at `low`).
    ///
    /// ```
    /// use openrouter_responses::request::ImageDetail;
    /// use openrouter_responses::InputContent;
    /// let png = b"\x89PNG\r\n\x1a\n";
    /// let part = InputContent::image_bytes_with_detail("image/png", png, ImageDetail::High);
    /// let json = serde_json::to_value(&part)?;
    /// assert_eq!(json["detail"], "high");
    /// assert_eq!(json["image_url"], "data:image/png;base64,iVBORw0KGgo=");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn image_bytes_with_detail(
        media_type: &str,
        bytes: &[u8],
        detail: impl Into<ImageDetail>,
    ) -> Self {
        Self::image_url_with_detail(crate::base64::data_url(media_type, bytes), detail)
    }

    /// An `input_file` part that carries the file itself: `filename`, and
    /// `bytes` as a base64 `data:` URL of `media_type` (`application/pdf`).
    ///
    /// ```
    /// use openrouter_responses::InputContent;
    /// let part = InputContent::file_bytes("notes.pdf", "application/pdf", b"%PDF-1.7");
    /// let json = serde_json::to_value(&part)?;
    /// assert_eq!(json["filename"], "notes.pdf");
    /// assert_eq!(json["file_data"], "data:application/pdf;base64,JVBERi0xLjc=");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn file_bytes(filename: impl Into<String>, media_type: &str, bytes: &[u8]) -> Self {
        Self::file_data(filename, crate::base64::data_url(media_type, bytes))
    }

    /// An `input_audio` part that carries the audio itself: `bytes` of
    /// `format` (`mp3`, `wav`), in base64.
    ///
    /// Like the other inline media, what the data is comes first, the
    /// bytes last.
    ///
    /// ```
    /// use openrouter_responses::request::AudioFormat;
    /// use openrouter_responses::InputContent;
    /// let part = InputContent::audio_bytes(AudioFormat::Wav, b"RIFF");
    /// let json = serde_json::to_value(&part)?;
    /// assert_eq!(json["input_audio"]["format"], "wav");
    /// assert_eq!(json["input_audio"]["data"], "UklGRg==");
    /// // A file read from disk: `InputContent::audio_bytes("mp3", &std::fs::read(path)?)`.
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn audio_bytes(format: impl Into<AudioFormat>, bytes: &[u8]) -> Self {
        Self::audio(format, crate::base64::encode(bytes))
    }

    /// An `input_video` part that carries the video itself: `bytes` as a
    /// base64 `data:` URL of `media_type` (`video/mp4`).
    pub fn video_bytes(media_type: &str, bytes: &[u8]) -> Self {
        Self::video_url(crate::base64::data_url(media_type, bytes))
    }

    /// `{"type":"input_file","filename":...,"file_data":...}`; `data` is
    /// base64 or a `data:` URL.
    pub fn file_data(filename: impl Into<String>, data: impl Into<String>) -> Self {
        InputContent::File(InputFile::new().filename(filename).file_data(data))
    }

    /// `{"type":"input_file","file_id":...}`.
    pub fn file_id(id: impl Into<String>) -> Self {
        InputContent::File(InputFile::new().file_id(id))
    }

    /// `{"type":"input_audio","input_audio":{"data":...,"format":...}}`;
    /// `data` is base64 audio of `format`.
    pub fn audio(format: impl Into<AudioFormat>, data: impl Into<String>) -> Self {
        InputContent::Audio(InputAudio::new(format, data))
    }

    /// `{"type":"input_video","video_url":...}`; a URL or base64 data URL.
    pub fn video_url(url: impl Into<String>) -> Self {
        InputContent::Video(InputVideo::new(url))
    }
}

impl From<InputText> for InputContent {
    fn from(v: InputText) -> Self {
        InputContent::Text(v)
    }
}

impl From<InputImage> for InputContent {
    fn from(v: InputImage) -> Self {
        InputContent::Image(v)
    }
}

impl From<InputFile> for InputContent {
    fn from(v: InputFile) -> Self {
        InputContent::File(v)
    }
}

impl From<InputAudio> for InputContent {
    fn from(v: InputAudio) -> Self {
        InputContent::Audio(v)
    }
}

impl From<InputVideo> for InputContent {
    fn from(v: InputVideo) -> Self {
        InputContent::Video(v)
    }
}

/// An `input_text` part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct InputText {
    pub(super) text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prompt_cache_breakpoint: Option<PromptCacheBreakpoint>,
}

impl InputText {
    /// A text part.
    pub fn new(text: impl Into<String>) -> Self {
        InputText {
            text: text.into(),
            prompt_cache_breakpoint: None,
        }
    }

    /// `prompt_cache_breakpoint`: marks the end of this part as an explicit
    /// prompt cache breakpoint.
    pub fn prompt_cache_breakpoint(mut self, breakpoint: PromptCacheBreakpoint) -> Self {
        self.prompt_cache_breakpoint = Some(breakpoint);
        self
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The `prompt_cache_breakpoint`, when set.
    pub fn get_prompt_cache_breakpoint(&self) -> Option<&PromptCacheBreakpoint> {
        self.prompt_cache_breakpoint.as_ref()
    }
}

open_enum! {
    /// `detail` of an `input_image` part. The field is required by the spec;
    /// this crate sends `auto` unless told otherwise.
    #[derive(Default)]
    ImageDetail {
        /// `auto`: let the model decide.
        #[default]
        Auto = "auto",
        /// `high`: high resolution.
        High = "high",
        /// `low`: low resolution.
        Low = "low",
        /// `original`: the original resolution.
        Original = "original",
    }
}

/// An `input_image` part: an image by `image_url` (a URL or data URL) or
/// by the `file_id` of an uploaded image.
///
/// Its `Debug` shows an `image_url` of more than 1000 characters (an image
/// carried inline) by its first 1000 and its length.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct InputImage {
    #[serde(default)]
    detail: ImageDetail,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) image_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_id: Option<String>,
}

impl fmt::Debug for InputImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InputImage")
            .field("detail", &self.detail)
            .field("image_url", &self.image_url.as_deref().map(Abridged))
            .field("file_id", &self.file_id)
            .finish()
    }
}

impl InputImage {
    /// An image by URL or data URL, with `detail: "auto"`.
    pub fn new(url: impl Into<String>) -> Self {
        InputImage {
            detail: ImageDetail::Auto,
            image_url: Some(url.into()),
            file_id: None,
        }
    }

    /// An uploaded image by its `file_id`, with `detail: "auto"` and no
    /// `image_url`.
    ///
    /// ```
    /// use openrouter_responses::request::InputImage;
    /// use serde_json::json;
    ///
    /// let image = InputImage::from_file_id("file-abc");
    /// assert_eq!(
    ///     serde_json::to_value(&image)?,
    ///     json!({"detail": "auto", "file_id": "file-abc"})
    /// );
    /// assert_eq!((image.file_id(), image.image_url()), (Some("file-abc"), None));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn from_file_id(file_id: impl Into<String>) -> Self {
        InputImage {
            detail: ImageDetail::Auto,
            image_url: None,
            file_id: Some(file_id.into()),
        }
    }

    /// An image part as read back, its `image_url` and `file_id` possibly
    /// absent.
    pub(crate) fn read(image_url: Option<String>, file_id: Option<String>) -> Self {
        InputImage {
            detail: ImageDetail::Auto,
            image_url,
            file_id,
        }
    }

    /// `detail`: the resolution the model sees the image at.
    pub fn detail(mut self, detail: impl Into<ImageDetail>) -> Self {
        self.detail = detail.into();
        self
    }

    /// The `image_url`: a URL or data URL; `None` when it was absent or
    /// `null` in the JSON read.
    pub fn image_url(&self) -> Option<&str> {
        self.image_url.as_deref()
    }

    /// The `file_id` of an uploaded image; `None` when it was absent or
    /// `null` in the JSON read.
    pub fn file_id(&self) -> Option<&str> {
        self.file_id.as_deref()
    }

    /// The `detail` (`auto` when it was absent in the JSON read); the
    /// setter is [`detail`](InputImage::detail).
    pub fn get_detail(&self) -> &ImageDetail {
        &self.detail
    }
}

/// An `input_file` part: set one of `file_id`, `file_url` or `file_data`.
///
/// Its `Debug` shows a `file_data` or `file_url` of more than 1000
/// characters (a file carried inline) by its first 1000 and its length.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct InputFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    filename: Option<String>,
}

impl fmt::Debug for InputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InputFile")
            .field("file_id", &self.file_id)
            .field("file_data", &self.file_data.as_deref().map(Abridged))
            .field("file_url", &self.file_url.as_deref().map(Abridged))
            .field("filename", &self.filename)
            .finish()
    }
}

impl InputFile {
    /// An empty file part; add a source with the setters.
    pub fn new() -> Self {
        InputFile::default()
    }

    opt_setters! {
        /// `file_id`: the id of an uploaded file.
        file_id: String;
        /// `file_data`: the file content as base64 or a data URL.
        file_data: String;
        /// `file_url`: a URL to fetch the file from.
        file_url: String;
        /// `filename`: the file name.
        filename: String;
    }

    /// The `file_id`; `None` when it was absent or `null` in the JSON read.
    pub fn get_file_id(&self) -> Option<&str> {
        self.file_id.as_deref()
    }

    /// The `file_data`: base64 or a data URL.
    pub fn get_file_data(&self) -> Option<&str> {
        self.file_data.as_deref()
    }

    /// The `file_url`.
    pub fn get_file_url(&self) -> Option<&str> {
        self.file_url.as_deref()
    }

    /// The `filename`.
    pub fn get_filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }
}

open_enum! {
    /// `format` of `input_audio` data.
    AudioFormat {
        /// `mp3`.
        Mp3 = "mp3",
        /// `wav`.
        Wav = "wav",
    }
}

/// An `input_audio` part: `{"input_audio": {"data", "format"}}`.
///
/// Its `Debug` shows `data` of more than 1000 characters by its first 1000
/// and its length.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputAudio {
    input_audio: AudioData,
}

#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct AudioData {
    data: String,
    format: AudioFormat,
}

impl fmt::Debug for AudioData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AudioData")
            .field("data", &Abridged(&self.data))
            .field("format", &self.format)
            .finish()
    }
}

impl InputAudio {
    /// Audio of `format`, as base64 `data`.
    pub fn new(format: impl Into<AudioFormat>, data: impl Into<String>) -> Self {
        InputAudio {
            input_audio: AudioData {
                data: data.into(),
                format: format.into(),
            },
        }
    }

    /// The audio `data`, base64.
    pub fn data(&self) -> &str {
        &self.input_audio.data
    }

    /// The `format` of the data.
    pub fn format(&self) -> &AudioFormat {
        &self.input_audio.format
    }
}

/// An `input_video` part: a video by URL or data URL, and how the provider
/// processes it.
///
/// Its `Debug` shows a `video_url` of more than 1000 characters (a video
/// carried inline) by its first 1000 and its length.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct InputVideo {
    video_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    processing: Option<VideoProcessing>,
}

impl fmt::Debug for InputVideo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InputVideo")
            .field("video_url", &Abridged(&self.video_url))
            .field("processing", &self.processing)
            .finish()
    }
}

impl InputVideo {
    /// `video_url`: a URL or base64 data URL.
    pub fn new(url: impl Into<String>) -> Self {
        InputVideo {
            video_url: url.into(),
            processing: None,
        }
    }

    /// `processing`: how the provider reads the video ([`VideoProcessing`]);
    /// left out, the provider's default. Providers that do not support it
    /// ignore it (the official SDK 1.3.19 names Google Gemini).
    ///
    /// ```
    /// use openrouter_responses::request::{InputVideo, VideoProcessing};
    /// use serde_json::json;
    ///
    /// let video = InputVideo::new("https://example.com/v.mp4").processing(VideoProcessing::Static);
    /// assert_eq!(
    ///     serde_json::to_value(&video)?,
    ///     json!({"video_url": "https://example.com/v.mp4", "processing": "static"})
    /// );
    /// assert_eq!(video.get_processing(), Some(&VideoProcessing::Static));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn processing(mut self, processing: impl Into<VideoProcessing>) -> Self {
        self.processing = Some(processing.into());
        self
    }

    /// The `video_url`: a URL or base64 data URL.
    pub fn video_url(&self) -> &str {
        &self.video_url
    }

    /// The `processing` mode, when set.
    pub fn get_processing(&self) -> Option<&VideoProcessing> {
        self.processing.as_ref()
    }
}

open_enum! {
    /// `processing` of an `input_video` part: how the provider reads the
    /// video. Typed from the official SDK 1.3.19 (the OpenAPI spec has no
    /// such member).
    VideoProcessing {
        /// `agentic`: agentic video processing.
        Agentic = "agentic",
        /// `static`: frames sampled at a fixed rate.
        Static = "static",
    }
}

open_enum! {
    /// `status` of a tool call item (`ToolCallStatus`), and of a replayed
    /// assistant message.
    ///
    /// It converts to and from the output items'
    /// [`ItemStatus`](crate::response::ItemStatus) by the wire string, so
    /// that a status read from a response can be sent back: the three values
    /// both know map to each other, and any other value is kept as its string
    /// (`ItemStatus::Failed` becomes `ToolCallStatus::Other("failed")`, which
    /// converts back to `ItemStatus::Failed`). Nothing is lost either way.
    ///
    /// ```
    /// use openrouter_responses::request::ToolCallStatus;
    /// use openrouter_responses::response::ItemStatus;
    ///
    /// assert_eq!(ToolCallStatus::from(ItemStatus::Completed), ToolCallStatus::Completed);
    /// assert_eq!(ItemStatus::from(ToolCallStatus::Incomplete), ItemStatus::Incomplete);
    /// let failed = ToolCallStatus::from(ItemStatus::Failed);
    /// assert_eq!(failed.as_str(), "failed");
    /// assert_eq!(ItemStatus::from(failed), ItemStatus::Failed);
    /// ```
    ToolCallStatus {
        /// `in_progress`.
        InProgress = "in_progress",
        /// `completed`.
        Completed = "completed",
        /// `incomplete`.
        Incomplete = "incomplete",
    }
}

impl From<ItemStatus> for ToolCallStatus {
    /// The same wire string: `in_progress`, `completed` and `incomplete` map
    /// to their variants, any other value to [`ToolCallStatus::Other`].
    fn from(status: ItemStatus) -> Self {
        match status {
            ItemStatus::Other(s) => ToolCallStatus::from(s),
            known => ToolCallStatus::from(known.as_str()),
        }
    }
}

impl From<ToolCallStatus> for ItemStatus {
    /// The same wire string: a value [`ItemStatus`] knows (`failed` kept in
    /// [`ToolCallStatus::Other`] included) maps to its variant, any other
    /// to [`ItemStatus::Other`].
    fn from(status: ToolCallStatus) -> Self {
        match status {
            ToolCallStatus::Other(s) => ItemStatus::from(s),
            known => ItemStatus::from(known.as_str()),
        }
    }
}

/// A `function_call_output` item: the result of the call `call_id`.
///
/// A tool result read back from a request's JSON:
///
/// ```
/// use openrouter_responses::request::{Content, Input, ToolCallStatus};
/// use openrouter_responses::{InputItem, Request};
///
/// let request: Request = serde_json::from_str(
///     r#"{"input":[{"type":"function_call_output","call_id":"call_1",
///         "output":"{\"temp\":21}","id":"fco_1","status":"completed"}]}"#,
/// )?;
/// let Some(Input::Items(items)) = request.input() else { panic!("{request:?}") };
/// let Some(InputItem::FunctionCallOutput(output)) = items.first() else { panic!("{items:?}") };
/// assert_eq!(output.call_id(), "call_1");
/// assert_eq!(output.output(), &Content::Text(r#"{"temp":21}"#.into()));
/// assert_eq!(output.get_id(), Some("fco_1"));
/// assert_eq!(output.get_status(), Some(&ToolCallStatus::Completed));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct FunctionCallOutput {
    call_id: String,
    output: Content,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<ToolCallStatus>,
}

impl FunctionCallOutput {
    /// The output of `call_id`: a string or content parts (text, image, file).
    pub fn new(call_id: impl Into<String>, output: impl Into<Content>) -> Self {
        FunctionCallOutput {
            call_id: call_id.into(),
            output: output.into(),
            id: None,
            status: None,
        }
    }

    opt_setters! {
        /// `id`: the item id.
        id: String;
        /// `status`: the item status.
        status: ToolCallStatus;
    }

    getters! {
        /// The `call_id` of the call answered.
        call_id = call_id: req_str;
        /// The `output`: a string or content parts.
        output = output: req_ref Content;
        /// The item `id`, when set.
        get_id = id: text;
        /// The item `status`, when set.
        get_status = status: opt ToolCallStatus;
    }
}

/// A `custom_tool_call_output` item: the result of the custom tool call `call_id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CustomToolCallOutput {
    call_id: String,
    output: Content,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

impl CustomToolCallOutput {
    /// The output of `call_id`: a string or content parts.
    pub fn new(call_id: impl Into<String>, output: impl Into<Content>) -> Self {
        CustomToolCallOutput {
            call_id: call_id.into(),
            output: output.into(),
            id: None,
        }
    }

    opt_setters! {
        /// `id`: the item id.
        id: String;
    }

    getters! {
        /// The `call_id` of the call answered.
        call_id = call_id: req_str;
        /// The `output`: a string or content parts.
        output = output: req_ref Content;
        /// The item `id`, when set.
        get_id = id: text;
    }
}

open_enum! {
    /// `status` of an `apply_patch_call_output`.
    ApplyPatchOutputStatus {
        /// `completed`: the patch was applied.
        Completed = "completed",
        /// `failed`: the patch could not be applied.
        Failed = "failed",
    }
}

/// An `apply_patch_call_output` item: the client's report on applying a patch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ApplyPatchCallOutput {
    call_id: String,
    status: ApplyPatchOutputStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    output: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

impl ApplyPatchCallOutput {
    /// The outcome of `call_id`.
    pub fn new(call_id: impl Into<String>, status: impl Into<ApplyPatchOutputStatus>) -> Self {
        ApplyPatchCallOutput {
            call_id: call_id.into(),
            status: status.into(),
            output: None,
            id: None,
        }
    }

    opt_setters! {
        /// `output`: a human-readable log.
        output: String;
        /// `id`: the item id.
        id: String;
    }

    getters! {
        /// The `call_id` of the patch call answered.
        call_id = call_id: req_str;
        /// The `status`: whether the patch was applied.
        status = status: req_ref ApplyPatchOutputStatus;
        /// The `output` log, when set.
        get_output = output: text;
        /// The item `id`, when set.
        get_id = id: text;
    }
}

/// An `mcp_approval_response` item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct McpApprovalResponse {
    approval_request_id: String,
    approve: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl McpApprovalResponse {
    /// Approves (`true`) or denies the request `approval_request_id`.
    pub fn new(approval_request_id: impl Into<String>, approve: bool) -> Self {
        McpApprovalResponse {
            approval_request_id: approval_request_id.into(),
            approve,
            id: None,
            reason: None,
        }
    }

    opt_setters! {
        /// `id`: the item id.
        id: String;
        /// `reason`: why the call was approved or denied.
        reason: String;
    }

    getters! {
        /// The `approval_request_id` answered.
        approval_request_id = approval_request_id: req_str;
        /// `approve`: whether the call is approved.
        approve = approve: req_copy bool;
        /// The item `id`, when set.
        get_id = id: text;
        /// The `reason`, when set.
        get_reason = reason: text;
    }
}

/// An `item_reference` item: `{"type":"item_reference","id":...}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemReference {
    id: String,
}

impl ItemReference {
    /// A reference to the item `id`.
    pub fn new(id: impl Into<String>) -> Self {
        ItemReference { id: id.into() }
    }

    /// The `id` of the item referred to.
    pub fn id(&self) -> &str {
        &self.id
    }
}
