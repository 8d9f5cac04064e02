# SPDX-License-Identifier: MIT
# sitmap copy SRC DST: a whole database into another, a SpatiaLite file to
# PostgreSQL and back. Every table compared row for row (tests/cli/dump_db.sh),
# undo on the copy as on the original, and the refusals.

. "$(dirname "$SITMAP")/tests/pg/lib.sh"
pg_cluster

# a database with something in every table: events updated and deleted
# (the records batches replaced), zones re-imported, control records,
# reports of an extraction, a faction of the desk's own
full_db() {
    sitmap --db "$1" -q init
    sitmap --db "$1" -q faction add kurds --label "Kurdish forces" --colour "#e0c000"
    sitmap --db "$1" -q import events "$DATA/acled_sample.csv"
    sitmap --db "$1" -q import events "$DATA/acled_update.csv"
    sitmap --db "$1" -q import events "$DATA/events_plain.csv" --source desk
    sitmap --db "$1" -q import zones "$DATA/zones_sample.geojson"
    sitmap --db "$1" -q import zones "$DATA/zones_sample.geojson" --faction turkey
    sitmap --db "$1" -q import control "$DATA/control_sample.csv"
    sed 's/,isis,/,opposition,/' "$DATA/control_sample.csv" >"$T/control_fixed.csv"
    sitmap --db "$1" -q import control "$T/control_fixed.csv"
    printf 'Regime warplanes bombed Harasta on 19 January, killing four people.\n' >"$T/a.txt"
    printf 'Syrian jets struck Harasta on 19 January, killing four civilians.\n' >"$T/b.txt"
    sitmap --db "$1" -q extract --into-db --date 2017-01-19 "$T/a.txt" "$T/b.txt" >/dev/null
    printf 'Government artillery shelled Douma on 19 January, killing two people.\n' >"$T/c.txt"
    printf 'Regime guns shelled Douma on 19 January, killing two civilians.\n' >"$T/d.txt"
    sitmap --db "$1" -q extract --into-db --date 2017-01-19 "$T/c.txt" "$T/d.txt" >/dev/null
    sitmap --db "$1" -q delete --id "$(sqlite3 "$1" "SELECT uid FROM events WHERE source LIKE '%/c.txt'")"
    sitmap --db "$1" -q delete --source desk
}

# every table of file $1 into $2 (the times batches began as T)
dump() {
    sh "$(dirname "$SITMAP")/tests/cli/dump_db.sh" "$1" 2>"$2.err" |
        sed "s/'[0-9-]*T[0-9:]*Z'/T/" >"$2"
    [ -s "$2.err" ] && fail "dump of $1: $(head -c 300 "$2.err")"
    return 0
}

# no temporary file of a copy left in $T
leftovers() {
    ls -a "$T" | grep -q '\.tmp-' && fail "a temporary file was left: $(ls -a "$T")"
    return 0
}

# every table holds rows, so that each is compared with something
expect_every_table() {
    awk '/^== / { if (t && !n) print t; t = $2; n = 0; next } { n++ }
         END { if (t && !n) print t }' "$1" >"$T/empty_tables"
    [ -s "$T/empty_tables" ] && fail "tables without rows in $1: $(cat "$T/empty_tables")"
    return 0
}

case_file_to_file_keeps_every_row() {
    file_only "copies between the backends it names itself"
    full_db "$T/a.db"
    run sitmap copy "$T/a.db" "$T/b.db"
    expect_status 0
    expect_stdout "$T/a.db -> $T/b.db: 8017 places, 9 events"
    dump "$T/a.db" "$T/a.txt"
    dump "$T/b.db" "$T/b.txt"
    expect_every_table "$T/a.txt"
    expect_same "$T/a.txt" "$T/b.txt"
    [ "$(sqlite3 "$T/b.db" 'PRAGMA integrity_check')" = ok ] || fail "the copy fails its integrity check"
    leftovers
    # the import history goes with it: undo the zones' re-import on both
    sitmap --db "$T/a.db" history >"$T/a.history"
    sitmap --db "$T/b.db" history >"$T/b.history"
    expect_same "$T/a.history" "$T/b.history"
    run sitmap --db "$T/b.db" undo 5
    expect_status 0
    expect_stdout "put back 3"
    sitmap --db "$T/a.db" -q undo 5
    dump "$T/a.db" "$T/a2.txt"
    dump "$T/b.db" "$T/b2.txt"
    expect_same "$T/a2.txt" "$T/b2.txt"
    cmp -s "$T/a.txt" "$T/a2.txt" && fail "the undo changed nothing"
    return 0
}

case_file_to_postgis_and_back() {
    file_only "copies between the backends it names itself"
    pg_need
    full_db "$T/a.db"
    db=$(pg_new_db file_to_postgis_and_back) || fail "cannot create the database"
    run sitmap copy "$T/a.db" "$db"
    expect_status 0
    expect_stdout "-> $db: 8017 places, 9 events"
    sitmap --db "$T/a.db" info | tail -n +2 >"$T/a.info"
    sitmap --db "$db" info | tail -n +2 >"$T/pg.info"
    expect_same "$T/a.info" "$T/pg.info"
    run sitmap copy "$db" "$T/back.db"
    expect_status 0
    dump "$T/a.db" "$T/a.txt"
    dump "$T/back.db" "$T/back.txt"
    expect_every_table "$T/a.txt"
    expect_same "$T/a.txt" "$T/back.txt"
    [ "$(sqlite3 "$T/back.db" 'PRAGMA integrity_check')" = ok ] || fail "the copy fails its integrity check"
}

# Values whose kind or bytes a copy could change, through the server (by
# COPY, as text) and back, and file to file: an empty text and NULL, text
# with COPY's escapes in it or digits only, doubles to their last bit, an
# integer past 2^53, blobs empty and with NUL bytes and backslashes.
case_values_keep_their_kind() {
    file_only "copies between the backends it names itself"
    pg_need
    sitmap --db "$T/a.db" -q init
    sitmap --db "$T/a.db" -q import events "$DATA/acled_sample.csv"
    sitmap --db "$T/a.db" -q import zones "$DATA/zones_sample.geojson"
    sqlite3 "$T/a.db" "UPDATE events SET notes = '' WHERE id = 1;
        UPDATE events SET notes = NULL, source = '0042' WHERE id = 2;
        UPDATE events SET notes = 'a\b\\c\N\tz' || char(9) || 'tab' || char(10) || 'nl'
            || char(13) || 'cr', updated = 9007199254740993 WHERE id = 3;
        UPDATE place_names SET key = X'005C4E5C5C6E0009FF' WHERE rowid = 1;
        UPDATE place_names SET key = X'' WHERE rowid = 2;
        UPDATE admin2 SET seat_lat = 0.1 + 0.2, seat_lon = 2.2250738585072014e-308
            WHERE rowid = 1;
        UPDATE places SET precision_km = 1.7976931348623157e308 WHERE rowid = 1;
        UPDATE zones SET area_km2 = 1.0 / 3 WHERE id = 1;" ||
        fail "cannot set the values"
    db=$(pg_new_db values_keep_their_kind) || fail "cannot create the database"
    run sitmap copy "$T/a.db" "$db"
    expect_status 0
    run pg_sql values_keep_their_kind -At -c "SELECT notes IS NOT DISTINCT FROM '',
        notes IS NULL FROM events WHERE id <= 2 ORDER BY id" \
        -c "SELECT updated, length(notes) FROM events WHERE id = 3"
    expect_stdout "t|f"
    expect_stdout "f|t"
    expect_stdout "9007199254740993|20"
    run sitmap copy "$db" "$T/back.db"
    expect_status 0
    run sitmap copy "$T/a.db" "$T/b.db"
    expect_status 0
    dump "$T/a.db" "$T/a.txt"
    dump "$T/back.db" "$T/back.txt"
    dump "$T/b.db" "$T/b.txt"
    grep -q "X'005C4E5C5C6E0009FF'" "$T/a.txt" || fail "the blob was not set"
    expect_same "$T/a.txt" "$T/back.txt"
    expect_same "$T/a.txt" "$T/b.txt"
}

# A server database `sitmap init` has made takes a copy: its gazetteer is
# replaced by the file's; one that holds events does not, and is left as
# it was.
case_into_an_initialised_server_not_a_full_one() {
    file_only "copies between the backends it names itself"
    pg_need
    sitmap --db "$T/a.db" -q init
    sitmap --db "$T/a.db" -q import events "$DATA/acled_sample.csv"
    db=$(pg_new_db into_initialised) || fail "cannot create the database"
    sitmap --db "$db" -q init
    run sitmap copy "$T/a.db" "$db"
    expect_status 0
    run sitmap --db "$db" info
    expect_stdout "places     8017 (35455 names)"
    expect_stdout "events     8 (0 without coordinates)"
    run sitmap copy "$T/a.db" "$db"
    expect_status 1
    expect_stderr "$db already holds events (8)"
    run sitmap --db "$db" info
    expect_stdout "events     8 (0 without coordinates)"
}

case_refusals_leave_nothing_behind() {
    sitmap --db "$T/a.db" -q init
    printf 'keep me\n' >"$T/exists.db"
    run sitmap copy "$T/a.db" "$T/exists.db"
    expect_status 1
    expect_stderr "$T/exists.db exists; copy makes a new file"
    [ "$(cat "$T/exists.db")" = "keep me" ] || fail "the existing file was changed"
    run sitmap copy "$T/none.db" "$T/b.db"
    expect_status 1
    expect_stderr "none.db"
    expect_no_file "$T/b.db"
    leftovers
    run sitmap copy "$T/a.db"
    expect_status 2
    expect_stderr "copy takes two databases: SRC DST"
    # an older schema is upgraded first, by init
    sitmap --db "$T/old.db" -q init
    sqlite3 "$T/old.db" "UPDATE meta SET value = '9' WHERE key = 'schema_version'; PRAGMA user_version = 9"
    run sitmap copy "$T/old.db" "$T/c.db"
    expect_status 1
    expect_no_file "$T/c.db"
    leftovers
    return 0
}
