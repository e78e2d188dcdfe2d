#!/usr/bin/env bash
# tests/scripts/backup_restore.sh - `gongkai backup` / `gongkai restore`.
# SQLite: an online backup taken while a server accepts submissions is a
# consistent snapshot (integrity ok, audit chain verifies, row count between
# the counts before and after), restore refuses to overwrite without
# --force and refuses a damaged file, and the restored database serves.
# PostgreSQL: backup prints the pg_dump/pg_restore commands; with --run it
# dumps, and the dump restores into an empty database whose audit chain
# verifies with the same head. Needs PostgreSQL ($GONGKAI_PG_URL in CI).
set -u
G=${GONGKAI:?set GONGKAI to the gongkai binary (tests/run.sh does)}
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$ROOT/tests/lib/pg.bash"
T=$(mktemp -d)
S_PID= R_PID= W_PID=
cleanup() {
	for p in $W_PID $S_PID $R_PID; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	pg_cleanup; rm -rf "$T"
}
trap cleanup EXIT
n=0
report() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; return "$1"; }
show() { echo "#   $(head -c 600 "$1")"; }
count() { sqlite3 "$1" "SELECT COUNT(*) FROM applications"; }

pg_need
LIVE=$T/live.db
"$G" demo --db "sqlite:$LIVE" --key-file "$T/key" >"$T/demo.out" 2>&1
report $? "demo database" || show "$T/demo.out"
# The writer below submits as fast as it can from 127.0.0.1: no per-address limit.
printf 'apply_limit = 0\n' >"$T/nolimit.conf"
serve_start S "sqlite:$LIVE" "$T/s.log" --key-file "$T/key" --config "$T/nolimit.conf"
AG=$(curl -s "$S_URL/api/public/agencies" | jq '.agencies[0].id')
# a writer: public submissions as fast as the server takes them
(
	i=0
	while :; do
		i=$((i + 1))
		curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
			-d "{\"agency_id\":$AG,\"applicant_kind\":\"person\",\"applicant_name\":\"备份测试$i\",\"description\":\"备份期间的申请 $i\"}" \
			"$S_URL/api/public/applications"
	done >"$T/codes"
) &
W_PID=$!
sleep 1
before=$(count "$LIVE")
"$G" backup --db "sqlite:$LIVE" --to "$T/backup.db" >"$T/b.json" 2>"$T/b.err"
report $? "online backup while a server writes exits 0" || show "$T/b.err"
sleep 0.5
after=$(count "$LIVE")
kill "$W_PID"; wait "$W_PID" 2>/dev/null; W_PID=
jq -e '.integrity == "ok" and .bytes > 0' "$T/b.json" >/dev/null
report $? "backup reports integrity ok" || show "$T/b.json"
grep -q "key file" "$T/b.err"; report $? "backup reminds to back up the key file"
accepted=$(grep -c '^201$' "$T/codes")
[ "$accepted" -gt 3 ] && [ "$after" -gt "$before" ]
report $? "submissions were accepted during the backup ($accepted; $before -> $after rows)"
[ ! -e "$T/backup.db-wal" ] && [ ! -e "$T/backup.db.partial" ]
report $? "the backup is one self-contained file"

"$G" restore --from "$T/backup.db" --db "sqlite:$T/restored.db" >"$T/r.json" 2>"$T/r.err"
report $? "restore into a new path exits 0" || show "$T/r.err"
jq -e '.integrity == "ok" and .audit.entries > 0' "$T/r.json" >/dev/null
report $? "restore checked integrity and the audit chain" || show "$T/r.json"
rows=$(count "$T/restored.db")
[ "$rows" -ge "$before" ] && [ "$rows" -le "$after" ]
report $? "restored rows are a snapshot between before and after ($before <= $rows <= $after)"
"$G" audit verify --db "sqlite:$T/restored.db" >"$T/v.json" 2>&1
report $? "audit verify passes on the restored database" || show "$T/v.json"
# every restored application has its audit entry (same snapshot)
missing=$(sqlite3 "$T/restored.db" "SELECT COUNT(*) FROM applications a WHERE NOT EXISTS
	(SELECT 1 FROM audit_log l WHERE l.object_type = 'application' AND l.object_id = CAST(a.id AS TEXT))")
lastaudit=$(sqlite3 "$T/restored.db" "SELECT COUNT(*) FROM audit_log WHERE object_type = 'application'")
[ "$lastaudit" -gt 0 ] && [ "$missing" = 0 ]
report $? "every restored application has its audit entry ($missing missing)"

"$G" restore --from "$T/backup.db" --db "sqlite:$T/restored.db" >/dev/null 2>"$T/r2.err"
[ $? = 2 ] && grep -q -- "--force" "$T/r2.err"
report $? "restore over an existing database needs --force" || show "$T/r2.err"
cp "$T/backup.db" "$T/broken.db"
dd if=/dev/urandom of="$T/broken.db" bs=4096 seek=3 count=4 conv=notrunc 2>/dev/null
sum_before=$(sha256sum "$T/restored.db" | cut -c1-64)
"$G" restore --from "$T/broken.db" --db "sqlite:$T/restored.db" --force >/dev/null 2>"$T/r3.err"
rc=$?
[ $rc = 1 ] && [ "$(sha256sum "$T/restored.db" | cut -c1-64)" = "$sum_before" ]
report $? "a damaged backup is refused and the target left untouched (exit $rc)" || show "$T/r3.err"
"$G" restore --from "$T/backup.db" --db "sqlite:$T/restored.db" --force >/dev/null 2>"$T/r4.err"
report $? "restore --force replaces the database" || show "$T/r4.err"

serve_start R "sqlite:$T/restored.db" "$T/r.log" --key-file "$T/key"
code=$(curl -s -o "$T/st.json" -w '%{http_code}' "$R_URL/api/public/agencies")
[ "$code" = 200 ] && jq -e '.agencies | length > 0' "$T/st.json" >/dev/null
report $? "a server runs on the restored database" || show "$T/st.json"

# PostgreSQL: pg_dump guidance, then a real dump and restore.
pg_fresh_db backup
"$G" migrate --from "sqlite:$T/restored.db" --to "$PGURL" >/dev/null 2>"$T/m.err"
report $? "restored database copied to PostgreSQL" || show "$T/m.err"
"$G" backup --db "$PGURL" --to "$T/pg.dump" >"$T/pgb.out" 2>&1
[ $? = 0 ] && grep -q "^pg_dump --format=custom" "$T/pgb.out" && grep -q "^pg_restore " "$T/pgb.out"
report $? "backup on PostgreSQL prints the pg_dump and pg_restore commands" || show "$T/pgb.out"
"$G" backup --db "$PGURL" --to "$T/pg.dump" --run >/dev/null 2>"$T/pgr.err"
[ $? = 0 ] && [ -s "$T/pg.dump" ]
report $? "backup --run writes a pg_dump file" || show "$T/pgr.err"
SRC_URL=$PGURL SRC_DB=$PG_CREATED_DB
RESTORE_DB="${SRC_DB}_r"
psql -q "$PG_ADMIN_URL" -c "CREATE DATABASE \"$RESTORE_DB\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0" >/dev/null
RURL="${PG_ADMIN_URL%/*}/$RESTORE_DB"
"$G" restore --from "$T/pg.dump" --db "$RURL" --run >"$T/pgrest.out" 2>&1
report $? "restore --run loads the dump into an empty database" || show "$T/pgrest.out"
"$G" audit verify --db "$SRC_URL" >"$T/h1.json" 2>&1
"$G" audit verify --db "$RURL" >"$T/h2.json" 2>&1
[ $? = 0 ] && [ "$(jq -r .head "$T/h1.json")" = "$(jq -r .head "$T/h2.json")" ]
report $? "the restored PostgreSQL database has the same verified audit head" || { show "$T/h1.json"; show "$T/h2.json"; }
psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$RESTORE_DB\" WITH (FORCE)" >/dev/null 2>&1
