#!/usr/bin/env bash
# `npm start`: serves the tutorial example on http://127.0.0.1:8000 (SQLite, no set-up).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../examples/tutorial"
exec node ../../bin/wf.js run app "$@"
