#!/usr/bin/env bash
# tests/scripts/office_users.sh - user administration on /office/users by an
# agency admin, in the browser's way: web login form, cookie jar, the CSRF
# token scraped from the page. An admin of 住建局 only creates a clerk who
# can then log in; bad input (empty login, taken login, short password,
# mismatched confirmation, an agency the admin does not administer) is 400
# with the Chinese message next to the field, keeps the values, never shows
# the password and creates nothing; a clerk is refused (403) and changes
# nothing; 停用 ends the user's session and refuses their login, 启用 lets
# them in again; 重置密码 ends their session, the old password is refused
# and the new one works; an admin cannot disable themself; a POST without
# the CSRF token is 403; every action is in the audit log and the chain
# verifies. A user created on the form must change the initial password:
# login and every back-office page lead to /office/password; a wrong
# current password (401), a mismatched or short or unchanged new one (400)
# and a missing CSRF token (403) change nothing; success ends the session,
# the login page says so, the old password fails and the new one opens
# /office; a demo user (CLI) is not forced. uses-db: runs on SQLite and PostgreSQL.
. "$(dirname "$0")/../lib/common.bash"

"$G" demo --db "$DB" --key-file "$T/key" >"$T/demo.out" 2>&1
report $? "demo data loaded" || tail -5 "$T/demo.out"
printf 'admin horse 1\n' >"$T/pw"
"$G" user add "zadmin$tag" --name "住建局管理员" --password-file "$T/pw" --agency zjj --role admin \
	>/dev/null 2>"$T/err"
report $? "an admin of 住建局 only (CLI)" || cat "$T/err"
serve; report $? "server answers /healthz"

users_count() { "$G" user list --db "$DB" 2>/dev/null | wc -l; }
location() { grep -i '^location:' "$T/hdr" | tr -d '\r' | cut -d' ' -f2; }
scrape_csrf() { csrf=$(grep -o 'name="csrf" value="[^"]*"' "$T/body" | head -1 | cut -d'"' -f4); }
# weblogin LOGIN PASSWORD JAR: the /office/login form (its own CSRF cookie);
# 0 if it redirects into the back office.
weblogin() {
	rm -f "$3"
	req GET /office/login -c "$3" -b "$3"
	scrape_csrf
	req POST /office/login -c "$3" -b "$3" -D "$T/hdr" --data-urlencode "csrf=$csrf" \
		--data-urlencode "login=$1" --data-urlencode "password=$2" --data-urlencode "next=/office"
	[ "$code" = 303 ] && [ "$(location)" = /office ]
}
# in_office JAR: 0 if that session still opens /office (no redirect to login).
in_office() { req GET /office -b "$1"; [ "$code" = 200 ]; }
# field_msg ID TEXT: the error paragraph next to field ID says TEXT.
field_msg() { grep -o "<p class=\"error-text\" id=\"$1-err\">[^<]*</p>" "$T/body" | grep -q -- "$2"; }

weblogin "zadmin$tag" "admin horse 1" "$T/admin.jar"; report $? "the 住建局 admin logs in through the form"
req GET /office/users -b "$T/admin.jar"
[ "$code" = 200 ] && has 'id="create-form"' && has 'id="password-form"' && has '<option value="zjj"' \
	&& ! has '<option value="jyj"'
report $? "the admin sees the forms, with 住建局 but not 教育局 as agency" || show
scrape_csrf
ACSRF=$csrf

# Create a clerk, then the clerk logs in.
NEW=clerk$tag
before=$(users_count)
req POST /office/users -b "$T/admin.jar" -D "$T/hdr" --data-urlencode "csrf=$ACSRF" \
	--data-urlencode "login=$NEW" --data-urlencode "display_name=新来的经办人" \
	--data-urlencode "password=initial pass 1" --data-urlencode "password2=initial pass 1" \
	--data-urlencode "agency=zjj" --data-urlencode "role=clerk"
[ "$code" = 303 ] && location | grep -q '^/office/users?done=created'; report $? "admin creates a clerk: 303 ($code)" || show
req GET "$(location)" -b "$T/admin.jar"
[ "$code" = 200 ] && has "已新建用户 $NEW" && has "<td class=\"code\">$NEW</td>" && has '示范市住房和城乡建设局 · 科室经办人'
report $? "the page confirms it and lists the clerk with the role" || show
[ "$(users_count)" = $((before + 1)) ]; report $? "one user more in the database"
# A user created on the form must change the initial password first.
! weblogin "$NEW" "initial pass 1" "$T/new.jar" && [ "$code" = 303 ] && [ "$(location)" = /office/password ]
report $? "the new clerk's login leads to /office/password ($code $(location))"
req GET /office -b "$T/new.jar" -D "$T/hdr"
[ "$code" = 303 ] && [ "$(location)" = /office/password ]; report $? "/office redirects to /office/password ($code)"
req GET /office/applications -b "$T/new.jar" -D "$T/hdr"
[ "$code" = 303 ] && [ "$(location)" = /office/password ]; report $? "so does every other back-office page ($code)"
req GET /office/password -b "$T/new.jar"
[ "$code" = 200 ] && has '首次登录请先修改初始密码。' && has 'id="current_password"' && has 'href="/office/password"'
report $? "the 修改密码 page says why, with the link in the user bar" || show
scrape_csrf
NCSRF=$csrf
pwchange() { # current new confirm [csrf]
	req POST /office/password -b "$T/new.jar" -D "$T/hdr" --data-urlencode "csrf=${4-$NCSRF}" \
		--data-urlencode "current_password=$1" --data-urlencode "password=$2" --data-urlencode "password2=$3"
}
pwchange "wrong pass 1" "changed pass 1" "changed pass 1"
[ "$code" = 401 ] && field_msg current_password '当前密码不正确' && ! has 'wrong pass 1' && ! has 'changed pass 1'
report $? "a wrong current password: 401 next to the field, no password shown ($code)" || show
pwchange "initial pass 1" "changed pass 1" "changed pass 2"
[ "$code" = 400 ] && field_msg password2 '两次输入的密码不一致' && ! has 'changed pass'
report $? "mismatched confirmation: 400 next to the second field ($code)" || show
pwchange "initial pass 1" "short" "short"
[ "$code" = 400 ] && field_msg password '密码至少需要8个字符'; report $? "a short new password: 400 ($code)" || show
pwchange "initial pass 1" "initial pass 1" "initial pass 1"
[ "$code" = 400 ] && field_msg password '新密码不能与当前密码相同'; report $? "the same password again: 400 ($code)" || show
pwchange "initial pass 1" "changed pass 1" "changed pass 1" ""
[ "$code" = 403 ]; report $? "without the CSRF token: 403 ($code)"
req GET /office -b "$T/new.jar" -D "$T/hdr"
[ "$code" = 303 ] && [ "$(location)" = /office/password ]; report $? "nothing changed: still sent to /office/password ($code)"
pwchange "initial pass 1" "changed pass 1" "changed pass 1"
[ "$code" = 303 ] && [ "$(location)" = '/office/login?changed=1' ]; report $? "the change succeeds: 303 to the login page ($code $(location))" || show
req GET "$(location)"
[ "$code" = 200 ] && has '密码已修改，请使用新密码登录。'; report $? "the login page says so" || show
req GET /office -b "$T/new.jar" -D "$T/hdr"
[ "$code" = 303 ] && location | grep -q '^/office/login'; report $? "the session ended with the change ($code)"
! weblogin "$NEW" "initial pass 1" "$T/new.jar" && [ "$code" = 401 ]; report $? "the initial password is refused ($code)"
weblogin "$NEW" "changed pass 1" "$T/new.jar"; report $? "the new password works and leads to /office"
in_office "$T/new.jar" && has '新来的经办人'; report $? "the new clerk's back office opens (200)" || show
# A demo user (made by the CLI) is not forced; changing one's own password there works too.
weblogin zjj-clerk gongkai-demo-2026 "$T/clerk.jar"; report $? "a demo user logs in straight into /office"
req GET /office/password -b "$T/clerk.jar"
[ "$code" = 200 ] && ! has '首次登录请先修改初始密码'; report $? "the demo user sees 修改密码 without the first-login notice" || show

# Bad input: 400, the message next to the field, nothing created.
before=$(users_count)
bad() { # expected field id, message, then form fields
	local id=$1 msg=$2; shift 2
	local args=() kv
	for kv in "$@"; do args+=(--data-urlencode "$kv"); done
	req POST /office/users -b "$T/admin.jar" --data-urlencode "csrf=$ACSRF" "${args[@]}"
	[ "$code" = 400 ] && field_msg "$id" "$msg" && has 'id="form-errors"' && ! has 'secret pass 9'
}
bad login '请填写登录名' "login=" "display_name=王五" "password=secret pass 9" "password2=secret pass 9" agency=zjj role=clerk
report $? "empty login: 400, 请填写登录名 next to the field" || show
has 'value="王五"'; report $? "the name typed is kept, the password is not shown"
bad login '登录名已存在' "login=zjj-clerk" "display_name=王五" "password=secret pass 9" "password2=secret pass 9" agency=zjj role=clerk
report $? "taken login: 400, 登录名已存在 next to the field" || show
bad login '登录名须为' "login=Bad Name" "display_name=王五" "password=secret pass 9" "password2=secret pass 9" agency=zjj role=clerk
report $? "malformed login: 400 with the rule" || show
bad password '密码至少需要8个字符' "login=wang$tag" "display_name=王五" "password=short" "password2=short" agency=zjj role=clerk
report $? "short password: 400, 密码至少需要8个字符 next to the field" || show
bad password2 '两次输入的密码不一致' "login=wang$tag" "display_name=王五" "password=secret pass 9" "password2=secret pass 8" agency=zjj role=clerk
report $? "mismatched confirmation: 400 next to the second field" || show
bad agency '机关不存在' "login=wang$tag" "display_name=王五" "password=secret pass 9" "password2=secret pass 9" agency=jyj role=clerk
report $? "an agency the admin does not administer (教育局): 400 next to the agency" || show
bad display_name '请填写姓名' "login=wang$tag" "display_name=" "password=secret pass 9" "password2=secret pass 9" agency=zjj role=clerk
report $? "empty name: 400 next to the field" || show
[ "$(users_count)" = "$before" ] && ! "$G" user list --db "$DB" | grep -q "wang$tag"
report $? "no user was created by the bad forms"

# Without the CSRF token: 403, nothing created.
req POST /office/users -b "$T/admin.jar" --data-urlencode "login=wang$tag" --data-urlencode "display_name=王五" \
	--data-urlencode "password=secret pass 9" --data-urlencode "password2=secret pass 9" -d agency=zjj -d role=clerk
[ "$code" = 403 ] && [ "$(users_count)" = "$before" ]; report $? "create without the CSRF token: 403, nothing created ($code)" || show
req POST /office/users/disable -b "$T/admin.jar" -d "login=$NEW" -d disabled=1
[ "$code" = 403 ] && in_office "$T/new.jar"; report $? "disable without the CSRF token: 403, the clerk still works ($code)"

# A clerk (not an admin) is refused and changes nothing.
weblogin zjj-clerk gongkai-demo-2026 "$T/clerk.jar"; report $? "the demo clerk of 住建局 logs in"
req GET /office/users -b "$T/clerk.jar"
[ "$code" = 200 ] && ! has 'id="create-form"' && has '只有机关的系统管理员'; report $? "a clerk sees no forms" || show
scrape_csrf
req POST /office/users -b "$T/clerk.jar" --data-urlencode "csrf=$csrf" --data-urlencode "login=wang$tag" \
	--data-urlencode "display_name=王五" --data-urlencode "password=secret pass 9" \
	--data-urlencode "password2=secret pass 9" -d agency=zjj -d role=clerk
[ "$code" = 403 ] && [ "$(users_count)" = "$before" ]; report $? "a clerk's create: 403, nothing created ($code)" || show
req POST /office/users/disable -b "$T/clerk.jar" --data-urlencode "csrf=$csrf" -d "login=$NEW" -d disabled=1
[ "$code" = 403 ] && in_office "$T/new.jar"; report $? "a clerk's disable: 403, the user still works ($code)" || show
req POST /office/users/password -b "$T/clerk.jar" --data-urlencode "csrf=$csrf" -d "login=$NEW" \
	--data-urlencode "password=clerk took 1" --data-urlencode "password2=clerk took 1"
[ "$code" = 403 ] && in_office "$T/new.jar"; report $? "a clerk's password reset: 403, the session lives ($code)" || show

# 停用: the clerk's session ends and the login is refused; 启用: back in.
req POST /office/users/disable -b "$T/admin.jar" -D "$T/hdr" --data-urlencode "csrf=$ACSRF" -d "login=$NEW" -d disabled=1
[ "$code" = 303 ] && location | grep -q 'done=disabled'; report $? "admin disables the clerk: 303 ($code)" || show
! in_office "$T/new.jar" && [ "$code" = 303 ]; report $? "the clerk's open session no longer works ($code)"
! weblogin "$NEW" "changed pass 1" "$T/new2.jar" && [ "$code" = 401 ]; report $? "the disabled clerk cannot log in ($code)"
req GET /office/users -b "$T/admin.jar"
grep -A2 "<td class=\"code\">$NEW</td>" "$T/body" | grep -q '已停用' && has "启用<span class=\"visually-hidden\"> $NEW</span>"
report $? "the list shows 已停用 and offers 启用" || show
req POST /office/users/disable -b "$T/admin.jar" -D "$T/hdr" --data-urlencode "csrf=$ACSRF" -d "login=$NEW" -d disabled=0
[ "$code" = 303 ] && location | grep -q 'done=enabled'; report $? "admin enables the clerk: 303 ($code)" || show
weblogin "$NEW" "changed pass 1" "$T/new.jar"; report $? "the enabled clerk logs in again"

# 重置密码: bad new passwords first, then the reset.
req POST /office/users/password -b "$T/admin.jar" --data-urlencode "csrf=$ACSRF" -d "login=$NEW" \
	--data-urlencode "password=short" --data-urlencode "password2=short"
[ "$code" = 400 ] && field_msg new_password '密码至少需要8个字符' && in_office "$T/new.jar"
report $? "a short new password: 400 next to the field, nothing changed" || show
req POST /office/users/password -b "$T/admin.jar" --data-urlencode "csrf=$ACSRF" -d "login=$NEW" \
	--data-urlencode "password=reset pass 2" --data-urlencode "password2=reset pass 3"
[ "$code" = 400 ] && field_msg new_password2 '两次输入的密码不一致' && ! has 'reset pass'
report $? "mismatched new passwords: 400, not shown back" || show
req POST /office/users/password -b "$T/admin.jar" -D "$T/hdr" --data-urlencode "csrf=$ACSRF" -d "login=$NEW" \
	--data-urlencode "password=reset pass 2" --data-urlencode "password2=reset pass 2"
[ "$code" = 303 ] && location | grep -q 'done=password'; report $? "admin resets the clerk's password: 303 ($code)" || show
req GET "$(location)" -b "$T/admin.jar"
has "已重置用户 $NEW 的密码"; report $? "the page confirms the reset" || show
! in_office "$T/new.jar"; report $? "the clerk's session ended with the reset"
! weblogin "$NEW" "changed pass 1" "$T/new.jar" && [ "$code" = 401 ]; report $? "the old password is refused ($code)"
! weblogin "$NEW" "reset pass 2" "$T/new.jar" && [ "$code" = 303 ] && [ "$(location)" = /office/password ]
report $? "the new password works, and must be replaced at once (303 to /office/password)" || show

# The admin cannot disable themself; adding a role still works.
req POST /office/users/disable -b "$T/admin.jar" --data-urlencode "csrf=$ACSRF" -d "login=zadmin$tag" -d disabled=1
[ "$code" = 409 ] && has '不能停用自己的账号' && in_office "$T/admin.jar"
report $? "an admin cannot disable themself (409) and stays logged in ($code)" || show
req POST /office/users/roles -b "$T/admin.jar" -D "$T/hdr" --data-urlencode "csrf=$ACSRF" -d "login=$NEW" -d agency=zjj -d role=handler
[ "$code" = 303 ] && [ "$(location)" = '/office/users?done=1' ]; report $? "添加岗位 still works ($code)" || show
req GET "$(location)" -b "$T/admin.jar"
has '角色已添加' && has '示范市住房和城乡建设局 · 依申请公开经办人'; report $? "the clerk now also has the handler role" || show
req POST /office/users/roles -b "$T/admin.jar" --data-urlencode "csrf=$ACSRF" -d "login=$NEW" -d agency=jyj -d role=handler
[ "$code" = 404 ]; report $? "a role in an agency the admin does not see: 404 ($code)" || show

# The audit log.
req GET /office/audit -b "$T/admin.jar"
[ "$code" = 200 ] && has 'user.create' && has 'user.disable' && has 'user.enable' && has 'user.password' \
	&& has 'user.role_add'; report $? "the admin sees every action in the audit log" || show
"$G" audit verify --db "$DB" >"$T/verify" 2>&1; report $? "audit chain verifies" || cat "$T/verify"

if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$T/serve.log"; then
	report 1 "server log clean of sanitizer reports"; head -20 "$T/serve.log" | sed 's/^/#   /'
else
	report 0 "server log clean of sanitizer reports"
fi
