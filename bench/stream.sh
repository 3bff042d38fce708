#!/usr/bin/env bash
# Stream benchmark (issue: walking skeleton): the jar against an animated Xvfb, one headless Chromium viewer,
# per codec and resolution. Prints delivered fps, server CPU ms per frame, RSS and time to first frame.
# Usage: bench/stream.sh [seconds=20] [codecs=vp8,vp9,h264,av1] [sizes=1280x720,1920x1080]
set -euo pipefail
cd "$(dirname "$0")/.."
src/main/sh/debian-packages.sh runtime build test
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -Dwoperator.jar=target/woperator.jar -cp "target/test-classes:$(cat target/bench-classpath.txt)" \
  io.woperator.bench.StreamBenchmark "$@"
