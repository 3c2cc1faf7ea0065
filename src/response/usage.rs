//! Token counts and cost.

use std::iter::Sum;
use std::ops::AddAssign;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Token counts and cost of a response.
///
/// The `*_tokens_details` objects default to zeros when absent (some answers
/// leave them out) and are always written when encoding, as the spec requires.
///
/// The usages of several responses (a conversation's turns) add up with
/// `+=` and [`Sum`]: see [`AddAssign<&Usage>`](#impl-AddAssign%3C%26Usage%3E-for-Usage)
/// for what the sum holds.
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

/// What the upstream provider charged, and what metered server tools cost.
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
    /// `server_tool_cost`: what metered server tools (a shell sandbox's
    /// time, say) cost in USD; `0` when one ran and cost nothing, absent
    /// when none ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_tool_cost: Option<f64>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_with_raw_json!(struct CostDetails { upstream_inference_cost, upstream_inference_input_cost, upstream_inference_output_cost, server_tool_cost, extra });

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

/// Adds up the usage of several responses: the turns of a conversation, the
/// rounds of a tool loop.
///
/// Every count and cost is added, the nested details included; a member
/// absent (`None`) on one side takes the other side's value, and stays
/// `None` when absent on both. Counts that would overflow stop at
/// `u64::MAX`.
///
/// - [`web_search_requests`](Usage::web_search_requests) of the sum is the
///   sum of theirs: a count sent in the docs' `server_tool_use` shape is
///   added into `server_tool_use_details.web_search_requests`.
/// - [`is_byok`](Usage::is_byok) is `Some(true)` when every usage that
///   says says `true` (every request ran on the caller's own key),
///   `Some(false)` when any says `false`, and `None` when none says.
/// - Members not modelled are not added, as there is no telling how: the
///   sum's [`extra`](Usage::extra) maps (its own and those of its details)
///   are empty, `+=` included.
///
/// ```
/// use openrouter_responses::response::Usage;
/// let turns: Vec<Usage> = vec![
///     serde_json::from_str(r#"{"input_tokens":10,"output_tokens":5,"total_tokens":15,"cost":0.01}"#)?,
///     serde_json::from_str(r#"{"input_tokens":30,"output_tokens":2,"total_tokens":32}"#)?,
/// ];
/// let total: Usage = turns.iter().sum();
/// assert_eq!((total.input_tokens, total.output_tokens, total.total_tokens), (40, 7, 47));
/// assert_eq!(total.cost, Some(0.01));
///
/// let mut running = Usage::default();
/// running += &turns[0];
/// assert_eq!(running.total_tokens, 15);
/// # Ok::<(), serde_json::Error>(())
/// ```
impl AddAssign<&Usage> for Usage {
    fn add_assign(&mut self, rhs: &Usage) {
        let searches = add_count(self.web_search_requests(), rhs.web_search_requests());
        self.input_tokens = self.input_tokens.saturating_add(rhs.input_tokens);
        self.input_tokens_details.add_up(&rhs.input_tokens_details);
        self.output_tokens = self.output_tokens.saturating_add(rhs.output_tokens);
        self.output_tokens_details
            .add_up(&rhs.output_tokens_details);
        self.total_tokens = self.total_tokens.saturating_add(rhs.total_tokens);
        self.cost = add_cost(self.cost, rhs.cost);
        self.is_byok = match (self.is_byok, rhs.is_byok) {
            (Some(a), Some(b)) => Some(a && b),
            (a, b) => a.or(b),
        };
        add_details(&mut self.cost_details, rhs.cost_details.as_ref());
        add_details(
            &mut self.server_tool_use_details,
            rhs.server_tool_use_details.as_ref(),
        );
        if let Some(searches) = searches {
            let details = self
                .server_tool_use_details
                .get_or_insert_with(Default::default);
            details.web_search_requests = Some(searches);
        }
        self.extra.clear();
    }
}

/// As `+= &usage`.
impl AddAssign for Usage {
    fn add_assign(&mut self, rhs: Usage) {
        *self += &rhs;
    }
}

/// The sum of the usages, as `+=` adds them; an empty iterator gives
/// [`Usage::default()`] (zero tokens, every optional member `None`).
impl<'a> Sum<&'a Usage> for Usage {
    fn sum<I: Iterator<Item = &'a Usage>>(iter: I) -> Usage {
        iter.fold(Usage::default(), |mut total, usage| {
            total += usage;
            total
        })
    }
}

/// The sum of the usages, as `+=` adds them; an empty iterator gives
/// [`Usage::default()`].
impl Sum for Usage {
    fn sum<I: Iterator<Item = Usage>>(iter: I) -> Usage {
        iter.fold(Usage::default(), |mut total, usage| {
            total += &usage;
            total
        })
    }
}

impl AddUp for InputTokensDetails {
    fn add_up(&mut self, rhs: &InputTokensDetails) {
        self.cached_tokens = self.cached_tokens.saturating_add(rhs.cached_tokens);
        self.cache_write_tokens = add_count(self.cache_write_tokens, rhs.cache_write_tokens);
        self.extra.clear();
    }
}

impl AddUp for OutputTokensDetails {
    fn add_up(&mut self, rhs: &OutputTokensDetails) {
        self.reasoning_tokens = self.reasoning_tokens.saturating_add(rhs.reasoning_tokens);
        self.extra.clear();
    }
}

impl AddUp for CostDetails {
    fn add_up(&mut self, rhs: &CostDetails) {
        self.upstream_inference_cost =
            add_cost(self.upstream_inference_cost, rhs.upstream_inference_cost);
        self.upstream_inference_input_cost = add_cost(
            self.upstream_inference_input_cost,
            rhs.upstream_inference_input_cost,
        );
        self.upstream_inference_output_cost = add_cost(
            self.upstream_inference_output_cost,
            rhs.upstream_inference_output_cost,
        );
        self.server_tool_cost = add_cost(self.server_tool_cost, rhs.server_tool_cost);
        self.extra.clear();
    }
}

impl AddUp for ServerToolUseDetails {
    fn add_up(&mut self, rhs: &ServerToolUseDetails) {
        self.tool_calls_executed = add_count(self.tool_calls_executed, rhs.tool_calls_executed);
        self.tool_calls_requested = add_count(self.tool_calls_requested, rhs.tool_calls_requested);
        self.web_search_requests = add_count(self.web_search_requests, rhs.web_search_requests);
        self.extra.clear();
    }
}

/// Two optional counts added: `None` when both are, saturating.
fn add_count(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.saturating_add(b)),
        (a, b) => a.or(b),
    }
}

/// Two optional costs added: `None` when both are.
fn add_cost(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    }
}

/// The details of a usage, added member by member as the usage is.
trait AddUp: Default {
    /// Adds `rhs` into `self`; the unknown members are dropped.
    fn add_up(&mut self, rhs: &Self);
}

/// Adds optional details: `None` when both are, the other side's (its
/// unknown members left out, as a sum's are) when one is.
fn add_details<T: AddUp>(total: &mut Option<T>, more: Option<&T>) {
    match more {
        Some(more) => total.get_or_insert_with(T::default).add_up(more),
        // Zero added, so that the unknown members go as they do in a sum.
        None => {
            if let Some(total) = total {
                total.add_up(&T::default());
            }
        }
    }
}

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
    fn usage(v: Value) -> Usage {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn usages_sum_member_by_member_details_included() {
        let turns = [
            usage(serde_json::json!({
                "input_tokens": 40, "input_tokens_details": {"cached_tokens": 0},
                "output_tokens": 120, "output_tokens_details": {"reasoning_tokens": 100},
                "total_tokens": 160, "cost": 0.0012, "is_byok": false,
                "cost_details": {"upstream_inference_cost": null,
                                 "upstream_inference_input_cost": 0.0004,
                                 "upstream_inference_output_cost": 0.0008}
            })),
            usage(serde_json::json!({
                "input_tokens": 300,
                "input_tokens_details": {"cached_tokens": 256, "cache_write_tokens": 12},
                "output_tokens": 30, "output_tokens_details": {"reasoning_tokens": 20},
                "total_tokens": 330, "cost": 0.0003, "is_byok": false,
                "cost_details": {"upstream_inference_cost": 0.0002,
                                 "upstream_inference_input_cost": 0.0001,
                                 "upstream_inference_output_cost": 0.0001},
                "server_tool_use_details": {"tool_calls_executed": 1,
                                            "tool_calls_requested": 2,
                                            "web_search_requests": 1}
            })),
            usage(serde_json::json!({
                "input_tokens": 700, "input_tokens_details": {"cached_tokens": 512},
                "output_tokens": 3, "output_tokens_details": {"reasoning_tokens": 0},
                "total_tokens": 703, "cost": 0.001, "is_byok": false,
                "server_tool_use_details": {"web_search_requests": 2}
            })),
        ];
        let total: Usage = turns.iter().sum();
        assert_eq!(total.input_tokens, 1040);
        assert_eq!(total.input_tokens_details.cached_tokens, 768);
        assert_eq!(total.input_tokens_details.cache_write_tokens, Some(12));
        assert_eq!(total.output_tokens, 153);
        assert_eq!(total.output_tokens_details.reasoning_tokens, 120);
        assert_eq!(total.total_tokens, 1193);
        assert!((total.cost.unwrap() - 0.0025).abs() < 1e-12);
        assert_eq!(total.is_byok, Some(false));
        let cost = total.cost_details.as_ref().unwrap();
        assert_eq!(cost.upstream_inference_cost, Some(0.0002));
        assert!((cost.upstream_inference_input_cost.unwrap() - 0.0005).abs() < 1e-12);
        assert!((cost.upstream_inference_output_cost.unwrap() - 0.0009).abs() < 1e-12);
        let tools = total.server_tool_use_details.as_ref().unwrap();
        assert_eq!(tools.tool_calls_executed, Some(1));
        assert_eq!(tools.tool_calls_requested, Some(2));
        assert_eq!(total.web_search_requests(), Some(3));

        // The owned forms agree with the borrowed ones.
        assert_eq!(turns.clone().into_iter().sum::<Usage>(), total);
        let mut running = Usage::default();
        for turn in turns {
            running += turn;
        }
        assert_eq!(running, total);
    }

    #[test]
    fn server_tool_cost_is_typed_and_summed() {
        let raw = serde_json::json!({"total_tokens": 1,
            "cost_details": {"upstream_inference_cost": 0.5, "server_tool_cost": 0.25}});
        let one = usage(raw.clone());
        let cost = one.cost_details.as_ref().unwrap();
        assert_eq!(
            (cost.server_tool_cost, cost.extra.is_empty()),
            (Some(0.25), true)
        );
        assert_eq!(
            serde_json::to_value(&one).unwrap()["cost_details"],
            raw["cost_details"]
        );
        let two = usage(serde_json::json!({"total_tokens": 1,
            "cost_details": {"server_tool_cost": 0.5}}));
        let none = usage(serde_json::json!({"total_tokens": 1,
            "cost_details": {"server_tool_cost": null}}));
        let total: Usage = [one, two, none].iter().sum();
        assert_eq!(total.cost_details.unwrap().server_tool_cost, Some(0.75));
    }

    #[test]
    fn an_absent_member_takes_the_other_side_and_both_absent_stay_absent() {
        let mut total = usage(serde_json::json!({"total_tokens": 5}));
        total += &usage(serde_json::json!({
            "total_tokens": 7, "cost": 0.5,
            "cost_details": {"upstream_inference_input_cost": 0.25}
        }));
        assert_eq!(total.total_tokens, 12);
        assert_eq!(total.cost, Some(0.5));
        let cost = total.cost_details.as_ref().unwrap();
        assert_eq!(cost.upstream_inference_input_cost, Some(0.25));
        assert_eq!(cost.upstream_inference_cost, None);
        assert_eq!(total.input_tokens_details.cache_write_tokens, None);
        assert_eq!(total.server_tool_use_details, None);
        assert_eq!(total.is_byok, None);
        assert_eq!(total.web_search_requests(), None);
        // Adding a usage with nothing set changes nothing.
        let before = total.clone();
        total += &Usage::default();
        assert_eq!(total, before);
    }

    #[test]
    fn is_byok_of_a_sum_is_true_only_when_every_usage_saying_says_true() {
        let byok = |b: Option<bool>| Usage {
            is_byok: b,
            ..Usage::default()
        };
        let sum = |list: &[Option<bool>]| list.iter().map(|b| byok(*b)).sum::<Usage>().is_byok;
        assert_eq!(sum(&[Some(true), None, Some(true)]), Some(true));
        assert_eq!(sum(&[Some(true), Some(false), Some(true)]), Some(false));
        assert_eq!(sum(&[Some(false), Some(true)]), Some(false));
        assert_eq!(sum(&[None, Some(false)]), Some(false));
        assert_eq!(sum(&[None, None]), None);
    }

    #[test]
    fn the_sum_of_no_usage_is_the_default() {
        assert_eq!(
            std::iter::empty::<&Usage>().sum::<Usage>(),
            Usage::default()
        );
        assert_eq!(
            Vec::<Usage>::new().into_iter().sum::<Usage>(),
            Usage::default()
        );
    }

    #[test]
    fn counts_stop_at_the_largest_instead_of_overflowing() {
        let big = usage(serde_json::json!({
            "input_tokens": u64::MAX, "input_tokens_details": {"cached_tokens": u64::MAX,
                                                             "cache_write_tokens": u64::MAX},
            "output_tokens": u64::MAX, "output_tokens_details": {"reasoning_tokens": u64::MAX},
            "total_tokens": u64::MAX,
            "server_tool_use_details": {"tool_calls_executed": u64::MAX,
                                        "tool_calls_requested": u64::MAX,
                                        "web_search_requests": u64::MAX}
        }));
        let total: Usage = [&big, &big, &big].into_iter().sum();
        assert_eq!(total, big);
    }

    #[test]
    fn web_searches_in_the_docs_shape_are_added_in_the_spec_shape() {
        let docs = usage(serde_json::json!({"server_tool_use": {"web_search_requests": 2}}));
        let spec =
            usage(serde_json::json!({"server_tool_use_details": {"web_search_requests": 1}}));
        let total: Usage = [&docs, &spec, &docs].into_iter().sum();
        assert_eq!(total.web_search_requests(), Some(5));
        let details = total.server_tool_use_details.as_ref().unwrap();
        assert_eq!(details.web_search_requests, Some(5));
        assert!(total.extra.is_empty());
        // A docs-shape count on the left of `+=` is kept too.
        let mut running = docs.clone();
        running += &Usage::default();
        assert_eq!(running.web_search_requests(), Some(2));
    }

    #[test]
    fn unknown_members_are_not_added_and_leave_the_sum() {
        let odd = usage(serde_json::json!({
            "total_tokens": 1, "x_credits": 3,
            "input_tokens_details": {"audio_tokens": 4},
            "output_tokens_details": {"accepted_prediction_tokens": 5},
            "cost_details": {"upstream_inference_prompt_cost": 0.1},
            "server_tool_use_details": {"x_searches": 6}
        }));
        let mut running = odd.clone();
        running += &odd;
        let total: Usage = [&odd, &odd].into_iter().sum();
        assert_eq!(running, total);
        assert_eq!(total.total_tokens, 2);
        assert!(total.extra.is_empty());
        assert!(total.input_tokens_details.extra.is_empty());
        assert!(total.output_tokens_details.extra.is_empty());
        assert!(total.cost_details.as_ref().unwrap().extra.is_empty());
        assert!(total
            .server_tool_use_details
            .as_ref()
            .unwrap()
            .extra
            .is_empty());
    }
}
