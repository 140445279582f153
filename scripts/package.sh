#!/usr/bin/env bash
# Builds the release zip Grafana installs: the frontend plus the backend for every platform,
# in a folder named after the plugin id, as the plugin catalog and `grafana cli` expect.
set -euo pipefail
cd "$(dirname "$0")/.."

plugin_id=$(node -p 'require("./src/plugin.json").id')
version=$(node -p 'require("./package.json").version')

npm ci --no-audit --no-fund
npm run build
go run github.com/magefile/mage -v release

mkdir -p artifacts
rm -rf "artifacts/${plugin_id}" "artifacts/${plugin_id}-${version}.zip"
cp -r dist "artifacts/${plugin_id}"
(cd artifacts && zip -qr "${plugin_id}-${version}.zip" "${plugin_id}")
rm -rf "artifacts/${plugin_id}"
echo "artifacts/${plugin_id}-${version}.zip"
unzip -l "artifacts/${plugin_id}-${version}.zip" | grep gpx_
