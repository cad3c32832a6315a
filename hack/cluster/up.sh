#!/usr/bin/env bash
# Starts (or reuses) the local Berth test cluster: etcd + kube-apiserver + kube-controller-manager
# + kube-scheduler + kwok + metrics-server as plain local processes (kwokctl --runtime binary),
# all on 127.0.0.1, all built from Go modules by hack/cluster/build.sh. Fully offline.
#
#   hack/cluster/up.sh             create the cluster, or reuse it when it is already running
#   BERTH_CLUSTER_DIR=/some/dir    where the kubeconfig and kwok's state live (default: build/cluster)
#   BERTH_CLUSTER_NAME=berth       kwokctl cluster name
#   BERTH_CACHE=~/.cache/berth     where build.sh keeps the binaries
#
# Writes $BERTH_CLUSTER_DIR/kubeconfig (never ~/.kube/config) and $BERTH_CLUSTER_DIR/env
# (`source build/cluster/env` puts the matching kubectl first on PATH and sets KUBECONFIG).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CLUSTER_DIR="${BERTH_CLUSTER_DIR:-$ROOT/build/cluster}"
mkdir -p "$CLUSTER_DIR"
CLUSTER_DIR="$(cd "$CLUSTER_DIR" && pwd)"
# holds private keys and a kubeconfig: never commit it, wherever BERTH_CLUSTER_DIR points
[[ -f "$CLUSTER_DIR/.gitignore" ]] || echo '*' >"$CLUSTER_DIR/.gitignore"
NAME="${BERTH_CLUSTER_NAME:-berth}"
T0=$(date +%s)

log() { echo "[cluster] $*" >&2; }
die() { echo "[cluster] ERROR: $*" >&2; exit 1; }

"$HERE/build.sh"
eval "$("$HERE/build.sh" --print-env)"

# Isolation: kwokctl state and every kubeconfig stay inside $CLUSTER_DIR; no KWOK_* variable
# from the caller's environment may override the generated configuration.
for v in $(compgen -e | grep '^KWOK_' || true); do unset "$v"; done
export KWOK_WORKDIR="$CLUSTER_DIR/kwok"
export KUBECONFIG="$CLUSTER_DIR/kubeconfig"
export KUBECACHEDIR="$CLUSTER_DIR/kube-cache"   # kubectl discovery cache (default ~/.kube/cache)
export PATH="$BERTH_K8S_BIN:$BERTH_KWOK_BIN:$BERTH_ETCD_BIN:$PATH"
export KWOK_RUNTIME=binary
KWOKCTL=("$BERTH_KWOK_BIN/kwokctl" --name "$NAME")
KUBECTL=("$BERTH_K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG")
CDIR="$KWOK_WORKDIR/clusters/$NAME"

write_env() {
  cat >"$CLUSTER_DIR/env" <<EOF
# source this file: kubectl $K8S_VERSION first on PATH, KUBECONFIG of the local Berth cluster
export KUBECONFIG="$KUBECONFIG"
export KUBECACHEDIR="$KUBECACHEDIR"
export PATH="$BERTH_K8S_BIN:$BERTH_KWOK_BIN:\$PATH"
EOF
}

apiserver_ok() {
  [[ -f "$KUBECONFIG" ]] && "${KUBECTL[@]}" get --raw /readyz --request-timeout=5s >/dev/null 2>&1
}

answers_within() { # seconds: kube-apiserver answers within them
  local t0; t0=$(date +%s)
  until apiserver_ok; do (( $(date +%s) - t0 < $1 )) || return 1; sleep 1; done
}

all_running() { # every component pid file points at a live process
  local f n=0
  [[ -d "$CDIR/pids" ]] || return 1
  for f in "$CDIR"/pids/*.pid; do
    [[ -f "$f" ]] || return 1
    [[ "$(tr '\0' ' ' 2>/dev/null <"/proc/$(cat "$f")/cmdline")" == *"$CDIR"* ]] || return 1
    n=$((n + 1))
  done
  [[ $n -ge 6 ]]
}

apply_sim() {
  # Stages / resource usages are CRs (kwok --enable-crds); server-side apply is idempotent.
  "${KUBECTL[@]}" apply --server-side --force-conflicts --field-manager=berth-cluster \
    -f "$HERE/sim/" >/dev/null
  # Remove berth-* objects that are no longer in hack/cluster/sim/ (tests' own objects stay).
  local kind name
  for kind in stages.kwok.x-k8s.io clusterresourceusages.kwok.x-k8s.io; do
    for name in $("${KUBECTL[@]}" get "$kind" -o name | sed -n 's#.*/\(berth-.*\)#\1#p'); do
      grep -q "^  name: $name\$" "$HERE"/sim/*.yaml || "${KUBECTL[@]}" delete "$kind" "$name" >/dev/null
    done
  done
}

apply_nodes() {
  # kwok fake nodes. InternalIP 127.0.0.1 + Hostname localhost: kube-apiserver (logs/exec) and
  # metrics-server reach the "kubelet" (kwok's server on 127.0.0.1) only through loopback.
  # Pod IPs come from 198.18.<n>.0/24 (RFC 2544 benchmarking range, not this machine's
  # 192.0.2.0/24 and not loopback, which EndpointSlices reject). They are fake: nothing listens.
  local specs="${BERTH_CLUSTER_NODES:-berth-worker-1:amd64 berth-worker-2:amd64 berth-worker-3:amd64 berth-worker-arm64-1:arm64}"
  local i=0 spec name arch zone zones=(a b c)
  for spec in $specs; do
    i=$((i + 1)); name="${spec%%:*}"; arch="${spec##*:}"; zone="local-1${zones[$(( (i - 1) % 3 ))]}"
    "${KUBECTL[@]}" get node "$name" >/dev/null 2>&1 && continue
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
    metrics.k8s.io/resource-metrics-path: /metrics/nodes/$name/metrics/resource
  labels:
    type: kwok
    berth.dev/simulated: "true"
    kubernetes.io/hostname: $name
    kubernetes.io/os: linux
    kubernetes.io/arch: $arch
    beta.kubernetes.io/os: linux
    beta.kubernetes.io/arch: $arch
    node-role.kubernetes.io/agent: ""
    topology.kubernetes.io/region: local-1
    topology.kubernetes.io/zone: $zone
spec:
  podCIDR: 198.18.$i.0/24
  podCIDRs: [198.18.$i.0/24]
status:
  addresses:
  - {type: InternalIP, address: 127.0.0.1}
  - {type: Hostname, address: localhost}
  allocatable: {cpu: "32", memory: 256Gi, pods: "110", ephemeral-storage: 1Ti}
  capacity: {cpu: "32", memory: 256Gi, pods: "110", ephemeral-storage: 1Ti}
  nodeInfo:
    architecture: $arch
    operatingSystem: linux
    kubeletVersion: v$K8S_VERSION
    containerRuntimeVersion: kwok-$KWOK_VERSION
    osImage: kwok simulated node
EOF
  done | { f="$(cat)"; [[ -z "$f" ]] || printf '%s\n' "$f" | "${KUBECTL[@]}" create -f - >/dev/null; }
}

wait_for() { # description timeout-seconds command...
  local what="$1" timeout="$2" t0; shift 2
  t0=$(date +%s)
  until "$@" >/dev/null 2>&1; do
    (( $(date +%s) - t0 < timeout )) || die "timed out after ${timeout}s waiting for $what (logs: $CDIR/logs)"
    sleep 1
  done
  (( $(date +%s) - t0 < 3 )) || log "waited $(( $(date +%s) - t0 ))s for $what"
}

nodes_ready() {
  local out
  out="$("${KUBECTL[@]}" get nodes -l berth.dev/simulated=true \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')"
  [[ -n "$out" ]] && ! grep -qv '^True$' <<<"$out"
}

finish() {
  apply_sim
  apply_nodes
  wait_for "nodes to become Ready" 60 nodes_ready
  wait_for "the default ServiceAccount" 60 "${KUBECTL[@]}" -n default get serviceaccount default
  wait_for "metrics.k8s.io to be Available" 90 \
    "${KUBECTL[@]}" wait --for=condition=Available --timeout=2s apiservice/v1beta1.metrics.k8s.io
  write_env
  log "cluster '$NAME' ready in $(( $(date +%s) - T0 ))s: kubernetes v$K8S_VERSION, $("${KUBECTL[@]}" get nodes --no-headers | wc -l) kwok nodes"
  log "  export KUBECONFIG=$KUBECONFIG   (or: source $CLUSTER_DIR/env)"
}

# ---- reuse -------------------------------------------------------------------------------------
if [[ -d "$CDIR" ]]; then
  if all_running && apiserver_ok; then
    log "reusing running cluster '$NAME' ($KUBECONFIG)"
    finish
    exit 0
  fi
  # A component died (kube-controller-manager and kube-scheduler exit when they lose their lease
  # during an API-server outage; a machine restart stops them all): start what is not running, as a
  # node's supervisor would, and keep the cluster's state. Recreate only when that fails.
  # A component started before kube-apiserver answers may exit at once (as they do when it goes away),
  # so check only once it answers, and start again what died meanwhile: up to 2 rounds.
  log "cluster '$NAME' exists but is not (fully) running: starting its stopped components..."
  for round in 1 2; do
    if "${KWOKCTL[@]}" start cluster >>"$CLUSTER_DIR/kwokctl-start.log" 2>&1 && answers_within 60 \
        && sleep 2 && all_running; then
      finish
      exit 0
    fi
    log "round $round: not every component runs yet (log: $CLUSTER_DIR/kwokctl-start.log)"
  done
  # The chaos suite restarts components under a running operator: recreating the cluster there would
  # silently swap its CA and state under every client (BERTH_CLUSTER_KEEP=1 fails instead).
  [[ -z "${BERTH_CLUSTER_KEEP:-}" ]] || die "could not restart the components of '$NAME' (BERTH_CLUSTER_KEEP is set: not recreating it; logs: $CDIR/logs)"
  log "could not restart it (log: $CLUSTER_DIR/kwokctl-start.log), recreating it..."
  "$HERE/down.sh"
fi

# ---- create ------------------------------------------------------------------------------------
sed -e "s#@K8S_BIN@#$BERTH_K8S_BIN#g" -e "s#@ETCD_BIN@#$BERTH_ETCD_BIN#g" \
    -e "s#@KWOK_BIN@#$BERTH_KWOK_BIN#g" -e "s#@MS_BIN@#$BERTH_METRICS_SERVER_BIN#g" \
    -e "s#@MS_MANIFESTS@#$BERTH_METRICS_SERVER_MANIFESTS#g" -e "s#@CLUSTER_DIR@#$CLUSTER_DIR#g" \
    -e "s#@APISERVER_PORT@#${BERTH_APISERVER_PORT:-0}#g" \
    -e "s#@K8S_VERSION@#$K8S_VERSION#g" -e "s#@ETCD_VERSION@#$ETCD_VERSION#g" \
    -e "s#@KWOK_VERSION@#$KWOK_VERSION#g" -e "s#@METRICS_SERVER_VERSION@#$METRICS_SERVER_VERSION#g" \
    "$HERE/kwokctl.yaml.in" >"$CLUSTER_DIR/kwokctl.yaml"

log "creating cluster '$NAME' (kubernetes v$K8S_VERSION, etcd $ETCD_VERSION, kwok v$KWOK_VERSION, metrics-server v$METRICS_SERVER_VERSION)..."
# --kubeconfig "": do not add a context to any kubeconfig (the default is ~/.kube/config).
if ! "${KWOKCTL[@]}" create cluster --config "$CLUSTER_DIR/kwokctl.yaml" --kubeconfig "" \
      --timeout 5m >"$CLUSTER_DIR/kwokctl-create.log" 2>&1; then
  tail -n 30 "$CLUSTER_DIR/kwokctl-create.log" >&2
  die "kwokctl create cluster failed (full log: $CLUSTER_DIR/kwokctl-create.log, component logs: $CDIR/logs)"
fi
cp "$CDIR/kubeconfig.yaml" "$KUBECONFIG"
chmod 600 "$KUBECONFIG"
wait_for "kube-apiserver" 60 apiserver_ok
wait_for "kwok CRDs" 60 "${KUBECTL[@]}" get crd stages.kwok.x-k8s.io clusterresourceusages.kwok.x-k8s.io
finish
