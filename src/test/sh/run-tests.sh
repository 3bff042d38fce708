#!/usr/bin/env bash
# Every test: unit tests, then the end-to-end tests (real Xvfb, the built jar, headless Chromium).
# Installs what it needs on Debian 12 first. Extra arguments go to Maven (e.g. -Dit.test=StreamingIT).
set -euo pipefail
cd "$(dirname "$0")/../../.."
src/main/sh/debian-packages.sh runtime build test
exec mvn -B verify "$@"
