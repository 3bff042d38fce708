#!/usr/bin/env bash
# Runs one of the benchmarks against the built jar, with real Xvfb, PulseAudio and headless Chromium.
#   bench/run.sh stream [seconds=20] [codecs=vp8,vp9,h264,av1] [sizes=1280x720,1920x1080]
#       delivered fps, server CPU ms per frame, RSS, page load to first frame, per codec and size
#   bench/run.sh avsync [seconds=20]
#       offset between a flash on the screen and a click in the sound, as the browser plays them
#   bench/run.sh input [presses=40] [fps=30] [size=1280x720]
#       input-to-photon latency: a key pressed in the viewer until the changed picture is shown
#   bench/run.sh field [seconds=15] [configs=1280x720@30,1280x720@60,1920x1080@30] [paint-rate=100]
#       Woperator (VP8, H.264) against FFmpeg and GStreamer encoders on the same content: CPU per frame, fps,
#       RSS, glass-to-glass latency; writes target/bench/field.png
#   bench/run.sh page [loads=10]
#       the viewer's weight on a first visit (transferred and uncompressed) and its time to the first frame
#   bench/run.sh soak [sessions=500] [release-only]
#       viewer sessions one after another: RSS, threads, fds, heap and peer connections every 50, with closed
#       peers' native memory freed and, as the baseline, kept
#   bench/run.sh fuzz [count=100000]
#       malformed input on each door while a viewer streams: answered, time, the viewer's fps, RSS, log lines
#   bench/run.sh fanout [seconds=10] [viewers=1,6,20] [size=640x360] [fps=20]
#       1, 6 and 20 viewers each with its own encoder against one encode fanned out by Janus: server CPU and RSS,
#       Janus's CPU, the viewers' fps
#   bench/run.sh still [seconds=20]
#       a still desktop with one viewer: server CPU as a share of one core and its busiest threads, with the
#       picture rendered directly from RTP and on the data channel
set -euo pipefail
cd "$(dirname "$0")/.."
case ${1:-} in
  stream) main=io.woperator.bench.StreamBenchmark ;;
  avsync) main=io.woperator.bench.AvSyncBenchmark ;;
  input) main=io.woperator.bench.InputLatencyBenchmark ;;
  field) main=io.woperator.bench.FieldBenchmark ;;
  page) main=io.woperator.bench.PageBenchmark ;;
  soak) main=io.woperator.bench.SoakBenchmark ;;
  fuzz) main=io.woperator.bench.FuzzBenchmark ;;
  fanout) main=io.woperator.bench.FanoutBenchmark ;;
  still) main=io.woperator.bench.StillDesktopBenchmark ;;
  *) sed -n '2,25p' "$0" >&2; exit 2 ;;
esac
packages=(runtime build test)
[[ $1 == field ]] && packages+=(bench)
shift
src/main/sh/debian-packages.sh "${packages[@]}"
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -Dwoperator.jar=target/woperator.jar -cp "target/test-classes:$(cat target/bench-classpath.txt)" "$main" "$@"
