#!/usr/bin/env bash
# Real-browser tests: dist/module.js loaded as Grafana loads it, in Debian's Chromium.
# Usage: browser-tests/run.sh [result.json] [--grep <pattern>] [--plugin-dir <dir>]
# Needs dist/ (npm run build) and /usr/bin/chromium (apt-get install -y chromium).
# Writes {"passed": N, "failed": N} to result.json when given; exits non-zero when any test failed.
set -uo pipefail
cd "$(dirname "$0")/.."

RESULT=""
if [ $# -gt 0 ] && [[ "$1" != --* ]]; then
  RESULT=$1
  shift
fi
fail_setup() {
  echo "browser tests could not start: $*" >&2
  if [ -n "$RESULT" ]; then echo '{"passed": 0, "failed": 1}' > "$RESULT"; fi
  exit 1
}

[ -f dist/module.js ] || fail_setup "dist/module.js is missing; run npm run build first"
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || fail_setup "$CHROMIUM is missing; install it with: apt-get install -y chromium"

browser-tests/build.sh || fail_setup "building the host page or the Go health server failed"

args=()
if [ -x browser-tests/dist/healthserver ]; then
  args+=(--health-binary browser-tests/dist/healthserver)
fi
if [ -n "$RESULT" ]; then
  args+=(--result "$RESULT")
fi
CHROMIUM_PATH=$CHROMIUM npx tsx browser-tests/runner/run.ts "${args[@]}" "$@"
