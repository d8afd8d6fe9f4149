# Sourced by ./build.sh and ./mtj: exports JAVA_HOME pointing at a JDK whose feature version is
# at least 21. Candidates, in order: $JAVA_HOME, the `javac` on PATH, every JDK under /usr/lib/jvm
# (the newest wins). Fails with a message naming what was found when none qualifies.

mtj_jdk_version() { # prints the feature version of the JDK at $1, or nothing
  local home=$1 v
  [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "${v:-}" ]; then
    v=$("$home/bin/javac" -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')
  fi
  echo "${v:-}"
}

mtj_select_jdk() {
  local best="" best_v=0 seen="" c v
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in /usr/lib/jvm/*; do [ -d "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    v=$(mtj_jdk_version "$c")
    [ -n "$v" ] || continue
    seen="$seen $c ($v);"
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$c; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "mtj: no JDK 21 or newer found. Looked at:${seen:- nothing}" >&2
    echo "mtj: install one (for example under /usr/lib/jvm) or point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}
mtj_select_jdk
