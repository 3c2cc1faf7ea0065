//! Output items: messages, reasoning, tool calls and server-tool results.

use serde::de::{self, DeserializeOwned};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::content::OutputContent;
use super::server_tools::{
    AdvisorServerItem, ApplyPatchServerItem, BashServerItem, BrowserUseServerItem,
    CodeInterpreterServerItem, ContainerFile, DatetimeServerItem, FileSearchServerItem,
    FilesServerItem, FusionServerItem, ImageGenerationServerItem, McpServerItem, MemoryServerItem,
    SearchModelsServerItem, ServerToolCall, ShellServerItem, SubagentServerItem,
    TextEditorServerItem, ToolSearchServerItem, WebFetchServerItem, WebSearchServerItem,
};
use super::tagged::{self, untag, TypeTagged};
use crate::error::{DecodeTarget, Error, Result};

/// One item of [`Response::output`](super::Response::output), told apart by
/// its `type`.
///
/// Decoding never fails on an item: an item of a type this crate does not know,
/// and an item of a known type whose body does not have the expected shape
/// (a function call without `call_id`, say), become [`OutputItem::Unknown`]
/// with the JSON kept as sent. `openrouter:*` server-tool items without a typed variant
/// become [`OutputItem::ServerTool`]. Encoding writes every item back as it
/// came, so output items can be sent back as input.
///
/// ```
/// use openrouter_responses::OutputItem;
///
/// let item: OutputItem = serde_json::from_str(
///     r#"{"type":"function_call","call_id":"call_1","name":"f","arguments":"{}"}"#,
/// )?;
/// assert_eq!(item.item_type(), "function_call");
/// assert_eq!(item.as_function_call().map(|c| c.call_id.as_str()), Some("call_1"));
///
/// let odd: OutputItem = serde_json::from_str(r#"{"type":"hologram","id":"h_1"}"#)?;
/// assert!(matches!(odd, OutputItem::Unknown(_)));
/// assert_eq!(odd.id(), Some("h_1"));
///
/// let cut: OutputItem = serde_json::from_str(r#"{"type":"function_call","name":"f"}"#)?;
/// assert!(matches!(cut, OutputItem::Unknown(_)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum OutputItem {
    /// An assistant message (`message`).
    #[serde(rename = "message")]
    Message(OutputMessage),
    /// Reasoning (`reasoning`).
    #[serde(rename = "reasoning")]
    Reasoning(ReasoningItem),
    /// A call of a function tool (`function_call`).
    #[serde(rename = "function_call")]
    FunctionCall(FunctionCall),
    /// A call of a custom tool (`custom_tool_call`).
    #[serde(rename = "custom_tool_call")]
    CustomToolCall(CustomToolCall),
    /// A web search of an OpenAI-style web search tool (`web_search_call`).
    #[serde(rename = "web_search_call")]
    WebSearchCall(WebSearchCall),
    /// A file search (`file_search_call`).
    #[serde(rename = "file_search_call")]
    FileSearchCall(FileSearchCall),
    /// An image generation (`image_generation_call`).
    #[serde(rename = "image_generation_call")]
    ImageGenerationCall(ImageGenerationCall),
    /// A code interpreter run (`code_interpreter_call`).
    #[serde(rename = "code_interpreter_call")]
    CodeInterpreterCall(CodeInterpreterCall),
    /// A computer-use action (`computer_call`).
    #[serde(rename = "computer_call")]
    ComputerCall(ComputerCall),
    /// A patch to apply (`apply_patch_call`).
    #[serde(rename = "apply_patch_call")]
    ApplyPatchCall(ApplyPatchCall),
    /// A shell command to run (`shell_call`).
    #[serde(rename = "shell_call")]
    ShellCall(ShellCall),
    /// The output of a shell command (`shell_call_output`).
    #[serde(rename = "shell_call_output")]
    ShellCallOutput(ShellCallOutput),
    /// OpenRouter's web search server tool (`openrouter:web_search`).
    #[serde(rename = "openrouter:web_search")]
    OpenRouterWebSearch(WebSearchServerItem),
    /// OpenRouter's web fetch server tool (`openrouter:web_fetch`).
    #[serde(rename = "openrouter:web_fetch")]
    OpenRouterWebFetch(WebFetchServerItem),
    /// OpenRouter's date and time server tool (`openrouter:datetime`).
    #[serde(rename = "openrouter:datetime")]
    OpenRouterDatetime(DatetimeServerItem),
    /// OpenRouter's image generation server tool (`openrouter:image_generation`).
    #[serde(rename = "openrouter:image_generation")]
    OpenRouterImageGeneration(ImageGenerationServerItem),
    /// OpenRouter's code interpreter server tool (`openrouter:code_interpreter`).
    #[serde(rename = "openrouter:code_interpreter")]
    OpenRouterCodeInterpreter(CodeInterpreterServerItem),
    /// OpenRouter's bash server tool (`openrouter:bash`).
    #[serde(rename = "openrouter:bash")]
    OpenRouterBash(BashServerItem),
    /// OpenRouter's shell server tool (`openrouter:shell`).
    #[serde(rename = "openrouter:shell")]
    OpenRouterShell(ShellServerItem),
    /// OpenRouter's apply-patch server tool (`openrouter:apply_patch`).
    #[serde(rename = "openrouter:apply_patch")]
    OpenRouterApplyPatch(ApplyPatchServerItem),
    /// OpenRouter's browser server tool (`openrouter:browser_use`).
    #[serde(rename = "openrouter:browser_use")]
    OpenRouterBrowserUse(BrowserUseServerItem),
    /// OpenRouter's text editor server tool (`openrouter:text_editor`).
    #[serde(rename = "openrouter:text_editor")]
    OpenRouterTextEditor(TextEditorServerItem),
    /// OpenRouter's MCP server tool (`openrouter:mcp`).
    #[serde(rename = "openrouter:mcp")]
    OpenRouterMcp(McpServerItem),
    /// OpenRouter's file search server tool (`openrouter:file_search`).
    #[serde(rename = "openrouter:file_search")]
    OpenRouterFileSearch(FileSearchServerItem),
    /// OpenRouter's tool search server tool (`openrouter:tool_search`).
    #[serde(rename = "openrouter:tool_search")]
    OpenRouterToolSearch(ToolSearchServerItem),
    /// OpenRouter's memory server tool (`openrouter:memory`).
    #[serde(rename = "openrouter:memory")]
    OpenRouterMemory(MemoryServerItem),
    /// OpenRouter's files server tool (`openrouter:files`).
    #[serde(rename = "openrouter:files")]
    OpenRouterFiles(FilesServerItem),
    /// OpenRouter's model search server tool
    /// (`openrouter:experimental__search_models`).
    #[serde(rename = "openrouter:experimental__search_models")]
    OpenRouterSearchModels(SearchModelsServerItem),
    /// OpenRouter's advisor server tool (`openrouter:advisor`).
    #[serde(rename = "openrouter:advisor")]
    OpenRouterAdvisor(AdvisorServerItem),
    /// OpenRouter's subagent server tool (`openrouter:subagent`).
    #[serde(rename = "openrouter:subagent")]
    OpenRouterSubagent(Box<SubagentServerItem>),
    /// OpenRouter's fusion server tool (`openrouter:fusion`); boxed, as it
    /// is the largest item.
    #[serde(rename = "openrouter:fusion")]
    OpenRouterFusion(Box<FusionServerItem>),
    /// Any other `openrouter:*` server-tool item, or one whose body does not
    /// fit its variant: its type, status and id, with the other fields in
    /// [`extra`](ServerToolCall::extra).
    #[serde(untagged)]
    ServerTool(ServerToolCall),
    /// An item of a type this crate does not know, or of a known type with an
    /// unexpected shape, kept as sent.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(
    enum OutputItem {
        Message(x),
        Reasoning(x),
        FunctionCall(x),
        CustomToolCall(x),
        WebSearchCall(x),
        FileSearchCall(x),
        ImageGenerationCall(x),
        CodeInterpreterCall(x),
        ComputerCall(x),
        ApplyPatchCall(x),
        ShellCall(x),
        ShellCallOutput(x),
        OpenRouterWebSearch(x),
        OpenRouterWebFetch(x),
        OpenRouterDatetime(x),
        OpenRouterImageGeneration(x),
        OpenRouterCodeInterpreter(x),
        OpenRouterBash(x),
        OpenRouterShell(x),
        OpenRouterApplyPatch(x),
        OpenRouterBrowserUse(x),
        OpenRouterTextEditor(x),
        OpenRouterMcp(x),
        OpenRouterFileSearch(x),
        OpenRouterToolSearch(x),
        OpenRouterMemory(x),
        OpenRouterFiles(x),
        OpenRouterSearchModels(x),
        OpenRouterAdvisor(x),
        OpenRouterSubagent(x),
        OpenRouterFusion(x),
        ServerTool(x),
        Unknown(x),
    }
);

/// Calls `$decode` with the payload type and the constructor of the variant
/// that `$tag` names; `$other` for a tag without a typed variant.
macro_rules! by_tag {
    ($tag:expr, $decode:ident($($arg:expr),*), $other:expr) => {
        match $tag {
            "message" => $decode($($arg,)* OutputItem::Message),
            "reasoning" => $decode($($arg,)* OutputItem::Reasoning),
            "function_call" => $decode($($arg,)* OutputItem::FunctionCall),
            "custom_tool_call" => $decode($($arg,)* OutputItem::CustomToolCall),
            "web_search_call" => $decode($($arg,)* OutputItem::WebSearchCall),
            "file_search_call" => $decode($($arg,)* OutputItem::FileSearchCall),
            "image_generation_call" => $decode($($arg,)* OutputItem::ImageGenerationCall),
            "code_interpreter_call" => $decode($($arg,)* OutputItem::CodeInterpreterCall),
            "computer_call" => $decode($($arg,)* OutputItem::ComputerCall),
            "apply_patch_call" => $decode($($arg,)* OutputItem::ApplyPatchCall),
            "shell_call" => $decode($($arg,)* OutputItem::ShellCall),
            "shell_call_output" => $decode($($arg,)* OutputItem::ShellCallOutput),
            "openrouter:web_search" => $decode($($arg,)* OutputItem::OpenRouterWebSearch),
            "openrouter:web_fetch" => $decode($($arg,)* OutputItem::OpenRouterWebFetch),
            "openrouter:datetime" => $decode($($arg,)* OutputItem::OpenRouterDatetime),
            "openrouter:image_generation" => $decode($($arg,)* OutputItem::OpenRouterImageGeneration),
            "openrouter:code_interpreter" => $decode($($arg,)* OutputItem::OpenRouterCodeInterpreter),
            "openrouter:bash" => $decode($($arg,)* OutputItem::OpenRouterBash),
            "openrouter:shell" => $decode($($arg,)* OutputItem::OpenRouterShell),
            "openrouter:apply_patch" => $decode($($arg,)* OutputItem::OpenRouterApplyPatch),
            "openrouter:browser_use" => $decode($($arg,)* OutputItem::OpenRouterBrowserUse),
            "openrouter:text_editor" => $decode($($arg,)* OutputItem::OpenRouterTextEditor),
            "openrouter:mcp" => $decode($($arg,)* OutputItem::OpenRouterMcp),
            "openrouter:file_search" => $decode($($arg,)* OutputItem::OpenRouterFileSearch),
            "openrouter:tool_search" => $decode($($arg,)* OutputItem::OpenRouterToolSearch),
            "openrouter:memory" => $decode($($arg,)* OutputItem::OpenRouterMemory),
            "openrouter:files" => $decode($($arg,)* OutputItem::OpenRouterFiles),
            "openrouter:experimental__search_models" => {
                $decode($($arg,)* OutputItem::OpenRouterSearchModels)
            }
            "openrouter:advisor" => $decode($($arg,)* OutputItem::OpenRouterAdvisor),
            "openrouter:subagent" => $decode($($arg,)* |v| OutputItem::OpenRouterSubagent(Box::new(v))),
            "openrouter:fusion" => $decode($($arg,)* |v| OutputItem::OpenRouterFusion(Box::new(v))),
            _ => $other,
        }
    };
}

/// `true`: [`by_tag!`] names a typed variant.
fn is_variant<T>(_: fn(T) -> OutputItem) -> bool {
    true
}

/// Items decode by the scheme of [`super::tagged`]: straight from the text
/// while a body is read directly (see [`tagged::direct`]), through a [`Value`]
/// otherwise, each item type compiled for the one text decoder.
impl TypeTagged for OutputItem {
    const EXPECTING: &'static str = "an output item object";

    fn has_variant(tag: &str) -> bool {
        by_tag!(tag, is_variant(), false)
    }

    fn variant<'de, D: Deserializer<'de>>(
        tag: &str,
        members: D,
    ) -> std::result::Result<Self, D::Error> {
        by_tag!(
            tag,
            decode_into(members),
            Err(de::Error::custom("no typed variant"))
        )
    }

    /// An item whose `type` is `tag` but that has no typed variant, or whose
    /// body does not fit it: a generic server-tool item for `openrouter:*`
    /// tags when it fits that, else the JSON as sent.
    fn untyped(tag: String, members: Map<String, Value>) -> Self {
        let server_tool = tag.starts_with("openrouter:");
        let full = untag(tag, members);
        if server_tool {
            if let Ok(call) = ServerToolCall::deserialize(&full) {
                return OutputItem::ServerTool(call);
            }
        }
        OutputItem::Unknown(full)
    }

    fn unknown(value: Value) -> Self {
        OutputItem::Unknown(value)
    }

    /// A message's content parts, each decoded by itself, and the long
    /// texts of the items that carry one.
    fn held(tag: &str) -> Option<&'static str> {
        match tag {
            "message" => Some("content"),
            "reasoning" => Some("encrypted_content"),
            "function_call" => Some("arguments"),
            "custom_tool_call" => Some("input"),
            "image_generation_call" => Some("result"),
            _ => None,
        }
    }

    fn fill(&mut self, value: Value) {
        match (self, value) {
            (OutputItem::Message(m), Value::Array(parts)) => {
                m.content = parts.into_iter().map(tagged::from_value).collect();
            }
            (OutputItem::Reasoning(r), Value::String(text)) => r.encrypted_content = Some(text),
            (OutputItem::FunctionCall(c), Value::String(text)) => c.arguments = text,
            (OutputItem::CustomToolCall(c), Value::String(text)) => c.input = text,
            (OutputItem::ImageGenerationCall(c), Value::String(text)) => c.result = Some(text),
            _ => {}
        }
    }

    /// A message's parts are each read and checked first, then moved in
    /// when every one writes back whole (a part that fits no typed variant
    /// is kept whole in its `Unknown` one).
    fn fill_kept(&mut self, value: &mut Value) -> bool {
        let (OutputItem::Message(m), Value::Array(parts)) = (&mut *self, &mut *value) else {
            self.fill(std::mem::take(value));
            return true;
        };
        let mut read = Vec::with_capacity(parts.len());
        for part in parts.iter_mut() {
            read.push(match tagged::read_kept::<OutputContent>(part) {
                tagged::Reading::Typed(typed) => Some(typed),
                tagged::Reading::Untyped => None,
                tagged::Reading::Lossy => return false,
            });
        }
        m.content = std::mem::take(parts)
            .into_iter()
            .zip(read)
            .map(|(part, typed)| tagged::finish_kept(typed, part))
            .collect();
        true
    }

    /// A generic server-tool item may not hold every member it reads.
    fn untyped_keeps_all(tag: &str) -> bool {
        !tag.starts_with("openrouter:")
    }
}

impl OutputItem {
    /// Decodes an item from JSON; never fails (see the type's docs).
    pub fn from_value(value: Value) -> OutputItem {
        tagged::from_value(value)
    }

    /// The item's `type` as on the wire (`"message"`, `"function_call"`,
    /// `"openrouter:web_search"`, …); `""` for an unknown item without a
    /// string `type`.
    pub fn item_type(&self) -> &str {
        match self {
            OutputItem::Message(_) => "message",
            OutputItem::Reasoning(_) => "reasoning",
            OutputItem::FunctionCall(_) => "function_call",
            OutputItem::CustomToolCall(_) => "custom_tool_call",
            OutputItem::WebSearchCall(_) => "web_search_call",
            OutputItem::FileSearchCall(_) => "file_search_call",
            OutputItem::ImageGenerationCall(_) => "image_generation_call",
            OutputItem::CodeInterpreterCall(_) => "code_interpreter_call",
            OutputItem::ComputerCall(_) => "computer_call",
            OutputItem::ApplyPatchCall(_) => "apply_patch_call",
            OutputItem::ShellCall(_) => "shell_call",
            OutputItem::ShellCallOutput(_) => "shell_call_output",
            OutputItem::OpenRouterWebSearch(_) => "openrouter:web_search",
            OutputItem::OpenRouterWebFetch(_) => "openrouter:web_fetch",
            OutputItem::OpenRouterDatetime(_) => "openrouter:datetime",
            OutputItem::OpenRouterImageGeneration(_) => "openrouter:image_generation",
            OutputItem::OpenRouterCodeInterpreter(_) => "openrouter:code_interpreter",
            OutputItem::OpenRouterBash(_) => "openrouter:bash",
            OutputItem::OpenRouterShell(_) => "openrouter:shell",
            OutputItem::OpenRouterApplyPatch(_) => "openrouter:apply_patch",
            OutputItem::OpenRouterBrowserUse(_) => "openrouter:browser_use",
            OutputItem::OpenRouterTextEditor(_) => "openrouter:text_editor",
            OutputItem::OpenRouterMcp(_) => "openrouter:mcp",
            OutputItem::OpenRouterFileSearch(_) => "openrouter:file_search",
            OutputItem::OpenRouterToolSearch(_) => "openrouter:tool_search",
            OutputItem::OpenRouterMemory(_) => "openrouter:memory",
            OutputItem::OpenRouterFiles(_) => "openrouter:files",
            OutputItem::OpenRouterSearchModels(_) => "openrouter:experimental__search_models",
            OutputItem::OpenRouterAdvisor(_) => "openrouter:advisor",
            OutputItem::OpenRouterSubagent(_) => "openrouter:subagent",
            OutputItem::OpenRouterFusion(_) => "openrouter:fusion",
            OutputItem::ServerTool(c) => &c.r#type,
            OutputItem::Unknown(v) => v.get("type").and_then(Value::as_str).unwrap_or(""),
        }
    }

    /// The item's `id`, when it has one.
    pub fn id(&self) -> Option<&str> {
        match self {
            OutputItem::Message(m) => Some(&m.id),
            OutputItem::Reasoning(r) => Some(&r.id),
            OutputItem::FunctionCall(c) => c.id.as_deref(),
            OutputItem::CustomToolCall(c) => c.id.as_deref(),
            OutputItem::WebSearchCall(c) => Some(&c.id),
            OutputItem::FileSearchCall(c) => Some(&c.id),
            OutputItem::ImageGenerationCall(c) => Some(&c.id),
            OutputItem::CodeInterpreterCall(c) => Some(&c.id),
            OutputItem::ComputerCall(c) => c.id.as_deref(),
            OutputItem::ApplyPatchCall(c) => Some(&c.id),
            OutputItem::ShellCall(c) => Some(&c.id),
            OutputItem::ShellCallOutput(c) => Some(&c.id),
            OutputItem::OpenRouterWebSearch(c) => c.id.as_deref(),
            OutputItem::OpenRouterWebFetch(c) => c.id.as_deref(),
            OutputItem::OpenRouterDatetime(c) => c.id.as_deref(),
            OutputItem::OpenRouterImageGeneration(c) => c.id.as_deref(),
            OutputItem::OpenRouterCodeInterpreter(c) => c.id.as_deref(),
            OutputItem::OpenRouterBash(c) => c.id.as_deref(),
            OutputItem::OpenRouterShell(c) => c.id.as_deref(),
            OutputItem::OpenRouterApplyPatch(c) => c.id.as_deref(),
            OutputItem::OpenRouterBrowserUse(c) => c.id.as_deref(),
            OutputItem::OpenRouterTextEditor(c) => c.id.as_deref(),
            OutputItem::OpenRouterMcp(c) => c.id.as_deref(),
            OutputItem::OpenRouterFileSearch(c) => c.id.as_deref(),
            OutputItem::OpenRouterToolSearch(c) => c.id.as_deref(),
            OutputItem::OpenRouterMemory(c) => c.id.as_deref(),
            OutputItem::OpenRouterFiles(c) => c.id.as_deref(),
            OutputItem::OpenRouterSearchModels(c) => c.id.as_deref(),
            OutputItem::OpenRouterAdvisor(c) => c.id.as_deref(),
            OutputItem::OpenRouterSubagent(c) => c.id.as_deref(),
            OutputItem::OpenRouterFusion(c) => c.id.as_deref(),
            OutputItem::ServerTool(c) => c.id.as_deref(),
            OutputItem::Unknown(v) => v.get("id").and_then(Value::as_str),
        }
    }

    /// The message, when this is one.
    pub fn as_message(&self) -> Option<&OutputMessage> {
        match self {
            OutputItem::Message(m) => Some(m),
            _ => None,
        }
    }

    /// The reasoning item, when this is one.
    pub fn as_reasoning(&self) -> Option<&ReasoningItem> {
        match self {
            OutputItem::Reasoning(r) => Some(r),
            _ => None,
        }
    }

    /// The function call, when this is one.
    pub fn as_function_call(&self) -> Option<&FunctionCall> {
        match self {
            OutputItem::FunctionCall(c) => Some(c),
            _ => None,
        }
    }

    /// The custom tool call, when this is one: run it and send the result
    /// back as a `custom_tool_call_output` item.
    ///
    /// The items a program reads or acts on have an `as_*` accessor: the
    /// message, the reasoning, and the calls the program runs itself
    /// (`function_call`, `custom_tool_call`, `apply_patch_call`,
    /// `shell_call`, `computer_call`). Items of tools the server ran are
    /// read with a `match` on their variant.
    ///
    /// ```
    /// use openrouter_responses::request::CustomToolCallOutput;
    /// use openrouter_responses::{InputItem, OutputItem};
    ///
    /// let item: OutputItem = serde_json::from_str(
    ///     r#"{"type":"custom_tool_call","call_id":"call_1","name":"sql","input":"SELECT 1"}"#,
    /// )?;
    /// let mut answers = Vec::new();
    /// if let Some(call) = item.as_custom_tool_call() {
    ///     assert_eq!((call.name.as_str(), call.input.as_str()), ("sql", "SELECT 1"));
    ///     answers.push(InputItem::from(CustomToolCallOutput::new(&call.call_id, "1")));
    /// }
    /// assert_eq!(serde_json::to_value(&answers)?[0]["type"], "custom_tool_call_output");
    /// assert!(item.as_function_call().is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn as_custom_tool_call(&self) -> Option<&CustomToolCall> {
        match self {
            OutputItem::CustomToolCall(c) => Some(c),
            _ => None,
        }
    }

    /// The patch to apply, when this is an `apply_patch_call`: apply it and
    /// send an `apply_patch_call_output` item back.
    pub fn as_apply_patch_call(&self) -> Option<&ApplyPatchCall> {
        match self {
            OutputItem::ApplyPatchCall(c) => Some(c),
            _ => None,
        }
    }

    /// The shell commands to run, when this is a `shell_call`: run them and
    /// send a [`ShellCallOutput`] back.
    pub fn as_shell_call(&self) -> Option<&ShellCall> {
        match self {
            OutputItem::ShellCall(c) => Some(c),
            _ => None,
        }
    }

    /// The computer-use action, when this is a `computer_call`: perform it
    /// and send a `computer_call_output` item back.
    pub fn as_computer_call(&self) -> Option<&ComputerCall> {
        match self {
            OutputItem::ComputerCall(c) => Some(c),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for OutputItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        tagged::deserialize(deserializer)
    }
}

/// Decodes the rest of an item's members as `T`.
fn decode_into<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    rest: D,
    wrap: fn(T) -> OutputItem,
) -> std::result::Result<OutputItem, D::Error> {
    T::deserialize(rest).map(wrap)
}

impl From<OutputMessage> for OutputItem {
    fn from(m: OutputMessage) -> Self {
        OutputItem::Message(m)
    }
}

impl From<ReasoningItem> for OutputItem {
    fn from(r: ReasoningItem) -> Self {
        OutputItem::Reasoning(r)
    }
}

impl From<FunctionCall> for OutputItem {
    fn from(c: FunctionCall) -> Self {
        OutputItem::FunctionCall(c)
    }
}

open_enum! {
    /// The status of an output item. One enum serves every item type; each
    /// type uses some of the values.
    pub enum ItemStatus {
        /// Being generated or running.
        InProgress = "in_progress",
        /// Done.
        Completed = "completed",
        /// Stopped early.
        Incomplete = "incomplete",
        /// Failed.
        Failed = "failed",
        /// A web search is searching.
        Searching = "searching",
        /// An image is being generated.
        Generating = "generating",
        /// Code is being interpreted.
        Interpreting = "interpreting",
    }
}

open_enum! {
    /// The phase of an assistant message, for models that tell commentary from
    /// the final answer. Send it back with the message on the next turn.
    pub enum MessagePhase {
        /// Commentary between tool calls.
        Commentary = "commentary",
        /// The final answer.
        FinalAnswer = "final_answer",
    }
}

/// An assistant message (`type: "message"`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutputMessage {
    /// The message id; `""` when the server sent none, and an empty id is
    /// not written (a message sent back without one is a plain message).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The role, `"assistant"` (also when the server sent none).
    #[serde(default = "assistant_role")]
    pub role: String,
    /// The content parts: text and refusals.
    #[serde(default)]
    pub content: Vec<OutputContent>,
    /// The status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// Commentary or final answer, for models that tell them apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<MessagePhase>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct OutputMessage { id, role, content, status, phase, extra });

/// The role of an output message that has none.
fn assistant_role() -> String {
    "assistant".to_owned()
}

impl OutputMessage {
    /// Joins the text of the message's `output_text` parts; `""` when none.
    pub fn text(&self) -> String {
        self.content
            .iter()
            .filter_map(OutputContent::as_output_text)
            .map(|t| t.text.as_str())
            .collect()
    }
}

open_enum! {
    /// The format of reasoning data, which tells the provider family that
    /// produced it (`ReasoningFormat`).
    pub enum ReasoningFormat {
        /// The value `unknown`.
        Unknown = "unknown",
        /// OpenAI Responses.
        OpenaiResponsesV1 = "openai-responses-v1",
        /// Azure OpenAI Responses.
        AzureOpenaiResponsesV1 = "azure-openai-responses-v1",
        /// Bedrock OpenAI Responses.
        BedrockOpenaiResponsesV1 = "bedrock-openai-responses-v1",
        /// Bedrock xAI Responses.
        BedrockXaiResponsesV1 = "bedrock-xai-responses-v1",
        /// xAI Responses.
        XaiResponsesV1 = "xai-responses-v1",
        /// Meta Responses.
        MetaResponsesV1 = "meta-responses-v1",
        /// Anthropic Claude.
        AnthropicClaudeV1 = "anthropic-claude-v1",
        /// Google Gemini.
        GoogleGeminiV1 = "google-gemini-v1",
    }
}

/// Reasoning (`type: "reasoning"`).
///
/// To carry reasoning across turns, ask for
/// `include: ["reasoning.encrypted_content"]` and send the item back unchanged
/// (see [`Response::to_input_items`](super::Response::to_input_items)).
/// Its `Debug` shows an `encrypted_content` of more than 1000 characters by
/// its first 1000 and its length.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReasoningItem {
    /// The item id.
    pub id: String,
    /// The summary parts.
    #[serde(default)]
    pub summary: Vec<ReasoningSummary>,
    /// The full reasoning text parts, when the provider shares them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<ReasoningContent>>,
    /// The encrypted reasoning, to send back on the next turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted_content: Option<String>,
    /// The status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// The format of the reasoning data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ReasoningFormat>,
    /// The provider's signature of the reasoning, to send back on the next turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ReasoningItem { id, summary, content, encrypted_content: crate::debug::long_text_opt, status, format, signature, extra });

impl ReasoningItem {
    /// Joins the summary parts, one per line.
    pub fn summary_text(&self) -> String {
        let parts: Vec<&str> = self
            .summary
            .iter()
            .filter_map(ReasoningSummary::text)
            .collect();
        parts.join("\n")
    }

    /// Joins the reasoning text parts, one per line; `""` when there are none.
    pub fn content_text(&self) -> String {
        let parts: Vec<&str> = self
            .content
            .iter()
            .flatten()
            .filter_map(ReasoningContent::text)
            .collect();
        parts.join("\n")
    }
}

/// One part of a reasoning summary.
///
/// The spec sends objects (`{"type": "summary_text", "text": …}`); some
/// documented examples send plain strings. Both decode, and each encodes back
/// in the shape it came in.
///
/// ```
/// use openrouter_responses::response::ReasoningSummary;
/// let parts: Vec<ReasoningSummary> = serde_json::from_str(
///     r#"[{"type":"summary_text","text":"a"}, "b", {"type":"summary_image"}]"#,
/// )?;
/// let texts: Vec<_> = parts.iter().map(ReasoningSummary::text).collect();
/// assert_eq!(texts, [Some("a"), Some("b"), None]);
/// assert_eq!(
///     serde_json::to_string(&parts)?,
///     r#"[{"type":"summary_text","text":"a"},"b",{"type":"summary_image"}]"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum ReasoningSummary {
    /// `{"type": "summary_text", "text": …}`.
    #[serde(rename = "summary_text")]
    SummaryText(SummaryText),
    /// A plain string.
    #[serde(untagged)]
    Plain(String),
    /// A part of another type, kept as sent.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(
    enum ReasoningSummary {
        SummaryText(x),
        Plain(x),
        Unknown(x),
    }
);

crate::response::tagged::type_tagged!(ReasoningSummary, "a reasoning summary part", {
    "summary_text" => SummaryText,
}, plain => Plain, held {
    "summary_text" => SummaryText.text,
});

impl ReasoningSummary {
    /// The text of a `summary_text` part or a plain string.
    pub fn text(&self) -> Option<&str> {
        match self {
            ReasoningSummary::SummaryText(s) => Some(&s.text),
            ReasoningSummary::Plain(s) => Some(s),
            ReasoningSummary::Unknown(_) => None,
        }
    }

    /// The text to append stream deltas to; `None` for an unknown part.
    pub fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            ReasoningSummary::SummaryText(s) => Some(&mut s.text),
            ReasoningSummary::Plain(s) => Some(s),
            ReasoningSummary::Unknown(_) => None,
        }
    }
}

impl Default for ReasoningSummary {
    fn default() -> Self {
        ReasoningSummary::SummaryText(SummaryText::default())
    }
}

/// A `summary_text` part of a reasoning summary.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SummaryText {
    /// The text.
    #[serde(default)]
    pub text: String,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct SummaryText { text, extra });

impl SummaryText {
    /// A summary part with this text.
    pub fn new(text: impl Into<String>) -> Self {
        SummaryText {
            text: text.into(),
            extra: Map::new(),
        }
    }
}

/// One part of the full reasoning.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum ReasoningContent {
    /// `{"type": "reasoning_text", "text": …}`.
    #[serde(rename = "reasoning_text")]
    ReasoningText(ReasoningText),
    /// A part of another type, kept as sent.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(
    enum ReasoningContent {
        ReasoningText(x),
        Unknown(x),
    }
);

crate::response::tagged::type_tagged!(ReasoningContent, "a reasoning content part", {
    "reasoning_text" => ReasoningText,
}, held {
    "reasoning_text" => ReasoningText.text,
});

impl ReasoningContent {
    /// The text of a `reasoning_text` part.
    pub fn text(&self) -> Option<&str> {
        match self {
            ReasoningContent::ReasoningText(t) => Some(&t.text),
            ReasoningContent::Unknown(_) => None,
        }
    }

    /// The text to append stream deltas to; `None` for an unknown part.
    pub fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            ReasoningContent::ReasoningText(t) => Some(&mut t.text),
            ReasoningContent::Unknown(_) => None,
        }
    }
}

impl Default for ReasoningContent {
    fn default() -> Self {
        ReasoningContent::ReasoningText(ReasoningText::default())
    }
}

/// A `reasoning_text` part of the full reasoning.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReasoningText {
    /// The text.
    #[serde(default)]
    pub text: String,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ReasoningText { text, extra });

impl ReasoningText {
    /// A reasoning part with this text.
    pub fn new(text: impl Into<String>) -> Self {
        ReasoningText {
            text: text.into(),
            extra: Map::new(),
        }
    }
}

/// A call of a function tool (`type: "function_call"`). Run the function and
/// send a `function_call_output` with the same `call_id`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FunctionCall {
    /// The item id (`fc_…`), when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The call id, to quote in the `function_call_output`.
    pub call_id: String,
    /// The function name.
    pub name: String,
    /// The arguments, a JSON text (see [`parse_arguments`](FunctionCall::parse_arguments)).
    #[serde(default)]
    pub arguments: String,
    /// The status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// The namespace of the tool, for tools grouped in a namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The subagent that made the call, for calls of an `openrouter:subagent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subagent_id: Option<String>,
    /// The items the subagent produced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subagent_items: Option<Vec<OutputItem>>,
    /// `async`: `true` when the model called a tool declared `async` and
    /// may go on with its turn before the result comes; send the result in
    /// a later request, with this `call_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#async: Option<bool>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct FunctionCall { id, call_id, name, arguments, status, namespace, subagent_id, subagent_items, r#async, extra });

impl FunctionCall {
    /// Whether the status is `incomplete`: the call was cut off (by
    /// `max_output_tokens`, say) before its arguments were whole. Such a
    /// call is not to be run:
    /// [`Response::function_calls`](crate::Response::function_calls) leaves
    /// it out and [`parse_arguments`](FunctionCall::parse_arguments)
    /// refuses it.
    pub fn is_incomplete(&self) -> bool {
        self.status == Some(ItemStatus::Incomplete)
    }

    /// Parses the arguments into `T`.
    ///
    /// ```
    /// # use openrouter_responses::response::FunctionCall;
    /// #[derive(serde::Deserialize)]
    /// struct Args { location: String }
    ///
    /// let call: FunctionCall = serde_json::from_str(
    ///     r#"{"call_id":"call_1","name":"get_weather","arguments":"{\"location\":\"Oslo\"}"}"#,
    /// )?;
    /// let args: Args = call.parse_arguments()?;
    /// assert_eq!(args.location, "Oslo");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Incomplete`] when the call is
    /// [incomplete](FunctionCall::is_incomplete).
    /// [`Error::Decode`] when the arguments are not JSON of the shape of `T`;
    /// the raw arguments are kept in
    /// [`DecodeError::body`](crate::DecodeError::body), and why they do not
    /// fit (``missing field `city` at line 1 column 2``) in its
    /// [`source`](crate::DecodeError::source), not in the error's `Display`
    /// ("failed to decode function call arguments"): that reason is what to
    /// send back in the call's output, for the model to correct its call.
    ///
    /// ```
    /// # use openrouter_responses::{response::FunctionCall, Error};
    /// #[derive(Debug, serde::Deserialize)]
    /// struct Args { city: String }
    ///
    /// let call = FunctionCall::new("call_1", "get_weather", r#"{"town":"Oslo"}"#);
    /// let output = match call.parse_arguments::<Args>() {
    ///     Ok(args) => format!("sunny in {}", args.city),
    ///     Err(Error::Decode(e)) => format!("bad arguments: {}", e.source),
    ///     Err(e) => return Err(e.into()),
    /// };
    /// assert_eq!(output, "bad arguments: missing field `city` at line 1 column 15");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// Empty (or blank) arguments, which some providers send for a tool that
    /// takes no parameters, are read as `{}`:
    ///
    /// ```
    /// # use openrouter_responses::response::FunctionCall;
    /// #[derive(serde::Deserialize)]
    /// struct NoArgs {}
    ///
    /// let call = FunctionCall::new("call_1", "get_time", "");
    /// let _: NoArgs = call.parse_arguments()?;
    /// let args: serde_json::Value = call.parse_arguments()?;
    /// assert_eq!(args, serde_json::json!({}));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// A call whose status is `incomplete` (cut off by the end of its
    /// response, `max_output_tokens` say) is [`Error::Incomplete`], with its
    /// arguments as the error's `text`, rather than parsed: a part of the
    /// arguments may parse (empty ones as `{}`) into a call the model did
    /// not make.
    ///
    /// ```
    /// # use openrouter_responses::{response::FunctionCall, Error};
    /// let call: FunctionCall = serde_json::from_value(serde_json::json!({
    ///     "call_id": "call_1", "name": "get_time", "arguments": "", "status": "incomplete"
    /// }))?;
    /// assert!(call.is_incomplete());
    /// assert!(matches!(call.parse_arguments::<serde_json::Value>(), Err(Error::Incomplete(_))));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn parse_arguments<T: DeserializeOwned>(&self) -> Result<T> {
        if self.is_incomplete() {
            return Err(Error::incomplete(None, self.arguments.clone()));
        }
        let text = match self.arguments.trim() {
            "" => "{}",
            _ => self.arguments.as_str(),
        };
        serde_json::from_str(text)
            .map_err(|err| Error::decode(DecodeTarget::Arguments, self.arguments.as_str(), err))
    }
}

/// A call of a custom tool (`type: "custom_tool_call"`), whose input is free
/// text rather than JSON.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomToolCall {
    /// The item id, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The call id, to quote in the `custom_tool_call_output`.
    pub call_id: String,
    /// The tool name.
    pub name: String,
    /// The input text.
    #[serde(default)]
    pub input: String,
    /// The namespace of the tool, for tools grouped in a namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The status, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// `async`: `true` when the model called a tool declared `async` and
    /// may go on with its turn before the result comes; send the result in
    /// a later request, with this `call_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#async: Option<bool>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct CustomToolCall { id, call_id, name, input, namespace, status, r#async, extra });

impl CustomToolCall {
    /// Whether the status is `incomplete`: the call was cut off (by
    /// `max_output_tokens`, say) before its input was whole, and is not to
    /// be run.
    pub fn is_incomplete(&self) -> bool {
        self.status == Some(ItemStatus::Incomplete)
    }
}

/// A web search of an OpenAI-style web search tool (`type: "web_search_call"`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebSearchCall {
    /// The item id.
    pub id: String,
    /// The status: in progress, searching, completed or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// What the search did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<WebSearchAction>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct WebSearchCall { id, status, action, extra });

/// What a web search did.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum WebSearchAction {
    /// Ran a search (`search`).
    #[serde(rename = "search")]
    Search(WebSearchSearch),
    /// Opened a page (`open_page`).
    #[serde(rename = "open_page")]
    OpenPage(WebSearchOpenPage),
    /// Searched within a page (`find_in_page`).
    #[serde(rename = "find_in_page")]
    FindInPage(WebSearchFind),
    /// An action of another type, kept as sent.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(
    enum WebSearchAction {
        Search(x),
        OpenPage(x),
        FindInPage(x),
        Unknown(x),
    }
);

crate::response::tagged::type_tagged!(WebSearchAction, "a web search action", {
    "search" => Search,
    "open_page" => OpenPage,
    "find_in_page" => FindInPage,
});

/// A `search` action of a web search.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebSearchSearch {
    /// The query.
    pub query: String,
    /// Every query, when the search ran several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queries: Option<Vec<String>>,
    /// The sources consulted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<WebSearchSource>>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct WebSearchSearch { query, queries, sources, extra });

/// A source consulted by a web search (`{"type": "url", "url": …}`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebSearchSource {
    /// The source type, `"url"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// The URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct WebSearchSource { r#type, url, extra });

/// An `open_page` action of a web search.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebSearchOpenPage {
    /// The URL opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct WebSearchOpenPage { url, extra });

/// A `find_in_page` action of a web search.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebSearchFind {
    /// The pattern searched for.
    pub pattern: String,
    /// The page searched.
    pub url: String,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct WebSearchFind { pattern, url, extra });

/// A file search (`type: "file_search_call"`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileSearchCall {
    /// The item id.
    pub id: String,
    /// The queries run.
    #[serde(default)]
    pub queries: Vec<String>,
    /// The status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// The results, when asked for with `include: ["file_search_call.results"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<Vec<Value>>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct FileSearchCall { id, queries, status, results, extra });

/// An image generation (`type: "image_generation_call"`).
///
/// Its `Debug` shows a `result` of more than 1000 characters (the image)
/// by its first 1000 and its length.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImageGenerationCall {
    /// The item id.
    pub id: String,
    /// The status: in progress, generating, completed or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// The image, base64-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// The prompt used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ImageGenerationCall { id, status, result: crate::debug::long_text_opt, prompt, extra });

impl ImageGenerationCall {
    /// The generated image's bytes, decoded from the base64 `result` (a
    /// `data:` URL's included). `None` when there is no result, or when it
    /// is an `http(s)` URL to fetch.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] of [`DecodeTarget::Base64`] (the text kept) when
    /// the result is neither base64 nor a URL.
    ///
    /// ```
    /// use openrouter_responses::response::ImageGenerationCall;
    /// let call: ImageGenerationCall = serde_json::from_str(
    ///     r#"{"id":"ig_1","status":"completed","result":"iVBORw0KGgo="}"#,
    /// )?;
    /// let png = call.image_bytes().transpose()?.unwrap_or_default();
    /// assert!(png.starts_with(b"\x89PNG"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn image_bytes(&self) -> Option<Result<Vec<u8>>> {
        inline_bytes(self.result.as_deref())
    }
}

/// The bytes of an inline image: `text` in base64 or a base64 `data:` URL;
/// `None` for no text or an `http(s)` URL.
pub(crate) fn inline_bytes(text: Option<&str>) -> Option<Result<Vec<u8>>> {
    let text = text?;
    if text.starts_with("https://") || text.starts_with("http://") {
        return None;
    }
    Some(crate::base64::decode(text).map_err(|e| Error::base64(text, e)))
}

/// A code interpreter run (`type: "code_interpreter_call"`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CodeInterpreterCall {
    /// The item id.
    pub id: String,
    /// The status: in progress, interpreting, completed, incomplete or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// The code run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The container it ran in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
    /// What it produced, when asked for with
    /// `include: ["code_interpreter_call.outputs"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outputs: Option<Vec<CodeInterpreterOutput>>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct CodeInterpreterCall { id, status, code, container_id, outputs, extra });

/// One output of a code interpreter run.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum CodeInterpreterOutput {
    /// Printed text (`logs`).
    #[serde(rename = "logs")]
    Logs(CodeInterpreterLogs),
    /// An image (`image`).
    #[serde(rename = "image")]
    Image(CodeInterpreterImage),
    /// A file (`file`).
    #[serde(rename = "file")]
    File(CodeInterpreterFile),
    /// An output of another type, kept as sent.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(
    enum CodeInterpreterOutput {
        Logs(x),
        Image(x),
        File(x),
        Unknown(x),
    }
);

crate::response::tagged::type_tagged!(CodeInterpreterOutput, "a code interpreter output", {
    "logs" => Logs,
    "image" => Image,
    "file" => File,
});

/// The `logs` output of a code interpreter run.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CodeInterpreterLogs {
    /// The text printed.
    pub logs: String,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct CodeInterpreterLogs { logs, extra });

/// The `image` output of a code interpreter run.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CodeInterpreterImage {
    /// Where the image is.
    pub url: String,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct CodeInterpreterImage { url, extra });

/// The `file` output of a code interpreter run.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CodeInterpreterFile {
    /// The file id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// The media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    /// The SHA-256 of the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Where to download it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_url: Option<String>,
    /// When the download link expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// The file's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Why the file could not be produced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct CodeInterpreterFile { id, filename, media_type, size_bytes, sha256, download_url, expires_at, status, error_code, extra });

/// A computer-use action (`type: "computer_call"`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ComputerCall {
    /// The item id, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The call id, to quote in the `computer_call_output`.
    pub call_id: String,
    /// The status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// The action to perform (click, type, screenshot, …), as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Value>,
    /// Safety checks to acknowledge before acting.
    #[serde(default)]
    pub pending_safety_checks: Vec<PendingSafetyCheck>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ComputerCall { id, call_id, status, action, pending_safety_checks, extra });

/// A safety check of a [`ComputerCall`].
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PendingSafetyCheck {
    /// The check id.
    #[serde(default)]
    pub id: String,
    /// The check code.
    #[serde(default)]
    pub code: String,
    /// What the check is about.
    #[serde(default)]
    pub message: String,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct PendingSafetyCheck { id, code, message, extra });

/// A patch to apply (`type: "apply_patch_call"`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApplyPatchCall {
    /// The item id. An input item may leave it out or send `null`: it is
    /// then empty, and an empty id is not written.
    #[serde(
        default,
        deserialize_with = "crate::response::null_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub id: String,
    /// The call id, to quote in the `apply_patch_call_output`.
    pub call_id: String,
    /// The status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// The file operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<ApplyPatchOperation>,
    /// Who created the call, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ApplyPatchCall { id, call_id, status, operation, created_by, extra });

/// The file operation of an apply-patch call.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum ApplyPatchOperation {
    /// Create a file from a diff (`create_file`).
    #[serde(rename = "create_file")]
    CreateFile(PatchOperation),
    /// Change a file by a diff (`update_file`).
    #[serde(rename = "update_file")]
    UpdateFile(PatchOperation),
    /// Delete a file (`delete_file`).
    #[serde(rename = "delete_file")]
    DeleteFile(PatchOperation),
    /// An operation of another type, kept as sent.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(
    enum ApplyPatchOperation {
        CreateFile(x),
        UpdateFile(x),
        DeleteFile(x),
        Unknown(x),
    }
);

crate::response::tagged::type_tagged!(ApplyPatchOperation, "a patch operation", {
    "create_file" => CreateFile,
    "update_file" => UpdateFile,
    "delete_file" => DeleteFile,
});

/// The path and diff of an [`ApplyPatchOperation`].
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PatchOperation {
    /// The file path.
    pub path: String,
    /// The diff; `None` for a deletion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct PatchOperation { path, diff, extra });

/// A shell command to run (`type: "shell_call"`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ShellCall {
    /// The item id. An input item may leave it out or send `null`: it is
    /// then empty, and an empty id is not written.
    #[serde(
        default,
        deserialize_with = "crate::response::null_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub id: String,
    /// The call id, to quote in the `shell_call_output`.
    pub call_id: String,
    /// The status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// The commands and their limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ShellAction>,
    /// The raw arguments, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<String>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ShellCall { id, call_id, status, action, arguments, extra });

/// The commands of a shell call.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ShellAction {
    /// The commands, in order.
    #[serde(default)]
    pub commands: Vec<String>,
    /// The longest output to keep, in characters; written as `null` when `None`.
    #[serde(default)]
    pub max_output_length: Option<u64>,
    /// The time limit in milliseconds; written as `null` when `None`.
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ShellAction { commands, max_output_length, timeout_ms, extra });

/// The output of a shell call (`type: "shell_call_output"`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ShellCallOutput {
    /// The item id. An input item may leave it out or send `null`: it is
    /// then empty, and an empty id is not written.
    #[serde(
        default,
        deserialize_with = "crate::response::null_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub id: String,
    /// The call id of the shell call.
    pub call_id: String,
    /// The status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    /// One output per command.
    #[serde(default)]
    pub output: Vec<ShellOutput>,
    /// The longest output kept, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_output_length: Option<u64>,
    /// Why the sandbox call failed before it gave a result (the container
    /// limit reached, say); a server sets it with `status` `incomplete`
    /// and an empty `output`. `None` on a call that ran. From the official
    /// SDK 1.3.19.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The container the commands ran in, when OpenRouter's sandbox ran
    /// them: its id for the Container Files API, which a later request can
    /// reuse as a
    /// [`SandboxEnvironment::container`](crate::request::SandboxEnvironment::container).
    /// From the official SDK 1.3.19.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
    /// The files the commands created or changed, the most recently
    /// touched first (at most 10), to fetch through the Container Files
    /// API. From the official SDK 1.3.19.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<ContainerFile>>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ShellCallOutput { id, call_id, status, output, max_output_length, error, container_id, files, extra });

/// What one shell command printed and how it ended.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ShellOutput {
    /// Standard output.
    #[serde(default)]
    pub stdout: String,
    /// Standard error.
    #[serde(default)]
    pub stderr: String,
    /// How the command ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ShellOutcome>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ShellOutput { stdout, stderr, outcome, extra });

/// How a shell command ended.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum ShellOutcome {
    /// It exited (`exit`).
    #[serde(rename = "exit")]
    Exit(ShellExit),
    /// It ran out of time (`timeout`); other fields kept as sent.
    #[serde(rename = "timeout")]
    Timeout(Map<String, Value>),
    /// An outcome of another type, kept as sent.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(
    enum ShellOutcome {
        Exit(x),
        Timeout(x),
        Unknown(x),
    }
);

crate::response::tagged::type_tagged!(ShellOutcome, "a shell outcome", {
    "exit" => Exit,
    "timeout" => Timeout,
});

/// The `exit` outcome of a shell command.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ShellExit {
    /// The exit code.
    pub exit_code: i64,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ShellExit { exit_code, extra });

/// Answering a `shell_call` of the `shell` tool: the commands were run by
/// the caller, and their output goes back as input.
impl ShellCallOutput {
    /// The output of the shell call `call_id`: one [`ShellOutput`] per
    /// command of its [`action`](ShellCall::action), in order.
    ///
    /// ```
    /// use openrouter_responses::response::{ShellCallOutput, ShellOutput};
    /// use openrouter_responses::InputItem;
    /// use serde_json::json;
    ///
    /// let item = InputItem::from(ShellCallOutput::new(
    ///     "call_1",
    ///     [ShellOutput::exit("total 0\n", "", 0), ShellOutput::timeout("", "")],
    /// ));
    /// assert_eq!(
    ///     serde_json::to_value(&item)?,
    ///     json!({"type": "shell_call_output", "call_id": "call_1", "output": [
    ///         {"stdout": "total 0\n", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}},
    ///         {"stdout": "", "stderr": "", "outcome": {"type": "timeout"}}
    ///     ]})
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(call_id: impl Into<String>, output: impl IntoIterator<Item = ShellOutput>) -> Self {
        ShellCallOutput {
            call_id: call_id.into(),
            output: output.into_iter().collect(),
            ..ShellCallOutput::default()
        }
    }

    /// The same output with `error`: why the commands could not be run.
    ///
    /// ```
    /// use openrouter_responses::response::{ItemStatus, ShellCallOutput};
    /// use openrouter_responses::InputItem;
    /// use serde_json::json;
    ///
    /// let mut failed = ShellCallOutput::new("call_1", []).error("container limit reached");
    /// failed.status = Some(ItemStatus::Incomplete);
    /// assert_eq!(
    ///     serde_json::to_value(InputItem::from(failed))?,
    ///     json!({"type": "shell_call_output", "call_id": "call_1", "status": "incomplete",
    ///            "output": [], "error": "container limit reached"})
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn error(mut self, message: impl Into<String>) -> Self {
        self.extra.remove("error");
        self.error = Some(message.into());
        self
    }

    /// The same output with `container_id`: the container the commands ran
    /// in.
    pub fn container_id(mut self, container_id: impl Into<String>) -> Self {
        self.extra.remove("container_id");
        self.container_id = Some(container_id.into());
        self
    }

    /// The same output with `files`: the files the commands created or
    /// changed.
    ///
    /// ```
    /// use openrouter_responses::response::{ContainerFileCitation, ShellCallOutput};
    /// use serde_json::json;
    ///
    /// let mut file = ContainerFileCitation::default();
    /// file.container_id = "cntr_1".into();
    /// file.file_id = "cfile_1".into();
    /// file.filename = "out.csv".into();
    /// let output = ShellCallOutput::new("call_1", []).container_id("cntr_1").files([file.into()]);
    /// assert_eq!(
    ///     serde_json::to_value(&output)?,
    ///     json!({"call_id": "call_1", "output": [], "container_id": "cntr_1",
    ///            "files": [{"type": "container_file_citation", "container_id": "cntr_1",
    ///                       "file_id": "cfile_1", "filename": "out.csv",
    ///                       "start_index": 0, "end_index": 0}]})
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn files(mut self, files: impl IntoIterator<Item = ContainerFile>) -> Self {
        self.extra.remove("files");
        self.files = Some(files.into_iter().collect());
        self
    }
}

impl ShellOutput {
    /// What a command printed, and that it exited with `exit_code`.
    pub fn exit(stdout: impl Into<String>, stderr: impl Into<String>, exit_code: i64) -> Self {
        ShellOutput {
            stdout: stdout.into(),
            stderr: stderr.into(),
            outcome: Some(ShellOutcome::Exit(ShellExit {
                exit_code,
                extra: Map::new(),
            })),
            extra: Map::new(),
        }
    }

    /// What a command printed before it ran out of time.
    pub fn timeout(stdout: impl Into<String>, stderr: impl Into<String>) -> Self {
        ShellOutput {
            stdout: stdout.into(),
            stderr: stderr.into(),
            outcome: Some(ShellOutcome::Timeout(Map::new())),
            extra: Map::new(),
        }
    }
}

/// Building items by hand, to replay earlier output as input without
/// decoding it from JSON (see [`InputItem`](crate::InputItem)).
///
/// The setters are consuming and named after the fields they set.
impl OutputMessage {
    /// An assistant message with `id`, `status: "completed"` and `content`
    /// (`output_text` and `refusal` parts). A replayed assistant message
    /// needs its `id` and `status`.
    ///
    /// ```
    /// use openrouter_responses::response::{ItemStatus, MessagePhase, OutputMessage, OutputText};
    /// use openrouter_responses::InputItem;
    /// use serde_json::json;
    ///
    /// let item = InputItem::from(
    ///     OutputMessage::assistant("msg_1", [OutputText::new("Hi!")])
    ///         .phase(MessagePhase::FinalAnswer),
    /// );
    /// assert_eq!(
    ///     serde_json::to_value(&item)?,
    ///     json!({"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
    ///            "phase": "final_answer",
    ///            "content": [{"type": "output_text", "text": "Hi!", "annotations": []}]})
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn assistant<I, C>(id: impl Into<String>, content: I) -> Self
    where
        I: IntoIterator<Item = C>,
        C: Into<OutputContent>,
    {
        OutputMessage {
            id: id.into(),
            role: "assistant".to_owned(),
            content: content.into_iter().map(Into::into).collect(),
            status: Some(ItemStatus::Completed),
            phase: None,
            extra: Map::new(),
        }
    }

    /// Sets `status`.
    pub fn status(mut self, status: impl Into<ItemStatus>) -> Self {
        self.status = Some(status.into());
        self
    }

    /// Sets `phase`.
    pub fn phase(mut self, phase: impl Into<MessagePhase>) -> Self {
        self.phase = Some(phase.into());
        self
    }
}

impl ReasoningItem {
    /// A reasoning item with `id` and no summary; add what the provider
    /// returned (`encrypted_content`, `signature`, `format`, summary parts)
    /// with the setters.
    ///
    /// ```
    /// use openrouter_responses::response::{ReasoningFormat, ReasoningItem};
    /// use openrouter_responses::InputItem;
    /// use serde_json::json;
    ///
    /// let item = InputItem::from(
    ///     ReasoningItem::new("rs_1")
    ///         .summary_part("Compared options.")
    ///         .encrypted_content("gAAAA")
    ///         .signature("sig")
    ///         .format(ReasoningFormat::AnthropicClaudeV1),
    /// );
    /// assert_eq!(
    ///     serde_json::to_value(&item)?,
    ///     json!({"type": "reasoning", "id": "rs_1",
    ///            "summary": [{"type": "summary_text", "text": "Compared options."}],
    ///            "encrypted_content": "gAAAA", "signature": "sig",
    ///            "format": "anthropic-claude-v1"})
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        ReasoningItem {
            id: id.into(),
            ..ReasoningItem::default()
        }
    }

    /// Adds a `summary_text` part to `summary`.
    pub fn summary_part(mut self, text: impl Into<String>) -> Self {
        self.summary
            .push(ReasoningSummary::SummaryText(SummaryText::new(text)));
        self
    }

    /// Adds a `reasoning_text` part to `content`.
    pub fn content_part(mut self, text: impl Into<String>) -> Self {
        self.content
            .get_or_insert_with(Vec::new)
            .push(ReasoningContent::ReasoningText(ReasoningText::new(text)));
        self
    }

    /// Sets `encrypted_content`.
    pub fn encrypted_content(mut self, encrypted_content: impl Into<String>) -> Self {
        self.encrypted_content = Some(encrypted_content.into());
        self
    }

    /// Sets `signature`.
    pub fn signature(mut self, signature: impl Into<String>) -> Self {
        self.signature = Some(signature.into());
        self
    }

    /// Sets `format`.
    pub fn format(mut self, format: impl Into<ReasoningFormat>) -> Self {
        self.format = Some(format.into());
        self
    }

    /// Sets `status`.
    pub fn status(mut self, status: impl Into<ItemStatus>) -> Self {
        self.status = Some(status.into());
        self
    }
}

impl FunctionCall {
    /// A call of the function `name` with `call_id` and `arguments` (the
    /// JSON text of the arguments).
    ///
    /// ```
    /// use openrouter_responses::response::{FunctionCall, ItemStatus};
    /// use openrouter_responses::InputItem;
    /// use serde_json::json;
    ///
    /// let item = InputItem::from(
    ///     FunctionCall::new("call_1", "get_weather", r#"{"city":"Paris"}"#)
    ///         .id("fc_1")
    ///         .status(ItemStatus::Completed),
    /// );
    /// assert_eq!(
    ///     serde_json::to_value(&item)?,
    ///     json!({"type": "function_call", "id": "fc_1", "call_id": "call_1",
    ///            "name": "get_weather", "arguments": "{\"city\":\"Paris\"}",
    ///            "status": "completed"})
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(
        call_id: impl Into<String>,
        name: impl Into<String>,
        arguments: impl Into<String>,
    ) -> Self {
        FunctionCall {
            call_id: call_id.into(),
            name: name.into(),
            arguments: arguments.into(),
            ..FunctionCall::default()
        }
    }

    /// Sets `id`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets `status`.
    pub fn status(mut self, status: impl Into<ItemStatus>) -> Self {
        self.status = Some(status.into());
        self
    }

    /// Sets `namespace`, for a function of a namespace tool.
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kept<T>(raw: Value) -> T
    where
        T: DeserializeOwned + Serialize,
    {
        let decoded: T = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), raw);
        decoded
    }

    #[test]
    fn nested_unions_keep_unknown_shapes() {
        let a: WebSearchAction = kept(json!({"type": "scroll", "pixels": 400}));
        assert!(matches!(a, WebSearchAction::Unknown(_)));
        let a: WebSearchAction = kept(json!({"type": "find_in_page", "url": "u"}));
        assert!(
            matches!(a, WebSearchAction::Unknown(_)),
            "find_in_page without pattern"
        );
        let a: WebSearchAction = kept(json!({"type": "search", "query": "q"}));
        assert!(matches!(a, WebSearchAction::Search(s) if s.query == "q"));
        let o: CodeInterpreterOutput = kept(json!({"type": "video", "url": "u"}));
        assert!(matches!(o, CodeInterpreterOutput::Unknown(_)));
        let o: ApplyPatchOperation = kept(json!({"type": "rename_file", "from": "a", "to": "b"}));
        assert!(matches!(o, ApplyPatchOperation::Unknown(_)));
        let o: ShellOutcome = kept(json!({"type": "signal", "signal": 9}));
        assert!(matches!(o, ShellOutcome::Unknown(_)));
        let o: ShellOutcome = kept(json!({"type": "exit"}));
        assert!(
            matches!(o, ShellOutcome::Unknown(_)),
            "exit without exit_code"
        );
        let o: ShellOutcome = kept(json!({"type": "timeout", "after_ms": 10}));
        assert!(matches!(o, ShellOutcome::Timeout(m) if m.get("after_ms") == Some(&json!(10))));
        let s: ReasoningSummary = kept(json!(42));
        assert_eq!(s, ReasoningSummary::Unknown(json!(42)));
        let c: ReasoningContent = kept(json!("plain"));
        assert_eq!(c, ReasoningContent::Unknown(json!("plain")));
    }

    #[test]
    fn async_calls_are_typed_and_echoed() {
        let item: OutputItem = kept(json!({"type": "function_call", "call_id": "c", "name": "n",
            "arguments": "{}", "async": true}));
        let call = item.as_function_call().expect("typed");
        assert_eq!((call.r#async, call.extra.is_empty()), (Some(true), true));
        let echoed = serde_json::to_value(crate::InputItem::from(item.clone())).unwrap();
        assert_eq!(echoed["async"], json!(true));

        let item: OutputItem = kept(json!({"type": "custom_tool_call", "call_id": "c",
            "name": "n", "input": "x", "status": "in_progress", "async": false}));
        let call = item.as_custom_tool_call().expect("typed");
        assert_eq!((call.r#async, call.extra.is_empty()), (Some(false), true));

        let plain = FunctionCall::new("c", "n", "{}");
        assert_eq!(plain.r#async, None);
        assert!(serde_json::to_value(&plain).unwrap().get("async").is_none());
    }

    #[test]
    fn malformed_server_tool_item_falls_back_to_generic() {
        let raw =
            json!({"type": "openrouter:web_fetch", "status": "completed", "httpStatus": "200"});
        let item: OutputItem = kept(raw);
        match item {
            OutputItem::ServerTool(t) => {
                assert_eq!(t.r#type, "openrouter:web_fetch");
                assert_eq!(t.extra.get("httpStatus"), Some(&json!("200")));
            }
            other => panic!("{other:?}"),
        }
        let item: OutputItem = kept(json!({"type": "openrouter:web_fetch", "status": 3}));
        assert!(matches!(item, OutputItem::Unknown(_)));
    }

    #[test]
    fn subagent_items_are_output_items() {
        let raw = json!({"type": "function_call", "call_id": "c", "name": "n", "arguments": "{}",
            "subagent_id": "sa_1",
            "subagent_items": [{"type": "message", "id": "m", "role": "assistant", "content": []},
                               {"type": "whatever"}]});
        let item: OutputItem = kept(raw);
        let call = item.as_function_call().unwrap();
        let items = call.subagent_items.as_ref().unwrap();
        assert!(matches!(items[0], OutputItem::Message(_)));
        assert!(matches!(items[1], OutputItem::Unknown(_)));
    }
}
