#!/usr/bin/env bash
# `npm start`: migrates the tutorial example's SQLite database to head, then serves it on
# http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../examples/tutorial"
node ../../bin/wf.js migrate upgrade app
exec node ../../bin/wf.js run app "$@"
