#!/usr/bin/env bash
# tests/scripts/report_summary.sh - the summary report of a level: on the
# demo data, `gongkai report build --summary` for the city equals, cell by
# cell, the sum of the reports built for each agency of its subtree, passes
# the report checks, and over the API only a supervisor of the city may
# compile it (a clerk gets 403). uses-db: runs on SQLite and PostgreSQL.
. "$(dirname "$0")/../lib/common.bash"

"$G" demo --db "$DB" --key-file "$T/key" >"$T/demo.out" 2>&1
report $? "demo data loaded" || tail -5 "$T/demo.out"
Y=$(( $(date +%Y) - 1 ))
codes=$("$G" agency list --db "$DB" 2>/dev/null | awk '{print $2}')
[ -n "$codes" ]; report $? "agencies listed: $(echo $codes | tr '\n' ' ')"

for c in $codes; do
	"$G" report build --db "$DB" --agency "$c" --year "$Y" --to json >"$T/r-$c.json" 2>>"$T/err" ||
		echo "#   report build $c failed: $(tail -1 "$T/err")"
done
"$G" report build --db "$DB" --agency city --year "$Y" --summary --to json >"$T/sum.json" 2>"$T/sum.err"
report $? "summary report builds and passes its checks (exit 0)" || head -5 "$T/sum.err"
grep -q "summary of $(echo "$codes" | wc -w) agencies" "$T/sum.err"
report $? "the summary covers every agency of the subtree"

# Every cell of 表三 and 表四: summary = sum over the agencies.
cells='[.tables.applications.rows, .tables.appeals] | map(to_entries[] | .key as $r | .value | to_entries[] | {key: ($r + "." + .key), value: .value}) | from_entries'
jq -s "map($cells) | reduce .[] as \$m ({}; reduce (\$m | to_entries[]) as \$e (.; .[\$e.key] += \$e.value))" \
	"$T"/r-*.json >"$T/want.json"
jq "$cells" "$T/sum.json" >"$T/got.json"
[ "$(jq -S . "$T/want.json")" = "$(jq -S . "$T/got.json")" ] && [ "$(jq length "$T/got.json")" -gt 100 ]
report $? "every cell of tables three and four is the sum of the agencies' cells ($(jq length "$T/got.json") cells)"
[ "$(jq '.tables.applications.rows.new.total' "$T/sum.json")" -gt 0 ]
report $? "the summary counts applications ($(jq '.tables.applications.rows.new.total' "$T/sum.json") new)"

# Over the API: the city's supervisor may, a department clerk may not.
serve; report $? "server answers /healthz"
sup=$("$G" user token gkb --db "$DB" 2>/dev/null | tail -1)
clk=$("$G" user token zjj-clerk --db "$DB" 2>/dev/null | tail -1)
req GET "/api/agencies/1/report/$Y?summary=1" -H "Authorization: Bearer $sup"
[ "$code" = 200 ] && has '"errors":0' && has '"agencies":'; report $? "supervisor compiles the summary over the API" || show
req GET "/api/agencies/1/report/$Y?summary=1" -H "Authorization: Bearer $clk"
[ "$code" = 403 ] || [ "$code" = 404 ]; report $? "a department clerk may not ($code)" || show

# The back-office page: the supervisor ticks "汇总本级及所属下级机关".
req POST /api/login -c "$T/jar" -H 'Content-Type: application/json' \
	-d '{"login":"gkb","password":"gongkai-demo-2026"}'
[ "$code" = 200 ]; report $? "supervisor logs in" || show
req GET "/office/reports?agency=city&year=$Y&summary=1" -b "$T/jar"
[ "$code" = 200 ] && has "汇总 $(echo "$codes" | wc -w) 个机关" && has 'id="findings-ok"' && ! has 'id="publish"'
report $? "the reports page shows the checked summary, without a publish button" || show
