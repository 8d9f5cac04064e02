# SPDX-License-Identifier: MIT
# sitmap export: formats, as-of semantics, round trips, atomic output.

load() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import events "$DATA/acled_sample.csv"
    sitmap --db "$T/db" -q import events "$DATA/events_plain.csv"
    sitmap --db "$T/db" -q import zones "$DATA/zones_sample.geojson"
    sitmap --db "$T/db" -q import control "$DATA/control_sample.csv"
}

case_round_trip_all_formats() {
    load
    for layer in events control zones; do
        sitmap --db "$T/db" -q export --date 2017-02-28 --layer $layer -o "$T/ref.csv"
        for ext in geojson gpkg csv kml; do
            rm -f "$T/db2"
            sitmap --db "$T/db2" -q init
            run sitmap --db "$T/db" export --date 2017-02-28 --layer $layer -o "$T/out.$ext"
            expect_status 0
            run sitmap --db "$T/db2" import $layer "$T/out.$ext"
            expect_status 0
            sitmap --db "$T/db2" -q export --date 2017-02-28 --layer $layer -o "$T/back.csv"
            if [ $layer = zones ]; then   # ids and source name the file they came from
                sed -E 's/,z[0-9a-f]{16},/,ID,/; s/,[^,]*$//' "$T/ref.csv" >"$T/ref.cut"
                sed -E 's/,z[0-9a-f]{16},/,ID,/; s/,[^,]*$//' "$T/back.csv" >"$T/back.cut"
                expect_same "$T/ref.cut" "$T/back.cut"
            else
                expect_same "$T/ref.csv" "$T/back.csv"
            fi
        done
    done
}

case_control_as_of_day_before_and_on_change() {
    load
    sitmap --db "$T/db" -q export --date 2017-02-22 --layer control -o "$T/before.csv"
    sitmap --db "$T/db" -q export --date 2017-02-23 --layer control -o "$T/on.csv"
    grep -q '^al-Bab,isis,2016-12-01' "$T/before.csv" || fail "al-Bab isis on 22 Feb: $(cat "$T/before.csv")"
    grep -q '^al-Bab,turkey,2017-02-23' "$T/on.csv" || fail "al-Bab turkey on 23 Feb: $(cat "$T/on.csv")"
}

case_events_window() {
    load
    run sitmap --db "$T/db" export --date 2017-01-20 --window 3 --layer events -o "$T/w.csv"
    expect_status 0
    expect_stdout "3 events"      # 18, 19 and 20 January
    run sitmap --db "$T/db" export --date 2017-01-06 --layer events -o "$T/none.csv"
    expect_stdout "0 events"
    expect_line_count "$T/none.csv" 1
}

case_failed_export_keeps_old_file() {
    load
    echo "old content" >"$T/keep.geojson"
    run sitmap --db "$T/db" export --date 2017-01-20 -o "$T/keep.xlsx"
    expect_status 2
    run sitmap --db "$T/db" export --date 2017-01-20 -o "$T/nodir/out.geojson"
    expect_status 1
    expect_no_file "$T/nodir"
    [ "$(cat "$T/keep.geojson")" = "old content" ] || fail "old file touched"
    [ -z "$(ls -A "$T" | grep tmp)" ] || fail "temporary files left: $(ls -A "$T")"
}

case_export_reads_a_read_only_copy() {
    load
    chmod a-w "$T/db"
    run sitmap --db "$T/db" export --date 2017-01-20 --layer zones -o "$T/z.gpkg"
    expect_status 0
    run ogrinfo -ro -so "$T/z.gpkg" zones
    expect_stdout "Feature Count: 2"   # East Aleppo ended on 22 December
}

# Two boxes of different factions sharing an edge, a third apart by 300 m:
# one front line at any tolerance, a second one within 1 km.
# The front lines exported are those the maps draw: the style's allies
# (the newsroom's: the opposition and HTS) meet without one, unless a style
# says otherwise.
case_frontlines_follow_the_style() {
    sitmap --db "$T/db" -q init
    cat >"$T/c.csv" <<'CSV'
place,faction,date,lat,lon
P,opposition,2017-01-01,35.0,36.0
Q,hts,2017-01-01,35.0,36.1
R,regime,2017-01-01,35.1,36.05
CSV
    sitmap --db "$T/db" -q import control "$T/c.csv"
    run sitmap --db "$T/db" export --date 2017-01-02 --layer frontlines -o "$T/f.csv"
    expect_status 0
    grep -q 'regime' "$T/f.csv" || fail "the regime's fronts: $(cat "$T/f.csv")"
    ! grep -Eq ',(hts,opposition|opposition,hts),' "$T/f.csv" || fail "no front between allies: $(cat "$T/f.csv")"
    printf '{ "allies": [] }\n' >"$T/none.json"
    run sitmap --db "$T/db" export --date 2017-01-02 --layer frontlines --style "$T/none.json" -o "$T/g.csv"
    expect_status 0
    grep -Eq ',(hts,opposition|opposition,hts),' "$T/g.csv" || fail "a style without allies: $(cat "$T/g.csv")"
    run sitmap --db "$T/db" export --date 2017-01-02 --layer frontlines --style nosuchstyle -o "$T/h.csv"
    expect_status 1
    expect_stderr "nosuchstyle"
}

case_frontlines_where_factions_meet() {
    sitmap --db "$T/db" -q init
    cat >"$T/z.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"faction": "regime", "valid_from": "2017-01-01"},
 "geometry": {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [37, 36], [36, 36], [36, 35]]]}},
{"type": "Feature", "properties": {"faction": "sdf", "valid_from": "2017-01-01"},
 "geometry": {"type": "Polygon", "coordinates": [[[37, 35], [38, 35], [38, 36], [37, 36], [37, 35]]]}},
{"type": "Feature", "properties": {"faction": "opposition", "valid_from": "2017-01-01"},
 "geometry": {"type": "Polygon", "coordinates": [[[36, 33.997], [37, 33.997], [37, 34.997], [36, 34.997], [36, 33.997]]]}}
]}
JSON
    run sitmap --db "$T/db" import zones "$T/z.geojson"
    expect_status 0
    run sitmap --db "$T/db" export --date 2017-01-02 --layer frontlines --tolerance 0 -o "$T/f.csv"
    expect_status 0
    expect_stdout "1 frontlines"
    grep -q '^"LINESTRING (37 35,37 36)",regime,sdf,,0,0$' "$T/f.csv" || fail "the shared edge: $(cat "$T/f.csv")"
    run sitmap --db "$T/db" export --date 2017-01-02 --layer frontlines --tolerance 1 -o "$T/f.geojson"
    expect_status 0
    expect_stdout "2 frontlines"
    grep -q '"left": "opposition", "right": "regime"' "$T/f.geojson" || fail "opposition meets regime within 1 km"
    run sitmap --db "$T/db" export --date 2017-01-02 --layer frontlines --tolerance -1 -o "$T/g.csv"
    expect_status 2
    [ ! -e "$T/g.csv" ] || fail "no file after a usage error"
}

# Zones derived from the control points: one multipolygon a faction, valid,
# inside the country, read back by GDAL.
case_derived_zones_exported() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import zones "$EXAMPLES/zones.geojson"
    sitmap --db "$T/db" -q import control "$EXAMPLES/control.csv"
    run sitmap --db "$T/db" export --date 2017-01-15 --layer derived -o "$T/d.gpkg"
    expect_status 0
    expect_stdout "5 derived"
    run ogrinfo -q -dialect sqlite -sql "SELECT count(*) AS n, sum(ST_IsValid(geom)) AS valid, min(MbrMinX(geom)) AS w, max(MbrMaxX(geom)) AS e FROM derived" "$T/d.gpkg"
    expect_status 0
    grep -q "n (Integer) = 5" "$T/stdout" && grep -q "valid (Integer) = 5" "$T/stdout" ||
        fail "5 valid multipolygons: $(cat "$T/stdout")"
    awk '/ w \(Real\)/ { if ($4 < 35.6) bad = 1 } / e \(Real\)/ { if ($4 > 42.4) bad = 1 } END { exit bad }' "$T/stdout" ||
        fail "inside Syria: $(cat "$T/stdout")"
}

# An ACLED file with all 31 columns comes back value for value, in ACLED's
# order, whatever its dates and numbers looked like ("05 February 2017",
# "36.1850"); exported again from a second database, the same.
case_acled_round_trips_every_column() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import events "$DATA/acled_full.csv"
    run sitmap --db "$T/db" export --date 2017-12-31 --format acled -o "$T/out.csv"
    expect_status 0
    expect_stdout "6 events"
    python3 - "$DATA/acled_full.csv" "$T/out.csv" <<'PY' || fail "values differ"
import csv, sys
a = list(csv.reader(open(sys.argv[1], newline="")))
b = list(csv.reader(open(sys.argv[2], newline="")))
assert a[0] == b[0], ("header", a[0], b[0])
rows = {r[0]: r for r in b[1:]}
assert len(rows) == len(a) - 1, (len(rows), len(a) - 1)
for r in a[1:]:
    for h, x, y in zip(a[0], r, rows[r[0]]):
        assert x == y, (r[0], h, x, y)
PY
    sitmap --db "$T/db2" -q init
    sitmap --db "$T/db2" -q import events "$T/out.csv"
    sitmap --db "$T/db2" -q export --date 2017-12-31 --format acled -o "$T/again.csv"
    expect_same "$T/out.csv" "$T/again.csv"
}

# Events from elsewhere get ACLED's types and a year; other layers and
# formats are refused.
case_acled_layout_of_other_events() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import events "$DATA/events_plain.csv"
    run sitmap --db "$T/db" export --date 2017-12-31 --format acled -o "$T/out.csv"
    expect_status 0
    grep -q '^h[0-9a-f]*,2017-01-07,2017,1,Political violence,Explosions/Remote violence,Remote explosive/landmine/IED,Islamic State,' "$T/out.csv" \
        || fail "a bombing in ACLED's terms: $(head -3 "$T/out.csv")"
    run sitmap --db "$T/db" export --date 2017-12-31 --format acled --layer zones -o "$T/z.csv"
    expect_status 2
    expect_stderr "writes events"
    run sitmap --db "$T/db" export --date 2017-12-31 --format shapefile -o "$T/z.csv"
    expect_status 2
}

# ACLED's deletions list removes the events it names, unless they were
# updated after; one batch, undone like any.
case_acled_deletions_apply_and_undo() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import events "$DATA/acled_full.csv"
    printf 'event_id_cnty,deleted_timestamp\nSYR20002,1700000000\nSYR20003,1600000000\nSYR99999,1700000000\n' >"$T/del.csv"
    run sitmap --db "$T/db" import acled-deletions "$T/del.csv"
    expect_status 0
    expect_stdout "3 deletions: 1 events deleted, 2 not stored or updated since; batch 2"
    sitmap --db "$T/db" -q export --date 2017-12-31 --format acled -o "$T/out.csv"
    grep -q '^SYR20002,' "$T/out.csv" && fail "SYR20002 deleted"
    grep -q '^SYR20003,' "$T/out.csv" || fail "SYR20003 was updated after its deletion: kept"
    run sitmap --db "$T/db" undo 2
    expect_status 0
    sitmap --db "$T/db" -q export --date 2017-12-31 --format acled -o "$T/back.csv"
    grep -q '^SYR20002,' "$T/back.csv" || fail "SYR20002 is back"
    printf 'event_id_cnty,deleted_timestamp\nSYR20001,yesterday\n' >"$T/bad.csv"
    run sitmap --db "$T/db" import acled-deletions "$T/bad.csv"
    expect_status 1
    expect_stderr "bad.csv:2"
    expect_stderr "\"yesterday\" is not a Unix time"
}
