#!/usr/bin/env bash
# Installs Debian 12 packages, using sudo when not root, and only those not installed yet.
# Usage: debian-packages.sh runtime|build|test|bench|npm ...
set -euo pipefail
# pulseaudio-utils brings pactl, which creates the virtual microphone.
runtime=(openjdk-17-jre-headless libxcb1 libxcb-shm0 libasound2 libpulse0 libx11-6 libxfixes3 libxrandr2
         libxcomposite1 libdbus-1-3 libudev1 libxcb-xtest0 libxcb-xfixes0 libxcb-damage0 pulseaudio-utils)
build=(openjdk-17-jdk-headless maven)
# The test desktop is an AWT window, so the tests need the full JDK, not only the headless one; xterm receives
# typed text as a terminal application would.
# promtool (Debian's prometheus) checks /metrics as Prometheus reads it; ffprobe and ffmpeg (Debian's ffmpeg)
# open the recordings as a user would. Janus (Debian's janus) is the fan-out the tests publish to and subscribe through.
test=(openjdk-17-jdk xvfb x11-xserver-utils x11-xkb-utils xclip xterm chromium chromium-driver procps pulseaudio pulseaudio-utils coturn openssl janus
      prometheus ffmpeg)
# The field benchmark's peers: FFmpeg's and GStreamer's encoders (vp8enc, ximagesrc: good; x264enc: ugly).
bench=(ffmpeg gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly
       gstreamer1.0-x)
# npm fetches axe-core for the accessibility test; asked for only where no npm is installed (a Node.js that
# bundles its own npm would conflict with Debian's package).
npm=(npm)
wanted=()
for set in "$@"; do
  case $set in
    runtime) wanted+=("${runtime[@]}") ;;
    build) wanted+=("${build[@]}") ;;
    test) wanted+=("${test[@]}") ;;
    bench) wanted+=("${bench[@]}") ;;
    npm) wanted+=("${npm[@]}") ;;
    *) echo "debian-packages.sh: unknown set '$set' (runtime, build, test, bench, npm)" >&2; exit 2 ;;
  esac
done
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "Installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
