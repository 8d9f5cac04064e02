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

# KML for Google Earth: every placemark named, dated (TimeStamp for events,
# TimeSpan for zones and control, no end while open) and given a shared
# style a faction or event type, in the style's and the database's colours
# (KML writes aabbggrr); xmllint finds it well-formed.
kml_get() { # kml_get XPATH FILE: the text XPATH selects (elements by local name)
    xmllint --xpath "$1" "$2" 2>/dev/null
}
el() { printf "*[local-name()='%s']" "$1"; }
case_kml_names_times_and_styles() {
    command -v xmllint >/dev/null || exit 77
    load
    sitmap --db "$T/db" -q faction add kurds --label "Kurdish forces" --colour "#aa8800"
    cat >"$T/k.csv" <<'CSV'
faction,valid_from,valid_to,WKT
kurds,2017-01-01,2017-03-01,"POLYGON((36.2 35.0,36.4 35.0,36.4 35.2,36.2 35.2,36.2 35.0))"
CSV
    sitmap --db "$T/db" -q import zones "$T/k.csv"
    printf 'place,faction,date,lat,lon\nTell Abyad,kurds,2017-02-01,36.6975,38.9567\n' >"$T/kc.csv"
    sitmap --db "$T/db" -q import control "$T/kc.csv"
    printf '{ "zone_opacity": 0.5, "events": { "airstrike": "#ff0000" } }\n' >"$T/s.json"
    for layer in events zones control; do
        run sitmap --db "$T/db" export --date 2017-02-22 --layer $layer --style "$T/s.json" -o "$T/$layer.kml"
        expect_status 0
        xmllint --noout "$T/$layer.kml" || fail "$layer.kml is not well-formed"
    done
    pm="//$(el Placemark)"
    # events: "place: type", their day, their type's style
    [ "$(kml_get "string($pm[$(el name)='Douma: airstrike']/$(el TimeStamp)/$(el when))" "$T/events.kml")" = 2017-01-10 ] ||
        fail "Douma's airstrike on 2017-01-10: $(grep -A4 Douma "$T/events.kml" | head -8)"
    [ "$(kml_get "string($pm[$(el name)='Douma: airstrike']/$(el styleUrl))" "$T/events.kml")" = "#type-airstrike" ] ||
        fail "the airstrike's styleUrl"
    [ "$(kml_get "string(//$(el Style)[@id='type-airstrike']/$(el IconStyle)/$(el color))" "$T/events.kml")" = ff0000ff ] ||
        fail "airstrikes red: $(grep -A8 'type-airstrike"' "$T/events.kml")"
    [ "$(kml_get "count(//$(el Style)[@id='type-airstrike'])" "$T/events.kml")" = 1 ] || fail "one style a type"
    # zones: the faction's label, valid_from..valid_to, the faction's fill at half
    # opacity and its outline (the fill darkened, for a faction the style lacks)
    z="$pm[$(el name)='Kurdish forces']"
    [ "$(kml_get "string($z/$(el TimeSpan)/$(el begin))" "$T/zones.kml")|$(kml_get "string($z/$(el TimeSpan)/$(el end))" "$T/zones.kml")" = "2017-01-01|2017-03-01" ] ||
        fail "the zone's TimeSpan: $(grep -A6 'Kurdish' "$T/zones.kml")"
    [ "$(kml_get "string($z/$(el styleUrl))" "$T/zones.kml")" = "#faction-kurds" ] || fail "the zone's styleUrl"
    [ "$(kml_get "string(//$(el Style)[@id='faction-kurds']/$(el PolyStyle)/$(el color))" "$T/zones.kml")" = 800088aa ] ||
        fail "the zone's fill: $(grep -A10 'faction-kurds"' "$T/zones.kml")"
    [ "$(kml_get "string(//$(el Style)[@id='faction-kurds']/$(el LineStyle)/$(el color))" "$T/zones.kml")" = ff005266 ] ||
        fail "the zone's outline"
    [ "$(kml_get "count($pm[$(el name)='Islamic State']/$(el TimeSpan)/$(el end))" "$T/zones.kml")" = 0 ] ||
        fail "no end for a zone that still holds"
    [ "$(kml_get "count(//$(el Style))" "$T/zones.kml")" = "$(kml_get "count(//$(el Placemark))" "$T/zones.kml")" ] ||
        fail "one style a faction: $(grep -c '<Style ' "$T/zones.kml") for 3 zones of 3 factions"
    # control: the place, held from its day to the next record's, an icon in the
    # faction's colour
    b="$pm[$(el name)='al-Bab']"
    [ "$(kml_get "string($b/$(el TimeSpan)/$(el begin))" "$T/control.kml")|$(kml_get "string($b/$(el TimeSpan)/$(el end))" "$T/control.kml")" = "2016-12-01|2017-02-23" ] ||
        fail "al-Bab isis from 2016-12-01 until 2017-02-23: $(grep -A8 '>al-Bab<' "$T/control.kml")"
    [ "$(kml_get "string($b/$(el styleUrl))" "$T/control.kml")" = "#faction-isis" ] || fail "al-Bab's styleUrl"
    [ "$(kml_get "string(//$(el Style)[@id='faction-kurds']/$(el IconStyle)/$(el color))" "$T/control.kml")" = ff0088aa ] ||
        fail "the kurds' icon colour"
    [ "$(kml_get "count(//$(el Style)[@id='faction-turkey'])" "$T/control.kml")" = 1 ] || fail "turkey's style once"
}

# A CSV that GDAL wrote with the point as X and Y (GEOMETRY=AS_XY), or as
# WKT in a "geometry" column, imports every row at its own point, not where
# the gazetteer puts its place name; a geometry that is no WKT is refused.
case_csv_with_x_y_or_geometry_reimports_in_place() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import events "$EXAMPLES/events.csv"
    sitmap --db "$T/db" -q export --date 2017-12-31 --layer events -o "$T/ref.csv"
    sitmap --db "$T/db" -q export --date 2017-12-31 --layer events -o "$T/ref.geojson"
    ogr2ogr -f CSV "$T/xy.csv" "$T/ref.geojson" -lco GEOMETRY=AS_XY
    head -1 "$T/xy.csv" | grep -q '^X,Y,' || fail "ogr2ogr wrote X,Y: $(head -1 "$T/xy.csv")"
    ogr2ogr -f CSV "$T/wkt.csv" "$T/ref.geojson" -lco GEOMETRY=AS_WKT
    sed '1s/^WKT,/geometry,/' "$T/wkt.csv" >"$T/geometry.csv"
    for f in xy geometry; do
        sitmap --db "$T/$f.db" -q init
        run sitmap --db "$T/$f.db" import events "$T/$f.csv"
        expect_status 0
        expect_stdout "105 events: 105 new, 0 updated"
        sitmap --db "$T/$f.db" -q export --date 2017-12-31 --layer events -o "$T/$f.back.csv"
        expect_same "$T/ref.csv" "$T/$f.back.csv"
    done
    sed '2s/"POINT ([^)]*)"/"POINT (thirty six)"/' "$T/geometry.csv" >"$T/bad.csv"
    run sitmap --db "$T/geometry.db" import events "$T/bad.csv"
    expect_status 1
    expect_stderr 'bad.csv:2: column "geometry": "POINT (thirty six)" is not a WKT geometry'
}

# CSV gives lat and lon the digits that read back as the same number: points
# reprojected from Web Mercator survive export and import unchanged (the
# geometries' bytes compared).
case_csv_coordinates_reimport_exactly() {
    file_only "compares SpatiaLite's geometry blobs"
    sitmap --db "$T/db0" -q init
    sitmap --db "$T/db0" -q import events "$EXAMPLES/events.csv"
    sitmap --db "$T/db0" -q export --date 2017-12-31 --layer events -o "$T/e.geojson"
    ogr2ogr -f GeoJSON -t_srs EPSG:3857 "$T/m.geojson" "$T/e.geojson"
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import events "$T/m.geojson"
    sitmap --db "$T/db" -q export --date 2017-12-31 --layer events -o "$T/e.csv"
    sitmap --db "$T/db2" -q init
    sitmap --db "$T/db2" -q import events "$T/e.csv"
    sqlite3 "$T/db" "SELECT uid, hex(geom) FROM events ORDER BY uid" >"$T/a"
    sqlite3 "$T/db2" "SELECT uid, hex(geom) FROM events ORDER BY uid" >"$T/b"
    expect_line_count "$T/a" 105
    cmp -s "$T/a" "$T/b" || fail "$(diff "$T/a" "$T/b" | grep -c '^<') of 105 points moved"
}

# -o - writes to standard output, byte for byte the file -o FILE writes;
# the count goes to standard error. A GeoPackage needs a file.
case_export_to_standard_output() {
    load
    for f in geojson csv kml; do
        sitmap --db "$T/db" -q export --date 2017-02-28 --layer events -o "$T/file.$f"
        sitmap --db "$T/db" export --date 2017-02-28 --layer events --format $f -o - >"$T/pipe.$f" 2>"$T/stderr"
        expect_same "$T/file.$f" "$T/pipe.$f"
        expect_stderr "standard output: 12 events"
    done
    run sitmap --db "$T/db" export --date 2017-02-28 --layer zones --format gpkg -o -
    expect_status 2
    expect_stderr "a GeoPackage cannot be written to standard output"
    [ ! -s "$T/stdout" ] || fail "nothing written"
    run sitmap --db "$T/db" export --date 2017-02-28 -o -
    expect_status 2
    expect_stderr "needs --format"
    run sitmap --db "$T/db" export --date 2017-02-28 --format csv -o "$T/z.txt"
    expect_status 2
    expect_stderr "z.txt: a csv file's name must end in .csv"
    [ -z "$(ls -A "$T" | grep -e tmp -e '^-$')" ] || fail "files left: $(ls -A "$T")"
}

# Text that would break KML written by hand (a CDATA end, markup, quotes,
# ampersands) is escaped: the file is well-formed and the note comes back.
case_kml_escapes_hostile_text() {
    sitmap --db "$T/db" -q init
    printf '%s\n' 'date,type,place,lat,lon,notes,source' \
        '2017-01-10,airstrike,Douma,33.5717,36.4017,"x]]><script>alert(1)</script> & ""q"" <b>",A&B <i>' \
        >"$T/e.csv"
    sitmap --db "$T/db" -q import events "$T/e.csv"
    run sitmap --db "$T/db" export --date 2017-01-31 --layer events -o "$T/e.kml"
    expect_status 0
    xmllint --noout "$T/e.kml" || fail "not well-formed: $(grep -m1 notes "$T/e.kml")"
    grep -q '<script' "$T/e.kml" && fail "markup written raw"
    sitmap --db "$T/db2" -q init
    sitmap --db "$T/db2" -q import events "$T/e.kml"
    sitmap --db "$T/db" -q export --date 2017-01-31 --layer events -o "$T/a.csv"
    sitmap --db "$T/db2" -q export --date 2017-01-31 --layer events -o "$T/b.csv"
    expect_same "$T/a.csv" "$T/b.csv"
}

# A zone digitised far finer than the fronts' tolerance (a circle of
# 200,000 vertices) still meets its neighbour along one front line, where
# the two touch; its dense runs are thinned for the near pass (fronts.c).
case_fronts_of_a_densely_digitised_zone() {
    sitmap --db "$T/db" -q init
    python3 - "$T/circle.geojson" <<'PY'
import json, math, sys
n = 200000
c = [[37.5 + 0.3 * math.cos(2 * math.pi * i / n), 36.2 + 0.3 * math.sin(2 * math.pi * i / n)]
     for i in range(n)]
c.append(c[0])
sq = [[37.79, 36.0], [38.3, 36.0], [38.3, 36.4], [37.79, 36.4], [37.79, 36.0]]
def zone(i, f, ring):
    return {"type": "Feature", "properties": {"id": i, "faction": f, "valid_from": "2017-01-01"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}
json.dump({"type": "FeatureCollection", "features": [zone("circle", "isis", c),
          zone("square", "sdf", sq)]}, open(sys.argv[1], "w"))
PY
    sitmap --db "$T/db" -q import zones "$T/circle.geojson"
    run sitmap --db "$T/db" export --date 2017-02-01 --layer frontlines -o "$T/f.csv"
    expect_status 0
    expect_stdout "1 frontlines"
    grep -q 'isis,sdf' "$T/f.csv" || fail "isis left, sdf right: $(cut -c1-200 "$T/f.csv")"
}
