#!/usr/bin/env bash
# Regenerates the committed TL sources of mtj-api from the shared schemas (see docs/TL.md):
#   ../shared/tl/mtproto.tl -> mtj-api/src/generated/java/io/mtj/api/mtproto  (string as byte[], service specials)
#   ../shared/tl/api.tl     -> mtj-api/src/generated/java/io/mtj/api/telegram
# Usage: tools/regen-api.sh [schema-dir]   (default: ../shared/tl next to the repository)
# Builds mtj-tl and mtj-tlgen first (offline, quick), then runs io.mtj.tlgen.TlGen twice.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
schemas=${1:-"$here/../shared/tl"}
for f in mtproto.tl api.tl; do
  [ -f "$schemas/$f" ] || { echo "regen-api: $schemas/$f not found" >&2; exit 1; }
done
# shellcheck source=tools/jdk.sh
. "$here/tools/jdk.sh"
"$here/build.sh" -o -q -Dquick -pl mtj-tl,mtj-tlgen install -DskipTests
cp="$here/mtj-tl/target/classes:$here/mtj-tlgen/target/classes"
out="$here/mtj-api/src/generated/java"
"$JAVA_HOME/bin/java" -cp "$cp" io.mtj.tlgen.TlGen "$schemas/mtproto.tl" io.mtj.api.mtproto "$out" \
  --binary-strings --service-specials
"$JAVA_HOME/bin/java" -cp "$cp" io.mtj.tlgen.TlGen "$schemas/api.tl" io.mtj.api.telegram "$out"
