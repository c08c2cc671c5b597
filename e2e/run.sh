#!/usr/bin/env bash
# End-to-end tests against a real n8n (see e2e/README.md).
#
#   bash e2e/run.sh [--n8n 2.41.1|1.123.81|all] [node --test args…]     (default: all)
#   npm run test:e2e -- --n8n 2.41.1
#
# Installs the requested n8n versions into the cache if missing (scripts/install-n8n.sh), builds the
# package once, then runs `node --test e2e/*.test.js` once per version with E2E_N8N_VERSION set.
# E2E_VERBOSE=1 echoes n8n's output; E2E_KEEP=1 keeps the temporary n8n user folders.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ALL_VERSIONS=(2.41.1 1.123.81)
want="all"
extra=()
while [[ $# -gt 0 ]]; do
	case "$1" in
		--n8n) want="$2"; shift 2 ;;
		--n8n=*) want="${1#--n8n=}"; shift ;;
		-h|--help) sed -n '2,9p' "$0"; exit 0 ;;
		*) extra+=("$1"); shift ;;
	esac
done
if [[ "$want" == "all" ]]; then versions=("${ALL_VERSIONS[@]}"); else IFS=', ' read -r -a versions <<<"$want"; fi

T0=$SECONDS
log() { printf '[e2e +%ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }

for v in "${versions[@]}"; do
	log "ensuring n8n $v is installed"
	bash scripts/install-n8n.sh "$v" >/dev/null
done

if [[ ! -d node_modules ]]; then
	log "node_modules missing: npm ci"
	npm ci --no-audit --no-fund
fi
log "building the package (npm run build)"
npm run build --silent >/dev/null

shopt -s nullglob
tests=(e2e/*.test.js)
if [[ ${#tests[@]} -eq 0 ]]; then
	log "no e2e/*.test.js files"
	exit 0
fi

status=0
summary=()
for v in "${versions[@]}"; do
	log "=== n8n $v: node --test ${tests[*]}"
	t=$SECONDS
	if E2E_N8N_VERSION="$v" node --test --test-concurrency=1 "${extra[@]}" "${tests[@]}"; then
		summary+=("n8n $v: PASS in $((SECONDS - t)) s")
	else
		status=1
		summary+=("n8n $v: FAIL in $((SECONDS - t)) s")
	fi
done
printf '%s\n' "${summary[@]}" >&2
log "total $((SECONDS - T0)) s"
exit $status
