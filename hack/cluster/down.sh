#!/usr/bin/env bash
# Stops the local Berth test cluster started by hack/cluster/up.sh and removes its state
# (kwok workdir + kubeconfig under $BERTH_CLUSTER_DIR). Leaves the binary cache alone.
# Only processes recorded in the cluster's pid files are stopped.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CLUSTER_DIR="${BERTH_CLUSTER_DIR:-$ROOT/build/cluster}"
NAME="${BERTH_CLUSTER_NAME:-berth}"

log() { echo "[cluster] $*" >&2; }

if [[ ! -d "$CLUSTER_DIR" ]]; then
  log "no cluster state in $CLUSTER_DIR, nothing to stop"
  exit 0
fi
CLUSTER_DIR="$(cd "$CLUSTER_DIR" && pwd)"
export KWOK_WORKDIR="$CLUSTER_DIR/kwok"
export KUBECONFIG="$CLUSTER_DIR/kubeconfig"
export KUBECACHEDIR="$CLUSTER_DIR/kube-cache"
CDIR="$KWOK_WORKDIR/clusters/$NAME"

# A pid counts only while its command line still mentions this cluster's directory (guards against
# stale pid files after a reboot, where the number may belong to an unrelated process).
ours() { [[ "$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline")" == *"$CDIR"* ]]; }
pids=()
if [[ -d "$CDIR/pids" ]]; then
  for f in "$CDIR"/pids/*.pid; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    ours "$pid" && pids+=("$pid")
  done
fi

eval "$("$HERE/build.sh" --print-env)"
if [[ -d "$CDIR" && -x "$BERTH_KWOK_BIN/kwokctl" ]]; then
  log "stopping cluster '$NAME'..."
  "$BERTH_KWOK_BIN/kwokctl" --name "$NAME" delete cluster --kubeconfig "$KUBECONFIG" >"$CLUSTER_DIR/kwokctl-delete.log" 2>&1 \
    || log "kwokctl delete cluster failed (see $CLUSTER_DIR/kwokctl-delete.log), stopping processes by pid"
fi

# Make sure nothing survives: wait for, then terminate, every recorded component pid.
for pid in "${pids[@]}"; do
  for _ in $(seq 1 50); do ours "$pid" || break; sleep 0.1; done
  if ours "$pid"; then
    log "process $pid still running, sending SIGTERM"; kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do ours "$pid" || break; sleep 0.1; done
    ours "$pid" && { log "process $pid still running, sending SIGKILL"; kill -9 "$pid" 2>/dev/null || true; }
  fi
done

rm -rf "$CDIR" "$KUBECONFIG" "$CLUSTER_DIR/env" "$KUBECACHEDIR" "$CLUSTER_DIR/kwok-cache"
log "cluster '$NAME' stopped (${#pids[@]} processes)"
