#!/usr/bin/env bash
# The package in n8n queue mode (main + 2 workers, Redis, PostgreSQL) — see docs/queue-mode.md.
#
#   npm run test:e2e:queue
#   E2E_KEEP=1 bash e2e/queue/run.sh        # keep the work dir (n8n logs, report.json)
#   E2E_QUEUE_ROWS=200 E2E_QUEUE_DELIVERIES=50 bash e2e/queue/run.sh   # smaller, for iterating
#   E2E_SKIP_BUILD=1 …                      # test the dist/ as it is
#
# Installs what is missing: redis-server and postgresql (Debian packages, apt-get; needs root or sudo),
# n8n 2.41.1 into the cache (tools/n8n/install.sh), node_modules. Builds the package, then runs
# e2e/queue/queue.test.js, then e2e/queue/chaos.test.js (E2E_CHAOS_ROWS, default 1000); each starts its own
# PostgreSQL and Redis on free 127.0.0.1 ports in a temp dir, n8n main + 2 workers, and the OMNO sandbox. The trap
# stops every server it recorded, whatever happens.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VERSION="${E2E_N8N_VERSION:-$(tools/n8n/version.sh)}"
T0=$SECONDS
log() { printf '[e2e:queue +%ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }

need=()
command -v redis-server >/dev/null 2>&1 || [[ -x /usr/bin/redis-server ]] || need+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || command -v pg_ctl >/dev/null 2>&1 || need+=(postgresql)
if [[ ${#need[@]} -gt 0 ]]; then
	log "installing ${need[*]} (apt-get)"
	SUDO=()
	[[ $(id -u) -eq 0 ]] || SUDO=(sudo)
	"${SUDO[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Debian starts the packaged services on install where systemd runs; we never use them (own ports, own data).

log "ensuring n8n $VERSION is installed"
bash tools/n8n/install.sh "$VERSION" >/dev/null
if [[ ! -d node_modules ]]; then
	log "node_modules missing: npm ci"
	npm ci --no-audit --no-fund
fi
if [[ -n "${E2E_SKIP_BUILD:-}" && -d dist ]]; then
	log "E2E_SKIP_BUILD set: using the existing dist/"
else
	log "building the package (npm run build)"
	if ! out="$(npm run build --silent 2>&1)"; then
		printf '%s\n' "$out" >&2
		log "build failed"
		exit 1
	fi
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/omno-queue-XXXXXX")"
cleanup() {
	local rc=$?
	node "$ROOT/tools/queue-mode/services.js" stop "$WORK" 2>/dev/null || true
	if [[ -n "${E2E_KEEP:-}" || $rc -ne 0 ]]; then
		log "work dir kept: $WORK (logs/main.log, logs/worker-*.log, report.json)"
	else
		rm -rf "$WORK"
	fi
	log "total $((SECONDS - T0)) s"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "=== n8n $VERSION queue mode: node e2e/queue/queue.test.js"
E2E_N8N_VERSION="$VERSION" E2E_QUEUE_DIR="$WORK" node --test-reporter=spec e2e/queue/queue.test.js

log "=== n8n $VERSION queue mode, chaos: node e2e/queue/chaos.test.js"
E2E_N8N_VERSION="$VERSION" E2E_QUEUE_DIR="$WORK" node --test-reporter=spec e2e/queue/chaos.test.js
