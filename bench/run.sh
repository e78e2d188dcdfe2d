#!/usr/bin/env bash
# bench/run.sh BUILD_DIR - run every benchmark and print its figures.
# Record the figures, the command and the machine in docs/PERFORMANCE.md.
set -eu
B=${1:-build/release}
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm)"
echo "== report parse+check throughput ($B/bench/bench_report 2000 3)"
"$B/bench/bench_report" 2000 3
echo "== applications: submissions/s and deadline-listing latency with 100,000 stored ($B/bench/bench_applications 100000 2000)"
"$B/bench/bench_applications" 100000 2000
echo "== web pages on PostgreSQL, two processes behind nginx, beside SQLite (bench/bench_pg.sh)"
bench/bench_pg.sh "$B/gongkai" 10
echo "== catalog search: 1,000,000 items across 2,000 agencies, index build and query latency ($B/bench/bench_search 1000000 2000)"
"$B/bench/bench_search" 1000000 2000 /tmp/gongkai-bench-search.db
