#!/usr/bin/env bash
# bench_pg.sh - the web and search benchmarks on PostgreSQL: the demo
# database copied to a private throwaway cluster, two gongkai processes
# behind nginx (upstream keepalive, as deploy/nginx.conf), wrk against
# nginx; the same pages measured on SQLite with one process for comparison.
#   bench/bench_pg.sh [GONGKAI] [SECONDS]
# Run from bench/run.sh only (never from make test). Record the figures
# beside the SQLite ones in docs/PERFORMANCE.md.
set -eu
cd "$(dirname "$0")/.."
G=$(realpath "${1:-build/release/gongkai}")
DUR=${2:-10}
export GONGKAI=$G
command -v wrk >/dev/null || { echo "wrk missing (apt-get install wrk)"; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
. tests/lib/pg.bash
T=$(mktemp -d)
P1= P2= P3=
cleanup() {
	for p in $P1 $P2 $P3; do kill "$p" 2>/dev/null || true; done
	[ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null
	pg_cleanup; rm -rf "$T"
}
trap cleanup EXIT
PG_FORCE_OWN=1 pg_fresh_db bench
"$G" demo --db "sqlite:$T/demo.db" --key-file "$T/key" >/dev/null
"$G" migrate --from "sqlite:$T/demo.db" --to "$PGURL" >/dev/null 2>&1
TH=$(( $(nproc) > 2 ? $(nproc) / 2 : 1 ))
serve_start A "$PGURL" "$T/a.log" --key-file "$T/key" --threads "$TH"; P1=$A_PID
serve_start B "$PGURL" "$T/b.log" --key-file "$T/key" --threads "$TH"; P2=$B_PID
serve_start S "sqlite:$T/demo.db" "$T/s.log" --key-file "$T/key" --threads "$(nproc)"; P3=$S_PID
NP=$(free_port)
cat >"$T/nginx.conf" <<CONF
worker_processes auto;
pid $T/nginx.pid;
error_log $T/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $T; proxy_temp_path $T; fastcgi_temp_path $T; uwsgi_temp_path $T; scgi_temp_path $T;
  upstream gongkai { server ${A_URL#http://}; server ${B_URL#http://}; keepalive 64; }
  server {
    listen 127.0.0.1:$NP;
    location / { proxy_pass http://gongkai; proxy_http_version 1.1; proxy_set_header Connection "";
                 proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; }
  }
}
CONF
"$NGINX" -c "$T/nginx.conf" -p "$T"
sleep 0.3
YEAR=$(( $(date +%Y) - 1 ))
PAGES="home:/ agency:/agency/zjj report:/agency/zjj/report/$YEAR healthz:/healthz"
for s in "/search?q=%E4%BD%8F%E6%88%BF" "/api/public/search?q=%E4%BD%8F%E6%88%BF"; do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NP$s")" = 200 ] && PAGES="$PAGES search:$s" && break
done
run() { # url -> "rps p99"
	wrk -t2 -c64 -d"${DUR}s" --latency "$1" 2>/dev/null | awk '/Requests\/sec/{r=$2} /^ +99%/{p=$2} END{print r, p}'
}
echo "PostgreSQL: 2 gongkai processes x $TH threads behind nginx; SQLite: 1 process x $(nproc) threads, direct"
printf '%-8s %16s %10s %16s %10s\n' page pg_2proc_rps p99 sqlite_rps p99
for p in $PAGES; do
	name=${p%%:*}; path=${p#*:}
	read -r prps pp99 <<<"$(run "http://127.0.0.1:$NP$path")"
	read -r srps sp99 <<<"$(run "$S_URL$path")"
	printf '%-8s %16s %10s %16s %10s\n' "$name" "$prps" "$pp99" "$srps" "$sp99"
done
