#!/usr/bin/env bash
# Starts Woperator with the JVM settings it is measured with. Arguments go to the server (see --help).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${WOPERATOR_JAR:-}
for candidate in "$here/woperator.jar" "$here/../../../target/woperator.jar"; do
  [ -z "$jar" ] && [ -f "$candidate" ] && jar=$candidate
done
[ -n "$jar" ] || { echo "woperator.sh: woperator.jar not found; build it with 'mvn -B package'" >&2; exit 1; }
# glibc keeps one malloc arena per thread by default; libwebrtc's many threads would hold on to freed memory.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# A heap ceiling: the JVM would otherwise grow to a quarter of the machine's memory and keep it; Woperator's heap
# holds signaling and bookkeeping (frames live in native memory), well under this with 20 viewers.
exec java ${JAVA_OPTS:--Xmx256m} -jar "$jar" "$@"
