#!/usr/bin/env bash
# Ledger transfers per second through real nodes (one node; then three until applied on all),
# next to the raw Ed25519 sign+verify rate of this JVM measured in the same run.
# Usage: mvn -B -q package -DskipTests && scripts/ledger-bench.sh [transfers]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/icnd.jar ] && [ -f target/test-classes/coop/icn/icnd/ledger/LedgerThroughputBench.class ] || {
  echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
cpfile=$(mktemp)
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp=$(cat "$cpfile"); rm -f "$cpfile"
java -cp "target/test-classes:target/classes:$cp" coop.icn.icnd.ledger.LedgerThroughputBench "$@"
