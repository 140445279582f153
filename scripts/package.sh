#!/usr/bin/env bash
# Builds the release zip Grafana installs: the frontend plus the backend for every platform,
# in a folder named after the plugin id, as the plugin catalog and `grafana cli` expect.
# Signing (optional): with GRAFANA_ACCESS_POLICY_TOKEN set, dist/ is signed before it is zipped
# (MANIFEST.txt): a private signature for the root URLs in GRAFANA_ROOT_URLS (comma-separated, each
# exactly a Grafana's [server] root_url), or without GRAFANA_ROOT_URLS the public level Grafana Labs
# granted the plugin id. The token's Grafana Cloud organisation must be the first part of the id.
set -euo pipefail
cd "$(dirname "$0")/.."

plugin_id=$(node -p 'require("./src/plugin.json").id')
version=$(node -p 'require("./package.json").version')
sign_plugin=@grafana/sign-plugin@3.3.3

# The signing token reaches the signing tool only, not the install scripts of every dependency.
env -u GRAFANA_ACCESS_POLICY_TOKEN npm ci --no-audit --no-fund
env -u GRAFANA_ACCESS_POLICY_TOKEN npm run build
env -u GRAFANA_ACCESS_POLICY_TOKEN go run github.com/magefile/mage -v release

if [ -n "${GRAFANA_ACCESS_POLICY_TOKEN:-}" ]; then
  if [ -n "${GRAFANA_ROOT_URLS:-}" ]; then
    npx --yes "$sign_plugin" --rootUrls "$GRAFANA_ROOT_URLS"
  else
    npx --yes "$sign_plugin"
  fi
  test -s dist/MANIFEST.txt || { echo "signing wrote no dist/MANIFEST.txt" >&2; exit 1; }
else
  echo "GRAFANA_ACCESS_POLICY_TOKEN is not set: the zip is unsigned (Grafana loads it only when allow_loading_unsigned_plugins names ${plugin_id})"
fi

mkdir -p artifacts
rm -rf "artifacts/${plugin_id}" "artifacts/${plugin_id}-${version}.zip"
cp -r dist "artifacts/${plugin_id}"
(cd artifacts && zip -qr "${plugin_id}-${version}.zip" "${plugin_id}")
rm -rf "artifacts/${plugin_id}"
echo "artifacts/${plugin_id}-${version}.zip"
unzip -l "artifacts/${plugin_id}-${version}.zip" | grep gpx_
