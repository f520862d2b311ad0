#!/usr/bin/env bash
# Start-up time and idle memory of icnd, next to a bare Dropwizard application in the same run.
# For each of RUNS rounds, both are started from target/icnd.jar on free ports with a fresh data
# directory; the time is from the start of the JVM to the first HTTP 200 from /healthcheck.
# After the last round, each process idles IDLE seconds, then its RSS and used heap are read.
# Usage: mvn -B -q package -DskipTests && scripts/startup-bench.sh   (RUNS=5 IDLE=10 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
IDLE=${IDLE:-10}
JAR=target/icnd.jar
[ -f "$JAR" ] && [ -d target/test-classes/coop/icn/icnd/bench ] || {
  echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# measure KIND ROUND -> prints "ms rss_kb heap_kb" (memory only on the last round)
measure() {
  local kind=$1 round=$2 rpc admin dir start end ms rss="-" heap="-"
  rpc=$(free_port); admin=$(free_port); dir="$work/$kind-$round"; mkdir -p "$dir"
  cat > "$dir/cfg.yml" <<YML
dataDir: $dir/data
identity:
  createIfMissing: true
network:
  mdns: false
server:
  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: $rpc}]
  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: $admin}]
logging:
  level: WARN
YML
  [ "$kind" = bare ] && sed -i '1,5d' "$dir/cfg.yml"
  start=$(date +%s%N)
  if [ "$kind" = icnd ]; then
    java -jar "$JAR" server "$dir/cfg.yml" > "$dir/out.log" 2>&1 &
  else
    java -cp "$JAR:target/test-classes" coop.icn.icnd.bench.BareDropwizardApplication server "$dir/cfg.yml" > "$dir/out.log" 2>&1 &
  fi
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$admin/healthcheck"; do
    kill -0 "$pid" 2>/dev/null || { echo "$kind exited; see $dir/out.log" >&2; cat "$dir/out.log" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  if [ "$round" = "$RUNS" ]; then
    sleep "$IDLE"
    rss=$(ps -o rss= -p "$pid" | tr -d ' ')
    heap=$(jcmd "$pid" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {gsub("K,?","",$(i+1)); print $(i+1); exit}}')
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  echo "$ms $rss $heap"
}

declare -a icnd_ms bare_ms
for round in $(seq 1 "$RUNS"); do
  read -r b_ms b_rss b_heap < <(measure bare "$round")
  read -r i_ms i_rss i_heap < <(measure icnd "$round")
  bare_ms+=("$b_ms"); icnd_ms+=("$i_ms")
  printf 'round %d: bare %5d ms   icnd %5d ms\n' "$round" "$b_ms" "$i_ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
bm=$(median "${bare_ms[@]}"); im=$(median "${icnd_ms[@]}")
echo "median time to healthy: bare Dropwizard ${bm} ms, icnd ${im} ms, ratio $(awk "BEGIN {printf \"%.2f\", $im/$bm}")"
echo "idle after ${IDLE}s: bare RSS ${b_rss} KiB heap used ${b_heap} KiB; icnd RSS ${i_rss} KiB heap used ${i_heap} KiB"
echo "RSS ratio $(awk "BEGIN {printf \"%.2f\", $i_rss/$b_rss}")"
