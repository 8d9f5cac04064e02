# SPDX-License-Identifier: MIT
# sitmap on PostgreSQL + PostGIS (--db postgresql://...): what works there so
# far (init, info, geocode, where, faction, history, delete, undo; diff and
# the export of zones on rows copied from a file), the refusals and failures
# it gives, and what is not yet written for it failing cleanly. On the runner's cluster
# (SITMAP_TEST_PG=1) or on one of the file's own; skipped, saying so, where
# PostgreSQL or PostGIS is not installed.

. "$(dirname "$SITMAP")/tests/pg/lib.sh"
pg_cluster

# a database of the case's own, named after it
own_db() {
    pg_new_db "${case_name#case_}" || fail "cannot create the database ${case_name#case_}"
}

case_init_twice_then_info() {
    pg_need
    db=$(own_db)
    run sitmap --db "$db" init
    expect_status 0
    expect_stdout "$db: created (schema 10)"
    expect_stdout "$db: gazetteer: 8017 places"
    run sitmap --db "$db" init
    expect_status 0
    expect_stdout "$db: up to date (schema 10)"
    grep -q "gazetteer" "$T/stdout" && fail "the second init loaded the gazetteer again"
    run sitmap --db "$db" info
    expect_status 0
    expect_stdout "database   $db (schema 10)"
    expect_stdout "places     8017 (35455 names)"
    expect_stdout "events     0 (0 without coordinates)"
    # the environment names it as well as --db does
    SITMAP_DB=$db run sitmap info
    expect_status 0
    expect_stdout "places     8017"
}

case_two_inits_at_once() {
    pg_need
    db=$(own_db)
    sitmap -q --db "$db" init 2>"$T/a.err" &
    a=$!
    sitmap -q --db "$db" init 2>"$T/b.err" &
    b=$!
    wait $a || fail "the first init failed: $(cat "$T/a.err")"
    wait $b || fail "the second init failed: $(cat "$T/b.err")"
    run sitmap --db "$db" info
    expect_status 0
    expect_stdout "places     8017 (35455 names)"
}

case_info_says_what_a_file_says() {
    pg_need
    db=$(own_db)
    run sitmap --db "$db" init
    expect_status 0
    run sitmap --db "$T/file.db" init
    expect_status 0
    sitmap --db "$db" info | tail -n +2 >"$T/pg.txt"
    sitmap --db "$T/file.db" info | tail -n +2 >"$T/file.txt"
    expect_same "$T/pg.txt" "$T/file.txt"
    run sitmap --db "$db" geocode --limit 1 "Dayr az Zawr"
    expect_status 0
    expect_stdout "Deir ez-Zor  دير الزور  35.33588, 40.14084"
    sitmap --db "$T/file.db" geocode --limit 3 Aleppo >"$T/file.txt"
    sitmap --db "$db" geocode --limit 3 Aleppo >"$T/pg.txt"
    expect_same "$T/pg.txt" "$T/file.txt"
    sitmap --db "$T/file.db" where 36.2 37.16 >"$T/file.txt"
    sitmap --db "$db" where 36.2 37.16 >"$T/pg.txt"
    expect_same "$T/pg.txt" "$T/file.txt"
    for d in "$db" "$T/file.db"; do
        run sitmap --db "$d" faction add desk --label "The desk" --colour "#112233"
        expect_status 0
        expect_stdout "$d: faction desk added (The desk, #112233)"
        run sitmap --db "$d" faction add desk --label "The news desk" --colour "#112244"
        expect_status 0
    done
    sitmap --db "$T/file.db" faction list >"$T/file.txt"
    sitmap --db "$db" faction list >"$T/pg.txt"
    expect_same "$T/pg.txt" "$T/file.txt"
    grep -q "^desk .*#112244 *The news desk" "$T/pg.txt" || fail "faction list: $(cat "$T/pg.txt")"
}

case_schema_is_postgis() {
    pg_need
    db=$(own_db)
    run sitmap -q --db "$db" init
    expect_status 0
    pg_sql "${case_name#case_}" -At -c "SELECT f_table_name || ' ' || type || ' ' || srid
        FROM geometry_columns WHERE f_table_name NOT LIKE '%_replaced' ORDER BY 1" >"$T/columns.txt" 2>"$T/stderr" ||
        fail "psql: $(cat "$T/stderr")"
    printf '%s\n' "control POINT 4326" "events POINT 4326" "places POINT 4326" \
        "zones MULTIPOLYGON 4326" >"$T/want.txt"
    expect_same "$T/columns.txt" "$T/want.txt"
    n=$(pg_sql "${case_name#case_}" -At -c "SELECT count(*) FROM pg_indexes
        WHERE indexdef LIKE '%USING gist (geom)%'")
    [ "$n" = 4 ] || fail "$n GiST indexes on geom, want 4"
    v=$(pg_sql "${case_name#case_}" -At -c "SELECT value FROM meta WHERE key = 'schema_version'")
    [ "$v" = 10 ] || fail "schema_version $v, want 10"
    # a zone written by another tool gets its area on the ellipsoid, as
    # SpatiaLite's ST_Area(geom, 1) gives it (10066.273 km2)
    a=$(pg_sql "${case_name#case_}" -At -c "INSERT INTO zones (uid, faction, valid_from, geom)
        VALUES ('z', 'isis', '2017/01/02',
                ST_Multi(ST_MakeEnvelope(38, 35, 39, 36, 4326)))
        RETURNING round(area_km2)::text || ' ' || valid_from")
    [ "$a" = "10066 2017-01-02" ] || fail "zone written by another tool: \"$a\", want its area and date"
    pg_sql "${case_name#case_}" -c "INSERT INTO zones (uid, faction, valid_from, status, geom)
        VALUES ('y', 'isis', '2017-01-02', 'won', ST_Multi(ST_MakeEnvelope(38, 35, 39, 36, 4326)))" \
        2>"$T/stderr" && fail "a status sitmap does not know was taken"
    expect_stderr "zones.status: want held, contested, besieged or claimed"
}

case_newer_schema_refused() {
    pg_need
    db=$(own_db)
    run sitmap -q --db "$db" init
    expect_status 0
    pg_sql "${case_name#case_}" -c "UPDATE meta SET value = '99' WHERE key = 'schema_version'" ||
        fail "psql"
    for cmd in info init; do
        run sitmap --db "$db" $cmd
        expect_status 1
        expect_stderr "$db: schema version 99 is newer than this sitmap knows (10); use a newer sitmap"
    done
}

case_uninitialised_database_refused() {
    pg_need
    db=$(own_db)
    run sitmap --db "$db" info
    expect_status 1
    expect_stderr "sitmap: $db: not a sitmap database; run \`sitmap init\` first"
    run sitmap --db "$db" render --date 2017-01-15 -o "$T/map.png"
    expect_status 1
    expect_stderr "$db: not a sitmap database; run \`sitmap init\` first"
    expect_no_file "$T/map.png"
    # the same words as for a file that is not a sitmap database
    sqlite3 "$T/other.db" "CREATE TABLE t (x)"
    run sitmap --db "$T/other.db" info
    expect_status 1
    expect_stderr "$T/other.db: not a sitmap database; run \`sitmap init\` first"
}

case_connection_failure_named_without_password() {
    pg_need
    run sitmap --db "postgresql://amira:s3cret@/newsroom?host=$T/nosocket" info
    expect_status 1
    expect_stderr "sitmap: postgresql://amira@/newsroom?host=$T/nosocket: cannot connect:"
    expect_stderr "No such file or directory"
    grep -q s3cret "$T/stderr" "$T/stdout" && fail "the password was shown"
    run sitmap --db "postgresql:///sitmap?host=$T/nosocket&password=s3cret" init
    expect_status 1
    expect_stderr "sitmap: postgresql:///sitmap?host=$T/nosocket: cannot connect:"
    grep -q s3cret "$T/stderr" "$T/stdout" && fail "the password parameter was shown"
    # a role that may not log in
    pg_sql postgres -c "DO \$\$ BEGIN CREATE ROLE archivist NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" ||
        fail "cannot create the role"
    db=$(pg_uri sitmap | sed 's|user=sitmap|user=archivist|')
    run sitmap --db "$db" info
    expect_status 1
    expect_stderr "$db: cannot connect:"
    expect_stderr "role \"archivist\" is not permitted to log in"
    # a database the server does not have
    db=$(pg_uri no_such_db)
    run sitmap --db "$db" info
    expect_status 1
    expect_stderr "$db: cannot connect:"
    expect_stderr "database \"no_such_db\" does not exist"
}

case_postgis_missing_and_not_installable() {
    pg_need
    pg_sql postgres -c "DO \$\$ BEGIN CREATE ROLE reporter LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" ||
        fail "cannot create the role"
    pg_sql postgres -c "DROP DATABASE IF EXISTS nogis" -c "CREATE DATABASE nogis OWNER reporter" ||
        fail "cannot create the database"
    db=$(pg_uri nogis | sed 's|user=sitmap|user=reporter|')
    run sitmap --db "$db" init
    expect_status 1
    expect_stderr "$db: PostGIS is not installed in this database, and cannot be made so:"
    expect_stderr "permission denied"
    pg_sql postgres -c "DROP DATABASE nogis" >/dev/null 2>&1
}

# history, delete and undo say on a server what they say on a file
case_history_delete_undo_as_on_a_file() {
    file_only "compares the server with a file itself"
    pg_need
    db=$(own_db)
    sitmap -q --db "$db" init || fail "init failed"
    sitmap -q --db "$T/file.db" init || fail "init of a file failed"
    for d in "$db" "$T/file.db"; do
        out=$T/$( [ "$d" = "$db" ] && echo pg || echo file).txt
        : >"$out"
        for cmd in "history" "delete --source nothing --dry-run" "delete --source nothing" \
                   "delete --from 2017-13-01" "undo 1" "undo 1 --dry-run" "history"; do
            # shellcheck disable=SC2086
            sitmap --db "$d" $cmd >>"$out" 2>&1
            echo "exit $?" >>"$out"
        done
        sed "s|$d|DB|g" "$out" >"$out.named"
    done
    grep -q "there is no batch 1" "$T/pg.txt.named" || fail "undo 1: $(cat "$T/pg.txt.named")"
    cmp -s "$T/pg.txt.named" "$T/file.txt.named" ||
        fail "the server says otherwise: $(diff "$T/file.txt.named" "$T/pg.txt.named")"
}

# A desk's day on the server as on a file: the examples imported into both,
# then the map, the change map, the places that changed hands and the
# export made from each are the same.
case_a_desk_day_on_the_server_as_on_a_file() {
    pg_need
    db=$(own_db)
    for d in "$db" "$T/file.db"; do
        sitmap -q --db "$d" init || fail "init $d"
        for what in "events $EXAMPLES/events.csv" "zones $EXAMPLES/zones.geojson" \
                    "control $EXAMPLES/control.csv"; do
            # shellcheck disable=SC2086
            run sitmap --db "$d" import $what
            expect_status 0
        done
    done
    expect_stdout "309 control records: 309 new, 0 updated; batch 3"
    for d in pg file; do
        [ $d = pg ] && at=$db || at=$T/file.db
        run sitmap --db "$at" render --date 2017-01-15 -o "$T/$d.png"
        expect_status 0
        run sitmap --db "$at" diff -o "$T/$d.change.png" 2017-01-01 2017-02-01
        expect_status 0
        # the places that changed hands (the areas, on the ellipsoid, agree
        # to 0.05%: case_zones_and_changes_read_as_from_a_file)
        sitmap --db "$at" diff 2017-01-01 2017-02-01 | sed -n '/^(km2)/,$p' >"$T/$d.diff.txt" ||
            fail "diff on $d"
        sitmap -q --db "$at" export --date 2017-01-15 --window 30 --layer events \
            -o "$T/$d.events.csv" || fail "export on $d"
    done
    "$(dirname "$SITMAP")/${BUILD:-build}/imgdiff" "$T/file.png" "$T/pg.png" "$T/d.png" >/dev/null ||
        fail "the server's map is not the file's"
    "$(dirname "$SITMAP")/${BUILD:-build}/imgdiff" "$T/file.change.png" "$T/pg.change.png" "$T/d2.png" \
        >/dev/null || fail "the server's change map is not the file's"
    expect_same "$T/file.diff.txt" "$T/pg.diff.txt"
    expect_same "$T/file.events.csv" "$T/pg.events.csv"
    grep -q "Kfeir al-Zayt" "$T/pg.diff.txt" || fail "no change of hands: $(head -5 "$T/pg.diff.txt")"
}

# The example zones and control records imported into a file, and copied
# row for row into the server (whose import is not yet written): the
# changes between two days, the places that changed hands and the zones of
# a day read from the server as from the file. The areas agree to 0.05%:
# PostGIS measures a zone's edges as geodesics on the ellipsoid, while
# SpatiaLite's ST_Area(geom, 1) approximates them (10 km2 apart on the
# 7,000 km2 of a zone of the examples).
case_zones_and_changes_read_as_from_a_file() {
    file_only "compares the server with a file itself"
    pg_need
    db=$(own_db)
    run sitmap -q --db "$db" init
    expect_status 0
    for what in "init" "import zones $EXAMPLES/zones.geojson" "import control $EXAMPLES/control.csv"; do
        # shellcheck disable=SC2086
        run sitmap -q --db "$T/file.db" $what
        expect_status 0
    done
    sqlite3 -cmd ".load mod_spatialite" "$T/file.db" "
        SELECT 'INSERT INTO zones (uid, faction, valid_from, valid_to, status, name, source,'
            || ' other_faction, geom) VALUES (' || quote(uid) || ', ' || quote(faction) || ', '
            || quote(valid_from) || ', ' || quote(valid_to) || ', ' || quote(status) || ', '
            || quote(name) || ', ' || quote(source) || ', ' || quote(other_faction)
            || ', ST_GeomFromWKB(''\x' || hex(AsBinary(geom)) || '''::bytea, 4326));' FROM zones;
        SELECT 'INSERT INTO control (place_key, place, name_key, place_id, faction, valid_from,'
            || ' lat, lon, source, geom) VALUES (' || place_key || ', ' || quote(place) || ', '
            || quote(name_key) || ', ' || quote(place_id) || ', ' || quote(faction) || ', '
            || quote(valid_from) || ', ' || printf('%.17g, %.17g', lat, lon) || ', '
            || quote(source) || ', ST_SetSRID(ST_MakePoint(' || printf('%.17g, %.17g', lon, lat)
            || '), 4326));' FROM control;" >"$T/copy.sql" 2>"$T/stderr" ||
        fail "sqlite3: $(head -c 300 "$T/stderr")"
    pg_sql "${case_name#case_}" -f "$T/copy.sql" 2>"$T/stderr" ||
        fail "psql: $(head -c 300 "$T/stderr")"
    for days in "2016-12-01 2016-12-20" "2016-12-20 2017-02-01" "2016-11-01 2017-03-01"; do
        # shellcheck disable=SC2086
        sitmap --db "$T/file.db" diff $days >"$T/file.txt" 2>&1
        # shellcheck disable=SC2086
        run sitmap --db "$db" diff $days
        expect_status 0
        sed -n '/^(km2)/,$p' "$T/stdout" >"$T/pg.places"
        sed -n '/^(km2)/,$p' "$T/file.txt" >"$T/file.places"
        expect_same "$T/pg.places" "$T/file.places"
        [ "$days" != "2016-12-01 2016-12-20" ] || expect_stdout "24 places changed hands"
        # the factions' areas: the same rows, each figure within 0.05% (or 2 km2)
        paste "$T/stdout" "$T/file.txt" | sed '/^(km2)/,$d' | awk -F'\t' '
            NR == 1 { if ($1 != $2) bad = bad " header"; next }
            { n = split($1, a, " +"); split($2, b, " +")
              if (a[1] != b[1]) bad = bad " " a[1] "/" b[1]
              for (i = 2; i <= n; i++) {
                  d = a[i] - b[i]; if (d < 0) d = -d
                  m = b[i] < 0 ? -b[i] : b[i]
                  if (d > 2 && d > m * 5e-4) bad = bad " " a[1] ":" a[i] "/" b[i] } }
            END { if (bad != "") { print bad; exit 1 } }' >"$T/bad.txt" ||
            fail "diff $days: the areas differ: $(cat "$T/bad.txt")"
    done
    for day in 2016-12-03 2017-01-20; do
        sitmap -q --db "$T/file.db" export --date $day --layer zones -o "$T/file.geojson"
        run sitmap -q --db "$db" export --date $day --layer zones -o "$T/pg.geojson"
        expect_status 0
        expect_same "$T/pg.geojson" "$T/file.geojson"
    done
    run sitmap --db "$db" info
    expect_stdout "zones      22"
}

# Several writers at once on a server: two imports and a render, twice; both
# imports succeed and no row is lost (PostgreSQL's transactions; the batches
# take their numbers in turn).
case_two_imports_and_a_render_at_once() {
    pg_need
    db=$(own_db)
    sitmap -q --db "$db" init || fail "init"
    awk -v n=3000 -f "$EXAMPLES/../bench/make_acled.awk" >"$T/a.csv"
    sed 's/^SYR\([0-9]\)/SYRB\1/' "$T/a.csv" >"$T/b.csv"
    sitmap --db "$db" -q import events "$DATA/events_plain.csv"
    for round in 1 2; do
        sitmap --db "$db" -q import events "$T/a.csv" >/dev/null 2>"$T/err_a" &
        pa=$!
        sitmap --db "$db" -q import events "$T/b.csv" >/dev/null 2>"$T/err_b" &
        pb=$!
        sitmap --db "$db" -q render --date 2017-03-01 -o "$T/map$round.png" 2>"$T/err_r" &
        pr=$!
        wait $pa || fail "round $round: the first import failed: $(cat "$T/err_a")"
        wait $pb || fail "round $round: the second import failed: $(cat "$T/err_b")"
        wait $pr || fail "round $round: the render failed: $(cat "$T/err_r")"
        expect_file "$T/map$round.png"
        run sitmap --db "$db" info
        expect_stdout "events     6004 (0 without coordinates)"
    done
    run sitmap --db "$db" history
    [ "$(grep -c '^[0-9]' "$T/stdout")" = 5 ] || fail "5 batches, numbered in turn: $(cat "$T/stdout")"
}

# An export that gives one event twice (ACLED's correction of a row, later
# in the same file) imports into an empty server as into a file: the
# second row updates the first. It stopped the import with "current
# transaction is aborted": the bulk load's insert of the repeated id failed
# inside the transaction.
case_a_file_that_repeats_an_event() {
    pg_need
    db=$(own_db)
    cp "$DATA/acled_sample.csv" "$T/repeats.csv"
    sed -n 2p "$DATA/acled_sample.csv" | sed 's/,[0-9]*$/,9999999999/' >>"$T/repeats.csv"
    for d in "$db" "$T/file.db"; do
        sitmap -q --db "$d" init || fail "init $d"
        run sitmap --db "$d" import events "$T/repeats.csv"
        expect_status 0
        expect_stdout "9 events: 8 new, 1 updated; batch 1"
        sitmap --db "$d" info | tail -n +2 >"$T/info.$(basename "$d" | cut -c1-8)"
    done
    expect_same "$T/info.file.db" "$T/info.$(basename "$db" | cut -c1-8)"
}

# A writer that must wait for another's batch on the server says so on a
# terminal, as on a file, then goes on; it was silent, and looked hung. The
# other writer here is psql holding the batches' lock for two seconds.
case_writer_waits_for_another_and_says_so() {
    pg_need
    command -v script >/dev/null || { echo "  skipped: no script(1) for a terminal" >&2; exit 77; }
    db=$(own_db)
    sitmap -q --db "$db" init || fail "init"
    rm -f "$T/locked"
    pg_sql "${case_name#case_}" >/dev/null 2>&1 <<SQL &
BEGIN;
SELECT pg_advisory_xact_lock(7564590624210211);
\! touch '$T/locked'
SELECT pg_sleep(2);
COMMIT;
SQL
    holder=$!
    await_file "$T/locked"
    run script -qec "'$SITMAP' --db '$db' import events '$DATA/events_plain.csv'" /dev/null
    wait $holder
    expect_status 0
    expect_stdout "waiting for another sitmap writing to it"
    expect_stdout "4 events: 4 new"
    # without a terminal, nothing is said but the result
    run sitmap --db "$db" import events "$DATA/events_plain.csv"
    expect_status 0
    expect_no_stderr
}
