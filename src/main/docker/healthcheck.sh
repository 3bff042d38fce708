#!/usr/bin/env bash
# HEALTHCHECK: asks /healthz, with the credentials the server was given when it wants some.
set -u
auth=()
if [ -n "${WOPERATOR_BASIC_AUTH:-}" ]; then
  auth=(-u "$WOPERATOR_BASIC_AUTH")
elif [ "${ENABLE_BASIC_AUTH:-}" = true ]; then
  auth=(-u "${BASIC_AUTH_USER:-user}:${BASIC_AUTH_PASSWORD:-}")
elif [ -n "${WOPERATOR_TOKEN:-}" ]; then
  auth=(-H "Authorization: Bearer ${WOPERATOR_TOKEN%%,*}")
fi
exec curl -fsS "${auth[@]}" -o /dev/null "http://127.0.0.1:${PORT:-8000}/healthz"
