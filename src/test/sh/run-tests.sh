#!/usr/bin/env bash
# Every test: unit tests, then the end-to-end tests (real Xvfb, PulseAudio, the built jar, headless Chromium),
# then the Docker image built and run for real (src/test/sh/docker-test.sh; WOPERATOR_SKIP_DOCKER=1 leaves it
# out). Installs what it needs on Debian 12 first. Extra arguments go to Maven (e.g. -Dit.test=StreamingIT).
set -euo pipefail
cd "$(dirname "$0")/../../.."
src/main/sh/debian-packages.sh runtime build test
command -v npm >/dev/null 2>&1 || src/main/sh/debian-packages.sh npm
mvn -B verify "$@"
if [ "${WOPERATOR_SKIP_DOCKER:-0}" = 1 ]; then
  echo "run-tests.sh: the Docker image test was left out (WOPERATOR_SKIP_DOCKER=1)"
else
  src/test/sh/docker-test.sh
fi
