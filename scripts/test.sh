#!/usr/bin/env bash
# The whole test suite: unit and node tests (jest). Run from a fresh clone after `npm ci` (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
npx jest "$@"
