#!/usr/bin/env bash
# tests/scripts/pg_failover.sh - PostgreSQL restarted under a serving
# gongkai. While the database is down, /healthz and API calls answer 503
# with a JSON message quickly (no hang, no crash); after it is back,
# requests succeed without restarting gongkai; every submission that got a
# 201 (and its tracking code) is in the database, and the audit chain
# verifies. Runs its own private cluster (it must stop and start it), so
# it needs the PostgreSQL server binaries (installed by .ci/run).
set -u
G=${GONGKAI:?set GONGKAI to the gongkai binary (tests/run.sh does)}
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$ROOT/tests/lib/pg.bash"
T=$(mktemp -d)
S_PID= W_PID=
cleanup() {
	for p in $W_PID $S_PID; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	pg_cleanup; rm -rf "$T"
}
trap cleanup EXIT
n=0
report() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; return "$1"; }
show() { echo "#   $(head -c 600 "$1")"; }

PG_FORCE_OWN=1 pg_fresh_db failover
"$G" agency add --name "某市人民政府" --code city --kind government --db "$PGURL" >"$T/ag.json" 2>"$T/err"
report $? "agency created on PostgreSQL" || show "$T/err"
AG=$(jq .id "$T/ag.json")
# The stream below is hundreds of submissions from 127.0.0.1: no per-address limit.
printf 'apply_limit = 0\n' >"$T/nolimit.conf"
serve_start S "$PGURL" "$T/s.log" --key-file "$T/key" --threads 4 --config "$T/nolimit.conf"
curl -sf "$S_URL/healthz" >/dev/null; report $? "server on PostgreSQL answers /healthz" || show "$T/s.log"

submit() { # i -> "status tracking_code" on stdout
	curl -s --max-time 15 -o "$T/sub.$1" -w '%{http_code}' -H 'Content-Type: application/json' \
		-d "{\"agency_id\":$AG,\"applicant_kind\":\"person\",\"applicant_name\":\"故障测试$1\",\"description\":\"数据库重启期间的申请 $1\"}" \
		"$S_URL/api/public/applications"
	echo " $(jq -r '.tracking_code // empty' "$T/sub.$1" 2>/dev/null)"
	rm -f "$T/sub.$1"
}
( i=0; while [ ! -e "$T/stop" ]; do i=$((i + 1)); submit $i; sleep 0.02; done >"$T/stream" ) &
W_PID=$!
sleep 1
pg_own_stop fast
report $? "PostgreSQL stopped while requests stream in"
sleep 0.5
t0=$(date +%s%N)
code=$(curl -s --max-time 15 -o "$T/h.json" -w '%{http_code}' "$S_URL/healthz")
[ "$code" = 503 ] && jq -e . "$T/h.json" >/dev/null
report $? "/healthz during the outage: 503 with JSON (got $code)" || show "$T/h.json"
code=$(curl -s --max-time 15 -o "$T/p.json" -w '%{http_code}' -H 'Content-Type: application/json' \
	-d "{\"agency_id\":$AG,\"applicant_kind\":\"person\",\"applicant_name\":\"停机\",\"description\":\"停机期间\"}" \
	"$S_URL/api/public/applications")
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$code" = 503 ] && jq -e '.error.message | length > 0' "$T/p.json" >/dev/null
report $? "a submission during the outage: 503 with an error message (got $code)" || show "$T/p.json"
code=$(curl -s --max-time 15 -o "$T/g.json" -w '%{http_code}' "$S_URL/api/public/agencies")
[ "$code" = 503 ] && jq -e '.error.message | length > 0' "$T/g.json" >/dev/null
report $? "a read during the outage: 503 with an error message (got $code)" || show "$T/g.json"
[ "$ms" -lt 10000 ]; report $? "outage answers come quickly (${ms} ms for two requests)"
kill -0 "$S_PID" 2>/dev/null; report $? "gongkai is still running during the outage"
sleep 1
pg_own_start
report $? "PostgreSQL started again"
ok=1
for _ in $(seq 1 100); do
	curl -sf "$S_URL/healthz" >/dev/null 2>&1 && { ok=0; break; }
	sleep 0.1
done
report $ok "service resumes by itself (/healthz 200 without restarting gongkai)"
sleep 1.5
touch "$T/stop"; wait "$W_PID" 2>/dev/null; W_PID=   # let the last request finish
acc=$(grep -c '^201 ' "$T/stream"); u=$(grep -c '^503 ' "$T/stream"); other=$(grep -vcE '^(201|503) ' "$T/stream")
tail_ok=$(tail -5 "$T/stream" | grep -c '^201 ')
[ "$acc" -gt 5 ] && [ "$u" -gt 0 ] && [ "$tail_ok" -ge 3 ]
report $? "the stream saw 201s, then 503s, then 201s again ($acc accepted, $u unavailable, $other other)"
[ "$other" = 0 ]; report $? "no request hung or failed other than with 503 ($other)" || grep -vE '^(201|503) ' "$T/stream" | head -5 | sed 's/^/#   /'

grep '^201 ' "$T/stream" | cut -d' ' -f2 | sort -u >"$T/acked"
psql -qAt "$PGURL" -c "SELECT tracking_code FROM applications" | sort -u >"$T/stored"
lost=$(comm -23 "$T/acked" "$T/stored" | wc -l)
[ -s "$T/acked" ] && [ "$lost" = 0 ]
report $? "every acknowledged submission is stored ($(wc -l <"$T/acked") acknowledged, $lost lost)"
"$G" audit verify --db "$PGURL" >"$T/v.json" 2>&1
report $? "audit chain verifies after the restart" || show "$T/v.json"
