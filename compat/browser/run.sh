#!/usr/bin/env bash
# The browser tests that exercise the plugin (module.js loading, the config editor with Save & test,
# the query editor running queries) on a host page built with another Grafana line's shared modules:
# @grafana/data, @grafana/ui, @grafana/runtime, @grafana/schema, react and react-dom from
# compat/browser/<line>/ (its own lock file, installed here; compat/browser/build-host.mjs), the rest
# of the externals as in the default host. dist/module.js is the one built for the default line.
# Usage: compat/browser/run.sh <line> [result.json]   (after npm run build; see browser-tests/README.md)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

line=${1:?usage: compat/browser/run.sh <line> [result.json]}
result=${2:-}
modules=compat/browser/$line/node_modules
page=browser-tests/dist/page-grafana-$line
fail_setup() {
  echo "browser tests on Grafana $line's modules could not start: $*" >&2
  if [ -n "$result" ]; then echo '{"passed": 0, "failed": 1}' > "$result"; fi
  exit 1
}

[ -f "compat/browser/$line/package-lock.json" ] || fail_setup "compat/browser/$line/package-lock.json is missing"
[ -f dist/module.js ] || fail_setup "dist/module.js is missing; run npm run build first"
# npm ci starts from scratch (minutes for @grafana/ui's tree), so it runs only when the lock changed.
stamp=$modules/.installed-from-lock
lock_sum=$(sha256sum "compat/browser/$line/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  npm ci --prefix "compat/browser/$line" --no-audit --no-fund --loglevel=error || fail_setup "npm ci in compat/browser/$line failed"
  echo "$lock_sum" > "$stamp"
fi

for module in @grafana/data @grafana/ui @grafana/runtime @grafana/schema react react-dom; do
  [ -d "$modules/$module" ] || fail_setup "$modules/$module is missing"
done
node compat/browser/build-host.mjs "$line" "$page" || fail_setup "building the host page on Grafana $line's modules failed"
if command -v go >/dev/null 2>&1; then
  go build -o browser-tests/dist/healthserver ./browser-tests/healthserver || fail_setup "building the Go health server failed"
fi
# React embeds its version string: the page must carry the line's React and not the project's too.
react_line=$(node -p "require('./$modules/react/package.json').version")
react_project=$(node -p "require('react/package.json').version")
grep -q "\"$react_line\"" "$page/host.js" || fail_setup "the host page does not bundle React $react_line from $modules"
if [ "$react_project" != "$react_line" ] && grep -q "\"$react_project\"" "$page/host.js"; then
  fail_setup "the host page bundles the project's React $react_project besides $react_line"
fi
echo "host page on Grafana $line: @grafana/ui $(node -p "require('./$modules/@grafana/ui/package.json').version"), React $react_line"

args=(--page-dir "$page" --screenshots "browser-tests/test-output/screenshots-grafana-$line"
  --grep '^(module\.js|config:|query: group by)')
if [ -x browser-tests/dist/healthserver ]; then
  args+=(--health-binary browser-tests/dist/healthserver)
fi
if [ -n "$result" ]; then
  args+=(--result "$result")
fi
CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium} npx tsx browser-tests/runner/run.ts "${args[@]}"
