#!/usr/bin/env bash
# Makes sure the AWS CLI v2 of Debian's awscli package is at /usr/bin/aws, for the ECS API end-to-end test
# (EcsApiIT drives the walkthrough with it and with the CLI v1 `aws` on PATH). Idempotent: returns at once
# when it is there.
#   hack/tools/awscli.sh         install when missing, print the CLI's path
set -euo pipefail
if [[ -x /usr/bin/aws ]]; then echo /usr/bin/aws; exit 0; fi
echo "[tools] installing the AWS CLI v2 (apt-get install awscli)..." >&2
SUDO=(); [[ $(id -u) -eq 0 ]] || SUDO=(sudo -n)
export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends awscli >&2; then
  "${SUDO[@]}" apt-get update -q >&2
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends awscli >&2
fi
[[ -x /usr/bin/aws ]] || { echo "[tools] ERROR: /usr/bin/aws still missing" >&2; exit 1; }
echo "[tools] $(/usr/bin/aws --version 2>&1)" >&2
echo /usr/bin/aws
