#!/usr/bin/env bash
# Command 1 of CONTRIBUTING.md: installs what is needed (Node 24, the package's dev dependencies, the pinned n8n),
# builds the package, and starts n8n at http://127.0.0.1:5678 (N8N_PORT to change) with our nodes loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${N8N_VERSION:-2.41.1}"
step() { echo "== $*" >&2; }
if [ ! -d node_modules/n8n-workflow ] || [ ! -f ".tools/n8n-$version/.installed" ]; then
	step "First run: installs Node.js 24, the dev dependencies and n8n $version into this folder (.tools/, node_modules/)." \
		"That took about 7 minutes and 3.4 GB of disk here; later runs start in under a minute."
fi
step "Node.js 24 (.tools/node24)"
source scripts/node24.sh
if [ ! -d node_modules/n8n-workflow ]; then
	step "dev dependencies (npm ci)"
	npm ci --no-audit --no-fund
fi
step "building the package (npm run build)"
npm run build >/dev/null
step "n8n $version: install if needed (.tools/n8n-$version), load the packed package from .n8n-local/dev/.n8n/nodes, start"
N8N_VERSION="$version" SKIP_BUILD=1 exec node scripts/n8n-dev.js
