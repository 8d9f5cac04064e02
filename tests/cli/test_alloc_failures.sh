# SPDX-License-Identifier: MIT
# Out of memory: import, render and export with their Nth allocation
# failed (tests/alloc/failmalloc.c), for N from 1 up in strides growing by a third
# until the command no longer reaches it. Every run ends with 0, or 1 and
# a message (never a crash), and leaves a sound database. A map made in
# spite of the failure is the map made without it (within imgdiff's
# tolerance): no zone or label left out unsaid.
# Two passes: the first fails only what sitmap's own code allocates
# (FAILMALLOC_OWN=1), and there no exception is allowed. The second fails
# any allocation, so that the libraries' failures reach sitmap as errors
# (SQLite's, Cairo's); there, a crash inside another library is counted and
# printed, not failed (the shim prints the stack): GDAL's or PROJ's
# std::bad_alloc thrown through their C interface, GLib's g_malloc, which
# aborts by design, or json-c 0.16 using the NULL of a failed strdup
# (or, in its parser, dropping an object's member without a word: a map
# that then differs is counted, not failed, when json-c's allocation was
# the one failed). A
# run that hangs is stopped after 120 s with SIGABRT, so that the shim
# prints where it waited, and counts as a crash there (Pango's font
# thread was seen to wait for ever once an allocation of its had failed).

ROOT=$(pwd)

# alloc_fail_each CMD...: run CMD (sitmap's arguments) with allocation N
# failed, N = 1..12 then growing by a third with a random part (printed,
# to replay with SITMAP_TEST_SEED), until a run does not reach N.
alloc_fail_each() {
    own=${OWN:-0}
    n=1
    runs=0
    thrown=0
    libs=
    seed=${SITMAP_TEST_SEED:-$$}
    [ "$own" = 1 ] || own=
    echo "  $1: seed $seed${own:+, sitmap's own allocations}" >&2
    while :; do
        rm -f "$T/report"
        FAILMALLOC_N=$n FAILMALLOC_OWN=$own FAILMALLOC_REPORT="$T/report" \
            LD_PRELOAD="$T/failmalloc.so" \
            timeout --preserve-status -s ABRT -k 10 120 "$SITMAP" --db "$T/db" "$@" \
            >"$T/stdout" 2>"$T/stderr"
        status=$?
        runs=$((runs + 1))
        case $status in
        0) if [ -n "${REF:-}" ] && ! "$IMGDIFF" "$REF" "$T/map.png" "$T/diff.png" >"$T/imgdiff" 2>&1
           then
               if [ -z "$own" ] && grep -q '^by .*/libjson-c' "$T/report"; then
                   thrown=$((thrown + 1))      # json-c dropped a member of the style
                   libs="$libs json-c(member-dropped)"
               else
                   fail "$1, allocation $n failed: exit 0, but not the map:" \
                       "$(tail -n 1 "$T/imgdiff")"
               fi
           fi ;;
        133 | 134 | 135 | 139)
            # the first frame of the crash in neither libc, the shim nor the
            # C++ runtime's throw and abort
            where=$(sed -n '/^failmalloc: crashed/,$p' "$T/stderr" |
                grep -v -e '^failmalloc' -e 'failmalloc.so' -e '/libc\.so' -e 'libstdc++' \
                    -e 'libgcc_s' | head -n 1)
            case $own$where in
            1* | '' | *sitmap*) fail "$1, allocation $n failed: a crash, $status, in sitmap:" \
                               "$(sed -n '/^failmalloc: crashed/,$p' "$T/stderr" | head -n 12)" ;;
            *) thrown=$((thrown + 1))
               libs="$libs ${where%%(*}" ;;
            esac ;;
        1) [ -s "$T/stderr" ] || fail "$1, allocation $n failed: exit 1 without a message" ;;
        127) # the dynamic loader's end (a lazy binding, a thread's TLS)
            if [ -n "$own" ] || grep -q '^sitmap: ' "$T/stderr"; then
                fail "$1, allocation $n failed: exit 127: $(head -c 300 "$T/stderr")"
            else
                thrown=$((thrown + 1))
                libs="$libs ld.so"
            fi ;;
        *) fail "$1, allocation $n failed: exit status $status: $(head -c 300 "$T/stderr")" ;;
        esac
        check=$(sqlite3 "$T/db" 'PRAGMA integrity_check')
        [ "$check" = ok ] || fail "$1, allocation $n failed: integrity_check: $check"
        grep -q '^failed$' "$T/report" 2>/dev/null || break
        [ $case_failed -eq 0 ] || return
        if [ $n -lt 12 ]; then
            n=$((n + 1))
        else
            step=$((n / 3))
            n=$((n + step / 2 + $(awk -v s="$seed$n" 'BEGIN { srand(s); print int(rand() * 1e6) }') % (step / 2 + 1)))
        fi
    done
    echo "  $1: $runs runs, up to allocation $n; $thrown crashed in other libraries${libs:+:}" \
        "$(for l in $libs; do echo "$l"; done | sort | uniq -c |
            awk '{ printf "%s%s x%d", (NR > 1 ? ", " : ""), $2, $1 }')" >&2
}

case_allocation_failures() {
    if ldd "$SITMAP" | grep -q 'libasan'; then
        echo "  skip: a sanitizer build (its allocator and an LD_PRELOAD one conflict)" >&2
        exit 77
    fi
    run cc -O2 -shared -fPIC -o "$T/failmalloc.so" "$ROOT/tests/alloc/failmalloc.c" -ldl
    expect_status 0
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import zones "$EXAMPLES/zones.geojson"
    sitmap --db "$T/db" -q import control "$EXAMPLES/control.csv"
    # the map made without a failure, from a copy with the events in
    IMGDIFF="$ROOT/${BUILD:-build}/imgdiff"
    sqlite3 "$T/db" ".backup '$T/ref.db'"
    sitmap --db "$T/ref.db" -q import events "$EXAMPLES/events.csv"
    sitmap --db "$T/ref.db" -q render --date 2017-01-15 \
        --annotations "$EXAMPLES/annotations.geojson" -o "$T/ref.png"
    for OWN in 1 0; do
        alloc_fail_each import events "$EXAMPLES/events.csv"
        REF="$T/ref.png"
        alloc_fail_each render --date 2017-01-15 --annotations "$EXAMPLES/annotations.geojson" \
            -o "$T/map.png"
        REF=
        alloc_fail_each render --date 2017-01-15 --annotations "$EXAMPLES/annotations.geojson" \
            -o "$T/map.svg"
        alloc_fail_each export --date 2017-01-15 --layer zones -o "$T/zones.geojson"
    done
}
