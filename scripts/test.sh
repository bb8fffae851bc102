#!/usr/bin/env bash
# README command 2: the whole test suite. Unit and node tests (jest, n8n-core contexts, a stand-in Infobip),
# then every e2e/*.e2e.test.ts except e2e/queue*.e2e.test.ts against real n8n servers: 2.41.1 (Node 24) and 2.8.4 (Node 20), each installed
# once from its lock file into .tools/, then the queue-mode suite (e2e/queue*.e2e.test.ts) (Redis and Postgres from Debian's packages,
# installed when missing). Extra arguments go to every jest run (e.g. -t <pattern>).
# Needs the package's dependencies installed (`npm ci`); builds the package itself.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
[ -d node_modules/n8n-workflow ] || npm ci --no-audit --no-fund
npm run build >/dev/null

npx jest --selectProjects unit "$@"
for version in ${N8N_E2E_VERSIONS:-2.41.1 2.8.4}; do
	echo "== end-to-end tests against n8n $version"
	bash scripts/n8n-install.sh "$version" >/dev/null
	N8N_E2E_VERSION="$version" npx jest --selectProjects e2e --runInBand --testPathIgnorePatterns=/e2e/queue "$@"
done
if [ "${N8N_QUEUE_E2E:-1}" = 1 ]; then
	echo "== queue mode (Redis, Postgres, main, worker, two webhook processes) on n8n 2.41.1"
	bash scripts/n8n-install.sh 2.41.1 >/dev/null
	npx jest --selectProjects e2e --runInBand --testPathPatterns=/e2e/queue "$@"
fi
