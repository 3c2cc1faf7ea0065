//! Token counts and cost.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Token counts and cost of a response.
///
/// The `*_tokens_details` objects default to zeros when absent (some answers
/// leave them out) and are always written when encoding, as the spec requires.
///
/// ```
/// use openrouter_responses::response::Usage;
/// let usage: Usage = serde_json::from_str(
///     r#"{"input_tokens":12,"output_tokens":45,"total_tokens":57}"#,
/// )?;
/// assert_eq!(usage.total_tokens, 57);
/// assert_eq!(usage.input_tokens_details.cached_tokens, 0);
/// assert_eq!(usage.cost, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Usage {
    /// Input (prompt) tokens.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub input_tokens: u64,
    /// How the input tokens split between cache and fresh.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub input_tokens_details: InputTokensDetails,
    /// Output (completion) tokens, reasoning included.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub output_tokens: u64,
    /// How many output tokens were reasoning.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub output_tokens_details: OutputTokensDetails,
    /// Input plus output tokens.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub total_tokens: u64,
    /// What the response cost, in credits (USD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// Whether the request ran on the caller's own provider key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_byok: Option<bool>,
    /// What the upstream provider charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_details: Option<CostDetails>,
    /// How many server-tool calls ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_tool_use_details: Option<ServerToolUseDetails>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct Usage { input_tokens, input_tokens_details, output_tokens, output_tokens_details, total_tokens, cost, is_byok, cost_details, server_tool_use_details, extra });

impl Usage {
    /// How many web searches ran: `server_tool_use_details.web_search_requests`
    /// (the spec's shape) or, when that is absent, the
    /// `server_tool_use.web_search_requests` of the docs' example (kept in
    /// [`extra`](Usage::extra)). `None` when neither gives a count.
    ///
    /// ```
    /// use openrouter_responses::response::Usage;
    /// let spec: Usage = serde_json::from_str(
    ///     r#"{"total_tokens":9,"server_tool_use_details":{"web_search_requests":2}}"#,
    /// )?;
    /// let docs: Usage = serde_json::from_str(
    ///     r#"{"total_tokens":9,"server_tool_use":{"web_search_requests":2}}"#,
    /// )?;
    /// assert_eq!((spec.web_search_requests(), docs.web_search_requests()), (Some(2), Some(2)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn web_search_requests(&self) -> Option<u64> {
        self.server_tool_use_details
            .as_ref()
            .and_then(|d| d.web_search_requests)
            .or_else(|| {
                self.extra
                    .get("server_tool_use")?
                    .get("web_search_requests")?
                    .as_u64()
            })
    }
}

/// The split of the input tokens.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InputTokensDetails {
    /// Tokens read from the prompt cache.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub cached_tokens: u64,
    /// Tokens written to the prompt cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_write_tokens: Option<u64>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct InputTokensDetails { cached_tokens, cache_write_tokens, extra });

/// The split of the output tokens.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutputTokensDetails {
    /// Tokens spent on reasoning.
    #[serde(default, deserialize_with = "crate::response::null_default")]
    pub reasoning_tokens: u64,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct OutputTokensDetails { reasoning_tokens, extra });

/// What the upstream provider charged.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CostDetails {
    /// The total upstream cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_inference_cost: Option<f64>,
    /// The upstream cost of the input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_inference_input_cost: Option<f64>,
    /// The upstream cost of the output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_inference_output_cost: Option<f64>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct CostDetails { upstream_inference_cost, upstream_inference_input_cost, upstream_inference_output_cost, extra });

/// Counts of server-tool calls.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServerToolUseDetails {
    /// Server-tool calls that ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_calls_executed: Option<u64>,
    /// Server-tool calls the model asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_calls_requested: Option<u64>,
    /// Web searches run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_search_requests: Option<u64>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct ServerToolUseDetails { tool_calls_executed, tool_calls_requested, web_search_requests, extra });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_search_requests_reads_either_shape_the_spec_first() {
        let usage = |v: Value| serde_json::from_value::<Usage>(v).unwrap();
        let both = usage(serde_json::json!({
            "server_tool_use_details": {"web_search_requests": 3},
            "server_tool_use": {"web_search_requests": 1}
        }));
        assert_eq!(both.web_search_requests(), Some(3));
        let docs = usage(serde_json::json!({
            "server_tool_use_details": {"tool_calls_executed": 1},
            "server_tool_use": {"web_search_requests": 1}
        }));
        assert_eq!(docs.web_search_requests(), Some(1));
        let odd = usage(serde_json::json!({"server_tool_use": {"web_search_requests": "1"}}));
        assert_eq!(odd.web_search_requests(), None);
        assert_eq!(usage(serde_json::json!({})).web_search_requests(), None);
    }
}
