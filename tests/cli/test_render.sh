# SPDX-License-Identifier: MIT
# sitmap render: formats, structure, bad input.

load() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import zones "$EXAMPLES/zones.geojson"
    sitmap --db "$T/db" -q import control "$EXAMPLES/control.csv"
    sitmap --db "$T/db" -q import events "$EXAMPLES/events.csv"
}

case_png_svg_pdf() {
    load
    run sitmap --db "$T/db" render --date 2017-01-15 --size 900x600 --title "Test map" -o "$T/m.png"
    expect_status 0
    expect_stdout "labels"
    [ "$(head -c 8 "$T/m.png" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] || fail "a PNG"
    run sitmap --db "$T/db" render --date 2017-01-15 --preset a4 --title "Test map" -o "$T/m.pdf"
    expect_status 0
    run pdfinfo "$T/m.pdf"
    expect_stdout "Page size:       842.25 x 595.5 pts"
    expect_stdout "Title:           Test map"
    run sitmap --db "$T/db" render --date 2017-01-15 --lang en+ar --title "Test map" -o "$T/m.svg"
    expect_status 0
    run xmllint --noout "$T/m.svg"
    expect_status 0
    grep -q '<g id="labels">' "$T/m.svg" && grep -q '<g id="legend">' "$T/m.svg" &&
        grep -q '>Test map</text>' "$T/m.svg" && grep -q 'حلب' "$T/m.svg" ||
        fail "groups, title and Arabic labels as text"
    ! grep -q '<image' "$T/m.svg" || fail "nothing rasterised"
}

case_regions_and_presets() {
    load
    for region in aleppo damascus deir-ez-zor idlib; do
        run sitmap --db "$T/db" render --date 2017-01-15 --region $region --preset square -o "$T/$region.png"
        expect_status 0
    done
    run sitmap --db "$T/db" render --date 2017-01-15 --bbox 36.5,35.5,38.5,36.8 --preset social -o "$T/box.png"
    expect_status 0
}

case_inset_on_a_part_only() {
    load
    inset_paths() { sed -n '/<g id="inset">/,/<\/g>/p' "$1" | grep -c '<path'; }
    run sitmap --db "$T/db" render --date 2017-01-15 --region aleppo -o "$T/part.svg"
    expect_status 0
    [ "$(inset_paths "$T/part.svg")" -ge 3 ] || fail "aleppo: panel, country and frame in the inset"
    run sitmap --db "$T/db" render --date 2017-01-15 --region aleppo --no-inset -o "$T/plain.svg"
    expect_status 0
    [ "$(inset_paths "$T/plain.svg")" -eq 0 ] || fail "--no-inset: the inset group is empty"
    run sitmap --db "$T/db" render --date 2017-01-15 --region syria -o "$T/all.svg"
    expect_status 0
    [ "$(inset_paths "$T/all.svg")" -eq 0 ] || fail "syria: no inset"
}

case_bad_input_is_refused() {
    load
    run sitmap --db "$T/db" render --date 2017-02-30 -o "$T/x.png"
    expect_status 2
    expect_stderr '"2017-02-30" is not a calendar date'
    run sitmap --db "$T/db" render -o "$T/x.png"
    expect_status 2
    expect_stderr "--date is required"
    run sitmap --db "$T/db" render --date 2017-01-15 --region atlantis -o "$T/x.png"
    expect_status 2
    expect_stderr 'unknown region "atlantis"'
    run sitmap --db "$T/db" render --date 2017-01-15 -o "$T/x.gif"
    expect_status 2
    expect_stderr "unknown output format"
    run sitmap --db "$T/db" render --date 2017-01-15 --bbox 40,35,36,37 -o "$T/x.png"
    expect_status 2
    expect_stderr "not a box"
    echo '{ "colours": { "land": "green" } }' >"$T/bad.json"
    run sitmap --db "$T/db" render --date 2017-01-15 --style "$T/bad.json" -o "$T/x.png"
    expect_status 1
    expect_stderr 'bad.json: "land": not a colour'
    run sitmap --db "$T/db" render --date 2017-01-15 --style nosuchstyle -o "$T/x.png"
    expect_status 1
    expect_stderr "nosuchstyle.json: cannot read the style"
    expect_no_file "$T/x.png"
}

case_unknown_faction_warned() {
    load
    printf '{ "factions": [ { "id": "regime", "label": "Government", "fill": "#cc0000" } ] }\n' >"$T/few.json"
    run sitmap --db "$T/db" render --date 2017-01-15 --style "$T/few.json" -o "$T/m.png"
    expect_status 0
    expect_stderr "warning: factions the style does not define: "
    expect_stderr "opposition"
}
