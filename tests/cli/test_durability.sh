# SPDX-License-Identifier: MIT
# Outputs and the database when things go wrong: a full disk, a process
# killed while it writes.

BENCH=$(pwd)/bench

# A database with the examples and 2,000 synthetic ACLED events, whose
# exports and maps are some hundreds of KB.
load_big() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import events "$EXAMPLES/events.csv"
    sitmap --db "$T/db" -q import zones "$EXAMPLES/zones.geojson"
    sitmap --db "$T/db" -q import control "$EXAMPLES/control.csv"
    awk -v n=2000 -f "$BENCH/make_acled.awk" >"$T/acled.csv"
    sitmap --db "$T/db" -q import events "$T/acled.csv"
}

# limited BYTES CMD...: run CMD with files limited to BYTES (in blocks of
# 512 bytes in dash, 1024 in bash), a write past the limit failing with
# EFBIG as on a full disk, not killing the process.
limited() {
    unit=512
    if (trap '' XFSZ; ulimit -f 1; head -c 600 /dev/zero >"$T/unit") 2>/dev/null; then
        unit=1024
    fi
    n=$(($1 / unit))
    shift
    run sh -c 'trap "" XFSZ; ulimit -f "$0"; exec "$@"' "$n" "$@"
}

expect_no_temporaries() {
    left=$(ls -A "$1" | grep -F '.tmp-')
    [ -z "$left" ] || fail "temporaries left in $1: $left"
}

case_full_disk_fails_and_keeps_the_old_file() {
    load_big
    mkdir "$T/out"
    for ext in geojson kml csv gpkg png svg pdf; do
        echo "old $ext" >"$T/out/map.$ext"
        # at most half the file (the database's -shm, 32 KB, is read whole)
        case $ext in
        png | svg | pdf) limited 200000 "$SITMAP" --db "$T/db" render --date 2017-01-15 \
                             -o "$T/out/map.$ext" ;;
        *) limited 200000 "$SITMAP" --db "$T/db" export --date 2017-12-31 --window 400 \
               --layer events -o "$T/out/map.$ext" ;;
        esac
        expect_status 1
        expect_stderr "$T/out/map.$ext: "
        [ "$(cat "$T/out/map.$ext")" = "old $ext" ] || fail "$ext: the old file was replaced"
        [ ! -s "$T/stdout" ] || fail "$ext: success reported: $(cat "$T/stdout")"
    done
    expect_no_temporaries "$T/out"
    # the limit is what failed: the same commands write whole files
    sitmap --db "$T/db" -q export --date 2017-12-31 --window 400 --layer events \
        -o "$T/out/map.csv" || fail "export without a limit"
    sitmap --db "$T/db" -q export --date 2017-12-31 --window 400 --layer events \
        -o "$T/out/map.kml" || fail "export without a limit"
    sitmap --db "$T/db" -q render --date 2017-01-15 -o "$T/out/map.png" || fail "render"
    for f in csv kml png; do
        [ "$(wc -c <"$T/out/map.$f")" -gt 400000 ] ||
            fail "map.$f is too small to test: $(wc -c <"$T/out/map.$f") bytes"
    done
}

# A temporary left by a process that is gone is removed by the next write
# of the same target; one whose process lives, or of another target, stays.
case_stale_temporaries_removed() {
    load_big
    dead=$(sh -c 'echo $$')
    : >"$T/.ev.tmp-$dead-abcDE1.geojson"
    : >"$T/.ev.tmp-$dead-abcDE2.gpkg-journal"
    : >"$T/.ev.tmp-$$-abcDE3.geojson"        # this shell: alive
    : >"$T/.other.tmp-$dead-abcDE4.geojson"  # another target
    : >"$T/.ev.tmp-abcDE5.geojson"           # no pid: not ours to judge
    run sitmap --db "$T/db" export --date 2017-02-26 --layer control -o "$T/ev.geojson"
    expect_status 0
    expect_no_file "$T/.ev.tmp-$dead-abcDE1.geojson"
    run sitmap --db "$T/db" export --date 2017-02-26 --layer control -o "$T/ev.gpkg"
    expect_status 0
    expect_no_file "$T/.ev.tmp-$dead-abcDE2.gpkg-journal"
    [ -e "$T/.ev.tmp-$$-abcDE3.geojson" ] || fail "a live process's temporary was removed"
    [ -e "$T/.other.tmp-$dead-abcDE4.geojson" ] || fail "another target's temporary was removed"
    [ -e "$T/.ev.tmp-abcDE5.geojson" ] || fail "a temporary without a pid was removed"
}

# kill_mid_write TARGET CMD...: start CMD, kill -9 it once its temporary
# for TARGET exists (retrying when it finished first); 0 when it was killed.
kill_mid_write() {
    target=$1
    shift
    dir=$(dirname "$target")
    base=$(basename "$target")
    stem=${base%.*}
    cp "$target" "$T/kill-saved"
    for attempt in 1 2 3 4 5 6 7 8; do
        "$@" >/dev/null 2>&1 &
        pid=$!
        i=0
        while [ $i -lt 2000 ] && kill -0 $pid 2>/dev/null; do
            if ls -A "$dir" | grep -qF ".$stem.tmp-$pid-"; then
                kill -STOP $pid
                kill -KILL $pid
                wait $pid 2>/dev/null
                # stopped with its temporary still there: killed mid-write
                ls -A "$dir" | grep -qF ".$stem.tmp-$pid-" && return 0
                break           # it finished between the look and the kill
            fi
            i=$((i + 1))
        done
        wait $pid 2>/dev/null
        cp "$T/kill-saved" "$target"
    done
    return 1
}

case_killed_writer_then_next_write_cleans_up() {
    file_only "an output killed mid-write, whatever the database"
    load_big
    mkdir "$T/out"
    for ext in geojson gpkg png; do
        echo "old $ext" >"$T/out/map.$ext"
        case $ext in
        png) set -- render --date 2017-01-15 ;;
        *) set -- export --date 2017-12-31 --window 400 --layer events ;;
        esac
        kill_mid_write "$T/out/map.$ext" "$SITMAP" --db "$T/db" "$@" -o "$T/out/map.$ext" ||
            { fail "$ext: could not kill the writer mid-write"; continue; }
        ls -A "$T/out" | grep -qF '.tmp-' || fail "$ext: no temporary after the kill"
        [ "$(cat "$T/out/map.$ext")" = "old $ext" ] || fail "$ext: the old file was replaced"
        run sitmap --db "$T/db" "$@" -o "$T/out/map.$ext"
        expect_status 0
        expect_no_temporaries "$T/out"
        [ "$(cat "$T/out/map.$ext")" != "old $ext" ] || fail "$ext: not written"
    done
}

# An import of 100,000 rows killed at random moments (printed, to replay):
# the database stays sound, and the import is there whole or not at all.
case_killed_import_all_or_nothing() {
    file_only "a file's journal after a killed writer"
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import control "$DATA/control_sample.csv"
    awk -v n=100000 -f "$BENCH/make_acled.awk" >"$T/big.csv"
    seed=${SITMAP_TEST_SEED:-$$}
    delays=$(awk -v s="$seed" 'BEGIN { srand(s); for (i = 0; i < 4; i++)
        printf "%.2f ", 0.2 + rand() * 3.8 }')
    echo "  killed import: seed $seed, kills after $delays s" >&2
    for d in $delays; do
        "$SITMAP" --db "$T/db" -q import events "$T/big.csv" >/dev/null 2>&1 &
        pid=$!
        sleep "$d"
        kill -KILL $pid 2>/dev/null
        wait $pid 2>/dev/null
        check=$(sqlite3 "$T/db" 'PRAGMA integrity_check')
        [ "$check" = ok ] || fail "after $d s: integrity_check: $check"
        events=$(sqlite3 "$T/db" 'SELECT count(*) FROM events')
        batches=$(sqlite3 "$T/db" "SELECT count(*) FROM batches WHERE kind = 'import events'")
        whole=$(sqlite3 "$T/db" "SELECT count(*) FROM batches b WHERE kind = 'import events'
            AND rows = 100000 AND (SELECT count(*) FROM events WHERE batch = b.id) = 100000")
        case "$events/$batches" in
        0/0) ;;
        100000/*) [ "$whole" -ge 1 ] || fail "after $d s: 100000 events, no whole batch" ;;
        *) fail "after $d s: $events events in $batches event batches" ;;
        esac
        [ "$(sqlite3 "$T/db" 'SELECT count(*) FROM control')" -eq 8 ] ||
            fail "after $d s: the earlier batch changed"
        run sitmap --db "$T/db" history
        expect_status 0
        expect_stdout "import control"
    done
}
