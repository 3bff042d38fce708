#!/usr/bin/env bash
# HEALTHCHECK: asks /healthz, with the credentials the server was given when it wants some.
set -u
auth=()
if [ -n "${WOPERATOR_BASIC_AUTH:-}" ]; then
  auth=(-u "$WOPERATOR_BASIC_AUTH")
elif [ "${ENABLE_BASIC_AUTH:-}" = true ]; then
  auth=(-u "${BASIC_AUTH_USER:-user}:${BASIC_AUTH_PASSWORD:-}")
elif [ -n "${WOPERATOR_TOKEN:-}" ]; then
  token=${WOPERATOR_TOKEN%%,*}
  case $token in *:view|*:control|*:admin) token=${token%:*} ;; esac
  auth=(-H "Authorization: Bearer $token")
fi
# with TLS the server speaks HTTPS only; its certificate may be self-signed, and this is loopback
scheme=http
tls=()
if [ -n "${WOPERATOR_TLS_CERT:-}" ] || [ "${WOPERATOR_TLS_SELF_SIGNED:-}" = true ]; then
  scheme=https
  tls=(-k)
fi
exec curl -fsS "${tls[@]}" "${auth[@]}" -o /dev/null "$scheme://127.0.0.1:${WOPERATOR_PORT:-${PORT:-8000}}/healthz"
