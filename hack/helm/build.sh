#!/usr/bin/env bash
# Builds the helm v3 CLI from its Go module (helm.sh/helm/v3/cmd/helm), like hack/cluster/build.sh
# builds Kubernetes: no binary downloads, no Docker, cached once per version.
#
#   hack/helm/build.sh               build when missing (a second run returns in ~0 s)
#   hack/helm/build.sh --print-path  print the path of the helm binary (builds nothing)
#   BERTH_REBUILD=1 hack/helm/build.sh   rebuild
#
# Output: ${BERTH_CACHE:-$HOME/.cache/berth}/helm-<version>/bin/helm
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-3.22.0}"
CACHE="${BERTH_CACHE:-$HOME/.cache/berth}"
DIR="$CACHE/helm-$HELM_VERSION"
BIN="$DIR/bin/helm"

if [[ "${1:-}" == "--print-path" ]]; then echo "$BIN"; exit 0; fi

log() { echo "[helm] $*" >&2; }
die() { echo "[helm] ERROR: $*" >&2; exit 1; }

if [[ -z "${BERTH_REBUILD:-}" && -f "$DIR/.complete" && -x "$BIN" ]]; then
  log "helm $HELM_VERSION cached in $BIN"
  exit 0
fi

command -v go >/dev/null || die "go is not on PATH (Go >= 1.26 is required)"
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=
mkdir -p "$CACHE"
exec 9>"$CACHE/.helm-build.lock"
if ! flock -n 9; then log "another build holds $CACHE/.helm-build.lock, waiting..."; flock 9; fi
# The build we waited for may have produced it.
if [[ -z "${BERTH_REBUILD:-}" && -f "$DIR/.complete" && -x "$BIN" ]]; then exit 0; fi

T0=$(date +%s)
log "downloading helm.sh/helm/v3@v$HELM_VERSION module graph (first time: ~1 min)..."
gomod="$(go mod download -json "helm.sh/helm/v3@v$HELM_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')"
[[ -f "$gomod" ]] || die "could not download helm.sh/helm/v3@v$HELM_VERSION"
# The release Makefile stamps the version and the Kubernetes version lint/template assume
# (client-go v0.X.Y -> Kubernetes 1.X); do the same so `helm version` and Capabilities are right.
cgo="$(sed -n 's#^[[:space:]]*k8s.io/client-go v0\.\([0-9]*\)\..*#\1#p' "$gomod" | sed -n 1p)"
[[ -n "$cgo" ]] || die "could not read the client-go version from $gomod"
LDF="-s -w -X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION -X helm.sh/helm/v3/internal/version.metadata="
LDF+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for p in pkg/lint/rules pkg/chartutil; do
  LDF+=" -X helm.sh/helm/v3/$p.k8sVersionMajor=1 -X helm.sh/helm/v3/$p.k8sVersionMinor=$cgo"
done
OUT="$DIR/bin.tmp"
rm -rf "$OUT" "$DIR/.complete"; mkdir -p "$OUT"
log "building helm $HELM_VERSION (first time: ~3 min on 2 cores)..."
GOBIN="$OUT" nice -n 10 go install -trimpath -ldflags "$LDF" "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION"
[[ "$("$OUT/helm" version --short)" == "v$HELM_VERSION"* ]] || die "helm does not report v$HELM_VERSION: $("$OUT/helm" version --short)"
rm -rf "$DIR/bin"; mv "$OUT" "$DIR/bin"
go version >"$DIR/.complete"
log "built $BIN in $(( $(date +%s) - T0 ))s ($("$BIN" version --short))"
