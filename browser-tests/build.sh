#!/usr/bin/env bash
# Builds what the browser tests need besides dist/: the host page bundle (esbuild) and the Go
# health server. Output goes to browser-tests/dist/ (git-ignored, lint-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=browser-tests/dist
# build.sh --page-out <dir> [esbuild flags...]: the host page into <dir>, with extra esbuild flags
# (compat/browser/run.sh builds it on another Grafana line's shared modules with --alias flags).
PAGE_OUT=$OUT/page
if [ "${1:-}" = --page-out ]; then
  PAGE_OUT=$2
  shift 2
fi
mkdir -p "$PAGE_OUT"
npx esbuild browser-tests/page/main.tsx --bundle --outfile="$PAGE_OUT/host.js" --platform=browser --format=iife \
  --target=es2020 --minify --log-level=warning --define:process.env.NODE_ENV='"production"' --define:global=window \
  --loader:.svg=dataurl --loader:.woff2=file --loader:.woff=file --loader:.ttf=file --loader:.png=file --jsx=transform \
  --alias:react-custom-scrollbars-2=./browser-tests/page/shims/customScrollbars.ts "$@"
if command -v go >/dev/null 2>&1; then
  go build -o "$OUT/healthserver" ./browser-tests/healthserver
else
  echo "go not found: Save & test runs without the Go backend's CheckHealth" >&2
  rm -f "$OUT/healthserver"
fi
