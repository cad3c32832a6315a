#!/usr/bin/env bash
# make run: a working Berth. Uses $KUBECONFIG, else the default kubeconfig if its cluster answers,
# else starts (or reuses) the local kwok cluster (make cluster). Packages the operator, applies crds/,
# makes a local ECS API key and runs the operator in the foreground until Ctrl-C, saying where it is
# at each step.
#
#   BERTH_PORT=8080          the operator's HTTP port (health, metrics); default 8080, or a free port
#                            when 8080 is taken
#   BERTH_ECS_API_PORT=8081  the ECS API's port; default 8081, or a free port when 8081 is taken
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="${MVN:-mvn -B -ntp -Dstyle.color=never}"
T0=$(date +%s)
step() { echo "[run] $1/5 $2 ($(($(date +%s) - T0))s)"; }
die() { echo "[run] ERROR: $*" >&2; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# choose_port VARIABLE DEFAULT WHAT: the port the variable names (which must be free), else DEFAULT when
# free, else any free port
choose_port() {
  local chosen="${!1:-}"
  if [[ -n "$chosen" ]]; then
    port_free "$chosen" || die "$1=$chosen is in use: choose another port"
    echo "$chosen"
  elif port_free "$2"; then
    echo "$2"
  else
    chosen="$(free_port)"
    echo "[run] port $2 is in use: $3 takes the free port $chosen (set $1 to choose one)" >&2
    echo "$chosen"
  fi
}
reachable() { kubectl version --request-timeout=5s >/dev/null 2>&1; }

step 1 "packaging the operator (the first run downloads dependencies: a few minutes)"
# Maven's quiet mode still writes colour resets without a newline: drop them so the next line starts clean.
$MVN -q package -DskipTests 2>&1 | sed 's/\x1b\[[0-9;]*m//g'

if [[ -z "${KUBECONFIG:-}" ]] && ! { [[ -f "$HOME/.kube/config" ]] && command -v kubectl >/dev/null && reachable; }; then
  step 2 "no cluster in KUBECONFIG or ~/.kube/config: starting the local one (make cluster; the first build takes ~15 min)"
  make -s cluster
  # shellcheck disable=SC1091
  source build/cluster/env
else
  step 2 "using the cluster of ${KUBECONFIG:-~/.kube/config}"
fi
reachable || die "the cluster of ${KUBECONFIG:-~/.kube/config} does not answer"

step 3 "applying crds/ to $(kubectl config current-context 2>/dev/null || echo the cluster)"
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
kubectl wait --for=condition=Established --timeout=60s -f crds/ >/dev/null
# Refresh kubectl's discovery cache, or `kubectl get berth` may not know the category for minutes.
kubectl api-resources --cached=false >/dev/null 2>&1 || true

# The ECS API with a local access key (docs/ecs-api.md): a Secret in the namespace "default", bound to the
# ServiceAccount berth-ecs-local of "default", which may do anything with Berth's kinds there. The key is kept
# across runs (the same export lines work again); ~/.aws is never read or written.
step 4 "a local ECS API access key (Secret default/berth-ecs-local-key)"
kubectl apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: ServiceAccount
metadata: {name: berth-ecs-local, namespace: default}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: berth-ecs-local, namespace: default}
rules:
  - {apiGroups: [berth.dev], resources: ["*"], verbs: ["*"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: berth-ecs-local, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: berth-ecs-local}
subjects: [{kind: ServiceAccount, name: berth-ecs-local, namespace: default}]
YAML
key_field() { kubectl get secret berth-ecs-local-key -n default -o "jsonpath={.data.$1}" 2>/dev/null | base64 -d; }
if [[ -z "$(key_field accessKeyId)" ]]; then
  hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
  kubectl create secret generic berth-ecs-local-key -n default \
    --from-literal=accessKeyId="AKIA$(hex 8 | tr a-f A-F)" \
    --from-literal=secretAccessKey="$(hex 20)" \
    --from-literal=namespace=default --from-literal=serviceAccount=berth-ecs-local >/dev/null
  kubectl label secret berth-ecs-local-key -n default berth.dev/ecs-access-key=true >/dev/null
fi

PORT="$(choose_port BERTH_PORT 8080 "the operator")"
ECS_API_PORT="$(choose_port BERTH_ECS_API_PORT 8081 "the ECS API")"
export BERTH_ECS_API_ENABLED=true BERTH_ECS_API_HOST=127.0.0.1 BERTH_ECS_API_PORT="$ECS_API_PORT" BERTH_ECS_API_KEYS_NAMESPACE=default
LOG="target/berth-run.log"
step 5 "starting the operator on http://127.0.0.1:$PORT (log: $LOG)"
# the chart's jvmOptions (helm/berth/values.yaml), unless JDK_JAVA_OPTIONS is set
JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS-$(sed -n 's/^jvmOptions: *"\(.*\)"$/\1/p' helm/berth/values.yaml)}" \
  java -Dquarkus.log.console.json.enabled=false -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" \
  -jar target/quarkus-app/quarkus-run.jar > >(tee "$LOG") 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null' EXIT INT TERM
until curl -fsS "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1; do
  kill -0 "$PID" 2>/dev/null || die "the operator exited before it was ready: see $LOG"
  sleep 0.5
done
echo
echo "[run] Berth is ready after $(($(date +%s) - T0))s: http://127.0.0.1:$PORT/q/health (Ctrl-C stops it). Next, in another shell:"
if [[ "${KUBECONFIG:-}" == "$PWD/build/cluster/kubeconfig" ]]; then
  echo "        source build/cluster/env"
fi
echo "        kubectl apply -f deploy/examples/nginx-taskdefinition.yaml -f deploy/examples/nginx-task.yaml"
echo "        kubectl get berth"
echo "        kubectl get task my-task-run -o yaml"
echo "[run] the ECS API (namespace default) answers on http://127.0.0.1:$ECS_API_PORT:"
echo "        export AWS_ACCESS_KEY_ID=$(key_field accessKeyId) AWS_SECRET_ACCESS_KEY=$(key_field secretAccessKey) AWS_DEFAULT_REGION=us-east-1"
echo "        aws ecs list-clusters --endpoint-url http://127.0.0.1:$ECS_API_PORT"
wait "$PID"
