#!/usr/bin/env bash
# Starts the virtual desktop in order (Xvfb, PulseAudio, Fluxbox, the kiosk application) and then Woperator;
# restarts the application when it exits, ends the container with a clear message when anything else dies, and
# stops everything in reverse order on SIGTERM (docker stop), well inside 5 seconds.
set -uo pipefail

# A command given to `docker run IMAGE ...` runs instead of the desktop (java -jar ... --help, a shell).
if [ $# -gt 0 ]; then exec "$@"; fi

log() { printf '%s entrypoint: %s\n' "$(date +%H:%M:%S.%3N)" "$*" >&2; }

size=${RESOLUTION%%@*}                      # 1920x1080@30fps -> 1920x1080
case $RESOLUTION in *@*) fps=${RESOLUTION##*@}; fps=${fps%fps} ;; *) fps=30 ;; esac
export DISPLAY=":${DISPLAY_NUMBER}"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -u)}
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export PULSE_SERVER=${PULSE_SERVER:-unix:$XDG_RUNTIME_DIR/pulse/native}

declare -A pids=()
stopping=0

stop_all() {
  stopping=1
  log "stopping"
  for name in woperator app fluxbox pulseaudio xvfb; do
    [ -n "${pids[$name]:-}" ] && kill -TERM "${pids[$name]}" 2>/dev/null
    [ "$name" = woperator ] && wait "${pids[woperator]}" 2>/dev/null
  done
  wait
  log "stopped"
  exit 0
}
trap stop_all TERM INT

wait_for() { # $1 = what, $2 = seconds, rest = command that succeeds when ready
  local what=$1 seconds=$2; shift 2
  for _ in $(seq $((seconds * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "$what did not come up within ${seconds}s"; exit 1
}

start_app() {
  if [ -n "$APP" ]; then
    bash -c "$APP" &
  else
    firefox-esr --kiosk --no-remote --profile "$HOME/.firefox-kiosk" "$KIOSK_URL" >/dev/null 2>&1 &
  fi
  pids[app]=$!
}

log "Xvfb $DISPLAY at $size"
Xvfb "$DISPLAY" -screen 0 "${size}x24" +extension RANDR -nolisten tcp -noreset &
pids[xvfb]=$!
wait_for Xvfb 15 xrandr --query

log "PulseAudio"
pulseaudio -n -F /opt/woperator/default.pa --daemonize=no --exit-idle-time=-1 --log-target=stderr \
  --log-level=error --realtime=no --high-priority=no --system=no &
pids[pulseaudio]=$!
wait_for PulseAudio 15 pactl info

fluxbox >/dev/null 2>&1 &
pids[fluxbox]=$!
mkdir -p "$HOME/.firefox-kiosk"
start_app
log "application: ${APP:-firefox-esr --kiosk $KIOSK_URL}"

# WOPERATOR_ROLE=sender: this desktop also registers with the signaling hub at SIGNALING_URL
case "${WOPERATOR_ROLE:-}" in
  ""|sender) ;;
  *) log "WOPERATOR_ROLE is 'sender' or unset, not '$WOPERATOR_ROLE'"; exit 2 ;;
esac
log "Woperator on port $PORT${WOPERATOR_ROLE:+ as a $WOPERATOR_ROLE of ${SIGNALING_URL:-ws://localhost:8765}}"
java ${JAVA_OPTS:-} -jar /opt/woperator/woperator.jar ${WOPERATOR_ROLE:-} --fps "$fps" &
pids[woperator]=$!

while true; do
  wait -n
  [ "$stopping" = 1 ] && exit 0
  for name in "${!pids[@]}"; do
    kill -0 "${pids[$name]}" 2>/dev/null && continue
    if [ "$name" = app ]; then
      log "the application exited; starting it again"
      start_app
    else
      log "$name exited; stopping the container"
      stop_all
    fi
  done
done
