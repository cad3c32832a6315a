#!/usr/bin/env bash
# Draws docs/usage-dashboard.png: the shipped Grafana dashboard's panel queries run against the Prometheus
# data of the last end-to-end run (target/e2e/prometheus/data, written by the real Prometheus of UsageIT and
# RightSizingIT), drawn with Chart.js in an HTML page and screenshotted by Debian's headless Chromium. It is
# not Grafana (there is none here): the page says so.
#
#   hack/dashboard/picture.sh                 (make dashboard-picture)
#   BERTH_DASHBOARD_DATA=dir hack/dashboard/picture.sh     another Prometheus data directory
#
# Installs what it needs the first time: chromium (apt-get), chart.js (npm, pinned in package.json).
# A copy of the data is served by a Prometheus of its own on loopback, stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { echo "[dashboard] $*" >&2; }

data=${BERTH_DASHBOARD_DATA:-target/e2e/prometheus/data}
[[ -d $data ]] || { log "ERROR: no Prometheus data in $data: run an end-to-end test first, e.g. make cluster && mvn -q -B -ntp package -DskipTests && mvn -B -ntp failsafe:integration-test -Dit.test=RightSizingIT"; exit 1; }
chromium=$(hack/dashboard/chromium.sh | tail -1)
prometheus=$(hack/prometheus.sh | tail -1)
if [[ ! -f hack/dashboard/node_modules/chart.js/dist/chart.umd.js ]]; then
  log "installing chart.js (npm, once)..."
  (cd hack/dashboard && npm install --no-audit --no-fund --silent >&2)
fi

work=build/dashboard
rm -rf "$work" && mkdir -p "$work"
cp -r "$data" "$work/data"
rm -f "$work/data/lock"
printf 'global: {scrape_interval: 1m}\nscrape_configs: []\n' >"$work/prometheus.yml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --storage.tsdb.retention.time=3650d --web.listen-address="127.0.0.1:$port" >"$work/prometheus.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { log "ERROR: prometheus exited, see $work/prometheus.log"; exit 1; }
  sleep 1
done

height=$(node hack/dashboard/render.mjs "http://127.0.0.1:$port" helm/berth/dashboards/berth-usage.json "$PWD/$work/dashboard.html")
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --virtual-time-budget=10000 --window-size="1600,$height" --screenshot="$PWD/docs/usage-dashboard.png" \
  "file://$PWD/$work/dashboard.html" >"$work/chromium.log" 2>&1 \
  || { log "ERROR: chromium failed, see $work/chromium.log"; exit 1; }
log "wrote docs/usage-dashboard.png (page: $work/dashboard.html)"
