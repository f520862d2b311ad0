#!/usr/bin/env bash
# Gossip replication through three real nodes (10,000 entries of 256 bytes published on one),
# then, in the same run, the network baseline (scripts/network-bench.sh) for comparison.
# Usage: mvn -B -q package -DskipTests && scripts/gossip-bench.sh [entries]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/icnd.jar ] && [ -f target/test-classes/coop/icn/icnd/gossip/GossipReplicationBench.class ] || {
  echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
cpfile=$(mktemp)
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp=$(cat "$cpfile"); rm -f "$cpfile"
java -cp "target/test-classes:target/classes:$cp" coop.icn.icnd.gossip.GossipReplicationBench "$@"
echo "--- network baseline, same run ---"
java -Xmx1g -cp "target/icnd.jar:target/test-classes" coop.icn.icnd.net.NetworkThroughputBench 100000 2 | grep round
