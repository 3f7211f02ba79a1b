#!/usr/bin/env bash
# Builds the package: src/ to JavaScript with .d.ts declarations and source maps in dist/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -rf dist
npx tsc -p tsconfig.build.json
