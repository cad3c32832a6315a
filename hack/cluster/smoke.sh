#!/usr/bin/env bash
# Proves the local cluster and the sim.berth.dev/ simulation contract (docs/simulation.md) on the
# running cluster (hack/cluster/up.sh). Exits non-zero on the first failed check.
#
#   hack/cluster/smoke.sh                 everything, including node loss (~2 min)
#   BERTH_SMOKE_NODES=0 hack/cluster/smoke.sh   skip the node NotReady/Lost checks (~1 min)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CLUSTER_DIR="${BERTH_CLUSTER_DIR:-$ROOT/build/cluster}"
export KUBECONFIG="$CLUSTER_DIR/kubeconfig"
export KUBECACHEDIR="$CLUSTER_DIR/kube-cache"
eval "$("$HERE/build.sh" --print-env)"
K="$BERTH_K8S_BIN/kubectl"
[[ -f "$KUBECONFIG" ]] || { echo "[smoke] no kubeconfig at $KUBECONFIG; run 'make cluster' first" >&2; exit 1; }

NS="berth-smoke-$(date +%s)"
T0=$(date +%s)
PASSED=0
LOST_NODE=""
log() { echo "[smoke] $*" >&2; }
fail() {
  echo "[smoke] FAIL: $*" >&2
  "$K" -n "$NS" get pods -o wide >&2 2>/dev/null || true
  exit 1
}
ok() { PASSED=$((PASSED + 1)); log "ok   $* ($(( $(date +%s) - T0 ))s)"; }

cleanup() {
  set +e
  for n in $("$K" get nodes -l berth.dev/simulated=true -o name 2>/dev/null); do
    "$K" annotate "$n" sim.berth.dev/node-state- >/dev/null 2>&1
  done
  [[ -z "$LOST_NODE" ]] || "$K" delete lease -n kube-node-lease "$LOST_NODE" >/dev/null 2>&1
  "$K" delete namespace "$NS" --wait=false >/dev/null 2>&1
  "$K" delete crd widgets.smoke.berth.dev --wait=false >/dev/null 2>&1
}
trap cleanup EXIT

# eventually <timeout-s> <description> <expected> <kubectl args...>: poll until output == expected
eventually() {
  local timeout="$1" what="$2" want="$3" got="" t=0; shift 3
  while :; do
    got="$("$K" "$@" 2>/dev/null || true)"
    [[ "$got" == "$want" ]] && { ok "$what"; return 0; }
    t=$((t + 1))
    [[ $t -le $timeout ]] || fail "$what: expected '$want', got '$got' after ${timeout}s"
    sleep 1
  done
}
pod() { "$K" -n "$NS" get pod "$1" -o jsonpath="$2"; }

"$K" create namespace "$NS" >/dev/null
log "namespace $NS, server $("$K" version -o json | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -1)"

# ---- pods --------------------------------------------------------------------------------------
mkpod() { # name annotations-yaml(indented 4) [extra spec yaml]
  cat <<EOF | "$K" -n "$NS" apply -f - >/dev/null
apiVersion: v1
kind: Pod
metadata:
  name: $1
  annotations:
    smoke.berth.dev/case: "$1"
$2
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 30
  initContainers:
  - name: init
    image: registry.example/init:1
  - name: sidecar
    image: registry.example/envoy:1
    restartPolicy: Always
  containers:
  - name: app
    image: registry.example/app:1
    resources: {requests: {cpu: 100m, memory: 64Mi}}
  - name: logger
    image: registry.example/logger:1
$3
EOF
}

mkpod default "" ""
mkpod exit-one '    sim.berth.dev/exit-code: "3"
    sim.berth.dev/exit-after: "2s"
    sim.berth.dev/exit-container: "app"' ""
mkpod exit-all '    sim.berth.dev/exit-code: "3"
    sim.berth.dev/exit-after: "2s"' ""
mkpod exit-zero '    sim.berth.dev/exit-code: "0"
    sim.berth.dev/exit-after: "1s"' ""
mkpod pull-error '    sim.berth.dev/image-pull-error: "failed to resolve reference \"registry.example/app:1\": not found"' ""
mkpod usage '    sim.berth.dev/cpu-usage: "250m"
    sim.berth.dev/memory-usage: "300Mi"
    sim.berth.dev/cpu-usage.logger: "50m"' ""

# default: Running + Ready, pod IP, init container Completed, sidecar running
eventually 30 "default pod Running" "Running" -n "$NS" get pod default -o jsonpath='{.status.phase}'
[[ "$(pod default '{.status.conditions[?(@.type=="Ready")].status}')" == True ]] || fail "default pod not Ready"
[[ "$(pod default '{.status.podIP}')" =~ ^198\.18\. ]] || fail "default pod IP '$(pod default '{.status.podIP}')' not from 198.18.0.0/15"
[[ "$(pod default '{.status.hostIP}')" == 127.0.0.1 ]] || fail "default pod hostIP is not 127.0.0.1"
[[ "$(pod default '{.status.containerStatuses[*].state.running.startedAt}' | wc -w)" == 2 ]] || fail "default pod: not all containers running"
[[ "$(pod default '{.status.initContainerStatuses[?(@.name=="init")].state.terminated.exitCode}')" == 0 ]] || fail "init container did not complete with exit 0"
[[ -n "$(pod default '{.status.initContainerStatuses[?(@.name=="sidecar")].state.running.startedAt}')" ]] || fail "sidecar not running"
ok "default pod: Ready, podIP $(pod default '{.status.podIP}'), init Completed(0), sidecar running"

# exit-code on one container: it terminates, the other keeps running, pod stays Running
eventually 20 "exit-one: app terminated with exit code 3" "3" \
  -n "$NS" get pod exit-one -o jsonpath='{.status.containerStatuses[?(@.name=="app")].state.terminated.exitCode}'
[[ -n "$(pod exit-one '{.status.containerStatuses[?(@.name=="logger")].state.running.startedAt}')" ]] || fail "exit-one: logger not running"
[[ "$(pod exit-one '{.status.phase}')" == Running ]] || fail "exit-one: phase $(pod exit-one '{.status.phase}') (want Running)"
[[ "$(pod exit-one '{.status.conditions[?(@.type=="Ready")].status}')" == False ]] || fail "exit-one: Ready should be False"
ok "exit-one: logger still running, phase Running, Ready False"

# exit-code on all containers: phase Failed; exit code 0: Succeeded
eventually 20 "exit-all: phase Failed" "Failed" -n "$NS" get pod exit-all -o jsonpath='{.status.phase}'
[[ "$(pod exit-all '{.status.containerStatuses[*].state.terminated.exitCode}')" == "3 3" ]] || fail "exit-all: exit codes '$(pod exit-all '{.status.containerStatuses[*].state.terminated.exitCode}')'"
[[ "$(pod exit-all '{.status.containerStatuses[0].state.terminated.reason}')" == Error ]] || fail "exit-all: reason is not Error"
eventually 20 "exit-zero: phase Succeeded" "Succeeded" -n "$NS" get pod exit-zero -o jsonpath='{.status.phase}'
[[ "$(pod exit-zero '{.status.containerStatuses[0].state.terminated.reason}')" == Completed ]] || fail "exit-zero: reason is not Completed"

# image pull error: Waiting ErrImagePull with the message, then ImagePullBackOff; phase Pending
eventually 20 "pull-error: app Waiting ErrImagePull" "ErrImagePull" \
  -n "$NS" get pod pull-error -o jsonpath='{.status.containerStatuses[?(@.name=="app")].state.waiting.reason}'
[[ "$(pod pull-error '{.status.containerStatuses[0].state.waiting.message}')" == 'failed to resolve reference "registry.example/app:1": not found' ]] \
  || fail "pull-error: message '$(pod pull-error '{.status.containerStatuses[0].state.waiting.message}')'"
eventually 20 "pull-error: ImagePullBackOff" "ImagePullBackOff" \
  -n "$NS" get pod pull-error -o jsonpath='{.status.containerStatuses[?(@.name=="app")].state.waiting.reason}'
[[ "$(pod pull-error '{.status.phase}')" == Pending ]] || fail "pull-error: phase $(pod pull-error '{.status.phase}') (want Pending)"

# graceful delete completes
"$K" -n "$NS" delete pod default --grace-period=30 --timeout=30s >/dev/null || fail "graceful delete of pod default did not complete in 30s"
ok "graceful delete (grace 30s) completed"

# deletion stops the containers first, as the kubelet does: visible while a finalizer holds the pod
cat <<EOF | "$K" -n "$NS" apply -f - >/dev/null
apiVersion: v1
kind: Pod
metadata:
  name: held
  finalizers: [smoke.berth.dev/hold]
  annotations: {sim.berth.dev/stop-exit-code: "143"}
spec:
  restartPolicy: Never
  containers: [{name: app, image: registry.example/app:1}]
EOF
eventually 20 "held: Running" "Running" -n "$NS" get pod held -o jsonpath='{.status.phase}'
"$K" -n "$NS" delete pod held --wait=false >/dev/null
eventually 20 "held: deleted pod's container terminated with stop-exit-code 143" "143" \
  -n "$NS" get pod held -o jsonpath='{.status.containerStatuses[0].state.terminated.exitCode}'
"$K" -n "$NS" patch pod held --type json -p '[{"op":"remove","path":"/metadata/finalizers"}]' >/dev/null
eventually 20 "held: removed once its finalizer is gone" "" -n "$NS" get pod held -o name --ignore-not-found

# ---- metrics.k8s.io ----------------------------------------------------------------------------
# CPU is a rate over two scrapes (metric-resolution 10s): allow +-10 %; memory is exact.
to_milli() { # quantity -> millicores
  awk -v q="$1" 'BEGIN{ n=q+0; u=q; sub(/^[0-9.]+/,"",u);
    if(u=="n") n/=1e6; else if(u=="u") n/=1e3; else if(u=="m") n=n; else n*=1000; printf "%d", n }'
}
to_bytes() {
  awk -v q="$1" 'BEGIN{ n=q+0; u=q; sub(/^[0-9.]+/,"",u);
    m["Ki"]=1024; m["Mi"]=1048576; m["Gi"]=1073741824; m["k"]=1e3; m["M"]=1e6; m["G"]=1e9;
    if(u in m) n*=m[u]; printf "%d", n }'
}
t=0
while :; do
  raw="$("$K" get --raw "/apis/metrics.k8s.io/v1beta1/namespaces/$NS/pods/usage" 2>/dev/null || true)"
  cpu_app="$(sed -n 's/.*"name":"app","usage":{"cpu":"\([^"]*\)".*/\1/p' <<<"$raw")"
  mem_app="$(sed -n 's/.*"name":"app","usage":{"cpu":"[^"]*","memory":"\([^"]*\)".*/\1/p' <<<"$raw")"
  cpu_log="$(sed -n 's/.*"name":"logger","usage":{"cpu":"\([^"]*\)".*/\1/p' <<<"$raw")"
  if [[ -n "$cpu_app" && -n "$mem_app" && -n "$cpu_log" ]]; then
    a=$(to_milli "$cpu_app"); l=$(to_milli "$cpu_log"); b=$(to_bytes "$mem_app")
    if (( a >= 225 && a <= 275 && l >= 45 && l <= 55 )) && (( b == 314572800 )); then
      ok "metrics.k8s.io: app cpu=$cpu_app (~250m) memory=$mem_app (=300Mi), logger cpu=$cpu_log (~50m)"
      break
    fi
  fi
  t=$((t + 2))
  (( t <= 120 )) || fail "metrics.k8s.io did not report the simulated usage in 120s; last: ${raw:-<none>}"
  sleep 2
done
"$K" -n "$NS" top pod usage --containers >/dev/null || fail "kubectl top pod failed"
ok "kubectl top pod --containers works"

# ---- API server features -----------------------------------------------------------------------
cat <<'EOF' | "$K" apply -f - >/dev/null
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.smoke.berth.dev
spec:
  group: smoke.berth.dev
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: "self.desiredCount <= self.maxCount"
              message: "desiredCount must not exceed maxCount"
            properties:
              desiredCount: {type: integer}
              maxCount: {type: integer}
EOF
"$K" wait --for=condition=Established crd/widgets.smoke.berth.dev --timeout=30s >/dev/null
widget() { printf 'apiVersion: smoke.berth.dev/v1\nkind: Widget\nmetadata: {name: %s, namespace: %s}\nspec: {desiredCount: %s, maxCount: 3}\n' "$1" "$NS" "$2"; }
out="$(widget bad 5 | "$K" apply -f - 2>&1)" && fail "CEL rule did not reject desiredCount 5 > maxCount 3"
grep -q "desiredCount must not exceed maxCount" <<<"$out" || fail "CEL rejection without the rule message: $out"
widget good 2 | "$K" apply -f - >/dev/null || fail "valid Widget rejected"
ok "CRD x-kubernetes-validations (CEL) rejects a bad object"

cm() { printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: %s}\ndata: {owner: %s}\n' "$NS" "$1"; }
cm alpha | "$K" apply --server-side --field-manager=alpha -f - >/dev/null || fail "server-side apply (create) failed"
out="$(cm beta | "$K" apply --server-side --field-manager=beta -f - 2>&1)" && fail "server-side apply did not report a conflict"
grep -qi conflict <<<"$out" || fail "unexpected server-side apply error: $out"
cm beta | "$K" apply --server-side --field-manager=beta --force-conflicts -f - >/dev/null || fail "forced server-side apply failed"
[[ "$("$K" -n "$NS" get cm ssa -o jsonpath='{.metadata.managedFields[?(@.operation=="Apply")].manager}')" == beta ]] || fail "managedFields not transferred to beta"
ok "server-side apply: conflict detection, force, managedFields"

"$K" -n "$NS" create configmap owner --from-literal=a=b >/dev/null
uid="$("$K" -n "$NS" get cm owner -o jsonpath='{.metadata.uid}')"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: child\n  namespace: %s\n  ownerReferences:\n  - {apiVersion: v1, kind: ConfigMap, name: owner, uid: %s}\n' "$NS" "$uid" \
  | "$K" apply -f - >/dev/null
"$K" -n "$NS" delete cm owner --wait=true >/dev/null
eventually 30 "garbage collector deleted the child of a deleted owner" "" -n "$NS" get cm child -o name --ignore-not-found

# ---- nodes -------------------------------------------------------------------------------------
if [[ "${BERTH_SMOKE_NODES:-1}" != 0 ]]; then
  mapfile -t nodes < <("$K" get nodes -l berth.dev/simulated=true,kubernetes.io/arch=amd64 -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')
  (( ${#nodes[@]} >= 2 )) || fail "need 2 amd64 kwok nodes, have ${#nodes[@]}"
  nr="${nodes[0]}"; lost="${nodes[1]}"
  podon() { # name node tolerationSeconds
    cat <<EOF | "$K" -n "$NS" apply -f - >/dev/null
apiVersion: v1
kind: Pod
metadata: {name: $1}
spec:
  nodeName: $2
  restartPolicy: Never
  tolerations:
  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: $3}
  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: $3}
  containers: [{name: app, image: registry.example/app:1}]
EOF
  }
  podon on-notready "$nr" 5
  podon on-lost "$lost" 5
  "$K" -n "$NS" patch pod on-lost --type merge -p '{"metadata":{"finalizers":["smoke.berth.dev/hold"]}}' >/dev/null
  eventually 30 "pods on $nr and $lost Running" "Running Running" \
    -n "$NS" get pod on-notready on-lost -o jsonpath='{.items[*].status.phase}'

  "$K" annotate node "$nr" sim.berth.dev/node-state=NotReady --overwrite >/dev/null
  eventually 20 "node $nr Ready=False (kubelet NotReady)" "False" get node "$nr" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}'
  eventually 30 "node-lifecycle controller tainted $nr not-ready:NoExecute" "node.kubernetes.io/not-ready" \
    get node "$nr" -o jsonpath='{.spec.taints[?(@.effect=="NoExecute")].key}'
  eventually 40 "pod on NotReady node evicted after tolerationSeconds=5 and deleted" "" \
    -n "$NS" get pod on-notready -o name --ignore-not-found

  "$K" annotate node "$nr" sim.berth.dev/node-state- >/dev/null
  eventually 30 "NotReady node recovers when the annotation is removed (Ready=True, taint gone)" "True," \
    get node "$nr" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status},{.spec.taints[?(@.effect=="NoExecute")].key}'

  "$K" annotate node "$lost" sim.berth.dev/node-state=Lost --overwrite >/dev/null
  LOST_NODE="$lost"
  eventually 10 "Lost trigger consumed (annotation removed, Lease taken over)" ",sim.berth.dev-node-lost" \
    get node,lease -n kube-node-lease "$lost" -o jsonpath='{.items[0].metadata.annotations.sim\.berth\.dev/node-state},{.items[1].spec.holderIdentity}'
  eventually 90 "node $lost Ready=Unknown after the 40s grace period (Lease no longer renewed)" "Unknown" \
    get node "$lost" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}'
  eventually 30 "node-lifecycle controller tainted $lost unreachable:NoExecute" "node.kubernetes.io/unreachable" \
    get node "$lost" -o jsonpath='{.spec.taints[?(@.effect=="NoExecute")].key}'
  # The taint manager evicts the pod. kwok v0.8.0 still plays the deletion stages for it (terminates
  # the containers, deletes the pod), unlike a real cluster where nothing would confirm it; the
  # finalizer (as on Berth's task pods) keeps the evicted pod visible.
  eventually 40 "pod on lost node evicted after tolerationSeconds=5 (Terminating, held by its finalizer)" "true" \
    -n "$NS" get pod on-lost -o go-template='{{if .metadata.deletionTimestamp}}true{{end}}'

  "$K" delete lease -n kube-node-lease "$lost" >/dev/null
  LOST_NODE=""
  eventually 60 "lost node recovers after its Lease is deleted (Ready=True, taint gone)" "True," \
    get node "$lost" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status},{.spec.taints[?(@.effect=="NoExecute")].key}'
  "$K" -n "$NS" patch pod on-lost --type json -p '[{"op":"remove","path":"/metadata/finalizers"}]' >/dev/null
  eventually 30 "evicted pod is deleted once its finalizer is removed" "" -n "$NS" get pod on-lost -o name --ignore-not-found
fi

log "PASS: $PASSED checks in $(( $(date +%s) - T0 ))s"
