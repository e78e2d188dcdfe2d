#!/usr/bin/env bash
# tests/scripts/office_calendar.sh - calendar administration in the back
# office: an admin of the root agency uploads a calendar file on
# /office/calendar (multipart form with the CSRF token); a file with a bad
# line is refused with that line and changes nothing; a good one becomes
# the next version and the page says so; a department clerk sees no form
# and is refused. uses-db: runs on SQLite and PostgreSQL.
. "$(dirname "$0")/../lib/common.bash"

"$G" demo --db "$DB" --key-file "$T/key" >"$T/demo.out" 2>&1
report $? "demo data loaded" || tail -5 "$T/demo.out"
serve; report $? "server answers /healthz"

login() { # LOGIN JAR -> CSRF token of that session in $csrf
	req POST /api/login -c "$2" -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"gongkai-demo-2026\"}"
	csrf=$(grep -o '"csrf_token":"[^"]*"' "$T/body" | cut -d'"' -f4)
	[ "$code" = 200 ] && [ -n "$csrf" ]
}
login admin "$T/admin.jar"; report $? "admin logs in"
req GET /office/calendar -b "$T/admin.jar"
[ "$code" = 200 ] && has 'id="calendar-load"'; report $? "admin sees the upload form" || show

# A bad file: line 3 has an impossible date.
printf 'date\tkind\tname\n2026-01-01\toff\t元旦\n2026-02-30\toff\t春节\n' >"$T/bad.tsv"
req POST /office/calendar -b "$T/admin.jar" -F "csrf=$csrf" -F "tsv=@$T/bad.tsv;type=text/tab-separated-values"
[ "$code" = 400 ] && has 'bad.tsv:3'; report $? "a bad file is refused naming line 3 ($code)" || show
"$G" audit verify --db "$DB" >/dev/null 2>&1; report $? "audit chain intact"

# A good file: the shipped calendar with one more day off.
cp "$ROOT/data/cn-holidays.tsv" "$T/new.tsv"
printf '2026-12-31\toff\t测试\n' >>"$T/new.tsv"
req POST /office/calendar -b "$T/admin.jar" -F "csrf=$csrf" -F "tsv=@$T/new.tsv;type=text/tab-separated-values" -D "$T/hdr"
[ "$code" = 303 ] || [ "$code" = 302 ]; report $? "a good file is loaded ($code)" || show
loc=$(grep -i '^location:' "$T/hdr" | tr -d '\r' | cut -d' ' -f2)
req GET "$loc" -b "$T/admin.jar"
[ "$code" = 200 ] && has '已加载第1版日历'; report $? "the page reports version 1" || show
req GET /office/calendar -b "$T/admin.jar" -F "csrf=wrong" -X POST -F "tsv=@$T/new.tsv"
[ "$code" = 403 ] || [ "$code" = 400 ]; report $? "a wrong CSRF token is refused ($code)"

login zjj-clerk "$T/clerk.jar"; report $? "clerk logs in"
req GET /office/calendar -b "$T/clerk.jar"
[ "$code" = 200 ] && ! has 'id="calendar-load"'; report $? "a clerk sees no upload form"
req POST /office/calendar -b "$T/clerk.jar" -F "csrf=$csrf" -F "tsv=@$T/new.tsv"
[ "$code" = 403 ]; report $? "a clerk's upload is refused ($code)" || show
