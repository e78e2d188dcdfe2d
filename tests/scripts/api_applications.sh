#!/usr/bin/env bash
# tests/scripts/api_applications.sh - the applications API against the real
# server on 127.0.0.1: public submission and status lookup (verifier),
# staff registration, deadline listing by bucket, events with refused
# transitions (409), roles (403), another agency's application (404),
# answers with the generated 告知书, appeals, report figures and the built
# report (no check error), and hostile requests (bad JSON, unknown fields,
# wrong types, huge bodies, SQL-looking strings) that get 4xx and change
# nothing. Database: $GONGKAI_TEST_DB_URL or $GONGKAI_TEST_PG_URL if set,
# else a temp SQLite file (uses-db). Prints "ok N - ..." / "not ok N - ...".
. "$(dirname "$0")/../lib/common.bash"

"$G" agency add --name "某区住房和城乡建设局" --code "a$tag" >"$T/out" 2>"$T/err"
A1=$(grep -o '"id":[0-9]*' "$T/out" | cut -d: -f2)
"$G" agency add --name "另一局" --code "b$tag" >"$T/out" 2>>"$T/err"
A2=$(grep -o '"id":[0-9]*' "$T/out" | cut -d: -f2)
[ -n "$A1" ] && [ -n "$A2" ]; report $? "two agencies ($A1, $A2)"
token() { # LOGIN AGENCY ROLE -> prints a bearer token
	"$G" user add "$1$tag" --name "$1" --agency "$2" --role "$3" >/dev/null 2>>"$T/err"
	"$G" user token "$1$tag" 2>>"$T/err" | grep -o 'gk_[A-Za-z0-9_-]*' | head -1
}
HANDLER=$(token h "a$tag" handler)
APPROVER=$(token p "a$tag" approver)
CLERK=$(token c "a$tag" clerk)
OTHER=$(token o "b$tag" handler)
[ -n "$HANDLER" ] && [ -n "$APPROVER" ] && [ -n "$CLERK" ] && [ -n "$OTHER" ]; report $? "users and API tokens"

serve; report $? "server answers /healthz"

json() { jq -r "$1" "$T/body" 2>/dev/null; }
H=(-H "Authorization: Bearer $HANDLER")
P=(-H "Authorization: Bearer $APPROVER")
C=(-H "Authorization: Bearer $CLERK")
O=(-H "Authorization: Bearer $OTHER")
TODAY=$(date +%F)

# ---- public submission and status ----
req POST /api/public/applications -d "{\"agency_id\":$A1,\"applicant_kind\":\"person\",\"applicant_name\":\"张三\",\"id_number\":\"110105199001011234\",\"description\":\"2023年老旧小区改造项目清单\",\"contact_phone\":\"13800000000\"}"
[ "$code" = 201 ] && [ "$(json .received_on)" = "$TODAY" ] && json .tracking_code | grep -qE '^GK[0-9A-Z]{10}$' && [ "$(json .due_on)" != null ]
report $? "public submission 201 with tracking code, verifier, received_on = today, due_on" || show
CODE=$(json .tracking_code); VER=$(json .verifier); APP=$(json .id)
req GET "/api/public/applications/$CODE?verifier=$VER"
[ "$code" = 200 ] && [ "$(json .state)" = open ] && ! has 110105; report $? "status by code + verifier, no identity number" || show
req GET "/api/public/applications/$CODE?verifier=WRONG-0000"
c1=$code; req GET "/api/public/applications/GK0000000000?verifier=$VER"
[ "$c1" = 404 ] && [ "$code" = 404 ]; report $? "wrong verifier and unknown code are the same 404" || show

count_open() { curl -s "${H[@]}" "$U/api/applications?agency=$A1" | jq -r .counts.open; }
BEFORE=$(count_open)
[ "$BEFORE" = 1 ]; report $? "one open application listed ($BEFORE)"

# ---- hostile requests change nothing ----
req POST /api/public/applications -d '{"agency_id": 1, "applicant_kind": '
[ "$code" = 400 ] && [ "$(json .error.code)" = invalid_json ]; report $? "malformed JSON 400 invalid_json" || show
req POST /api/public/applications -d '[1,2,3]'
[ "$code" = 400 ]; report $? "a JSON array body 400" || show
req POST /api/public/applications -d "{\"agency_id\":\"$A1\",\"applicant_kind\":\"person\",\"applicant_name\":\"x\",\"description\":\"y\"}"
[ "$code" = 400 ] && [ "$(json .error.code)" = wrong_type ] && [ "$(json .error.field)" = '$.agency_id' ]; report $? "wrong type 400 with the JSON path" || show
req POST /api/public/applications -d "{\"agency_id\":$A1,\"applicant_kind\":\"person\",\"applicant_name\":\"x\",\"description\":\"y\",\"state\":\"answered\"}"
[ "$code" = 400 ] && [ "$(json .error.code)" = unknown_field ] && [ "$(json .error.field)" = '$.state' ]; report $? "unknown field 400" || show
req POST /api/public/applications -d "{\"agency_id\":$A1,\"applicant_kind\":\"person\",\"applicant_name\":\"x\",\"description\":\"y\",\"channel\":\"in_person\"}"
[ "$code" = 400 ]; report $? "public submission cannot choose its channel" || show
head -c 3000000 /dev/zero | tr '\0' 'a' | sed 's/^/{"description":"/; s/$/"}/' >"$T/huge"
req POST /api/public/applications --data-binary @"$T/huge"
[ "$code" = 413 ]; report $? "3 MB body 413" || show
req POST /api/public/applications -d "{\"agency_id\":$A1,\"applicant_kind\":\"person\",\"applicant_name\":\"x\",\"description\":\"$(head -c 5000 /dev/zero | tr '\0' 'b')\"}"
[ "$code" = 400 ] && [ "$(json .error.field)" = '$.description' ]; report $? "over-long description 400" || show
req POST /api/public/applications -d "{\"agency_id\":999999,\"applicant_kind\":\"person\",\"applicant_name\":\"x\",\"description\":\"y\"}"
[ "$code" = 404 ]; report $? "unknown agency 404" || show
req GET "/api/applications?agency=$A1%20OR%201=1"
[ "$code" = 401 ]; report $? "staff listing without credentials 401" || show
req GET "/api/applications?agency=1%20OR%201=1" "${H[@]}"
[ "$code" = 400 ]; report $? "SQL-looking agency id 400" || show
req GET "/api/applications/1%20OR%201=1" "${H[@]}"
[ "$code" = 404 ]; report $? "SQL-looking application id 404" || show
req GET "/api/public/applications/x'%20OR%20'1'='1?verifier=x'%20OR%20'1'='1"
[ "$code" = 404 ]; report $? "SQL-looking tracking code 404" || show
AFTER=$(count_open)
[ "$AFTER" = "$BEFORE" ]; report $? "hostile requests stored nothing ($AFTER open)"
req POST /api/public/applications -d "{\"agency_id\":$A1,\"applicant_kind\":\"business\",\"applicant_name\":\"x'); DROP TABLE applications; --\",\"description\":\"1' OR '1'='1\"}"
[ "$code" = 201 ]; report $? "SQL-looking strings are just text (201)" || show
SQLAPP=$(json .id)
req GET "/api/applications/$SQLAPP" "${H[@]}"
[ "$code" = 200 ] && [ "$(json .applicant_name)" = "x'); DROP TABLE applications; --" ] && [ "$(count_open)" = 2 ]
report $? "stored verbatim, the table is intact" || show

# ---- staff: registration, other agency, roles ----
req POST /api/applications "${C[@]}" -d "{\"agency_id\":$A1,\"channel\":\"post_signed\",\"signed_on\":\"$TODAY\",\"applicant_kind\":\"legal\",\"applicant_name\":\"某律师事务所\",\"description\":\"某处罚决定书\"}"
[ "$code" = 201 ] && [ "$(json .received_on)" = "$TODAY" ]; report $? "clerk registers a signed letter: receipt = signed date" || show
req POST /api/applications "${C[@]}" -d "{\"agency_id\":$A1,\"channel\":\"post_signed\",\"applicant_kind\":\"legal\",\"applicant_name\":\"x\",\"description\":\"y\"}"
[ "$code" = 400 ] && [ "$(json .error.field)" = '$.signed_on' ]; report $? "post_signed without signed_on 400" || show
req POST /api/applications "${O[@]}" -d "{\"agency_id\":$A1,\"channel\":\"in_person\",\"submitted_on\":\"$TODAY\",\"applicant_kind\":\"person\",\"applicant_name\":\"x\",\"description\":\"y\"}"
[ "$code" = 403 ]; report $? "another agency's handler cannot register here (403)" || show
req GET "/api/applications/$APP" "${O[@]}"
[ "$code" = 404 ]; report $? "another agency's application id 404" || show
req POST "/api/applications/$APP/events" "${O[@]}" -d "{\"type\":\"acknowledged\",\"date\":\"$TODAY\"}"
[ "$code" = 404 ]; report $? "another agency cannot add events (404)" || show
req GET "/api/applications?agency=$A1" "${O[@]}"
[ "$code" = 404 ]; report $? "another agency cannot list (404)" || show
req GET "/api/applications/$APP" "${H[@]}"
[ "$code" = 200 ] && [ "$(json .id_number)" = "110105********1234" ] && ! has 199001011234 && [ "$(json '.deadline.steps | length')" -gt 0 ]
report $? "staff view: masked identity number, deadline with its derivation" || show
V=$(json .version)

# ---- events ----
req POST "/api/applications/$APP/events" "${H[@]}" -d "{\"type\":\"extension_approved\",\"date\":\"$TODAY\",\"days\":10}"
[ "$code" = 403 ]; report $? "a handler cannot approve an extension (403)" || show
req POST "/api/applications/$APP/events" "${P[@]}" -d "{\"type\":\"extension_approved\",\"date\":\"$TODAY\",\"days\":\"ten\"}"
[ "$code" = 400 ] && [ "$(json .error.code)" = wrong_type ]; report $? "days as a string 400" || show
req POST "/api/applications/$APP/events" "${P[@]}" -d "{\"type\":\"extension_approved\",\"date\":\"$TODAY\",\"days\":10,\"version\":$V}"
[ "$code" = 201 ] && [ "$(json '.events[-1].approver')" = "p$tag" ]; report $? "approver approves an extension (named approver)" || show
req POST "/api/applications/$APP/events" "${P[@]}" -d "{\"type\":\"extension_approved\",\"date\":\"$TODAY\",\"days\":5}"
[ "$code" = 409 ] && has '延期'; report $? "a second extension 409 with the reason" || show
req POST "/api/applications/$APP/events" "${H[@]}" -d "{\"type\":\"acknowledged\",\"date\":\"$TODAY\",\"version\":$V}"
[ "$code" = 409 ] && has '已被他人修改'; report $? "stale version 409 已被他人修改" || show
req POST "/api/applications/$APP/events" "${H[@]}" -d "{\"type\":\"teleported\",\"date\":\"$TODAY\"}"
[ "$code" = 400 ]; report $? "unknown event type 400" || show
req POST "/api/applications/$APP/events" "${H[@]}" -d "{\"type\":\"acknowledged\",\"date\":\"2999-01-01\"}"
[ "$code" = 400 ]; report $? "future date 400" || show

# ---- answer ----
req POST "/api/applications/$APP/answer" "${H[@]}" -d "{\"outcome\":\"withheld_third_party\",\"date\":\"$TODAY\"}"
[ "$code" = 201 ] && [ "$(json .state)" = answered ] && json '.events[-1].notice_text' | grep -q '第十五条'
report $? "answer 201, 告知书 generated from the outcome template" || show
req POST "/api/applications/$APP/answer" "${H[@]}" -d "{\"outcome\":\"disclosed\",\"date\":\"$TODAY\"}"
[ "$code" = 409 ]; report $? "a second answer 409" || show
req GET "/api/public/applications/$CODE?verifier=$VER"
[ "$(json .outcome)" = withheld_third_party ] && [ "$(json .outcome_label)" = "4.保护第三方合法权益" ] && json '.events[-1].notice_text' | grep -q '张三'
report $? "the applicant sees the outcome and the notice" || show

# ---- listing ----
req GET "/api/applications?agency=$A1&bucket=on_time" "${H[@]}"
[ "$code" = 200 ] && [ "$(json .counts.open)" = 2 ] && [ "$(json '.counts.overdue + .counts.due_soon + .counts.on_time + .counts.waiting')" = 2 ]
report $? "listing counts per bucket" || show
req GET "/api/applications?agency=$A1&bucket=late" "${H[@]}"
[ "$code" = 400 ]; report $? "unknown bucket 400" || show

# ---- appeals ----
req POST /api/appeals "${H[@]}" -d "{\"application_id\":$APP,\"kind\":\"reconsideration\",\"filed_on\":\"$TODAY\"}"
[ "$code" = 201 ] && [ "$(json .result)" = pending ]; report $? "reconsideration recorded (pending)" || show
APL=$(json .id)
req PUT "/api/appeals/$APL" "${O[@]}" -d "{\"result\":\"corrected\",\"decided_on\":\"$TODAY\"}"
[ "$code" = 404 ]; report $? "another agency cannot update it (404)" || show
req PUT "/api/appeals/$APL" "${H[@]}" -d "{\"result\":\"upheld\",\"decided_on\":\"$TODAY\"}"
[ "$code" = 200 ] && [ "$(json .result)" = upheld ]; report $? "result 维持" || show
req POST /api/appeals "${H[@]}" -d "{\"agency_id\":$A1,\"kind\":\"litigation_direct\",\"filed_on\":\"$TODAY\"}"
[ "$code" = 201 ]; report $? "direct litigation recorded" || show

# ---- report ----
YEAR=${TODAY%%-*}
req PUT "/api/agencies/$A1/report-figures/$YEAR" "${C[@]}" -d '{"figures":{"proactive.rules.issued":"2","proactive.fees.amount":"168.61"}}'
[ "$code" = 200 ]; report $? "report figures entered" || show
req PUT "/api/agencies/$A1/report-figures/$YEAR" "${C[@]}" -d '{"figures":{"proactive.rules.issued":"two"}}'
[ "$code" = 400 ]; report $? "a non-numeric figure 400" || show
req GET "/api/agencies/$A1/report/$YEAR" "${H[@]}"
[ "$code" = 200 ] && [ "$(json .errors)" = 0 ] && [ "$(json .report.tables.applications.rows.new.total)" = 3 ] \
	&& [ "$(json .report.tables.applications.rows.withheld_third_party.person)" = 1 ] \
	&& [ "$(json .report.tables.appeals.reconsideration.upheld)" = 1 ]
report $? "built report: 3 new, the answer in its row, the appeal, no check error" || { show; jq -c '.report.tables.appeals, .findings' "$T/body" | head -c 600; echo; }
req GET "/api/agencies/$A1/report/$YEAR" "${O[@]}"
[ "$code" = 404 ]; report $? "another agency's report 404" || show
"$G" report build --agency "a$tag" --year "$YEAR" --to md >"$T/md" 2>"$T/err"
rc=$?
[ $rc = 0 ] && grep -q '保护第三方合法权益' "$T/md"; report $? "gongkai report build --to md exits 0 (rc $rc)" || head -5 "$T/err"

if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$T/serve.log"; then report 1 "server log clean"; head -20 "$T/serve.log"; else report 0 "server log clean"; fi
