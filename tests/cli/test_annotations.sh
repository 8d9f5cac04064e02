# SPDX-License-Identifier: MIT
# sitmap render --annotations: an editor's arrows, callouts, highlights,
# notes and texts, those of the map's day, in their SVG groups; bad files
# refused by feature, no map written; series takes them too.

load() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import zones "$EXAMPLES/zones.geojson"
    sitmap --db "$T/db" -q import control "$EXAMPLES/control.csv"
    sitmap --db "$T/db" -q import events "$EXAMPLES/events.csv"
}

case_annotations_of_the_day_drawn() {
    load
    run sitmap --db "$T/db" render --date 2017-02-26 --region aleppo --size 1200x900 \
        --annotations "$EXAMPLES/annotations.geojson" -o "$T/m.svg"
    expect_status 0
    expect_stdout ", 7 annotations"
    run xmllint --noout "$T/m.svg"
    expect_status 0
    for id in shield-advance government-push al-bab tadef arima-front east-aleppo is-heartland; do
        grep -q " id=\"annotation-$id\" " "$T/m.svg" || fail "no annotation-$id"
    done
    ! grep -q 'annotation-east-aleppo-offensive' "$T/m.svg" || fail "December's arrow left out"
    [ "$(grep -c ' id="annotation-' "$T/m.svg")" -eq 7 ] || fail "one element or group for each annotation"
    sed -n '/<g id="annotation-east-aleppo" /,/^<\/g>/p' "$T/m.svg" | grep -q 'stroke-dasharray' &&
        sed -n '/<g id="annotation-east-aleppo" /,/^<\/g>/p' "$T/m.svg" | grep -q '>East Aleppo' ||
        fail "the note's dashed outline and its text in one group"
    sed -n '/<g id="annotations" /,/<g id="names" /p' "$T/m.svg" | grep -q '>Tadif</text>' ||
        fail "the highlighted town named by the highlight"
    ! sed -n '/<g id="labels" /,/<g id="legend" /p' "$T/m.svg" | grep -q '>Tadif</text>' ||
        fail "... and not by a place label"
    grep -q 'font-style="italic".*>East Aleppo: evacuated' "$T/m.svg" || fail "the note in italics"
    run sitmap --db "$T/db" render --date 2016-12-10 --region aleppo --size 1200x900 \
        --annotations "$EXAMPLES/annotations.geojson" -o "$T/dec.svg"
    expect_status 0
    grep -q ' id="annotation-east-aleppo-offensive" ' "$T/dec.svg" &&
        ! grep -q 'annotation-al-bab' "$T/dec.svg" || fail "on 10 December, December's arrow only"
    for ext in png pdf; do
        run sitmap --db "$T/db" render --date 2017-02-26 --region aleppo --size 900x600 \
            --annotations "$EXAMPLES/annotations.geojson" -o "$T/m.$ext"
        expect_status 0
        expect_file "$T/m.$ext"
    done
}

case_bad_annotations_refused() {
    load
    echo old >"$T/m.png"
    cat >"$T/kind.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"kind": "text", "text": "ok"},
  "geometry": {"type": "Point", "coordinates": [37, 36]}},
 {"type": "Feature", "properties": {"kind": "label", "text": "x"},
  "geometry": {"type": "Point", "coordinates": [37, 36]}}]}
JSON
    run sitmap --db "$T/db" render --date 2017-02-26 --annotations "$T/kind.geojson" -o "$T/m.png"
    expect_status 1
    expect_stderr 'kind.geojson: features[1]: unknown kind "label" (want arrow, callout, highlight, note or text)'
    [ "$(cat "$T/m.png")" = old ] || fail "the old map left alone"
    cat >"$T/faction.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"kind": "arrow", "faction": "rebels"},
  "geometry": {"type": "LineString", "coordinates": [[37, 36], [37.5, 36.2]]}}]}
JSON
    run sitmap --db "$T/db" render --date 2017-02-26 --annotations "$T/faction.geojson" -o "$T/f.png"
    expect_status 1
    expect_stderr 'faction.geojson: features[0]: unknown faction "rebels" (the style has regime'
    expect_no_file "$T/f.png"
    printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"kind": "callout", "text": "x", "date": "2017-13-01"}, "geometry": {"type": "Point", "coordinates": [37, 36]}}]}' >"$T/date.geojson"
    run sitmap --db "$T/db" render --date 2017-02-26 --annotations "$T/date.geojson" -o "$T/d.png"
    expect_status 1
    expect_stderr 'date.geojson: features[0]: "date": "2017-13-01" is not a day'
    run sitmap --db "$T/db" render --date 2017-02-26 --annotations "$T/none.geojson" -o "$T/n.png"
    expect_status 1
    expect_stderr 'none.geojson: cannot read the annotations'
    expect_no_file "$T/d.png"
    expect_no_file "$T/n.png"
}

case_series_takes_annotations() {
    load
    run sitmap --db "$T/db" -q series --from 2017-02-21 --to 2017-02-23 --step 2 --size 600x400 \
        --region aleppo --annotations "$EXAMPLES/annotations.geojson" -o "$T/s/%Y-%m-%d.svg"
    expect_status 0
    ! grep -q 'annotation-al-bab' "$T/s/2017-02-21.svg" || fail "no callout before al-Bab fell"
    grep -q ' id="annotation-al-bab" ' "$T/s/2017-02-23.svg" || fail "the callout on its day"
    run sitmap --db "$T/db" -q series --from 2017-02-21 --to 2017-02-23 --size 600x400 \
        --annotations "$T/missing.geojson" -o "$T/t/%Y-%m-%d.png"
    expect_status 1
    expect_stderr 'missing.geojson: cannot read the annotations'
}
