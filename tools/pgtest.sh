#!/usr/bin/env bash
# tools/pgtest.sh start|stop|url - a throwaway PostgreSQL cluster for tests.
#
# start: initdb in a temporary directory (as the postgres user), listen on
#        127.0.0.1:${GK_PG_PORT:-54330} only, UTF-8, trust auth; prints the URL.
# stop:  stop the cluster and delete its directory.
# The directory is remembered in ${GK_PG_STATE:-/tmp/gongkai-pgtest.dir}; set
# GK_PG_PORT and GK_PG_STATE to run a second cluster beside the first.
set -euo pipefail
PORT=${GK_PG_PORT:-54330}
STATE=${GK_PG_STATE:-/tmp/gongkai-pgtest.dir}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

case "${1:-}" in
start)
	[ -x "$BIN/initdb" ] || { echo "pgtest: PostgreSQL server not installed (apt-get install postgresql)" >&2; exit 1; }
	if [ -f "$STATE" ] && [ -d "$(cat "$STATE")" ]; then "$0" stop || true; fi
	dir=$(mktemp -d /tmp/gongkai-pg.XXXXXX)
	chown postgres "$dir" 2>/dev/null || true
	as_pg "$BIN/initdb" -D "$dir/data" -E UTF8 --locale=C.UTF-8 -A trust -U postgres >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-p $PORT -k $dir -h 127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	echo "$dir" > "$STATE"
	as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE gk_test" >/dev/null
	echo "postgresql://postgres@127.0.0.1:$PORT/gk_test"
	;;
stop)
	[ -f "$STATE" ] || exit 0
	dir=$(cat "$STATE")
	as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$dir" "$STATE"
	;;
restart)
	dir=$(cat "$STATE")
	as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-p $PORT -k $dir -h 127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
	;;
url)
	echo "postgresql://postgres@127.0.0.1:$PORT/gk_test"
	;;
*)
	echo "usage: tools/pgtest.sh start|stop|restart|url" >&2
	exit 2
	;;
esac
