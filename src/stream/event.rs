//! The typed events of a response stream.
//!
//! Every event the API documents has its own [`StreamEvent`] variant and
//! payload struct; an event of any other type is kept whole in
//! [`StreamEvent::Unknown`].

use serde::de::{self, Deserializer};
use serde::ser::{self, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::ErrorCode;
use crate::response::{
    Annotation, LogProb, OutputContent, OutputItem, OutputText, ReasoningContent, ReasoningSummary,
    ReasoningText, Refusal, Response,
};

macro_rules! stream_events {
    ($(
        $(#[$doc:meta])*
        $name:literal => $variant:ident($payload:ty),
    )*) => {
        /// One event of a response stream.
        ///
        /// The variant follows the event's `type`; each payload struct holds
        /// the event's fields. Fields that only some servers or lifecycle
        /// states send (`sequence_number`, `logprobs`, …) are optional, and
        /// members a payload does not model are kept in its `extra` and
        /// written back with the event.
        ///
        /// ```
        /// use openrouter_responses::StreamEvent;
        /// let json = r#"{"type":"response.output_text.delta","output_index":0,
        ///     "item_id":"msg_1","content_index":0,"delta":"Hi","sequence_number":4}"#;
        /// let event = StreamEvent::from_json(json)?;
        /// assert_eq!(event.event_type(), "response.output_text.delta");
        /// match event {
        ///     StreamEvent::OutputTextDelta(e) => assert_eq!(e.delta, "Hi"),
        ///     other => panic!("unexpected {other:?}"),
        /// }
        ///
        /// // A type this crate does not know is kept as sent.
        /// let event = StreamEvent::from_json(r#"{"type":"response.new_thing","x":1}"#)?;
        /// assert!(matches!(event, StreamEvent::Unknown(_)));
        /// assert_eq!(event.event_type(), "response.new_thing");
        ///
        /// // Payloads carrying a whole response or output item are boxed, so
        /// // every event is cheap to move; their fields read through the box.
        /// let event = StreamEvent::from_json(
        ///     r#"{"type":"response.completed","response":{"id":"resp_1"}}"#,
        /// )?;
        /// if let StreamEvent::Completed(e) = &event {
        ///     assert_eq!(e.response.id, "resp_1");
        /// }
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub enum StreamEvent {
            $(
                $(#[$doc])*
                $variant($payload),
            )*
            /// An event whose `type` this crate does not know (or that has no
            /// `type`), kept exactly as sent.
            Unknown(Value),
        }

        debug_with_raw_json!(enum StreamEvent { $($variant(event),)* Unknown(raw) });

        impl StreamEvent {
            /// The event's `type`, as on the wire (`"response.output_text.delta"`).
            /// For [`Unknown`](StreamEvent::Unknown) events, the `type` they
            /// carry, or `""` when they have none.
            pub fn event_type(&self) -> &str {
                match self {
                    $( StreamEvent::$variant(_) => $name, )*
                    StreamEvent::Unknown(v) => v.get("type").and_then(Value::as_str).unwrap_or(""),
                }
            }

            /// Decodes the payload of a known `ty` from `json`; `None` for an
            /// unknown type.
            fn decode_known(ty: &str, json: &str) -> Option<serde_json::Result<StreamEvent>> {
                Some(match ty {
                    $( $name => crate::response::direct(|| serde_json::from_str::<$payload>(json))
                        .map(StreamEvent::$variant), )*
                    _ => return None,
                })
            }

            /// Decodes the payload of a known `ty` from a JSON value; `Err(value)`
            /// back for an unknown type.
            ///
            /// Only the generic `Deserialize` impl calls it: inline, it is
            /// compiled (with the `Value` decoding of every payload it pulls
            /// in) only in crates that decode events through serde.
            #[inline]
            fn decode_known_value(ty: &str, value: Value) -> Result<serde_json::Result<StreamEvent>, Value> {
                Ok(match ty {
                    $( $name => serde_json::from_value::<$payload>(value).map(StreamEvent::$variant), )*
                    _ => return Err(value),
                })
            }

            /// The event's `sequence_number`, when it has one.
            pub fn sequence_number(&self) -> Option<u64> {
                match self {
                    $( StreamEvent::$variant(p) => p.sequence_number, )*
                    StreamEvent::Unknown(v) => v.get("sequence_number").and_then(Value::as_u64),
                }
            }

            /// The payload as a JSON value, without its `type`. Inline for the
            /// same reason as `decode_known_value`: only `Serialize` calls it.
            #[inline]
            fn payload_value(&self) -> serde_json::Result<Value> {
                match self {
                    $( StreamEvent::$variant(p) => serde_json::to_value(p), )*
                    StreamEvent::Unknown(v) => Ok(v.clone()),
                }
            }
        }
    };
}

stream_events! {
    /// `response.output_text.delta`: a piece of output text.
    "response.output_text.delta" => OutputTextDelta(OutputTextDelta),
    /// `response.created`: the response exists; its `output` is empty.
    "response.created" => Created(Box<ResponseEvent>),
    /// `response.in_progress`: the response is being generated.
    "response.in_progress" => InProgress(Box<ResponseEvent>),
    /// `response.completed`: the final response, with its output and usage.
    "response.completed" => Completed(Box<ResponseEvent>),
    /// `response.incomplete`: the response ended early (see its
    /// `incomplete_details`).
    "response.incomplete" => Incomplete(Box<ResponseEvent>),
    /// `response.failed`: the response failed (see its `error` and `error_type`).
    "response.failed" => Failed(Box<ResponseEvent>),
    /// `response.done`: a name some documentation uses for `response.completed`.
    "response.done" => Done(Box<ResponseEvent>),
    /// `error`: an error inside the stream, flat (`code`, `message`, `param`)
    /// or nested (`error: {code, message}`).
    "error" => Error(ErrorEvent),
    /// `response.error`: an error inside the stream (`error: {code, message}`).
    "response.error" => ResponseError(ErrorEvent),
    /// `response.output_item.added`: a new output item, in its first state.
    "response.output_item.added" => OutputItemAdded(Box<OutputItemEvent>),
    /// `response.output_item.done`: an output item in its final state.
    "response.output_item.done" => OutputItemDone(Box<OutputItemEvent>),
    /// `response.content_part.added`: a new content part of a message or
    /// reasoning item.
    "response.content_part.added" => ContentPartAdded(ContentPartEvent),
    /// `response.content_part.done`: a content part in its final state.
    "response.content_part.done" => ContentPartDone(ContentPartEvent),
    /// `response.content_part.delta`: a name some documentation uses for
    /// `response.output_text.delta`; same shape.
    "response.content_part.delta" => ContentPartDelta(OutputTextDelta),
    /// `response.output_text.done`: the full text of an output text part.
    "response.output_text.done" => OutputTextDone(OutputTextDone),
    /// `response.output_text.annotation.added`: an annotation (a citation)
    /// on output text.
    "response.output_text.annotation.added" => OutputTextAnnotationAdded(OutputTextAnnotationAdded),
    /// `response.refusal.delta`: a piece of a refusal.
    "response.refusal.delta" => RefusalDelta(RefusalDelta),
    /// `response.refusal.done`: the full refusal.
    "response.refusal.done" => RefusalDone(RefusalDone),
    /// `response.function_call_arguments.delta`: a piece of a function call's
    /// arguments.
    "response.function_call_arguments.delta" => FunctionCallArgumentsDelta(FunctionCallArgumentsDelta),
    /// `response.function_call_arguments.done`: a function call's full arguments.
    "response.function_call_arguments.done" => FunctionCallArgumentsDone(FunctionCallArgumentsDone),
    /// `response.custom_tool_call_input.delta`: a piece of a custom tool call's input.
    "response.custom_tool_call_input.delta" => CustomToolCallInputDelta(CustomToolCallInputDelta),
    /// `response.custom_tool_call_input.done`: a custom tool call's full input.
    "response.custom_tool_call_input.done" => CustomToolCallInputDone(CustomToolCallInputDone),
    /// `response.reasoning_text.delta`: a piece of reasoning text.
    "response.reasoning_text.delta" => ReasoningTextDelta(ReasoningTextDelta),
    /// `response.reasoning_text.done`: the full reasoning text of a part.
    "response.reasoning_text.done" => ReasoningTextDone(ReasoningTextDone),
    /// `response.reasoning_summary_part.added`: a new reasoning summary part.
    "response.reasoning_summary_part.added" => ReasoningSummaryPartAdded(ReasoningSummaryPartEvent),
    /// `response.reasoning_summary_part.done`: a reasoning summary part in its
    /// final state.
    "response.reasoning_summary_part.done" => ReasoningSummaryPartDone(ReasoningSummaryPartEvent),
    /// `response.reasoning_summary_text.delta`: a piece of reasoning summary text.
    "response.reasoning_summary_text.delta" => ReasoningSummaryTextDelta(ReasoningSummaryTextDelta),
    /// `response.reasoning_summary_text.done`: the full text of a reasoning
    /// summary part.
    "response.reasoning_summary_text.done" => ReasoningSummaryTextDone(ReasoningSummaryTextDone),
    /// `response.web_search_call.in_progress`: a web search started.
    "response.web_search_call.in_progress" => WebSearchCallInProgress(ItemEvent),
    /// `response.web_search_call.searching`: a web search is running.
    "response.web_search_call.searching" => WebSearchCallSearching(ItemEvent),
    /// `response.web_search_call.completed`: a web search finished.
    "response.web_search_call.completed" => WebSearchCallCompleted(ItemEvent),
    /// `response.image_generation_call.in_progress`: an image generation started.
    "response.image_generation_call.in_progress" => ImageGenerationCallInProgress(ItemEvent),
    /// `response.image_generation_call.generating`: an image is being generated.
    "response.image_generation_call.generating" => ImageGenerationCallGenerating(ItemEvent),
    /// `response.image_generation_call.partial_image`: a partial image.
    "response.image_generation_call.partial_image" => ImageGenerationCallPartialImage(ImageGenerationCallPartialImage),
    /// `response.image_generation_call.completed`: an image generation finished.
    "response.image_generation_call.completed" => ImageGenerationCallCompleted(ItemEvent),
    /// `response.code_interpreter_call.in_progress`: a code interpreter call started.
    "response.code_interpreter_call.in_progress" => CodeInterpreterCallInProgress(ItemEvent),
    /// `response.code_interpreter_call.interpreting`: code is running.
    "response.code_interpreter_call.interpreting" => CodeInterpreterCallInterpreting(ItemEvent),
    /// `response.code_interpreter_call.completed`: a code interpreter call finished.
    "response.code_interpreter_call.completed" => CodeInterpreterCallCompleted(ItemEvent),
    /// `response.code_interpreter_call_code.delta`: a piece of the code to run.
    "response.code_interpreter_call_code.delta" => CodeInterpreterCallCodeDelta(CodeInterpreterCallCodeDelta),
    /// `response.code_interpreter_call_code.done`: the full code to run.
    "response.code_interpreter_call_code.done" => CodeInterpreterCallCodeDone(CodeInterpreterCallCodeDone),
    /// `response.apply_patch_call_operation_diff.delta`: a piece of a patch's diff.
    "response.apply_patch_call_operation_diff.delta" => ApplyPatchCallOperationDiffDelta(ApplyPatchCallOperationDiffDelta),
    /// `response.apply_patch_call_operation_diff.done`: a patch's full diff.
    "response.apply_patch_call_operation_diff.done" => ApplyPatchCallOperationDiffDone(ApplyPatchCallOperationDiffDone),
    /// `response.fusion_call.in_progress`: a fusion call started.
    "response.fusion_call.in_progress" => FusionCallInProgress(ItemEvent),
    /// `response.fusion_call.panel.added`: a panel model joined a fusion call.
    "response.fusion_call.panel.added" => FusionCallPanelAdded(FusionCallPanelAdded),
    /// `response.fusion_call.panel.delta`: a piece of a panel model's answer.
    "response.fusion_call.panel.delta" => FusionCallPanelDelta(FusionCallPanelDelta),
    /// `response.fusion_call.panel.reasoning.delta`: a piece of a panel
    /// model's reasoning.
    "response.fusion_call.panel.reasoning.delta" => FusionCallPanelReasoningDelta(FusionCallPanelDelta),
    /// `response.fusion_call.panel.completed`: a panel model's full answer.
    "response.fusion_call.panel.completed" => FusionCallPanelCompleted(FusionCallPanelCompleted),
    /// `response.fusion_call.panel.failed`: a panel model failed.
    "response.fusion_call.panel.failed" => FusionCallPanelFailed(FusionCallPanelFailed),
    /// `response.fusion_call.analysis.in_progress`: the panel's answers are
    /// being analysed.
    "response.fusion_call.analysis.in_progress" => FusionCallAnalysisInProgress(FusionCallAnalysisInProgress),
    /// `response.fusion_call.analysis.completed`: the analysis of the panel's answers.
    "response.fusion_call.analysis.completed" => FusionCallAnalysisCompleted(FusionCallAnalysisCompleted),
    /// `response.fusion_call.completed`: a fusion call finished.
    "response.fusion_call.completed" => FusionCallCompleted(ItemEvent),
    /// `response.debug`: debugging data (the upstream request body, timings),
    /// sent only when the request asked for it.
    "response.debug" => Debug(DebugEvent),
}

impl StreamEvent {
    /// The response a lifecycle event carries (`response.created`,
    /// `.in_progress`, `.completed`, `.incomplete`, `.failed`, `.done`);
    /// `None` for every other event.
    ///
    /// This is the response as the event carries it: a server may send a
    /// terminal event without its `output` (the items came in their own
    /// events). The stream's
    /// [`snapshot`](crate::stream::ResponseStream::snapshot) and
    /// [`final_response`](crate::stream::ResponseStream::final_response)
    /// hold the output built from the whole stream.
    ///
    /// ```
    /// use openrouter_responses::StreamEvent;
    /// let event = StreamEvent::from_json(
    ///     r#"{"type":"response.completed","response":{"id":"resp_1","status":"completed"}}"#,
    /// )?;
    /// assert!(event.is_terminal());
    /// assert_eq!(event.response().map(|r| r.id.as_str()), Some("resp_1"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn response(&self) -> Option<&Response> {
        match self {
            StreamEvent::Created(e)
            | StreamEvent::InProgress(e)
            | StreamEvent::Completed(e)
            | StreamEvent::Incomplete(e)
            | StreamEvent::Failed(e)
            | StreamEvent::Done(e) => Some(&e.response),
            _ => None,
        }
    }

    /// Whether the event ends the response: `response.completed`,
    /// `.incomplete`, `.failed` (or `.done`, the name some documentation
    /// uses for `.completed`). An `error` event ends the stream too, but
    /// as an error: the iterator reports it as [`Error::Api`](crate::Error::Api).
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            StreamEvent::Completed(_)
                | StreamEvent::Incomplete(_)
                | StreamEvent::Failed(_)
                | StreamEvent::Done(_)
        )
    }

    /// Decodes one event from the JSON text of an SSE `data` field.
    ///
    /// The `type` is read first; a known type is then decoded into its
    /// payload struct, so a known event with a malformed body is an error. An
    /// unknown type, or an object without a `type`, becomes
    /// [`Unknown`](StreamEvent::Unknown).
    ///
    /// # Errors
    ///
    /// When `json` is not a JSON object, or a known event's fields do not
    /// have the documented types.
    pub fn from_json(json: &str) -> serde_json::Result<StreamEvent> {
        let peeked;
        let ty = match super::fast::peek_type(json) {
            Some(ty) => ty,
            None => {
                // The derived peek would also read an array (its first element
                // as the type).
                if !json
                    .trim_start_matches([' ', '\t', '\n', '\r'])
                    .starts_with('{')
                {
                    // A syntax error is reported as such.
                    return Err(match serde_json::from_str::<Value>(json) {
                        Err(e) => e,
                        Ok(_) => de::Error::custom("a stream event must be a JSON object"),
                    });
                }
                peeked = serde_json::from_str::<TypePeek<'_>>(json)?;
                match &peeked.ty {
                    Some(ty) => ty,
                    None => "",
                }
            }
        };
        // The events of a text message (its deltas are nearly all of a
        // stream) and the final response's text first go the direct way,
        // which declines whatever it does not read exactly as serde_json
        // would.
        macro_rules! direct {
            ($($name:literal => $decode:ident => $variant:ident,)*) => {
                match ty {
                    $( $name => {
                        if let Some(payload) = super::fast::$decode(json) {
                            return Ok(StreamEvent::$variant(payload.into()));
                        }
                    } )*
                    _ => {}
                }
            };
        }
        direct! {
            "response.output_text.delta" => output_text_delta => OutputTextDelta,
            "response.output_text.done" => output_text_done => OutputTextDone,
            "response.reasoning_text.delta" => reasoning_text_delta => ReasoningTextDelta,
            "response.reasoning_summary_text.delta" => reasoning_summary_text_delta => ReasoningSummaryTextDelta,
            "response.function_call_arguments.delta" => function_call_arguments_delta => FunctionCallArgumentsDelta,
            "response.refusal.delta" => refusal_delta => RefusalDelta,
            "response.refusal.done" => refusal_done => RefusalDone,
            "response.reasoning_text.done" => reasoning_text_done => ReasoningTextDone,
            "response.reasoning_summary_text.done" => reasoning_summary_text_done => ReasoningSummaryTextDone,
            "response.function_call_arguments.done" => function_call_arguments_done => FunctionCallArgumentsDone,
            "response.content_part.added" => content_part_event => ContentPartAdded,
            "response.content_part.done" => content_part_event => ContentPartDone,
            "response.output_item.added" => output_item_event => OutputItemAdded,
            "response.output_item.done" => output_item_event => OutputItemDone,
            "response.completed" => long_response_event => Completed,
            "response.incomplete" => long_response_event => Incomplete,
            "response.failed" => long_response_event => Failed,
            "response.done" => long_response_event => Done,
        }
        match Self::decode_known(ty, json) {
            Some(result) => result,
            None => serde_json::from_str::<Value>(json).map(StreamEvent::Unknown),
        }
    }
}

/// The `type` member of an event, read anywhere in the object; every other
/// member is skipped without being decoded.
#[derive(Deserialize)]
struct TypePeek<'a> {
    #[serde(rename = "type", borrow, default)]
    ty: Option<std::borrow::Cow<'a, str>>,
}

/// The members of an event a payload does not model, but its `type`: the
/// [`StreamEvent`] variant stands for it, and writing the event adds it back.
fn members_but_type<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<serde_json::Map<String, Value>, D::Error> {
    let mut members = serde_json::Map::deserialize(deserializer)?;
    crate::members::take(&mut members, "type");
    Ok(members)
}

impl<'de> Deserialize<'de> for StreamEvent {
    /// Decodes like [`StreamEvent::from_json`], from any self-describing format.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if !value.is_object() {
            return Err(de::Error::custom("a stream event must be a JSON object"));
        }
        let ty = value
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        match Self::decode_known_value(&ty, value) {
            Ok(result) => result.map_err(de::Error::custom),
            Err(value) => Ok(StreamEvent::Unknown(value)),
        }
    }
}

impl Serialize for StreamEvent {
    /// Writes the event back in its wire shape: the payload's fields plus its
    /// `type`. Every member read is written again (unmodelled ones as they
    /// came), but not always spelled as it came: a field the model gives a
    /// default may be written where the server left it out (`null` for a
    /// response's absent `completed_at` or `error`, zero counts in usage
    /// details), and numbers and escapes are written as serde_json writes
    /// them. Read back, it gives the same event. An [`Unknown`](Self::Unknown)
    /// event is written as it came.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut value = self.payload_value().map_err(ser::Error::custom)?;
        if let (Value::Object(map), false) = (&mut value, matches!(self, StreamEvent::Unknown(_))) {
            map.insert(
                "type".to_owned(),
                Value::String(self.event_type().to_owned()),
            );
        }
        value.serialize(serializer)
    }
}

/// The payload of the response lifecycle events (`response.created`,
/// `response.in_progress`, `response.completed`, `response.incomplete`,
/// `response.failed`, and `response.done`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResponseEvent {
    /// The response in its state at this event. Early events carry few
    /// fields and an empty `output`.
    pub response: Response,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ResponseEvent { response, sequence_number, extra });

/// The payload of `error` and `response.error` events.
///
/// The flat shape puts `code`, `message` and `param` at the top; the nested
/// shape puts `code` and `message` under `error`. [`code`](ErrorEvent::code)
/// and [`message`](ErrorEvent::message) read either.
///
/// Written back, the flat shape (no `error`) always has `code` and `param`,
/// `null` when unknown, as the spec requires them; the nested shape has what
/// it came with.
#[derive(Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ErrorEvent {
    /// `code` of the flat shape only (`None` for the nested shape): read
    /// [`code()`](ErrorEvent::code), which takes either.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
    /// `message` of the flat shape only (`None` for the nested shape): read
    /// [`message()`](ErrorEvent::message), which takes either.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `param` of the flat shape: the request parameter at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// `error` of the nested shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorEventDetail>,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ErrorEvent { code, message, param, error, sequence_number, extra });

impl Serialize for ErrorEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use ser::SerializeMap;
        let flat = self.error.is_none();
        let mut map = serializer.serialize_map(None)?;
        if flat || self.code.is_some() {
            map.serialize_entry("code", &self.code)?;
        }
        if let Some(message) = &self.message {
            map.serialize_entry("message", message)?;
        }
        if flat || self.param.is_some() {
            map.serialize_entry("param", &self.param)?;
        }
        if let Some(error) = &self.error {
            map.serialize_entry("error", error)?;
        }
        if let Some(n) = &self.sequence_number {
            map.serialize_entry("sequence_number", n)?;
        }
        for (k, v) in &self.extra {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl ErrorEvent {
    /// The error code, from either shape.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.code
            .as_ref()
            .or_else(|| self.error.as_ref().and_then(|e| e.code.as_ref()))
    }

    /// The error message, from either shape (`""` when there is none).
    pub fn message(&self) -> &str {
        self.message
            .as_deref()
            .or_else(|| self.error.as_ref().and_then(|e| e.message.as_deref()))
            .unwrap_or("")
    }
}

/// The `error` object of a nested error event.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorEventDetail {
    /// The error code: a string or a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
    /// The error message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ErrorEventDetail { code, message, extra });

/// The payload of `response.output_item.added` and `response.output_item.done`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutputItemEvent {
    /// The item's index in the response's `output`.
    pub output_index: usize,
    /// The item.
    pub item: OutputItem,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct OutputItemEvent { output_index, item, sequence_number, extra });

/// A content part in `response.content_part.added` / `.done`: output text, a
/// refusal, or reasoning text.
#[derive(Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum ContentPart {
    /// `output_text`: text written by the model.
    #[serde(rename = "output_text")]
    OutputText(OutputText),
    /// `refusal`: the model declined.
    #[serde(rename = "refusal")]
    Refusal(Refusal),
    /// `reasoning_text`: reasoning text.
    #[serde(rename = "reasoning_text")]
    ReasoningText(ReasoningText),
    /// A part of a type this crate does not know, kept as sent.
    #[serde(untagged)]
    Unknown(Value),
}

debug_with_raw_json!(
    enum ContentPart {
        OutputText(x),
        Refusal(x),
        ReasoningText(x),
        Unknown(x),
    }
);

crate::response::tagged::type_tagged!(ContentPart, "a content part", {
    "output_text" => OutputText,
    "refusal" => Refusal,
    "reasoning_text" => ReasoningText,
});

impl ContentPart {
    /// The part as a message content part; `None` for reasoning text.
    pub fn to_output_content(&self) -> Option<OutputContent> {
        match self {
            ContentPart::OutputText(t) => Some(OutputContent::OutputText(t.clone())),
            ContentPart::Refusal(r) => Some(OutputContent::Refusal(r.clone())),
            ContentPart::ReasoningText(_) => None,
            ContentPart::Unknown(v) => Some(OutputContent::Unknown(v.clone())),
        }
    }

    /// The part as a reasoning content part; `None` for output text and refusals.
    pub fn to_reasoning_content(&self) -> Option<ReasoningContent> {
        match self {
            ContentPart::ReasoningText(t) => Some(ReasoningContent::ReasoningText(t.clone())),
            ContentPart::Unknown(v) => Some(ReasoningContent::Unknown(v.clone())),
            _ => None,
        }
    }

    /// [`to_output_content`](ContentPart::to_output_content), by value.
    pub(crate) fn into_output_content(self) -> Option<OutputContent> {
        match self {
            ContentPart::OutputText(t) => Some(OutputContent::OutputText(t)),
            ContentPart::Refusal(r) => Some(OutputContent::Refusal(r)),
            ContentPart::ReasoningText(_) => None,
            ContentPart::Unknown(v) => Some(OutputContent::Unknown(v)),
        }
    }

    /// [`to_reasoning_content`](ContentPart::to_reasoning_content), by value.
    pub(crate) fn into_reasoning_content(self) -> Option<ReasoningContent> {
        match self {
            ContentPart::ReasoningText(t) => Some(ReasoningContent::ReasoningText(t)),
            ContentPart::Unknown(v) => Some(ReasoningContent::Unknown(v)),
            _ => None,
        }
    }
}

/// The payload of `response.content_part.added` and `response.content_part.done`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContentPartEvent {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The index of the part in the item's `content`.
    pub content_index: usize,
    /// The part.
    pub part: ContentPart,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ContentPartEvent { output_index, item_id, content_index, part, sequence_number, extra });

/// The payload of `response.output_text.delta` (and `response.content_part.delta`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutputTextDelta {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The index of the part in the item's `content`.
    pub content_index: usize,
    /// The new text.
    pub delta: String,
    /// Token log probabilities of the new text, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logprobs: Option<Vec<LogProb>>,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct OutputTextDelta { output_index, item_id, content_index, delta, logprobs, sequence_number, extra });

/// The payload of `response.output_text.done`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutputTextDone {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The index of the part in the item's `content`.
    pub content_index: usize,
    /// The full text of the part.
    pub text: String,
    /// Token log probabilities of the text, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logprobs: Option<Vec<LogProb>>,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct OutputTextDone { output_index, item_id, content_index, text, logprobs, sequence_number, extra });

/// The payload of `response.output_text.annotation.added`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OutputTextAnnotationAdded {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The index of the part in the item's `content`.
    pub content_index: usize,
    /// The index of the annotation in the part's `annotations`.
    pub annotation_index: usize,
    /// The annotation.
    pub annotation: Annotation,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct OutputTextAnnotationAdded { output_index, item_id, content_index, annotation_index, annotation, sequence_number, extra });

/// The payload of `response.refusal.delta`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RefusalDelta {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The index of the part in the item's `content`.
    pub content_index: usize,
    /// The new refusal text.
    pub delta: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct RefusalDelta { output_index, item_id, content_index, delta, sequence_number, extra });

/// The payload of `response.refusal.done`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RefusalDone {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The index of the part in the item's `content`.
    pub content_index: usize,
    /// The full refusal.
    pub refusal: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct RefusalDone { output_index, item_id, content_index, refusal, sequence_number, extra });

/// The payload of `response.function_call_arguments.delta`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FunctionCallArgumentsDelta {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The new piece of the arguments (JSON text).
    pub delta: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct FunctionCallArgumentsDelta { output_index, item_id, delta, sequence_number, extra });

/// The payload of `response.function_call_arguments.done`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FunctionCallArgumentsDone {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The function's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The full arguments (JSON text).
    pub arguments: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct FunctionCallArgumentsDone { output_index, item_id, name, arguments, sequence_number, extra });

/// The payload of `response.custom_tool_call_input.delta`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomToolCallInputDelta {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The new piece of the input.
    pub delta: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct CustomToolCallInputDelta { output_index, item_id, delta, sequence_number, extra });

/// The payload of `response.custom_tool_call_input.done`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomToolCallInputDone {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The full input.
    pub input: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct CustomToolCallInputDone { output_index, item_id, input, sequence_number, extra });

/// The payload of `response.reasoning_text.delta`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReasoningTextDelta {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The index of the part in the item's `content`.
    pub content_index: usize,
    /// The new reasoning text.
    pub delta: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ReasoningTextDelta { output_index, item_id, content_index, delta, sequence_number, extra });

/// The payload of `response.reasoning_text.done`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReasoningTextDone {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The index of the part in the item's `content`.
    pub content_index: usize,
    /// The full reasoning text of the part.
    pub text: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ReasoningTextDone { output_index, item_id, content_index, text, sequence_number, extra });

/// The payload of `response.reasoning_summary_part.added` and `.done`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReasoningSummaryPartEvent {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The index of the part in the item's `summary`.
    pub summary_index: usize,
    /// The part (`{"type": "summary_text", "text": …}`).
    pub part: ReasoningSummary,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ReasoningSummaryPartEvent { output_index, item_id, summary_index, part, sequence_number, extra });

/// The payload of `response.reasoning_summary_text.delta`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReasoningSummaryTextDelta {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The index of the part in the item's `summary`.
    pub summary_index: usize,
    /// The new summary text.
    pub delta: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ReasoningSummaryTextDelta { output_index, item_id, summary_index, delta, sequence_number, extra });

/// The payload of `response.reasoning_summary_text.done`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReasoningSummaryTextDone {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The index of the part in the item's `summary`.
    pub summary_index: usize,
    /// The full text of the summary part.
    pub text: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ReasoningSummaryTextDone { output_index, item_id, summary_index, text, sequence_number, extra });

/// The payload of the progress events of tool calls that carry no data of
/// their own (`response.web_search_call.*`, `response.image_generation_call.*`,
/// `response.code_interpreter_call.*`, `response.fusion_call.in_progress` /
/// `.completed`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ItemEvent {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ItemEvent { output_index, item_id, sequence_number, extra });

/// The payload of `response.image_generation_call.partial_image`.
///
/// Its `Debug` shows a `partial_image_b64` of more than 1000 characters by
/// its first 1000 and its length.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImageGenerationCallPartialImage {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The partial image, base64-encoded.
    pub partial_image_b64: String,
    /// Which partial image this is (from 0).
    pub partial_image_index: u32,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ImageGenerationCallPartialImage { output_index, item_id, partial_image_b64: crate::debug::long_text, partial_image_index, sequence_number, extra });

impl ImageGenerationCallPartialImage {
    /// The partial image's bytes, decoded from `partial_image_b64` (a
    /// base64 `data:` URL's included): what to show while the image forms,
    /// without a base64 crate of one's own.
    ///
    /// ```
    /// use openrouter_responses::StreamEvent;
    /// let event = StreamEvent::from_json(
    ///     r#"{"type":"response.image_generation_call.partial_image","output_index":0,
    ///         "item_id":"ig_1","partial_image_b64":"iVBORw0KGgo=","partial_image_index":0}"#,
    /// )?;
    /// let StreamEvent::ImageGenerationCallPartialImage(partial) = event else { panic!() };
    /// assert!(partial.image_bytes()?.starts_with(b"\x89PNG"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Decode`](crate::Error::Decode) of
    /// [`DecodeTarget::Base64`](crate::DecodeTarget::Base64) (the text
    /// kept) when the text is not base64.
    pub fn image_bytes(&self) -> crate::Result<Vec<u8>> {
        crate::base64::decode(&self.partial_image_b64)
            .map_err(|e| crate::Error::base64(&self.partial_image_b64, e))
    }
}

/// The payload of `response.code_interpreter_call_code.delta`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CodeInterpreterCallCodeDelta {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The new piece of code.
    pub delta: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct CodeInterpreterCallCodeDelta { output_index, item_id, delta, sequence_number, extra });

/// The payload of `response.code_interpreter_call_code.done`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CodeInterpreterCallCodeDone {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The full code.
    pub code: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct CodeInterpreterCallCodeDone { output_index, item_id, code, sequence_number, extra });

/// The payload of `response.apply_patch_call_operation_diff.delta`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApplyPatchCallOperationDiffDelta {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The new piece of the diff.
    pub delta: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ApplyPatchCallOperationDiffDelta { output_index, item_id, delta, sequence_number, extra });

/// The payload of `response.apply_patch_call_operation_diff.done`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApplyPatchCallOperationDiffDone {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The full diff.
    pub diff: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct ApplyPatchCallOperationDiffDone { output_index, item_id, diff, sequence_number, extra });

/// The payload of `response.fusion_call.panel.added`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FusionCallPanelAdded {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The panel model.
    pub model: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct FusionCallPanelAdded { output_index, item_id, model, sequence_number, extra });

/// The payload of `response.fusion_call.panel.delta` and
/// `response.fusion_call.panel.reasoning.delta`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FusionCallPanelDelta {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The panel model.
    pub model: String,
    /// The new text.
    pub delta: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct FusionCallPanelDelta { output_index, item_id, model, delta, sequence_number, extra });

/// The payload of `response.fusion_call.panel.completed`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FusionCallPanelCompleted {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The panel model.
    pub model: String,
    /// The panel model's full answer.
    pub content: String,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct FusionCallPanelCompleted { output_index, item_id, model, content, sequence_number, extra });

/// The payload of `response.fusion_call.panel.failed`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FusionCallPanelFailed {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The panel model.
    pub model: String,
    /// What went wrong.
    #[serde(default)]
    pub error: String,
    /// The upstream HTTP status, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct FusionCallPanelFailed { output_index, item_id, model, error, status_code, sequence_number, extra });

/// The payload of `response.fusion_call.analysis.in_progress`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FusionCallAnalysisInProgress {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The model analysing the panel's answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analyst_model: Option<String>,
    /// The former name of `analyst_model` (deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judge_model: Option<String>,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct FusionCallAnalysisInProgress { output_index, item_id, analyst_model, judge_model, sequence_number, extra });

/// The payload of `response.fusion_call.analysis.completed`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FusionCallAnalysisCompleted {
    /// The index of the item in the response's `output`.
    pub output_index: usize,
    /// The id of the item.
    #[serde(default)]
    pub item_id: String,
    /// The analysis (`consensus`, `contradictions`, `blind_spots`,
    /// `unique_insights`, `partial_coverage`, …), as sent.
    pub analysis: Value,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct FusionCallAnalysisCompleted { output_index, item_id, analysis, sequence_number, extra });

/// The payload of `response.debug`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DebugEvent {
    /// The debugging data.
    pub debug: DebugInfo,
    /// The event's position in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u64>,
    /// Members this crate does not model, kept as sent (but `type`, which
    /// the [`StreamEvent`] variant stands for).
    #[serde(flatten, deserialize_with = "members_but_type")]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct DebugEvent { debug, sequence_number, extra });

/// The `debug` object of a `response.debug` event.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DebugInfo {
    /// The request body sent to the upstream provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub echo_upstream_body: Option<Value>,
    /// Timings (`start_ms`, `event`, `epoch_ms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timings: Option<Value>,
    /// Fields not modelled here, kept as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, Value>,
}

debug_with_raw_json!(struct DebugInfo { echo_upstream_body, timings, extra });

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::response::OutputItem;

    #[test]
    fn fast_peek_reads_a_leading_type() {
        use crate::stream::fast::peek_type;
        assert_eq!(peek_type(r#"{"type":"a.b","x":1}"#), Some("a.b"));
        assert_eq!(peek_type(" { \"type\" : \"a\" }"), Some("a"));
        // Escapes and other layouts go to the general path.
        assert_eq!(peek_type(r#"{"type":"a\u002eb"}"#), None);
        assert_eq!(peek_type(r#"{"x":1,"type":"a"}"#), None);
        assert_eq!(peek_type(r#"{"type":1}"#), None);
        assert_eq!(peek_type(r#"{"type":"unterminated"#), None);
        assert_eq!(peek_type(""), None);
    }

    #[test]
    fn type_anywhere_in_the_object_is_found() {
        let e = StreamEvent::from_json(
            r#"{"delta":"x","output_index":0,"content_index":0,"type":"response.output_text.delta"}"#,
        )
        .unwrap();
        assert!(matches!(e, StreamEvent::OutputTextDelta(ref d) if d.delta == "x"));
        // An escaped type name decodes the same.
        let e = StreamEvent::from_json(
            r#"{"type":"response.refusal\u002edelta","output_index":0,"content_index":0,"delta":"no"}"#,
        )
        .unwrap();
        assert_eq!(e.event_type(), "response.refusal.delta");
    }

    #[test]
    fn known_type_with_a_bad_body_is_an_error() {
        assert!(
            StreamEvent::from_json(r#"{"type":"response.output_text.delta","delta":5}"#).is_err()
        );
        assert!(StreamEvent::from_json(r#"{"type":"response.output_text.delta"}"#).is_err());
        assert!(StreamEvent::from_json(r#"{"type":"response.completed"}"#).is_err());
        assert!(StreamEvent::from_json("not json").is_err());
        // Nothing but an object is an event (a derived reader takes arrays).
        for other in [
            "[1,2]",
            "[]",
            " [null]",
            r#"["response.created"]"#,
            "null",
            "3",
            r#""s""#,
        ] {
            let err = StreamEvent::from_json(other).unwrap_err();
            assert!(err.is_data() || err.is_syntax(), "{other}: {err}");
            assert!(
                serde_json::from_str::<StreamEvent>(other).is_err(),
                "{other}"
            );
        }
    }

    #[test]
    fn unknown_and_untyped_events_are_kept_whole() {
        let raw = json!({"type":"response.brand_new","nested":{"a":[1,2]},"sequence_number":3});
        let e = StreamEvent::from_json(&raw.to_string()).unwrap();
        assert_eq!(e, StreamEvent::Unknown(raw.clone()));
        assert_eq!(e.event_type(), "response.brand_new");
        assert_eq!(e.sequence_number(), Some(3));
        assert_eq!(serde_json::to_value(&e).unwrap(), raw);

        let e = StreamEvent::from_json(r#"{"hello":"world"}"#).unwrap();
        assert_eq!(e.event_type(), "");
        assert!(matches!(e, StreamEvent::Unknown(_)));
    }

    #[test]
    fn optional_fields_may_be_missing() {
        let e = StreamEvent::from_json(
            r#"{"type":"response.content_part.delta","response_id":"r","output_index":0,"content_index":0,"delta":"Once"}"#,
        )
        .unwrap();
        match e {
            StreamEvent::ContentPartDelta(d) => {
                assert_eq!(d.delta, "Once");
                assert_eq!(d.sequence_number, None);
                assert_eq!(d.logprobs, None);
                assert_eq!(d.item_id, "");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn both_error_shapes() {
        let flat = StreamEvent::from_json(
            r#"{"type":"error","code":"rate_limit_exceeded","message":"slow down","param":null,"sequence_number":2}"#,
        )
        .unwrap();
        let StreamEvent::Error(flat) = flat else {
            panic!()
        };
        assert_eq!(flat.message(), "slow down");
        assert_eq!(
            flat.code(),
            Some(&ErrorCode::Text("rate_limit_exceeded".into()))
        );

        let nested = StreamEvent::from_json(
            r#"{"type":"response.error","error":{"code":502,"message":"upstream","extra":true}}"#,
        )
        .unwrap();
        let StreamEvent::ResponseError(nested) = nested else {
            panic!()
        };
        assert_eq!(nested.message(), "upstream");
        assert_eq!(nested.code(), Some(&ErrorCode::Number(502)));
    }

    #[test]
    fn error_events_are_written_back_in_their_shape() {
        let write = |text: &str| {
            let event = StreamEvent::from_json(text).unwrap();
            serde_json::to_value(&event).unwrap()
        };
        // The flat shape always has `code` and `param`, as the spec requires.
        assert_eq!(
            write(r#"{"type":"error","message":"slow down","sequence_number":2}"#),
            json!({"type": "error", "code": null, "message": "slow down", "param": null,
                   "sequence_number": 2})
        );
        let flat = json!({"type": "error", "code": "rate_limit_exceeded", "message": "m",
                          "param": "input", "x": [1]});
        assert_eq!(write(&flat.to_string()), flat);
        // The nested shape has what it came with.
        let nested = json!({"type": "response.error",
                            "error": {"code": 502, "message": "upstream", "extra": true}});
        assert_eq!(write(&nested.to_string()), nested);
    }

    #[test]
    fn content_parts_decode_by_type() {
        let part: ContentPart =
            serde_json::from_value(json!({"type":"reasoning_text","text":"r"})).unwrap();
        assert!(matches!(part, ContentPart::ReasoningText(ref t) if t.text == "r"));
        assert!(part.to_output_content().is_none());
        assert!(part.to_reasoning_content().is_some());
        let part: ContentPart =
            serde_json::from_value(json!({"type":"refusal","refusal":"no"})).unwrap();
        assert!(matches!(part, ContentPart::Refusal(ref r) if r.refusal == "no"));
        let part: ContentPart =
            serde_json::from_value(json!({"type":"output_text","text":"t","annotations":[]}))
                .unwrap();
        assert!(
            matches!(part.to_output_content(), Some(OutputContent::OutputText(ref t)) if t.text == "t")
        );
        let raw = json!({"type":"audio","data":"..."});
        let part: ContentPart = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(part, ContentPart::Unknown(raw));
    }

    #[test]
    fn serialize_round_trips_with_the_type() {
        let json = r#"{"type":"response.function_call_arguments.done","item_id":"fc","output_index":1,"name":"f","arguments":"{}","sequence_number":9}"#;
        let e = StreamEvent::from_json(json).unwrap();
        let back = serde_json::to_value(&e).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(json).unwrap());
        let again: StreamEvent = serde_json::from_value(back).unwrap();
        assert_eq!(again, e);
        assert_eq!(e.sequence_number(), Some(9));
    }

    /// Decodes `raw` both ways: from text (items read directly) and from a
    /// value (items read through values); both must agree.
    fn both_ways(raw: &Value) -> StreamEvent {
        let direct = StreamEvent::from_json(&raw.to_string()).unwrap();
        let through_value: StreamEvent = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(direct, through_value, "{raw}");
        direct
    }

    #[test]
    fn items_read_directly_decode_as_through_values() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/responses");
        let mut items = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let response: Value = serde_json::from_str(&text).unwrap();
            both_ways(&json!({"type": "response.completed", "response": response}));
            let output = response["output"].as_array().cloned().unwrap_or_default();
            for item in output {
                items += 1;
                both_ways(
                    &json!({"type": "response.output_item.done", "output_index": 0, "item": item}),
                );
                // The same item with its `type` last.
                let mut map = item.as_object().cloned().unwrap_or_default();
                if let Some(ty) = map.remove("type") {
                    map.insert("type".into(), ty);
                }
                let event = format!(
                    r#"{{"type":"response.output_item.added","output_index":0,"item":{}}}"#,
                    Value::Object(map)
                );
                let StreamEvent::OutputItemAdded(e) = StreamEvent::from_json(&event).unwrap()
                else {
                    panic!("{event}")
                };
                assert_eq!(e.item, OutputItem::from_value(item));
            }
        }
        assert!(items > 20, "only {items} items in the fixtures");
    }

    #[test]
    fn an_item_that_does_not_fit_its_type_is_kept_and_the_event_decodes() {
        let bad = json!({"type": "message", "id": 5, "role": "assistant", "content": "x"});
        let e = both_ways(
            &json!({"type": "response.output_item.done", "output_index": 1, "item": bad}),
        );
        let StreamEvent::OutputItemDone(e) = e else {
            panic!()
        };
        assert_eq!(e.output_index, 1);
        assert_eq!(e.item, OutputItem::Unknown(bad.clone()));
        // Inside a response, beside a good item.
        let good = json!({"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"});
        let e = both_ways(&json!({"type": "response.completed",
            "response": {"id": "r", "output": [good, bad, {"type": "hologram", "id": "h"},
                {"type": "openrouter:new_tool", "id": "t", "status": "completed", "x": 1}, 7, {}]}}));
        let StreamEvent::Completed(e) = e else {
            panic!()
        };
        let out = &e.response.output;
        assert!(matches!(out[0], OutputItem::FunctionCall(ref c) if c.call_id == "c"));
        assert_eq!(out[1], OutputItem::Unknown(bad));
        assert_eq!(
            out[2],
            OutputItem::Unknown(json!({"type": "hologram", "id": "h"}))
        );
        assert!(
            matches!(out[3], OutputItem::ServerTool(ref c) if c.r#type == "openrouter:new_tool")
        );
        assert_eq!(out[4], OutputItem::Unknown(json!(7)));
        assert_eq!(out[5], OutputItem::Unknown(json!({})));
        // A broken event is still an error, and the mode does not leak out.
        assert!(StreamEvent::from_json(
            r#"{"type":"response.output_item.done","item":{"type":"message"}}"#
        )
        .is_err());
        let item: OutputItem = serde_json::from_str(r#"{"type":"message","id":5}"#).unwrap();
        assert!(matches!(item, OutputItem::Unknown(_)));
    }

    #[test]
    fn events_stay_small() {
        // The large payloads are boxed; the largest inline one is a delta.
        let size = std::mem::size_of::<StreamEvent>();
        assert!(size <= 4 * std::mem::size_of::<OutputTextDelta>(), "{size}");
        // An insertion-ordered map is larger than a `BTreeMap`.
        #[cfg(not(feature = "preserve_order"))]
        assert!(size <= 256, "{size}");
    }

    #[test]
    fn deserialize_impl_is_strict_on_known_types() {
        assert!(
            serde_json::from_value::<StreamEvent>(json!({"type":"response.refusal.done"})).is_err()
        );
        assert!(serde_json::from_value::<StreamEvent>(json!("text")).is_err());
        assert!(matches!(
            serde_json::from_value::<StreamEvent>(json!({"type":"x"})).unwrap(),
            StreamEvent::Unknown(_)
        ));
    }
}
