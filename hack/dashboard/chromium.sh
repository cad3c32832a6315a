#!/usr/bin/env bash
# Makes sure Debian's chromium is installed (headless screenshots of the dashboard picture, make
# dashboard-picture only; no test needs it). Idempotent: returns at once when it is there.
#   hack/dashboard/chromium.sh       install when missing, print the binary's path
set -euo pipefail
if command -v chromium >/dev/null; then command -v chromium; exit 0; fi
echo "[dashboard] installing chromium (apt-get install chromium, once per machine)..." >&2
SUDO=(); [[ $(id -u) -eq 0 ]] || SUDO=(sudo -n)
export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends chromium >&2; then
  "${SUDO[@]}" apt-get update -q >&2
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends chromium >&2
fi
command -v chromium >/dev/null || { echo "[dashboard] ERROR: chromium still not on PATH" >&2; exit 1; }
echo "[dashboard] $(chromium --version 2>/dev/null)" >&2
command -v chromium
