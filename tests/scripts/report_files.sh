#!/usr/bin/env bash
# tests/scripts/report_files.sh - the annual report as Word and Excel
# downloads, on the demo data: the portal serves the PUBLISHED report as
# .docx and .xlsx with the OOXML content types and an attachment name
# (ASCII fallback + RFC 5987 UTF-8); the docx parses back (gongkai report
# parse) to exactly the numbers of the JSON API's report; every xlsx cell
# reads back with openpyxl; an unpublished year is 404; the back office
# serves the built report to its clerk, not to a clerk of another agency
# (403) nor without login; and the CLI refuses binary output to a terminal.
# uses-db: runs on SQLite and PostgreSQL.
. "$(dirname "$0")/../lib/common.bash"
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
DOCX_CT=application/vnd.openxmlformats-officedocument.wordprocessingml.document
XLSX_CT=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet

"$G" demo --db "$DB" --key-file "$T/key" >"$T/demo.out" 2>&1
report $? "demo data loaded" || tail -5 "$T/demo.out"
Y=$(( $(date +%Y) - 1 ))
serve; report $? "server answers /healthz"

# The first agency with a published report for last year.
code_ok= id=
while read -r i c _; do
	req GET "/agency/$c/report/$Y"
	if [ "$code" = 200 ]; then code_ok=$c; id=$i; break; fi
done < <("$G" agency list --db "$DB" 2>/dev/null)
c=${code_ok:-}
[ -n "$c" ]; report $? "an agency with a published $Y report: ${c:-none} (id ${id:-?})"
has "/agency/$c/report/$Y/report.docx" && has "下载 Word" && has "/agency/$c/report/$Y/report.xlsx" && has "下载 Excel"
report $? "the portal report page links the Word and Excel downloads" || show

# Headers of the public downloads.
hdr() { curl -s -D "$T/h" -o "$T/$2" -w '%{http_code}' "$U$1"; }
st=$(hdr "/agency/$c/report/$Y/report.docx" pub.docx)
[ "$st" = 200 ] && grep -qi "^content-type: $DOCX_CT" "$T/h"
report $? "GET .../report.docx: 200 $DOCX_CT" || { echo "#   $st"; cat "$T/h"; }
disp=$(grep -i '^content-disposition:' "$T/h" | tr -d '\r')
name=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' \
	"$(sed -n "s/.*filename\*=UTF-8''//p" <<<"$disp")")
agency_name=$("$G" agency list --db "$DB" 2>/dev/null | awk -v c="$c" '$2 == c {print $3}')
[[ "$disp" == "Content-Disposition: attachment; filename=\"report-$c-$Y.docx\"; filename*=UTF-8''"* ]] &&
	[ "$name" = "${agency_name}${Y}年政府信息公开工作年度报告.docx" ]
report $? "attachment named report-$c-$Y.docx / $name" || echo "#   $disp"
[ "$(head -c 2 "$T/pub.docx")" = PK ]; report $? "the body is a zip"

st=$(hdr "/agency/$c/report/$Y/report.xlsx" pub.xlsx)
[ "$st" = 200 ] && grep -qi "^content-type: $XLSX_CT" "$T/h" &&
	grep -qi "^content-disposition: attachment; filename=\"report-$c-$Y.xlsx\"; filename\*=UTF-8''" "$T/h"
report $? "GET .../report.xlsx: 200 $XLSX_CT, attachment" || { echo "#   $st"; cat "$T/h"; }

# The docx reads back to the numbers of the published report page (parsed
# by gongkai from the portal's HTML) - the same stored report.
req GET "/agency/$c/report/$Y"
cp "$T/body" "$T/page.html"
"$G" report parse "$T/page.html" --json >"$T/page.json" 2>/dev/null
jq -S '.tables' "$T/page.json" >"$T/page.tables"
"$G" report parse "$T/pub.docx" --json >"$T/pub.json" 2>"$T/parse.err"
report $? "gongkai report parse reads the downloaded docx" || head -3 "$T/parse.err"
jq -S '.tables' "$T/pub.json" >"$T/pub.tables"
cmp -s "$T/page.tables" "$T/pub.tables" && [ "$(jq '[.. | numbers] | length' "$T/pub.tables")" -gt 50 ]
report $? "every number of the public docx equals the report page's ($(jq '[.. | numbers] | length' "$T/pub.tables") numbers)" ||
	diff "$T/page.tables" "$T/pub.tables" | head -10 | sed 's/^/#   /'
[ "$(jq -r .year "$T/pub.json")" = "$Y" ] && [ "$(jq -r .format "$T/pub.json")" = "$(jq -r .format "$T/page.json")" ] &&
	[ "$(jq -r .agency "$T/pub.json")" = "$agency_name" ]
report $? "agency, year and format read back from the docx"

# Every cell of the xlsx (openpyxl) against the same numbers.
py=
for p in /usr/bin/python3 python3; do
	"$p" -c 'import openpyxl' 2>/dev/null && { py=$p; break; }
done
xlsx_check() { # xlsx json what
	if [ -z "$py" ]; then report 1 "python3-openpyxl is installed (tools/deps.sh)"; return; fi
	"$py" "$ROOT/tests/tools/xlsx_check.py" "$1" "$2" >"$T/xlsx.out" 2>&1
	report $? "openpyxl reads every table cell of the $3 xlsx as its JSON says ($(tail -1 "$T/xlsx.out"))" ||
		sed 's/^/#   /' "$T/xlsx.out" | head -10
}
xlsx_check "$T/pub.xlsx" "$T/pub.json" public

# Not published: 404.
req GET "/agency/$c/report/$((Y - 3))/report.docx"
[ "$code" = 404 ] && has "尚未发布"; report $? "an unpublished year is 404 ($code)" || show
req GET "/agency/no-such-agency/report/$Y/report.xlsx"
[ "$code" = 404 ]; report $? "an unknown agency is 404 ($code)"

# Back office: the built report, with the service's access checks.
req GET "/office/reports/report.docx?agency=zjj&year=$Y"
[ "$code" = 303 ] || [ "$code" = 302 ]; report $? "back-office download without login redirects to login ($code)"
req POST /api/login -c "$T/jar" -H 'Content-Type: application/json' \
	-d '{"login":"zjj-clerk","password":"gongkai-demo-2026"}'
[ "$code" = 200 ]; report $? "住建局 clerk logs in" || show
req GET "/office/reports?agency=zjj&year=$Y" -b "$T/jar"
[ "$code" = 200 ] && has "/office/reports/report.docx?agency=zjj&amp;year=$Y" && has "下载 Excel"
report $? "the reports page links the downloads" || show
st=$(curl -s -D "$T/h" -o "$T/own.docx" -w '%{http_code}' -b "$T/jar" "$U/office/reports/report.docx?agency=zjj&year=$Y")
[ "$st" = 200 ] && grep -qi "^content-type: $DOCX_CT" "$T/h" && grep -qi '^cache-control: private, no-store' "$T/h"
report $? "the clerk downloads the 住建局 report as docx ($st, private)" || cat "$T/h"
# ... and reads back to the numbers of the JSON API's report (same build).
sup=$("$G" user token gkb --db "$DB" 2>/dev/null | tail -1)
zid=$("$G" agency list --db "$DB" 2>/dev/null | awk '$2 == "zjj" {print $1}')
req GET "/api/agencies/$zid/report/$Y" -H "Authorization: Bearer $sup"
[ "$code" = 200 ]; report $? "the JSON API answers the 住建局 report" || show
jq '.report' "$T/body" >"$T/api.json"
"$G" report parse "$T/own.docx" --json | jq -S .tables >"$T/own.tables"
jq -S .tables "$T/api.json" | cmp -s - "$T/own.tables" && [ "$(jq '[.. | numbers] | length' "$T/own.tables")" -gt 50 ]
report $? "every number of the back-office docx equals the JSON API's ($(jq '[.. | numbers] | length' "$T/own.tables"))" ||
	diff <(jq -S .tables "$T/api.json") "$T/own.tables" | head -10 | sed 's/^/#   /'
st=$(curl -s -D "$T/h" -o "$T/own.xlsx" -w '%{http_code}' -b "$T/jar" "$U/office/reports/report.xlsx?agency=zjj&year=$Y")
[ "$st" = 200 ] && grep -qi "^content-type: $XLSX_CT" "$T/h" && unzip -p "$T/own.xlsx" xl/worksheets/sheet1.xml | grep -q '检查结果'
report $? "the clerk downloads the xlsx with the check findings sheet ($st)" || cat "$T/h"
xlsx_check "$T/own.xlsx" "$T/api.json" back-office
for other in jyj city; do
	req GET "/office/reports/report.docx?agency=$other&year=$Y" -b "$T/jar"
	{ [ "$code" = 403 ] || [ "$code" = 404 ]; } && ! has PK && ! has '<w:'
	report $? "the 住建局 clerk may not download the $other report ($code)" || show
	req GET "/office/reports/report.xlsx?agency=$other&year=$Y&summary=1" -b "$T/jar"
	{ [ "$code" = 403 ] || [ "$code" = 404 ]; } && ! has PK
	report $? "nor the $other summary as xlsx ($code)" || show
done
req GET "/office/reports/report.docx?agency=zjj" -b "$T/jar"
[ "$code" = 400 ]; report $? "no year: 400 ($code)"
req POST /api/login -c "$T/jar2" -H 'Content-Type: application/json' \
	-d '{"login":"gkb","password":"gongkai-demo-2026"}'
st=$(curl -s -o "$T/sum.xlsx" -w '%{http_code}' -b "$T/jar2" \
	"$U/office/reports/report.xlsx?agency=city&year=$Y&summary=1")
[ "$st" = 200 ] && unzip -l "$T/sum.xlsx" | grep -q 'xl/worksheets/sheet4.xml'
report $? "the supervisor downloads the city summary as xlsx ($st)"

# CLI: binary to a terminal is refused (script(1) gives the command a tty).
if command -v script >/dev/null 2>&1; then
	"$G" report build --db "$DB" --agency zjj --year "$Y" --to json >"$T/r.json" 2>/dev/null
	script -qec "$G report render $T/r.json --to docx" /dev/null >"$T/tty.out" 2>&1
	rc=$?
	[ "$rc" = 2 ] && grep -q 'writes a binary file; give -o FILE' "$T/tty.out" && ! grep -q 'PK' "$T/tty.out"
	report $? "report render --to docx to a terminal: exit 2 with a message ($rc)" || head -3 "$T/tty.out"
	script -qec "$G report build --db $DB --agency zjj --year $Y --to xlsx" /dev/null >"$T/tty.out" 2>&1
	rc=$?
	[ "$rc" = 2 ] && grep -q 'writes a binary file' "$T/tty.out"
	report $? "report build --to xlsx to a terminal: exit 2 ($rc)" || head -3 "$T/tty.out"
	script -qec "$G report render $T/r.json --to xlsx -o -" /dev/null >"$T/tty.out" 2>&1
	rc=$?
	[ "$rc" = 2 ] && grep -q 'writes a binary file' "$T/tty.out"
	report $? "-o - on a terminal is refused too ($rc)" || head -3 "$T/tty.out"
	"$G" report render "$T/r.json" --to docx | cat >"$T/piped.docx"
	"$G" report render "$T/r.json" --to docx -o "$T/file.docx"
	cmp -s "$T/piped.docx" "$T/file.docx" && [ -s "$T/file.docx" ]
	report $? "through a pipe the same bytes as with -o"
	"$G" report build --db "$DB" --agency zjj --year "$Y" --to docx -o "$T/built.docx" 2>/dev/null
	"$G" report parse "$T/built.docx" --json | jq -S .tables | cmp -s - <(jq -S .tables "$T/r.json")
	report $? "report build --to docx -o FILE reads back to the build's JSON"
fi

# Every seed report: parse, render xlsx, read back with openpyxl.
for f in "$ROOT"/tests/fixtures/seeds/*.txt; do
	b=$(basename "$f" .txt)
	"$G" report parse "$f" --json >"$T/$b.json" 2>/dev/null
	[ "$(jq -r .format "$T/$b.json")" != null ] || continue
	"$G" report render "$T/$b.json" --to xlsx -o "$T/$b.xlsx" 2>/dev/null || { report 1 "seed $b renders as xlsx"; continue; }
	xlsx_check "$T/$b.xlsx" "$T/$b.json" "seed $b ($(jq -r .format "$T/$b.json"))"
done
