#!/usr/bin/env bash
# browser.sh - the browser tests (tests/browser/*.test.js) in headless
# Chromium against the real server with a fresh demo database.
# Nothing is skipped silently: a missing node, npm or Chromium is a failure.
# uses-db: tests/run.sh runs it again on PostgreSQL (GONGKAI_TEST_DB_URL),
# where each server gets a database of its own on that cluster.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
GONGKAI=${GONGKAI:-$ROOT/build/release/gongkai}
case "$GONGKAI" in /*) ;; *) GONGKAI=$ROOT/$GONGKAI ;; esac
# tests/run.sh passes the build dir as $1 (e.g. build/san)
if [ -n "${1:-}" ] && [ -x "$1/gongkai" ]; then GONGKAI=$(cd "$1" && pwd)/gongkai; fi
fail=0
need() { command -v "$1" >/dev/null 2>&1 || { echo "not ok browser - $1 is missing (apt-get install $2)"; fail=1; }; }
need node nodejs
need npm npm
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "not ok browser - ${CHROMIUM:-/usr/bin/chromium} is missing (apt-get install chromium)"; fail=1; }
[ -x "$GONGKAI" ] || { echo "not ok browser - $GONGKAI is missing (make)"; fail=1; }
[ $fail = 0 ] || exit 1
cd tests/browser
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund >/dev/null 2>&1; else npm install --no-audit --no-fund >/dev/null 2>&1; fi \
		|| { echo "not ok browser - npm install failed in tests/browser"; exit 1; }
fi
out=$(GONGKAI=$GONGKAI timeout -k 10 780 node --test --test-concurrency=1 ./*.test.js 2>&1)
rc=$?
# one ok/not ok line per test case (node:test prints TAP)
printf '%s\n' "$out" | grep -E '^(not )?ok [0-9]+ - ' | sed -E 's/^(not )?ok [0-9]+ - /\1ok browser: /'
if [ $rc != 0 ]; then
	printf '%s\n' "$out" | grep -vE '^\s+at ' | grep -E 'rror|expected|actual|message' | head -20 | sed 's/^/# /'
	printf '%s\n' "$out" | grep -qE '^not ok' || echo "not ok browser - node --test exited $rc"
fi
exit $rc
