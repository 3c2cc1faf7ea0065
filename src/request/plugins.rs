//! `plugins` (tagged by `id`).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{kept, tag};

use super::misc::XSearchFilter;
use super::tools::{UserLocation, WebSearchMode};

/// One entry of `plugins`, tagged by `id`.
///
/// ```
/// use openrouter_responses::request::{PdfEngine, Plugin};
/// use serde_json::json;
///
/// assert_eq!(
///     serde_json::to_value(Plugin::file_parser(PdfEngine::MistralOcr))?,
///     json!({"id": "file-parser", "pdf": {"engine": "mistral-ocr"}})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "id")]
#[non_exhaustive]
pub enum Plugin {
    /// `web`: web search (deprecated upstream in favour of the
    /// `openrouter:web_search` tool).
    #[serde(rename = "web")]
    Web(WebSearchPlugin),
    /// `web-fetch`: fetch pages the model asks for.
    #[serde(rename = "web-fetch")]
    WebFetch(WebFetchPlugin),
    /// `file-parser`: parse PDFs and other files.
    #[serde(rename = "file-parser")]
    FileParser(FileParserPlugin),
    /// `response-healing`: repair malformed JSON output.
    #[serde(rename = "response-healing")]
    ResponseHealing {
        /// `enabled`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        enabled: Option<bool>,
    },
    /// `context-compression`: compress prompts that exceed the context window.
    #[serde(rename = "context-compression")]
    ContextCompression(ContextCompressionPlugin),
    /// `moderation`: moderate the input.
    #[serde(rename = "moderation")]
    Moderation,
    /// `auto-router`: let OpenRouter choose the model.
    #[serde(rename = "auto-router")]
    AutoRouter(AutoRouterPlugin),
    /// `auto-beta-router`: the beta auto router (`pin_model` does not apply).
    #[serde(rename = "auto-beta-router")]
    AutoBetaRouter(AutoRouterPlugin),
    /// `pareto-router`: choose a model on the price/quality frontier.
    #[serde(rename = "pareto-router")]
    ParetoRouter(ParetoRouterPlugin),
    /// `fusion`: ask several models and fuse the answers.
    #[serde(rename = "fusion")]
    Fusion(FusionPlugin),
    /// `switchyard-router`: route each turn between an efficient and a
    /// capable candidate model (from the official SDK 1.3.19; the OpenAPI
    /// spec has no such plugin).
    #[serde(rename = "switchyard-router")]
    SwitchyardRouter(SwitchyardRouterPlugin),
    /// A plugin this version does not know, or does not hold whole (a
    /// member it does not model), kept as raw JSON.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(enum Plugin { Web(x), WebFetch(x), FileParser(x), ResponseHealing { enabled }, ContextCompression(x), Moderation, AutoRouter(x), AutoBetaRouter(x), ParetoRouter(x), Fusion(x), SwitchyardRouter(x), Unknown(x) });

deserialize_from_value!(Plugin, Plugin::from_value);

impl Plugin {
    /// Reads a plugin from JSON; never fails: a plugin its typed variant
    /// would not write back whole is kept as [`Unknown`](Self::Unknown).
    #[inline]
    fn from_value(value: Value) -> Self {
        fn typed<T: DeserializeOwned>(value: &Value, wrap: fn(T) -> Plugin) -> Option<Plugin> {
            T::deserialize(value).ok().map(wrap)
        }
        let plugin = match tag(&value, "id") {
            Some("web") => typed(&value, Plugin::Web),
            Some("web-fetch") => typed(&value, Plugin::WebFetch),
            Some("file-parser") => typed(&value, Plugin::FileParser),
            Some("response-healing") => match value.get("enabled") {
                None | Some(Value::Null) => Some(Plugin::ResponseHealing { enabled: None }),
                Some(Value::Bool(on)) => Some(Plugin::ResponseHealing { enabled: Some(*on) }),
                Some(_) => None,
            },
            Some("context-compression") => typed(&value, Plugin::ContextCompression),
            Some("moderation") => Some(Plugin::Moderation),
            Some("auto-router") => typed(&value, Plugin::AutoRouter),
            Some("auto-beta-router") => typed(&value, Plugin::AutoBetaRouter),
            Some("pareto-router") => typed(&value, Plugin::ParetoRouter),
            Some("fusion") => typed(&value, Plugin::Fusion),
            Some("switchyard-router") => typed(&value, Plugin::SwitchyardRouter),
            _ => None,
        };
        kept(&value, plugin).unwrap_or(Plugin::Unknown(value))
    }

    /// The plugin's `id`, as sent: `web`, `file-parser`, `response-healing`,
    /// …; for a plugin this version does not model, its `id` member (`""`
    /// when it has none that is a string).
    pub fn plugin_id(&self) -> &str {
        match self {
            Plugin::Web(_) => "web",
            Plugin::WebFetch(_) => "web-fetch",
            Plugin::FileParser(_) => "file-parser",
            Plugin::ResponseHealing { .. } => "response-healing",
            Plugin::ContextCompression(_) => "context-compression",
            Plugin::Moderation => "moderation",
            Plugin::AutoRouter(_) => "auto-router",
            Plugin::AutoBetaRouter(_) => "auto-beta-router",
            Plugin::ParetoRouter(_) => "pareto-router",
            Plugin::Fusion(_) => "fusion",
            Plugin::SwitchyardRouter(_) => "switchyard-router",
            Plugin::Unknown(v) => v.get("id").and_then(Value::as_str).unwrap_or_default(),
        }
    }

    /// `{"id":"web"}` with default options.
    pub fn web() -> Self {
        Plugin::Web(WebSearchPlugin::new())
    }

    /// `{"id":"web-fetch"}` with default options.
    pub fn web_fetch() -> Self {
        Plugin::WebFetch(WebFetchPlugin::new())
    }

    /// `{"id":"file-parser","pdf":{"engine":...}}`.
    pub fn file_parser(pdf_engine: impl Into<PdfEngine>) -> Self {
        Plugin::FileParser(FileParserPlugin::new().pdf_engine(pdf_engine))
    }

    /// `{"id":"response-healing"}`: OpenRouter repairs an answer asked for
    /// with a `json_schema` text format that is not JSON as it came (wrapped
    /// in a Markdown code fence or in prose, a missing bracket, a trailing
    /// comma) before it reaches
    /// [`Response::parse_output`](crate::Response::parse_output), which
    /// would otherwise give [`Error::Decode`](crate::Error::Decode). For
    /// requests made with `send`: a stream's text has left the server
    /// before the whole answer is known.
    pub fn response_healing() -> Self {
        Plugin::ResponseHealing { enabled: None }
    }

    /// `{"id":"context-compression"}`.
    pub fn context_compression() -> Self {
        Plugin::ContextCompression(ContextCompressionPlugin::new())
    }

    /// `{"id":"moderation"}`.
    pub fn moderation() -> Self {
        Plugin::Moderation
    }

    /// `{"id":"auto-router"}` with default options.
    pub fn auto_router() -> Self {
        Plugin::AutoRouter(AutoRouterPlugin::new())
    }
}

impl From<WebSearchPlugin> for Plugin {
    fn from(v: WebSearchPlugin) -> Self {
        Plugin::Web(v)
    }
}

impl From<WebFetchPlugin> for Plugin {
    fn from(v: WebFetchPlugin) -> Self {
        Plugin::WebFetch(v)
    }
}

impl From<FileParserPlugin> for Plugin {
    fn from(v: FileParserPlugin) -> Self {
        Plugin::FileParser(v)
    }
}

impl From<ContextCompressionPlugin> for Plugin {
    fn from(v: ContextCompressionPlugin) -> Self {
        Plugin::ContextCompression(v)
    }
}

impl From<ParetoRouterPlugin> for Plugin {
    fn from(v: ParetoRouterPlugin) -> Self {
        Plugin::ParetoRouter(v)
    }
}

impl From<FusionPlugin> for Plugin {
    fn from(v: FusionPlugin) -> Self {
        Plugin::Fusion(v)
    }
}

impl From<SwitchyardRouterPlugin> for Plugin {
    fn from(v: SwitchyardRouterPlugin) -> Self {
        Plugin::SwitchyardRouter(v)
    }
}

impl From<AutoRouterPlugin> for Plugin {
    /// The `auto-router` plugin.
    fn from(v: AutoRouterPlugin) -> Self {
        Plugin::AutoRouter(v)
    }
}

/// Options of the `web` plugin.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct WebSearchPlugin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    engine: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_results: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_uses: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mode: Option<WebSearchMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    search_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    include_domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exclude_domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user_location: Option<UserLocation>,
    // Boxed: the filters are as large as the rest of the options together,
    // and rarely set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    x_search: Option<Box<XSearchFilter>>,
}

impl WebSearchPlugin {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        WebSearchPlugin::default()
    }

    opt_setters! {
        /// `enabled`.
        enabled: bool;
        /// `engine`: `native`, `exa`, `firecrawl`, `parallel` or `perplexity`.
        engine: String;
        /// `max_results`: results per search.
        max_results: u64;
        /// `max_uses`: searches per request.
        max_uses: u64;
        /// `mode`: search depth.
        mode: WebSearchMode;
        /// `search_prompt`: the text that introduces the results to the model.
        search_prompt: String;
        /// `user_location`: approximate location for local results.
        user_location: UserLocation;
    }

    list_setters! {
        /// `include_domains`: only search these domains (wildcards and paths allowed).
        include_domains;
        /// `exclude_domains`: never search these domains.
        exclude_domains;
    }

    getters! {
        /// `enabled`, when set.
        get_enabled = enabled: copy bool;
        /// The `engine`, when set.
        get_engine = engine: text;
        /// `max_results`, when set.
        get_max_results = max_results: copy u64;
        /// `max_uses`, when set.
        get_max_uses = max_uses: copy u64;
        /// The search `mode`, when set.
        get_mode = mode: opt WebSearchMode;
        /// The `search_prompt`, when set.
        get_search_prompt = search_prompt: text;
        /// The `include_domains`, when set.
        get_include_domains = include_domains: list String;
        /// The `exclude_domains`, when set.
        get_exclude_domains = exclude_domains: list String;
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

/// Options of the `web-fetch` plugin.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct WebFetchPlugin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allowed_domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    blocked_domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_content_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_uses: Option<u64>,
}

impl WebFetchPlugin {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        WebFetchPlugin::default()
    }

    list_setters! {
        /// `allowed_domains`: only fetch from these domains.
        allowed_domains;
        /// `blocked_domains`: never fetch from these domains.
        blocked_domains;
    }

    opt_setters! {
        /// `max_content_tokens`: truncate fetched content to this many tokens.
        max_content_tokens: u64;
        /// `max_uses`: fetches per request.
        max_uses: u64;
    }

    getters! {
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

open_enum! {
    /// `pdf.engine` of the `file-parser` plugin.
    PdfEngine {
        /// `mistral-ocr`.
        MistralOcr = "mistral-ocr",
        /// `native`: the model's own file support.
        Native = "native",
        /// `cloudflare-ai`.
        CloudflareAi = "cloudflare-ai",
        /// `pdf-text` (deprecated upstream).
        PdfText = "pdf-text",
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct PdfOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    engine: Option<PdfEngine>,
}

/// Options of the `file-parser` plugin.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct FileParserPlugin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pdf: Option<PdfOptions>,
}

impl FileParserPlugin {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        FileParserPlugin::default()
    }

    opt_setters! {
        /// `enabled`.
        enabled: bool;
    }

    /// `pdf.engine`: the PDF parsing engine.
    pub fn pdf_engine(mut self, engine: impl Into<PdfEngine>) -> Self {
        self.pdf = Some(PdfOptions {
            engine: Some(engine.into()),
        });
        self
    }

    getters! {
        /// `enabled`, when set.
        get_enabled = enabled: copy bool;
    }

    /// The `pdf.engine`, when set (the setter is
    /// [`pdf_engine`](FileParserPlugin::pdf_engine)).
    pub fn get_pdf_engine(&self) -> Option<&PdfEngine> {
        self.pdf.as_ref().and_then(|pdf| pdf.engine.as_ref())
    }
}

open_enum! {
    /// `engine` of the `context-compression` plugin.
    ContextCompressionEngine {
        /// `middle-out`: drop messages from the middle.
        MiddleOut = "middle-out",
    }
}

/// Options of the `context-compression` plugin.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ContextCompressionPlugin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    engine: Option<ContextCompressionEngine>,
}

impl ContextCompressionPlugin {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        ContextCompressionPlugin::default()
    }

    opt_setters! {
        /// `enabled`.
        enabled: bool;
        /// `engine`.
        engine: ContextCompressionEngine;
    }

    getters! {
        /// `enabled`, when set.
        get_enabled = enabled: copy bool;
        /// The `engine`, when set.
        get_engine = engine: opt ContextCompressionEngine;
    }
}

open_enum! {
    /// `cost_tier` of the auto routers.
    CostTier {
        /// `low`.
        Low = "low",
        /// `medium`.
        Medium = "medium",
        /// `high`.
        High = "high",
        /// `xhigh`.
        Xhigh = "xhigh",
        /// `max`.
        Max = "max",
    }
}

/// Options of the `auto-router` and `auto-beta-router` plugins.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct AutoRouterPlugin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allowed_models: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    excluded_models: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cost_tier: Option<CostTier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cost_quality_tradeoff: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pin_model: Option<bool>,
}

impl AutoRouterPlugin {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        AutoRouterPlugin::default()
    }

    list_setters! {
        /// `allowed_models`: candidate model patterns (wildcards allowed).
        allowed_models;
        /// `excluded_models`: model patterns never chosen; wins over `allowed_models`.
        excluded_models;
    }

    opt_setters! {
        /// `enabled`.
        enabled: bool;
        /// `cost_tier`: how much the chosen model may cost.
        cost_tier: CostTier;
        /// `cost_quality_tradeoff`: 0 to 10, higher favours cheaper models
        /// (deprecated upstream in favour of `cost_tier`).
        cost_quality_tradeoff: u64;
        /// `pin_model`: keep the chosen model for the session (`auto-router` only).
        pin_model: bool;
    }

    getters! {
        /// `enabled`, when set.
        get_enabled = enabled: copy bool;
        /// The `allowed_models` patterns, when set.
        get_allowed_models = allowed_models: list String;
        /// The `excluded_models` patterns, when set.
        get_excluded_models = excluded_models: list String;
        /// The `cost_tier`, when set.
        get_cost_tier = cost_tier: opt CostTier;
        /// `cost_quality_tradeoff`, when set.
        get_cost_quality_tradeoff = cost_quality_tradeoff: copy u64;
        /// `pin_model`, when set.
        get_pin_model = pin_model: copy bool;
    }
}

open_enum! {
    /// `price_source` of the `pareto-router` plugin.
    PriceSource {
        /// `prompt`: the prompt price.
        Prompt = "prompt",
        /// `weighted_avg`: the traffic-weighted average price.
        WeightedAvg = "weighted_avg",
    }
}

/// Options of the `pareto-router` plugin.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ParetoRouterPlugin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enabled: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::max_price"
    )]
    max_price: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::min_coding_score"
    )]
    min_coding_score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    price_source: Option<PriceSource>,
}

impl ParetoRouterPlugin {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        ParetoRouterPlugin::default()
    }

    opt_setters! {
        /// `enabled`.
        enabled: bool;
        /// `max_price`: US dollars per million input tokens.
        max_price: f64;
        /// `min_coding_score`: 0 to 1.
        min_coding_score: f64;
        /// `price_source`: which price `max_price` is checked against.
        price_source: PriceSource;
    }

    getters! {
        /// `enabled`, when set.
        get_enabled = enabled: copy bool;
        /// `max_price`, when set.
        get_max_price = max_price: copy f64;
        /// `min_coding_score`, when set.
        get_min_coding_score = min_coding_score: copy f64;
        /// The `price_source`, when set.
        get_price_source = price_source: opt PriceSource;
    }
}

open_enum! {
    /// `algorithm` of the `switchyard-router` plugin: how it picks the
    /// candidate for a turn (left out, the platform's default,
    /// `capability`).
    SwitchyardAlgorithm {
        /// `capability`: a small judge model rates how demanding the task
        /// is, then the efficient or the capable candidate is picked.
        Capability = "capability",
        /// `stage`: reads the tool-result history (errors, repeated
        /// failures, edits that land) and calls the judge only when those
        /// leave it undecided.
        Stage = "stage",
        /// `auto`: `stage` without the judge.
        Auto = "auto",
        /// `random`: a candidate at random.
        Random = "random",
        /// `composite`: keeps the tier chosen at the last human turn and
        /// weighs tool turns by the `stage` signals.
        Composite = "composite",
        /// `passthrough`: the eligible candidates in the order OpenRouter
        /// ranked them, with no routing decision and no judge.
        Passthrough = "passthrough",
    }
}

/// Options of the `switchyard-router` plugin.
///
/// ```
/// use openrouter_responses::request::{Plugin, SwitchyardAlgorithm, SwitchyardRouterPlugin};
/// use serde_json::json;
///
/// let plugin = Plugin::from(SwitchyardRouterPlugin::new().algorithm(SwitchyardAlgorithm::Stage));
/// assert_eq!(
///     serde_json::to_value(&plugin)?,
///     json!({"id": "switchyard-router", "algorithm": "stage"})
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct SwitchyardRouterPlugin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    algorithm: Option<SwitchyardAlgorithm>,
}

impl SwitchyardRouterPlugin {
    /// No option set: the platform's default algorithm applies.
    pub fn new() -> Self {
        SwitchyardRouterPlugin::default()
    }

    opt_setters! {
        /// `algorithm`: how the candidate is picked.
        algorithm: SwitchyardAlgorithm;
    }

    getters! {
        /// The `algorithm`, when set.
        get_algorithm = algorithm: opt SwitchyardAlgorithm;
    }
}

/// Options of the `fusion` plugin.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct FusionPlugin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    analysis_models: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    preset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_tool_calls: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tools: Option<Vec<Value>>,
}

debug_with_raw_json!(struct FusionPlugin { enabled, analysis_models, model, preset, max_tool_calls, tools });

impl FusionPlugin {
    /// No option set: the server's defaults apply.
    pub fn new() -> Self {
        FusionPlugin::default()
    }

    list_setters! {
        /// `analysis_models`: the panel of models (1 to 8).
        analysis_models;
    }

    opt_setters! {
        /// `enabled`.
        enabled: bool;
        /// `model`: the model that writes the fused answer.
        model: String;
        /// `preset`: `general-high`, `general-budget` or `general-fast`.
        preset: String;
        /// `max_tool_calls`: tool calls per panelist (1 to 16).
        max_tool_calls: u64;
    }

    /// `tools`: server tools the panelists may use, as `{"type",
    /// "parameters"}` objects; an empty list disables tools.
    pub fn tools<I>(mut self, tools: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Value>,
    {
        self.tools = Some(tools.into_iter().map(Into::into).collect());
        self
    }

    getters! {
        /// `enabled`, when set.
        get_enabled = enabled: copy bool;
        /// The `analysis_models`, when set.
        get_analysis_models = analysis_models: list String;
        /// The fusing `model`, when set.
        get_model = model: text;
        /// The `preset`, when set.
        get_preset = preset: text;
        /// `max_tool_calls`, when set.
        get_max_tool_calls = max_tool_calls: copy u64;
        /// The `tools` of the panelists, as JSON, when set.
        get_tools = tools: list Value;
    }
}
