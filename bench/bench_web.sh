#!/usr/bin/env bash
# bench_web.sh - portal throughput under wrk on 127.0.0.1, beside nginx
# serving saved copies of the same HTML (the ceiling).
#   bench/bench_web.sh [GONGKAI] [SECONDS]
# Prints requests/s and p99 latency per page for gongkai and nginx and the
# ratio; record the numbers in docs/PERFORMANCE.md.
set -eu
cd "$(dirname "$0")/.."
G=$(realpath "${1:-build/release/gongkai}")
DUR=${2:-10}
command -v wrk >/dev/null || { echo "wrk missing (apt-get install wrk)"; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx missing (apt-get install nginx)"; exit 1; }
T=$(mktemp -d)
trap 'kill $GPID 2>/dev/null; [ -f $T/nginx.pid ] && kill $(cat $T/nginx.pid) 2>/dev/null; rm -rf $T' EXIT
"$G" demo --db "sqlite:$T/demo.db" --key-file "$T/key" >/dev/null
GP=18471; NP=18472
"$G" serve --listen 127.0.0.1:$GP --db "sqlite:$T/demo.db" --key-file "$T/key" --threads "$(nproc)" --access-log "" >/dev/null 2>&1 &
GPID=$!
for i in $(seq 50); do curl -sf http://127.0.0.1:$GP/healthz >/dev/null && break; sleep 0.1; done
YEAR=$(( $(date +%Y) - 1 ))
# page name, path: home, an agency, a published item (the demo's first,
# with its metadata table), a search with highlights (住房), the report
PAGES="home:/ agency:/agency/zjj item:/item/1 search:/search?q=%E4%BD%8F%E6%88%BF report:/agency/zjj/report/$YEAR"
mkdir -p $T/www
for p in $PAGES; do curl -sf "http://127.0.0.1:$GP${p#*:}" -o "$T/www/${p%%:*}.html"; done
cat > $T/nginx.conf <<CONF
worker_processes auto;
pid $T/nginx.pid;
error_log $T/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $T; proxy_temp_path $T; fastcgi_temp_path $T; uwsgi_temp_path $T; scgi_temp_path $T;
  server { listen 127.0.0.1:$NP; root $T/www; default_type text/html; }
}
CONF
"$NGINX" -c $T/nginx.conf -p $T
sleep 0.3
run() { # url -> "rps p99"
	wrk -t2 -c32 -d"${DUR}s" --latency "$1" 2>/dev/null | awk '/Requests\/sec/{r=$2} /^ +99%/{p=$2} END{print r, p}'
}
printf '%-8s %14s %10s %14s %10s %7s\n' page gongkai_rps p99 nginx_rps p99 ratio
for p in $PAGES; do
	name=${p%%:*}; path=${p#*:}
	read -r grps gp99 <<<"$(run "http://127.0.0.1:$GP$path")"
	read -r nrps np99 <<<"$(run "http://127.0.0.1:$NP/$name.html")"
	ratio=$(awk -v a="$grps" -v b="$nrps" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }')
	printf '%-8s %14s %10s %14s %10s %7s\n' "$name" "$grps" "$gp99" "$nrps" "$np99" "$ratio"
done
