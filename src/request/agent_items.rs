//! Input items of the agent, MCP and context plumbing: `local_shell_call`
//! and its output, `mcp_approval_request`, `mcp_call`, `mcp_list_tools`,
//! `agent_message`, `additional_tools`, `compaction`,
//! `context_compaction` and `configuration_update`. Clients replay them in
//! `input` as the server or an agent framework produced them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::input::{InputImage, InputText, Role, ToolCallStatus};
use super::text::ReasoningEffort;
use super::tools::Tool;
use super::{kept, tag};

/// A `local_shell_call` item: a command the model asked the client to run
/// with the `local_shell` tool.
///
/// ```
/// use openrouter_responses::request::{LocalShellAction, LocalShellCall, ToolCallStatus};
/// use openrouter_responses::InputItem;
///
/// let call = LocalShellCall::new(
///     "lsc_1",
///     "call_1",
///     LocalShellAction::exec(["ls", "-la"]).env("PATH", "/usr/bin").timeout_ms(5000),
///     ToolCallStatus::Completed,
/// );
/// let json = serde_json::to_value(InputItem::from(call))?;
/// assert_eq!(json["type"], "local_shell_call");
/// assert_eq!(json["action"]["type"], "exec");
/// assert_eq!(json["action"]["command"][1], "-la");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalShellCall {
    id: String,
    call_id: String,
    action: LocalShellAction,
    status: ToolCallStatus,
}

impl LocalShellCall {
    /// The call `call_id` (item `id`) running `action`, with its `status`.
    pub fn new(
        id: impl Into<String>,
        call_id: impl Into<String>,
        action: LocalShellAction,
        status: impl Into<ToolCallStatus>,
    ) -> Self {
        LocalShellCall {
            id: id.into(),
            call_id: call_id.into(),
            action,
            status: status.into(),
        }
    }

    /// The item `id`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `call_id`: the id the output answers.
    pub fn call_id(&self) -> &str {
        &self.call_id
    }

    /// `action`: the command.
    pub fn action(&self) -> &LocalShellAction {
        &self.action
    }

    /// The call's `status`.
    pub fn status(&self) -> &ToolCallStatus {
        &self.status
    }
}

/// `action` of a [`LocalShellCall`]: `{"type":"exec", "command", "env", ...}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct LocalShellAction {
    /// Always `exec`; another value does not decode (the item stays raw).
    #[serde(rename = "type")]
    kind: ExecKind,
    command: Vec<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timeout_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    working_directory: Option<String>,
}

impl LocalShellAction {
    /// Runs `command` (the program and its arguments), with an empty `env`.
    pub fn exec<I, S>(command: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        LocalShellAction {
            kind: ExecKind::Exec,
            command: command.into_iter().map(Into::into).collect(),
            env: BTreeMap::new(),
            timeout_ms: None,
            user: None,
            working_directory: None,
        }
    }

    /// Sets the environment variable `name` to `value` in `env`.
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.insert(name.into(), value.into());
        self
    }

    opt_setters! {
        /// `timeout_ms`: how long the command may run, in milliseconds.
        timeout_ms: u64;
        /// `user`: the user to run the command as.
        user: String;
        /// `working_directory`: where to run it.
        working_directory: String;
    }

    /// `command`: the program and its arguments.
    pub fn command(&self) -> &[String] {
        &self.command
    }

    /// `env`: the environment variables set for the command (the setter
    /// [`env`](LocalShellAction::env) adds one).
    pub fn get_env(&self) -> &BTreeMap<String, String> {
        &self.env
    }

    getters! {
        /// `timeout_ms`, when set.
        get_timeout_ms = timeout_ms: copy u64;
        /// The `user`, when set.
        get_user = user: text;
        /// The `working_directory`, when set.
        get_working_directory = working_directory: text;
    }
}

/// The `type` of a [`LocalShellAction`]: `exec`, the only one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum ExecKind {
    #[serde(rename = "exec")]
    Exec,
}

/// A `local_shell_call_output` item: what running a [`LocalShellCall`]
/// printed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct LocalShellCallOutput {
    id: String,
    output: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<ToolCallStatus>,
}

impl LocalShellCallOutput {
    /// The output of the call whose item `id` is given.
    pub fn new(id: impl Into<String>, output: impl Into<String>) -> Self {
        LocalShellCallOutput {
            id: id.into(),
            output: output.into(),
            status: None,
        }
    }

    opt_setters! {
        /// `status`: whether the command finished.
        status: ToolCallStatus;
    }

    getters! {
        /// The `id` of the call's item.
        id = id: req_str;
        /// The `output`: what the command printed.
        output = output: req_str;
        /// The `status`, when set.
        get_status = status: opt ToolCallStatus;
    }
}

/// An `mcp_approval_request` item: the model asks to call the tool `name` of
/// an MCP server and waits for an
/// [`McpApprovalResponse`](super::McpApprovalResponse).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct McpApprovalRequest {
    id: String,
    server_label: String,
    name: String,
    arguments: String,
}

impl McpApprovalRequest {
    /// The request `id` to call `name` on `server_label` with `arguments`
    /// (the JSON text of the arguments).
    pub fn new(
        id: impl Into<String>,
        server_label: impl Into<String>,
        name: impl Into<String>,
        arguments: impl Into<String>,
    ) -> Self {
        McpApprovalRequest {
            id: id.into(),
            server_label: server_label.into(),
            name: name.into(),
            arguments: arguments.into(),
        }
    }

    getters! {
        /// The request `id`.
        id = id: req_str;
        /// The `server_label` of the MCP server.
        server_label = server_label: req_str;
        /// The `name` of the tool to call.
        name = name: req_str;
        /// The `arguments`, as JSON text.
        arguments = arguments: req_str;
    }
}

/// An `mcp_call` item: a call of an MCP server's tool, with its output or
/// error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct McpCall {
    id: String,
    server_label: String,
    name: String,
    arguments: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    output: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<McpCallError>,
}

impl McpCall {
    /// The call `id` of `name` on `server_label` with `arguments` (the JSON
    /// text of the arguments).
    pub fn new(
        id: impl Into<String>,
        server_label: impl Into<String>,
        name: impl Into<String>,
        arguments: impl Into<String>,
    ) -> Self {
        McpCall {
            id: id.into(),
            server_label: server_label.into(),
            name: name.into(),
            arguments: arguments.into(),
            output: None,
            error: None,
        }
    }

    opt_setters! {
        /// `output`: what the tool returned.
        output: String;
        /// `error`: why the call failed: a message (a `&str` or `String`)
        /// or a structured [`McpCallError`].
        error: McpCallError;
    }

    getters! {
        /// The call `id`.
        id = id: req_str;
        /// The `server_label` of the MCP server.
        server_label = server_label: req_str;
        /// The `name` of the tool called.
        name = name: req_str;
        /// The `arguments`, as JSON text.
        arguments = arguments: req_str;
        /// The `output`, when set.
        get_output = output: text;
    }

    /// The `error`'s message, when set: the plain message, or a protocol
    /// or HTTP error's `message`; `None` for a tool execution error (which
    /// has none) and a form this version does not know. The whole error
    /// is [`get_error_detail`](McpCall::get_error_detail).
    pub fn get_error(&self) -> Option<&str> {
        self.error.as_ref().and_then(McpCallError::message)
    }

    /// The `error`, in any of its forms, when set.
    pub fn get_error_detail(&self) -> Option<&McpCallError> {
        self.error.as_ref()
    }
}

/// `error` of an [`McpCall`]: a plain message or, as the official SDK 1.3.19
/// types it (the OpenAPI spec has a string only), a structured error told
/// by its `type`. A form this version does not know, or a known one with a
/// member it does not model, is kept whole as [`Unknown`](Self::Unknown).
///
/// ```
/// use openrouter_responses::request::{McpCall, McpCallError};
/// use serde_json::json;
///
/// let call = McpCall::new("mcp_1", "docs", "read_page", "{}").error(McpCallError::Http {
///     code: 502,
///     message: "Bad Gateway".into(),
/// });
/// assert_eq!(
///     serde_json::to_value(&call)?["error"],
///     json!({"type": "http_error", "code": 502, "message": "Bad Gateway"})
/// );
/// assert_eq!(call.get_error(), Some("Bad Gateway"));
/// let plain = McpCall::new("mcp_2", "docs", "read_page", "{}").error("no page");
/// assert_eq!(serde_json::to_value(&plain)?["error"], json!("no page"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum McpCallError {
    /// A plain message (a JSON string).
    Message(String),
    /// `type: "mcp_protocol_error"`: the MCP server answered with a
    /// protocol-level error.
    Protocol {
        /// `code`: the protocol error code.
        code: i64,
        /// `message`.
        message: String,
    },
    /// `type: "http_error"`: the request to the MCP server failed at the
    /// HTTP layer.
    Http {
        /// `code`: the HTTP status.
        code: i64,
        /// `message`.
        message: String,
    },
    /// `type: "mcp_tool_execution_error"`: the tool ran and reported a
    /// failure.
    Execution {
        /// `content`: what the tool reported, any JSON (a `null` read is
        /// `Some(Value::Null)`, written back); `None` when absent.
        content: Option<Value>,
    },
    /// Any other form, sent and kept as raw JSON.
    Unknown(Value),
}

debug_with_raw_json!(
    enum McpCallError {
        Message(m),
        Protocol { code, message },
        Http { code, message },
        Execution { content },
        Unknown(raw),
    }
);

impl McpCallError {
    /// The message: the plain one, or a protocol or HTTP error's; `None`
    /// for the other forms.
    pub fn message(&self) -> Option<&str> {
        match self {
            McpCallError::Message(m)
            | McpCallError::Protocol { message: m, .. }
            | McpCallError::Http { message: m, .. } => Some(m),
            McpCallError::Execution { .. } | McpCallError::Unknown(_) => None,
        }
    }

    /// The `type` of a structured error (`mcp_protocol_error`,
    /// `http_error`, `mcp_tool_execution_error`, or an unknown form's
    /// string `type`); `None` for a plain message.
    pub fn error_type(&self) -> Option<&str> {
        match self {
            McpCallError::Message(_) => None,
            McpCallError::Protocol { .. } => Some("mcp_protocol_error"),
            McpCallError::Http { .. } => Some("http_error"),
            McpCallError::Execution { .. } => Some("mcp_tool_execution_error"),
            McpCallError::Unknown(v) => v.get("type").and_then(Value::as_str),
        }
    }

    /// Reads an error from JSON; never fails: a string is a
    /// [`Message`](Self::Message), a structured error whose members are
    /// exactly those of its `type` (a `code` an integer, a `message` a
    /// string) is typed, and anything else is [`Unknown`](Self::Unknown).
    pub fn from_value(value: Value) -> Self {
        let map = match value {
            Value::String(s) => return McpCallError::Message(s),
            Value::Object(map) => map,
            other => return McpCallError::Unknown(other),
        };
        let coded = || -> Option<(i64, String)> {
            let code = map.get("code")?.as_i64()?;
            let message = map.get("message")?.as_str()?.to_owned();
            (map.len() == 3).then_some((code, message))
        };
        let typed = match map.get("type").and_then(Value::as_str) {
            Some("mcp_protocol_error") => {
                coded().map(|(code, message)| McpCallError::Protocol { code, message })
            }
            Some("http_error") => {
                coded().map(|(code, message)| McpCallError::Http { code, message })
            }
            Some("mcp_tool_execution_error")
                if map.keys().all(|k| k == "type" || k == "content") =>
            {
                Some(McpCallError::Execution {
                    content: map.get("content").cloned(),
                })
            }
            _ => None,
        };
        typed.unwrap_or(McpCallError::Unknown(Value::Object(map)))
    }
}

deserialize_from_value!(McpCallError, McpCallError::from_value);

impl Serialize for McpCallError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            McpCallError::Message(m) => serializer.serialize_str(m),
            McpCallError::Protocol { code, message } | McpCallError::Http { code, message } => {
                let mut map = serializer.serialize_map(Some(3))?;
                map.serialize_entry("type", self.error_type().unwrap_or_default())?;
                map.serialize_entry("code", code)?;
                map.serialize_entry("message", message)?;
                map.end()
            }
            McpCallError::Execution { content } => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("type", "mcp_tool_execution_error")?;
                if let Some(content) = content {
                    map.serialize_entry("content", content)?;
                }
                map.end()
            }
            McpCallError::Unknown(v) => v.serialize(serializer),
        }
    }
}

impl From<&str> for McpCallError {
    fn from(message: &str) -> Self {
        McpCallError::Message(message.to_owned())
    }
}

impl From<String> for McpCallError {
    fn from(message: String) -> Self {
        McpCallError::Message(message)
    }
}

impl From<&String> for McpCallError {
    fn from(message: &String) -> Self {
        McpCallError::Message(message.clone())
    }
}

/// An `mcp_list_tools` item: the tools an MCP server offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct McpListTools {
    id: String,
    server_label: String,
    tools: Vec<McpToolInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl McpListTools {
    /// The list `id` of the `tools` of `server_label`.
    pub fn new(
        id: impl Into<String>,
        server_label: impl Into<String>,
        tools: impl IntoIterator<Item = McpToolInfo>,
    ) -> Self {
        McpListTools {
            id: id.into(),
            server_label: server_label.into(),
            tools: tools.into_iter().collect(),
            error: None,
        }
    }

    opt_setters! {
        /// `error`: why the tools could not be listed.
        error: String;
    }

    /// `tools`: the tools listed.
    pub fn tools(&self) -> &[McpToolInfo] {
        &self.tools
    }

    getters! {
        /// The list `id`.
        id = id: req_str;
        /// The `server_label` of the MCP server.
        server_label = server_label: req_str;
        /// The `error`, when set.
        get_error = error: text;
    }
}

/// One tool of an [`McpListTools`] item.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct McpToolInfo {
    name: String,
    input_schema: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    annotations: Option<Value>,
}

debug_with_raw_json!(struct McpToolInfo { name, input_schema, description, annotations });

impl McpToolInfo {
    /// The tool `name` with the JSON Schema of its input.
    pub fn new(name: impl Into<String>, input_schema: impl Into<Value>) -> Self {
        McpToolInfo {
            name: name.into(),
            input_schema: input_schema.into(),
            description: None,
            annotations: None,
        }
    }

    opt_setters! {
        /// `description`: what the tool does.
        description: String;
        /// `annotations`: the server's annotations of the tool, as JSON.
        annotations: Value;
    }

    /// `name`: the tool's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    getters! {
        /// The `input_schema`: the JSON Schema of the tool's input.
        input_schema = input_schema: req_ref Value;
        /// The `description`, when set.
        get_description = description: text;
        /// The `annotations`, when set.
        get_annotations = annotations: opt Value;
    }
}

/// An `agent_message` item: a message routed between agents of a
/// multi-agent session.
///
/// ```
/// use openrouter_responses::request::{AgentMessage, InputText};
/// use openrouter_responses::InputItem;
///
/// let message = AgentMessage::new("planner", "coder", [InputText::new("Write the tests.")])
///     .agent("planner");
/// let json = serde_json::to_value(InputItem::from(message))?;
/// assert_eq!(json["type"], "agent_message");
/// assert_eq!(json["content"][0]["type"], "input_text");
/// assert_eq!(json["agent"]["agent_name"], "planner");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct AgentMessage {
    author: String,
    recipient: String,
    content: Vec<AgentContent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    agent: Option<AgentRef>,
}

impl AgentMessage {
    /// A message from `author` to `recipient`.
    pub fn new<I, C>(author: impl Into<String>, recipient: impl Into<String>, content: I) -> Self
    where
        I: IntoIterator<Item = C>,
        C: Into<AgentContent>,
    {
        AgentMessage {
            author: author.into(),
            recipient: recipient.into(),
            content: content.into_iter().map(Into::into).collect(),
            id: None,
            agent: None,
        }
    }

    opt_setters! {
        /// `id`: the item id.
        id: String;
    }

    /// `agent`: the agent the message belongs to, by `agent_name`.
    pub fn agent(mut self, agent_name: impl Into<String>) -> Self {
        self.agent = Some(AgentRef {
            agent_name: agent_name.into(),
        });
        self
    }

    /// `content`: the message's parts.
    pub fn content(&self) -> &[AgentContent] {
        &self.content
    }

    /// The parts, for decoding to hold them aside.
    pub(super) fn parts_mut(&mut self) -> &mut Vec<AgentContent> {
        &mut self.content
    }

    getters! {
        /// The `author`.
        author = author: req_str;
        /// The `recipient`.
        recipient = recipient: req_str;
        /// The item `id`, when set.
        get_id = id: text;
    }

    /// The `agent.agent_name`, when set (the setter is
    /// [`agent`](AgentMessage::agent)).
    pub fn get_agent(&self) -> Option<&str> {
        self.agent.as_ref().map(|agent| agent.agent_name.as_str())
    }
}

/// `agent` of an [`AgentMessage`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct AgentRef {
    agent_name: String,
}

/// One part of an [`AgentMessage`]'s content.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum AgentContent {
    /// `input_text`.
    #[serde(rename = "input_text")]
    Text(InputText),
    /// `input_image`.
    #[serde(rename = "input_image")]
    Image(InputImage),
    /// `encrypted_content`: content only the provider can read (its
    /// `Debug` shows more than 1000 characters by the first 1000 and the
    /// length).
    #[serde(rename = "encrypted_content")]
    Encrypted {
        /// The opaque content.
        encrypted_content: String,
    },
    /// A part of another type, or one its type does not hold whole (a
    /// member it does not model), kept as sent.
    #[serde(untagged)]
    Unknown(Value),
}

deserialize_from_value!(AgentContent, AgentContent::from_value);

debug_with_raw_json!(
    enum AgentContent {
        Text(p),
        Image(p),
        Encrypted {
            encrypted_content: crate::debug::long_text,
        },
        Unknown(raw),
    }
);

impl AgentContent {
    /// Reads a part from JSON; never fails: a part its typed variant would
    /// not write back whole is kept as [`Unknown`](Self::Unknown).
    #[inline]
    pub(super) fn from_value(mut value: Value) -> Self {
        // The part's long string (its text, image URL or encrypted content)
        // is taken out while the part is read and checked, an empty one in
        // its place, and moved into the typed part after, as a message's
        // content parts do: a string member is written back as it was read.
        let long = long_string(&mut value).map(std::mem::take);
        let part = match tag(&value, "type") {
            Some("input_text") => InputText::deserialize(&value).ok().map(AgentContent::Text),
            Some("input_image") => InputImage::deserialize(&value)
                .ok()
                .map(AgentContent::Image),
            Some("encrypted_content") => value
                .get("encrypted_content")
                .and_then(Value::as_str)
                .map(|content| AgentContent::Encrypted {
                    encrypted_content: content.to_owned(),
                }),
            _ => None,
        };
        match (kept(&value, part), long) {
            (Some(mut part), Some(long)) => {
                match &mut part {
                    AgentContent::Text(p) => p.text = long,
                    AgentContent::Image(p) => p.image_url = Some(long),
                    AgentContent::Encrypted { encrypted_content } => *encrypted_content = long,
                    // Never read above.
                    AgentContent::Unknown(_) => {}
                }
                part
            }
            (Some(part), None) => part,
            (None, long) => {
                if let (Some(long), Some(slot)) = (long, long_string(&mut value)) {
                    *slot = long;
                }
                AgentContent::Unknown(value)
            }
        }
    }
}

/// The member of an agent part that may be long, as a string: an
/// `input_text`'s `text`, an `input_image`'s `image_url` or an
/// `encrypted_content` part's `encrypted_content`; each is a plain string
/// of its typed part.
fn long_string(part: &mut Value) -> Option<&mut String> {
    let key = match tag(part, "type")? {
        "input_text" => "text",
        "input_image" => "image_url",
        "encrypted_content" => "encrypted_content",
        _ => return None,
    };
    match part.get_mut(key)? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

impl From<InputText> for AgentContent {
    fn from(text: InputText) -> Self {
        AgentContent::Text(text)
    }
}

impl From<InputImage> for AgentContent {
    fn from(image: InputImage) -> Self {
        AgentContent::Image(image)
    }
}

open_enum! {
    /// `role` of an `additional_tools` item: who added the tools.
    ///
    /// The spec's list for this item is longer than a message's [`Role`],
    /// which converts into it.
    AdditionalToolsRole {
        /// `unknown`.
        Unknown = "unknown",
        /// `user`.
        User = "user",
        /// `assistant`.
        Assistant = "assistant",
        /// `system`.
        System = "system",
        /// `critic`.
        Critic = "critic",
        /// `discriminator`.
        Discriminator = "discriminator",
        /// `developer`.
        Developer = "developer",
        /// `tool`.
        Tool = "tool",
    }
}

impl From<Role> for AdditionalToolsRole {
    /// The same role; a role this version does not know stays as its string.
    fn from(role: Role) -> Self {
        AdditionalToolsRole::from(role.as_str())
    }
}

/// An `additional_tools` item: tools made available to the model from this
/// point of the input on.
///
/// ```
/// use openrouter_responses::request::{AdditionalTools, AdditionalToolsRole};
/// use openrouter_responses::{InputItem, Tool};
/// use serde_json::json;
///
/// let item = AdditionalTools::new(
///     AdditionalToolsRole::Developer,
///     [Tool::function("get_weather", "Current weather", json!({"type": "object"}))],
/// );
/// let json = serde_json::to_value(InputItem::from(item))?;
/// assert_eq!(json["type"], "additional_tools");
/// assert_eq!(json["tools"][0]["name"], "get_weather");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct AdditionalTools {
    role: AdditionalToolsRole,
    tools: Vec<Tool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

impl AdditionalTools {
    /// `tools` added by `role` (an [`AdditionalToolsRole`], a message
    /// [`Role`] or a string).
    pub fn new<I, T>(role: impl Into<AdditionalToolsRole>, tools: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<Tool>,
    {
        AdditionalTools {
            role: role.into(),
            tools: tools.into_iter().map(Into::into).collect(),
            id: None,
        }
    }

    opt_setters! {
        /// `id`: the item id.
        id: String;
    }

    /// `role`: who added the tools.
    pub fn role(&self) -> &AdditionalToolsRole {
        &self.role
    }

    /// `tools`: the tools added.
    pub fn tools(&self) -> &[Tool] {
        &self.tools
    }

    /// The tools added, to filter them (and for decoding to hold them aside).
    pub(super) fn tools_mut(&mut self) -> &mut Vec<Tool> {
        &mut self.tools
    }

    getters! {
        /// The item `id`, when set.
        get_id = id: text;
    }
}

/// A `compaction` item: a compacted stretch of the conversation, as an
/// encrypted summary.
///
/// Its `Debug` shows an `encrypted_content` of more than 1000 characters by
/// its first 1000 and its length.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct Compaction {
    encrypted_content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

debug_with_raw_json!(struct Compaction { encrypted_content: crate::debug::long_text, id });

impl Compaction {
    /// A compaction carrying `encrypted_content`.
    pub fn new(encrypted_content: impl Into<String>) -> Self {
        Compaction {
            encrypted_content: encrypted_content.into(),
            id: None,
        }
    }

    opt_setters! {
        /// `id`: the item id.
        id: String;
    }

    getters! {
        /// The `encrypted_content`: the summary.
        encrypted_content = encrypted_content: req_str;
        /// The item `id`, when set.
        get_id = id: text;
    }
}

/// A `context_compaction` item: a marker where the context was compacted,
/// with an optional encrypted summary.
///
/// Its `Debug` shows an `encrypted_content` of more than 1000 characters by
/// its first 1000 and its length.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ContextCompaction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    encrypted_content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

debug_with_raw_json!(struct ContextCompaction { encrypted_content: crate::debug::long_text_opt, id });

impl ContextCompaction {
    /// A marker without a summary.
    pub fn new() -> Self {
        ContextCompaction::default()
    }

    opt_setters! {
        /// `encrypted_content`: the encrypted summary.
        encrypted_content: String;
        /// `id`: the item id.
        id: String;
    }

    getters! {
        /// The `encrypted_content`, when set.
        get_encrypted_content = encrypted_content: text;
        /// The item `id`, when set.
        get_id = id: text;
    }
}

/// A `configuration_update` item: changes the reasoning effort from this
/// point of the conversation on, without invalidating the prompt cache for
/// the items before it. It goes before the user message it applies to and
/// holds until the next one; two adjacent updates are refused, and only
/// models that take a change of effort mid-conversation accept it. Typed
/// from the official SDK 1.3.19 (the OpenAPI spec has no such item).
///
/// ```
/// use openrouter_responses::request::{ConfigurationUpdate, ReasoningEffort};
/// use openrouter_responses::InputItem;
/// use serde_json::json;
///
/// let item = InputItem::from(ConfigurationUpdate::new(ReasoningEffort::High));
/// assert_eq!(
///     serde_json::to_value(&item)?,
///     json!({"type": "configuration_update", "reasoning": {"effort": "high"}})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ConfigurationUpdate {
    reasoning: ConfigurationReasoning,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

impl ConfigurationUpdate {
    /// An update setting the reasoning `effort` from here on.
    pub fn new(effort: impl Into<ReasoningEffort>) -> Self {
        ConfigurationUpdate {
            reasoning: ConfigurationReasoning {
                effort: effort.into(),
            },
            id: None,
        }
    }

    opt_setters! {
        /// `id`: the item id.
        id: String;
    }

    /// The reasoning `effort` applied from this item on (a value this
    /// version does not know is kept as [`ReasoningEffort::Other`]).
    pub fn effort(&self) -> &ReasoningEffort {
        &self.reasoning.effort
    }

    getters! {
        /// The item `id`, when set.
        get_id = id: text;
    }
}

/// `reasoning` of a [`ConfigurationUpdate`]: `{"effort": ...}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct ConfigurationReasoning {
    effort: ReasoningEffort,
}
