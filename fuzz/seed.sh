#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with starting inputs made from the crate's own
# test fixtures. Run from anywhere; existing corpus files are kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../tests/fixtures"
corpus="$here/corpus"
mkdir -p "$corpus"/{sse_reader,stream,event_json,direct_events,response_json,error_body,request_json,echoes,stream_http,request_debug,request_unions,retain_tools}

n=0
for f in "$fixtures"/streams/*.sse; do
    name="$(basename "$f" .sse)"
    cp "$f" "$corpus/stream/$name"
    # stream_http: a read size and an event size limit before the stream.
    { printf '\x07\x00'; cat "$f"; } > "$corpus/stream_http/$name"
    { printf '\x02\x10'; cat "$f"; } > "$corpus/stream_http/$name-small"
    # sse_reader: a limit byte and eight piece sizes before the stream.
    { printf '\x00\x05\x07\x01\x10\x03\x40\x02\x09'; cat "$f"; } > "$corpus/sse_reader/$name"
    { printf '\x08\x01\x01\x02\x03\x05\x08\x0d\x15'; cat "$f"; } > "$corpus/sse_reader/$name-small"
    # event_json: every data line on its own.
    while IFS= read -r line; do
        case "$line" in
            data:*) n=$((n + 1)); printf '%s' "${line#data: }" > "$corpus/event_json/$name-$n" ;;
        esac
    done < "$f"
done
# direct_events reads the same single events.
cp "$corpus"/event_json/* "$corpus/direct_events/"
cp "$fixtures"/responses/*.json "$corpus/response_json/"
# request_json and request_debug: every request fixture (the spec's input
# items too, as one array; the list below also wraps each in a request).
cp "$fixtures"/requests/*.json "$corpus/request_json/"
# request_debug: a repeat count before a request.
for f in "$fixtures"/requests/*.json; do
    { printf '\x40'; cat "$f"; } > "$corpus/request_debug/$(basename "$f" .json)"
done
# echoes: settings a response echoes, and a few shapes around them.
printf '%s' '"auto"' > "$corpus/echoes/auto"
printf '%s' '{"type":"function","name":"f"}' > "$corpus/echoes/function"
printf '%s' '{"format":{"type":"json_schema","name":"n","schema":{"type":"object"},"strict":true},"verbosity":"low"}' > "$corpus/echoes/text"
printf '%s' '{"type":"json_schema","name":"n","schema":"{\"type\":\"object\"}"}' > "$corpus/echoes/schema_text"
printf '%s' '{"effort":"high","summary":"auto","max_tokens":100,"enabled":true,"context":"auto","mode":"fixed"}' > "$corpus/echoes/reasoning"
printf '%s' '{"id":"p","variables":{"a":"x","b":{"type":"input_image","image_url":"u","detail":"low"},"c":{"type":"input_text","text":"t","prompt_cache_breakpoint":{"mode":"explicit"}},"d":{"type":"input_file","file_id":"f"}}}' > "$corpus/echoes/prompt"
printf '%s' '{"mode":"explicit","ttl":"1h"}' > "$corpus/echoes/cache"
# request_json: with python3 and a built conformance driver, the body of every
# request scenario too (caught by a loopback server that answers each call).
driver="$here/../conformance/driver/target/debug/conformance-driver"
if command -v python3 > /dev/null && [ -x "$driver" ]; then
    port=$((20000 + RANDOM % 20000))
    python3 - "$port" "$corpus/request_json" <<'PY' &
import hashlib, http.server, sys
out = sys.argv[2]
class Catch(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        open(f"{out}/{hashlib.sha1(body).hexdigest()}", "wb").write(body)
        answer = b'{"id":"r","object":"response","status":"completed","output":[]}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Catch).serve_forever()
PY
    catcher=$!
    sleep 1
    "$driver" request all "http://127.0.0.1:$port" > /dev/null || true
    kill "$catcher"
fi

# request_json: a request around each of the spec's input items;
# request_unions: each tool, content part and namespace member of the
# spec's input items, and a few shapes of the other unions; retain_tools: a
# policy byte before a request with the tools of each additional_tools item,
# in `tools` and in the item.
if command -v python3 > /dev/null; then
    python3 - "$fixtures/requests" "$corpus" <<'PY'
import hashlib, json, os, sys
src, out = sys.argv[1], sys.argv[2]
def put(target, data):
    name = hashlib.sha1(data).hexdigest()[:16]
    open(os.path.join(out, target, name), "wb").write(data)
def walk(v):
    if isinstance(v, dict):
        yield v
        for w in v.values():
            yield from walk(w)
    elif isinstance(v, list):
        for w in v:
            yield from walk(w)
cases = json.load(open(os.path.join(src, "spec_input_items.json")))
for case in cases:
    item = case["item"]
    # request_json: a request around each item.
    put("request_json", json.dumps({"model": "m", "input": [item]}).encode())
    for part in walk(item):
        if "type" in part:
            put("request_unions", json.dumps(part).encode())
    if item.get("type") == "additional_tools":
        body = {"tools": item.get("tools"), "input": [item]}
        for policy in (0, 1, 6):
            put("retain_tools", bytes([policy]) + json.dumps(body).encode())
for path in ("conversation.json",):
    put("retain_tools", b"\x03" + open(os.path.join(src, path), "rb").read())
PY
fi
for shape in '{"id":"web","max_results":3}' '{"id":"file-parser","pdf":{"engine":"native"}}' \
    '{"id":"response-healing","enabled":true}' '{"type":"json_schema","name":"n","schema":{"type":"object"},"strict":true}' \
    '{"type":"max_cost","max_cost_in_dollars":0.5}' '{"type":"step_count_is","step_count":3}' \
    '{"type":"grammar","syntax":"lark","definition":"start: x"}' '{"type":"encrypted_content","encrypted_content":"e"}' \
    '{"type":"namespace","name":"ops","description":"d","tools":[{"type":"function","name":"exec"},{"type":"custom","name":"n","format":{"type":"text"}}]}'; do
    printf '%s' "$shape" > "$corpus/request_unions/$(printf '%s' "$shape" | cksum | cut -d' ' -f1)"
done
printf '\x05%s' '{"tools":[{"type":"namespace","name":"ops","description":"d","x":1,"tools":[{"type":"function","name":"exec"},{"type":"function","name":"status","x":2}]},{"type":"custom","name":"exec"}]}' > "$corpus/retain_tools/namespaces"

# error_body: two status bytes, Retry-After, NUL, retry-after-ms, NUL, body.
printf '\x01\xad2\x00\x00{"error":{"code":429,"message":"Rate limit exceeded"}}' > "$corpus/error_body/429"
printf '\x01\xf7Wed, 21 Oct 2015 07:28:00 GMT\x00250\x00<html>bad gateway</html>' > "$corpus/error_body/503"
printf '\x01\x94\x00\x00{"error":{"message":"No endpoints","error_type":"provider_unavailable","availability":{"code":"no_endpoints","retryable":true,"retry_after":2.5}},"user_id":"u"}' > "$corpus/error_body/404"
printf '\x00\xc8\x00\x00{"type":"error","code":"rate_limit_exceeded","message":"slow","param":null}' > "$corpus/error_body/event"
echo "corpus ready in $corpus"
