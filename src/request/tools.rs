//! `tools` and `tool_choice`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// One entry of `tools`, tagged by `type`.
///
/// Function tools, the OpenAI-style hosted tools and OpenRouter's server
/// tools (`openrouter:*`) are typed. `openrouter:web_search`,
/// `openrouter:web_fetch` and `openrouter:datetime` have typed parameters; the
/// other server tools are [`OpenRouter`](Self::OpenRouter) with raw
/// parameters. Anything else is kept as raw JSON in
/// [`Unknown`](Self::Unknown).
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// Any other `openrouter:*` server tool, as `{"type", "parameters"}`.
    #[serde(untagged)]
    OpenRouter(ServerTool),
    /// A tool this version does not know (including `namespace`), kept as raw JSON.
    #[serde(untagged)]
    Unknown(Value),
}

impl Tool {
    /// A function tool: `{"type":"function","name","description","parameters"}`.
    /// `parameters` is a JSON schema; pass `Value::Null` for none (it is then
    /// sent as `null`, as the field is required on the wire).
    pub fn function(
        name: impl Into<String>,
        description: impl Into<String>,
        parameters: Value,
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

    /// Another OpenRouter server tool, e.g. `openrouter:image_generation`,
    /// `openrouter:bash` or `openrouter:tool_search`; see [`ServerTool`].
    pub fn server(tool_type: impl Into<String>) -> Self {
        Tool::OpenRouter(ServerTool::new(tool_type))
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
    fn from(v: ServerTool) -> Self {
        Tool::OpenRouter(v)
    }
}

/// A `function` tool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

impl FunctionTool {
    /// A function called `name`, with `parameters: null`.
    pub fn new(name: impl Into<String>) -> Self {
        FunctionTool {
            name: name.into(),
            description: None,
            parameters: None,
            strict: None,
            defer_loading: None,
        }
    }

    /// `parameters`: the JSON schema of the arguments; `Value::Null` sends `null`.
    pub fn parameters(mut self, schema: Value) -> Self {
        self.parameters = match schema {
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
}

/// `filters` of the OpenAI-style web search tools.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
}

/// Options of the OpenAI-style web search tools (`web_search`,
/// `web_search_preview` and their dated variants).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
}

impl WebSearchTool {
    /// Default options.
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
}

impl WebSearchConfig {
    /// Default options.
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
    /// Default options.
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
}

/// `parameters` of `openrouter:datetime`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DatetimeConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timezone: Option<String>,
}

impl DatetimeConfig {
    /// Default options (UTC).
    pub fn new() -> Self {
        DatetimeConfig::default()
    }

    opt_setters! {
        /// `timezone`: an IANA time zone such as `Europe/Paris`.
        timezone: String;
    }
}

/// An OpenRouter server tool without typed parameters:
/// `{"type":"openrouter:<name>","parameters":{...}}`.
///
/// Decoding accepts only types starting with `openrouter:`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServerTool {
    #[serde(rename = "type")]
    tool_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameters: Option<Map<String, Value>>,
}

impl ServerTool {
    /// The tool `openrouter:<name>` (pass the full type) with default parameters.
    pub fn new(tool_type: impl Into<String>) -> Self {
        ServerTool {
            tool_type: tool_type.into(),
            parameters: None,
        }
    }

    /// `parameters`: adds or replaces one parameter.
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileSearchTool {
    vector_store_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    filters: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_num_results: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ranking_options: Option<Value>,
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
        /// `filters`: a comparison `{"key","type","value"}` or compound
        /// `{"type":"and"|"or","filters"}` filter, as JSON.
        filters: Value;
        /// `max_num_results`.
        max_num_results: u64;
        /// `ranking_options`: `{"ranker", "score_threshold"}` as JSON.
        ranking_options: Value;
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
}

/// `container` of the code interpreter: a container id or an automatic container.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum CodeInterpreterContainer {
    /// An existing container's id.
    Id(String),
    /// `{"type":"auto","file_ids","memory_limit"}`, as JSON.
    Config(Value),
}

impl CodeInterpreterContainer {
    /// `{"type":"auto"}`.
    pub fn auto() -> Self {
        let mut map = Map::new();
        map.insert("type".into(), Value::from("auto"));
        CodeInterpreterContainer::Config(Value::Object(map))
    }
}

/// Options of the `code_interpreter` tool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeInterpreterTool {
    container: CodeInterpreterContainer,
}

impl CodeInterpreterTool {
    /// Runs code in `container`.
    pub fn new(container: CodeInterpreterContainer) -> Self {
        CodeInterpreterTool { container }
    }
}

/// Options of the `mcp` tool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct McpTool {
    server_label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    server_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    connector_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    authorization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    headers: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allowed_tools: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    require_approval: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    server_description: Option<String>,
}

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
        connector_id: String;
        /// `authorization`: an OAuth token for the server.
        authorization: String;
        /// `allowed_tools`: a list of names or `{"read_only","tool_names"}`, as JSON.
        allowed_tools: Value;
        /// `require_approval`: `"always"`, `"never"` or
        /// `{"always":{"tool_names"},"never":{"tool_names"}}`, as JSON.
        require_approval: Value;
        /// `server_description`.
        server_description: String;
    }

    /// `headers`: adds one HTTP header sent to the server.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers
            .get_or_insert_with(Map::new)
            .insert(name.into(), Value::String(value.into()));
        self
    }
}

/// Options of the `image_generation` tool. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImageGenerationTool {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    background: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    input_fidelity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    input_image_mask: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    moderation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    output_compression: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    output_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    partial_images: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    size: Option<String>,
}

impl ImageGenerationTool {
    /// Default options.
    pub fn new() -> Self {
        ImageGenerationTool::default()
    }

    opt_setters! {
        /// `background`: `transparent`, `opaque` or `auto`.
        background: String;
        /// `input_fidelity`: `high` or `low`.
        input_fidelity: String;
        /// `input_image_mask`: `{"file_id","image_url"}`, as JSON.
        input_image_mask: Value;
        /// `model`.
        model: String;
        /// `moderation`: `auto` or `low`.
        moderation: String;
        /// `output_compression`: 0 to 100.
        output_compression: u64;
        /// `output_format`: `png`, `webp` or `jpeg`.
        output_format: String;
        /// `partial_images`: partial images to stream.
        partial_images: u64;
        /// `quality`: `low`, `medium`, `high` or `auto`.
        quality: String;
        /// `size`: e.g. `1024x1024`.
        size: String;
    }
}

/// `format` of a custom tool: free text or a grammar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// A format this version does not know.
    #[serde(untagged)]
    Unknown(Value),
}

/// Options of the `custom` tool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomTool {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    format: Option<CustomToolFormat>,
}

impl CustomTool {
    /// A custom tool called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        CustomTool {
            name: name.into(),
            description: None,
            format: None,
        }
    }

    opt_setters! {
        /// `description`.
        description: String;
        /// `format`: the input format.
        format: CustomToolFormat;
    }
}

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
#[derive(Clone, Debug, PartialEq)]
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
    /// `{"type":"allowed_tools","mode","tools"}`: restrict to these tools
    /// (each a JSON object such as `{"type":"function","name":"f"}`).
    AllowedTools {
        /// `mode`.
        mode: AllowedToolsMode,
        /// `tools`.
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

impl ToolChoice {
    /// `{"type":"function","name":...}`.
    pub fn function(name: impl Into<String>) -> Self {
        ToolChoice::Function { name: name.into() }
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

impl<'de> Deserialize<'de> for ToolChoice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        Ok(match &value {
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
        })
    }
}
