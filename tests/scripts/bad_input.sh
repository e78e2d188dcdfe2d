#!/usr/bin/env bash
# tests/scripts/bad_input.sh - `gongkai report parse|check` on inputs that are
# not good reports: unreadable ones exit 2 naming the file, a truncated
# report still parses (exit 0/1, findings, no crash), a non-report page gives
# format null, a 200 MB file is refused without being read into memory.
# Prints "ok N - ..." / "not ok N - ..."; uses $GONGKAI (set by tests/run.sh).
set -u
G=${GONGKAI:?set GONGKAI to the gongkai binary (tests/run.sh does)}
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
IN=$ROOT/tests/fixtures/inputs
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0

report() { # status description
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

# run ARGS...: stdout in $T/out, stderr in $T/err, status in $rc
run() {
	"$G" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}

clean() { ! grep -qE 'runtime error|AddressSanitizer|LeakSanitizer|Segmentation' "$T/err"; }

show() { # explain a failure
	echo "#   exit $rc; stderr: $(head -c 300 "$T/err" | tr '\n' ' ')"
}

# expect_unreadable NAME FILE REASON_REGEX: both commands exit 2 and say
# which file and why.
expect_unreadable() {
	local name=$1 file=$2 why=$3 cmd
	for cmd in parse check; do
		run report "$cmd" "$file"
		if [ "$rc" = 2 ] && grep -qF -- "$file" "$T/err" && grep -qE -- "$why" "$T/err" && clean; then
			report 0 "report $cmd: $name exits 2 naming the file ($why)"
		else
			report 1 "report $cmd: $name exits 2 naming the file ($why)"; show
		fi
	done
}

cp "$IN/empty.txt" "$T/empty.txt"
expect_unreadable "empty file" "$T/empty.txt" "empty file"
expect_unreadable "binary file" "$IN/binary.png" "binary data"
head -c 4096 /dev/urandom > "$T/random.bin"
expect_unreadable "random bytes" "$T/random.bin" "binary data|not a DOCX|corrupt"
expect_unreadable "missing file" "$T/no-such-report.txt" "cannot open"
expect_unreadable "truncated DOCX" "$IN/004-report.truncated.docx" "truncated or corrupt DOCX"
expect_unreadable "truncated PDF" "$IN/003-report.truncated.pdf" "truncated or corrupt PDF"
expect_unreadable "zip that is not a DOCX" "$IN/not-docx.zip" "not a DOCX"

# A 200 MB file: refused from its size, memory stays small.
truncate -s 200M "$T/huge.txt" 2>/dev/null || head -c 209715200 /dev/zero > "$T/huge.txt"
expect_unreadable "200 MB file" "$T/huge.txt" "too large"
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
	/usr/bin/time -v "$G" report parse "$T/huge.txt" >/dev/null 2>"$T/time"
	kb=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$T/time")
	st=$(sed -n 's/.*Exit status: *//p' "$T/time")
	if [ "$st" = 2 ] && [ -n "$kb" ] && [ "$kb" -lt 102400 ]; then
		report 0 "200 MB file: max RSS ${kb} kB < 100 MB"
	else
		report 1 "200 MB file: max RSS ${kb:-unknown} kB < 100 MB"
	fi
else
	# no GNU time: sample VmHWM from /proc while the command runs
	"$G" report parse "$T/huge.txt" >/dev/null 2>&1 &
	pid=$! hwm=0
	while kill -0 "$pid" 2>/dev/null; do
		v=$(sed -n 's/^VmHWM: *\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
		[ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
	done
	wait "$pid"
	st=$?
	if [ "$st" = 2 ] && [ "$hwm" -lt 102400 ]; then report 0 "200 MB file: peak RSS ${hwm} kB < 100 MB"
	else report 1 "200 MB file: peak RSS ${hwm} kB < 100 MB"; fi
fi

# A report cut in the middle of table 三.
seed=$(ls "$ROOT"/tests/fixtures/seeds/003_*.txt)
line=$(grep -n '^一、本年新收' "$seed" | head -1 | cut -d: -f1)
head -n $((line + 20)) "$seed" > "$T/truncated-report.txt"
run report parse --json "$T/truncated-report.txt"
if { [ "$rc" = 0 ] || [ "$rc" = 1 ]; } && grep -q '"format": *"2021"' "$T/out" && clean; then
	report 0 "report parse: truncated report parses (exit $rc, format 2021)"
else
	report 1 "report parse: truncated report parses"; show
fi
run report check --json "$T/truncated-report.txt"
if { [ "$rc" = 0 ] || [ "$rc" = 1 ]; } && grep -q '"rule"' "$T/out" && clean; then
	report 0 "report check: truncated report gives findings (exit $rc)"
else
	report 1 "report check: truncated report gives findings"; show
fi
# ... and cut at an arbitrary byte (mid-character, mid-row)
size=$(stat -c %s "$seed")
head -c $((size / 2 + 1)) "$seed" > "$T/cut-bytes.txt"
run report check "$T/cut-bytes.txt"
if { [ "$rc" = 0 ] || [ "$rc" = 1 ]; } && clean; then
	report 0 "report check: report cut mid-character still checks (exit $rc)"
else
	report 1 "report check: report cut mid-character still checks"; show
fi

# A page that is not a report.
run report parse --json "$IN/news-page.html"
if [ "$rc" != 2 ] && grep -q '"format": *null' "$T/out" && clean; then
	report 0 "report parse: news page gives format null (exit $rc)"
else
	report 1 "report parse: news page gives format null"; show
fi

# Directories: walked; an unreadable file inside still names itself.
mkdir -p "$T/dir/sub" "$T/emptydir"
cp "$seed" "$T/dir/a-report.txt"
: > "$T/dir/sub/b-empty.txt"
run report parse --jsonl "$T/dir"
if [ "$rc" = 2 ] && grep -q 'a-report.txt' "$T/out" && grep -q 'b-empty.txt.*empty file' "$T/err" && clean; then
	report 0 "report parse DIR: good file parsed, empty file named, exit 2"
else
	report 1 "report parse DIR: good file parsed, empty file named, exit 2"; show
fi
# an empty directory has nothing to parse: exit 0 or 2, but no crash
run report parse "$T/emptydir"
if { [ "$rc" = 0 ] || [ "$rc" = 2 ]; } && clean; then
	report 0 "report parse on an empty directory exits $rc without crashing"
else
	report 1 "report parse on an empty directory: no crash, exit 0 or 2"; show
fi
exit 0
