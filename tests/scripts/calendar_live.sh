#!/usr/bin/env bash
# tests/scripts/calendar_live.sh - a calendar change reaches a running
# server without a restart (issue 3). Start `gongkai serve`, submit an
# application through the public API, then, while the server runs, load a
# calendar that makes a working day inside the application's deadline a
# day off with `gongkai calendar load FILE --db` against the same database:
# the public status (re-derived with the server's calendar) shows the later
# due date within a couple of seconds, and the staff listing (the cached
# due_on, rewritten by the load) too. Then GET/POST /api/calendar: who may
# load (admin of a top-level agency), a bad file is 400 with its line and
# changes nothing, and loading the built-in text again through the API
# moves the deadline back. Database: $GONGKAI_TEST_DB_URL if set, else a
# temp SQLite file (uses-db). Prints "ok N - ..." / "not ok N - ...".
. "$(dirname "$0")/../lib/common.bash"

"$G" agency add --name "某市人民政府办公室" --code "r$tag" --kind government >"$T/out" 2>"$T/err"
A=$(grep -o '"id":[0-9]*' "$T/out" | head -1 | cut -d: -f2)
"$G" agency add --name "某市住房和城乡建设局" --code "d$tag" --parent "r$tag" >"$T/out" 2>>"$T/err"
D=$(grep -o '"id":[0-9]*' "$T/out" | head -1 | cut -d: -f2)
[ -n "$A" ] && [ -n "$D" ]; report $? "a top-level agency ($A) and a department ($D)" || cat "$T/err"
token() { # LOGIN AGENCY ROLE -> prints a bearer token
	"$G" user add "$1$tag" --name "$1" --agency "$2" --role "$3" >/dev/null 2>>"$T/err"
	"$G" user token "$1$tag" 2>>"$T/err" | grep -o 'gk_[A-Za-z0-9_-]*' | head -1
}
ADMIN=$(token adm "r$tag" admin)
DADMIN=$(token dadm "d$tag" admin)
HANDLER=$(token h "d$tag" handler)
[ -n "$ADMIN" ] && [ -n "$DADMIN" ] && [ -n "$HANDLER" ]; report $? "users and API tokens" || cat "$T/err"

serve; report $? "server answers /healthz"
json() { jq -r "$1" "$T/body" 2>/dev/null; }
AD=(-H "Authorization: Bearer $ADMIN")
DA=(-H "Authorization: Bearer $DADMIN")
H=(-H "Authorization: Bearer $HANDLER")
TODAY=$(date +%F)

req GET /api/calendar "${H[@]}"
[ "$code" = 200 ] && [ "$(json .version)" = 0 ] && [ "$(json .builtin)" = true ] &&
	[ "$(json .first_year)" = 2008 ] && [ "$(json .may_load)" = false ]
report $? "GET /api/calendar: the built-in calendar, a handler may not load" || show
req GET /api/calendar
[ "$code" = 401 ]; report $? "GET /api/calendar without credentials 401" || show

req POST /api/public/applications -d "{\"agency_id\":$D,\"applicant_kind\":\"person\",\"applicant_name\":\"王五\",\"description\":\"2025年棚户区改造补偿方案\"}"
[ "$code" = 201 ]; report $? "public submission 201" || show
CODE=$(json .tracking_code); VER=$(json .verifier); APP=$(json .id); DUE0=$(json .due_on)
status_due() { curl -s "$U/api/public/applications/$CODE?verifier=$VER" | jq -r .due_on; }
listed_due() { curl -s "${H[@]}" "$U/api/applications?agency=$D" | jq -r ".applications[] | select(.id == $APP) | .due_on"; }
[ "$(status_due)" = "$DUE0" ] && [ "$(listed_due)" = "$DUE0" ]; report $? "status and listing show due $DUE0"

# A working day after today that the built-in file does not list: make it a day off.
OFF=
for k in 1 2 3 4 5 6 7 8; do
	d=$("$G" calendar add "$TODAY" "$k" 2>/dev/null)
	grep -q "^$d	" "$ROOT/data/cn-holidays.tsv" || { OFF=$d; break; }
done
awk -v d="$OFF" 'BEGIN { FS = "\t" }
	NR > 1 && !done && $1 > d { print d "\toff\t测试假日"; done = 1 }
	{ print }
	END { if (!done) print d "\toff\t测试假日" }' "$ROOT/data/cn-holidays.tsv" >"$T/new.tsv"
[ -n "$OFF" ] && [ "$(grep -c . "$T/new.tsv")" -gt "$(grep -c . "$ROOT/data/cn-holidays.tsv")" ]
report $? "new calendar: $OFF (a working day before $DUE0) becomes a day off"

# A bad file: exit 2 with FILE:LINE, nothing changes.
printf 'date\tkind\tname\n%s\toff\t测试\n2030-02-30\toff\t坏\n' "$OFF" >"$T/bad.tsv"
"$G" calendar load "$T/bad.tsv" --db "$DB" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 2 ] && grep -q "bad.tsv:3: bad date" "$T/err"; report $? "bad file: exit 2 with bad.tsv:3 ($rc)" || cat "$T/err"

"$G" calendar load "$T/new.tsv" --db "$DB" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 0 ] && grep -q "stored as calendar version 1" "$T/out" && grep -q "deadlines moved: 1;" "$T/out" &&
	grep -q "$CODE" "$T/out"
report $? "calendar load --db while the server runs: version 1, one deadline moved" || { cat "$T/out" "$T/err" | sed 's/^/#   /'; }
NEWDUE=$("$G" calendar add "$TODAY" 20 --db "$DB" 2>/dev/null)
[ "$("$G" calendar is-workday "$OFF" --db "$DB" 2>/dev/null)" = no ] && [ "$NEWDUE" \> "$DUE0" ]
report $? "the stored calendar: $OFF is off, 20 working days after $TODAY now $NEWDUE (was $DUE0)"
# The old deadline was the 20th working day; with one more day off, the
# new one is the first working day after it (under the new calendar).
[ "$NEWDUE" = "$("$G" calendar add "$DUE0" 1 --db "$DB" 2>/dev/null)" ]
report $? "new due = first working day after the old one"
printf '{"received": "%s", "channel": "in_person", "events": []}\n' "$TODAY" >"$T/hist.json"
got=$("$G" application deadline --today "$TODAY" --db "$DB" "$T/hist.json" 2>"$T/err" | jq -r .due)
[ "$got" = "$NEWDUE" ]; report $? "application deadline --db follows the stored calendar ($got)" || cat "$T/err"
got=$(env -u GONGKAI_DB_URL GONGKAI_HOME="$T/nohome" "$G" application deadline --today "$TODAY" "$T/hist.json" 2>"$T/err" | jq -r .due)
[ "$got" = "$DUE0" ]; report $? "without a database: the built-in calendar ($got)" || cat "$T/err"

got=
for _ in $(seq 1 100); do got=$(status_due); [ "$got" = "$NEWDUE" ] && break; sleep 0.1; done
[ "$got" = "$NEWDUE" ]; report $? "public status shows the new due date $NEWDUE within 10 s, no restart ($got)"
[ "$(listed_due)" = "$NEWDUE" ]; report $? "staff listing (cached due_on) shows $NEWDUE"
kill -0 "$PID"; report $? "same server process still running"
req GET /api/calendar "${AD[@]}"
[ "$code" = 200 ] && [ "$(json .version)" = 1 ] && [ "$(json .loaded_by)" = system ] &&
	[ "$(json .in_force_here)" = 1 ] && [ "$(json .may_load)" = true ]
report $? "GET /api/calendar: version 1 loaded by system, in force here" || show

# The API: who may load, bad text, JSON body.
req POST /api/calendar "${H[@]}" --data-binary @"$ROOT/data/cn-holidays.tsv"
[ "$code" = 403 ]; report $? "handler POST /api/calendar 403" || show
req POST /api/calendar "${DA[@]}" --data-binary @"$ROOT/data/cn-holidays.tsv"
[ "$code" = 403 ]; report $? "admin of a department (not top-level) 403" || show
req POST /api/calendar "${AD[@]}" --data-binary @"$T/bad.tsv"
[ "$code" = 400 ] && [ "$(json .error.line)" = 3 ] && has "api:3: bad date"
report $? "bad TSV 400 with line 3" || show
req POST /api/calendar "${AD[@]}" -H 'Content-Type: application/json' -d '{"tsv": "x", "extra": 1}'
[ "$code" = 400 ] && [ "$(json .error.field)" = '$.extra' ]; report $? "unknown JSON field 400" || show
req GET /api/calendar "${AD[@]}"
[ "$(json .version)" = 1 ]; report $? "refused loads changed nothing (still version 1)"
jq -Rs '{tsv: ., source: "cn-holidays.tsv"}' "$ROOT/data/cn-holidays.tsv" >"$T/builtin.json"
req POST /api/calendar "${AD[@]}" -H 'Content-Type: application/json' --data-binary @"$T/builtin.json"
[ "$code" = 201 ] && [ "$(json .version)" = 2 ] && [ "$(json .due_moved)" = 1 ] &&
	[ "$(json '.moves[0].new_due')" = "$DUE0" ]
report $? "admin loads the built-in text back as version 2 (JSON): the deadline moves back" || show
got=
for _ in $(seq 1 100); do got=$(status_due); [ "$got" = "$DUE0" ] && break; sleep 0.1; done
[ "$got" = "$DUE0" ]; report $? "public status back to $DUE0 ($got)"
req POST /api/calendar "${AD[@]}" --data-binary @"$ROOT/data/cn-holidays.tsv"
[ "$code" = 200 ] && [ "$(json .unchanged)" = true ]; report $? "same text again: 200 unchanged" || show
"$G" audit verify --db "$DB" >"$T/out" 2>&1; report $? "audit chain intact" || cat "$T/out"
