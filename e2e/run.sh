#!/usr/bin/env bash
# End-to-end tests against a real n8n (see e2e/README.md).
#
#   bash e2e/run.sh [--n8n 2.41.1|1.123.81|all] [node --test args…] [e2e/<file>.test.js…]   (default: all)
#   npm run test:e2e -- --n8n 2.41.1
#
# Installs the requested n8n versions into the cache if missing (tools/n8n/install.sh), builds the
# package once, then runs `node --test` on the named test files (default e2e/*.test.js) once per version with
# E2E_N8N_VERSION set.
# E2E_VERBOSE=1 echoes n8n's output; E2E_KEEP=1 keeps the temporary n8n user folders.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mapfile -t ALL_VERSIONS < <(tools/n8n/version.sh tested)
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
	bash tools/n8n/install.sh "$v" >/dev/null
done

if [[ ! -d node_modules ]]; then
	log "node_modules missing: npm ci"
	npm ci --no-audit --no-fund
fi
log "building the package (npm run build)"
npm run build --silent >/dev/null
# Snapshot of what was just built (package.json + dist/) for e2e/lib/omno.js: other work in this tree may rebuild
# dist/ while the tests run. Inside node_modules/ so dist's `require('n8n-workflow')` still resolves.
snapshot="$ROOT/node_modules/.cache/e2e-package-$$"
rm -rf "$snapshot" && mkdir -p "$snapshot"
cp package.json "$snapshot/" && cp -R dist "$snapshot/dist"
export E2E_PACKAGE_DIR="$snapshot"
tapdir="$(mktemp -d)"
trap 'rm -rf "$tapdir" "$snapshot"' EXIT

shopt -s nullglob
# Test files named on the command line run alone; without any, every e2e/*.test.js runs.
files=()
node_args=()
for arg in "${extra[@]}"; do
	if [[ -f "$arg" ]]; then files+=("$arg"); else node_args+=("$arg"); fi
done
if [[ ${#files[@]} -gt 0 ]]; then tests=("${files[@]}"); else tests=(e2e/*.test.js); fi
if [[ ${#tests[@]} -eq 0 ]]; then
	log "no e2e/*.test.js files"
	exit 0
fi

status=0
summary=()
# "<ok|FAIL> <seconds> s <name>" for every top-level test (one per file/suite) of a TAP file.
tap_suites() {
	awk '
		/^(not )?ok [0-9]+ - / { verdict = ($1 == "not") ? "FAIL" : "ok"; sub(/^(not )?ok [0-9]+ - /, ""); name = $0; next }
		name != "" && /^  duration_ms: / { printf "  %-4s %6.1f s  %s\n", verdict, $2 / 1000, name; name = "" }
	' "$1"
}
tap_count() { awk -v k="# $2" '$0 ~ "^"k" [0-9]+$" { v = $NF } END { print v + 0 }' "$1"; }
for v in "${versions[@]}"; do
	log "=== n8n $v: node --test ${tests[*]}"
	t=$SECONDS
	tap="$tapdir/$v.tap"
	# Human-readable spec output on stdout, TAP kept for the summary.
	if E2E_N8N_VERSION="$v" node --test --test-concurrency=1 \
		--test-reporter=spec --test-reporter-destination=stdout \
		--test-reporter=tap --test-reporter-destination="$tap" \
		"${node_args[@]}" "${tests[@]}"; then
		verdict=PASS
	else
		verdict=FAIL
		status=1
	fi
	counts="$(tap_count "$tap" tests) tests, $(tap_count "$tap" pass) passed, $(tap_count "$tap" fail) failed, $(tap_count "$tap" skipped) skipped, $(tap_count "$tap" cancelled) cancelled"
	# A run that reports no tests at all (e.g. every file crashed on load) is a failure too.
	if [[ "$(tap_count "$tap" tests)" == 0 ]]; then verdict=FAIL; status=1; fi
	summary+=("n8n $v: $verdict in $((SECONDS - t)) s ($counts)")
	while IFS= read -r line; do summary+=("$line"); done < <(tap_suites "$tap")
done
printf '%s\n' "${summary[@]}" >&2
log "total $((SECONDS - T0)) s: $([[ $status == 0 ]] && echo PASS || echo FAIL)"
exit $status
