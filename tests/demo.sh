#!/usr/bin/env bash
# The main job until the server exists: parse and check the bundled seed reports.
set -u
G=${1:-build/release/gongkai}
cd "$(dirname "$0")/.."
"$G" report check tests/fixtures/seeds/*.txt
