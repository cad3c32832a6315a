#!/usr/bin/env bash
# The operator image without a Docker engine and without a registry: an OCI image layout archive
# assembled from local files only (docs/install.md, "Image").
#
#   layer 1  a minimal root: glibc and the other shared libraries the JRE links against (copied from this
#            Debian machine, resolved with ldd), /etc/passwd with the non-root user 185, /tmp
#   layer 2  a Java 17 runtime made by jlink from the local JDK (/opt/java)
#   layer 3  the operator's dependencies (target/quarkus-app/lib -> /deployments/lib)
#   layer 4  the operator itself (the rest of target/quarkus-app)
#
# Output: target/berth-operator-image.tar (OCI layout: oci-layout, index.json, blobs/sha256/...), tagged
# berth/operator:<version>. Load or push it with any OCI tool, e.g.
#   skopeo copy oci-archive:target/berth-operator-image.tar docker://registry.example/berth/operator:0.1.0
#   podman load -i target/berth-operator-image.tar        (docker load -i ... with Docker >= 25)
#
#   hack/image/build.sh            build (needs target/quarkus-app: make build)
#   hack/image/build.sh --verify   build, then run the image's java from its own root (chroot, root only)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VERSION="${BERTH_IMAGE_TAG:-$(sed -n 's/^appVersion: "\(.*\)"/\1/p' helm/berth/Chart.yaml)}"
REPOSITORY="${BERTH_IMAGE_REPOSITORY:-berth/operator}"
OUT="target/berth-operator-image.tar"
APP="target/quarkus-app"
# What the operator needs of the JDK (jdeps over its libraries, plus the TLS/DNS providers loaded by name).
MODULES="java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs"

log() { echo "[image] $*" >&2; }
die() { echo "[image] ERROR: $*" >&2; exit 1; }
[[ -f "$APP/quarkus-run.jar" ]] || die "$APP/quarkus-run.jar missing: run make build first"
command -v jlink >/dev/null || die "jlink (a JDK 17) is required"
JAVA_HOME_LOCAL="$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")"
[[ "$("$JAVA_HOME_LOCAL/bin/java" -version 2>&1)" == *'"17.'* ]] || die "jlink must come from a JDK 17 ($JAVA_HOME_LOCAL)"

WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
T0=$(date +%s)

log "layer 2: jlink a Java runtime from $JAVA_HOME_LOCAL"
mkdir -p "$WORK/jre/opt"
jlink --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$WORK/jre/opt/java" 2>/dev/null

log "layer 1: shared libraries the runtime links against, /etc/passwd (user 185), /tmp"
BASE="$WORK/base"
mkdir -p "$BASE/etc" "$BASE/tmp" "$BASE/deployments"
chmod 1777 "$BASE/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nberth:x:185:0:berth:/deployments:/sbin/nologin\n' >"$BASE/etc/passwd"
printf 'root:x:0:\nberth:x:185:\n' >"$BASE/etc/group"
printf 'hosts: files dns\n' >"$BASE/etc/nsswitch.conf"
find "$WORK/jre/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
  | xargs -0 ldd 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u >"$WORK/libs"
# glibc loads these by name at run time (DNS, user lookup): ldd cannot see them.
for extra in libnss_dns.so.2 libnss_files.so.2 libresolv.so.2; do
  find /lib /usr/lib -name "$extra" -print -quit 2>/dev/null >>"$WORK/libs"
done
while read -r lib; do
  [[ -e "$lib" ]] || continue
  mkdir -p "$BASE$(dirname "$lib")"
  cp -L "$lib" "$BASE$lib"
done <"$WORK/libs"
[[ -e /lib64/ld-linux-x86-64.so.2 ]] && { mkdir -p "$BASE/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$BASE/lib64/"; }
[[ -d /etc/ssl/certs ]] && { mkdir -p "$BASE/etc/ssl"; cp -rL /etc/ssl/certs "$BASE/etc/ssl/" 2>/dev/null || true; }

log "layers 3-4: $APP (dependencies, then the application)"
mkdir -p "$WORK/deps/deployments" "$WORK/app/deployments"
cp -r "$APP/lib" "$WORK/deps/deployments/"
for f in "$APP"/*; do [[ "$(basename "$f")" == lib ]] || cp -r "$f" "$WORK/app/deployments/"; done

BLOBS="$WORK/oci/blobs/sha256"; mkdir -p "$BLOBS"
LAYERS=(); DIFFS=()
for name in base jre deps app; do
  # Reproducible: sorted entries, fixed times and owners (root; the files are read-only for user 185).
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$WORK/$name" -cf "$WORK/$name.tar" .
  diff="$(sha256sum "$WORK/$name.tar" | cut -d' ' -f1)"
  gzip -n -6 "$WORK/$name.tar"
  digest="$(sha256sum "$WORK/$name.tar.gz" | cut -d' ' -f1)"
  size="$(stat -c %s "$WORK/$name.tar.gz")"
  mv "$WORK/$name.tar.gz" "$BLOBS/$digest"
  LAYERS+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$digest\",\"size\":$size}")
  DIFFS+=("\"sha256:$diff\"")
  log "  $name: $(numfmt --to=iec "$size") compressed"
done
join() { local IFS=,; echo "$*"; }

cat >"$WORK/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"User":"185","WorkingDir":"/deployments","ExposedPorts":{"8080/tcp":{}},"Env":["JAVA_HOME=/opt/java","LD_LIBRARY_PATH=/opt/java/lib","PATH=/opt/java/bin:/usr/bin:/bin","LANG=C.UTF-8"],"Entrypoint":["/opt/java/bin/java","-XX:MaxRAMPercentage=75","-Djava.util.logging.manager=org.jboss.logmanager.LogManager","-jar","/deployments/quarkus-run.jar"],"Labels":{"org.opencontainers.image.title":"berth-operator","org.opencontainers.image.version":"$VERSION"}},"rootfs":{"type":"layers","diff_ids":[$(join "${DIFFS[@]}")]},"history":[{"created_by":"hack/image/build.sh: shared libraries, passwd"},{"created_by":"hack/image/build.sh: jlink"},{"created_by":"hack/image/build.sh: quarkus-app/lib"},{"created_by":"hack/image/build.sh: quarkus-app"}]}
JSON
cdigest="$(sha256sum "$WORK/config.json" | cut -d' ' -f1)"; csize="$(stat -c %s "$WORK/config.json")"
mv "$WORK/config.json" "$BLOBS/$cdigest"
cat >"$WORK/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$cdigest","size":$csize},"layers":[$(join "${LAYERS[@]}")]}
JSON
mdigest="$(sha256sum "$WORK/manifest.json" | cut -d' ' -f1)"; msize="$(stat -c %s "$WORK/manifest.json")"
mv "$WORK/manifest.json" "$BLOBS/$mdigest"
echo '{"imageLayoutVersion":"1.0.0"}' >"$WORK/oci/oci-layout"
cat >"$WORK/oci/index.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$mdigest","size":$msize,"annotations":{"org.opencontainers.image.ref.name":"$VERSION","io.containerd.image.name":"docker.io/$REPOSITORY:$VERSION"}}]}
JSON
mkdir -p target
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$WORK/oci" -cf "$OUT" .
log "wrote $OUT ($(numfmt --to=iec "$(stat -c %s "$OUT")")): $REPOSITORY:$VERSION, manifest sha256:$mdigest, in $(( $(date +%s) - T0 ))s"

if [[ "${1:-}" == "--verify" ]]; then
  [[ $(id -u) -eq 0 ]] || die "--verify needs root (chroot)"
  R="$WORK/rootfs"; mkdir -p "$R"
  for layer in $(grep -o '"layers":\[.*\]' "$BLOBS/$mdigest" | grep -o 'sha256:[a-f0-9]*' | cut -d: -f2); do
    tar -xzf "$BLOBS/$layer" -C "$R"
  done
  log "verify: chroot into the image's root as user 185: java -version"
  # The image's Env (Debian's java finds libjli.so through its build-time RUNPATH, not under /opt/java).
  RUN_ENV=(PATH=/opt/java/bin LD_LIBRARY_PATH=/opt/java/lib)
  CHROOT="$(command -v chroot)"
  env -i "${RUN_ENV[@]}" "$CHROOT" --userspec=185:0 "$R" /opt/java/bin/java -version >"$WORK/version.log" 2>&1 \
    || { cat "$WORK/version.log" >&2; die "java does not run inside the image's root"; }
  sed 's/^/[image]   /' "$WORK/version.log" >&2
  if [[ -z "${KUBECONFIG:-}" || ! -f "${KUBECONFIG:-}" ]]; then
    log "verify: no KUBECONFIG: the operator itself was not started (source build/cluster/env to do so)"
    exit 0
  fi
  # The operator from the image against the cluster of $KUBECONFIG, watching one empty namespace only, so it
  # never competes with an operator already running there.
  kubectl config view --raw --flatten --minify >"$R/tmp/kubeconfig"; chmod 644 "$R/tmp/kubeconfig"
  env -i "${RUN_ENV[@]}" KUBECONFIG=/tmp/kubeconfig QUARKUS_OPERATOR_SDK_NAMESPACES=berth-image-verify \
    QUARKUS_HTTP_PORT=0 QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
    "$CHROOT" --userspec=185:0 "$R" /opt/java/bin/java -jar /deployments/quarkus-run.jar >"$WORK/run.log" 2>&1 &
  pid=$!; ok=""
  for _ in $(seq 1 90); do
    grep -q "started in" "$WORK/run.log" && { ok=1; break; }
    kill -0 $pid 2>/dev/null || break
    sleep 1
  done
  kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  [[ -n "$ok" ]] || { cat "$WORK/run.log" >&2; die "the operator did not start inside the image's root"; }
  log "verify: the operator started inside the image's root and connected to the cluster: $(grep -o 'started in [0-9.]*s' "$WORK/run.log")"
fi
