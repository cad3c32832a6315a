#!/usr/bin/env bash
# Makes sure a Lua 5.4 interpreter is on PATH (Debian package lua5.4), for the Argo CD health-script
# tests (deploy/argocd). Idempotent: returns at once when lua5.4 is there.
#   hack/tools/lua.sh            install when missing, print the interpreter path
set -euo pipefail
if command -v lua5.4 >/dev/null; then command -v lua5.4; exit 0; fi
echo "[tools] installing Lua 5.4 (apt-get install lua5.4)..." >&2
SUDO=(); [[ $(id -u) -eq 0 ]] || SUDO=(sudo -n)
export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get install -y -q lua5.4 >&2; then
  "${SUDO[@]}" apt-get update -q >&2
  "${SUDO[@]}" apt-get install -y -q lua5.4 >&2
fi
command -v lua5.4 >/dev/null || { echo "[tools] ERROR: lua5.4 still not on PATH" >&2; exit 1; }
echo "[tools] $(lua5.4 -v)" >&2
command -v lua5.4
