#!/usr/bin/env bash
# Three real nodes on loopback (a–b, a–c): entries held by all three and transfers applied on all
# three (batch routes, concurrent clients; single-entry requests where the jar has no batch route),
# CPU seconds per 1,000 replicated entries over the three JVMs, a lone node's single-entry publish
# rate, and this JVM's Ed25519 sign+verify floor with each rate's ratio to it, all in one run.
# With --tracing off,0.1,1.0: the replicated entries and their CPU once per tracing setting
# (nodes restarted per setting, OTLP exported to a local sink), with the ratios to off.
# With --compare base.jar: the replicated entries of a base build's nodes and of target/icnd.jar's,
# rounds in turns, with the ratios to the base. Every replicated-entries figure also gives the CPU
# without the JIT compiler's threads, the CPU by thread role, and the entries per commit.
# Usage: mvn -B -q package -DskipTests && scripts/cluster-bench.sh [--rounds 3] [--seconds 4] [--warm-up-seconds 8]
#        [--clients 4] [--single-clients 16] [--batch 100] [--size 256] [--tracing off,0.1,1.0 | --compare base.jar]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh
run_bench_main coop.icn.icnd.bench.ClusterBench "$@"
