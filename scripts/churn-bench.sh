#!/usr/bin/env bash
# Churn: six real nodes meshed by peer exchange from one bootstrap node; one killed and
# restarted every PERIOD seconds for SECONDS while entries are published on the live ones.
# Reports time to full replication after the last restart, max connections and heap per node.
# Usage: mvn -B -q package -DskipTests && scripts/churn-bench.sh [seconds=180] [period=20]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh
run_bench_main coop.icn.icnd.net.ChurnBench "$@"
