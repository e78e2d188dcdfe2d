#!/usr/bin/env bash
# tests/scripts/pg_concurrency.sh - two `gongkai serve` processes on one
# PostgreSQL database, a few hundred concurrent, conflicting requests
# (curl through xargs -P) split over both:
#  - 200 public submissions: all accepted, no duplicate tracking code,
#    exactly the accepted ones stored;
#  - 40 clerks per application acting on the SAME version of 4 applications:
#    exactly one wins each, the rest get 409 with a message (no lost update,
#    no silent overwrite);
#  - 160 events without a version check on the same applications: every
#    accepted event stored exactly once, seq 1..n without gaps, version =
#    events + 1 (monotonic);
#  - the audit chain verifies and has one entry per accepted action.
# Needs PostgreSQL: $GONGKAI_PG_URL (CI) or a local postgresql install.
set -u
G=${GONGKAI:?set GONGKAI to the gongkai binary (tests/run.sh does)}
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$ROOT/tests/lib/pg.bash"
T=$(mktemp -d)
A_PID= B_PID=
cleanup() {
	for p in $A_PID $B_PID; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	pg_cleanup; rm -rf "$T"
}
trap cleanup EXIT
n=0
report() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; return "$1"; }
show() { echo "#   $(head -c 600 "$1")"; }
q() { psql -qAt "$PGURL" -c "$1"; }

pg_fresh_db conc
export GONGKAI_DB_URL=$PGURL
"$G" agency add --name "某市人民政府" --code city --kind government >"$T/ag.json" 2>"$T/err" &&
	printf 'correct horse 1\n' >"$T/pw" &&
	"$G" user add clerk1 --name 经办人 --password-file "$T/pw" --agency city --role clerk >/dev/null 2>>"$T/err" &&
	"$G" user role clerk1 city handler >/dev/null 2>>"$T/err" &&
	"$G" user role clerk1 city approver >/dev/null 2>>"$T/err"
report $? "agency and clerk set up on PostgreSQL" || show "$T/err"
AG=$(jq .id "$T/ag.json")
TOKEN=$("$G" user token clerk1 2>>"$T/err" | grep -o 'gk_[A-Za-z0-9_-]*' | head -1)
# 200 submissions from 127.0.0.1 below: no per-address limit.
printf 'apply_limit = 0\n' >"$T/nolimit.conf"
serve_start A "$PGURL" "$T/a.log" --key-file "$T/key" --threads 8 --config "$T/nolimit.conf"
serve_start B "$PGURL" "$T/b.log" --key-file "$T/key" --threads 8 --config "$T/nolimit.conf"
curl -sf "$A_URL/healthz" >/dev/null && curl -sf "$B_URL/healthz" >/dev/null
report $? "two gongkai processes serve the same database" || { show "$T/a.log"; show "$T/b.log"; }
export A_URL B_URL TOKEN AG T

# --- 200 concurrent submissions over both servers
sub() {
	local u=$A_URL; [ $(($1 % 2)) = 0 ] && u=$B_URL
	local c; c=$(curl -s --max-time 30 -o "$T/s.$1" -w '%{http_code}' -H 'Content-Type: application/json' \
		-d "{\"agency_id\":$AG,\"applicant_kind\":\"person\",\"applicant_name\":\"并发$1\",\"description\":\"并发申请 $1\"}" \
		"$u/api/public/applications")
	echo "$c $(jq -r '.tracking_code // empty' "$T/s.$1" 2>/dev/null)"
}
export -f sub
seq 1 200 | xargs -P 32 -I{} bash -c 'sub {}' >"$T/subs"
acc=$(grep -c '^201 ' "$T/subs")
[ "$acc" = 200 ]; report $? "200 concurrent submissions over two processes: $acc accepted" || sort "$T/subs" | uniq -c | sort -rn | head -3 | sed 's/^/#   /'
dups=$(grep '^201 ' "$T/subs" | cut -d' ' -f2 | sort | uniq -d | wc -l)
stored=$(q "SELECT COUNT(*) FROM applications")
sdups=$(q "SELECT COUNT(*) FROM (SELECT tracking_code FROM applications GROUP BY 1 HAVING COUNT(*) > 1) d")
[ "$dups" = 0 ] && [ "$sdups" = 0 ] && [ "$stored" = "$acc" ]
report $? "no duplicate tracking code; exactly the accepted submissions stored ($stored)"

# --- conflicting actions on the same version of the same applications
TODAY=$(date +%F)
ids=
for i in 1 2 3 4; do
	curl -s -o "$T/reg" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		-d "{\"agency_id\":$AG,\"applicant_kind\":\"person\",\"applicant_name\":\"冲突$i\",\"description\":\"冲突测试 $i\",\"channel\":\"in_person\",\"submitted_on\":\"$TODAY\"}" \
		"$A_URL/api/applications"
	ids="$ids $(jq -r '.id // empty' "$T/reg")"
done
[ "$(echo $ids | wc -w)" = 4 ]; report $? "4 applications registered by the clerk" || show "$T/reg"
export TODAY
ev() { # "app version k": one clerk's action, on server A or B
	set -- $1
	local u=$A_URL; [ $(($3 % 2)) = 0 ] && u=$B_URL
	local vfield=; [ "$2" != - ] && vfield=",\"version\":$2"
	curl -s --max-time 30 -o "$T/e.$1.$3" -w "%{http_code} $1\n" -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' \
		-d "{\"type\":\"${EVTYPE}\",\"date\":\"$TODAY\",\"days\":10,\"approver\":\"办公室主任\",\"deadline\":\"$TODAY\",\"note\":\"并发$3\"$vfield}" \
		"$u/api/applications/$1/events"
	[ -s "$T/e.$1.$3" ] && grep -q '"error"' "$T/e.$1.$3" && jq -c .error "$T/e.$1.$3" >>"$T/errors"
	rm -f "$T/e.$1.$3"
}
export -f ev
for id in $ids; do
	v=$(curl -s -H "Authorization: Bearer $TOKEN" "$A_URL/api/applications/$id" | jq '.version // .application.version')
	for k in $(seq 1 40); do echo "$id $v $k"; done
done >"$T/jobs"
: >"$T/errors"
EVTYPE=extension_approved; export EVTYPE
xargs -P 40 -I{} bash -c 'ev "{}"' <"$T/jobs" >"$T/evs"
wins=$(grep -c '^201 ' "$T/evs"); conflicts=$(grep -c '^409 ' "$T/evs")
per_app_ok=0
for id in $ids; do [ "$(grep -c "^201 $id\$" "$T/evs")" = 1 ] || per_app_ok=1; done
[ "$per_app_ok" = 0 ] && [ "$conflicts" = $((160 - 4)) ]
report $? "same version, 160 concurrent actions: one winner per application, the rest 409 ($wins won, $conflicts conflicts)" ||
	{ sort "$T/evs" | cut -d' ' -f1 | uniq -c | sed 's/^/#   /'; sort "$T/errors" | uniq -c | head -3 | sed 's/^/#   /'; }
grep '"conflict"' "$T/errors" | head -1 | jq -e '.message | length > 0' >/dev/null
report $? "the loser's 409 carries a 'someone else changed this' message: $(grep '"conflict"' "$T/errors" | head -1 | jq -r .message)"
stored=$(q "SELECT COUNT(*) FROM application_events WHERE type = 'extension_approved'")
[ "$stored" = "$wins" ]; report $? "exactly the winning actions are stored ($stored)"

# --- concurrent actions without a version: all serialised, none lost
for id in $ids; do for k in $(seq 1 40); do echo "$id - $k"; done; done >"$T/jobs2"
: >"$T/errors"
EVTYPE=third_party_sent; export EVTYPE
xargs -P 40 -I{} bash -c 'ev "{}"' <"$T/jobs2" >"$T/evs2"
acc2=$(grep -c '^201 ' "$T/evs2"); bad=$(grep -vcE '^(201|409|400|422) ' "$T/evs2")
[ "$bad" = 0 ]; report $? "160 unversioned concurrent actions: no 5xx or hang ($acc2 accepted; $(cut -d' ' -f1 "$T/evs2" | sort | uniq -c | tr '\n' ' '))" ||
	sort "$T/errors" | uniq -c | head -3 | sed 's/^/#   /'
ok=0
for id in $ids; do
	nacc=$(grep -c "^201 $id\$" "$T/evs" "$T/evs2" | awk -F: '{s += $2} END {print s}')
	nev=$(q "SELECT COUNT(*) FROM application_events WHERE application_id = $id")
	gaps=$(q "SELECT COUNT(*) FROM (SELECT seq, ROW_NUMBER() OVER (ORDER BY seq) r FROM application_events WHERE application_id = $id) s WHERE seq <> r")
	ver=$(q "SELECT version FROM applications WHERE id = $id")
	base=$(q "SELECT COUNT(*) FROM application_events WHERE application_id = $id AND type NOT IN ('extension_approved', 'third_party_sent')")
	# every accepted action stored once, seq without gaps, version moved once per event
	[ "$nev" = $((nacc + base)) ] && [ "$gaps" = 0 ] || { ok=1; echo "#   app $id: $nacc accepted + $base initial, $nev stored, $gaps seq gaps, version $ver"; }
	echo "#   app $id: $nacc accepted, $nev events, version $ver"
done
report $ok "every accepted action stored exactly once, seq 1..n without gaps"
# --- items: 4 drafts, 100 concurrent edits each with the same version over
# both processes: exactly one edit per item wins, the rest get 409
: >"$T/items"
for k in 1 2 3 4; do
	curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		-d "{\"agency_id\":$AG,\"title\":\"并发编辑测试$k\",\"body_html\":\"<p>正文</p>\",\"genre\":\"通知\"}" \
		"$A_URL/api/items" | jq -r '.item.id // .id // empty' >>"$T/items"
done
iids=$(tr '\n' ' ' <"$T/items")
[ "$(wc -w <<<"$iids")" = 4 ]; report $? "four draft items created ($iids)"
edit() { # ITEM K
	local u=$A_URL; [ $(($2 % 2)) = 0 ] && u=$B_URL
	curl -s --max-time 30 -o /dev/null -w "%{http_code} $1\n" -X PATCH -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' -d "{\"version\":1,\"title\":\"改$2\"}" "$u/api/items/$1"
}
export -f edit
for id in $iids; do for k in $(seq 1 100); do echo "$id $k"; done; done |
	xargs -P 40 -L1 bash -c 'edit "$0" "$1"' >"$T/edits"
ok=0
for id in $iids; do
	w=$(grep -c "^200 $id\$" "$T/edits"); l=$(grep -c "^409 $id\$" "$T/edits")
	v=$(q "SELECT version FROM items WHERE id = $id")
	[ "$w" = 1 ] && [ "$l" = 99 ] && [ "$v" = 2 ] || { ok=1; echo "#   item $id: $w won, $l got 409, version $v"; }
done
report $ok "400 concurrent same-version item edits: exactly one winner per item, 399 refused with 409, no lost update"

"$G" audit verify >"$T/v.json" 2>&1
report $? "audit chain verifies after the concurrent load ($(jq -r .entries "$T/v.json") entries)" || show "$T/v.json"
entries=$(jq -r .entries "$T/v.json")
[ "$entries" -ge $((200 + 4 + wins + acc2)) ]
report $? "one audit entry at least per accepted action ($entries >= $((200 + 4 + wins + acc2)))"
