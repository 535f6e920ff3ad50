#!/usr/bin/env bash
# Refreshes test/fixtures/admin_<version>.json.gz from Shopify's published @shopify/dev-mcp package
# (an introspection result with per-field access scopes). The package is fetched with `npm pack`, not installed.
set -euo pipefail
version="${1:-2026-10}"
package="@shopify/dev-mcp@1.16.0"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$package" --silent >/dev/null && tar xzf ./*.tgz)
cp "$work/package/dist/data/admin_${version}.json.gz" "$root/test/fixtures/admin_${version}.json.gz"
echo "Updated test/fixtures/admin_${version}.json.gz from $package"
