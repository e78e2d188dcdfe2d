#!/usr/bin/env bash
# tests/scripts/catalog_search_engines.sh - the search corpus test
# (tests/cases/search/corpus) against the database under test, so the
# PostgreSQL engine (tsvector) is held to the same expected result sets as
# SQLite's FTS5. Database: $GONGKAI_TEST_DB_URL (an empty database: uses-db,
# tests/run.sh recreates it), else a temp SQLite file.
set -u
G=${GONGKAI:?set GONGKAI to the gongkai binary (tests/run.sh does)}
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DB=${GONGKAI_TEST_DB_URL:-sqlite:$T/db}
C=$ROOT/tests/cases/search/corpus
"$G" catalog search-test "$ROOT/tests/fixtures/catalog/corpus.jsonl" "$C/queries.json" --db "$DB" >"$T/out" 2>"$T/err"
rc=$?
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for i, r in enumerate(d["results"], 1):
    print(("ok" if r["ok"] else "not ok") + " %d - %s (%d hits)" % (i, r["q"] or "(filters)", r["count"]))
    if not r["ok"]:
        print("#   got  %s" % r.get("got"))
        print("#   want %s" % r.get("want"))
PY
[ $rc = 0 ] || { echo "not ok - search-test exited $rc: $(head -c 300 "$T/err")"; }
