#!/usr/bin/env bash
# Builds the package and packs it exactly as npm would publish it, then installs the packed files into
# the n8n user folder given as $1 (<folder>/.n8n/nodes/node_modules/n8n-nodes-infobip-tiktok), where n8n
# loads community packages with their real type names (n8n-nodes-infobip-tiktok.infobipTikTok).
# Unpacked by hand, not `npm install`: npm would also install the peer dependency n8n-workflow beside it,
# and the nodes must use n8n's own copy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
user_folder="$1"
source "$root/scripts/node24.sh"
cd "$root"
if [ "${SKIP_BUILD:-}" != 1 ]; then npm run build >/dev/null; fi
mkdir -p .tools/pack
tgz="$(npm pack --silent --pack-destination .tools/pack | tail -n 1)"
target="$user_folder/.n8n/nodes/node_modules/n8n-nodes-infobip-tiktok"
rm -rf "$target"
mkdir -p "$target"
tar -xzf ".tools/pack/$tgz" --strip-components=1 -C "$target"
# n8n's community-package bookkeeping expects a package.json in the nodes folder.
[ -f "$user_folder/.n8n/nodes/package.json" ] || echo '{"name":"installed-nodes","private":true,"dependencies":{}}' > "$user_folder/.n8n/nodes/package.json"
echo "$target"
