//! `provider`: provider routing preferences (`ProviderPreferences`).

use serde::{Deserialize, Serialize};
use serde_json::Number;

open_enum! {
    /// `provider.data_collection`.
    DataCollection {
        /// `allow`: providers that may store or train on data are allowed.
        Allow = "allow",
        /// `deny`: only providers that do not collect user data.
        Deny = "deny",
    }
}

open_enum! {
    /// A value of `provider.quantizations`.
    Quantization {
        /// `int4`.
        Int4 = "int4",
        /// `int8`.
        Int8 = "int8",
        /// `fp4`.
        Fp4 = "fp4",
        /// `mxfp4`.
        Mxfp4 = "mxfp4",
        /// `nvfp4`.
        Nvfp4 = "nvfp4",
        /// `fp6`.
        Fp6 = "fp6",
        /// `fp8`.
        Fp8 = "fp8",
        /// `mxfp8`.
        Mxfp8 = "mxfp8",
        /// `fp16`.
        Fp16 = "fp16",
        /// `bf16`.
        Bf16 = "bf16",
        /// `fp32`.
        Fp32 = "fp32",
        /// `unknown`.
        Unknown = "unknown",
    }
}

open_enum! {
    /// What providers are sorted by (`provider.sort` or `provider.sort.by`).
    SortBy {
        /// `price`.
        Price = "price",
        /// `throughput`.
        Throughput = "throughput",
        /// `latency`.
        Latency = "latency",
        /// `exacto`.
        Exacto = "exacto",
    }
}

open_enum! {
    /// `provider.sort.partition`: whether sorting happens per model or across
    /// all fallback models.
    SortPartition {
        /// `model`: sort within each model.
        Model = "model",
        /// `none`: sort across all models.
        None = "none",
    }
}

/// `provider.sort`: a plain sort key or `{"by", "partition"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ProviderSort {
    /// A string such as `"price"`.
    By(SortBy),
    /// An object `{"by", "partition"}`.
    Config(SortConfig),
}

impl From<SortBy> for ProviderSort {
    fn from(v: SortBy) -> Self {
        ProviderSort::By(v)
    }
}

impl From<&str> for ProviderSort {
    fn from(v: &str) -> Self {
        ProviderSort::By(v.into())
    }
}

impl From<SortConfig> for ProviderSort {
    fn from(v: SortConfig) -> Self {
        ProviderSort::Config(v)
    }
}

/// The object form of `provider.sort`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct SortConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    by: Option<SortBy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    partition: Option<SortPartition>,
}

impl SortConfig {
    /// Nothing set.
    pub fn new() -> Self {
        SortConfig::default()
    }

    opt_setters! {
        /// `by`: the sort key.
        by: SortBy;
        /// `partition`: per model or across models.
        partition: SortPartition;
    }

    getters! {
        /// The sort key `by`, when set.
        get_by = by: opt SortBy;
        /// The `partition`, when set.
        get_partition = partition: opt SortPartition;
    }
}

/// A price limit in `provider.max_price`: a decimal string, as the current
/// spec types it.
///
/// A Rust number converts to its decimal text (`2.5` → `"2.5"`, `1` →
/// `"1"`; an `f64` never in exponent form). Older documents used JSON
/// numbers: a request read from JSON keeps a number as
/// [`Number`](Price::Number), and sends it back as it was.
///
/// An `f64` that is NaN or infinite has no decimal text a server should
/// read as a price (a lenient one would take `"inf"` as no ceiling at all):
/// it converts to [`NotFinite`](Price::NotFinite), which fails
/// serialization with a message naming its member
/// (`` `provider.max_price.prompt` is NaN, not a price ``), so
/// [`Client::send`](crate::Client::send) and
/// [`Client::stream`](crate::Client::stream) answer
/// [`Error::Config`](crate::Error::Config) without sending the request, as
/// for every other request float JSON cannot hold.
///
/// ```
/// use openrouter_responses::request::{MaxPrice, Provider};
///
/// let ok = Provider::new().max_price(MaxPrice::new().prompt(0.5));
/// assert_eq!(serde_json::to_value(&ok)?["max_price"]["prompt"], "0.5");
///
/// let bad = Provider::new().max_price(MaxPrice::new().prompt(f64::INFINITY));
/// let err = serde_json::to_string(&bad).unwrap_err();
/// assert!(err.to_string().contains("`provider.max_price.prompt` is inf"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Price {
    /// A JSON number.
    Number(Number),
    /// A decimal string such as `"0.5"`.
    Text(String),
    /// An `f64` that is NaN or infinite, as `From<f64>` keeps it: never
    /// sent, its serialization fails (naming the member inside
    /// [`MaxPrice`]). Never read from JSON. A finite value put here by hand
    /// is written as its decimal text, as `From<f64>` would write it.
    #[serde(skip_deserializing, serialize_with = "not_finite")]
    NotFinite(f64),
}

impl From<f64> for Price {
    /// The number's decimal text; NaN or an infinity is kept as
    /// [`Price::NotFinite`], which is refused when the request is sent.
    fn from(v: f64) -> Self {
        if v.is_finite() {
            Price::Text(v.to_string())
        } else {
            Price::NotFinite(v)
        }
    }
}

/// [`Price::NotFinite`] alone, outside a member of [`MaxPrice`] (which
/// names itself in the error, see [`max_price`]).
fn not_finite<S: serde::Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    price_float(*value, "a `max_price` price", s)
}

/// A price given as an `f64`: its decimal text, or an error naming the
/// member when it is NaN or infinite.
fn price_float<S: serde::Serializer>(value: f64, name: &str, s: S) -> Result<S::Ok, S::Error> {
    if value.is_finite() {
        s.collect_str(&value)
    } else {
        Err(serde::ser::Error::custom(format_args!(
            "{name} is {value}, not a price"
        )))
    }
}

/// The members of [`MaxPrice`], each naming itself when its price is NaN
/// or infinite (serde tells a `serialize_with` function no name).
mod max_price {
    use super::Price;
    use serde::{Serialize, Serializer};

    macro_rules! members {
        ($($name:ident),* $(,)?) => {$(
            #[doc = concat!("`provider.max_price.", stringify!($name), "`.")]
            pub(super) fn $name<S: Serializer>(
                value: &Option<Price>,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                match value {
                    Some(Price::NotFinite(v)) => super::price_float(
                        *v,
                        concat!("`provider.max_price.", stringify!($name), "`"),
                        s,
                    ),
                    other => other.serialize(s),
                }
            }
        )*};
    }
    members!(prompt, completion, image, audio, request);
}

impl From<u32> for Price {
    /// The number's decimal text.
    fn from(v: u32) -> Self {
        Price::Text(v.to_string())
    }
}

impl From<i32> for Price {
    /// The number's decimal text.
    fn from(v: i32) -> Self {
        Price::Text(v.to_string())
    }
}

impl From<&str> for Price {
    fn from(v: &str) -> Self {
        Price::Text(v.to_owned())
    }
}

impl From<String> for Price {
    fn from(v: String) -> Self {
        Price::Text(v)
    }
}

/// `provider.max_price`: the most you will pay, in US dollars per million
/// tokens (`prompt`, `completion`), per image, per audio unit or per request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct MaxPrice {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "max_price::prompt"
    )]
    prompt: Option<Price>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "max_price::completion"
    )]
    completion: Option<Price>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "max_price::image"
    )]
    image: Option<Price>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "max_price::audio"
    )]
    audio: Option<Price>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "max_price::request"
    )]
    request: Option<Price>,
}

impl MaxPrice {
    /// No limits.
    pub fn new() -> Self {
        MaxPrice::default()
    }

    opt_setters! {
        /// `prompt`: per million input tokens.
        prompt: Price;
        /// `completion`: per million output tokens.
        completion: Price;
        /// `image`: per image.
        image: Price;
        /// `audio`: per audio unit.
        audio: Price;
        /// `request`: per request.
        request: Price;
    }

    getters! {
        /// The `prompt` price limit, when set.
        get_prompt = prompt: opt Price;
        /// The `completion` price limit, when set.
        get_completion = completion: opt Price;
        /// The `image` price limit, when set.
        get_image = image: opt Price;
        /// The `audio` price limit, when set.
        get_audio = audio: opt Price;
        /// The `request` price limit, when set.
        get_request = request: opt Price;
    }
}

/// Percentile cutoffs `{"p50", "p75", "p90", "p99"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct Percentiles {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::p50"
    )]
    p50: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::p75"
    )]
    p75: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::p90"
    )]
    p90: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::p99"
    )]
    p99: Option<f64>,
}

impl Percentiles {
    /// No cutoffs.
    pub fn new() -> Self {
        Percentiles::default()
    }

    opt_setters! {
        /// `p50`: the median.
        p50: f64;
        /// `p75`.
        p75: f64;
        /// `p90`.
        p90: f64;
        /// `p99`.
        p99: f64;
    }

    getters! {
        /// The `p50` cutoff, when set.
        get_p50 = p50: copy f64;
        /// The `p75` cutoff, when set.
        get_p75 = p75: copy f64;
        /// The `p90` cutoff, when set.
        get_p90 = p90: copy f64;
        /// The `p99` cutoff, when set.
        get_p99 = p99: copy f64;
    }
}

/// `provider.preferred_max_latency` (seconds) or
/// `provider.preferred_min_throughput` (tokens per second): one number, which
/// means the p50, or percentile cutoffs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum PerformanceCutoff {
    /// A single number (the p50).
    Value(#[serde(serialize_with = "super::finite::cutoff")] f64),
    /// Cutoffs per percentile.
    Percentiles(Percentiles),
}

impl From<f64> for PerformanceCutoff {
    fn from(v: f64) -> Self {
        PerformanceCutoff::Value(v)
    }
}

impl From<Percentiles> for PerformanceCutoff {
    fn from(v: Percentiles) -> Self {
        PerformanceCutoff::Percentiles(v)
    }
}

/// `provider`: provider routing preferences.
///
/// ```
/// use openrouter_responses::request::{MaxPrice, Provider, SortBy, SortConfig, SortPartition};
/// use serde_json::json;
///
/// let provider = Provider::new()
///     .order(["anthropic", "openai"])
///     .allow_fallbacks(false)
///     .sort(SortConfig::new().by(SortBy::Price).partition(SortPartition::None))
///     .max_price(MaxPrice::new().prompt(1).completion("2.5"));
/// assert_eq!(
///     serde_json::to_value(&provider)?,
///     json!({
///         "allow_fallbacks": false,
///         "order": ["anthropic", "openai"],
///         "sort": {"by": "price", "partition": "none"},
///         "max_price": {"prompt": "1", "completion": "2.5"}
///     })
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct Provider {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allow_fallbacks: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    require_parameters: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data_collection: Option<DataCollection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    zdr: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enforce_distillable_text: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    order: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    only: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ignore: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    quantizations: Option<Vec<Quantization>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sort: Option<ProviderSort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_price: Option<MaxPrice>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::preferred_max_latency"
    )]
    preferred_max_latency: Option<PerformanceCutoff>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::preferred_min_throughput"
    )]
    preferred_min_throughput: Option<PerformanceCutoff>,
}

impl Provider {
    /// No preferences.
    pub fn new() -> Self {
        Provider::default()
    }

    opt_setters! {
        /// `allow_fallbacks`: use other providers when the preferred ones are
        /// unavailable (server default `true`).
        allow_fallbacks: bool;
        /// `require_parameters`: only use providers that support every
        /// parameter in the request.
        require_parameters: bool;
        /// `data_collection`: whether providers that store data are allowed.
        data_collection: DataCollection;
        /// `zdr`: only use zero-data-retention endpoints.
        zdr: bool;
        /// `enforce_distillable_text`: only use models whose output may be
        /// used for distillation.
        enforce_distillable_text: bool;
        /// `sort`: how providers are ordered: a key (`"price"`) or a
        /// [`SortConfig`].
        sort: ProviderSort;
        /// `max_price`: price ceilings.
        max_price: MaxPrice;
        /// `preferred_max_latency`: preferred latency ceiling, in seconds.
        preferred_max_latency: PerformanceCutoff;
        /// `preferred_min_throughput`: preferred throughput floor, in tokens
        /// per second.
        preferred_min_throughput: PerformanceCutoff;
    }

    list_setters! {
        /// `order`: providers to try first, in order (slugs such as `openai`
        /// or display names such as `OpenAI`).
        order;
        /// `only`: the only providers allowed.
        only;
        /// `ignore`: providers never used.
        ignore;
    }

    /// `quantizations`: allowed quantization levels.
    pub fn quantizations<I>(mut self, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<Quantization>,
    {
        self.quantizations = Some(values.into_iter().map(Into::into).collect());
        self
    }

    /// Sets each member `overrides` sets; the others stay as they are.
    /// (Every field is named: a field added to `Provider` must be added
    /// here too.)
    pub(crate) fn merge(&mut self, overrides: Provider) {
        let Provider {
            allow_fallbacks,
            require_parameters,
            data_collection,
            zdr,
            enforce_distillable_text,
            order,
            only,
            ignore,
            quantizations,
            sort,
            max_price,
            preferred_max_latency,
            preferred_min_throughput,
        } = overrides;
        fn over<T>(field: &mut Option<T>, value: Option<T>) {
            if value.is_some() {
                *field = value;
            }
        }
        over(&mut self.allow_fallbacks, allow_fallbacks);
        over(&mut self.require_parameters, require_parameters);
        over(&mut self.data_collection, data_collection);
        over(&mut self.zdr, zdr);
        over(&mut self.enforce_distillable_text, enforce_distillable_text);
        over(&mut self.order, order);
        over(&mut self.only, only);
        over(&mut self.ignore, ignore);
        over(&mut self.quantizations, quantizations);
        over(&mut self.sort, sort);
        over(&mut self.max_price, max_price);
        over(&mut self.preferred_max_latency, preferred_max_latency);
        over(&mut self.preferred_min_throughput, preferred_min_throughput);
    }

    getters! {
        /// `allow_fallbacks`, when set.
        get_allow_fallbacks = allow_fallbacks: copy bool;
        /// `require_parameters`, when set.
        get_require_parameters = require_parameters: copy bool;
        /// The `data_collection` policy, when set.
        get_data_collection = data_collection: opt DataCollection;
        /// `zdr`, when set.
        get_zdr = zdr: copy bool;
        /// `enforce_distillable_text`, when set.
        get_enforce_distillable_text = enforce_distillable_text: copy bool;
        /// The providers of `order`, when set.
        get_order = order: list String;
        /// The providers of `only`, when set.
        get_only = only: list String;
        /// The providers of `ignore`, when set.
        get_ignore = ignore: list String;
        /// The `quantizations` allowed, when set.
        get_quantizations = quantizations: list Quantization;
        /// The `sort`, when set.
        get_sort = sort: opt ProviderSort;
        /// The `max_price` limits, when set.
        get_max_price = max_price: opt MaxPrice;
        /// The `preferred_max_latency`, when set.
        get_preferred_max_latency = preferred_max_latency: opt PerformanceCutoff;
        /// The `preferred_min_throughput`, when set.
        get_preferred_min_throughput = preferred_min_throughput: opt PerformanceCutoff;
    }
}
