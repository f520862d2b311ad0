#!/usr/bin/env bash
# Gossip replication through three real nodes (10,000 entries of 256 bytes published on one),
# then, in the same run, the network baseline (scripts/network-bench.sh) for comparison.
# Usage: mvn -B -q package -DskipTests && scripts/gossip-bench.sh [entries]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh
run_bench_main coop.icn.icnd.gossip.GossipReplicationBench "$@"
echo "--- network baseline, same run ---"
java -Xmx1g -cp "target/icnd.jar:target/test-classes" coop.icn.icnd.net.NetworkThroughputBench 100000 2 | grep round
