#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every test: the unit tests of each module, the command-line tests and
# the golden images. `tests/run.sh [unit|cli|golden] [NAME]` runs one part,
# or the cases matching NAME (a command-line case matches by its file's name
# too: `tests/run.sh cli copy` runs test_copy.sh). Tests run JOBS at a time (default: one a core;
# each command-line case, unit program and the golden set is one job); their
# output is printed in a fixed order once all have ended.
# Ends with "N passed, N failed"; exits non-zero on any failure.
# SITMAP_TEST_PG=1 starts a PostgreSQL cluster for the run (see below), and
# runs the command-line cases a second time with their databases on it
# (tests/cli/lib.sh, SITMAP_TEST_BACKEND=pg).
BUILD=${BUILD:-build}
export BUILD

if [ "${1:-}" = --job ]; then # --job DIR ID KIND ARG [CASE]: one job, into DIR/ID.out
    dir=$2 id=$3 kind=$4 arg=$5 name=${6:-}
    case $kind in
        unit) "$arg" $name ;;
        cli) sh tests/cli/lib.sh "$arg" "=$name" ;;
        clipg) SITMAP_TEST_BACKEND=pg sh tests/cli/lib.sh "$arg" "=$name" ;;
        golden) sh tests/golden/run.sh ;;
    esac >"$dir/$id.out" 2>&1
    exit 0
fi

part=${1:-all}
filter=${2:-}
JOBS=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
work=$(mktemp -d "${TMPDIR:-/tmp}/sitmap-run-XXXXXX") || exit 1
pg_dir=
trap 'rm -rf "$work"; [ -z "$pg_dir" ] || sh tests/pg/cluster.sh stop "$pg_dir"' EXIT
trap 'exit 130' INT TERM HUP
pg_failed=0

# SITMAP_TEST_PG=1: one throwaway PostgreSQL + PostGIS cluster for the whole
# run (tests/pg/cluster.sh), its URI in $SITMAP_TEST_PG_URI for the tests
# that use a server; stopped at the end, or when this shell ends otherwise.
if [ "${SITMAP_TEST_PG:-0}" = 1 ] && [ -z "${SITMAP_TEST_PG_URI:-}" ]; then
    dir=$(mktemp -d "${TMPDIR:-/tmp}/sitmap-pg-XXXXXX") && rmdir "$dir"
    pg_t0=$(date +%s)
    if SITMAP_TEST_PG_URI=$(sh tests/pg/cluster.sh start "$dir" $$); then
        pg_dir=$dir
        export SITMAP_TEST_PG_URI
        # the template of the databases the cases get (tests/pg/lib.sh)
        (SITMAP=$(pwd)/sitmap; . tests/pg/lib.sh; pg_template)
        echo "== PostgreSQL: $SITMAP_TEST_PG_URI (started in $(($(date +%s) - pg_t0)) s)"
    else
        [ $? -eq 2 ] || { echo "FAIL (the PostgreSQL test cluster did not start)"; pg_failed=1; }
        unset SITMAP_TEST_PG_URI
    fi
fi

n=0
job() { # job HEADER KIND ARG [CASE]: queue a job; HEADER names its group
    n=$((n + 1))
    id=$(printf '%04d' $n)
    printf '%s\n' "$1" >"$work/$id.head"
    shift
    printf '%s %s\n' "$id" "$*" >>"$work/jobs"
}
: >"$work/jobs"
# the golden set and the command-line cases first: they are the long ones
if [ "$part" = all ] || [ "$part" = golden ]; then
    job "== golden" golden -
fi
if [ "$part" = all ] || [ "$part" = cli ]; then
    for t in tests/cli/test_*.sh; do
        for c in $(grep -oE '^case_[a-z0-9_]+' "$t"); do
            case "${t##*/}:$c" in *"$filter"*) job "== cli: ${t##*/}" cli "$t" "$c" ;; esac
        done
    done
    # ... and again on PostgreSQL
    if [ -n "${SITMAP_TEST_PG_URI:-}" ] && [ -n "$pg_dir" ]; then
        for t in tests/cli/test_*.sh; do
            for c in $(grep -oE '^case_[a-z0-9_]+' "$t"); do
                case "${t##*/}:$c" in
                *"$filter"*) job "== cli on PostgreSQL: ${t##*/}" clipg "$t" "$c" ;;
                esac
            done
        done
    fi
fi
if [ "$part" = all ] || [ "$part" = unit ]; then
    for t in "$BUILD"/tests/test_*; do
        [ -x "$t" ] || continue
        job "== unit: ${t##*/test_}" unit "$t" $filter
    done
fi

xargs -P "$JOBS" -L 1 sh "$0" --job "$work" <"$work/jobs"

passed=0
failed=$pg_failed
last=
for head in "$work"/*.head; do
    id=${head##*/}
    id=${id%.head}
    h=$(cat "$head")
    [ "$h" = "$last" ] || echo "$h"
    last=$h
    out=$(cat "$work/$id.out" 2>/dev/null)
    printf '%s\n' "$out" | grep -vE '^[0-9]+ passed, [0-9]+ failed$'
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL (runner crashed: no summary line)"
        failed=$((failed + 1))
        continue
    fi
    passed=$((passed + ${line%% passed*}))
    f=${line#*passed, }
    failed=$((failed + ${f%% failed*}))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
