#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with starting inputs made from the crate's own
# test fixtures. Run from anywhere; existing corpus files are kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../tests/fixtures"
corpus="$here/corpus"
mkdir -p "$corpus"/{sse_reader,stream,event_json,direct_events,response_json,error_body}

n=0
for f in "$fixtures"/streams/*.sse; do
    name="$(basename "$f" .sse)"
    cp "$f" "$corpus/stream/$name"
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

# error_body: two status bytes, Retry-After, NUL, retry-after-ms, NUL, body.
printf '\x01\xad2\x00\x00{"error":{"code":429,"message":"Rate limit exceeded"}}' > "$corpus/error_body/429"
printf '\x01\xf7Wed, 21 Oct 2015 07:28:00 GMT\x00250\x00<html>bad gateway</html>' > "$corpus/error_body/503"
printf '\x01\x94\x00\x00{"error":{"message":"No endpoints","error_type":"provider_unavailable","availability":{"code":"no_endpoints","retryable":true,"retry_after":2.5}},"user_id":"u"}' > "$corpus/error_body/404"
printf '\x00\xc8\x00\x00{"type":"error","code":"rate_limit_exceeded","message":"slow","param":null}' > "$corpus/error_body/event"
echo "corpus ready in $corpus"
