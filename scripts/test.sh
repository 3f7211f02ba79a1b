#!/usr/bin/env bash
# The whole check: type-check, then every test file (node's runner, TypeScript through tsx).
# Extra arguments narrow the run: scripts/test.sh test/config/*.test.ts
set -euo pipefail
npx tsc --noEmit
# `webfluid` resolves to its TypeScript sources here (the package's "webfluid-source" export
# condition), in the runner and in every process a test starts.
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--conditions=webfluid-source"
if [ "$#" -gt 0 ]; then files=("$@"); else files=("test/**/*.test.ts"); fi
exec node --import tsx --test --test-timeout=180000 --test-concurrency="${WF_TEST_CONCURRENCY:-3}" "${files[@]}"
