#!/usr/bin/env bash
# Prints the CHANGELOG.md section of one version (the lines under "## <version>" up to the next
# "## "), for the GitHub release's notes. Fails when the version is not semantic (MAJOR.MINOR.PATCH,
# optional -prerelease), when the CHANGELOG has no section for it, or when that section is still
# marked "(not released yet)": the marker is removed in the commit that is tagged. With --draft
# (the test command's check between releases) the marker is accepted.
# Usage: scripts/release-notes.sh [--draft] <version> [changelog]
set -euo pipefail
draft=false
if [ "${1:-}" = --draft ]; then
  draft=true
  shift
fi
version=${1:?usage: scripts/release-notes.sh [--draft] <version> [changelog]}
changelog=${2:-"$(dirname "$0")/../CHANGELOG.md"}

if ! [[ $version =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "\"$version\" is not a semantic version (MAJOR.MINOR.PATCH): fix package.json's version" >&2
  exit 1
fi
heading=$(grep -m1 -E "^## ${version//./\\.}( |$)" "$changelog" || true)
if [ -z "$heading" ]; then
  echo "$changelog has no \"## $version\" section: add what changed for users before releasing" >&2
  exit 1
fi
if [ "$draft" = false ] && [[ $heading == *"(not released yet)"* ]]; then
  echo "$changelog's \"$heading\" is still marked (not released yet): remove the marker in the release commit" >&2
  exit 1
fi
awk -v h="$heading" '$0 == h { on = 1; next } on && /^## / { exit } on { print }' "$changelog"
