#!/usr/bin/env bash
# The side-by-side benchmark of issue 13: MTJ, mtcute and GramJS against one test DC on 127.0.0.1, each client in
# a fresh process, interleaved; prints every run and a table of medians with ratios (BENCHMARKS.md records it).
#   tools/side-by-side.sh [--rounds 3] [--phase-ms 3000] [--later-connects 5] [--clients mtj,mtcute,gramjs]
# (clients: mtj, mtcute, gramjs, mtjinline, and mtjbase with MTJ_BENCH_BASELINE set, see below)
# MAVEN_OPTS=-Dmaven.repo.local=... selects the Maven repository as for ./build.sh. Needs node (tools/install-interop.sh
# installs the two clients; the scripts run under the loopback guard, mtj-interop/node/guard.cjs).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/jdk.sh
. "$here/tools/jdk.sh"
"$here/tools/install-interop.sh" >&2
build=("$here/build.sh" -q -Dquick -pl mtj-interop -am install -DskipTests -Dspotless.check.skip=true)
"${build[@]}" -o >&2 || "${build[@]}" >&2
cpfile=$here/mtj-interop/target/side-by-side.classpath
mvn -f "$here/mtj-interop/pom.xml" -B -q -o dependency:build-classpath -Dmdep.outputFile="$cpfile" >&2 \
  || mvn -f "$here/mtj-interop/pom.xml" -B -q dependency:build-classpath -Dmdep.outputFile="$cpfile" >&2
# MTJ_BENCH_BASELINE=<class path of another build's mtj-interop and dependencies> adds the client "mtjbase"
exec "$JAVA_HOME/bin/java" -cp "$here/mtj-interop/target/classes:$(cat "$cpfile")" -Dmtj.repo="$here" \
  ${MTJ_BENCH_BASELINE:+-Dmtj.bench.baseline="$MTJ_BENCH_BASELINE"} io.mtj.interop.bench.SideBySide "$@"
