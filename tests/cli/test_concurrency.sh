# SPDX-License-Identifier: MIT
# Several sitmap at once on one database, and a database on read-only media.

# hold_lock DB SECONDS: hold DB's write lock for SECONDS in the background
# (the sqlite3 shell), returning once it is held.
hold_lock() {
    rm -f "$T/locked"
    sqlite3 "$1" "BEGIN IMMEDIATE;" ".shell touch '$T/locked'; sleep $2" "COMMIT;" \
        >/dev/null 2>&1 &
    holder=$!
    await_file "$T/locked"
}

# Two inits of a new file at once: one of them failed with "database is
# locked" in about one round in 16, SQLite giving up the switch to WAL
# without waiting; twelve rounds catch that more often than not.
case_concurrent_init_of_a_new_file() {
    file_only "a new file made by two inits at once (a server's: test_postgis.sh)"
    for round in 1 2 3 4 5 6 7 8 9 10 11 12; do
        rm -f "$T/db" "$T/db-wal" "$T/db-shm"
        "$SITMAP" --db "$T/db" -q init >"$T/out1" 2>"$T/err1" &
        p1=$!
        "$SITMAP" --db "$T/db" -q init >"$T/out2" 2>"$T/err2" &
        p2=$!
        wait $p1 || fail "round $round: the first init failed: $(cat "$T/err1")"
        wait $p2 || fail "round $round: the second init failed: $(cat "$T/err2")"
        run sitmap --db "$T/db" info
        expect_status 0
        expect_stdout "schema 10"
        [ "$(sqlite3 "$T/db" 'PRAGMA integrity_check')" = ok ] || fail "integrity"
    done
}

# A writer waits while another holds the lock, longer than SQLite's usual
# 5 s, and says so on a terminal only.
case_writer_waits_for_another() {
    file_only "SQLite's write lock, and the wait for it"
    sitmap --db "$T/db" -q init
    hold_lock "$T/db" 6
    run sitmap --db "$T/db" import events "$DATA/events_plain.csv"
    wait $holder
    expect_status 0
    expect_stdout "4 events: 4 new"
    expect_no_stderr
    command -v script >/dev/null || return 0
    hold_lock "$T/db" 2
    run script -qec "'$SITMAP' --db '$T/db' import control '$DATA/control_sample.csv'" /dev/null
    wait $holder
    expect_status 0
    expect_stdout "waiting for another sitmap writing to it"
    expect_stdout "control records"
}

# The success of a gazetteer import is said once it is saved: a failure to
# save (here a file size limit on the database's log) says nothing else.
case_gazetteer_import_says_only_what_is_saved() {
    file_only "a file that cannot grow (ulimit -f)"
    sitmap --db "$T/db" -q init
    run sh -c 'trap "" XFSZ; ulimit -f 400; exec "$@"' x "$SITMAP" --db "$T/db" \
        gazetteer import "$DATA/geonames_sample.txt" "$DATA/alternate_names_sample.txt"
    expect_status 1
    [ ! -s "$T/stdout" ] || fail "said before saving: $(cat "$T/stdout")"
    run sitmap --db "$T/db" gazetteer import "$DATA/geonames_sample.txt"
    expect_status 0
    expect_stdout "geonames_sample.txt: 4 rows"
}

# as_other CMD...: run CMD as a user other than root, for whom a folder's
# mode is the law; skip when that cannot be done.
as_other() {
    if [ "$(id -u)" = 0 ]; then
        command -v setpriv >/dev/null || { echo "  skip: root, and no setpriv" >&2; exit 77; }
        run setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        run "$@"
    fi
}

# A sound database in a read-only folder, in WAL mode with no -wal or -shm
# beside it (and none can be made) is read.
case_read_only_folder() {
    file_only "a file in a folder its reader cannot write"
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import control "$DATA/control_sample.csv"
    mkdir "$T/ro" "$T/w"
    cp "$T/db" "$T/ro/db"
    chmod 0444 "$T/ro/db"
    chmod 0555 "$T/ro"
    chmod 0777 "$T/w"
    chmod 0755 "$T"
    as_other "$SITMAP" --db "$T/ro/db" info
    expect_status 0
    expect_stdout "schema 10"
    as_other "$SITMAP" --db "$T/ro/db" export --date 2017-02-26 --layer control -o "$T/w/c.csv"
    expect_status 0
    expect_stdout "6 control records"
    expect_no_file "$T/ro/db-shm"
    # writing is refused, saying why
    as_other "$SITMAP" --db "$T/ro/db" import control "$DATA/control_sample.csv"
    expect_status 1
    expect_stderr "$T/ro/db: "
    # a log holding changes cannot be read without a -shm: said so
    cp "$T/db" "$T/db2"
    sqlite3 "$T/db2" "PRAGMA wal_autocheckpoint = 0; INSERT INTO meta (key, value)
        VALUES ('pending', 'x');" '.shell kill -9 $PPID' >/dev/null 2>&1
    [ -s "$T/db2-wal" ] || fail "no log made"
    mkdir "$T/ro2"
    cp "$T/db2" "$T/db2-wal" "$T/ro2/"
    chmod 0555 "$T/ro2"
    as_other "$SITMAP" --db "$T/ro2/db2" info
    expect_status 1
    expect_stderr "write-ahead log"
}

# Two imports and a render at once on one database all succeed, and no row
# is lost: each writer waits for the other's transaction.
case_two_imports_and_a_render_at_once() {
    file_only "counts through sqlite3 (a server's twin: test_postgis.sh)"
    sitmap --db "$T/db" -q init
    awk -v n=3000 -f "$EXAMPLES/../bench/make_acled.awk" >"$T/a.csv"
    sed 's/^SYR\([0-9]\)/SYRB\1/' "$T/a.csv" >"$T/b.csv"
    sitmap --db "$T/db" -q import events "$DATA/events_plain.csv"
    for round in 1 2; do
        "$SITMAP" --db "$T/db" -q import events "$T/a.csv" >/dev/null 2>"$T/err_a" &
        pa=$!
        "$SITMAP" --db "$T/db" -q import events "$T/b.csv" >/dev/null 2>"$T/err_b" &
        pb=$!
        "$SITMAP" --db "$T/db" -q render --date 2017-03-01 -o "$T/map$round.png" 2>"$T/err_r" &
        pr=$!
        wait $pa || fail "round $round: the first import failed: $(cat "$T/err_a")"
        wait $pb || fail "round $round: the second import failed: $(cat "$T/err_b")"
        wait $pr || fail "round $round: the render failed: $(cat "$T/err_r")"
        expect_file "$T/map$round.png"
        n=$(sqlite3 "$T/db" "SELECT count(*) FROM events")
        [ "$n" = 6004 ] || fail "round $round: $n events, want 6004 (4 + 3000 + 3000)"
    done
    [ "$(sqlite3 "$T/db" 'PRAGMA integrity_check')" = ok ] || fail "integrity"
}
