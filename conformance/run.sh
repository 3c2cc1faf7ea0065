#!/usr/bin/env bash
# Runs the conformance suite: the crate against the official @openrouter/sdk
# (pinned in package-lock.json) and the OpenAPI spec in ../shared/spec/.
#
# - Without node/npm it prints why and exits 0 (skipped).
# - Installs the pinned packages with `npm ci` (from the npm cache when it
#   has them, else from the registry).
# - Builds the driver (driver/, its own workspace).
# - Runs conformance.mjs; exits non-zero on any mismatch.
#
# Environment: CARGO_TARGET_DIR (default driver/target), CONFORMANCE_ARGS
# (extra arguments for conformance.mjs, e.g. "--verbose").
set -euo pipefail
case "$0" in */*) cd "${0%/*}" ;; esac

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "conformance: node/npm not found; skipping the conformance suite"
  exit 0
fi

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "conformance: node $(node --version) is older than 20; skipping the conformance suite"
  exit 0
fi

if [ ! -d node_modules/@openrouter/sdk ] || ! npm ls --depth=0 >/dev/null 2>&1; then
  # --prefer-offline uses the cache without revalidating; npm falls back to
  # the registry for anything the cache lacks. Lifecycle scripts are not
  # needed (the SDK's postinstall only checks TypeScript types).
  npm ci --prefer-offline --no-audit --no-fund --ignore-scripts
fi

target="${CARGO_TARGET_DIR:-$PWD/driver/target}"
# The driver is its own workspace; starting from the main crate's lock file
# keeps it on the same dependency versions (and offline-friendly).
if [ ! -f driver/Cargo.lock ] && [ -f ../Cargo.lock ]; then
  cp ../Cargo.lock driver/Cargo.lock
fi
# Debug profile: shares compiled dependencies with the crate's own test build
# when CARGO_TARGET_DIR points at the same directory.
CARGO_TARGET_DIR="$target" cargo build --quiet --manifest-path driver/Cargo.toml

# shellcheck disable=SC2086
exec node conformance.mjs --driver "$target/debug/conformance-driver" ${CONFORMANCE_ARGS:-}
