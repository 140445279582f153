#!/usr/bin/env bash
# The one test command: installs what a fresh machine lacks, then runs every suite the project has
# and ends with the totals on a line of their own. Benchmarks never run here.
set -uo pipefail
cd "$(dirname "$0")/.."

OUT=.test-output
rm -rf "$OUT" && mkdir -p "$OUT"
passed=0
failed=0
failures=()

step() { printf '\n=== %s ===\n' "$*"; }
count() { # count <name> <passed> <failed>
  passed=$((passed + $2)); failed=$((failed + $3))
  if [ "$3" -gt 0 ]; then failures+=("$1 ($3 failed)"); fi
  echo "--- $1: $2 passed, $3 failed"
}
check() { # check <name> <command...>: a build or lint step counts as one test
  local name=$1; shift
  step "$name"
  if "$@"; then count "$name" 1 0; else count "$name" 0 1; fi
}

step "install: npm ci"
if ! npm ci --no-audit --no-fund; then
  echo "npm ci failed; nothing else can run" >&2
  echo "0 passed, 1 failed"; exit 1
fi

if [ -f go.mod ]; then
  step "install: go mod download"
  go mod download || { echo "go mod download failed" >&2; echo "0 passed, 1 failed"; exit 1; }
fi

# Debian packages the suites drive: Chromium for the browser tests, docker-compose to parse the demo's
# compose file, shellcheck for the scripts inside the GitHub workflows (actionlint runs it).
apt_packages=()
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
command -v docker-compose >/dev/null 2>&1 || apt_packages+=(docker-compose)
command -v shellcheck >/dev/null 2>&1 || apt_packages+=(shellcheck)
if [ ${#apt_packages[@]} -gt 0 ]; then
  step "install: ${apt_packages[*]} (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq "${apt_packages[@]}" >/dev/null) ||
    echo "could not install ${apt_packages[*]}; the suites that need them will fail" >&2
fi

check "typecheck" npm run --silent typecheck
check "lint" npm run --silent lint
# No import cycle (type-only included), no file over 400 lines, no function over 60 (tools/structure).
check "structure" npx tsx tools/structure/cli.ts
check "build frontend" npm run --silent build

step "jest"
npx jest --ci --silent --json --outputFile="$OUT/jest.json" 2>&1 | tail -n 40
if [ -s "$OUT/jest.json" ]; then
  read -r jp jf < <(node -e 'const r=require(process.argv[1]);const broken=r.testResults.filter(t=>t.status==="failed"&&t.assertionResults.length===0).length;console.log(r.numPassedTests, r.numFailedTests+broken)' "$PWD/$OUT/jest.json")
  count "jest" "$jp" "$jf"
else
  count "jest" 0 1
fi

# The GitHub workflows, with actionlint pinned in .github/tools/go.mod (Go module proxy) and shellcheck.
lint_workflows() {
  command -v shellcheck >/dev/null 2>&1 || { echo "shellcheck is missing: apt-get install -y shellcheck" >&2; return 1; }
  go tool -modfile=.github/tools/go.mod actionlint -no-color
}
check "workflows: actionlint" lint_workflows

# The @grafana/* APIs the plugin uses, against every Grafana release in compat/lines.json (@grafana/levitate).
compat_check() {
  npm ci --prefix compat --no-audit --no-fund --loglevel=error &&
    node compat/levitate-check.mjs --result "$OUT/compat.json"
}
check "compatibility: levitate" compat_check

if [ -f go.mod ]; then
  check "go vet" go vet ./pkg/...
  check "build backend (linux/amd64)" go run github.com/magefile/mage -v build:linux
  # The release zip also carries 32-bit linux/arm, where an int is 32 bits: type-check for it here.
  check "build backend (linux/arm, 32-bit)" env GOOS=linux GOARCH=arm go build -o /dev/null ./pkg
  step "go test"
  go test -count=1 -json ./pkg/... > "$OUT/go-test.json"; gorc=$?
  node scripts/go-test-summary.js "$OUT/go-test.json" > "$OUT/go-test.txt"
  cat "$OUT/go-test.txt"
  read -r gp gf < <(tail -n 1 "$OUT/go-test.txt" | sed -E 's/^go: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/')
  if [ "$gorc" -ne 0 ] && [ "$gf" -eq 0 ]; then gf=1; fi
  count "go test" "$gp" "$gf"
fi

if [ -x browser-tests/run.sh ]; then
  step "browser tests (Chromium)"
  browser-tests/run.sh "$OUT/browser.json"; brc=$?
  if [ -s "$OUT/browser.json" ]; then
    read -r bp bf < <(node -e 'const r=require(process.argv[1]);console.log(r.passed, r.failed)' "$PWD/$OUT/browser.json")
    if [ "$brc" -ne 0 ] && [ "$bf" -eq 0 ]; then bf=1; fi
    count "browser" "$bp" "$bf"
  else
    count "browser" 0 1
  fi
fi

# The same module.js with other Grafana lines' shared modules (compat/browser/<line>/, see compat/README.md).
for lock in compat/browser/*/package-lock.json; do
  [ -f "$lock" ] || continue
  line=$(basename "$(dirname "$lock")")
  step "browser tests on Grafana $line's shared modules"
  compat/browser/run.sh "$line" "$OUT/browser-$line.json"; brc=$?
  if [ -s "$OUT/browser-$line.json" ]; then
    read -r bp bf < <(node -e 'const r=require(process.argv[1]);console.log(r.passed, r.failed)' "$PWD/$OUT/browser-$line.json")
    if [ "$brc" -ne 0 ] && [ "$bf" -eq 0 ]; then bf=1; fi
    count "browser (Grafana $line)" "$bp" "$bf"
  else
    count "browser (Grafana $line)" 0 1
  fi
done

echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "Failed: ${failures[*]}"
fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
