#!/usr/bin/env bash
# make run: a working Berth. Uses $KUBECONFIG, else the default kubeconfig if its cluster answers,
# else starts (or reuses) the local kwok cluster (make cluster). Packages the operator, applies crds/
# and runs it in the foreground until Ctrl-C, saying where it is at each step.
#
#   BERTH_PORT=8080   the operator's HTTP port (health, metrics); default 8080, or a free port when
#                     8080 is taken
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="${MVN:-mvn -B -ntp -Dstyle.color=never}"
T0=$(date +%s)
step() { echo "[run] $1/4 $2 ($(($(date +%s) - T0))s)"; }
die() { echo "[run] ERROR: $*" >&2; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
reachable() { kubectl version --request-timeout=5s >/dev/null 2>&1; }

step 1 "packaging the operator (the first run downloads dependencies: a few minutes)"
$MVN -q package -DskipTests

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

if [[ -n "${BERTH_PORT:-}" ]]; then
  port_free "$BERTH_PORT" || die "BERTH_PORT=$BERTH_PORT is in use: choose another port"
  PORT="$BERTH_PORT"
elif port_free 8080; then
  PORT=8080
else
  PORT="$(free_port)"
  echo "[run] port 8080 is in use: the operator takes the free port $PORT (set BERTH_PORT to choose one)"
fi
LOG="target/berth-run.log"
step 4 "starting the operator on http://127.0.0.1:$PORT (log: $LOG)"
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
wait "$PID"
