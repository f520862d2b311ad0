#!/usr/bin/env bash
# /metrics scrape latency and allocation on a node with 1,000 labelled topic series, next to Jetty
# serving a static body of the same size in the same run; then p99 under gossip load.
# Usage: mvn -B -q package -DskipTests && scripts/scrape-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh
run_bench_main coop.icn.icnd.dashboards.ScrapeBench "$@"
