#!/usr/bin/env bash
# Installs Debian's `prometheus` package (the server binary only is used: the end-to-end tests start
# it themselves on 127.0.0.1 with their own configuration; the package's service is never needed).
# Idempotent: does nothing when the binary is already there. Prints the binary's path last.
#
#   hack/prometheus.sh            install if missing, print the path
set -euo pipefail

log() { echo "[prometheus] $*" >&2; }

if ! command -v prometheus >/dev/null 2>&1; then
  [[ $(id -u) -eq 0 ]] || { log "ERROR: prometheus is missing and installing it needs root (apt-get install prometheus)"; exit 1; }
  log "installing Debian package prometheus (apt-get, once per machine)..."
  export DEBIAN_FRONTEND=noninteractive
  # The package's init scripts must not start a system-wide server: policy-rc.d 101 = "action forbidden".
  policy=/usr/sbin/policy-rc.d
  restore=""
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; restore=yes
  fi
  trap '[[ -n "$restore" ]] && rm -f "$policy"' EXIT
  apt-get install -y --no-install-recommends prometheus >&2 \
    || { log "apt-get install failed, updating the package lists and retrying"; apt-get update >&2; \
         apt-get install -y --no-install-recommends prometheus >&2; }
  # A service started anyway (no policy-rc.d support) would hold port 9090; the tests do not use it.
  log "installed: $(prometheus --version 2>&1 | sed -n 1p)"
fi
command -v prometheus
