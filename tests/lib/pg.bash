# tests/lib/pg.bash - PostgreSQL and server helpers for the deployment
# scripts (tests/scripts/migrate_copy.sh, pg_*.sh, bench/bench_pg.sh).
# Source it; it defines:
#   pg_fresh_db NAME      PGURL = a new, empty database on $GONGKAI_PG_URL's
#                         cluster (created UTF-8 from template0), else on a
#                         private cluster started with pg_own_cluster
#   pg_own_cluster        start a private throwaway cluster (own directory and
#                         port, never the shared tools/pgtest.sh one): sets
#                         PG_OWN_DIR, PG_OWN_PORT, PG_ADMIN_URL
#   pg_own_stop / pg_own_start   stop / start that cluster (failover tests)
#   pg_cleanup            drop what pg_fresh_db created, stop the own cluster
#   free_port             print a free TCP port on 127.0.0.1
#   serve_start VAR URL DB [ARGS...]  start `gongkai serve` on a free port;
#                         VAR_PID and VAR_URL are set; waits for /healthz
# No PostgreSQL at all (no $GONGKAI_PG_URL and no initdb) is a failure with a
# clear message, never a silent skip.

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PG_OWN_DIR= PG_OWN_PORT= PG_ADMIN_URL= PG_CREATED_DB=

pg_as() { if [ "$(id -un)" = postgres ] || [ "$(id -u)" != 0 ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

. "$(dirname "${BASH_SOURCE[0]}")/port.bash"

pg_need() {
	if [ -z "${GONGKAI_PG_URL:-}" ] && [ ! -x "$PG_BIN/initdb" ]; then
		echo "not ok - PostgreSQL needed: set GONGKAI_PG_URL (GONGKAI_PG_URL=\$(tools/pgtest.sh start)) or install postgresql"
		exit 1
	fi
}

pg_own_start() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_OWN_DIR/data" -l "$PG_OWN_DIR/server.log" -w -t 60 \
		-o "-p $PG_OWN_PORT -k $PG_OWN_DIR -h 127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
}

pg_own_stop() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_OWN_DIR/data" -m "${1:-fast}" -w stop >/dev/null
}

pg_own_cluster() {
	if [ ! -x "$PG_BIN/initdb" ]; then
		echo "not ok - PostgreSQL server binaries not installed (apt-get install postgresql)"
		exit 1
	fi
	PG_OWN_DIR=$(mktemp -d /tmp/gongkai-pgown.XXXXXX)
	chmod 755 "$PG_OWN_DIR"
	[ "$(id -u)" = 0 ] && chown postgres "$PG_OWN_DIR"
	PG_OWN_PORT=$(free_port)
	if ! pg_as "$PG_BIN/initdb" -D "$PG_OWN_DIR/data" -E UTF8 --locale=C.UTF-8 -A trust -U postgres \
		>"$PG_OWN_DIR/initdb.log" 2>&1; then
		echo "not ok - initdb failed: $(tail -3 "$PG_OWN_DIR/initdb.log")"
		exit 1
	fi
	if ! pg_own_start; then
		echo "not ok - private PostgreSQL did not start: $(tail -3 "$PG_OWN_DIR/server.log")"
		exit 1
	fi
	PG_ADMIN_URL="postgresql://postgres@127.0.0.1:$PG_OWN_PORT/postgres"
}

pg_fresh_db() {
	local name="gk_${1}_$$_$RANDOM"
	pg_need
	if [ -n "${GONGKAI_PG_URL:-}" ] && [ -z "${PG_FORCE_OWN:-}" ]; then
		PG_ADMIN_URL="${GONGKAI_PG_URL%/*}/postgres"
	elif [ -z "$PG_OWN_DIR" ]; then
		pg_own_cluster
	fi
	if ! psql -q "$PG_ADMIN_URL" -c "CREATE DATABASE \"$name\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0" >/dev/null; then
		echo "not ok - cannot create database $name on $PG_ADMIN_URL"
		exit 1
	fi
	PG_CREATED_DB=$name
	PGURL="${PG_ADMIN_URL%/*}/$name"
}

pg_cleanup() {
	if [ -n "$PG_OWN_DIR" ]; then
		pg_own_stop immediate 2>/dev/null
		rm -rf "$PG_OWN_DIR"
		PG_OWN_DIR=
	elif [ -n "$PG_CREATED_DB" ]; then
		psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$PG_CREATED_DB\" WITH (FORCE)" >/dev/null 2>&1
	fi
	PG_CREATED_DB=
}

# serve_start VAR DBURL LOGFILE [extra serve args...]
serve_start() {
	local var=$1 db=$2 log=$3 port pid i
	shift 3
	"$GONGKAI" serve --listen "127.0.0.1:0" --db "$db" --access-log "" "$@" 2>"$log" &
	pid=$!
	port=$(served_port "$log" 0) || port=0
	for i in $(seq 1 150); do
		curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
		sleep 0.1
	done
	printf -v "${var}_PID" '%s' "$pid"
	printf -v "${var}_URL" '%s' "http://127.0.0.1:$port"
}
