#!/bin/sh
# Runs "$@" with a Secret Service available, so the keychain tests exercise a
# real keyring instead of skipping. On a desktop (a session bus already
# exists) or where the tools are missing, it just runs "$@". Otherwise it
# starts a private D-Bus session and a gnome-keyring-daemon whose keyring
# lives in a temporary directory, unlocked with a throwaway password, so the
# user's own keyrings are never touched. The exit code of "$@" is preserved.
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 command [args...]" >&2
  exit 2
fi

if [ -n "${COMMANDPOST_KEYRING_HOME:-}" ]; then
  # Second stage, inside the private session started below.
  home=$COMMANDPOST_KEYRING_HOME
  unset COMMANDPOST_KEYRING_HOME
  # --foreground so we know the daemon's pid and can stop it before the
  # temporary directory is removed (a daemonised one outlives the command
  # and races the clean-up).
  printf '%s' "$COMMANDPOST_KEYRING_PW" | XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run" \
    gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>"$home/daemon.log" &
  daemon=$!
  unset COMMANDPOST_KEYRING_PW
  trap 'kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true' EXIT
  # Wait until it owns the Secret Service name; a client arriving earlier
  # would D-Bus-activate a second, locked daemon in the user's real home.
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ] || ! kill -0 "$daemon" 2>/dev/null; then
      echo "with-keyring.sh: gnome-keyring-daemon did not start:" >&2
      cat "$home/daemon.log" >&2
      exit 1
    fi
    sleep 0.1 2>/dev/null || sleep 1
  done
  status=0
  "$@" || status=$?
  exit "$status"
fi

if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] \
  || ! command -v dbus-run-session >/dev/null 2>&1 \
  || ! command -v dbus-send >/dev/null 2>&1 \
  || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec "$@"
fi

COMMANDPOST_KEYRING_HOME=$(mktemp -d "${TMPDIR:-/tmp}/commandpost-keyring.XXXXXX")
trap 'rm -rf "$COMMANDPOST_KEYRING_HOME"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -m 700 "$COMMANDPOST_KEYRING_HOME/data" "$COMMANDPOST_KEYRING_HOME/run"
COMMANDPOST_KEYRING_PW=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export COMMANDPOST_KEYRING_HOME COMMANDPOST_KEYRING_PW

status=0
dbus-run-session -- sh "$0" "$@" || status=$?
exit "$status"
