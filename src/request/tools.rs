//! `tools` and `tool_choice`.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::kept;
use super::misc::{CacheControl, XSearchFilter};
use super::text::ReasoningEffort;

/// One entry of `tools`, tagged by `type`.
///
/// Function tools, namespaces, the OpenAI-style hosted tools and OpenRouter's
/// server tools (`openrouter:*`) are typed. Server tools with a typed config
/// (`openrouter:web_search`, `web_fetch`, `datetime`, `image_generation`,
/// `tool_search`, `files`, `apply_patch`, `bash`, `shell`, `advisor`,
/// `subagent`, `fusion`) have a variant each; the other server tools are
/// [`OpenRouter`](Self::OpenRouter) with raw parameters. Anything else is
/// kept as raw JSON in [`Unknown`](Self::Unknown).
///
/// Decoding never fails and loses nothing, on its own as inside a request:
/// a tool of a type this version does not know, one that does not fit its
/// type, and one with a member its type does not model (`{"type":
/// "function","name":"f","parameters":{},"x-cache":true}`) are kept whole
/// as [`Unknown`](Self::Unknown), and written back as they came; an
/// `openrouter:*` tool whose typed parameters would drop one is
/// [`OpenRouter`](Self::OpenRouter), its parameters raw. (A relay that
/// filters tools by kind sees such a tool typed through
/// [`RequestBuilder::retain_tools`](crate::RequestBuilder::retain_tools).)
///
/// A server tool built generically ([`Tool::server`], or a [`ServerTool`]
/// converted with `into()`) whose type has a variant becomes that variant,
/// so a tool decodes back to the value it was built as.
///
/// ```
/// use openrouter_responses::request::Tool;
/// use serde_json::json;
///
/// let tool = Tool::function("get_time", "The current time", serde_json::Value::Null);
/// assert_eq!(
///     serde_json::to_value(&tool)?,
///     json!({"type": "function", "name": "get_time", "description": "The current time", "parameters": null})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum Tool {
    /// `function`: a function the model may call; you run it.
    #[serde(rename = "function")]
    Function(FunctionTool),
    /// `web_search_preview`.
    #[serde(rename = "web_search_preview")]
    WebSearchPreview(WebSearchTool),
    /// `web_search_preview_2025_03_11`.
    #[serde(rename = "web_search_preview_2025_03_11")]
    WebSearchPreview20250311(WebSearchTool),
    /// `web_search`.
    #[serde(rename = "web_search")]
    WebSearch(WebSearchTool),
    /// `web_search_2025_08_26`.
    #[serde(rename = "web_search_2025_08_26")]
    WebSearch20250826(WebSearchTool),
    /// `file_search`: search vector stores.
    #[serde(rename = "file_search")]
    FileSearch(FileSearchTool),
    /// `computer_use_preview`: control a computer.
    #[serde(rename = "computer_use_preview")]
    ComputerUsePreview(ComputerUseTool),
    /// `code_interpreter`: run code in a container.
    #[serde(rename = "code_interpreter")]
    CodeInterpreter(CodeInterpreterTool),
    /// `mcp`: tools of a remote MCP server.
    #[serde(rename = "mcp")]
    Mcp(McpTool),
    /// `image_generation`: generate images.
    #[serde(rename = "image_generation")]
    ImageGeneration(ImageGenerationTool),
    /// `local_shell`: run shell commands locally (you execute them).
    #[serde(rename = "local_shell")]
    LocalShell,
    /// `shell`: run shell commands.
    #[serde(rename = "shell")]
    Shell,
    /// `apply_patch`: edit files with patches (you apply them).
    #[serde(rename = "apply_patch")]
    ApplyPatch,
    /// `custom`: a tool taking free-form text input.
    #[serde(rename = "custom")]
    Custom(CustomTool),
    /// `openrouter:web_search`: OpenRouter's web search (the recommended way
    /// to search the web).
    #[serde(rename = "openrouter:web_search")]
    OpenRouterWebSearch(ServerToolParams<WebSearchConfig>),
    /// `openrouter:web_fetch`: fetch web pages.
    #[serde(rename = "openrouter:web_fetch")]
    OpenRouterWebFetch(ServerToolParams<WebFetchConfig>),
    /// `openrouter:datetime`: the current date and time.
    #[serde(rename = "openrouter:datetime")]
    OpenRouterDatetime(ServerToolParams<DatetimeConfig>),
    /// `namespace`: function and custom tools grouped under one name.
    #[serde(rename = "namespace")]
    Namespace(NamespaceTool),
    /// `openrouter:image_generation`: generate images with an image model.
    #[serde(rename = "openrouter:image_generation")]
    OpenRouterImageGeneration(ServerToolParams<ImageGenerationConfig>),
    /// `openrouter:tool_search`: find tools marked `defer_loading`.
    #[serde(rename = "openrouter:tool_search")]
    OpenRouterToolSearch(ServerToolParams<ToolSearchConfig>),
    /// `openrouter:files`: read and write workspace files.
    #[serde(rename = "openrouter:files")]
    OpenRouterFiles(ServerToolParams<FilesConfig>),
    /// `openrouter:apply_patch`: edit files with patches.
    #[serde(rename = "openrouter:apply_patch")]
    OpenRouterApplyPatch(ServerToolParams<ApplyPatchConfig>),
    /// `openrouter:bash`: run bash commands.
    #[serde(rename = "openrouter:bash")]
    OpenRouterBash(ServerToolParams<BashConfig>),
    /// `openrouter:shell`: run shell commands.
    #[serde(rename = "openrouter:shell")]
    OpenRouterShell(ServerToolParams<ShellConfig>),
    /// `openrouter:advisor`: consult a stronger model.
    #[serde(rename = "openrouter:advisor")]
    OpenRouterAdvisor(ServerToolParams<AdvisorConfig>),
    /// `openrouter:subagent`: delegate tasks to a worker model.
    #[serde(rename = "openrouter:subagent")]
    OpenRouterSubagent(ServerToolParams<SubagentConfig>),
    /// `openrouter:fusion`: ask a panel of models and summarize.
    #[serde(rename = "openrouter:fusion")]
    OpenRouterFusion(ServerToolParams<FusionConfig>),
    /// Any other `openrouter:*` server tool (`openrouter:memory`,
    /// `openrouter:experimental__search_models`, ...), as `{"type",
    /// "parameters"}`.
    #[serde(untagged)]
    OpenRouter(ServerTool),
    /// A tool this version does not know, or does not hold whole, kept as
    /// raw JSON.
    #[serde(untagged)]
    Unknown(Value),
}

deserialize_from_value!(Tool, Tool::from_value);
debug_with_raw_json!(
    enum Tool {
        Function(t),
        WebSearchPreview(t),
        WebSearchPreview20250311(t),
        WebSearch(t),
        WebSearch20250826(t),
        FileSearch(t),
        ComputerUsePreview(t),
        CodeInterpreter(t),
        Mcp(t),
        ImageGeneration(t),
        LocalShell,
        Shell,
        ApplyPatch,
        Custom(t),
        OpenRouterWebSearch(t),
        OpenRouterWebFetch(t),
        OpenRouterDatetime(t),
        Namespace(t),
        OpenRouterImageGeneration(t),
        OpenRouterToolSearch(t),
        OpenRouterFiles(t),
        OpenRouterApplyPatch(t),
        OpenRouterBash(t),
        OpenRouterShell(t),
        OpenRouterAdvisor(t),
        OpenRouterSubagent(t),
        OpenRouterFusion(t),
        OpenRouter(t),
        Unknown(raw),
    }
);

impl Tool {
    /// Reads a tool from JSON; never fails: a tool its typed variant would
    /// not write back whole is kept as [`Unknown`](Self::Unknown) (an
    /// `openrouter:*` one as [`OpenRouter`](Self::OpenRouter) when that
    /// holds it).
    #[inline]
    pub(crate) fn from_value(value: Value) -> Self {
        let typed = kept(&value, Tool::read(&value, false));
        typed
            .or_else(|| kept(&value, Tool::read(&value, true)))
            .unwrap_or(Tool::Unknown(value))
    }

    /// The reading of `value` as the variant its `type` names, which may
    /// drop members that variant does not model; with `generic`, as an
    /// `openrouter:*` tool with raw parameters ([`Tool::OpenRouter`]).
    /// `None` when it does not fit.
    #[inline]
    pub(crate) fn read(value: &Value, generic: bool) -> Option<Tool> {
        fn typed<T: DeserializeOwned>(value: &Value, wrap: fn(T) -> Tool) -> Option<Tool> {
            T::deserialize(value).ok().map(wrap)
        }
        let kind = super::tag(value, "type")?;
        if generic {
            return kind
                .starts_with("openrouter:")
                .then(|| typed(value, Tool::OpenRouter))
                .flatten();
        }
        match kind {
            "function" => typed(value, Tool::Function),
            "web_search_preview" => typed(value, Tool::WebSearchPreview),
            "web_search_preview_2025_03_11" => typed(value, Tool::WebSearchPreview20250311),
            "web_search" => typed(value, Tool::WebSearch),
            "web_search_2025_08_26" => typed(value, Tool::WebSearch20250826),
            "file_search" => typed(value, Tool::FileSearch),
            "computer_use_preview" => typed(value, Tool::ComputerUsePreview),
            "code_interpreter" => typed(value, Tool::CodeInterpreter),
            "mcp" => typed(value, Tool::Mcp),
            "image_generation" => typed(value, Tool::ImageGeneration),
            "local_shell" => Some(Tool::LocalShell),
            "shell" => Some(Tool::Shell),
            "apply_patch" => Some(Tool::ApplyPatch),
            "custom" => typed(value, Tool::Custom),
            "openrouter:web_search" => typed(value, Tool::OpenRouterWebSearch),
            "openrouter:web_fetch" => typed(value, Tool::OpenRouterWebFetch),
            "openrouter:datetime" => typed(value, Tool::OpenRouterDatetime),
            "namespace" => typed(value, Tool::Namespace),
            "openrouter:image_generation" => typed(value, Tool::OpenRouterImageGeneration),
            "openrouter:tool_search" => typed(value, Tool::OpenRouterToolSearch),
            "openrouter:files" => typed(value, Tool::OpenRouterFiles),
            "openrouter:apply_patch" => typed(value, Tool::OpenRouterApplyPatch),
            "openrouter:bash" => typed(value, Tool::OpenRouterBash),
            "openrouter:shell" => typed(value, Tool::OpenRouterShell),
            "openrouter:advisor" => typed(value, Tool::OpenRouterAdvisor),
            "openrouter:subagent" => typed(value, Tool::OpenRouterSubagent),
            "openrouter:fusion" => typed(value, Tool::OpenRouterFusion),
            _ => None,
        }
    }

    /// The tool's `type`, as sent: `function`, `web_search`,
    /// `openrouter:web_search`, …; for a tool this version does not model,
    /// its `type` member (`""` when it has none that is a string).
    pub fn tool_type(&self) -> &str {
        match self {
            Tool::Function(_) => "function",
            Tool::WebSearchPreview(_) => "web_search_preview",
            Tool::WebSearchPreview20250311(_) => "web_search_preview_2025_03_11",
            Tool::WebSearch(_) => "web_search",
            Tool::WebSearch20250826(_) => "web_search_2025_08_26",
            Tool::FileSearch(_) => "file_search",
            Tool::ComputerUsePreview(_) => "computer_use_preview",
            Tool::CodeInterpreter(_) => "code_interpreter",
            Tool::Mcp(_) => "mcp",
            Tool::ImageGeneration(_) => "image_generation",
            Tool::LocalShell => "local_shell",
            Tool::Shell => "shell",
            Tool::ApplyPatch => "apply_patch",
            Tool::Custom(_) => "custom",
            Tool::OpenRouterWebSearch(_) => "openrouter:web_search",
            Tool::OpenRouterWebFetch(_) => "openrouter:web_fetch",
            Tool::OpenRouterDatetime(_) => "openrouter:datetime",
            Tool::Namespace(_) => "namespace",
            Tool::OpenRouterImageGeneration(_) => "openrouter:image_generation",
            Tool::OpenRouterToolSearch(_) => "openrouter:tool_search",
            Tool::OpenRouterFiles(_) => "openrouter:files",
            Tool::OpenRouterApplyPatch(_) => "openrouter:apply_patch",
            Tool::OpenRouterBash(_) => "openrouter:bash",
            Tool::OpenRouterShell(_) => "openrouter:shell",
            Tool::OpenRouterAdvisor(_) => "openrouter:advisor",
            Tool::OpenRouterSubagent(_) => "openrouter:subagent",
            Tool::OpenRouterFusion(_) => "openrouter:fusion",
            Tool::OpenRouter(t) => t.tool_type(),
            Tool::Unknown(v) => v.get("type").and_then(Value::as_str).unwrap_or_default(),
        }
    }

    /// A function tool: `{"type":"function","name","description","parameters"}`.
    /// `parameters` is a JSON schema, a [`Value`] or its JSON text (see
    /// [`FunctionTool::parameters`]); pass `Value::Null` for none (it is
    /// then sent as `null`, as the field is required on the wire).
    pub fn function(
        name: impl Into<String>,
        description: impl Into<String>,
        parameters: impl Into<Value>,
    ) -> Self {
        Tool::Function(
            FunctionTool::new(name)
                .description(description)
                .parameters(parameters),
        )
    }

    /// `{"type":"openrouter:web_search"}` with the server's defaults.
    pub fn openrouter_web_search() -> Self {
        Tool::OpenRouterWebSearch(ServerToolParams::default())
    }

    /// `openrouter:web_search` with parameters.
    pub fn openrouter_web_search_with(config: WebSearchConfig) -> Self {
        Tool::OpenRouterWebSearch(ServerToolParams::new(config))
    }

    /// `{"type":"openrouter:web_fetch"}` with the server's defaults.
    pub fn openrouter_web_fetch() -> Self {
        Tool::OpenRouterWebFetch(ServerToolParams::default())
    }

    /// `openrouter:web_fetch` with parameters.
    pub fn openrouter_web_fetch_with(config: WebFetchConfig) -> Self {
        Tool::OpenRouterWebFetch(ServerToolParams::new(config))
    }

    /// `{"type":"openrouter:datetime"}`.
    pub fn openrouter_datetime() -> Self {
        Tool::OpenRouterDatetime(ServerToolParams::default())
    }

    /// `openrouter:datetime` reporting time in an IANA `timezone`.
    pub fn openrouter_datetime_in(timezone: impl Into<String>) -> Self {
        Tool::OpenRouterDatetime(ServerToolParams::new(
            DatetimeConfig::new().timezone(timezone),
        ))
    }

    /// An OpenRouter server tool by its full type (e.g. `openrouter:memory`)
    /// with the server's defaults; a type with a typed variant becomes that
    /// variant. See [`ServerTool`].
    pub fn server(tool_type: impl Into<String>) -> Self {
        Tool::from(ServerTool::new(tool_type))
    }

    /// `openrouter:image_generation` with parameters.
    pub fn openrouter_image_generation(config: ImageGenerationConfig) -> Self {
        Tool::OpenRouterImageGeneration(ServerToolParams::new(config))
    }

    /// `openrouter:tool_search` with parameters.
    pub fn openrouter_tool_search(config: ToolSearchConfig) -> Self {
        Tool::OpenRouterToolSearch(ServerToolParams::new(config))
    }

    /// `{"type":"openrouter:files","parameters":{}}`.
    pub fn openrouter_files() -> Self {
        Tool::OpenRouterFiles(ServerToolParams::new(FilesConfig::new()))
    }

    /// `openrouter:apply_patch` with parameters.
    pub fn openrouter_apply_patch(config: ApplyPatchConfig) -> Self {
        Tool::OpenRouterApplyPatch(ServerToolParams::new(config))
    }

    /// `openrouter:bash` with parameters.
    pub fn openrouter_bash(config: BashConfig) -> Self {
        Tool::OpenRouterBash(ServerToolParams::new(config))
    }

    /// `openrouter:shell` with parameters.
    pub fn openrouter_shell(config: ShellConfig) -> Self {
        Tool::OpenRouterShell(ServerToolParams::new(config))
    }

    /// One `openrouter:advisor` entry.
    pub fn openrouter_advisor(config: AdvisorConfig) -> Self {
        Tool::OpenRouterAdvisor(ServerToolParams::new(config))
    }

    /// One `openrouter:subagent` entry.
    pub fn openrouter_subagent(config: SubagentConfig) -> Self {
        Tool::OpenRouterSubagent(ServerToolParams::new(config))
    }

    /// `openrouter:fusion` with parameters.
    pub fn openrouter_fusion(config: FusionConfig) -> Self {
        Tool::OpenRouterFusion(ServerToolParams::new(config))
    }

    /// `openrouter:experimental__search_models` with parameters, as a
    /// generic [`ServerTool`] (see [`SearchModelsConfig`]).
    pub fn openrouter_search_models(config: SearchModelsConfig) -> Self {
        let parameters = match serde_json::to_value(config) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        Tool::OpenRouter(
            ServerTool::new("openrouter:experimental__search_models").parameters(parameters),
        )
    }
}

impl From<NamespaceTool> for Tool {
    fn from(v: NamespaceTool) -> Self {
        Tool::Namespace(v)
    }
}

impl From<FunctionTool> for Tool {
    fn from(v: FunctionTool) -> Self {
        Tool::Function(v)
    }
}

impl From<FileSearchTool> for Tool {
    fn from(v: FileSearchTool) -> Self {
        Tool::FileSearch(v)
    }
}

impl From<ComputerUseTool> for Tool {
    fn from(v: ComputerUseTool) -> Self {
        Tool::ComputerUsePreview(v)
    }
}

impl From<CodeInterpreterTool> for Tool {
    fn from(v: CodeInterpreterTool) -> Self {
        Tool::CodeInterpreter(v)
    }
}

impl From<McpTool> for Tool {
    fn from(v: McpTool) -> Self {
        Tool::Mcp(v)
    }
}

impl From<ImageGenerationTool> for Tool {
    fn from(v: ImageGenerationTool) -> Self {
        Tool::ImageGeneration(v)
    }
}

impl From<CustomTool> for Tool {
    fn from(v: CustomTool) -> Self {
        Tool::Custom(v)
    }
}

impl From<ServerTool> for Tool {
    /// The typed variant of the tool's type when there is one and it holds
    /// every parameter, else [`Tool::OpenRouter`].
    #[inline]
    fn from(v: ServerTool) -> Self {
        let typed = serde_json::to_value(&v)
            .ok()
            .and_then(|json| exact::<Tool>(&json));
        match typed {
            Some(tool) if !matches!(tool, Tool::OpenRouter(_) | Tool::Unknown(_)) => tool,
            _ => Tool::OpenRouter(v),
        }
    }
}

/// A `function` tool.
///
/// A request's function tools read back from JSON:
///
/// ```
/// use openrouter_responses::request::Tool;
/// use openrouter_responses::Request;
/// use serde_json::json;
///
/// let request: Request = serde_json::from_value(json!({"tools": [{
///     "type": "function", "name": "get_weather", "description": "Current weather",
///     "parameters": {"type": "object"}, "strict": true
/// }]}))?;
/// let Some([Tool::Function(tool)]) = request.tools() else { panic!("{request:?}") };
/// assert_eq!(tool.name(), "get_weather");
/// assert_eq!(tool.get_description(), Some("Current weather"));
/// assert_eq!(tool.get_parameters(), Some(&json!({"type": "object"})));
/// assert_eq!(tool.get_strict(), Some(true));
/// assert_eq!(tool.get_defer_loading(), None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct FunctionTool {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    /// Always sent: `null` when unset.
    #[serde(default)]
    parameters: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    strict: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    defer_loading: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    r#async: Option<bool>,
}

debug_with_raw_json!(struct FunctionTool { name, description, parameters, strict, defer_loading, r#async });

impl FunctionTool {
    /// A function called `name`, with `parameters: null`.
    pub fn new(name: impl Into<String>) -> Self {
        FunctionTool {
            name: name.into(),
            description: None,
            parameters: None,
            strict: None,
            defer_loading: None,
            r#async: None,
        }
    }

    /// `parameters`: the JSON schema of the arguments; `Value::Null` sends
    /// `null`. The JSON text of a schema (`include_str!("args.schema.json")`)
    /// is sent as the object it holds; text that is not a JSON object is
    /// sent as the string it is, which the server refuses.
    pub fn parameters(mut self, schema: impl Into<Value>) -> Self {
        self.parameters = match super::schema_value(schema) {
            Value::Null => None,
            schema => Some(schema),
        };
        self
    }

    opt_setters! {
        /// `description`: what the function does, for the model.
        description: String;
        /// `strict`: require arguments to match the schema exactly.
        strict: bool;
        /// `defer_loading`: hide the tool until `openrouter:tool_search`
        /// finds it (needs that server tool).
        defer_loading: bool;
        /// `async`: let the model go on with its turn after calling the
        /// tool instead of waiting for the result, which is still sent by
        /// the caller, in a later request, as the output of the call's
        /// `call_id`. Providers without asynchronous tools ignore it.
        r#async: bool;
    }

    getters! {
        /// The function's `name`.
        name = name: req_str;
        /// The `description`, when set.
        get_description = description: text;
        /// The `parameters` schema; `None` when it is `null`.
        get_parameters = parameters: opt Value;
        /// `strict`, when set.
        get_strict = strict: copy bool;
        /// `defer_loading`, when set.
        get_defer_loading = defer_loading: copy bool;
        /// `async`, when set.
        get_async = r#async: copy bool;
    }
}

open_enum! {
    /// `engine` of web search tools.
    WebSearchEngine {
        /// `native`: the provider's own search.
        Native = "native",
        /// `exa`.
        Exa = "exa",
        /// `parallel`.
        Parallel = "parallel",
        /// `firecrawl`.
        Firecrawl = "firecrawl",
        /// `perplexity`.
        Perplexity = "perplexity",
        /// `auto`.
        Auto = "auto",
    }
}

open_enum! {
    /// `mode` of web search: how deep the search goes.
    WebSearchMode {
        /// `instant`.
        Instant = "instant",
        /// `fast`.
        Fast = "fast",
        /// `auto`.
        Auto = "auto",
        /// `deep-lite`.
        DeepLite = "deep-lite",
        /// `deep`.
        Deep = "deep",
        /// `deep-reasoning`.
        DeepReasoning = "deep-reasoning",
        /// `turbo`.
        Turbo = "turbo",
        /// `basic`.
        Basic = "basic",
        /// `advanced`.
        Advanced = "advanced",
    }
}

open_enum! {
    /// `search_context_size`: how much search context the model gets.
    SearchContextSize {
        /// `low`.
        Low = "low",
        /// `medium`.
        Medium = "medium",
        /// `high`.
        High = "high",
    }
}

/// `user_location`: an approximate location, `{"type":"approximate", ...}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct UserLocation {
    #[serde(rename = "type", default = "approximate")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timezone: Option<String>,
}

fn approximate() -> String {
    "approximate".to_owned()
}

impl Default for UserLocation {
    fn default() -> Self {
        UserLocation::new()
    }
}

impl UserLocation {
    /// `{"type":"approximate"}`.
    pub fn new() -> Self {
        UserLocation {
            kind: approximate(),
            city: None,
            country: None,
            region: None,
            timezone: None,
        }
    }

    opt_setters! {
        /// `city`.
        city: String;
        /// `country`: two-letter ISO code.
        country: String;
        /// `region`.
        region: String;
        /// `timezone`: IANA time zone.
        timezone: String;
    }

    getters! {
        /// The `type` (`approximate`).
        kind = kind: req_str;
        /// The `city`, when set.
        get_city = city: text;
        /// The `country`, when set.
        get_country = country: text;
        /// The `region`, when set.
        get_region = region: text;
        /// The `timezone`, when set.
        get_timezone = timezone: text;
    }
}

/// `filters` of the OpenAI-style web search tools.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct WebSearchFilters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allowed_domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    blocked_domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    excluded_domains: Option<Vec<String>>,
}

impl WebSearchFilters {
    /// No filters.
    pub fn new() -> Self {
        WebSearchFilters::default()
    }

    list_setters! {
        /// `allowed_domains`.
        allowed_domains;
        /// `blocked_domains`.
        blocked_domains;
        /// `excluded_domains`.
        excluded_domains;
    }

    getters! {
        /// The `allowed_domains`, when set.
        get_allowed_domains = allowed_domains: list String;
        /// The `blocked_domains`, when set.
        get_blocked_domains = blocked_domains: list String;
        /// The `excluded_domains`, when set.
        get_excluded_domains = excluded_domains: list String;
    }
}

/// Options of the OpenAI-style web search tools (`web_search`,
/// `web_search_preview` and their dated variants).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct WebSearchTool {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    engine: Option<WebSearchEngine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    filters: Option<WebSearchFilters>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_results: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_uses: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mode: Option<WebSearchMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    search_context_size: Option<SearchContextSize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user_location: Option<UserLocation>,
    // Boxed: the filters are as large as the rest of the options together,
    // and rarely set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    x_search: Option<Box<XSearchFilter>>,
}

impl WebSearchTool {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        WebSearchTool::default()
    }

    opt_setters! {
        /// `engine`.
        engine: WebSearchEngine;
        /// `filters`: domain filters.
        filters: WebSearchFilters;
        /// `max_results`: results per search (at most 20).
        max_results: u64;
        /// `max_uses`: searches per request.
        max_uses: u64;
        /// `mode`: search depth.
        mode: WebSearchMode;
        /// `search_context_size`.
        search_context_size: SearchContextSize;
        /// `user_location`.
        user_location: UserLocation;
    }

    getters! {
        /// The `engine`, when set.
        get_engine = engine: opt WebSearchEngine;
        /// The domain `filters`, when set.
        get_filters = filters: opt WebSearchFilters;
        /// `max_results`, when set.
        get_max_results = max_results: copy u64;
        /// `max_uses`, when set.
        get_max_uses = max_uses: copy u64;
        /// The search `mode`, when set.
        get_mode = mode: opt WebSearchMode;
        /// The `search_context_size`, when set.
        get_search_context_size = search_context_size: opt SearchContextSize;
        /// The `user_location`, when set.
        get_user_location = user_location: opt UserLocation;
    }

    /// `x_search`: also search X (Twitter) posts, with these filters,
    /// beside the web (xAI endpoints with native search only; X search is
    /// billed by xAI per post and per profile fetched). From the official
    /// SDK 1.3.19 (its `XSearchOptions`, the members of the top-level
    /// [`XSearchFilter`](crate::request::XSearchFilter)); the OpenAPI spec
    /// has no such member.
    pub fn x_search(mut self, filters: impl Into<XSearchFilter>) -> Self {
        self.x_search = Some(Box::new(filters.into()));
        self
    }

    /// The `x_search` filters, when set.
    pub fn get_x_search(&self) -> Option<&XSearchFilter> {
        self.x_search.as_deref()
    }
}

/// The body of a typed OpenRouter server tool: `{"parameters": ...}` next to
/// its `type`; `parameters` is omitted when unset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerToolParams<T> {
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    parameters: Option<T>,
}

impl<T> Default for ServerToolParams<T> {
    fn default() -> Self {
        ServerToolParams { parameters: None }
    }
}

impl<T> ServerToolParams<T> {
    /// With `parameters`.
    pub fn new(parameters: T) -> Self {
        ServerToolParams {
            parameters: Some(parameters),
        }
    }

    /// The parameters, if set.
    pub fn parameters(&self) -> Option<&T> {
        self.parameters.as_ref()
    }
}

/// `parameters` of `openrouter:web_search`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct WebSearchConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    engine: Option<WebSearchEngine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allowed_domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    excluded_domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_results: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_total_results: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_uses: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_characters: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mode: Option<WebSearchMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    search_context_size: Option<SearchContextSize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user_location: Option<UserLocation>,
    // Boxed: the filters are as large as the rest of the options together,
    // and rarely set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    x_search: Option<Box<XSearchFilter>>,
}

impl WebSearchConfig {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        WebSearchConfig::default()
    }

    list_setters! {
        /// `allowed_domains`: only these domains (not with `excluded_domains`).
        allowed_domains;
        /// `excluded_domains`: never these domains.
        excluded_domains;
    }

    opt_setters! {
        /// `engine`.
        engine: WebSearchEngine;
        /// `max_results`: results per search (at most 20).
        max_results: u64;
        /// `max_total_results`: results across all searches (server default 50).
        max_total_results: u64;
        /// `max_uses`: searches per request.
        max_uses: u64;
        /// `max_characters`: content characters per result.
        max_characters: u64;
        /// `mode`: search depth.
        mode: WebSearchMode;
        /// `search_context_size`.
        search_context_size: SearchContextSize;
        /// `user_location`.
        user_location: UserLocation;
    }

    getters! {
        /// The `engine`, when set.
        get_engine = engine: opt WebSearchEngine;
        /// The `allowed_domains`, when set.
        get_allowed_domains = allowed_domains: list String;
        /// The `excluded_domains`, when set.
        get_excluded_domains = excluded_domains: list String;
        /// `max_results`, when set.
        get_max_results = max_results: copy u64;
        /// `max_total_results`, when set.
        get_max_total_results = max_total_results: copy u64;
        /// `max_uses`, when set.
        get_max_uses = max_uses: copy u64;
        /// `max_characters`, when set.
        get_max_characters = max_characters: copy u64;
        /// The search `mode`, when set.
        get_mode = mode: opt WebSearchMode;
        /// The `search_context_size`, when set.
        get_search_context_size = search_context_size: opt SearchContextSize;
        /// The `user_location`, when set.
        get_user_location = user_location: opt UserLocation;
    }

    /// `x_search`: also search X (Twitter) posts, with these filters,
    /// beside the web (xAI endpoints with native search only; X search is
    /// billed by xAI per post and per profile fetched). From the official
    /// SDK 1.3.19 (its `XSearchOptions`, the members of the top-level
    /// [`XSearchFilter`](crate::request::XSearchFilter)); the OpenAPI spec
    /// has no such member.
    pub fn x_search(mut self, filters: impl Into<XSearchFilter>) -> Self {
        self.x_search = Some(Box::new(filters.into()));
        self
    }

    /// The `x_search` filters, when set.
    pub fn get_x_search(&self) -> Option<&XSearchFilter> {
        self.x_search.as_deref()
    }
}

open_enum! {
    /// `engine` of `openrouter:web_fetch`.
    WebFetchEngine {
        /// `auto`.
        Auto = "auto",
        /// `native`.
        Native = "native",
        /// `openrouter`: direct HTTP fetch.
        OpenRouter = "openrouter",
        /// `exa`.
        Exa = "exa",
        /// `parallel`.
        Parallel = "parallel",
        /// `firecrawl`.
        Firecrawl = "firecrawl",
    }
}

/// `parameters` of `openrouter:web_fetch`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct WebFetchConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    engine: Option<WebFetchEngine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allowed_domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    blocked_domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_content_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_uses: Option<u64>,
}

impl WebFetchConfig {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        WebFetchConfig::default()
    }

    list_setters! {
        /// `allowed_domains`.
        allowed_domains;
        /// `blocked_domains`.
        blocked_domains;
    }

    opt_setters! {
        /// `engine`.
        engine: WebFetchEngine;
        /// `max_content_tokens`: truncate fetched pages to this many tokens.
        max_content_tokens: u64;
        /// `max_uses`: fetches per request.
        max_uses: u64;
    }

    getters! {
        /// The `engine`, when set.
        get_engine = engine: opt WebFetchEngine;
        /// The `allowed_domains`, when set.
        get_allowed_domains = allowed_domains: list String;
        /// The `blocked_domains`, when set.
        get_blocked_domains = blocked_domains: list String;
        /// `max_content_tokens`, when set.
        get_max_content_tokens = max_content_tokens: copy u64;
        /// `max_uses`, when set.
        get_max_uses = max_uses: copy u64;
    }
}

/// `parameters` of `openrouter:datetime`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct DatetimeConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timezone: Option<String>,
}

impl DatetimeConfig {
    /// No option set: the server's defaults apply (UTC).
    pub fn new() -> Self {
        DatetimeConfig::default()
    }

    opt_setters! {
        /// `timezone`: an IANA time zone such as `Europe/Paris`.
        timezone: String;
    }

    getters! {
        /// The `timezone`, when set.
        get_timezone = timezone: text;
    }
}

/// Adds `extra(key, value)`, the escape hatch for parameters this version
/// does not model, to a server-tool config with a flattened `extra` map,
/// and `get_extra()`, which reads them.
macro_rules! extra_setter {
    () => {
        /// Adds a parameter this version does not model; it is sent next to
        /// the typed ones.
        ///
        /// A float that JSON cannot hold (NaN, an infinity) is already `null`
        /// once converted to a [`Value`], before the request sees it, so it is
        /// sent as `null` rather than refused as a typed setter's is.
        pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
            self.extra.insert(key.into(), value.into());
            self
        }

        extra_setter!(@get);
    };
    // The typed fields, each named as on the wire: an extra of one of
    // their names replaces it, as a later typed setter replaces the extra.
    ( $($field:ident),+ ) => {
        /// Adds a parameter this version does not model; it is sent next to
        /// the typed ones. One named as a typed parameter replaces it, as a
        /// later typed setter of that name replaces this: the last set is
        /// sent, once.
        ///
        /// A float that JSON cannot hold (NaN, an infinity) is already `null`
        /// once converted to a [`Value`], before the request sees it, so it is
        /// sent as `null` rather than refused as a typed setter's is.
        pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
            let key = key.into();
            self.unset_typed(&key);
            self.extra.insert(key, value.into());
            self
        }

        extra_setter!(@get);
        extra_setter!(@unset $($field),+);
    };
    (@get) => {
        /// The parameters this version does not model, by name.
        pub fn get_extra(&self) -> &Map<String, Value> {
            &self.extra
        }
    };
    (@unset $($field:ident),+) => {
        /// Unsets the typed field named `key` on the wire, so that an extra
        /// member of that name is not written twice.
        fn unset_typed(&mut self, key: &str) {
            match key {
                $( stringify!($field) => self.$field = None, )+
                _ => {}
            }
        }
    };
}

/// `parameters` of `openrouter:image_generation`: the image model plus any
/// image option (`aspect_ratio`, `quality`, `size`, `background`,
/// `output_format`, `output_compression`, `moderation`, ...).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ImageGenerationConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct ImageGenerationConfig { model, extra });

impl ImageGenerationConfig {
    /// No option set: the server's defaults apply (model
    /// `openai/gpt-5-image`).
    pub fn new() -> Self {
        ImageGenerationConfig::default()
    }

    opt_setters! {
        extra;
        /// `model`: the image model, e.g. `openai/gpt-5-image`.
        model: String;
    }

    /// An image option such as `aspect_ratio`, `quality` or `size`
    /// (a string, number or list).
    /// An option named `model` replaces the [`model`](Self::model) set
    /// before, as a later `model(..)` replaces it: the last set is sent.
    ///
    /// A float that JSON cannot hold (NaN, an infinity) is already `null` once
    /// converted to a [`Value`], before the request sees it, so it is sent as
    /// `null` rather than refused as a typed setter's is.
    pub fn option(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        let key = key.into();
        self.unset_typed(&key);
        self.extra.insert(key, value.into());
        self
    }

    extra_setter!(@unset model);

    getters! {
        /// The image `model`, when set.
        get_model = model: text;
        /// The image options (set with [`option`](ImageGenerationConfig::option)), by name.
        extra = extra: req_ref Map<String, Value>;
    }
}

/// `parameters` of `openrouter:tool_search`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ToolSearchConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_results: Option<u64>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct ToolSearchConfig { max_results, extra });

impl ToolSearchConfig {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        ToolSearchConfig::default()
    }

    opt_setters! {
        extra;
        /// `max_results`: tools returned by one search (server default 5).
        max_results: u64;
    }

    extra_setter!(max_results);

    getters! {
        /// `max_results`, when set.
        get_max_results = max_results: copy u64;
    }
}

/// `parameters` of `openrouter:experimental__search_models`.
///
/// The tool is experimental, so it has no [`Tool`] variant of its own:
/// [`Tool::openrouter_search_models`] builds a generic [`ServerTool`] from
/// this config, and decoding keeps it generic.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct SearchModelsConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_results: Option<u64>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct SearchModelsConfig { max_results, extra });

impl SearchModelsConfig {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        SearchModelsConfig::default()
    }

    opt_setters! {
        extra;
        /// `max_results`: models returned (server default 5, at most 20).
        max_results: u64;
    }

    extra_setter!(max_results);

    getters! {
        /// `max_results`, when set.
        get_max_results = max_results: copy u64;
    }
}

/// `parameters` of `openrouter:files` (none are defined yet; `{}` is sent).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct FilesConfig {
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct FilesConfig { extra });

impl FilesConfig {
    /// No options.
    pub fn new() -> Self {
        FilesConfig::default()
    }

    extra_setter!();
}

open_enum! {
    /// `engine` of `openrouter:apply_patch`.
    ApplyPatchEngine {
        /// `auto`: native passthrough when the provider supports it.
        Auto = "auto",
        /// `native`: native passthrough.
        Native = "native",
        /// `openrouter`: OpenRouter's validator.
        OpenRouter = "openrouter",
    }
}

/// `parameters` of `openrouter:apply_patch`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ApplyPatchConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    engine: Option<ApplyPatchEngine>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct ApplyPatchConfig { engine, extra });

impl ApplyPatchConfig {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        ApplyPatchConfig::default()
    }

    opt_setters! {
        extra;
        /// `engine`.
        engine: ApplyPatchEngine;
    }

    extra_setter!(engine);

    getters! {
        /// The `engine`, when set.
        get_engine = engine: opt ApplyPatchEngine;
    }
}

open_enum! {
    /// `engine` of `openrouter:bash`.
    BashEngine {
        /// `auto`: the call is returned to you to run.
        Auto = "auto",
        /// `native`: the call is returned to you to run.
        Native = "native",
        /// `openrouter`: run in OpenRouter's sandbox.
        OpenRouter = "openrouter",
    }
}

open_enum! {
    /// `engine` of `openrouter:shell`.
    ShellEngine {
        /// `auto`: the provider's hosted shell when it has one, else
        /// OpenRouter's sandbox.
        Auto = "auto",
        /// `openrouter`: run in OpenRouter's sandbox.
        OpenRouter = "openrouter",
    }
}

/// `environment` of `openrouter:bash` and `openrouter:shell`, tagged by `type`.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum SandboxEnvironment {
    /// `{"type":"container_auto"}`: a fresh container.
    #[serde(rename = "container_auto")]
    ContainerAuto,
    /// `{"type":"container_reference","container_id"}`: reuse a container.
    #[serde(rename = "container_reference")]
    ContainerReference {
        /// `container_id`.
        container_id: String,
    },
    /// Any other JSON, sent as is.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(enum SandboxEnvironment { ContainerAuto, ContainerReference { container_id }, Unknown(x) });

impl SandboxEnvironment {
    /// `{"type":"container_reference","container_id"}`.
    pub fn container(container_id: impl Into<String>) -> Self {
        SandboxEnvironment::ContainerReference {
            container_id: container_id.into(),
        }
    }
}

impl From<Value> for SandboxEnvironment {
    #[inline]
    fn from(value: Value) -> Self {
        #[derive(Deserialize)]
        #[serde(tag = "type")]
        enum Known {
            #[serde(rename = "container_auto")]
            ContainerAuto,
            #[serde(rename = "container_reference")]
            ContainerReference { container_id: String },
        }
        let known = match Known::deserialize(&value) {
            Ok(Known::ContainerAuto) => SandboxEnvironment::ContainerAuto,
            Ok(Known::ContainerReference { container_id }) => {
                SandboxEnvironment::ContainerReference { container_id }
            }
            Err(_) => return SandboxEnvironment::Unknown(value),
        };
        match serde_json::to_value(&known) {
            Ok(back) if back == value => known,
            _ => SandboxEnvironment::Unknown(value),
        }
    }
}

deserialize_from_value!(SandboxEnvironment);

/// `parameters` of `openrouter:bash`.
///
/// ```
/// use openrouter_responses::request::{BashConfig, BashEngine, SandboxEnvironment, Tool};
/// use serde_json::json;
///
/// let tool = Tool::openrouter_bash(
///     BashConfig::new()
///         .engine(BashEngine::OpenRouter)
///         .environment(SandboxEnvironment::ContainerAuto),
/// );
/// assert_eq!(
///     serde_json::to_value(&tool)?,
///     json!({"type": "openrouter:bash", "parameters": {
///         "engine": "openrouter", "environment": {"type": "container_auto"}
///     }})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct BashConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    engine: Option<BashEngine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    environment: Option<SandboxEnvironment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sleep_after_seconds: Option<u64>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct BashConfig { engine, environment, sleep_after_seconds, extra });

impl BashConfig {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        BashConfig::default()
    }

    opt_setters! {
        extra;
        /// `engine`: where the commands run.
        engine: BashEngine;
        /// `environment`: the container.
        environment: SandboxEnvironment;
        /// `sleep_after_seconds`: idle time before the container sleeps
        /// (server default 900, at most 2 592 000, 30 days; each command
        /// starts the time again).
        ///
        /// The OpenAPI spec lists it; the official SDK 1.3.19 no longer
        /// has it (its config holds `engine` and `environment` only, and
        /// it does not send the member). It is kept here, sent as given,
        /// and not deprecated while the spec lists it: a program that sets
        /// it keeps building and sending the same request. Whether the
        /// server still reads it is not documented; one that does not
        /// ignores it and uses its default.
        sleep_after_seconds: u64;
    }

    extra_setter!(engine, environment, sleep_after_seconds);

    getters! {
        /// The `engine`, when set.
        get_engine = engine: opt BashEngine;
        /// The `environment`, when set.
        get_environment = environment: opt SandboxEnvironment;
        /// `sleep_after_seconds`, when set (see the setter: gone from the
        /// official SDK 1.3.19, still in the OpenAPI spec).
        get_sleep_after_seconds = sleep_after_seconds: copy u64;
    }
}

/// `parameters` of `openrouter:shell`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ShellConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    engine: Option<ShellEngine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    environment: Option<SandboxEnvironment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sleep_after_seconds: Option<u64>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct ShellConfig { engine, environment, sleep_after_seconds, extra });

impl ShellConfig {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        ShellConfig::default()
    }

    opt_setters! {
        extra;
        /// `engine`: where the commands run.
        engine: ShellEngine;
        /// `environment`: the container.
        environment: SandboxEnvironment;
        /// `sleep_after_seconds`: idle time before the container sleeps
        /// (server default 900, at most 2 592 000, 30 days; each command
        /// starts the time again).
        ///
        /// The OpenAPI spec lists it; the official SDK 1.3.19 no longer
        /// has it (its config holds `engine` and `environment` only, and
        /// it does not send the member). It is kept here, sent as given,
        /// and not deprecated while the spec lists it: a program that sets
        /// it keeps building and sending the same request. Whether the
        /// server still reads it is not documented; one that does not
        /// ignores it and uses its default.
        sleep_after_seconds: u64;
    }

    extra_setter!(engine, environment, sleep_after_seconds);

    getters! {
        /// The `engine`, when set.
        get_engine = engine: opt ShellEngine;
        /// The `environment`, when set.
        get_environment = environment: opt SandboxEnvironment;
        /// `sleep_after_seconds`, when set (see the setter: gone from the
        /// official SDK 1.3.19, still in the OpenAPI spec).
        get_sleep_after_seconds = sleep_after_seconds: copy u64;
    }
}

/// `reasoning` forwarded to the inner calls of `openrouter:advisor`,
/// `openrouter:subagent` and `openrouter:fusion`: `{"effort", "max_tokens"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ServerToolReasoning {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    effort: Option<ReasoningEffort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u64>,
}

impl ServerToolReasoning {
    /// No options.
    pub fn new() -> Self {
        ServerToolReasoning::default()
    }

    opt_setters! {
        /// `effort`.
        effort: ReasoningEffort;
        /// `max_tokens`: reasoning token budget.
        max_tokens: u64;
    }

    getters! {
        /// The `effort`, when set.
        get_effort = effort: opt ReasoningEffort;
        /// The `max_tokens` budget, when set.
        get_max_tokens = max_tokens: copy u64;
    }
}

/// `parameters` of one `openrouter:advisor` entry: a stronger model the
/// model may consult.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct AdvisorConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    instructions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forward_transcript: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_completion_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reasoning: Option<ServerToolReasoning>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stream: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::temperature"
    )]
    temperature: Option<f64>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct AdvisorConfig { name, model, instructions, forward_transcript, max_completion_tokens, reasoning, stream, temperature, extra });

impl AdvisorConfig {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        AdvisorConfig::default()
    }

    opt_setters! {
        extra;
        /// `name`: the advisor's name, unique across advisor entries (at
        /// most one entry may omit it).
        name: String;
        /// `model`: the advisor model.
        model: String;
        /// `instructions`: the advisor's system instructions.
        instructions: String;
        /// `forward_transcript`: send the whole conversation to the advisor.
        forward_transcript: bool;
        /// `max_completion_tokens`: the advisor's output budget.
        max_completion_tokens: u64;
        /// `reasoning`: the advisor's reasoning options.
        reasoning: ServerToolReasoning;
        /// `stream`: stream the advice as it is produced.
        stream: bool;
        /// `temperature`.
        temperature: f64;
    }

    extra_setter!(
        name,
        model,
        instructions,
        forward_transcript,
        max_completion_tokens,
        reasoning,
        stream,
        temperature
    );

    getters! {
        /// The advisor's `name`, when set.
        get_name = name: text;
        /// The advisor `model`, when set.
        get_model = model: text;
        /// The `instructions`, when set.
        get_instructions = instructions: text;
        /// `forward_transcript`, when set.
        get_forward_transcript = forward_transcript: copy bool;
        /// `max_completion_tokens`, when set.
        get_max_completion_tokens = max_completion_tokens: copy u64;
        /// The `reasoning` options, when set.
        get_reasoning = reasoning: opt ServerToolReasoning;
        /// `stream`, when set.
        get_stream = stream: copy bool;
        /// The `temperature`, when set.
        get_temperature = temperature: copy f64;
    }
}

/// `parameters` of one `openrouter:subagent` entry: a worker model the
/// model may delegate tasks to.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct SubagentConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    instructions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    inherit_functions: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    inherited_function_names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_completion_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_tool_calls: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reasoning: Option<ServerToolReasoning>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::temperature"
    )]
    temperature: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tools: Option<Vec<Tool>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct SubagentConfig { name, model, instructions, inherit_functions, inherited_function_names, max_completion_tokens, max_tool_calls, reasoning, temperature, tools, extra });

impl SubagentConfig {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        SubagentConfig::default()
    }

    opt_setters! {
        extra;
        /// `name`: the subagent's name, unique across subagent entries.
        name: String;
        /// `model`: the worker model.
        model: String;
        /// `instructions`: the worker's system instructions.
        instructions: String;
        /// `inherit_functions` (experimental): give the worker every
        /// top-level function tool.
        inherit_functions: bool;
        /// `max_completion_tokens`: the worker's output budget.
        max_completion_tokens: u64;
        /// `max_tool_calls`: tool-calling steps of the worker (1 to 25).
        max_tool_calls: u64;
        /// `reasoning`: the worker's reasoning options.
        reasoning: ServerToolReasoning;
        /// `temperature`.
        temperature: f64;
    }

    list_setters! {
        extra;
        /// `inherited_function_names` (experimental): top-level function
        /// tools the worker gets, by name.
        inherited_function_names;
    }

    /// `tools`: OpenRouter server tools the worker may use.
    pub fn tools<I, T>(mut self, tools: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<Tool>,
    {
        crate::members::take(&mut self.extra, "tools");
        self.tools = Some(tools.into_iter().map(Into::into).collect());
        self
    }

    extra_setter!(
        name,
        model,
        instructions,
        inherit_functions,
        inherited_function_names,
        max_completion_tokens,
        max_tool_calls,
        reasoning,
        temperature,
        tools
    );

    getters! {
        /// The subagent's `name`, when set.
        get_name = name: text;
        /// The worker `model`, when set.
        get_model = model: text;
        /// The `instructions`, when set.
        get_instructions = instructions: text;
        /// `inherit_functions`, when set.
        get_inherit_functions = inherit_functions: copy bool;
        /// The `inherited_function_names`, when set.
        get_inherited_function_names = inherited_function_names: list String;
        /// `max_completion_tokens`, when set.
        get_max_completion_tokens = max_completion_tokens: copy u64;
        /// `max_tool_calls`, when set.
        get_max_tool_calls = max_tool_calls: copy u64;
        /// The `reasoning` options, when set.
        get_reasoning = reasoning: opt ServerToolReasoning;
        /// The `temperature`, when set.
        get_temperature = temperature: copy f64;
        /// The worker's `tools`, when set.
        get_tools = tools: list Tool;
    }
}

/// `parameters` of `openrouter:fusion`: a panel of models whose answers an
/// analyst model summarizes.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct FusionConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    analysis_models: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cache_control: Option<CacheControl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_completion_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_tool_calls: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reasoning: Option<ServerToolReasoning>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::temperature"
    )]
    temperature: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tools: Option<Vec<Tool>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

debug_with_raw_json!(struct FusionConfig { analysis_models, model, cache_control, max_completion_tokens, max_tool_calls, reasoning, temperature, tools, extra });

impl FusionConfig {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        FusionConfig::default()
    }

    list_setters! {
        extra;
        /// `analysis_models`: the panel (1 to 8 models).
        analysis_models;
    }

    opt_setters! {
        extra;
        /// `model`: the analyst model.
        model: String;
        /// `cache_control`: prompt caching of the inner calls.
        cache_control: CacheControl;
        /// `max_completion_tokens`: output budget per inner call.
        max_completion_tokens: u64;
        /// `max_tool_calls`: tool-calling steps per inner call (1 to 16).
        max_tool_calls: u64;
        /// `reasoning`: reasoning options of the inner calls.
        reasoning: ServerToolReasoning;
        /// `temperature`: of the panel calls.
        temperature: f64;
    }

    /// `tools`: server tools of the inner calls (default web search and
    /// fetch); an empty list turns tools off.
    pub fn tools<I, T>(mut self, tools: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<Tool>,
    {
        crate::members::take(&mut self.extra, "tools");
        self.tools = Some(tools.into_iter().map(Into::into).collect());
        self
    }

    extra_setter!(
        analysis_models,
        model,
        cache_control,
        max_completion_tokens,
        max_tool_calls,
        reasoning,
        temperature,
        tools
    );

    getters! {
        /// The `analysis_models` of the panel, when set.
        get_analysis_models = analysis_models: list String;
        /// The analyst `model`, when set.
        get_model = model: text;
        /// The `cache_control`, when set.
        get_cache_control = cache_control: opt CacheControl;
        /// `max_completion_tokens`, when set.
        get_max_completion_tokens = max_completion_tokens: copy u64;
        /// `max_tool_calls`, when set.
        get_max_tool_calls = max_tool_calls: copy u64;
        /// The `reasoning` options, when set.
        get_reasoning = reasoning: opt ServerToolReasoning;
        /// The `temperature`, when set.
        get_temperature = temperature: copy f64;
        /// The inner calls' `tools`, when set.
        get_tools = tools: list Tool;
    }
}

/// An OpenRouter server tool without typed parameters:
/// `{"type":"openrouter:<name>","parameters":{...}}`.
///
/// Decoding accepts only types starting with `openrouter:`.
#[derive(Clone, PartialEq, Serialize)]
#[must_use]
pub struct ServerTool {
    #[serde(rename = "type")]
    tool_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameters: Option<Map<String, Value>>,
}

debug_with_raw_json!(struct ServerTool { tool_type, parameters });

impl ServerTool {
    /// The tool `openrouter:<name>` (pass the full type) with default parameters.
    pub fn new(tool_type: impl Into<String>) -> Self {
        ServerTool {
            tool_type: tool_type.into(),
            parameters: None,
        }
    }

    /// `parameters`: adds or replaces one parameter.
    ///
    /// A float that JSON cannot hold (NaN, an infinity) is already `null` once
    /// converted to a [`Value`], before the request sees it, so it is sent as
    /// `null` rather than refused as a typed setter's is.
    pub fn parameter(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.parameters
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// `parameters`: replaces all parameters.
    pub fn parameters(mut self, parameters: Map<String, Value>) -> Self {
        self.parameters = Some(parameters);
        self
    }

    /// The wire `type`.
    pub fn tool_type(&self) -> &str {
        &self.tool_type
    }

    /// The `parameters`, when set (the setter is
    /// [`parameters`](ServerTool::parameters)).
    pub fn get_parameters(&self) -> Option<&Map<String, Value>> {
        self.parameters.as_ref()
    }
}

impl<'de> Deserialize<'de> for ServerTool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(rename = "type")]
            tool_type: String,
            #[serde(default)]
            parameters: Option<Map<String, Value>>,
        }
        let raw = Raw::deserialize(d)?;
        if !raw.tool_type.starts_with("openrouter:") {
            return Err(D::Error::custom("not an openrouter server tool"));
        }
        Ok(ServerTool {
            tool_type: raw.tool_type,
            parameters: raw.parameters,
        })
    }
}

/// Options of the `file_search` tool.
///
/// ```
/// use openrouter_responses::request::{FileSearchFilter, FileSearchTool, RankingOptions, Ranker};
/// use serde_json::json;
///
/// let tool = FileSearchTool::new(["vs_1"])
///     .filters(FileSearchFilter::and([
///         FileSearchFilter::gte("year", 2020),
///         FileSearchFilter::eq("lang", "en"),
///     ]))
///     .ranking_options(RankingOptions::new().ranker(Ranker::Auto).score_threshold(0.5));
/// assert_eq!(
///     serde_json::to_value(&tool)?,
///     json!({
///         "vector_store_ids": ["vs_1"],
///         "filters": {"type": "and", "filters": [
///             {"key": "year", "type": "gte", "value": 2020},
///             {"key": "lang", "type": "eq", "value": "en"}
///         ]},
///         "ranking_options": {"ranker": "auto", "score_threshold": 0.5}
///     })
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct FileSearchTool {
    vector_store_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    filters: Option<FileSearchFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_num_results: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ranking_options: Option<RankingOptions>,
}

impl FileSearchTool {
    /// Search the given vector stores.
    pub fn new<I, S>(vector_store_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        FileSearchTool {
            vector_store_ids: vector_store_ids.into_iter().map(Into::into).collect(),
            filters: None,
            max_num_results: None,
            ranking_options: None,
        }
    }

    opt_setters! {
        /// `filters`: a comparison or compound filter on file attributes
        /// (a `serde_json::Value` converts too, see [`FileSearchFilter`]).
        filters: FileSearchFilter;
        /// `max_num_results`.
        max_num_results: u64;
        /// `ranking_options`: the ranker and score threshold.
        ranking_options: RankingOptions;
    }

    getters! {
        /// The `vector_store_ids` searched.
        vector_store_ids = vector_store_ids: req_slice String;
        /// The `filters`, when set.
        get_filters = filters: opt FileSearchFilter;
        /// `max_num_results`, when set.
        get_max_num_results = max_num_results: copy u64;
        /// The `ranking_options`, when set.
        get_ranking_options = ranking_options: opt RankingOptions;
    }
}

/// Decodes `value` as `T` only when `T` writes it back unchanged, so that a
/// typed value never drops a field, an unknown key or a `null`.
fn exact<T: DeserializeOwned + Serialize>(value: &Value) -> Option<T> {
    let typed = T::deserialize(value).ok()?;
    match serde_json::to_value(&typed) {
        Ok(back) if back == *value => Some(typed),
        _ => None,
    }
}

open_enum! {
    /// `type` of a comparison filter: how the attribute is compared.
    ComparisonOp {
        /// `eq`: equal.
        Eq = "eq",
        /// `ne`: not equal.
        Ne = "ne",
        /// `gt`: greater than.
        Gt = "gt",
        /// `gte`: greater than or equal.
        Gte = "gte",
        /// `lt`: less than.
        Lt = "lt",
        /// `lte`: less than or equal.
        Lte = "lte",
    }
}

open_enum! {
    /// `type` of a compound filter: how its filters combine.
    CompoundOp {
        /// `and`: every filter matches.
        And = "and",
        /// `or`: at least one filter matches.
        Or = "or",
    }
}

/// `value` of a comparison filter: a string, number, boolean or a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum FilterValue {
    /// A string.
    String(String),
    /// A number, kept exactly as written (`2020` stays an integer).
    Number(serde_json::Number),
    /// A boolean.
    Bool(bool),
    /// A list of strings or numbers.
    List(Vec<FilterValue>),
}

impl From<&str> for FilterValue {
    fn from(v: &str) -> Self {
        FilterValue::String(v.to_owned())
    }
}

impl From<String> for FilterValue {
    fn from(v: String) -> Self {
        FilterValue::String(v)
    }
}

impl From<bool> for FilterValue {
    fn from(v: bool) -> Self {
        FilterValue::Bool(v)
    }
}

impl From<i64> for FilterValue {
    fn from(v: i64) -> Self {
        FilterValue::Number(v.into())
    }
}

impl From<i32> for FilterValue {
    fn from(v: i32) -> Self {
        FilterValue::Number(v.into())
    }
}

impl From<u64> for FilterValue {
    fn from(v: u64) -> Self {
        FilterValue::Number(v.into())
    }
}

impl From<f64> for FilterValue {
    /// A finite float; JSON has no NaN or infinity, so those become their
    /// text (`"NaN"`, `"inf"`), which the server rejects rather than misreads.
    fn from(v: f64) -> Self {
        match serde_json::Number::from_f64(v) {
            Some(n) => FilterValue::Number(n),
            None => FilterValue::String(v.to_string()),
        }
    }
}

impl<T: Into<FilterValue>> From<Vec<T>> for FilterValue {
    fn from(v: Vec<T>) -> Self {
        FilterValue::List(v.into_iter().map(Into::into).collect())
    }
}

/// A comparison filter: `{"key", "type": "eq"|"ne"|"gt"|"gte"|"lt"|"lte", "value"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonFilter {
    key: String,
    #[serde(rename = "type")]
    op: ComparisonOp,
    value: FilterValue,
}

impl ComparisonFilter {
    /// Compares the attribute `key` with `value` by `op`.
    pub fn new(
        key: impl Into<String>,
        op: impl Into<ComparisonOp>,
        value: impl Into<FilterValue>,
    ) -> Self {
        ComparisonFilter {
            key: key.into(),
            op: op.into(),
            value: value.into(),
        }
    }

    getters! {
        /// The attribute `key` compared.
        key = key: req_str;
        /// The comparison, the filter's `type`.
        op = op: req_ref ComparisonOp;
        /// The `value` compared with.
        value = value: req_ref FilterValue;
    }
}

/// A compound filter: `{"type": "and"|"or", "filters": [...]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompoundFilter {
    #[serde(rename = "type")]
    op: CompoundOp,
    filters: Vec<FileSearchFilter>,
}

impl CompoundFilter {
    /// Combines `filters` by `op`.
    pub fn new<I, F>(op: impl Into<CompoundOp>, filters: I) -> Self
    where
        I: IntoIterator<Item = F>,
        F: Into<FileSearchFilter>,
    {
        CompoundFilter {
            op: op.into(),
            filters: filters.into_iter().map(Into::into).collect(),
        }
    }

    getters! {
        /// How the filters combine, the filter's `type`.
        op = op: req_ref CompoundOp;
        /// The `filters` combined.
        filters = filters: req_slice FileSearchFilter;
    }
}

/// `filters` of the `file_search` tool: a comparison, a compound filter, or
/// a shape this version does not model, kept as raw JSON.
///
/// Decoding (and `From<serde_json::Value>`) picks a typed variant only when
/// it holds every key of the JSON; anything else is [`Unknown`](Self::Unknown).
#[derive(Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum FileSearchFilter {
    /// `{"key","type","value"}`.
    Comparison(ComparisonFilter),
    /// `{"type":"and"|"or","filters"}`.
    Compound(CompoundFilter),
    /// Any other JSON, sent as is.
    Unknown(Value),
}

debug_with_raw_json!(
    enum FileSearchFilter {
        Comparison(x),
        Compound(x),
        Unknown(x),
    }
);

macro_rules! comparison_ctors {
    ( $( $(#[$meta:meta])* $name:ident => $op:ident; )+ ) => {
        $(
            $(#[$meta])*
            pub fn $name(key: impl Into<String>, value: impl Into<FilterValue>) -> Self {
                FileSearchFilter::Comparison(ComparisonFilter::new(key, ComparisonOp::$op, value))
            }
        )+
    };
}

impl FileSearchFilter {
    comparison_ctors! {
        /// `{"key", "type": "eq", "value"}`.
        eq => Eq;
        /// `{"key", "type": "ne", "value"}`.
        ne => Ne;
        /// `{"key", "type": "gt", "value"}`.
        gt => Gt;
        /// `{"key", "type": "gte", "value"}`.
        gte => Gte;
        /// `{"key", "type": "lt", "value"}`.
        lt => Lt;
        /// `{"key", "type": "lte", "value"}`.
        lte => Lte;
    }

    /// `{"type": "and", "filters"}`: every filter matches.
    pub fn and<I, F>(filters: I) -> Self
    where
        I: IntoIterator<Item = F>,
        F: Into<FileSearchFilter>,
    {
        FileSearchFilter::Compound(CompoundFilter::new(CompoundOp::And, filters))
    }

    /// `{"type": "or", "filters"}`: at least one filter matches.
    pub fn or<I, F>(filters: I) -> Self
    where
        I: IntoIterator<Item = F>,
        F: Into<FileSearchFilter>,
    {
        FileSearchFilter::Compound(CompoundFilter::new(CompoundOp::Or, filters))
    }
}

impl From<ComparisonFilter> for FileSearchFilter {
    fn from(v: ComparisonFilter) -> Self {
        FileSearchFilter::Comparison(v)
    }
}

impl From<CompoundFilter> for FileSearchFilter {
    fn from(v: CompoundFilter) -> Self {
        FileSearchFilter::Compound(v)
    }
}

impl From<Value> for FileSearchFilter {
    #[inline]
    fn from(value: Value) -> Self {
        if let Some(v) = exact(&value) {
            return FileSearchFilter::Comparison(v);
        }
        if let Some(v) = exact(&value) {
            return FileSearchFilter::Compound(v);
        }
        FileSearchFilter::Unknown(value)
    }
}

deserialize_from_value!(FileSearchFilter);

open_enum! {
    /// `ranking_options.ranker`.
    Ranker {
        /// `auto`.
        Auto = "auto",
        /// `default-2024-11-15`.
        Default20241115 = "default-2024-11-15",
    }
}

/// `ranking_options` of the `file_search` tool: `{"ranker", "score_threshold"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct RankingOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ranker: Option<Ranker>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    score_threshold: Option<f64>,
}

impl RankingOptions {
    /// No options.
    pub fn new() -> Self {
        RankingOptions::default()
    }

    opt_setters! {
        /// `ranker`.
        ranker: Ranker;
        /// `score_threshold`: 0 to 1; results below it are dropped.
        score_threshold: f64;
    }

    getters! {
        /// The `ranker`, when set.
        get_ranker = ranker: opt Ranker;
        /// `score_threshold`, when set.
        get_score_threshold = score_threshold: copy f64;
    }
}

open_enum! {
    /// `environment` of the computer-use tool.
    ComputerEnvironment {
        /// `windows`.
        Windows = "windows",
        /// `mac`.
        Mac = "mac",
        /// `linux`.
        Linux = "linux",
        /// `ubuntu`.
        Ubuntu = "ubuntu",
        /// `browser`.
        Browser = "browser",
    }
}

/// Options of the `computer_use_preview` tool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComputerUseTool {
    display_width: u64,
    display_height: u64,
    environment: ComputerEnvironment,
}

impl ComputerUseTool {
    /// A display of `display_width` × `display_height` pixels in `environment`.
    pub fn new(
        display_width: u64,
        display_height: u64,
        environment: impl Into<ComputerEnvironment>,
    ) -> Self {
        ComputerUseTool {
            display_width,
            display_height,
            environment: environment.into(),
        }
    }

    getters! {
        /// `display_width`, in pixels.
        display_width = display_width: req_copy u64;
        /// `display_height`, in pixels.
        display_height = display_height: req_copy u64;
        /// The `environment`.
        environment = environment: req_ref ComputerEnvironment;
    }
}

open_enum! {
    /// `memory_limit` of an automatic code interpreter container.
    MemoryLimit {
        /// `1g`.
        G1 = "1g",
        /// `4g`.
        G4 = "4g",
        /// `16g`.
        G16 = "16g",
        /// `64g`.
        G64 = "64g",
    }
}

/// An automatic code interpreter container: `{"type":"auto","file_ids","memory_limit"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct AutoContainer {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_ids: Option<Vec<String>>,
    /// `Some(None)` is a `null` read from JSON, which the spec allows and
    /// which is written back.
    #[serde(
        default,
        deserialize_with = "present_memory_limit",
        skip_serializing_if = "Option::is_none"
    )]
    memory_limit: Option<Option<MemoryLimit>>,
}

/// Reads a present `memory_limit`, `null` included, as `Some`; an absent one
/// is `None` through `#[serde(default)]`.
fn present_memory_limit<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<MemoryLimit>>, D::Error> {
    Option::deserialize(d).map(Some)
}

impl Default for AutoContainer {
    fn default() -> Self {
        AutoContainer::new()
    }
}

impl AutoContainer {
    /// `{"type":"auto"}`.
    pub fn new() -> Self {
        AutoContainer {
            kind: "auto".to_owned(),
            file_ids: None,
            memory_limit: None,
        }
    }

    list_setters! {
        /// `file_ids`: uploaded files to make available in the container.
        file_ids;
    }

    /// `memory_limit`.
    pub fn memory_limit(mut self, limit: impl Into<MemoryLimit>) -> Self {
        self.memory_limit = Some(Some(limit.into()));
        self
    }

    getters! {
        /// The `type` (`auto`).
        kind = kind: req_str;
        /// The `file_ids`, when set.
        get_file_ids = file_ids: list String;
    }

    /// The `memory_limit`, when set (`None` also for a `null` read from
    /// JSON).
    pub fn get_memory_limit(&self) -> Option<&MemoryLimit> {
        self.memory_limit.as_ref().and_then(Option::as_ref)
    }
}

/// `container` of the code interpreter: a container id, an automatic
/// container, or a shape this version does not model (raw JSON).
#[derive(Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum CodeInterpreterContainer {
    /// An existing container's id, sent as a string.
    Id(String),
    /// `{"type":"auto", ...}`.
    Auto(AutoContainer),
    /// Any other JSON, sent as is.
    Unknown(Value),
}

debug_with_raw_json!(
    enum CodeInterpreterContainer {
        Id(x),
        Auto(x),
        Unknown(x),
    }
);

impl CodeInterpreterContainer {
    /// `{"type":"auto"}`.
    pub fn auto() -> Self {
        CodeInterpreterContainer::Auto(AutoContainer::new())
    }
}

impl From<AutoContainer> for CodeInterpreterContainer {
    fn from(v: AutoContainer) -> Self {
        CodeInterpreterContainer::Auto(v)
    }
}

impl From<&str> for CodeInterpreterContainer {
    fn from(id: &str) -> Self {
        CodeInterpreterContainer::Id(id.to_owned())
    }
}

impl From<String> for CodeInterpreterContainer {
    fn from(id: String) -> Self {
        CodeInterpreterContainer::Id(id)
    }
}

impl From<Value> for CodeInterpreterContainer {
    /// A string is an id; `{"type":"auto",...}` with only known keys is
    /// [`Auto`](Self::Auto); anything else is [`Unknown`](Self::Unknown).
    #[inline]
    fn from(value: Value) -> Self {
        match value {
            Value::String(id) => CodeInterpreterContainer::Id(id),
            value => match exact::<AutoContainer>(&value) {
                Some(auto) if auto.kind == "auto" => CodeInterpreterContainer::Auto(auto),
                _ => CodeInterpreterContainer::Unknown(value),
            },
        }
    }
}

deserialize_from_value!(CodeInterpreterContainer);

/// Options of the `code_interpreter` tool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeInterpreterTool {
    container: CodeInterpreterContainer,
}

impl CodeInterpreterTool {
    /// Runs code in `container` (an id, [`AutoContainer`], or a
    /// [`CodeInterpreterContainer`]).
    pub fn new(container: impl Into<CodeInterpreterContainer>) -> Self {
        CodeInterpreterTool {
            container: container.into(),
        }
    }

    /// The `container` the code runs in.
    pub fn container(&self) -> &CodeInterpreterContainer {
        &self.container
    }
}

open_enum! {
    /// `connector_id` of the `mcp` tool: a hosted connector.
    McpConnector {
        /// `connector_dropbox`.
        Dropbox = "connector_dropbox",
        /// `connector_gmail`.
        Gmail = "connector_gmail",
        /// `connector_googlecalendar`.
        GoogleCalendar = "connector_googlecalendar",
        /// `connector_googledrive`.
        GoogleDrive = "connector_googledrive",
        /// `connector_microsoftteams`.
        MicrosoftTeams = "connector_microsoftteams",
        /// `connector_outlookcalendar`.
        OutlookCalendar = "connector_outlookcalendar",
        /// `connector_outlookemail`.
        OutlookEmail = "connector_outlookemail",
        /// `connector_sharepoint`.
        Sharepoint = "connector_sharepoint",
    }
}

/// `{"read_only", "tool_names"}`: the filter form of `allowed_tools`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct McpToolFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    read_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tool_names: Option<Vec<String>>,
}

impl McpToolFilter {
    /// An empty filter.
    pub fn new() -> Self {
        McpToolFilter::default()
    }

    opt_setters! {
        /// `read_only`: only tools marked read-only.
        read_only: bool;
    }

    list_setters! {
        /// `tool_names`: only these tools.
        tool_names;
    }

    getters! {
        /// `read_only`, when set.
        get_read_only = read_only: copy bool;
        /// The `tool_names`, when set.
        get_tool_names = tool_names: list String;
    }
}

/// `allowed_tools` of the `mcp` tool: a list of tool names, a filter, or a
/// shape this version does not model (raw JSON).
#[derive(Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum McpAllowedTools {
    /// `["name", ...]`.
    Names(Vec<String>),
    /// `{"read_only", "tool_names"}`.
    Filter(McpToolFilter),
    /// Any other JSON, sent as is.
    Unknown(Value),
}

debug_with_raw_json!(
    enum McpAllowedTools {
        Names(x),
        Filter(x),
        Unknown(x),
    }
);

impl McpAllowedTools {
    /// A list of tool names.
    pub fn names<I, S>(names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        McpAllowedTools::Names(names.into_iter().map(Into::into).collect())
    }
}

impl From<McpToolFilter> for McpAllowedTools {
    fn from(v: McpToolFilter) -> Self {
        McpAllowedTools::Filter(v)
    }
}

impl From<Vec<String>> for McpAllowedTools {
    fn from(v: Vec<String>) -> Self {
        McpAllowedTools::Names(v)
    }
}

impl From<Value> for McpAllowedTools {
    #[inline]
    fn from(value: Value) -> Self {
        if let Some(v) = exact(&value) {
            return McpAllowedTools::Names(v);
        }
        if let Some(v) = exact(&value) {
            return McpAllowedTools::Filter(v);
        }
        McpAllowedTools::Unknown(value)
    }
}

deserialize_from_value!(McpAllowedTools);

open_enum! {
    /// The string form of `require_approval`.
    McpApprovalMode {
        /// `always`: every call needs approval.
        Always = "always",
        /// `never`: no call needs approval.
        Never = "never",
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct McpToolNames {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tool_names: Option<Vec<String>>,
}

/// The per-tool form of `require_approval`:
/// `{"always": {"tool_names"}, "never": {"tool_names"}}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct McpApprovalRules {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    always: Option<McpToolNames>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    never: Option<McpToolNames>,
}

impl McpApprovalRules {
    /// No rules.
    pub fn new() -> Self {
        McpApprovalRules::default()
    }

    /// `always.tool_names`: tools whose calls always need approval.
    pub fn always<I, S>(mut self, tool_names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.always = Some(McpToolNames {
            tool_names: Some(tool_names.into_iter().map(Into::into).collect()),
        });
        self
    }

    /// `never.tool_names`: tools whose calls never need approval.
    pub fn never<I, S>(mut self, tool_names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.never = Some(McpToolNames {
            tool_names: Some(tool_names.into_iter().map(Into::into).collect()),
        });
        self
    }

    /// The `always.tool_names`, when set (the setter is
    /// [`always`](McpApprovalRules::always)).
    pub fn get_always(&self) -> Option<&[String]> {
        self.always.as_ref().and_then(|a| a.tool_names.as_deref())
    }

    /// The `never.tool_names`, when set (the setter is
    /// [`never`](McpApprovalRules::never)).
    pub fn get_never(&self) -> Option<&[String]> {
        self.never.as_ref().and_then(|n| n.tool_names.as_deref())
    }
}

/// `require_approval` of the `mcp` tool: `"always"`, `"never"`, per-tool
/// rules, or a shape this version does not model (raw JSON).
#[derive(Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum McpRequireApproval {
    /// `"always"` or `"never"` (other strings are kept in `Other`).
    Mode(McpApprovalMode),
    /// `{"always": {"tool_names"}, "never": {"tool_names"}}`.
    Rules(McpApprovalRules),
    /// Any other JSON, sent as is.
    Unknown(Value),
}

debug_with_raw_json!(
    enum McpRequireApproval {
        Mode(x),
        Rules(x),
        Unknown(x),
    }
);

impl From<McpApprovalMode> for McpRequireApproval {
    fn from(v: McpApprovalMode) -> Self {
        McpRequireApproval::Mode(v)
    }
}

impl From<&str> for McpRequireApproval {
    fn from(v: &str) -> Self {
        McpRequireApproval::Mode(v.into())
    }
}

impl From<McpApprovalRules> for McpRequireApproval {
    fn from(v: McpApprovalRules) -> Self {
        McpRequireApproval::Rules(v)
    }
}

impl From<Value> for McpRequireApproval {
    #[inline]
    fn from(value: Value) -> Self {
        match value {
            Value::String(s) => McpRequireApproval::Mode(s.into()),
            value => match exact(&value) {
                Some(rules) => McpRequireApproval::Rules(rules),
                None => McpRequireApproval::Unknown(value),
            },
        }
    }
}

deserialize_from_value!(McpRequireApproval);

/// Options of the `mcp` tool.
///
/// ```
/// use openrouter_responses::request::{McpApprovalRules, McpTool, McpToolFilter};
/// use serde_json::json;
///
/// let tool = McpTool::new("crm")
///     .server_url("https://mcp.example.com/sse")
///     .allowed_tools(McpToolFilter::new().read_only(true))
///     .require_approval(McpApprovalRules::new().always(["delete"]));
/// assert_eq!(
///     serde_json::to_value(&tool)?,
///     json!({
///         "server_label": "crm", "server_url": "https://mcp.example.com/sse",
///         "allowed_tools": {"read_only": true},
///         "require_approval": {"always": {"tool_names": ["delete"]}}
///     })
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct McpTool {
    server_label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    server_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    connector_id: Option<McpConnector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    authorization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    headers: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allowed_tools: Option<McpAllowedTools>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    require_approval: Option<McpRequireApproval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    server_description: Option<String>,
}

debug_with_raw_json!(struct McpTool { server_label, server_url, connector_id, authorization, headers, allowed_tools, require_approval, server_description });

impl McpTool {
    /// The server called `server_label`.
    pub fn new(server_label: impl Into<String>) -> Self {
        McpTool {
            server_label: server_label.into(),
            server_url: None,
            connector_id: None,
            authorization: None,
            headers: None,
            allowed_tools: None,
            require_approval: None,
            server_description: None,
        }
    }

    opt_setters! {
        /// `server_url`.
        server_url: String;
        /// `connector_id`: a hosted connector such as `connector_gmail`.
        connector_id: McpConnector;
        /// `authorization`: an OAuth token for the server.
        authorization: String;
        /// `allowed_tools`: a list of names ([`McpAllowedTools::names`]) or an
        /// [`McpToolFilter`]; a `serde_json::Value` converts too.
        allowed_tools: McpAllowedTools;
        /// `require_approval`: [`McpApprovalMode`] (`"always"`, `"never"`) or
        /// [`McpApprovalRules`]; a `serde_json::Value` converts too.
        require_approval: McpRequireApproval;
        /// `server_description`.
        server_description: String;
    }

    /// `allowed_tools`: only the tools with these names.
    pub fn allowed_tool_names<I, S>(self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allowed_tools(McpAllowedTools::names(names))
    }

    /// `headers`: adds one HTTP header sent to the server.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers
            .get_or_insert_with(Map::new)
            .insert(name.into(), Value::String(value.into()));
        self
    }

    getters! {
        /// The `server_label`.
        server_label = server_label: req_str;
        /// The `server_url`, when set.
        get_server_url = server_url: text;
        /// The `connector_id`, when set.
        get_connector_id = connector_id: opt McpConnector;
        /// The `authorization` token, when set.
        get_authorization = authorization: text;
        /// The HTTP `headers` sent to the server, when set.
        headers = headers: opt Map<String, Value>;
        /// The `allowed_tools`, when set.
        get_allowed_tools = allowed_tools: opt McpAllowedTools;
        /// The `require_approval` setting, when set.
        get_require_approval = require_approval: opt McpRequireApproval;
        /// The `server_description`, when set.
        get_server_description = server_description: text;
    }
}

/// `input_image_mask` of the `image_generation` tool: `{"file_id", "image_url"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ImageMask {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    image_url: Option<String>,
}

impl ImageMask {
    /// An empty mask; set `file_id` or `image_url`.
    pub fn new() -> Self {
        ImageMask::default()
    }

    opt_setters! {
        /// `file_id`: the mask as an uploaded file.
        file_id: String;
        /// `image_url`: the mask by URL or data URL.
        image_url: String;
    }

    getters! {
        /// The `file_id`, when set.
        get_file_id = file_id: text;
        /// The `image_url`, when set.
        get_image_url = image_url: text;
    }
}

open_enum! {
    /// `background` of generated images.
    ImageBackground {
        /// `transparent`.
        Transparent = "transparent",
        /// `opaque`.
        Opaque = "opaque",
        /// `auto`.
        Auto = "auto",
    }
}

open_enum! {
    /// `input_fidelity` of image generation.
    InputFidelity {
        /// `high`.
        High = "high",
        /// `low`.
        Low = "low",
    }
}

open_enum! {
    /// `moderation` of image generation.
    ImageModeration {
        /// `auto`.
        Auto = "auto",
        /// `low`.
        Low = "low",
    }
}

open_enum! {
    /// `output_format` of generated images.
    ImageOutputFormat {
        /// `png`.
        Png = "png",
        /// `webp`.
        Webp = "webp",
        /// `jpeg`.
        Jpeg = "jpeg",
    }
}

open_enum! {
    /// `quality` of generated images.
    ImageQuality {
        /// `low`.
        Low = "low",
        /// `medium`.
        Medium = "medium",
        /// `high`.
        High = "high",
        /// `auto`.
        Auto = "auto",
    }
}

/// Options of the `image_generation` tool. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ImageGenerationTool {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    background: Option<ImageBackground>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    input_fidelity: Option<InputFidelity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    input_image_mask: Option<ImageMask>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    moderation: Option<ImageModeration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    output_compression: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    output_format: Option<ImageOutputFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    partial_images: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quality: Option<ImageQuality>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    size: Option<String>,
}

impl ImageGenerationTool {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        ImageGenerationTool::default()
    }

    opt_setters! {
        /// `background`: `transparent`, `opaque` or `auto`.
        background: ImageBackground;
        /// `input_fidelity`: `high` or `low`.
        input_fidelity: InputFidelity;
        /// `input_image_mask`: the mask for edits.
        input_image_mask: ImageMask;
        /// `model`.
        model: String;
        /// `moderation`: `auto` or `low`.
        moderation: ImageModeration;
        /// `output_compression`: 0 to 100.
        output_compression: u64;
        /// `output_format`: `png`, `webp` or `jpeg`.
        output_format: ImageOutputFormat;
        /// `partial_images`: partial images to stream.
        partial_images: u64;
        /// `quality`: `low`, `medium`, `high` or `auto`.
        quality: ImageQuality;
        /// `size`: e.g. `1024x1024`.
        size: String;
    }

    getters! {
        /// The `background`, when set.
        get_background = background: opt ImageBackground;
        /// The `input_fidelity`, when set.
        get_input_fidelity = input_fidelity: opt InputFidelity;
        /// The `input_image_mask`, when set.
        get_input_image_mask = input_image_mask: opt ImageMask;
        /// The `model`, when set.
        get_model = model: text;
        /// The `moderation`, when set.
        get_moderation = moderation: opt ImageModeration;
        /// `output_compression`, when set.
        get_output_compression = output_compression: copy u64;
        /// The `output_format`, when set.
        get_output_format = output_format: opt ImageOutputFormat;
        /// `partial_images`, when set.
        get_partial_images = partial_images: copy u64;
        /// The `quality`, when set.
        get_quality = quality: opt ImageQuality;
        /// The `size`, when set.
        get_size = size: text;
    }
}

/// `format` of a custom tool: free text or a grammar.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum CustomToolFormat {
    /// `{"type":"text"}`.
    #[serde(rename = "text")]
    Text,
    /// `{"type":"grammar","syntax","definition"}`.
    #[serde(rename = "grammar")]
    Grammar {
        /// `syntax`: `lark` or `regex`.
        syntax: String,
        /// `definition`: the grammar.
        definition: String,
    },
    /// A format this version does not know, or does not hold whole (a
    /// member it does not model), kept as raw JSON.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(enum CustomToolFormat { Text, Grammar { syntax, definition }, Unknown(x) });

deserialize_from_value!(CustomToolFormat, CustomToolFormat::from_value);

impl CustomToolFormat {
    /// Reads a format from JSON; never fails: a format its typed variant
    /// would not write back whole is kept as [`Unknown`](Self::Unknown).
    #[inline]
    fn from_value(value: Value) -> Self {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        let format = match super::tag(&value, "type") {
            Some("text") => Some(CustomToolFormat::Text),
            Some("grammar") => text("syntax")
                .zip(text("definition"))
                .map(|(syntax, definition)| CustomToolFormat::Grammar { syntax, definition }),
            _ => None,
        };
        kept(&value, format).unwrap_or(CustomToolFormat::Unknown(value))
    }
}

/// Options of the `custom` tool: a tool the model calls with free text
/// (or text of a grammar) instead of JSON arguments; the program runs it
/// and answers with a
/// [`CustomToolCallOutput`](crate::request::CustomToolCallOutput).
///
/// Built as the other tools with a type of their own are, and given to
/// [`RequestBuilder::tool`](crate::RequestBuilder::tool) as it is (or
/// turned into a [`Tool`] with `into()`); among them [`Tool::function`] is
/// the one shortcut, for the three members a function tool needs.
///
/// ```
/// use openrouter_responses::request::{CustomTool, CustomToolFormat};
/// use openrouter_responses::Request;
/// use serde_json::json;
///
/// let request = Request::builder()
///     .tool(
///         CustomTool::new("sql")
///             .description("Runs one SQL query")
///             .format(CustomToolFormat::Grammar {
///                 syntax: "lark".into(),
///                 definition: "start: \"SELECT\" /[^;]+/".into(),
///             }),
///     )
///     .build();
/// assert_eq!(
///     serde_json::to_value(&request)?["tools"][0],
///     json!({"type": "custom", "name": "sql", "description": "Runs one SQL query",
///            "format": {"type": "grammar", "syntax": "lark",
///                       "definition": "start: \"SELECT\" /[^;]+/"}})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CustomTool {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    format: Option<CustomToolFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    r#async: Option<bool>,
}

impl CustomTool {
    /// A custom tool called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        CustomTool {
            name: name.into(),
            description: None,
            format: None,
            r#async: None,
        }
    }

    opt_setters! {
        /// `description`.
        description: String;
        /// `format`: the input format.
        format: CustomToolFormat;
        /// `async`: let the model go on with its turn after calling the
        /// tool instead of waiting for the result, which is still sent by
        /// the caller, in a later request, as the output of the call's
        /// `call_id`. Providers without asynchronous tools ignore it.
        r#async: bool;
    }

    getters! {
        /// The tool's `name`.
        name = name: req_str;
        /// The `description`, when set.
        get_description = description: text;
        /// The input `format`, when set.
        get_format = format: opt CustomToolFormat;
        /// `async`, when set.
        get_async = r#async: copy bool;
    }
}

open_enum! {
    /// An entry of `allowed_callers` of a namespaced function: who may call it.
    AllowedCaller {
        /// `direct`: the model, as a normal tool call.
        Direct = "direct",
        /// `programmatic`: code the model runs.
        Programmatic = "programmatic",
    }
}

/// A `function` tool inside a [`NamespaceTool`] (`NamespaceFunctionTool`).
///
/// Unlike a top-level [`FunctionTool`], `parameters` is optional and omitted
/// when unset.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct NamespaceFunctionTool {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parameters: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    strict: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    defer_loading: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allowed_callers: Option<Vec<AllowedCaller>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    output_schema: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    r#async: Option<bool>,
}

debug_with_raw_json!(struct NamespaceFunctionTool { name, description, parameters, strict, defer_loading, allowed_callers, output_schema, r#async });

impl NamespaceFunctionTool {
    /// A function called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        NamespaceFunctionTool {
            name: name.into(),
            description: None,
            parameters: None,
            strict: None,
            defer_loading: None,
            allowed_callers: None,
            output_schema: None,
            r#async: None,
        }
    }

    opt_setters! {
        /// `description`: what the function does, for the model.
        description: String;
        /// `strict`: require arguments to match the schema exactly.
        strict: bool;
        /// `defer_loading`: hide the function until `openrouter:tool_search`
        /// finds it.
        defer_loading: bool;
        /// `async`: let the model go on with its turn after calling the
        /// tool instead of waiting for the result, which is still sent by
        /// the caller, in a later request, as the output of the call's
        /// `call_id`. Providers without asynchronous tools ignore it.
        r#async: bool;
    }

    /// `parameters`: the JSON schema of the arguments, a [`Value`] or its
    /// JSON text (sent as the object it holds, as
    /// [`FunctionTool::parameters`] does).
    pub fn parameters(mut self, schema: impl Into<Value>) -> Self {
        self.parameters = Some(super::schema_value(schema));
        self
    }

    /// `output_schema`: the JSON schema of the function's result, a
    /// [`Value`] or its JSON text (sent as the object it holds).
    pub fn output_schema(mut self, schema: impl Into<Value>) -> Self {
        self.output_schema = Some(super::schema_value(schema));
        self
    }

    /// `allowed_callers`: who may call the function.
    pub fn allowed_callers<I, C>(mut self, callers: I) -> Self
    where
        I: IntoIterator<Item = C>,
        C: Into<AllowedCaller>,
    {
        self.allowed_callers = Some(callers.into_iter().map(Into::into).collect());
        self
    }

    getters! {
        /// The function's `name`.
        name = name: req_str;
        /// The `description`, when set.
        get_description = description: text;
        /// The `parameters` schema, when set.
        get_parameters = parameters: opt Value;
        /// `strict`, when set.
        get_strict = strict: copy bool;
        /// `defer_loading`, when set.
        get_defer_loading = defer_loading: copy bool;
        /// The `allowed_callers`, when set.
        get_allowed_callers = allowed_callers: list AllowedCaller;
        /// The `output_schema`, when set.
        get_output_schema = output_schema: opt Value;
        /// `async`, when set.
        get_async = r#async: copy bool;
    }
}

/// One tool of a [`NamespaceTool`], tagged by `type`.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum NamespaceMember {
    /// `function`.
    #[serde(rename = "function")]
    Function(NamespaceFunctionTool),
    /// `custom`.
    #[serde(rename = "custom")]
    Custom(CustomTool),
    /// A tool this version does not know, or does not hold whole (a
    /// member it does not model), kept as raw JSON.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(
    enum NamespaceMember {
        Function(x),
        Custom(x),
        Unknown(x),
    }
);

deserialize_from_value!(NamespaceMember, NamespaceMember::from_value);

impl NamespaceMember {
    /// Reads a tool from JSON; never fails: a tool its typed variant would
    /// not write back whole is kept as [`Unknown`](Self::Unknown).
    #[inline]
    fn from_value(value: Value) -> Self {
        let member = match super::tag(&value, "type") {
            Some("function") => NamespaceFunctionTool::deserialize(&value)
                .ok()
                .map(NamespaceMember::Function),
            Some("custom") => CustomTool::deserialize(&value)
                .ok()
                .map(NamespaceMember::Custom),
            _ => None,
        };
        kept(&value, member).unwrap_or(NamespaceMember::Unknown(value))
    }

    /// A typed member as `retain_tools` shows it to its predicate: as the
    /// entry of `tools` of its type (a function's `allowed_callers` and
    /// `output_schema`, which a top-level function does not have, left
    /// out); `None` for one held as raw JSON.
    pub(crate) fn as_tool(&self) -> Option<Tool> {
        match self {
            NamespaceMember::Function(f) => Some(Tool::Function(FunctionTool {
                name: f.name.clone(),
                description: f.description.clone(),
                parameters: f.parameters.clone(),
                strict: f.strict,
                defer_loading: f.defer_loading,
                r#async: f.r#async,
            })),
            NamespaceMember::Custom(custom) => Some(Tool::Custom(custom.clone())),
            NamespaceMember::Unknown(_) => None,
        }
    }
}

impl From<NamespaceFunctionTool> for NamespaceMember {
    fn from(v: NamespaceFunctionTool) -> Self {
        NamespaceMember::Function(v)
    }
}

impl From<CustomTool> for NamespaceMember {
    fn from(v: CustomTool) -> Self {
        NamespaceMember::Custom(v)
    }
}

/// The `namespace` tool: function and custom tools grouped under one name,
/// `{"type":"namespace","name","description","tools"}`.
///
/// ```
/// use openrouter_responses::request::{CustomTool, NamespaceFunctionTool, NamespaceTool, Tool};
/// use serde_json::json;
///
/// let tool: Tool = NamespaceTool::new("billing", "Billing tools")
///     .tool(NamespaceFunctionTool::new("refund").allowed_callers(["direct"]))
///     .tool(CustomTool::new("note"))
///     .into();
/// assert_eq!(
///     serde_json::to_value(&tool)?,
///     json!({
///         "type": "namespace", "name": "billing", "description": "Billing tools",
///         "tools": [
///             {"type": "function", "name": "refund", "allowed_callers": ["direct"]},
///             {"type": "custom", "name": "note"}
///         ]
///     })
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct NamespaceTool {
    name: String,
    description: String,
    tools: Vec<NamespaceMember>,
}

impl NamespaceTool {
    /// An empty namespace called `name`; add tools with [`tool`](Self::tool).
    pub fn new(name: impl Into<String>, description: impl Into<String>) -> Self {
        NamespaceTool {
            name: name.into(),
            description: description.into(),
            tools: Vec::new(),
        }
    }

    /// `tools`: adds one tool.
    pub fn tool(mut self, tool: impl Into<NamespaceMember>) -> Self {
        self.tools.push(tool.into());
        self
    }

    /// `tools`: replaces the tools.
    pub fn tools<I, T>(mut self, tools: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<NamespaceMember>,
    {
        self.tools = tools.into_iter().map(Into::into).collect();
        self
    }

    /// The members, to filter them.
    pub(crate) fn tools_mut(&mut self) -> &mut Vec<NamespaceMember> {
        &mut self.tools
    }

    getters! {
        /// The namespace's `name`.
        name = name: req_str;
        /// The `description`.
        description = description: req_str;
        /// The `tools` of the namespace.
        get_tools = tools: req_slice NamespaceMember;
    }
}

/// One entry of the `tools` list of an `allowed_tools` tool choice.
///
/// The spec leaves the entries open (any object); the common forms are
/// typed and anything else is kept as raw JSON. Decoding picks a typed form
/// only when it holds every key of the object.
///
/// ```
/// use openrouter_responses::request::{AllowedTool, AllowedToolsMode, ToolChoice};
/// use serde_json::json;
///
/// let choice = ToolChoice::allowed_tools(
///     AllowedToolsMode::Auto,
///     [AllowedTool::function("get_weather"), AllowedTool::tool_type("web_search_preview")],
/// );
/// assert_eq!(
///     serde_json::to_value(&choice)?,
///     json!({"type": "allowed_tools", "mode": "auto", "tools": [
///         {"type": "function", "name": "get_weather"},
///         {"type": "web_search_preview"}
///     ]})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum AllowedTool {
    /// `{"type":"function","name"}`.
    Function {
        /// `name`.
        name: String,
    },
    /// `{"type":"custom","name"}`.
    Custom {
        /// `name`.
        name: String,
    },
    /// `{"type":"mcp","server_label","name"}`: an MCP server's tools, or one
    /// of them.
    Mcp {
        /// `server_label`.
        server_label: String,
        /// `name`: one tool of the server; all when `None`.
        name: Option<String>,
    },
    /// `{"type": ...}` alone: a hosted or server tool such as
    /// `web_search_preview` or `openrouter:web_search`.
    Type(String),
    /// Any other JSON, sent as is.
    Unknown(Value),
}

debug_with_raw_json!(enum AllowedTool { Function { name }, Custom { name }, Mcp { server_label, name }, Type(x), Unknown(x) });

impl AllowedTool {
    /// `{"type":"function","name"}`.
    pub fn function(name: impl Into<String>) -> Self {
        AllowedTool::Function { name: name.into() }
    }

    /// `{"type":"custom","name"}`.
    pub fn custom(name: impl Into<String>) -> Self {
        AllowedTool::Custom { name: name.into() }
    }

    /// `{"type":"mcp","server_label"}`: every tool of the server.
    pub fn mcp(server_label: impl Into<String>) -> Self {
        AllowedTool::Mcp {
            server_label: server_label.into(),
            name: None,
        }
    }

    /// `{"type": tool_type}`.
    pub fn tool_type(tool_type: impl Into<String>) -> Self {
        AllowedTool::Type(tool_type.into())
    }

    /// The entry as JSON.
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        match self {
            AllowedTool::Function { name } => {
                map.insert("type".into(), Value::from("function"));
                map.insert("name".into(), Value::from(name.as_str()));
            }
            AllowedTool::Custom { name } => {
                map.insert("type".into(), Value::from("custom"));
                map.insert("name".into(), Value::from(name.as_str()));
            }
            AllowedTool::Mcp { server_label, name } => {
                map.insert("type".into(), Value::from("mcp"));
                map.insert("server_label".into(), Value::from(server_label.as_str()));
                if let Some(name) = name {
                    map.insert("name".into(), Value::from(name.as_str()));
                }
            }
            AllowedTool::Type(t) => {
                map.insert("type".into(), Value::from(t.as_str()));
            }
            AllowedTool::Unknown(v) => return v.clone(),
        }
        Value::Object(map)
    }
}

impl From<AllowedTool> for Value {
    #[inline]
    fn from(tool: AllowedTool) -> Self {
        match tool {
            AllowedTool::Unknown(v) => v,
            other => other.to_value(),
        }
    }
}

impl From<Value> for AllowedTool {
    #[inline]
    fn from(value: Value) -> Self {
        let Value::Object(map) = &value else {
            return AllowedTool::Unknown(value);
        };
        let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
        let typed = match (text("type").as_deref(), map.len()) {
            (Some("function"), 2) => text("name").map(|name| AllowedTool::Function { name }),
            (Some("custom"), 2) => text("name").map(|name| AllowedTool::Custom { name }),
            (Some("mcp"), 2) => text("server_label").map(|server_label| AllowedTool::Mcp {
                server_label,
                name: None,
            }),
            (Some("mcp"), 3) => match (text("server_label"), text("name")) {
                (Some(server_label), Some(name)) => Some(AllowedTool::Mcp {
                    server_label,
                    name: Some(name),
                }),
                _ => None,
            },
            (Some(t), 1) => Some(AllowedTool::Type(t.to_owned())),
            _ => None,
        };
        typed.unwrap_or(AllowedTool::Unknown(value))
    }
}

impl Serialize for AllowedTool {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

deserialize_from_value!(AllowedTool);

open_enum! {
    /// `mode` of an `allowed_tools` tool choice.
    AllowedToolsMode {
        /// `auto`: the model may call one of the tools.
        Auto = "auto",
        /// `required`: the model must call one of the tools.
        Required = "required",
    }
}

/// `tool_choice`: how the model may use tools.
///
/// Strings: `"auto"`, `"none"`, `"required"`; objects: a named function,
/// `allowed_tools`, and the hosted tool forms. Unknown strings and objects
/// are kept.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum ToolChoice {
    /// `"auto"`: the model decides.
    Auto,
    /// `"none"`: no tool calls.
    None,
    /// `"required"`: at least one tool call.
    Required,
    /// `{"type":"function","name":...}`: call this function.
    Function {
        /// `name`.
        name: String,
    },
    /// `{"type":"allowed_tools","mode","tools"}`: restrict to these tools.
    /// The entries are kept as JSON objects as sent; build them with
    /// [`ToolChoice::allowed_tools`] from typed [`AllowedTool`]s and read
    /// them typed with [`ToolChoice::allowed_tool_entries`].
    AllowedTools {
        /// `mode`.
        mode: AllowedToolsMode,
        /// `tools`, as JSON objects such as `{"type":"function","name":"f"}`.
        tools: Vec<Value>,
    },
    /// `{"type":"web_search_preview"}`.
    WebSearchPreview,
    /// `{"type":"web_search_preview_2025_03_11"}`.
    WebSearchPreview20250311,
    /// `{"type":"apply_patch"}`.
    ApplyPatch,
    /// `{"type":"shell"}`.
    Shell,
    /// A string this version does not know.
    Other(String),
    /// Any other JSON value.
    Unknown(Value),
}

debug_with_raw_json!(enum ToolChoice { Auto, None, Required, Function { name }, AllowedTools { mode, tools }, WebSearchPreview, WebSearchPreview20250311, ApplyPatch, Shell, Other(x), Unknown(x) });

impl ToolChoice {
    /// `{"type":"function","name":...}`.
    pub fn function(name: impl Into<String>) -> Self {
        ToolChoice::Function { name: name.into() }
    }

    /// `{"type":"allowed_tools","mode","tools"}` from typed entries.
    pub fn allowed_tools<I, T>(mode: impl Into<AllowedToolsMode>, tools: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<AllowedTool>,
    {
        ToolChoice::AllowedTools {
            mode: mode.into(),
            tools: tools.into_iter().map(|t| Value::from(t.into())).collect(),
        }
    }

    /// The entries of an `allowed_tools` choice, typed; `None` for other
    /// choices.
    #[inline]
    pub fn allowed_tool_entries(&self) -> Option<Vec<AllowedTool>> {
        match self {
            ToolChoice::AllowedTools { tools, .. } => {
                Some(tools.iter().cloned().map(AllowedTool::from).collect())
            }
            _ => None,
        }
    }
}

impl From<&str> for ToolChoice {
    /// `"auto"`, `"none"` and `"required"` map to their variants; other
    /// strings to [`ToolChoice::Other`].
    fn from(s: &str) -> Self {
        match s {
            "auto" => ToolChoice::Auto,
            "none" => ToolChoice::None,
            "required" => ToolChoice::Required,
            other => ToolChoice::Other(other.to_owned()),
        }
    }
}

impl From<String> for ToolChoice {
    /// As from a `&str`: `"auto"`, `"none"` and `"required"` map to their
    /// variants, other strings (moved, not copied) to [`ToolChoice::Other`].
    fn from(s: String) -> Self {
        match s.as_str() {
            "auto" => ToolChoice::Auto,
            "none" => ToolChoice::None,
            "required" => ToolChoice::Required,
            _ => ToolChoice::Other(s),
        }
    }
}

fn type_only(t: &str) -> Value {
    let mut map = Map::new();
    map.insert("type".into(), Value::from(t));
    Value::Object(map)
}

impl Serialize for ToolChoice {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            ToolChoice::Auto => s.serialize_str("auto"),
            ToolChoice::None => s.serialize_str("none"),
            ToolChoice::Required => s.serialize_str("required"),
            ToolChoice::Other(v) => s.serialize_str(v),
            ToolChoice::Function { name } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("type", "function")?;
                m.serialize_entry("name", name)?;
                m.end()
            }
            ToolChoice::AllowedTools { mode, tools } => {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("type", "allowed_tools")?;
                m.serialize_entry("mode", mode)?;
                m.serialize_entry("tools", tools)?;
                m.end()
            }
            ToolChoice::WebSearchPreview => type_only("web_search_preview").serialize(s),
            ToolChoice::WebSearchPreview20250311 => {
                type_only("web_search_preview_2025_03_11").serialize(s)
            }
            ToolChoice::ApplyPatch => type_only("apply_patch").serialize(s),
            ToolChoice::Shell => type_only("shell").serialize(s),
            ToolChoice::Unknown(v) => v.serialize(s),
        }
    }
}

impl ToolChoice {
    /// Reads a tool choice from JSON; never fails: a string or object
    /// this version does not know is kept as [`Other`](Self::Other) or
    /// [`Unknown`](Self::Unknown).
    pub(crate) fn from_value(value: Value) -> Self {
        match &value {
            Value::String(s) => ToolChoice::from(s.as_str()),
            Value::Object(map) => {
                let only_type = map.len() == 1;
                match map.get("type").and_then(Value::as_str) {
                    Some("function") if map.len() == 2 => match map.get("name") {
                        Some(Value::String(name)) => ToolChoice::Function { name: name.clone() },
                        _ => ToolChoice::Unknown(value),
                    },
                    Some("allowed_tools") if map.len() == 3 => {
                        match (map.get("mode"), map.get("tools")) {
                            (Some(Value::String(mode)), Some(Value::Array(tools))) => {
                                ToolChoice::AllowedTools {
                                    mode: AllowedToolsMode::from(mode.as_str()),
                                    tools: tools.clone(),
                                }
                            }
                            _ => ToolChoice::Unknown(value),
                        }
                    }
                    Some("web_search_preview") if only_type => ToolChoice::WebSearchPreview,
                    Some("web_search_preview_2025_03_11") if only_type => {
                        ToolChoice::WebSearchPreview20250311
                    }
                    Some("apply_patch") if only_type => ToolChoice::ApplyPatch,
                    Some("shell") if only_type => ToolChoice::Shell,
                    _ => ToolChoice::Unknown(value),
                }
            }
            _ => ToolChoice::Unknown(value),
        }
    }
}

impl<'de> Deserialize<'de> for ToolChoice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(ToolChoice::from_value)
    }
}
