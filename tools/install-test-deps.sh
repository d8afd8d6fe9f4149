#!/usr/bin/env bash
# Installs the external programs the transport tests start themselves on loopback:
#   dante-server (danted)  SOCKS5 proxy          /usr/sbin/danted
#   tinyproxy              HTTP CONNECT proxy    /usr/bin/tinyproxy
#   stunnel4               TLS in front of tinyproxy (https:// proxy)   /usr/bin/stunnel4
#   websockify             WebSocket <-> TCP bridge                      /usr/bin/websockify
#   openssl                self-signed test certificates                 /usr/bin/openssl
# and a system user for dante's username/password method (RFC 1929 against system accounts):
#   user mtjproxy, password mtj-proxy-test-pw  (a throw-away account with no shell, test only)
#
# Idempotent: packages already present are skipped and `apt-get update` runs at most once.
# Never starts the system services: a policy-rc.d answering 101 is in place during the install,
# and any daemon a package started anyway is stopped afterwards. The tests start their own
# instances on ephemeral ports with temporary configuration files.
#
# Run as root: sudo tools/install-test-deps.sh
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then
    echo "install-test-deps.sh: must run as root (apt-get install, useradd)" >&2
    exit 1
fi

packages=(dante-server tinyproxy stunnel4 websockify openssl)
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if ((${#missing[@]} > 0)); then
    policy=/usr/sbin/policy-rc.d
    own_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\n# installed by mtj tools/install-test-deps.sh: no service starts during install\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        own_policy=1
    fi
    trap '[[ $own_policy -eq 1 ]] && rm -f "$policy"' EXIT
    export DEBIAN_FRONTEND=noninteractive
    log=$(mktemp)
    # waits for another apt/dpkg run to release its lock instead of failing at once
    if ! { apt-get -o DPkg::Lock::Timeout=600 update -qq &&
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "install-test-deps.sh: installing ${missing[*]} failed" >&2
        exit 1
    fi
    rm -f "$log"
    if [[ $own_policy -eq 1 ]]; then
        rm -f "$policy"
    fi
    trap - EXIT
    echo "install-test-deps.sh: installed ${missing[*]}"
else
    echo "install-test-deps.sh: packages already present (${packages[*]})"
fi

# Make sure no system instance is left running (some packages start one despite policy-rc.d
# when there is no init system to ask).
for svc in danted tinyproxy stunnel4; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
        systemctl stop "$svc" >/dev/null 2>&1 || true
        echo "install-test-deps.sh: stopped system service $svc"
    fi
done
for pidfile in /run/danted.pid /var/run/danted.pid /run/tinyproxy/tinyproxy.pid /var/run/tinyproxy/tinyproxy.pid; do
    if [[ -s $pidfile ]]; then
        pid=$(cat "$pidfile")
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            echo "install-test-deps.sh: stopped daemon pid $pid from $pidfile"
        fi
    fi
done

# Test account for dante's `socksmethod: username` (checked against the system password database).
user=mtjproxy
password=mtj-proxy-test-pw
if ! id "$user" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    echo "install-test-deps.sh: created user $user"
fi
echo "$user:$password" | chpasswd
