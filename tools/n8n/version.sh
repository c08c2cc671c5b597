#!/usr/bin/env bash
# The n8n versions this package is tested on, from scripts/n8n-versions.json (the one place they are written).
#   tools/n8n/version.sh           -> the default (newest 2.x patch on the registry when last checked)
#   tools/n8n/version.sh tested    -> every tested version, one per line
set -euo pipefail
node -e 'const v = require(process.argv[1]); console.log(process.argv[2] === "tested" ? v.tested.join("\n") : v.default)' \
	"$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../scripts/n8n-versions.json" "${1:-default}"
