#!/usr/bin/env bash
# Runs every test: installs what the tests need when it is missing (Debian's 'prometheus'
# package, for promtool and a real Prometheus, and 'prometheus-alertmanager', for amtool and a
# real Alertmanager; needs root), then unit and in-process tests and
# the packaged jar's integration tests. .ci/run calls this.
set -euo pipefail
cd "$(dirname "$0")/.."

# install Debian package $1 unless command $2 is there: first from the cached package lists, then
# after refreshing them
need() {
  if ! command -v "$2" >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "$1" \
      || { apt-get update -qq && apt-get install -y --no-install-recommends "$1"; }
  fi
}
need prometheus promtool
need prometheus-alertmanager amtool
promtool --version | head -1
amtool --version | head -1

mvn -B verify
