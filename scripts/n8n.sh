#!/usr/bin/env bash
# README command 1: installs what is needed (Node 24, the package's dev dependencies, the pinned n8n), builds
# the package, and starts n8n at http://127.0.0.1:5678 (N8N_PORT to change) with our nodes loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
[ -d node_modules/n8n-workflow ] || npm ci --no-audit --no-fund
npm run build >/dev/null
SKIP_BUILD=1 exec node scripts/n8n-dev.js
