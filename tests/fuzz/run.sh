#!/bin/sh
# SPDX-License-Identifier: MIT
# Run each libFuzzer target of $BUILD/fuzz (built by `make fuzz`) for
# $FUZZ_SECONDS on its corpus: the seeds of tests/fuzz/corpus/TARGET, the
# crashes fixed in tests/fuzz/regressions/TARGET, and what earlier runs found
# ($BUILD/corpus/TARGET, not committed). `tests/fuzz/run.sh [NAME]` runs the
# targets whose names hold NAME. Fails on any crash, leak, timeout or
# out-of-memory; the input is left in $BUILD/artifacts/TARGET/ and the log in
# $BUILD/logs/TARGET.log. Prints each target's executions and the total.
# FUZZ_JOBS targets run at once (default: one a core).
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
filter=${1:-}
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="suppressions=$(pwd)/.ci/lsan.supp:print_suppressions=0"

# The longest input each target is given, in bytes.
max_len() {
    case $1 in
    day) echo 64 ;;
    fold | lookup) echo 1100 ;;     # names up to SM_GAZ_NAME_MAX and beyond
    extract) echo 4096 ;;
    style | theatre) echo 8192 ;;   # the shipped files are 1 to 5 KB
    words) echo 8192 ;;             # ar.json is 4 KB
    annotations) echo 8192 ;;       # the example is 3 KB
    ingest_*) echo 4096 ;;
    *) echo 4096 ;;
    esac
}

# One target: its run, then "ok"/"FAIL" lines and its executions in
# $BUILD/logs/TARGET.result.
run_one() {
    bin=$1
    t=$2
    mkdir -p "$BUILD/corpus/$t" "$BUILD/artifacts/$t" "$BUILD/logs"
    log="$BUILD/logs/$t.log"
    res="$BUILD/logs/$t.result"
    dict=""
    case $t in
    style) dict=tests/fuzz/style.dict ;;
    theatre) dict=tests/fuzz/theatre.dict ;;
    ingest_*) dict=tests/fuzz/csv.dict ;;
    day) dict=tests/fuzz/day.dict ;;
    annotations) dict=tests/fuzz/annotations.dict ;;
    words) dict=tests/fuzz/words.dict ;;
    esac
    set -- "$BUILD/corpus/$t"
    for d in tests/fuzz/corpus/$t tests/fuzz/regressions/$t; do
        [ -d "$d" ] && set -- "$@" "$d"
    done
    "$bin" -max_total_time="$FUZZ_SECONDS" -max_len="$(max_len "$t")" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t/" \
        ${dict:+-dict=$dict} "$@" >"$log" 2>&1
    rc=$?
    execs=$(awk '/^stat::number_of_executed_units:/ { print $2 }' "$log" | tail -n 1)
    stat=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1)
    if [ "$rc" -ne 0 ] || [ -z "$execs" ]; then
        {
            echo "FAIL fuzz_$t (exit $rc): see $log"
            grep -E 'ERROR: |SUMMARY: |broken: |runtime error|Test unit written|DEDUP_TOKEN' \
                "$log" | head -n 12 | sed 's/^/  /'
            echo "execs ${execs:-0}"
        } >"$res"
    else
        {
            echo "ok   fuzz_$t: $execs executions in ${FUZZ_SECONDS}s  ${stat:+($stat)}"
            echo "execs $execs"
        } >"$res"
    fi
}

# the targets, FUZZ_JOBS at a time (one a core by default: each is one
# process and one thread)
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
targets=
running=0
for bin in "$BUILD"/fuzz/fuzz_*; do
    case $bin in *.d) continue ;; esac
    [ -x "$bin" ] || continue
    t=${bin##*/fuzz_}
    case $t in *"$filter"*) ;; *) continue ;; esac
    targets="$targets $t"
    mkdir -p "$BUILD/logs"
    rm -f "$BUILD/logs/$t.result"
    run_one "$bin" "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait
        running=0
    fi
done
wait

total=0
failed=0
ran=0
for t in $targets; do
    ran=$((ran + 1))
    res="$BUILD/logs/$t.result"
    if [ ! -f "$res" ]; then
        echo "FAIL fuzz_$t: no result"
        failed=$((failed + 1))
        continue
    fi
    grep -v '^execs ' "$res"
    grep -q '^FAIL' "$res" && failed=$((failed + 1))
    total=$((total + $(awk '/^execs / { print $2 }' "$res")))
done
if [ "$ran" -eq 0 ]; then
    echo "fuzz: no targets in $BUILD/fuzz (run make fuzz)" >&2
    exit 1
fi
echo "fuzz: $ran targets, $total executions, $failed failed"
[ "$failed" -eq 0 ]
