# SPDX-License-Identifier: MIT
# sitmap import events|zones|control, good and bad input.

setup_db() {
    sitmap --db "$T/db" -q init
}

case_import_acled_twice_no_duplicates() {
    setup_db
    run sitmap --db "$T/db" import events "$DATA/acled_sample.csv"
    expect_status 0
    expect_stdout "8 events: 8 new, 0 updated"
    run sitmap --db "$T/db" import events "$DATA/acled_sample.csv" --format acled
    expect_status 0
    expect_stdout "0 new, 0 updated, 8 unchanged"
    run sitmap --db "$T/db" import events "$DATA/acled_update.csv"
    expect_stdout "2 events: 0 new, 1 updated, 1 older than the database's (left as they were)"
}

case_format_acled_requires_acled_columns() {
    setup_db
    run sitmap --db "$T/db" import events "$DATA/events_plain.csv" --format acled
    expect_status 1
    expect_stderr "not an ACLED export"
}

case_csv_without_csv_extension() {
    setup_db
    cp "$DATA/events_plain.csv" "$T/events.txt"
    run sitmap --db "$T/db" import events "$T/events.txt" --format csv
    expect_status 0
    expect_stdout "4 events: 4 new"
}

case_bad_date_rolls_back() {
    setup_db
    run sitmap --db "$T/db" import events "$DATA/bad_date.csv"
    expect_status 1
    expect_stderr 'bad_date.csv:3: column "date": "2017-02-30" is not a calendar date'
    run sitmap --db "$T/db" export --date 2017-03-01 --layer events -o "$T/ev.csv"
    expect_line_count "$T/ev.csv" 1     # header only: line 2 was not half-imported
}

case_every_bad_event_file_exits_1() {
    setup_db
    for f in empty header_only missing_date bad_lat nan_coord bad_type bad_fatalities \
             no_location bad_utf8 control_char garbage; do
        run sitmap --db "$T/db" import events "$DATA/$f.csv"
        expect_status 1
        expect_stderr "$f.csv"
    done
    run sitmap --db "$T/db" info
    expect_stdout "events     0"
}

case_zones_with_fields_and_options() {
    setup_db
    run sitmap --db "$T/db" import zones "$DATA/zones_sample.geojson"
    expect_status 0
    expect_stdout "3 zones: 3 new, 0 updated; 1 geometry repaired"
    run sitmap --db "$T/db" import zones "$DATA/zones_sample.geojson"
    expect_stdout "3 zones: 0 new,"   # same file again: same zones
    run sitmap --db "$T/db" info
    expect_stdout "zones      3"
    run sitmap --db "$T/db" import zones "$DATA/zones_utm.geojson" --faction regime \
        --from 2017-01-01 --to 2017-02-01 --status contested --source utm-test
    expect_status 0
    run sitmap --db "$T/db" export --date 2017-01-15 -o "$T/z.csv"
    expect_status 0
    [ "$(grep -c ',regime,contested,,2017-01-01,2017-02-01,' "$T/z.csv")" -eq 3 ] ||
        fail "3 regime zones from the options: $(cat "$T/z.csv")"
}

case_zones_keep_the_other_side() {
    setup_db
    cat >"$T/z.geojson" <<'EOF2'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"faction": "opposition", "valid_from": "2017-01-01", "status": "besieged", "besieged_by": "regime"},
 "geometry": {"type": "Polygon", "coordinates": [[[36.3, 33.5], [36.5, 33.5], [36.5, 33.6], [36.3, 33.5]]]}}
]}
EOF2
    run sitmap --db "$T/db" import zones "$T/z.geojson"
    expect_status 0
    run sitmap --db "$T/db" export --date 2017-01-02 --layer zones -o "$T/z.csv"
    expect_status 0
    grep -q ',opposition,besieged,regime,2017-01-01,' "$T/z.csv" || fail "the besieger exported: $(cat "$T/z.csv")"
    sed 's/"besieged_by": "regime"/"besieged_by": "opposition"/' "$T/z.geojson" >"$T/self.geojson"
    run sitmap --db "$T/db" import zones "$T/self.geojson"
    expect_status 1
    expect_stderr "feature 1: column \"other_faction\": \"opposition\" is the zone's own faction"
    sed 's/"besieged_by": "regime"/"besieged_by": "the regime"/' "$T/z.geojson" >"$T/bad.geojson"
    run sitmap --db "$T/db" import zones "$T/bad.geojson"
    expect_status 1
    expect_stderr "the regime"
}

case_zones_need_faction_and_dates() {
    setup_db
    run sitmap --db "$T/db" import zones "$DATA/zones_sample.geojson" --faction-field side
    expect_status 1
    expect_stderr 'missing column "side"'
    run sitmap --db "$T/db" import zones "$DATA/zones_point.geojson"
    expect_status 1
    expect_stderr "feature 1: geometry is a POINT, not a polygon"
    run sitmap --db "$T/db" import zones "$DATA/zones_unrepairable.geojson"
    expect_status 1
    expect_stderr "feature 2: invalid geometry that cannot be repaired"
    run sitmap --db "$T/db" import zones "$DATA/zones_sample.geojson" --faction "Free Syrian Army"
    expect_status 2
    expect_stderr "not a plain faction id"
    run sitmap --db "$T/db" info
    expect_stdout "zones      0"
}

# Factions and statuses are words of closed lists: a case variant is the
# known faction, a typo is refused with the nearest to suggest, and a new
# faction is added on purpose; the map then draws it in its colour.
case_zones_factions_and_statuses_are_checked() {
    setup_db
    zone() {
        printf 'faction,valid_from,status,WKT\n%s,2017-01-01,%s,"POLYGON((36.2 35.0,36.4 35.0,36.4 35.2,36.2 35.2,36.2 35.0))"\n' "$1" "$2" >"$T/z.csv"
    }
    zone Regime held
    run sitmap --db "$T/db" import zones "$T/z.csv"
    expect_status 0
    [ "$(db_sql "$T/db" "SELECT faction FROM zones")" = "regime" ] || fail "Regime is regime"
    zone oppositon held
    run sitmap --db "$T/db" import zones "$T/z.csv"
    expect_status 1
    expect_stderr 'z.csv:2: column "faction": "oppositon" is no known faction (did you mean "opposition"?)'
    zone regime sieged
    run sitmap --db "$T/db" import zones "$T/z.csv"
    expect_status 1
    expect_stderr 'column "status": "sieged" is no zone status (did you mean "besieged"?)'
    run sitmap --db "$T/db" import zones "$DATA/zones_sample.geojson" --status Sieged
    expect_status 1
    expect_stderr '--status: "Sieged" is no zone status (did you mean "besieged"?)'
    zone kurds held
    run sitmap --db "$T/db" import zones "$T/z.csv"
    expect_status 1
    expect_stderr '"kurds" is no known faction'
    [ "$(db_sql "$T/db" "SELECT count(*) FROM zones")" -eq 1 ] || fail "nothing refused was kept"
    run sitmap --db "$T/db" faction add kurds --label "Kurdish forces" --colour "#aa8800"
    expect_status 0
    run sitmap --db "$T/db" faction add kurds --label "Kurdish forces" --colour "ochre"
    expect_status 2
    expect_stderr '"ochre" is not a colour'
    run sitmap --db "$T/db" import zones "$T/z.csv"
    expect_status 0
    run sitmap --db "$T/db" faction list
    expect_stdout "kurds            #aa8800   Kurdish forces"
    run sitmap --db "$T/db" render --date 2017-01-02 --bbox 36,34.8,36.6,35.4 -o "$T/k.svg"
    expect_status 0
    grep -q "Kurdish forces" "$T/k.svg" || fail "the legend names the added faction"
    grep -qi "aa8800" "$T/k.svg" || fail "the zone is drawn in its colour"
}

# A point far from the place the row names is refused with the distance;
# swapped latitude and longitude are named; --trust-coordinates keeps it.
case_events_far_from_their_place_are_refused() {
    setup_db
    cat >"$T/ok.csv" <<'EOF2'
date,type,place,lat,lon
2017-01-18,airstrike,Deir ez-Zor,35.336,40.141
2017-01-18,airstrike,Some Unknown Hamlet,35.0,38.0
EOF2
    run sitmap --db "$T/db" import events "$T/ok.csv"
    expect_status 0
    printf 'date,type,place,lat,lon\n2017-01-18,airstrike,Deir ez-Zor,40.141,35.336\n' >"$T/swap.csv"
    run sitmap --db "$T/db" import events "$T/swap.csv"
    expect_status 1
    expect_stderr "swap.csv:2: latitude and longitude are swapped: (40.14100, 35.33600) is"
    printf 'date,type,place,lat,lon\n2017-01-18,airstrike,Deir ez-Zor,36.2,37.15\n' >"$T/far.csv"
    run sitmap --db "$T/db" import events "$T/far.csv"
    expect_status 1
    expect_stderr "far.csv:2: the point (36.20000, 37.15000) is 286 km from Deir ez-Zor"
    # a name met again in the same file, far from where it was: refused too
    printf 'date,type,place,lat,lon\n2017-01-18,airstrike,Deir ez-Zor,35.30,40.10\n2017-01-19,airstrike,Deir ez-Zor,35.336,40.141\n2017-01-20,airstrike,Deir ez-Zor,36.2,37.15\n' >"$T/again.csv"
    run sitmap --db "$T/db" import events "$T/again.csv"
    expect_status 1
    expect_stderr "again.csv:4: the point (36.20000, 37.15000) is 286 km from Deir ez-Zor"
    [ "$(db_sql "$T/db" "SELECT count(*) FROM events")" -eq 2 ] || fail "refused rows stored"
    run sitmap --db "$T/db" import events "$T/far.csv" --trust-coordinates
    expect_status 0
    expect_stdout "1 events: 1 new"
}

# Importing a file again replaces its zones whatever the options (a
# corrected --faction); an export of zones imported again changes nothing.
case_zones_reimport_replaces_them() {
    setup_db
    run sitmap --db "$T/db" import zones "$DATA/zones_utm.geojson" --faction regime \
        --from 2017-01-01 --to 2017-03-01
    expect_status 0
    run sitmap --db "$T/db" import zones "$DATA/zones_utm.geojson" --faction opposition \
        --from 2017-01-01 --to 2017-03-01
    expect_stdout "3 zones: 0 new, 3 updated"
    [ "$(db_sql "$T/db" "SELECT count(*) || ' ' || min(faction) || ' ' || max(faction) FROM zones")" = "3 opposition opposition" ] ||
        fail "three zones, all the corrected faction's"
    run sitmap --db "$T/db" export --date 2017-01-15 --layer zones -o "$T/zx.geojson"
    expect_status 0
    run sitmap --db "$T/db" import zones "$T/zx.geojson"
    expect_status 0
    expect_stdout "3 zones: 0 new,"
    [ "$(db_sql "$T/db" "SELECT count(*) FROM zones")" -eq 3 ] || fail "no copies"
}

# Edits made with other tools: a zone appended by ogr2ogr gets an ISO date
# and its area, so diff agrees with the map; a bad date, status or event
# type is refused by SQLite itself.
case_edits_by_other_tools_are_checked() {
    file_only "SQLite's triggers against other tools' edits (CHECK constraints on a server)"
    setup_db
    cat >"$T/add.geojson" <<'EOF2'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"uid": "qgis-1", "faction": "opposition", "valid_from": "2017-01-01", "status": "held"},
 "geometry": {"type": "Polygon", "coordinates": [[[36.3, 35.5], [36.6, 35.5], [36.6, 35.8], [36.3, 35.8], [36.3, 35.5]]]}}
]}
EOF2
    run ogr2ogr -append -f SQLite "$T/db" "$T/add.geojson" -nln zones -nlt PROMOTE_TO_MULTI
    expect_status 0
    [ "$(db_sql "$T/db" "SELECT valid_from || ' ' || CAST(round(area_km2) AS integer) FROM zones")" = "2017-01-01 904" ] ||
        fail "ISO date and area: $(db_sql "$T/db" "SELECT valid_from, area_km2 FROM zones")"
    run sitmap --db "$T/db" diff 2016-12-31 2017-01-02
    expect_status 0
    expect_stdout "opposition                  0          904         +904          904            0"
    sed 's#"2017-01-01"#"1 Jan 2017"#; s#qgis-1#qgis-2#' "$T/add.geojson" >"$T/bad.geojson"
    run ogr2ogr -append -f SQLite "$T/db" "$T/bad.geojson" -nln zones -nlt PROMOTE_TO_MULTI
    expect_stderr "zones.valid_from: want a date, YYYY-MM-DD"
    sed 's#"held"#"sieged"#; s#qgis-1#qgis-3#' "$T/add.geojson" >"$T/bad2.geojson"
    run ogr2ogr -append -f SQLite "$T/db" "$T/bad2.geojson" -nln zones -nlt PROMOTE_TO_MULTI
    expect_stderr "zones.status: want held, contested, besieged or claimed"
    [ "$(db_sql "$T/db" "SELECT count(*) FROM zones")" -eq 1 ] || fail "refused zones stored"
    run sqlite3 "$T/db" ".load mod_spatialite" "INSERT INTO events (uid, date, type) VALUES ('e1', '2017-01-02', 'airstrikes')"
    expect_stderr "events.type: want airstrike"
    run sqlite3 "$T/db" ".load mod_spatialite" "INSERT INTO events (uid, date, type) VALUES ('e1', '2017-13-02', 'airstrike')"
    expect_stderr "events.date: want a date"
}

case_control_import() {
    setup_db
    run sitmap --db "$T/db" import control "$DATA/control_sample.csv"
    expect_status 0
    expect_stdout "8 control records: 8 new, 0 updated; 1 placed by the gazetteer"
    run sitmap --db "$T/db" import control "$DATA/control_bad_faction.csv"
    expect_status 1
    expect_stderr 'control_bad_faction.csv:3: faction "Free Syrian Army" is not a plain faction id'
}

case_no_stderr_noise_on_success() {
    setup_db
    run sitmap --db "$T/db" -q import zones "$DATA/zones_sample.geojson"
    expect_status 0
    expect_no_stderr
    [ ! -s "$T/stdout" ] || fail "-q prints nothing"
}

case_shapefile_and_geopackage_layers() {
    setup_db
    ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:3857 "$T/zones.shp" "$DATA/zones_sample.geojson" -nln zones 2>/dev/null
    run sitmap --db "$T/db" import zones "$T/zones.shp" --format shp
    expect_status 0
    expect_stdout "3 zones: 3 new"
    ogr2ogr -f GPKG "$T/multi.gpkg" "$DATA/zones_sample.geojson" -nln first 2>/dev/null
    ogr2ogr -f GPKG -update "$T/multi.gpkg" "$DATA/zones_utm.geojson" -nln second 2>/dev/null
    run sitmap --db "$T/db" import zones "$T/multi.gpkg" --layer second --source gpkg-second
    expect_status 0
    expect_stdout "3 zones: 3 new"
    run sitmap --db "$T/db" import zones "$T/multi.gpkg" --layer third
    expect_status 1
    expect_stderr 'no layer named "third"'
    run sitmap --db "$T/db" export --date 2016-12-10 -o "$T/z.csv"
    [ "$(grep -c 'East Aleppo' "$T/z.csv")" -eq 2 ] || fail "East Aleppo from the shapefile and the GPKG: $(cat "$T/z.csv")"
    # Web Mercator and UTM both come back to the same degrees.
    grep 'East Aleppo' "$T/z.csv" | grep -q '37.15 36.18' || fail "reprojected to 37.15 36.18: $(grep 'East Aleppo' "$T/z.csv")"
}

case_events_from_kml_and_geojson_points() {
    setup_db
    ogr2ogr -f GeoJSON "$T/ev.geojson" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
        -a_srs EPSG:4326 "$DATA/events_plain.csv" 2>/dev/null
    run sitmap --db "$T/db" import events "$T/ev.geojson"
    expect_status 0
    expect_stdout "4 events: 4 new"
    ogr2ogr -f LIBKML -mapFieldType Date=String "$T/ev.kml" "$T/ev.geojson" 2>/dev/null
    run sitmap --db "$T/db" import events "$T/ev.kml" --format kml
    expect_status 0
    expect_stdout "4 events: 0 new, 4 updated"   # matched; only the dataset label changed
    # Google Earth keeps the date in <TimeStamp>.
    cat >"$T/ge.kml" <<'KML'
<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Harasta</name><description>Air strikes on Harasta.</description>
<TimeStamp><when>2017-01-12</when></TimeStamp>
<ExtendedData><Data name="type"><value>airstrike</value></Data></ExtendedData>
<Point><coordinates>36.365,33.5586</coordinates></Point></Placemark>
</Document></kml>
KML
    run sitmap --db "$T/db" import events "$T/ge.kml"
    expect_status 0
    expect_stdout "1 events: 1 new"
    sitmap --db "$T/db" -q export --date 2017-01-12 --window 1 --layer events -o "$T/day.csv"
    grep -q ',2017-01-12,1,airstrike,.*,Harasta,.*,33.5586,36.365,' "$T/day.csv" ||
        fail "Harasta on 2017-01-12 from <TimeStamp>: $(cat "$T/day.csv")"
}

case_a_folder_or_wrong_format_is_refused() {
    setup_db
    run sitmap --db "$T/db" import events "$T"
    expect_status 1
    expect_stderr "cannot read"
    run sitmap --db "$T/db" import events "$DATA/zones_sample.geojson" --format csv
    expect_status 1
    run sitmap --db "$T/db" import events "$DATA/events_plain.csv" --format gpkg
    expect_status 1
    expect_stderr "cannot read"
}

# A row named only by a guess (a spelling read from an Arabic name, a
# misspelling) is not put on the map: it keeps its name and the count says so.
case_a_guessed_place_places_no_row() {
    setup_db
    printf 'date,type,place,source\n2016-12-01,shelling,Saraqib,a\n2016-12-01,shelling,Deir Sharqi,a\n2016-12-01,shelling,Saraqip,a\n' > "$T/ev.csv"
    run sitmap --db "$T/db" import events "$T/ev.csv"
    expect_status 0
    expect_stdout "3 events: 3 new, 0 updated; 1 placed by the gazetteer; 2 without coordinates, kept with their place names"
}

# Standard input ("-"): CSV (GDAL cannot tell it by its content; --format
# names another), GeoJSON by GDAL's detection; messages say "standard input".
# A missing file is named with the reason.
case_import_from_standard_input() {
    file_only "reads standard input through a shell of its own, whatever the database"
    setup_db
    run sh -c "'$SITMAP' --db '$T/db' import events - <'$DATA/events_plain.csv'"
    expect_status 0
    expect_stdout "standard input: 4 events: 4 new, 0 updated"
    run sh -c "'$SITMAP' --db '$T/db' import zones - --format geojson <'$DATA/zones_sample.geojson'"
    expect_status 0
    expect_stdout "standard input: 3 zones: 3 new"
    run sh -c "cat '$DATA/control_sample.csv' | '$SITMAP' --db '$T/db' import control -"
    expect_status 0
    expect_stdout "standard input: 8 control records: 8 new"
    printf 'date,type,place,lat,lon\n2017-01-01,airstrike,Douma,north,36.4\n' >"$T/bad.csv"
    run sh -c "'$SITMAP' --db '$T/db' import events - <'$T/bad.csv'"
    expect_status 1
    expect_stderr 'sitmap: standard input:2: latitude "north" is not a number'
    run sitmap --db "$T/db" import events "$T/nosuch.csv"
    expect_status 1
    expect_stderr "nosuch.csv: cannot read: No such file or directory"
}

# GDAL's virtual paths are read as GDAL reads them: a file in a zip archive;
# a missing one is named.
case_import_from_a_zip_archive() {
    cp "$DATA/events_plain.csv" "$DATA/zones_sample.geojson" "$T/"
    if command -v zip >/dev/null; then
        (cd "$T" && zip -q a.zip events_plain.csv zones_sample.geojson)
    else
        python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    [z.write(f, f.split("/")[-1]) for f in sys.argv[2:]]' "$T/a.zip" "$T/events_plain.csv" "$T/zones_sample.geojson"
    fi
    setup_db
    run sitmap --db "$T/db" import events "/vsizip/$T/a.zip/events_plain.csv"
    expect_status 0
    expect_stdout "/vsizip/$T/a.zip/events_plain.csv: 4 events: 4 new"
    run sitmap --db "$T/db" import zones "/vsizip/$T/a.zip/zones_sample.geojson"
    expect_status 0
    expect_stdout "3 zones: 3 new"
    run sitmap --db "$T/db" import events "/vsizip/$T/a.zip/nosuch.csv"
    expect_status 1
    expect_stderr "/vsizip/$T/a.zip/nosuch.csv: cannot read: no such file"
}

# A boundary that crosses itself a few dozen times is repaired; a tangle of
# 2,000 random vertices (thousands of crossings, on which MakeValid ran for
# minutes) is refused at once, naming the feature, and nothing is stored.
case_tangled_polygon_refused_not_hung() {
    setup_db
    python3 - "$T" <<'PY'
import json, random, sys
def cross(a, b, c, d):
    o = lambda p, q, r: (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0])
    return (o(a, b, c) > 0) != (o(a, b, d) > 0) and (o(c, d, a) > 0) != (o(c, d, b) > 0)
def write(name, pts):
    pts = pts + [pts[0]]
    json.dump({"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"faction": "isis", "valid_from": "2017-01-01"},
        "geometry": {"type": "Polygon", "coordinates": [pts]}}]},
        open(sys.argv[1] + "/" + name, "w"))
random.seed(5)
while True:   # 18 vertices crossing 40 to 60 times
    pts = [[37 + random.random(), 36 + random.random()] for _ in range(18)]
    s = [(pts[i], pts[(i + 1) % 18]) for i in range(18)]
    k = sum(cross(*s[i], *s[j]) for i in range(18) for j in range(i + 2, 18) if (i, j) != (0, 17))
    if 40 <= k <= 60:
        break
write("knot.geojson", pts)
write("tangle.geojson", [[37 + random.random(), 36 + random.random()] for _ in range(2000)])
PY
    run sitmap --db "$T/db" import zones "$T/knot.geojson"
    expect_status 0
    expect_stdout "1 geometry repaired"
    run sitmap --db "$T/db" import zones "$T/tangle.geojson"
    expect_status 1
    expect_stderr "tangle.geojson: feature 1: the boundary crosses itself 64 times or more: too tangled to repair"
    run sitmap --db "$T/db" info
    expect_stdout "zones      1"
}
