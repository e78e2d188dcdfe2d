#!/usr/bin/env bash
# tests/scripts/apply_limit.sh - the per-address limit on online
# applications (service/apply_limit.h; config apply_limit / apply_window).
# With apply_limit = 3 and trust_proxy = 1 (client address from
# X-Forwarded-For):
#  - the 4th API submission of an address is 429 rate_limited with a
#    Retry-After header and a JSON error, and nothing is stored or audited
#    for it;
#  - the 4th portal form of an address is 429 with the Chinese message on
#    the form, which keeps what was typed; the API then refuses that
#    address too (one count for both fronts);
#  - other addresses are not affected; staff registration (API and office
#    form) from a locked address is not limited;
#  - apply_limit = 0 turns the limit off; the lock ends after the window;
#    bad values are refused at start-up;
#  - PostgreSQL only: two processes on one database share the count, also
#    under concurrent submissions (exactly `limit` accepted).
# uses-db: runs on SQLite and again on PostgreSQL.
. "$(dirname "$0")/../lib/common.bash"

q() { # SQL -> one value, on whichever engine $DB is
	case $DB in
	sqlite:*) sqlite3 "${DB#sqlite:}" "$1" ;;
	*) psql -qAt "$DB" -c "$1" ;;
	esac
}
stop() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; PID=; }
header() { grep -i "^$1:" "$T/hdr" | head -1 | cut -d' ' -f2 | tr -d '\r'; }

"$G" demo --db "$DB" --key-file "$T/key" >"$T/demo.out" 2>&1
report $? "demo data loaded" || tail -5 "$T/demo.out"
printf 'trust_proxy = 1\napply_limit = 3\napply_window = 3600\n' >"$T/limit.conf"
serve --config "$T/limit.conf"; report $? "server with apply_limit = 3 answers /healthz"
AG=$(curl -s "$U/api/public/agencies" | jq '.agencies[] | select(.code == "zjj") | .id')

submit() { # ADDRESS NAME -> $code, body in $T/body, headers in $T/hdr
	req POST /api/public/applications -D "$T/hdr" -H "X-Forwarded-For: $1" \
		-H 'Content-Type: application/json' \
		-d "{\"agency_id\":$AG,\"applicant_kind\":\"person\",\"applicant_name\":\"$2\",\"description\":\"限额测试所需信息\"}"
}

# --- the API: three accepted, the fourth refused
ok=0
for i in 1 2 3; do submit 203.0.113.10 "限额甲$i"; [ "$code" = 201 ] || { ok=1; show; }; done
report $ok "three API submissions from one address are accepted"
submit 203.0.113.10 "限额甲4"
ra=$(header Retry-After)
[ "$code" = 429 ] && [ -n "$ra" ] && [ "$ra" -ge 1 ] && [ "$ra" -le 3600 ]
report $? "the 4th is 429 with Retry-After: $ra (1..3600 s)" || show
jq -e '.error.code == "rate_limited" and (.error.message | contains("提交过于频繁"))' "$T/body" >/dev/null &&
	grep -qE '请于 ([0-9]+月[0-9]+日 )?[0-9]{2}:[0-9]{2} 后再试' "$T/body"
report $? "JSON error rate_limited saying until when to wait" || show
[ "$(q "SELECT COUNT(*) FROM applications WHERE applicant_name = '限额甲4'")" = 0 ] &&
	[ "$(q "SELECT COUNT(*) FROM applications WHERE applicant_name LIKE '限额甲%'")" = 3 ]
report $? "nothing stored for the refused submission"
[ "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'application.submit'")" = 3 ]
report $? "three application.submit audit entries, none for the refusal"
submit 203.0.113.10 "限额甲5"
[ "$code" = 429 ]; report $? "still refused on the next try ($code)"

# --- other addresses are not affected
submit 203.0.113.11 "限额乙1"
[ "$code" = 201 ]; report $? "another address is accepted ($code)" || show

# --- the portal form: the 4th is refused on the form, keeping the input
form() { # ADDRESS NAME -> $code; body in $T/body
	curl -s -o "$T/form.html" -c "$T/jar" -b "$T/jar" -H "X-Forwarded-For: $1" "$U/apply"
	local csrf; csrf=$(grep -o 'name="csrf" value="[^"]*"' "$T/form.html" | cut -d'"' -f4)
	req POST /apply -D "$T/hdr" -c "$T/jar" -b "$T/jar" -H "X-Forwarded-For: $1" \
		--data-urlencode "csrf=$csrf" --data-urlencode agency=zjj \
		--data-urlencode applicant_kind=business --data-urlencode "applicant_name=$2" \
		--data-urlencode contact_phone=010-12345678 --data-urlencode contact_email=a@example.com \
		--data-urlencode postal_code=100000 --data-urlencode "contact_address=示范市人民路1号" \
		--data-urlencode "description=2024年老旧小区改造项目清单（$2）" \
		--data-urlencode form_wanted=电子文档 --data-urlencode delivery=电子邮件
}
ok=0
for i in 1 2 3; do form 198.51.100.20 "表单丙$i"; [ "$code" = 200 ] && has '查询码' || { ok=1; show; }; done
report $ok "three portal forms from one address are accepted"
form 198.51.100.20 "表单丙4"
ra=$(header Retry-After)
[ "$code" = 429 ] && [ -n "$ra" ] && grep -qE 'id="apply-refused".*提交过于频繁，请于 ([0-9]+月[0-9]+日 )?[0-9]{2}:[0-9]{2} 后再试，或通过信函、当面等方式提交申请。' "$T/body"
report $? "the 4th form is 429 with Retry-After $ra and the message on the form" || show
has 'value="表单丙4"' && has '2024年老旧小区改造项目清单（表单丙4）</textarea>' && has 'value="010-12345678"' &&
	has 'value="示范市人民路1号"' && has 'value="电子文档" selected' && has 'value="电子邮件" selected' &&
	has 'name="csrf" value="[A-Za-z0-9_-]'
report $? "the refused form keeps what was typed (and a fresh CSRF token)" || show
! has '请修改以下内容' ; report $? "it is not shown as a field error"
[ "$(q "SELECT COUNT(*) FROM applications WHERE applicant_name = '表单丙4'")" = 0 ]
report $? "nothing stored for the refused form"
submit 198.51.100.20 "表单丙5"
[ "$code" = 429 ]; report $? "the API refuses that address too: one count for both fronts ($code)"

# --- staff registration from a locked address is not limited
req POST /api/login -c "$T/staff.jar" -H "X-Forwarded-For: 203.0.113.10" -H 'Content-Type: application/json' \
	-d '{"login":"zjj-clerk","password":"gongkai-demo-2026"}'
csrf=$(jq -r .csrf_token "$T/body")
[ "$code" = 200 ] && [ -n "$csrf" ]; report $? "clerk logs in from the locked address" || show
TODAY=$(date +%F)
ok=0
for i in 1 2 3 4 5; do
	req POST /api/applications -b "$T/staff.jar" -H "X-CSRF-Token: $csrf" -H "X-Forwarded-For: 203.0.113.10" \
		-H 'Content-Type: application/json' \
		-d "{\"agency_id\":$AG,\"channel\":\"letter\",\"confirmed_on\":\"$TODAY\",\"applicant_kind\":\"person\",\"applicant_name\":\"登记丁$i\",\"description\":\"信函申请\"}"
	[ "$code" = 201 ] || { ok=1; show; }
done
report $ok "five staff registrations (API) from the locked address: all 201"
ok=0
for i in 1 2 3 4 5; do
	req POST /office/applications/new -b "$T/staff.jar" -H "X-Forwarded-For: 203.0.113.10" \
		--data-urlencode "csrf=$csrf" --data-urlencode agency=zjj --data-urlencode channel=in_person \
		--data-urlencode "date=$TODAY" --data-urlencode applicant_kind=person \
		--data-urlencode "applicant_name=登记戊$i" --data-urlencode "description=当面申请"
	[ "$code" = 303 ] || [ "$code" = 302 ] || { ok=1; show; }
done
[ "$(q "SELECT COUNT(*) FROM applications WHERE applicant_name LIKE '登记戊%'")" = 5 ] || ok=1
report $ok "five staff registrations (office form) from the locked address: all stored"

# --- bad values are refused at start-up
printf 'apply_limit = -1\n' >"$T/bad.conf"
"$G" serve --config "$T/bad.conf" --db "$DB" --listen 127.0.0.1:0 >"$T/bad.out" 2>&1
[ $? = 2 ] && grep -q 'apply_limit' "$T/bad.out"; report $? "apply_limit = -1 is refused (exit 2)" || cat "$T/bad.out"

# --- apply_limit = 0: no limit, even for an address that was locked
stop
printf 'trust_proxy = 1\napply_limit = 0\n' >"$T/off.conf"
serve --config "$T/off.conf"; report $? "server with apply_limit = 0"
ok=0
for i in 1 2 3 4 5 6; do submit 203.0.113.10 "不限己$i"; [ "$code" = 201 ] || { ok=1; show; }; done
report $ok "apply_limit = 0: six submissions from the locked address accepted"

# --- the lock ends after the window
stop
printf 'trust_proxy = 1\napply_limit = 2\napply_window = 3\n' >"$T/short.conf"
serve --config "$T/short.conf"; report $? "server with apply_limit = 2, apply_window = 3"
submit 203.0.113.40 "窗口庚1"; c1=$code
submit 203.0.113.40 "窗口庚2"; c2=$code
submit 203.0.113.40 "窗口庚3"; c3=$code; ra=$(header Retry-After)
[ "$c1 $c2 $c3" = "201 201 429" ] && [ "$ra" -le 3 ]; report $? "2 accepted, the 3rd refused for at most 3 s: $c1 $c2 $c3, Retry-After $ra"
sleep 4
submit 203.0.113.40 "窗口庚4"
[ "$code" = 201 ]; report $? "accepted again once the window has passed ($code)" || show

# --- PostgreSQL: two processes share the count
if [ -n "${GONGKAI_TEST_DB_URL:-}" ]; then
	stop
	. "$ROOT/tests/lib/pg.bash"
	A_PID= B_PID=
	trap 'for p in $A_PID $B_PID; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done; cleanup' EXIT
	printf 'trust_proxy = 1\napply_limit = 5\napply_window = 3600\n' >"$T/pg.conf"
	serve_start A "$DB" "$T/a.log" --key-file "$T/key" --threads 8 --config "$T/pg.conf"
	serve_start B "$DB" "$T/b.log" --key-file "$T/key" --threads 8 --config "$T/pg.conf"
	curl -sf "$A_URL/healthz" >/dev/null && curl -sf "$B_URL/healthz" >/dev/null
	report $? "two processes on one PostgreSQL database" || { tail -3 "$T/a.log"; tail -3 "$T/b.log"; }
	pgsub() { # URL ADDRESS NAME -> status
		curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: $2" -H 'Content-Type: application/json' \
			-d "{\"agency_id\":$AG,\"applicant_kind\":\"person\",\"applicant_name\":\"$3\",\"description\":\"两个进程共享限额\"}" \
			"$1/api/public/applications"
	}
	got=
	for i in 1 2 3 4 5 6; do
		u=$A_URL; [ $((i % 2)) = 0 ] && u=$B_URL
		got="$got $(pgsub "$u" 192.0.2.50 "共享辛$i")"
	done
	[ "$got" = " 201 201 201 201 201 429" ]
	report $? "alternating between the processes: 5 accepted, the 6th refused:$got"
	export A_URL B_URL AG
	export -f pgsub
	seq 1 24 | xargs -P 12 -I{} bash -c 'u=$A_URL; [ $(({} % 2)) = 0 ] && u=$B_URL; echo "$(pgsub "$u" 192.0.2.60 "并发壬{}")"' >"$T/burst"
	acc=$(grep -c '^201$' "$T/burst"); lim=$(grep -c '^429$' "$T/burst")
	stored=$(q "SELECT COUNT(*) FROM applications WHERE applicant_name LIKE '并发壬%'")
	[ "$acc" = 5 ] && [ "$lim" = 19 ] && [ "$stored" = 5 ]
	report $? "24 concurrent submissions over both processes: $acc accepted, $lim refused, $stored stored"
	"$G" audit verify --db "$DB" >/dev/null 2>&1; report $? "audit chain intact"
	if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$T/a.log" "$T/b.log"; then report 1 "server logs clean"; else report 0 "server logs clean"; fi
fi

"$G" audit verify --db "$DB" >/dev/null 2>&1; report $? "audit chain verifies"
if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$T/serve.log"; then report 1 "server log clean"; head -20 "$T/serve.log"; else report 0 "server log clean"; fi
