#!/usr/bin/env bash
# tests/scripts/api_catalog.sh - the catalog API against the real server:
# draft, four-stage review over HTTP (a refused skip, a send-back without comment), public
# item, search with highlighting, sections and guide, and attachments:
# a good PDF is stored and served with its type and download name; an
# oversized upload, a wrong content type (magic bytes), a path-like or
# disallowed file name, and a body over the server cap are refused
# cleanly with nothing stored. Database: $GONGKAI_TEST_DB_URL or
# $GONGKAI_TEST_PG_URL if set, else a temp SQLite file (uses-db: tests/run.sh
# repeats it on PostgreSQL).
. "$(dirname "$0")/../lib/common.bash"

"$G" agency add --name "某市住房和城乡建设委员会" --code "zjw$tag" --kind department >/dev/null 2>"$T/err"
report $? "agency add"
printf 'correct horse 1\n' >"$T/pw"
for u in clerk:clerk dept:dept_review check:office_check head:office_head leader:leader_sign admin:admin; do
	"$G" user add "${u%%:*}$tag" --name "${u%%:*}" --password-file "$T/pw" --agency "zjw$tag" \
		--role "${u#*:}" >/dev/null 2>>"$T/err" || echo "# user add $u failed: $(tail -1 "$T/err")"
done

printf 'max_body = 25165824\n' >"$T/conf"      # 24 MiB: above the 20 MiB attachment cap
serve --config "$T/conf"; report $? "server answers /healthz"


# login NAME: cookie jar $T/NAME.jar, CSRF token in CSRF_NAME
login() {
	req POST /api/login -c "$T/$1.jar" -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1$tag\",\"password\":\"correct horse 1\"}"
	eval "CSRF_$1=$(grep -o '"csrf_token":"[^"]*"' "$T/body" | cut -d'"' -f4)"
}
# as NAME METHOD PATH [curl args]
as() {
	local who=$1; shift
	local tok; eval "tok=\$CSRF_$who"
	local m=$1 p=$2; shift 2
	req "$m" "$p" -b "$T/$who.jar" -H "X-CSRF-Token: $tok" "$@"
}
for u in clerk dept check head leader admin; do login $u; done
[ -n "$CSRF_clerk" ] && [ -n "$CSRF_leader" ]; report $? "users log in"

# --- a draft and its review ---
as clerk POST /api/items -H 'Content-Type: application/json' -d "{\"agency\":\"zjw$tag\",\"title\":\"关于进一步加强住房公积金管理的通知\",\"doc_no\":\"京建发〔２０２４〕3号\",\"genre\":\"行政规范性文件\",\"written_on\":\"2024-03-01\",\"section\":\"normative\",\"body_html\":\"<p onclick=x()>缴存职工可通过APP办理。</p><script>alert(1)</script>\"}"
[ "$code" = 201 ]; report $? "clerk creates a draft (201)" || show
ID=$(grep -o '"id":[0-9]*' "$T/body" | head -1 | cut -d: -f2)
as clerk GET "/api/items/$ID"
[ "$code" = 200 ] && has '"state":"draft"' && ! has 'script' && ! has onclick && has "\"index_no\":\"zjw$tag/2024-00001\""
report $? "draft stored sanitized, with a generated 索引号" || show
as clerk POST /api/items -H 'Content-Type: application/json' -d "{\"agency\":\"zjw$tag\",\"title\":\"x\",\"colour\":\"red\"}"
[ "$code" = 400 ] && has '"field":"$.colour"'; report $? "unknown field is 400 with its path" || show
req GET "/api/public/items/$ID"
[ "$code" = 404 ]; report $? "a draft is not public" || show

as clerk POST "/api/items/$ID/submit"
[ "$code" = 200 ] && has '"stage":"dept_review"'; report $? "submit: at 科室初审" || show
as leader POST "/api/items/$ID/approve"
[ "$code" = 403 ] && has '"code":"stage_role_required"'; report $? "leader cannot skip to 审签 (403)" || show
as dept POST "/api/items/$ID/send-back" -H 'Content-Type: application/json' -d '{}'
[ "$code" = 400 ] && has comment_required; report $? "send back without a comment is 400" || show
for who in dept check head; do as $who POST "/api/items/$ID/approve"; done
[ "$code" = 200 ] && has '"stage":"leader_sign"'; report $? "three approvals: at 分管领导审签" || show
req GET "/api/public/search?q=%E5%85%AC%E7%A7%AF%E9%87%91&agency=zjw$tag"
has '"total":0'; report $? "not public before the last stage" || show
as leader POST "/api/items/$ID/approve" -H 'Content-Type: application/json' -d '{"stage":"leader_sign"}'
[ "$code" = 200 ] && has '"published":true'; report $? "leader signs: published" || show
as clerk GET "/api/items/$ID/reviews"
[ "$code" = 200 ] && [ "$(grep -o '"action"' "$T/body" | wc -l)" = 5 ]; report $? "review history has 5 steps" || show
as clerk GET "/api/items/$ID/versions"
[ "$code" = 200 ] && jq -e '[.versions[].snapshot] | last |
	.state == "published" and (.doc_no | test("〔２０２４〕3号")) and (.index_no | length > 0)' "$T/body" >/dev/null
report $? "the version the last review step recorded carries the full metadata (文号, 索引号)" || show

# --- public reading and search ---
req GET "/api/public/items/$ID"
[ "$code" = 200 ] && has '"state":"published"'; report $? "published item is public" || show
req GET "/api/public/search?q=%E5%85%AC%E7%A7%AF%E9%87%91&agency=zjw$tag"
[ "$code" = 200 ] && has '"total":1' && has '<mark>公积金</mark>'; report $? "search 公积金 finds it, highlighted" || show
req GET "/api/public/search?q=%E3%80%942024%E3%80%953%E5%8F%B7&agency=zjw$tag"
has '"total":1'; report $? "search 〔2024〕3号 matches 京建发〔２０２４〕3号" || show
req GET "/api/public/search?q=%E6%88%BF&agency=zjw$tag"
has '"total":1'; report $? "one-character search 房" || show
req GET "/api/public/search?q=x&year=abc"
[ "$code" = 400 ] && has '"field":"year"'; report $? "bad year is 400" || show
req GET "/api/public/items?agency=zjw$tag&genre=%E8%A1%8C%E6%94%BF%E8%A7%84%E8%8C%83%E6%80%A7%E6%96%87%E4%BB%B6"
[ "$code" = 200 ] && has '"total":1'; report $? "public list filtered by genre" || show
req GET "/api/public/agencies/zjw$tag/sections"
[ "$code" = 200 ] && has '"name":"机构职能"' && has '"name":"政府采购"'; report $? "default sections seeded" || show

as admin PUT "/api/agencies/zjw$tag/guide" -H 'Content-Type: application/json' -d '{"html":"<h2>公开指南</h2><a href=\"javascript:x\">x</a>"}'
[ "$code" = 200 ] && has '公开指南' && ! has javascript; report $? "admin sets the guide (sanitized)" || show
as clerk PUT "/api/agencies/zjw$tag/guide" -H 'Content-Type: application/json' -d '{"html":"x"}'
[ "$code" = 403 ]; report $? "clerk cannot set the guide" || show

# --- attachments ---
as clerk POST /api/items -H 'Content-Type: application/json' -d "{\"agency\":\"zjw$tag\",\"title\":\"附件测试\"}"
ID2=$(grep -o '"id":[0-9]*' "$T/body" | head -1 | cut -d: -f2)
printf '%%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n' >"$T/ok.pdf"
as clerk POST "/api/items/$ID2/attachments?filename=%E9%80%9A%E7%9F%A5.pdf" --data-binary @"$T/ok.pdf" -H 'Content-Type: application/octet-stream'
[ "$code" = 201 ]; report $? "a PDF is accepted (201)" || show
FID=$(grep -o '"file_id":[0-9]*' "$T/body" | cut -d: -f2)
as clerk GET "/api/items/$ID2/attachments/$FID" -D "$T/hdr"
cmp -s "$T/body" "$T/ok.pdf" && grep -qi '^content-type: application/pdf' "$T/hdr" && \
	grep -qi "^content-disposition: attachment; filename=\"______.pdf\"; filename\*=UTF-8''%E9%80%9A%E7%9F%A5.pdf" "$T/hdr"
report $? "download: same bytes, application/pdf, UTF-8 download name" || { show; grep -i content "$T/hdr"; }
printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="表.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nPK\003\004xl/workbook.xml\r\n--XyZ--\r\n' >"$T/mp"
as clerk POST "/api/items/$ID2/attachments" -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary @"$T/mp"
[ "$code" = 201 ]; report $? "multipart XLSX upload accepted" || show

count_files() {
	as clerk GET "/api/items/$ID2"
	grep -o '"file_id"' "$T/body" | wc -l
}
before=$(count_files)
{ printf '%%PDF-1.4\n'; head -c $((21 * 1024 * 1024)) /dev/zero; } >"$T/big.pdf"
as clerk POST "/api/items/$ID2/attachments?filename=big.pdf" --data-binary @"$T/big.pdf"
[ "$code" = 413 ] && has too_large; report $? "21 MiB attachment refused with 413" || show
{ printf '%%PDF-1.4\n'; head -c $((25 * 1024 * 1024)) /dev/zero; } >"$T/huge.pdf"
as clerk POST "/api/items/$ID2/attachments?filename=huge.pdf" --data-binary @"$T/huge.pdf"
[ "$code" = 413 ]; report $? "body over the server cap refused with 413" || show
printf 'MZ\220\000this is an exe' >"$T/evil.pdf"
as clerk POST "/api/items/$ID2/attachments?filename=report.pdf" --data-binary @"$T/evil.pdf"
[ "$code" = 400 ] && has '"field":"$.file"'; report $? "wrong magic bytes for .pdf refused (400)" || show
printf '<html><script>alert(1)</script>' >"$T/x.html"
as clerk POST "/api/items/$ID2/attachments?filename=page.html" --data-binary @"$T/x.html"
[ "$code" = 400 ] && has '"field":"$.filename"'; report $? "disallowed type .html refused" || show
for bad in '..%2F..%2Fetc%2Fpasswd.pdf' '%2Ftmp%2Fa.pdf' 'a%5Cb.pdf' '..pdf' '.hidden.pdf' 'a%0Ab.pdf' 'C%3A.pdf'; do
	as clerk POST "/api/items/$ID2/attachments?filename=$bad" --data-binary @"$T/ok.pdf"
	[ "$code" = 400 ] && has '"field":"$.filename"' || { echo "#   $bad: $code"; false; }
	report $? "path-like name $bad refused (400)"
done
printf -- '--B\r\nContent-Disposition: form-data; name="file"; filename="../../x.pdf"\r\n\r\n%%PDF-1\r\n--B--\r\n' >"$T/mp2"
as clerk POST "/api/items/$ID2/attachments" -H 'Content-Type: multipart/form-data; boundary=B' --data-binary @"$T/mp2"
[ "$code" = 400 ]; report $? "path-like multipart file name refused" || show
after=$(count_files)
[ "$before" = 2 ] && [ "$after" = 2 ]; report $? "nothing stored by refused uploads (2 attachments before and after)"
case "$DB" in
sqlite:*) f=$(sqlite3 "${DB#sqlite:}" 'SELECT COUNT(*) FROM files' 2>/dev/null)
	[ "$f" = 2 ]; report $? "files table holds exactly the 2 accepted files" ;;
esac
as clerk POST "/api/items/$ID/attachments?filename=a.pdf" --data-binary @"$T/ok.pdf"
[ "$code" = 409 ]; report $? "no attachments on a published item (409)" || show
req POST "/api/items/$ID2/attachments?filename=a.pdf" --data-binary @"$T/ok.pdf"
[ "$code" = 401 ]; report $? "anonymous upload is 401" || show

# --- withdraw and repeal ---
as clerk POST "/api/items/$ID/withdraw" -H 'Content-Type: application/json' -d '{"reason":"内容有误"}'
[ "$code" = 403 ]; report $? "clerk cannot withdraw" || show
as leader POST "/api/items/$ID/repeal" -H 'Content-Type: application/json' -d '{"reason":"已被新文件替代"}'
[ "$code" = 200 ] && has '"state":"repealed"'; report $? "leader repeals with a reason" || show
req GET "/api/public/items/$ID"
has '"validity":"repealed"'; report $? "repealed item stays public, marked 已废止" || show
