#!/usr/bin/env bash
# Runs every test: installs the external peers the tests drive (dante-server, tinyproxy, websockify,
# stunnel from Debian; mtcute and GramJS from npm, pinned by a lock file), then the whole Maven build
# (formatting, Error Prone + NullAway, unit, loopback, real-proxy and interop tests).
# Needs root or sudo for the Debian packages; a failing install stops here with its reason.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_root bash "$here/tools/install-test-deps.sh"
bash "$here/tools/install-interop.sh"
exec "$here/build.sh" verify "$@"
