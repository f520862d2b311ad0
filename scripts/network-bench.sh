#!/usr/bin/env bash
# Messages per second between two icnd network stacks (1 KiB pings echoed as pongs) next to plain
# Netty QUIC echoing the same bytes, in the same JVM and run. Args: messages per round, rounds.
# Usage: mvn -B -q package -DskipTests && scripts/network-bench.sh [200000] [3]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/icnd.jar ] && [ -f target/test-classes/coop/icn/icnd/net/NetworkThroughputBench.class ] || {
  echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
exec java -Xmx1g -cp "target/icnd.jar:target/test-classes" coop.icn.icnd.net.NetworkThroughputBench "$@"
