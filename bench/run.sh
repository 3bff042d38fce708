#!/usr/bin/env bash
# Runs one of the benchmarks against the built jar, with real Xvfb, PulseAudio and headless Chromium.
#   bench/run.sh stream [seconds=20] [codecs=vp8,vp9,h264,av1] [sizes=1280x720,1920x1080]
#       delivered fps, server CPU ms per frame, RSS, page load to first frame, per codec and size
#   bench/run.sh avsync [seconds=20]
#       offset between a flash on the screen and a click in the sound, as the browser plays them
#   bench/run.sh input [presses=40] [fps=30] [size=1280x720]
#       input-to-photon latency: a key pressed in the viewer until the changed picture is shown
set -euo pipefail
cd "$(dirname "$0")/.."
case ${1:-} in
  stream) main=io.woperator.bench.StreamBenchmark ;;
  avsync) main=io.woperator.bench.AvSyncBenchmark ;;
  input) main=io.woperator.bench.InputLatencyBenchmark ;;
  *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
shift
src/main/sh/debian-packages.sh runtime build test
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -Dwoperator.jar=target/woperator.jar -cp "target/test-classes:$(cat target/bench-classpath.txt)" "$main" "$@"
