#!/usr/bin/env bash
# Ledger transfers per second through real nodes (one node; then three until applied on all),
# next to the raw Ed25519 sign+verify rate of this JVM measured in the same run.
# Usage: mvn -B -q package -DskipTests && scripts/ledger-bench.sh [transfers]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh
run_bench_main coop.icn.icnd.ledger.LedgerThroughputBench "$@"
