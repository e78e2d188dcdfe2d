#!/usr/bin/env bash
# tests/scripts/api_auth.sh - the authentication API against the real
# server: login, wrong password 401, lockout 429 with Retry-After, /api/me
# by cookie, bearer tokens, CSRF header for cookie-authenticated POSTs,
# malformed JSON / unknown field / wrong type 400, huge body 413, logout,
# admin endpoints. Database: $GONGKAI_TEST_DB_URL or $GONGKAI_TEST_PG_URL
# if set, else a temp SQLite file (uses-db: tests/run.sh repeats it on PostgreSQL). Prints "ok N - ..." / "not ok N - ...".
. "$(dirname "$0")/../lib/common.bash"

# Set-up through the CLI (system actor).
"$G" agency add --name "某市人民政府" --code "city$tag" --kind government >"$T/out" 2>"$T/err"
report $? "agency add (root)"
"$G" agency add --name "某区住房和城乡建设局" --parent "city$tag" --code "housing$tag" >>"$T/out" 2>>"$T/err"
report $? "agency add (child)"
HOUSING=$(grep -o '"id":[0-9]*' "$T/out" | tail -1 | cut -d: -f2)
printf 'correct horse 1\n' >"$T/pw"
"$G" user add "alice$tag" --name "张三" --password-file "$T/pw" --agency "housing$tag" --role clerk >/dev/null 2>>"$T/err"
report $? "user add alice (clerk)"
"$G" user add "root$tag" --name "管理员" --password-file "$T/pw" --agency "city$tag" --role admin >/dev/null 2>>"$T/err"
report $? "user add root (admin)"
"$G" user add "Bad Login" --name x --password-file "$T/pw" >/dev/null 2>"$T/err2"
[ $? = 2 ] && grep -q login "$T/err2"; report $? "user add with a bad login exits 2"

serve; report $? "server answers /healthz"


req POST /api/login -c "$T/jar" -H 'Content-Type: application/json' \
	-d "{\"login\":\"alice$tag\",\"password\":\"correct horse 1\"}"
[ "$code" = 200 ] && has '"csrf_token"' && has "\"login\":\"alice$tag\""; report $? "login ok" || show
CSRF=$(grep -o '"csrf_token":"[^"]*"' "$T/body" | cut -d'"' -f4)
grep -q gk_session "$T/jar"; report $? "login sets the gk_session cookie"
req POST /api/login -D "$T/hdr" -d "{\"login\":\"alice$tag\",\"password\":\"correct horse 1\"}"
grep -i '^set-cookie:' "$T/hdr" | grep -q 'HttpOnly' && grep -i '^set-cookie:' "$T/hdr" | grep -q 'SameSite=Lax' \
	&& grep -i '^set-cookie:' "$T/hdr" | grep -q 'Path=/' && ! grep -i '^set-cookie:' "$T/hdr" | grep -q Secure
report $? "cookie is HttpOnly, SameSite=Lax, Path=/, not Secure over plain HTTP"

req GET /api/me -b "$T/jar"
[ "$code" = 200 ] && has '"role":"clerk"' && has "\"agency_id\":$HOUSING"; report $? "/api/me with the cookie lists roles by agency" || show
req GET /api/me
[ "$code" = 401 ] && has '"unauthenticated"'; report $? "/api/me without credentials 401" || show
req GET /api/me -b "gk_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
[ "$code" = 401 ]; report $? "/api/me with a forged session 401" || show

# CSRF
req POST /api/tokens -b "$T/jar" -d '{"label":"ci"}'
[ "$code" = 403 ] && has '"csrf"'; report $? "cookie POST without X-CSRF-Token 403" || show
req POST /api/tokens -b "$T/jar" -H "X-CSRF-Token: wrong" -d '{"label":"ci"}'
[ "$code" = 403 ]; report $? "cookie POST with a wrong X-CSRF-Token 403" || show
req POST /api/tokens -b "$T/jar" -H "X-CSRF-Token: $CSRF" -d '{"label":"ci"}'
[ "$code" = 201 ] && has '"token":"gk_'; report $? "token created with the CSRF header" || show
TOKEN=$(grep -o '"token":"[^"]*"' "$T/body" | cut -d'"' -f4)
TOKEN_ID=$(grep -o '"id":[0-9]*' "$T/body" | cut -d: -f2)

# Bearer token
req GET /api/me -H "Authorization: Bearer $TOKEN"
[ "$code" = 200 ] && has '"auth":"token"'; report $? "bearer token works for /api/me" || show
req POST /api/tokens -H "Authorization: Bearer $TOKEN" -d '{}'
[ "$code" = 201 ]; report $? "bearer POST needs no CSRF header" || show
req GET /api/me -H "Authorization: Bearer gk_${TOKEN:3:40}xyz"
[ "$code" = 401 ]; report $? "altered bearer token 401" || show
req DELETE "/api/tokens/$TOKEN_ID" -H "Authorization: Bearer $TOKEN"
[ "$code" = 200 ]; report $? "revoke token" || show
req GET /api/me -H "Authorization: Bearer $TOKEN"
[ "$code" = 401 ]; report $? "revoked token 401" || show

# Input validation
req POST /api/login -d '{"login":'
[ "$code" = 400 ] && has '"invalid_json"'; report $? "malformed JSON 400" || show
req POST /api/login -d "{\"login\":\"alice$tag\",\"password\":\"x\",\"admin\":true}"
[ "$code" = 400 ] && has '"field":"\$.admin"'; report $? "unknown field 400 with its path" || show
req POST /api/login -d '{"login":42,"password":"x"}'
[ "$code" = 400 ] && has '"field":"\$.login"' && has wrong_type; report $? "wrong type 400" || show
req POST /api/login -d '[1,2]'
[ "$code" = 400 ]; report $? "non-object body 400" || show
head -c 2100000 /dev/zero | tr '\0' 'a' >"$T/huge"
req POST /api/login --data-binary @"$T/huge"
[ "$code" = 413 ]; report $? "huge body 413" || show

# Admin endpoints
req POST /api/login -c "$T/rootjar" -d "{\"login\":\"root$tag\",\"password\":\"correct horse 1\"}"
RCSRF=$(grep -o '"csrf_token":"[^"]*"' "$T/body" | cut -d'"' -f4)
req POST /api/agencies -b "$T/rootjar" -H "X-CSRF-Token: $RCSRF" -d "{\"name\":\"某区教育局\",\"parent_id\":$HOUSING,\"code\":\"edu$tag\"}"
[ "$code" = 201 ]; report $? "admin creates an agency below" || show
EDU=$(grep -o '"id":[0-9]*' "$T/body" | cut -d: -f2)
req POST /api/agencies -b "$T/jar" -H "X-CSRF-Token: $CSRF" -d "{\"name\":\"x\",\"parent_id\":$HOUSING}"
[ "$code" = 403 ]; report $? "clerk cannot create agencies (403)" || show
req POST /api/users -b "$T/rootjar" -H "X-CSRF-Token: $RCSRF" \
	-d "{\"login\":\"bob$tag\",\"display_name\":\"李四\",\"password\":\"correct horse 2\",\"agency_id\":$EDU,\"role\":\"handler\"}"
[ "$code" = 201 ]; report $? "admin creates a user with a role" || show
BOB=$(grep -o '"id":[0-9]*' "$T/body" | cut -d: -f2)
req POST "/api/users/$BOB/roles" -b "$T/rootjar" -H "X-CSRF-Token: $RCSRF" -d "{\"agency_id\":$HOUSING,\"role\":\"dept_review\"}"
[ "$code" = 200 ]; report $? "admin grants a role" || show
req POST "/api/users/$BOB/roles" -b "$T/rootjar" -H "X-CSRF-Token: $RCSRF" -d "{\"agency_id\":$HOUSING,\"role\":\"boss\"}"
[ "$code" = 400 ] && has '"field":"\$.role"'; report $? "unknown role 400" || show
req GET /api/agencies -b "$T/jar"
[ "$code" = 200 ] && has "housing$tag" && ! has "\"city$tag\""; report $? "clerk sees only own agency" || show
req GET /api/agencies -b "$T/rootjar"
[ "$code" = 200 ] && has "city$tag" && has "edu$tag"; report $? "admin sees the subtree" || show
req GET /api/public/agencies
[ "$code" = 200 ] && has "city$tag"; report $? "public agency list without login" || show

# Logout
req POST /api/logout -b "$T/jar" -H "X-CSRF-Token: $CSRF"
[ "$code" = 200 ]; report $? "logout" || show
req GET /api/me -b "$T/jar"
[ "$code" = 401 ]; report $? "session ends at logout" || show

# Lockout: 5 failures lock the login; same answer for unknown logins.
req POST /api/login -d "{\"login\":\"alice$tag\",\"password\":\"wrong password\"}"
[ "$code" = 401 ]; report $? "wrong password 401" || show
MSG1=$(grep -o '"message":"[^"]*"' "$T/body")
req POST /api/login -d "{\"login\":\"nobody$tag\",\"password\":\"wrong password\"}"
[ "$code" = 401 ] && [ "$(grep -o '"message":"[^"]*"' "$T/body")" = "$MSG1" ]
report $? "unknown login: same 401 message" || show
for _ in 2 3 4 5; do
	req POST /api/login -D "$T/hdr" -d "{\"login\":\"alice$tag\",\"password\":\"wrong password\"}"
done
req POST /api/login -D "$T/hdr" -d "{\"login\":\"alice$tag\",\"password\":\"correct horse 1\"}"
[ "$code" = 429 ] && grep -qi '^retry-after: [0-9]' "$T/hdr" && has '分钟'
report $? "locked after 5 failures: 429 with Retry-After, even with the right password" || show
rm -f "$T/wjar"
req GET /office/login -c "$T/wjar" -b "$T/wjar"
csrf=$(grep -o 'name="csrf" value="[^"]*"' "$T/body" | head -1 | sed 's/.*value="//; s/"$//')
req POST /office/login -c "$T/wjar" -b "$T/wjar" -D "$T/hdr" --data-urlencode "csrf=$csrf" \
	--data-urlencode "login=alice$tag" --data-urlencode "password=correct horse 1"
[ "$code" = 429 ] && grep -qi '^retry-after: [0-9]' "$T/hdr" && has '分钟'
report $? "the back-office login form is locked too: 429 with Retry-After" || show

if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$T/serve.log"; then
	report 1 "server log clean of sanitizer reports"; head -20 "$T/serve.log" | sed 's/^/#   /'
else
	report 0 "server log clean of sanitizer reports"
fi
