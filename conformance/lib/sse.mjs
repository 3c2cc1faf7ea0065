// A reference reading of an SSE byte stream, written straight from the WHATWG
// HTML "event stream interpretation" steps, plus the Responses API's typed
// layer on top (`[DONE]` ends the stream, empty data is skipped, everything
// else is JSON).
//
// It is the third opinion in the stream comparison: when the SDK and the crate
// disagree, the side that agrees with this reading is the one that follows the
// SSE standard.

/**
 * Splits `bytes` into dispatched events: `{ event, data, id }`.
 *
 * - The stream is UTF-8; one leading BOM is dropped.
 * - Lines end in CRLF, LF or CR.
 * - A line starting with `:` is a comment.
 * - `field: value` with one optional space after the colon removed; a line
 *   without a colon is a field with an empty value.
 * - `data` appends the value and a LF to the data buffer; `event` sets the type;
 *   `id` sets the last event id unless it contains NUL; `retry` is ignored here;
 *   any other field is ignored.
 * - A blank line dispatches: when the data buffer is empty nothing is
 *   dispatched, else its final LF is removed.
 * - At end of stream a pending event that was not ended by a blank line is
 *   discarded.
 */
export function parseSse(bytes) {
  let text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const events = [];
  let data = "";
  let type = "";
  let lastId = "";
  let i = 0;
  while (i < text.length) {
    // Find the end of this line. A line with no terminator before EOF is
    // incomplete and, like any pending event, is discarded.
    let j = i;
    while (j < text.length && text[j] !== "\r" && text[j] !== "\n") j++;
    if (j >= text.length) break;
    const line = text.slice(i, j);
    i = text[j] === "\r" && text[j + 1] === "\n" ? j + 2 : j + 1;
    if (line === "") {
      if (data !== "") {
        events.push({ event: type || "message", data: data.endsWith("\n") ? data.slice(0, -1) : data, id: lastId });
      }
      data = "";
      type = "";
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    let field = line;
    let value = "";
    if (colon >= 0) {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
    }
    if (field === "data") data += value + "\n";
    else if (field === "event") type = value;
    else if (field === "id") {
      if (!value.includes("\0")) lastId = value;
    }
  }
  return events;
}

/**
 * The Responses stream as a client should see it: a list of
 * `{ json }` (a decoded event), `{ decodeError, data }` (data that is not
 * JSON) entries. `[DONE]` ends the list; events with empty data are skipped.
 */
export function readResponsesStream(bytes) {
  const out = [];
  for (const ev of parseSse(bytes)) {
    if (ev.data === "[DONE]") break;
    if (ev.data.trim() === "") continue;
    try {
      out.push({ json: JSON.parse(ev.data) });
    } catch {
      out.push({ decodeError: true, data: ev.data });
    }
  }
  return out;
}
