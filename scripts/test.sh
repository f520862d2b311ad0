#!/usr/bin/env bash
# Runs every test: installs what the tests need when it is missing (Debian's 'prometheus'
# package, for promtool and a real Prometheus; needs root), then unit and in-process tests and
# the packaged jar's integration tests. .ci/run calls this.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v promtool >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends prometheus \
    || { apt-get update -qq && apt-get install -y --no-install-recommends prometheus; }
fi
promtool --version | head -1

mvn -B verify
