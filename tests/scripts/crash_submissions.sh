#!/usr/bin/env bash
# tests/scripts/crash_submissions.sh - durability of public submissions:
# four clients stream applications at the real server, the server is
# killed with SIGKILL in the middle of the stream, restarted on the same
# database, and every submission that got a tracking code (201) must be
# there: its status lookup by code + verifier answers 200. Database:
# $GONGKAI_TEST_DB_URL or $GONGKAI_TEST_PG_URL if set, else a temp SQLite
# file (uses-db). Prints "ok N - ..." / "not ok N - ...".
. "$(dirname "$0")/../lib/common.bash"
"$G" agency add --name "某局" --code "crash$tag" >"$T/out" 2>"$T/err"
A=$(grep -o '"id":[0-9]*' "$T/out" | cut -d: -f2)
[ -n "$A" ]; report $? "agency $A"

PORT=$(free_port)
U=http://127.0.0.1:$PORT
# Four clients stream hundreds of submissions from 127.0.0.1: no per-address limit.
printf 'apply_limit = 0\n' >"$T/nolimit.conf"
start() {
	"$G" serve --listen "127.0.0.1:$PORT" --db "$DB" --key-file "$T/key" --access-log "" \
		--config "$T/nolimit.conf" 2>>"$T/serve.log" &
	PID=$!
	for _ in $(seq 1 400); do curl -sf "$U/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
	echo "#   server did not answer /healthz within 40 s: $(tail -3 "$T/serve.log" | tr "\n" " ")"
	return 1
}
start; report $? "server started"

client() { # ID: submit until the server goes away; log code+verifier of each 201
	local i=0 body code
	while [ $i -lt 400 ]; do
		i=$((i + 1))
		body=$(curl -s -m 5 -w '\n%{http_code}' -X POST "$U/api/public/applications" \
			-d "{\"agency_id\":$A,\"applicant_kind\":\"person\",\"applicant_name\":\"申请人$1-$i\",\"id_number\":\"11010519900101$((1000 + i))\",\"description\":\"信息$1-$i\"}" 2>/dev/null)
		code=${body##*$'\n'}
		if [ "$code" = 201 ] && [[ $body =~ \"tracking_code\":\"([0-9A-Z]+)\".*\"verifier\":\"([0-9A-Z-]+)\" ]]; then
			printf '%s %s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" >>"$T/codes.$1"
		else echo "$code" >>"$T/other.$1"; fi
		if [ "$code" = 000 ]; then
			return 0   # connection refused: the server is gone
		fi
	done
}
for c in 1 2 3 4; do client $c & done
sleep 3
kill -9 "$PID"; wait "$PID" 2>/dev/null; PID=
wait
cat "$T"/codes.* >"$T/codes" 2>/dev/null
got=$(wc -l <"$T/codes"); cat "$T"/other.* 2>/dev/null | sort | uniq -c | sed "s/^/# other: /"
[ "$got" -gt 10 ]; report $? "$got submissions got a tracking code before kill -9"

start; report $? "server restarted on the same database"
missing=0
while read -r code ver; do
	c=$(curl -s -o /dev/null -w '%{http_code}' "$U/api/public/applications/$code?verifier=$ver")
	[ "$c" = 200 ] || { missing=$((missing + 1)); echo "#   $code: $c"; }
done <"$T/codes"
[ "$missing" = 0 ]; report $? "every acknowledged submission is in the database after restart ($missing missing)"
