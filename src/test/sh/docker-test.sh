#!/usr/bin/env bash
# Builds the repository's Dockerfile for real and runs the image end to end (DockerImageIT, Maven profile
# "docker"): Xvfb, Fluxbox, Firefox and PulseAudio in the container, Chromium on the host.
# Uses ../shared/tools/verify-dockerfile.sh where it exists (podman, no registry needed), else a running Docker.
set -euo pipefail
cd "$(dirname "$0")/../../.."
image=localhost/woperator:test
tool=../shared/tools/verify-dockerfile.sh
export WORK=${WORK:-/tmp/dockercheck}
# The build stage downloads from Maven Central: let it trust what this host trusts beyond Debian's defaults
# (a TLS-inspecting proxy's CA, say).
for crt in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$crt" ] && cp "$crt" src/main/docker/ca-certificates/
done
if [ -x "$tool" ]; then
  "$tool" -t "$image" . -- java -jar /opt/woperator/woperator.jar --version
  # the same podman storage and settings as the tool, so that the image it built is found
  engine="podman --root $WORK/podman/storage --runroot $WORK/podman/run --tmpdir $WORK/podman/tmp"
  engine+=" --storage-driver ${STORAGE_DRIVER:-overlay} --runtime runc --cgroup-manager cgroupfs --events-backend none"
  nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
  { [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; } && nproc=32768
  { [ "$nofile" = unlimited ] || [ "$nofile" -gt 1048576 ]; } && nofile=1048576
  run_args="--ulimit nofile=$nofile:$nofile --ulimit nproc=$nproc:$nproc"
elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  docker build -t "$image" .
  engine=docker
  run_args=""
else
  echo "docker-test.sh: no container engine: neither ../shared/tools/verify-dockerfile.sh nor a running Docker." >&2
  echo "Set WOPERATOR_SKIP_DOCKER=1 to run the other tests without this one." >&2
  exit 1
fi
exec mvn -B verify -Pdocker -Dwoperator.image="$image" -Dwoperator.container.engine="$engine" \
  -Dwoperator.container.run-args="$run_args"
