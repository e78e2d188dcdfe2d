#!/bin/sh
# Install the Debian packages gongkai needs to build, test and run, if any
# are missing. Node.js is taken from Debian only when no `node` is present.
set -e
PKGS="build-essential pkg-config clang libclang-rt-14-dev curl
 libjansson-dev libxml2-dev libzip-dev libutf8proc-dev libpcre2-dev
 libsqlite3-dev libsodium-dev libmicrohttpd-dev libpq-dev
 poppler-utils postgresql chromium fonts-noto-cjk jq python3 python3-openpyxl nginx wrk"
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
