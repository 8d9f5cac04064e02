#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every test: the unit tests of each module, then the command-line tests.
# `tests/run.sh [unit|cli|golden] [NAME]` runs one part, or the cases matching NAME.
# Ends with "N passed, N failed"; exits non-zero on any failure.
# SITMAP_TEST_PG=1 starts a PostgreSQL cluster for the run (see below).
BUILD=${BUILD:-build}
part=${1:-all}
filter=${2:-}
passed=0
failed=0

# SITMAP_TEST_PG=1: one throwaway PostgreSQL + PostGIS cluster for the whole
# run (tests/pg/cluster.sh), its URI in $SITMAP_TEST_PG_URI for the tests
# that use a server; stopped at the end, or when this shell ends otherwise.
if [ "${SITMAP_TEST_PG:-0}" = 1 ] && [ -z "${SITMAP_TEST_PG_URI:-}" ]; then
    pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/sitmap-pg-XXXXXX") && rmdir "$pg_dir"
    pg_t0=$(date +%s)
    if SITMAP_TEST_PG_URI=$(sh tests/pg/cluster.sh start "$pg_dir" $$); then
        export SITMAP_TEST_PG_URI
        trap 'sh tests/pg/cluster.sh stop "$pg_dir"' EXIT
        trap 'exit 130' INT TERM HUP
        echo "== PostgreSQL: $SITMAP_TEST_PG_URI (started in $(($(date +%s) - pg_t0)) s)"
    else
        [ $? -eq 2 ] || { echo "FAIL (the PostgreSQL test cluster did not start)"; failed=1; }
        unset SITMAP_TEST_PG_URI
    fi
fi

tally() { # reads a runner's output, echoes it, adds its final counts
    out=$1
    printf '%s\n' "$out" | grep -v ' passed, .* failed$'
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL (runner crashed: no summary line)"
        failed=$((failed + 1))
        return
    fi
    passed=$((passed + ${line%% passed*}))
    f=${line#*passed, }
    failed=$((failed + ${f%% failed*}))
}

if [ "$part" = all ] || [ "$part" = unit ]; then
    for t in "$BUILD"/tests/test_*; do
        [ -x "$t" ] || continue
        echo "== unit: ${t##*/test_}"
        tally "$("$t" $filter 2>&1)"
    done
fi
if [ "$part" = all ] || [ "$part" = cli ]; then
    for t in tests/cli/test_*.sh; do
        echo "== cli: ${t##*/}"
        tally "$(sh tests/cli/lib.sh "$t" $filter 2>&1)"
    done
fi
if [ "$part" = all ] || [ "$part" = golden ]; then
    echo "== golden"
    tally "$(BUILD=$BUILD sh tests/golden/run.sh 2>&1)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
