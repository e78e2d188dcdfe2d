# tests/lib/common.bash - the prologue every server test script shares.
# Source it first thing; it sets up:
#   G        the gongkai binary ($GONGKAI, set by tests/run.sh)
#   T        a temporary directory, removed at exit with the server in $PID
#   DB       $GONGKAI_TEST_DB_URL (PostgreSQL pass) or sqlite:$T/db;
#            exported as GONGKAI_DB_URL for the CLI
#   tag      a unique suffix for names (tests may share a PostgreSQL DB)
#   report RC TEXT    print "ok N - TEXT" or "not ok N - TEXT"; returns RC
#   free_port         print a free TCP port on 127.0.0.1
#   serve [ARGS...]   start `gongkai serve` on a port it picks itself with $DB and
#                     ARGS; sets PID, PORT and U (base URL); waits for /healthz
#   req METHOD PATH [curl args...]   body in $T/body, status in $code
#   has TEXT / show   grep the last body / print status and body as a comment
set -u
G=${GONGKAI:?set GONGKAI to the gongkai binary (tests/run.sh does)}
T=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
n=0
report() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; return "$1"; }

DB=${GONGKAI_TEST_DB_URL:-sqlite:$T/db}
tag=$$$RANDOM
export GONGKAI_DB_URL=$DB

. "$(dirname "${BASH_SOURCE[0]}")/port.bash"

serve() {
	local skip
	skip=0
	[ -f "$T/serve.log" ] && skip=$(wc -l <"$T/serve.log")
	"$G" serve --listen "127.0.0.1:0" --db "$DB" --key-file "$T/key" --access-log "" "$@" \
		2>>"$T/serve.log" &
	PID=$!
	if ! PORT=$(served_port "$T/serve.log" "$skip"); then
		echo "#   server did not start within 40 s: $(tail -3 "$T/serve.log" | tr "\n" " ")"
		return 1
	fi
	U=http://127.0.0.1:$PORT
	for _ in $(seq 1 400); do curl -sf "$U/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
	echo "#   server did not answer /healthz within 40 s: $(tail -3 "$T/serve.log" | tr "\n" " ")"
	return 1
}

req() {
	local m=$1 p=$2; shift 2
	code=$(curl -s -o "$T/body" -w '%{http_code}' -X "$m" "$@" "$U$p")
}
has() { grep -q -- "$1" "$T/body"; }
show() { echo "#   status $code: $(head -c 300 "$T/body")"; }
