#!/usr/bin/env bash
# A local icnd cluster on loopback: N nodes from target/icnd.jar, each with its own ports and
# data directory under ./cluster, wired by bootstrap peers (node k dials nodes 0 and k-1).
#   scripts/cluster.sh start [N] [--demo]   start N nodes (default 3); --demo adds entries and transfers
#   scripts/cluster.sh status                show each node's URLs and health
#   scripts/cluster.sh stop                  stop every node (by PID)
# Node k listens on QUIC 127.0.0.1:(14433+k), RPC http://127.0.0.1:(15050+k), admin :(19090+k):
# dashboards/prometheus.yml scrapes the first three.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=cluster

node_dir() { echo "$ROOT/node$1"; }

start() {
  local n=${1:-3} demo=${2:-}
  [ -f target/icnd.jar ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
  for k in $(seq 0 $((n - 1))); do
    local dir; dir=$(node_dir "$k"); mkdir -p "$dir"
    if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then echo "node$k already running"; continue; fi
    local peers=""
    [ "$k" -gt 0 ] && peers="127.0.0.1:14433"
    [ "$k" -gt 1 ] && peers="$peers, 127.0.0.1:$((14433 + k - 1))"
    cat > "$dir/icnd.yml" <<YML
dataDir: $PWD/$dir/data
identity: {createIfMissing: true}
network: {listen: "127.0.0.1:$((14433 + k))", mdns: false, bootstrapPeers: [$peers]}
gossip: {antiEntropyInterval: 10s}
server:
  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: $((15050 + k))}]
  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: $((19090 + k))}]
logging: {level: INFO, appenders: [{type: file, currentLogFilename: $PWD/$dir/icnd.log, archive: false}]}
YML
    java -jar target/icnd.jar server "$dir/icnd.yml" > "$dir/stdout.log" 2>&1 &
    echo $! > "$dir/pid"
  done
  for k in $(seq 0 $((n - 1))); do
    until curl -sf -o /dev/null "http://127.0.0.1:$((19090 + k))/healthcheck"; do
      kill -0 "$(cat "$(node_dir "$k")/pid")" 2>/dev/null || { echo "node$k exited; see $(node_dir "$k")" >&2; exit 1; }
      sleep 0.2
    done
  done
  status
  [ "$demo" = "--demo" ] && demo "$n"
  return 0
}

# RPC calls carry node k's bearer token, which it wrote to its data directory on first start
rpc() { local k=$1; shift; curl -s -H "Authorization: Bearer $(cat "$(node_dir "$k")/data/rpc-token")" "$@"; }

did_of() { rpc "$1" "http://127.0.0.1:$((15050 + $1))/v1/status" | sed -E 's/.*"did":"([^"]+)".*/\1/'; }

demo() {
  local n=$1
  sleep 2
  rpc 0 -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d '{"symbol":"HOUR","decimals":0,"creditLimit":100}' http://127.0.0.1:15050/v1/ledger/currencies
  sleep 1
  for i in $(seq 1 20); do
    local from=$((i % n)) to=$(((i + 1) % n))
    rpc "$from" -o /dev/null -X POST --data-binary "demo entry $i" "http://127.0.0.1:$((15050 + from))/v1/topics/demo:chat/entries"
    rpc "$from" -o /dev/null -X POST -H 'Content-Type: application/json' \
      -d "{\"to\":\"$(did_of "$to")\",\"currency\":\"HOUR\",\"amount\":$((1 + i % 7))}" \
      "http://127.0.0.1:$((15050 + from))/v1/ledger/transfers"
  done
  echo "demo: 20 entries on demo:chat and 20 HOUR transfers"
}

status() {
  for dir in "$ROOT"/node*; do
    [ -f "$dir/pid" ] || continue
    local k=${dir##*node} state=stopped
    kill -0 "$(cat "$dir/pid")" 2>/dev/null && state=running
    printf 'node%s %-8s rpc http://127.0.0.1:%d (token %s)  admin http://127.0.0.1:%d  (/metrics, /healthcheck)\n' \
      "$k" "$state" $((15050 + k)) "$dir/data/rpc-token" $((19090 + k))
  done
}

stop() {
  for dir in "$ROOT"/node*; do
    [ -f "$dir/pid" ] || continue
    local pid; pid=$(cat "$dir/pid")
    if kill "$pid" 2>/dev/null; then
      while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
      echo "stopped ${dir##*/}"
    fi
    rm -f "$dir/pid"
  done
}

case "${1:-}" in
  start) start "${2:-3}" "${3:-}" ;;
  status) status ;;
  stop) stop ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
esac
