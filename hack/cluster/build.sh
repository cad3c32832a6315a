#!/usr/bin/env bash
# Builds the local Kubernetes control plane from Go modules (no Docker, no binary downloads):
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl  (k8s.io/kubernetes)
#   etcd, etcdctl                                                     (go.etcd.io/etcd)
#   kwok, kwokctl                                                     (sigs.k8s.io/kwok)
#   metrics-server (+ its kustomize manifests)                        (sigs.k8s.io/metrics-server)
#
# Output (outside the repo, built once per version):
#   ${BERTH_CACHE:-$HOME/.cache/berth}/<component>-<version>/bin/...
# A component directory is complete when its ".complete" stamp exists; a second run only checks
# the stamps and returns in about a second.
#
# Usage: hack/cluster/build.sh            build what is missing
#        hack/cluster/build.sh --print-env print the resolved binary paths (sourced by up.sh)
#        BERTH_REBUILD=1 hack/cluster/build.sh   rebuild everything
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"

CACHE="${BERTH_CACHE:-$HOME/.cache/berth}"
K8S_DIR="$CACHE/kubernetes-$K8S_VERSION"
ETCD_DIR="$CACHE/etcd-$ETCD_VERSION"
KWOK_DIR="$CACHE/kwok-$KWOK_VERSION"
MS_DIR="$CACHE/metrics-server-$METRICS_SERVER_VERSION"

if [[ "${1:-}" == "--print-env" ]]; then
  cat <<EOF
BERTH_K8S_BIN=$K8S_DIR/bin
BERTH_ETCD_BIN=$ETCD_DIR/bin
BERTH_KWOK_BIN=$KWOK_DIR/bin
BERTH_METRICS_SERVER_BIN=$MS_DIR/bin
BERTH_METRICS_SERVER_MANIFESTS=$MS_DIR/manifests
K8S_VERSION=$K8S_VERSION
ETCD_VERSION=$ETCD_VERSION
KWOK_VERSION=$KWOK_VERSION
METRICS_SERVER_VERSION=$METRICS_SERVER_VERSION
EOF
  exit 0
fi

log() { echo "[cluster] $*" >&2; }
die() { echo "[cluster] ERROR: $*" >&2; exit 1; }
# reports TEXT CMD...: CMD's output mentions TEXT (read whole: `CMD | grep -q` fails under pipefail
# when grep exits early and CMD dies of SIGPIPE).
reports() { local text="$1"; shift; [[ "$("$@" 2>/dev/null)" == *"$text"* ]]; }

is_complete() { # dir bin...
  local d="$1"; shift
  [[ -z "${BERTH_REBUILD:-}" && -f "$d/.complete" ]] || return 1
  local b; for b in "$@"; do [[ -x "$d/bin/$b" ]] || return 1; done
}

# Fast path: everything already built -> no Go invocation at all.
if is_complete "$K8S_DIR" kube-apiserver kube-controller-manager kube-scheduler kubectl \
  && is_complete "$ETCD_DIR" etcd etcdctl \
  && is_complete "$KWOK_DIR" kwok kwokctl \
  && is_complete "$MS_DIR" metrics-server && [[ -f "$MS_DIR/manifests/kustomization.yaml" ]]; then
  log "control-plane binaries cached in $CACHE (kubernetes $K8S_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION, metrics-server $METRICS_SERVER_VERSION)"
  exit 0
fi

command -v go >/dev/null || die "go is not on PATH (Go >= 1.26 is required)"
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=
NICE=(nice -n 10)
log "Go: $(go version)"

mkdir -p "$CACHE"
# One build at a time (two `make cluster` in parallel must not race on the same output dir).
exec 9>"$CACHE/.build.lock"
if ! flock -n 9; then
  log "another build holds $CACHE/.build.lock, waiting..."
  flock 9
fi

SRC="$CACHE/src"
mkdir -p "$SRC"

now() { date +%s; }
elapsed() { echo "$(( $(now) - $1 ))s"; }

# go_build <label> <estimate> <out-file> <go build args...>  (run inside a wrapper module)
go_build() {
  local label="$1" est="$2" out="$3"; shift 3
  local t0; t0=$(now)
  log "building $label (first time: ~$est)..."
  "${NICE[@]}" go build -mod=mod -trimpath -o "$out" "$@"
  log "built $label in $(elapsed "$t0") ($(du -h "$out" | cut -f1))"
}

# ----------------------------------------------------------------------------------------------
build_kubernetes() {
  local KV="v$K8S_VERSION" SV="v0.${K8S_VERSION#1.}" MINOR
  MINOR="$(echo "$K8S_VERSION" | cut -d. -f2)"
  local W="$SRC/kubernetes-$K8S_VERSION" OUT="$K8S_DIR/bin.tmp"
  rm -rf "$OUT" "$K8S_DIR/.complete"; mkdir -p "$W" "$OUT"
  log "downloading k8s.io/kubernetes $KV module graph (first time: ~1 min)..."
  local gomod
  gomod="$(go mod download -json "k8s.io/kubernetes@$KV" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')"
  [[ -f "$gomod" ]] || die "could not download k8s.io/kubernetes@$KV"
  {
    echo "module local/berth-k8sbins"
    echo
    echo "go 1.26.0"
    echo
    echo "godebug default=go1.26"
    echo
    echo "require k8s.io/kubernetes $KV"
    echo
    echo "replace ("
    # Every staging module that k8s.io/kubernetes replaces with ./staging/src/... is replaced with
    # its published v0.x.y twin, so the list follows the exact go.mod being built.
    sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/k8s\.io/.*#\t\1 => \1 '"$SV"'#p' "$gomod"
    echo ")"
  } >"$W/go.mod"
  grep -q "k8s.io/api => k8s.io/api $SV" "$W/go.mod" || die "could not derive staging replaces from $gomod"
  (cd "$W" && go get "k8s.io/kubernetes@$KV" >/dev/null 2>&1 || go get "k8s.io/kubernetes@$KV")

  local LDF="-s -w" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    LDF+=" -X $p.gitVersion=$KV -X $p.gitMajor=1 -X $p.gitMinor=$MINOR"
    LDF+=" -X $p.gitCommit=0000000000000000000000000000000000000000 -X $p.gitTreeState=clean"
    LDF+=" -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  cd "$W"
  go_build "kube-apiserver $K8S_VERSION" "5 min" "$OUT/kube-apiserver" \
    -tags=selinux,notest -ldflags "$LDF" k8s.io/kubernetes/cmd/kube-apiserver
  go_build "kube-controller-manager $K8S_VERSION" "2 min" "$OUT/kube-controller-manager" \
    -tags=selinux,notest -ldflags "$LDF" k8s.io/kubernetes/cmd/kube-controller-manager
  go_build "kube-scheduler $K8S_VERSION" "10 s" "$OUT/kube-scheduler" \
    -tags=selinux,notest -ldflags "$LDF" k8s.io/kubernetes/cmd/kube-scheduler
  go_build "kubectl $K8S_VERSION" "30 s" "$OUT/kubectl" \
    -tags=selinux,notest -ldflags "$LDF" k8s.io/kubernetes/cmd/kubectl
  cd - >/dev/null
  reports "v$K8S_VERSION" "$OUT/kubectl" version --client || die "kubectl does not report v$K8S_VERSION"
  rm -rf "$K8S_DIR/bin"; mv "$OUT" "$K8S_DIR/bin"
  go version >"$K8S_DIR/.complete"
}

build_etcd() {
  local EV="v$ETCD_VERSION" W="$SRC/etcd-$ETCD_VERSION" OUT="$ETCD_DIR/bin.tmp"
  rm -rf "$OUT" "$ETCD_DIR/.complete"; mkdir -p "$W" "$OUT"
  # Own wrapper module: go install fails on etcd's local-path replaces, and mixing it into the
  # kubernetes wrapper would bump the apiserver's etcd client libraries.
  cat >"$W/go.mod" <<EOF
module local/berth-etcdbins

go 1.26.0

require (
	go.etcd.io/etcd/server/v3 $EV
	go.etcd.io/etcd/etcdctl/v3 $EV
)
EOF
  cd "$W"
  log "downloading etcd $EV modules..."
  go get "go.etcd.io/etcd/server/v3@$EV" "go.etcd.io/etcd/etcdctl/v3@$EV" >/dev/null 2>&1 \
    || go get "go.etcd.io/etcd/server/v3@$EV" "go.etcd.io/etcd/etcdctl/v3@$EV"
  go_build "etcd $ETCD_VERSION" "1.5 min" "$OUT/etcd" -ldflags "-s -w" go.etcd.io/etcd/server/v3
  go_build "etcdctl $ETCD_VERSION" "10 s" "$OUT/etcdctl" -ldflags "-s -w" go.etcd.io/etcd/etcdctl/v3
  cd - >/dev/null
  reports "$ETCD_VERSION" "$OUT/etcd" --version || die "etcd does not report $ETCD_VERSION"
  rm -rf "$ETCD_DIR/bin"; mv "$OUT" "$ETCD_DIR/bin"
  go version >"$ETCD_DIR/.complete"
}

go_install() { # label estimate outdir ldflags pkg@ver
  local label="$1" est="$2" outdir="$3" ldf="$4" pkg="$5" t0
  t0=$(now)
  log "building $label (first time: ~$est)..."
  GOBIN="$outdir" "${NICE[@]}" go install -trimpath -ldflags "$ldf" "$pkg"
  log "built $label in $(elapsed "$t0")"
}

build_kwok() {
  local OUT="$KWOK_DIR/bin.tmp"
  rm -rf "$OUT" "$KWOK_DIR/.complete"; mkdir -p "$OUT"
  go_install "kwok $KWOK_VERSION" "1.5 min" "$OUT" "-s -w" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
  go_install "kwokctl $KWOK_VERSION" "15 s" "$OUT" "-s -w" "sigs.k8s.io/kwok/cmd/kwokctl@v$KWOK_VERSION"
  rm -rf "$KWOK_DIR/bin"; mv "$OUT" "$KWOK_DIR/bin"
  go version >"$KWOK_DIR/.complete"
}

build_metrics_server() {
  local MV="v$METRICS_SERVER_VERSION" OUT="$MS_DIR/bin.tmp" dir
  rm -rf "$OUT" "$MS_DIR/.complete" "$MS_DIR/manifests"; mkdir -p "$OUT"
  go_install "metrics-server $METRICS_SERVER_VERSION" "3 min" "$OUT" \
    "-s -w -X k8s.io/client-go/pkg/version.gitVersion=$MV -X k8s.io/component-base/version.gitVersion=$MV" \
    "sigs.k8s.io/metrics-server/cmd/metrics-server@$MV"
  # kwokctl turns the upstream manifests (APIService + Service) into an APIService that points at
  # the locally running binary; copy them so the module cache can be cleaned safely.
  dir="$(go mod download -json "sigs.k8s.io/metrics-server@$MV" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')"
  [[ -f "$dir/manifests/base/kustomization.yaml" ]] || die "metrics-server manifests not found in $dir"
  cp -r "$dir/manifests/base" "$MS_DIR/manifests"; chmod -R u+w "$MS_DIR/manifests"
  rm -rf "$MS_DIR/bin"; mv "$OUT" "$MS_DIR/bin"
  go version >"$MS_DIR/.complete"
}

T0=$(now)
log "building the local control plane into $CACHE (first time: ~14 min on 2 cores, ~7 GB of Go caches)"
is_complete "$ETCD_DIR" etcd etcdctl || build_etcd
is_complete "$KWOK_DIR" kwok kwokctl || build_kwok
{ is_complete "$MS_DIR" metrics-server && [[ -f "$MS_DIR/manifests/kustomization.yaml" ]]; } || build_metrics_server
is_complete "$K8S_DIR" kube-apiserver kube-controller-manager kube-scheduler kubectl || build_kubernetes
log "all control-plane binaries ready in $CACHE (took $(elapsed "$T0"))"
