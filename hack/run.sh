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
# The ECS API with a local access key (docs/ecs-api.md): a Secret in the namespace "default", bound to the
# ServiceAccount berth-ecs-local of "default", which may do anything with Berth's kinds there. The key is kept
# across runs (the same export lines work again); ~/.aws is never read or written.
ECS_API_PORT=${BERTH_ECS_API_PORT:-8081}
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
export BERTH_ECS_API_ENABLED=true BERTH_ECS_API_HOST=127.0.0.1 BERTH_ECS_API_PORT="$ECS_API_PORT" BERTH_ECS_API_KEYS_NAMESPACE=default

echo "[run] starting Berth (Ctrl-C stops it). In another shell:"
if [[ -f build/cluster/env && "${KUBECONFIG:-}" == "$PWD/build/cluster/kubeconfig" ]]; then
  echo "        source build/cluster/env"
fi
echo "        kubectl apply -f deploy/examples/nginx-taskdefinition.yaml -f deploy/examples/nginx-task.yaml"
echo "        kubectl get berth"
echo "[run] the ECS API (namespace default) answers on http://127.0.0.1:$ECS_API_PORT:"
echo "        export AWS_ACCESS_KEY_ID=$(key_field accessKeyId) AWS_SECRET_ACCESS_KEY=$(key_field secretAccessKey) AWS_DEFAULT_REGION=us-east-1"
echo "        aws ecs list-clusters --endpoint-url http://127.0.0.1:$ECS_API_PORT"
exec java -Dquarkus.log.console.json.enabled=false -Dquarkus.http.host=127.0.0.1 -jar target/quarkus-app/quarkus-run.jar
