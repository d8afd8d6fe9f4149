#!/usr/bin/env bash
# Maven with a JDK >= 21 chosen automatically (see tools/jdk.sh). Arguments go to mvn:
#   ./build.sh verify                 every test, formatting and static checks
#   ./build.sh -pl mtj-crypto test    one module
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tools/jdk.sh
. "$here/tools/jdk.sh"
exec mvn -f "$here/pom.xml" -B "$@"
