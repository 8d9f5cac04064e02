# SPDX-License-Identifier: MIT
# sitmap init, global options, info.

case_init_creates_then_is_idempotent() {
    file_only "a new file's creation"
    run sitmap --db "$T/a.db" init
    expect_status 0
    expect_stdout "created (schema 10)"
    expect_stdout "gazetteer: "
    run sitmap --db "$T/a.db" init
    expect_status 0
    expect_stdout "up to date"
    run sqlite3 "$T/a.db" "PRAGMA journal_mode; SELECT value FROM meta WHERE key='schema_version';
        SELECT count(*) FROM geometry_columns; SELECT count(*) FROM sqlite_master WHERE name LIKE 'idx_%_geom';"
    [ "$(tr '\n' ' ' <"$T/stdout")" = "wal 10 4 4 " ] || fail "WAL, version 10, 4 geometry columns, 4 R*Tree indexes: $(cat "$T/stdout")"
}

case_db_from_environment_and_default() {
    file_only "the default ./sitmap.db"
    SITMAP_DB="$T/env.db" run sitmap init
    expect_status 0
    expect_file "$T/env.db"
    run sitmap init
    expect_status 0
    expect_file "$T/sitmap.db"
}

case_init_refuses_a_text_file() {
    file_only "a file that is not a database"
    echo "not a database at all, but long enough to look like a file header" >"$T/x.db"
    run sitmap --db "$T/x.db" init
    expect_status 1
    expect_stderr "not a SQLite database"
}

case_commands_need_an_initialised_db() {
    run sitmap --db "$T/none.db" import events "$DATA/events_plain.csv"
    expect_status 1
    expect_stderr "run \`sitmap init\` first"
    expect_no_file "$T/none.db"
}

case_usage_errors_exit_2() {
    run sitmap
    expect_status 2
    run sitmap frobnicate
    expect_status 2
    expect_stderr 'unknown command "frobnicate"'
    run sitmap --db "$T/a.db" export --layer zones -o x.csv
    expect_status 2
    expect_stderr "--date is required"
    run sitmap export --date 2017-02-30 -o x.csv
    expect_status 2
    expect_stderr '"2017-02-30" is not a calendar date'
    run sitmap import events
    expect_status 2
    run sitmap import events "$DATA/events_plain.csv" --faction regime
    expect_status 2
    expect_stderr "are for zones"
    run sitmap --db
    expect_status 2
}

case_help_and_version() {
    run sitmap --help
    expect_status 0
    expect_stdout "import"
    run sitmap import --help
    expect_status 0
    expect_stdout "--faction-field"
    run sitmap --version
    expect_status 0
    expect_stdout "sitmap 0."
}

case_info_summarises() {
    sitmap --db "$T/a.db" -q init
    sitmap --db "$T/a.db" -q import events "$DATA/acled_sample.csv"
    sitmap --db "$T/a.db" -q import control "$DATA/control_sample.csv"
    run sitmap --db "$T/a.db" info
    expect_status 0
    expect_stdout "events     8 (0 without coordinates)"
    expect_stdout "control    8 records of 6 places"
    expect_stdout "dates      2016-12-01 .. 2017-02-26"
    expect_stdout "turkey"
}

# Imports and exports load sitmap-gdal.so from beside the command; without it
# they say so and fail, and what needs no GDAL (init, render) still works.
case_gdal_module_is_loaded_only_when_needed() {
    mkdir -p "$T/alone"
    cp "$SITMAP" "$T/alone/sitmap"
    cp "$(dirname "$SITMAP")/sitmap-core.so" "$T/alone/sitmap-core.so"
    export SITMAP_DATA="$EXAMPLES/.."
    run "$T/alone/sitmap" --db "$T/a.db" -q init
    expect_status 0
    run "$T/alone/sitmap" --db "$T/a.db" import events "$EXAMPLES/events.csv"
    expect_status 1
    expect_stderr "cannot load sitmap-gdal.so"
    run "$T/alone/sitmap" --db "$T/a.db" export --date 2017-01-15 -o "$T/z.geojson"
    expect_status 1
    expect_stderr "cannot load sitmap-gdal.so"
    [ ! -e "$T/z.geojson" ] || fail "no export without the module"
    run "$T/alone/sitmap" --db "$T/a.db" render --date 2017-01-15 --size 400x300 -o "$T/m.png"
    expect_status 0
    [ -s "$T/m.png" ] || fail "a map without the module: $(cat "$T/stderr")"
    unset SITMAP_DATA
    # the command itself does not link GDAL
    ! ldd "$SITMAP" "$T/alone/sitmap-core.so" | grep -q libgdal ||
        fail "sitmap links libgdal: $(ldd "$SITMAP" "$T/alone/sitmap-core.so" | grep gdal)"
    run sitmap --db "$T/a.db" import events "$EXAMPLES/events.csv"
    expect_status 0
}

# The executable links libc alone: `sitmap --version` opens no library, and
# every command loads sitmap-core.so (with Cairo, Pango and SQLite) from
# beside it, or says that it cannot.
case_version_loads_nothing() {
    libs=$(ldd "$SITMAP" | grep -vE 'linux-vdso|ld-linux|libc\.so|libasan|libubsan|libstdc\+\+|libgcc_s|libm\.so' | tr -d '\t')
    [ -z "$libs" ] || fail "sitmap links more than libc: $libs"
    LD_DEBUG=files run sitmap --version
    expect_status 0
    expect_stdout "sitmap 0."
    ! grep -qE "file=(sitmap-core|libcairo|libpango|libsqlite3)" "$T/stderr" ||
        fail "--version opened: $(grep -oE 'file=[^ ]+' "$T/stderr" | sort -u | tr '\n' ' ')"
    LD_DEBUG=files run sitmap -q --version
    expect_status 0
    expect_stdout "sitmap 0."
    grep -q "file=.*sitmap-core.so" "$T/stderr" || fail "-q --version did not go through sitmap-core.so"
    mkdir -p "$T/bare"
    cp "$SITMAP" "$T/bare/sitmap"
    run "$T/bare/sitmap" --version
    expect_status 0
    expect_stdout "sitmap 0."
    run "$T/bare/sitmap" --db "$T/a.db" info
    expect_status 1
    expect_stderr "sitmap: cannot load sitmap-core.so beside $T/bare"
}

# PROJ and SpatiaLite (with libcurl, GEOS, ICU) are not linked: `--version`
# starts without them, a command opens them (and a series' workers, forked
# while they may be opening, get them too).
case_geo_libraries_are_opened_when_needed() {
    core=$(dirname "$SITMAP")/sitmap-core.so
    ! ldd "$SITMAP" "$core" | grep -qE "libproj|libspatialite|libcurl" ||
        fail "sitmap links them: $(ldd "$SITMAP" "$core" | grep -E 'libproj|libspatialite|libcurl')"
    LD_DEBUG=files run sitmap --version
    expect_status 0
    ! grep -qE "libproj|libspatialite" "$T/stderr" || fail "--version opened them"
    run sitmap --db "$T/a.db" -q init
    expect_status 0
    LD_DEBUG=files run sitmap --db "$T/a.db" info
    expect_status 0
    grep -q "file=libproj" "$T/stderr" || fail "info did not open PROJ: $(grep -c . "$T/stderr") lines"
}

# A database made before the countries and cities abroad were shipped gets
# them from `sitmap init`, its own places kept.
# A database whose gazetteer came from other shipped files is brought up to
# date by init, keeping the GeoNames places a `gazetteer import` added.
case_init_brings_an_older_gazetteer_up_to_date() {
    file_only "an older file made with sqlite3"
    sitmap --db "$T/a.db" -q init
    run sitmap --db "$T/a.db" gazetteer import "$DATA/geonames_sample.txt"
    expect_status 0
    # as a database of an earlier release: another digest, a village it lacked
    sqlite3 "$T/a.db" "UPDATE meta SET value = 'earlier' WHERE key = 'gazetteer_files';
                       DELETE FROM place_names WHERE place_id = 2100003963;
                       DELETE FROM places WHERE id = 2100003963"
    run sitmap --db "$T/a.db" geocode --limit 1 Ghadqa
    grep -q "2100003963" "$T/stdout" && fail "Ghadqa found before init"
    run sitmap --db "$T/a.db" init
    expect_status 0
    expect_stdout "gazetteer: brought up to date from"
    expect_stdout "(1 of them GeoNames places imported before, kept)"
    run sitmap --db "$T/a.db" geocode --limit 1 Ghadqa "Tell Zawiyat Hamdan"
    expect_status 0
    expect_stdout "id 2100003963"
    expect_stdout "1. Tall Zawiyat Hamdan"
    run sitmap --db "$T/a.db" init
    grep -q "brought up to date" "$T/stdout" && fail "brought up to date twice"
    true
}

case_init_adds_the_world_to_an_older_gazetteer() {
    file_only "an older file made with sqlite3"
    sitmap --db "$T/a.db" -q init
    n0=$(sqlite3 "$T/a.db" "SELECT count(*) FROM places")
    # the countries and cities abroad (world.tsv: 2090000000 on)
    sqlite3 "$T/a.db" "DELETE FROM place_names WHERE place_id BETWEEN 2090000000 AND 2099999999;
                       DELETE FROM places WHERE id BETWEEN 2090000000 AND 2099999999"
    run sitmap --db "$T/a.db" geocode --limit 1 Moscow
    grep -q "RU.00" "$T/stdout" && fail "Moscow found before init: $(cat "$T/stdout")"
    run sitmap --db "$T/a.db" init
    expect_status 0
    expect_stdout "countries and cities abroad added"
    [ "$(sqlite3 "$T/a.db" "SELECT count(*) FROM places")" -eq "$n0" ] || fail "places: want $n0"
    run sitmap --db "$T/a.db" geocode --limit 1 Moscow
    expect_status 0
    expect_stdout "RU.00"
    run sitmap --db "$T/a.db" init
    expect_status 0
    grep -q "abroad added" "$T/stdout" && fail "added twice"
    true
}
