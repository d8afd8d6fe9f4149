#!/usr/bin/env bash
# Installs the foreign MTProto clients the interop tests drive (mtcute and GramJS from the npm
# registry), exactly as pinned by mtj-interop/node/package-lock.json. Idempotent: does nothing when
# node_modules already matches the lock file. Needs node >= 18 and npm on PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$here/mtj-interop/node

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "install-interop.sh: '$tool' not found on PATH; install Node.js 18 or newer (Debian: apt-get install nodejs npm)" >&2
    exit 1
  fi
done
major=$(node -p 'process.versions.node.split(".")[0]')
if ((major < 18)); then
  echo "install-interop.sh: node $(node --version) is too old; 18 or newer is needed" >&2
  exit 1
fi

stamp=$dir/node_modules/.mtj-lock.sha256
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  echo "install-interop.sh: node_modules already matches package-lock.json"
  exit 0
fi
# --ignore-scripts: no install script runs (better-sqlite3 would try to download a prebuilt binary;
# the scripts use in-memory storage and never load it).
(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
echo "$want" >"$stamp"
echo "install-interop.sh: installed $(cd "$dir" && node -p 'Object.entries(require("./package.json").dependencies).map(([k,v])=>k+"@"+v).join(" ")')"
