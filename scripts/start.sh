#!/usr/bin/env bash
# `npm start`: a local n8n with this package, the OMNO sandbox, a ready credential and the example workflows.
#
#   npm start                      n8n on http://127.0.0.1:5678, sandbox on http://127.0.0.1:8787
#   npm start -- --reset           delete the saved state (workflows, executions, sandbox data) and start over
#   N8N_PORT=5680 OMNO_SANDBOX_PORT=8790 npm start
#   OMNO_N8N_VERSION=1.123.81 npm start      (any version tools/n8n/install.sh can install)
#
# Steps: npm ci (only if node_modules is missing) → npm run build → install n8n into the cache if missing →
# scripts/start.js (sandbox + n8n; state kept in ${OMNO_N8N_CACHE:-~/.cache/n8n-nodes-omno}/start-state, see
# there). Ctrl-C stops both.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VERSION="${OMNO_N8N_VERSION:-$(tools/n8n/version.sh)}"
T0=$SECONDS
log() { printf '[start +%ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }

if [[ ! -d node_modules ]]; then
	log "first run in this folder: installing the dev tools (npm ci, 1–4 minutes)"
	npm ci --no-audit --no-fund
fi
log "building the package (npm run build)"
npm run build --silent
CACHE="${OMNO_N8N_CACHE:-$HOME/.cache/n8n-nodes-omno}"
if [[ -f "$CACHE/n8n-$VERSION/.complete" ]]; then
	log "n8n $VERSION is installed in $CACHE/n8n-$VERSION"
else
	# Measured on a 2-core machine: 6-10 min (npm downloads ~2.5 GB, then sqlite3 is compiled). Only once.
	log "installing n8n $VERSION into $CACHE (first run only: 6-10 minutes, ~2.5 GB; progress below)"
	bash tools/n8n/install.sh "$VERSION" >/dev/null
fi
exec node scripts/start.js --n8n "$VERSION" "$@"
