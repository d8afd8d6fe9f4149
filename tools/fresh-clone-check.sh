#!/usr/bin/env bash
# Proves the README's main command on a fresh machine: clones the current commit into a temporary
# folder (with ../shared beside it, as CI lays it), gives Maven a local repository holding every
# third-party artifact already downloaded but none of the project's own (io/mtj), runs
# `./mtj connect` there and fails unless it prints step 6. Catches build steps that only work
# because an old io.mtj jar sits in ~/.m2 (a test-jar the launcher's build never makes, say).
#   tools/fresh-clone-check.sh            uses ~/.m2/repository as the seed (hard links, no copy)
#   SEED=/path/to/repository tools/...    another seed; SEED=none starts from an empty repository
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seed=${SEED:-$HOME/.m2/repository}
work=$(mktemp -d "${TMPDIR:-/tmp}/mtj-fresh.XXXXXX")
trap 'rm -rf "$work"' EXIT

git -C "$here" rev-parse HEAD >/dev/null
git clone -q --no-hardlinks "$here" "$work/mtj"
git -C "$work/mtj" checkout -q "$(git -C "$here" rev-parse HEAD)"
if [[ -d $here/../shared ]]; then
  ln -s "$(cd "$here/../shared" && pwd)" "$work/shared"
fi

mkdir -p "$work/m2"
if [[ $seed != none && -d $seed ]]; then
  # hard links: no copy of hundreds of MB; Maven replaces files rather than editing them in place
  cp -al "$seed/." "$work/m2/"
fi
rm -rf "$work/m2/io/mtj"

echo "fresh-clone-check: ./mtj connect in a clean clone of $(git -C "$here" rev-parse --short HEAD), local repository without io.mtj"
start=$(date +%s)
status=0
MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$work/m2" "$work/mtj/mtj" connect >"$work/out.txt" 2>&1 || status=$?
took=$(($(date +%s) - start))
if [[ $status -ne 0 ]] || ! grep -q '^step 6 ' "$work/out.txt"; then
  echo "fresh-clone-check: FAILED after ${took} s: './mtj connect' exited with $status without printing step 6; its output:" >&2
  cat "$work/out.txt" >&2
  exit 1
fi
echo "fresh-clone-check: passed in ${took} s (build included); step 6 printed:"
grep '^step ' "$work/out.txt"
