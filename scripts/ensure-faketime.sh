#!/bin/sh
# Clock-skew tests run workers under Debian's faketime (libfaketime). Install it when missing.
set -e
command -v faketime >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing faketime for the clock-skew tests (apt-get install faketime)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
  exit 0
fi
echo "The clock-skew tests need faketime (Debian/Ubuntu: sudo apt-get install faketime)." >&2
exit 1
