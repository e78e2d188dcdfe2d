#!/usr/bin/env bash
# tests/run.sh BUILD_DIR [CASE_DIR|SCRIPT|UNIT ...]
#
# Runs every test (or only the named ones) and ends with "N passed, N failed".
#  - unit binaries  BUILD_DIR/tests/*   print "ok"/"not ok" lines (tests/t.h)
#  - CLI cases      tests/cases/**/args  a directory per case (see tests/README.md)
#  - scripts        tests/scripts/*.sh  print "ok"/"not ok" lines
# Tests whose source mentions "uses-db" run on SQLite (a temporary file of
# their own) and, when $GONGKAI_PG_URL names a PostgreSQL database, again on
# it (recreated empty before each test) with GONGKAI_TEST_DB_URL set.
set -u
B=${1:?usage: tests/run.sh BUILD_DIR [TEST ...]}
shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "$B" && pwd)
export GONGKAI="$B/gongkai" JSONSUB="$B/tests/jsonsub" ROOT B
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
unset GONGKAI_TEST_DB_URL GONGKAI_TEST_PG_URL
SCRIPT_TIMEOUT=${SCRIPT_TIMEOUT:-900}   # seconds; a hung script fails instead of hanging CI
PG_URL=${GONGKAI_PG_URL:-}
pass=0 fail=0
failed_names=()
db_tests=()

uses_db() { # unit binary or script path
	local src=$1
	[[ "$src" == *.sh ]] || src="$ROOT/tests/unit/$(basename "$1").c"
	[ -f "$src" ] && grep -q 'uses-db' "$src"
}

fresh_pg() { # recreate the test database (its name is the URL's last segment)
	local db=${PG_URL##*/} admin=${PG_URL%/*}/postgres
	psql -q "$admin" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\"" >/dev/null
}

count_tap() { # name, output file, exit code
	local p f
	p=$(grep -c '^ok ' "$2" || true)
	f=$(grep -c '^not ok ' "$2" || true)
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $1 exited $3" >>"$2"; fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $1 ran no checks" >>"$2"; fi
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		failed_names+=("$1")
		grep -E '^not ok|^#' "$2" | head -20 | sed "s|^|  $1: |"
		tail -n 30 "$2" | grep -iE 'sanitizer|leak|error' | head -10 | sed "s|^|  $1: |"
	fi
}

run_unit() {
	local out; out=$(mktemp)
	if grep -q 'pg-only' "$ROOT/tests/unit/$(basename "$1").c" 2>/dev/null; then
		db_tests+=("$1")
		return
	fi
	"$1" >"$out" 2>&1; count_tap "unit/$(basename "$1")" "$out" $?
	rm -f "$out"
	uses_db "$1" && db_tests+=("$1")
}

run_script() {
	local out; out=$(mktemp)
	timeout -k 10 "$SCRIPT_TIMEOUT" bash "$1" >"$out" 2>&1; count_tap "script/$(basename "$1")" "$out" $?
	rm -f "$out"
	uses_db "$1" && db_tests+=("$1")
}

# The PostgreSQL pass over every test that uses the database.
run_pg_pass() {
	local t out rc
	[ -n "$PG_URL" ] || return 0
	for t in "${db_tests[@]}"; do
		out=$(mktemp)
		if ! fresh_pg 2>"$out"; then
			rc=1
		else
			if [[ "$t" == *.sh ]]; then GONGKAI_TEST_DB_URL=$PG_URL timeout -k 10 "$SCRIPT_TIMEOUT" bash "$t" >"$out" 2>&1; rc=$?
			else GONGKAI_TEST_DB_URL=$PG_URL "$t" >"$out" 2>&1; rc=$?; fi
		fi
		count_tap "pg/$(basename "$t")" "$out" $rc
		rm -f "$out"
	done
}

# A CLI case directory: args (one argument per line, run in the case dir),
# optional stdin, expected.json (subset match of stdout as JSON or JSONL),
# expected.out (exact stdout), exit (expected status, default 0),
# stderr.grep (an extended regex stderr must match).
run_case() {
	local dir=$1 name=${1#"$ROOT"/tests/cases/} out err rc want=0 ok=1 why=""
	local -a args=()
	out=$(mktemp); err=$(mktemp)
	mapfile -t args < "$dir/args"
	[ -f "$dir/exit" ] && want=$(tr -d ' \n' < "$dir/exit")
	if [ -f "$dir/stdin" ]; then
		(cd "$dir" && "$GONGKAI" "${args[@]}" <stdin >"$out" 2>"$err"); rc=$?
	else
		(cd "$dir" && "$GONGKAI" "${args[@]}" </dev/null >"$out" 2>"$err"); rc=$?
	fi
	if [ "$rc" != "$want" ]; then ok=0; why="exit $rc, want $want"; fi
	if [ $ok = 1 ] && [ -f "$dir/expected.json" ] && ! "$JSONSUB" "$dir/expected.json" "$out" 2>>"$err"; then
		ok=0; why="JSON differs"
	fi
	if [ $ok = 1 ] && [ -f "$dir/expected.out" ] && ! diff -u "$dir/expected.out" "$out" >>"$err"; then
		ok=0; why="output differs"
	fi
	if [ $ok = 1 ] && [ -f "$dir/stderr.grep" ] && ! grep -qE -f "$dir/stderr.grep" "$err"; then
		ok=0; why="stderr lacks $(head -1 "$dir/stderr.grep")"
	fi
	if [ $ok = 1 ] && grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$err"; then
		ok=0; why="sanitizer report"
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); failed_names+=("case/$name")
		echo "FAIL case/$name: $why"; head -c 2000 "$err" | sed 's/^/  /'
	fi
	rm -f "$out" "$err"
}

run_one() {
	local t=$1
	[ -e "$t" ] || t="$ROOT/$t"
	if [ -d "$t" ] && [ -f "$t/args" ]; then run_case "$(cd "$t" && pwd)"
	elif [ -d "$t" ]; then
		while IFS= read -r a; do run_case "$(dirname "$a")"; done < <(find "$t" -name args | sort)
	elif [ -f "$t" ] && [[ "$t" == *.sh ]]; then run_script "$t"
	elif [ -x "$t" ]; then run_unit "$t"
	elif [ -x "$B/tests/$1" ]; then run_unit "$B/tests/$1"
	else echo "no such test: $1"; fail=$((fail + 1)); fi
}

if [ $# -gt 0 ]; then
	for t in "$@"; do run_one "$t"; done
else
	for u in "$B"/tests/*; do
		[ -x "$u" ] && [ "$(basename "$u")" != jsonsub ] && run_unit "$u"
	done
	run_one "$ROOT/tests/cases"
	for s in "$ROOT"/tests/scripts/*.sh; do [ -f "$s" ] && run_script "$s"; done
fi

run_pg_pass

if [ ${#failed_names[@]} -gt 0 ]; then
	echo "failed: ${failed_names[*]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
