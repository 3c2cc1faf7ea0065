// The key fields of a stream event, in one flat shape that all three readers
// (the reference reading, the SDK and the crate's driver) are reduced to.
//
// Compared fields: `type`, `sequence_number`, `output_index`, `content_index`,
// `summary_index`, `annotation_index`, `item_id`, `delta`, `text` (the full
// text of a `*.done` event: `text`, `refusal`, `arguments`, `input`, `code` or
// `diff`), `item_type`/`item_ref` (the item of `output_item.*`),
// `response_id`/`response_status` (the response of lifecycle events), and
// `error_code`/`error_message` (an `error` event in either shape, the docs'
// `response.error`, or the
// `response.error` of `response.failed`), and `numbers` (every `logprob`,
// `temperature`, `top_p` and `cost` in the event, sorted: floats must read
// back exactly).
//
// `known` says whether the reader decoded the event as a type it models; it is
// compared separately because a difference there is a modelling decision, not
// a data difference.

const DONE_TEXT_FIELD = {
  "response.output_text.done": "text",
  "response.refusal.done": "refusal",
  "response.function_call_arguments.done": "arguments",
  "response.custom_tool_call_input.done": "input",
  "response.code_interpreter_call_code.done": "code",
  "response.apply_patch_call_operation_diff.done": "diff",
  "response.reasoning_text.done": "text",
  "response.reasoning_summary_text.done": "text",
};

const INDEX_FIELDS = ["sequence_number", "output_index", "content_index", "summary_index", "annotation_index"];

/** Reduces a wire (snake_case) event object to its key fields. */
export function keyFields(raw) {
  const out = { type: typeof raw?.type === "string" ? raw.type : null };
  if (!raw || typeof raw !== "object") return out;
  for (const f of INDEX_FIELDS) if (Number.isInteger(raw[f])) out[f] = raw[f];
  if (typeof raw.item_id === "string") out.item_id = raw.item_id;
  if (typeof raw.delta === "string") out.delta = raw.delta;
  const tf = DONE_TEXT_FIELD[out.type];
  if (tf && typeof raw[tf] === "string") out.text = raw[tf];
  if (raw.item && typeof raw.item === "object") {
    out.item_type = raw.item.type ?? null;
    out.item_ref = raw.item.id ?? raw.item.call_id ?? null;
  }
  if (raw.response && typeof raw.response === "object") {
    out.response_id = raw.response.id ?? null;
    out.response_status = raw.response.status ?? null;
    if (out.type === "response.failed" && raw.response.error) {
      out.error_code = raw.response.error.code ?? null;
      out.error_message = raw.response.error.message ?? null;
    }
  }
  if (out.type === "error" || out.type === "response.error") {
    // Flat (spec): {type, code, message, param}; nested (docs): {type, error: {code, message}}.
    const src = raw.error && typeof raw.error === "object" ? raw.error : raw;
    out.error_code = src.code == null ? null : String(src.code);
    out.error_message = src.message ?? null;
  }
  const numbers = [];
  collectNumbers(raw, numbers);
  if (numbers.length) out.numbers = numbers.sort((a, b) => a - b);
  return out;
}

// Float members whose exact value is compared (wire and camelCase names).
const NUMBER_KEYS = new Set(["logprob", "temperature", "top_p", "topP", "cost"]);

/** Every number under a NUMBER_KEYS member, at any depth (sorted by the
 * caller, since the SDK and the crate order object members differently). */
function collectNumbers(v, out) {
  if (Array.isArray(v)) {
    for (const x of v) collectNumbers(x, out);
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (NUMBER_KEYS.has(k) && typeof x === "number") out.push(x);
      else collectNumbers(x, out);
    }
  }
}

function snake(k) {
  return k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}

// The SDK hands out camelCase objects (`itemId`, `sequenceNumber`, ...);
// bring the keys back to the wire names, one level deep plus the nested
// `item`/`response`/`error` objects that keyFields reads.
function unCamel(obj) {
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) return obj;
  const out = {};
  for (const [k, v] of Object.entries(obj)) out[snake(k)] = v;
  return out;
}

/** Reduces an event yielded by the official SDK's stream. */
export function sdkKeyFields(ev) {
  if (ev && ev.isUnknown) {
    return { ...keyFields(ev.raw), known: false };
  }
  const wire = unCamel(ev);
  for (const k of ["item", "response", "error"]) {
    if (wire[k] && typeof wire[k] === "object") {
      // An unknown output item inside a known event is the SDK's
      // `{type: "UNKNOWN", raw}` fallback: read the real type from `raw`.
      wire[k] = wire[k].isUnknown ? unCamel(wire[k].raw) : unCamel(wire[k]);
    }
  }
  return { ...keyFields(wire), known: true };
}
