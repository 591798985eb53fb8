#!/usr/bin/env bash
# Starts the release server for the browser tests: a fresh SQLite database
# with the demo district, the built SPA, short-lived access tokens (so the
# silent refresh is exercised), on a loopback port.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/tests/e2e/out/data"
rm -rf "$data"
mkdir -p "$data"

export GRIDLINK_DATA_DIR="$data"
export GRIDLINK_DATABASE_URL="sqlite://$data/gridlink.db"
export GRIDLINK_BIND="127.0.0.1:${GRIDLINK_E2E_PORT:-18280}"
export GRIDLINK_WEB_DIR="$root/frontend/dist"
export GRIDLINK_ADMIN_PASSWORD="Admin@E2e-2026"
export GRIDLINK_ACCESS_TOKEN_TTL_SECONDS="${GRIDLINK_E2E_ACCESS_TTL:-20}"
export GRIDLINK_AUTH_RATE_LIMIT_PER_MINUTE=0
export GRIDLINK_LOG=warn

binary="$root/target/release/gridlink"
[ -x "$binary" ] || { echo "build the server first: make build" >&2; exit 1; }
[ -f "$GRIDLINK_WEB_DIR/index.html" ] || { echo "build the SPA first: make web" >&2; exit 1; }
"$binary" seed --demo >/dev/null
exec "$binary" serve
