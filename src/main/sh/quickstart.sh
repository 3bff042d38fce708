#!/usr/bin/env bash
# From a fresh Debian 12 machine to a streaming desktop: installs what is missing, builds the jar, and
# starts Woperator on $DISPLAY (or the test pattern without one) at http://localhost:8000.
set -euo pipefail
cd "$(dirname "$0")/../../.."
src/main/sh/debian-packages.sh runtime build
[ -f target/woperator.jar ] && [ -z "$(find src web pom.xml native-profiles -newer target/woperator.jar -print -quit)" ] \
  || mvn -B -q -DskipTests package
exec src/main/sh/woperator.sh "$@"
