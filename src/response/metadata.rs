//! Routing details (`openrouter_metadata`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How OpenRouter routed the request (`OpenRouterMetadata`). Sent only when
/// the request carried the `X-OpenRouter-Metadata: enabled` header
/// ([`ClientBuilder::openrouter_metadata`](crate::ClientBuilder::openrouter_metadata),
/// or [`RequestOptions::openrouter_metadata`](crate::RequestOptions::openrouter_metadata)
/// for one call).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OpenRouterMetadata {
    /// The model the request asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested: Option<String>,
    /// How the model was picked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<RoutingStrategy>,
    /// The region that served the request. The spec requires the member
    /// (nullable), so it is written as `null` when unknown.
    #[serde(default)]
    pub region: Option<String>,
    /// A one-line summary of the routing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Which attempt succeeded (1 for the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u64>,
    /// Whether the caller's own provider key was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_byok: Option<bool>,
    /// The endpoints considered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<EndpointsMetadata>,
    /// Every attempt made, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<Vec<RouterAttempt>>,
    /// Routing parameters (`quality_floor`, `throughput_floor`, `version_group`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Map<String, Value>>,
    /// The plugins, guardrails and server tools that ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<Vec<PipelineStage>>,
    /// `generation_time`: milliseconds from sending the upstream request to
    /// the end of its answer's body (output tokens over it give the
    /// throughput); absent when no upstream request was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation_time: Option<u64>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct OpenRouterMetadata { requested, strategy, region, summary, attempt, is_byok, endpoints, attempts, params, pipeline, generation_time, extra });

impl OpenRouterMetadata {
    /// The endpoint that served the request: the one of
    /// [`endpoints`](OpenRouterMetadata::endpoints) marked `selected`.
    ///
    /// ```
    /// use openrouter_responses::response::OpenRouterMetadata;
    /// let metadata: OpenRouterMetadata = serde_json::from_value(serde_json::json!({
    ///     "endpoints": {"total": 2, "available": [
    ///         {"provider": "A", "model": "m", "selected": false},
    ///         {"provider": "B", "model": "m", "selected": true}
    ///     ]}
    /// }))?;
    /// assert_eq!(metadata.selected().map(|e| e.provider.as_str()), Some("B"));
    /// assert!(OpenRouterMetadata::default().selected().is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn selected(&self) -> Option<&EndpointInfo> {
        self.endpoints
            .as_ref()?
            .available
            .iter()
            .find(|e| e.selected)
    }
}

open_enum! {
    /// How the model of a request was picked.
    pub enum RoutingStrategy {
        /// The model asked for.
        Direct = "direct",
        /// The auto router.
        Auto = "auto",
        /// A free variant.
        Free = "free",
        /// The latest version of a model family.
        Latest = "latest",
        /// A model alias.
        Alias = "alias",
        /// A fallback model.
        Fallback = "fallback",
        /// The Pareto router.
        Pareto = "pareto",
        /// The body builder.
        Bodybuilder = "bodybuilder",
        /// Fusion of several models.
        Fusion = "fusion",
    }
}

/// The endpoints considered for a request.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EndpointsMetadata {
    /// How many endpoints serve the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The endpoints that were available.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub available: Vec<EndpointInfo>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct EndpointsMetadata { total, available, extra });

/// One endpoint considered for a request.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EndpointInfo {
    /// The provider.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub provider: String,
    /// The model.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub model: String,
    /// Whether this endpoint was picked.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub selected: bool,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct EndpointInfo { provider, model, selected, extra });

/// One attempt to serve a request.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RouterAttempt {
    /// The provider tried.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub provider: String,
    /// The model tried.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub model: String,
    /// The HTTP status of the attempt (an integer without bounds in the
    /// spec, so any that fits 64 bits is read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct RouterAttempt { provider, model, status, extra });

/// One stage of the request pipeline: a guardrail, plugin or server tool.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PipelineStage {
    /// The kind of stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<PipelineStageType>,
    /// Which plugin or guardrail ran.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub name: String,
    /// What it did, in a line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The guardrail id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardrail_id: Option<String>,
    /// The guardrail scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardrail_scope: Option<String>,
    /// What the stage cost, in USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_usd: Option<f64>,
    /// Stage-specific details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Map<String, Value>>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct PipelineStage { r#type, name, summary, guardrail_id, guardrail_scope, cost_usd, data, extra });

open_enum! {
    /// The kind of a [`PipelineStage`].
    pub enum PipelineStageType {
        /// A guardrail.
        Guardrail = "guardrail",
        /// A plugin.
        Plugin = "plugin",
        /// Server tools.
        ServerTools = "server_tools",
        /// Response healing.
        ResponseHealing = "response_healing",
        /// Context compression.
        ContextCompression = "context_compression",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn generation_time_is_typed() {
        let raw = json!({"attempt": 1, "region": null, "generation_time": 1834});
        let meta: OpenRouterMetadata = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(
            (meta.generation_time, meta.extra.is_empty()),
            (Some(1834), true)
        );
        assert_eq!(serde_json::to_value(&meta).unwrap(), raw);
        let meta: OpenRouterMetadata = serde_json::from_value(json!({})).unwrap();
        assert_eq!(meta.generation_time, None);
    }
}
