#!/usr/bin/env bash
# make run: a working Berth. Uses $KUBECONFIG, else the default kubeconfig if its cluster answers,
# else starts (or reuses) the local kwok cluster (make cluster). Applies crds/ and runs the operator
# in the foreground (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."

reachable() { kubectl version --request-timeout=5s >/dev/null 2>&1; }

if [[ -z "${KUBECONFIG:-}" ]] && ! { [[ -f "$HOME/.kube/config" ]] && command -v kubectl >/dev/null && reachable; }; then
  echo "[run] no cluster in KUBECONFIG or ~/.kube/config: starting the local one (make cluster)"
  make -s cluster
  # shellcheck disable=SC1091
  source build/cluster/env
fi
reachable || { echo "[run] ERROR: the cluster of ${KUBECONFIG:-~/.kube/config} does not answer" >&2; exit 1; }

echo "[run] applying crds/ to $(kubectl config current-context 2>/dev/null || echo the cluster)"
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
kubectl wait --for=condition=Established --timeout=60s -f crds/ >/dev/null
echo "[run] starting Berth (Ctrl-C stops it). In another shell:"
if [[ -f build/cluster/env && "${KUBECONFIG:-}" == "$PWD/build/cluster/kubeconfig" ]]; then
  echo "        source build/cluster/env"
fi
echo "        kubectl apply -f deploy/examples/nginx-taskdefinition.yaml -f deploy/examples/nginx-task.yaml"
echo "        kubectl get berth"
exec java -Dquarkus.log.console.json.enabled=false -Dquarkus.http.host=127.0.0.1 -jar target/quarkus-app/quarkus-run.jar
