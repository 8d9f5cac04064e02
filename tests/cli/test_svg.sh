# SPDX-License-Identifier: MIT
# sitmap render -o FILE.svg: what Inkscape (and Illustrator) find in it.
# Inkscape itself reads the files (`make deps` installs it).

load() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import zones "$EXAMPLES/zones.geojson"
    sitmap --db "$T/db" -q import control "$EXAMPLES/control.csv"
    sitmap --db "$T/db" -q import events "$DATA/acled_sample.csv"
}

# inkscape ARGS...: Inkscape with a home of its own in $T (it writes its
# preferences and caches there), its output in $T/stdout and $T/stderr.
inkscape_run() {
    command -v inkscape >/dev/null ||
        { echo "  skip: no inkscape (make deps installs it)" >&2; exit 77; }
    mkdir -p "$T/home"
    run env HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" XDG_CACHE_HOME="$T/home/.cache" \
        XDG_DATA_HOME="$T/home/.local/share" XDG_RUNTIME_DIR="$T/home" inkscape "$@"
}

# The value of every attribute `name` (any namespace) of the elements the
# XPath selects, one a line.
attrs() {
    xmllint --xpath "$2/@*[local-name()='$3']" "$1" | sed 's/^ *[a-z:-]*="\(.*\)"$/\1/'
}

render_svg() {
    run sitmap --db "$T/db" render --date 2017-01-20 --lang en+ar --size 1200x800 -o "$1"
    expect_status 0
}

# Inkscape reads the map: no parser error, and every id of the file is one
# of its objects (none renamed: the ids are unique).
case_inkscape_reads_it() {
    load
    render_svg "$T/m.svg"
    run xmllint --noout "$T/m.svg"
    expect_status 0
    expect_no_stderr
    inkscape_run --query-all "$T/m.svg"
    expect_status 0
    ! grep -qi 'parser error\|failed to load' "$T/stderr" ||
        fail "Inkscape could not read it: $(head -c 300 "$T/stderr")"
    cut -d, -f1 "$T/stdout" | sort > "$T/objects"
    grep -o ' id="[^"]*"' "$T/m.svg" | sed 's/ id="\(.*\)"/\1/' | sort > "$T/ids"
    [ -s "$T/ids" ] || fail "no ids"
    [ -z "$(uniq -d "$T/ids")" ] || fail "ids given twice: $(uniq -d "$T/ids" | head -3)"
    # what Inkscape lists: what has a box (not the <defs>, nor an empty layer)
    { attrs "$T/m.svg" "//*[local-name()='g'][not(*)]" id
      attrs "$T/m.svg" "//*[local-name()='defs']//*" id; } | sort > "$T/boxless"
    missing=$(comm -23 "$T/ids" "$T/objects" | comm -23 - "$T/boxless")
    [ -z "$missing" ] || fail "ids Inkscape does not list: $(echo "$missing" | head -3)"
    for id in basemap zones frontlines control events all-labels names labels furniture \
        legend title scalebar credits event-SYR10001 place-170063; do
        grep -qx "$id" "$T/objects" || fail "Inkscape lists no $id"
    done
}

# The top-level groups are Inkscape layers, named and ordered as a designer
# expects; Labels and Furniture hold sublayers.
case_layers() {
    load
    render_svg "$T/m.svg"
    attrs "$T/m.svg" "/*/*[local-name()='g']" label > "$T/top"
    printf '%s\n' Basemap Zones Changes Fronts "Control points" Events Annotations Labels \
        Furniture Credits \
        > "$T/want"
    expect_same "$T/top" "$T/want"
    attrs "$T/m.svg" "/*/*[local-name()='g']" groupmode | sort -u > "$T/modes"
    [ "$(cat "$T/modes")" = layer ] || fail "top-level groups not all layers: $(cat "$T/modes")"
    attrs "$T/m.svg" "//*[@id='all-labels']/*[local-name()='g']" label | tr '\n' '|' > "$T/sub"
    [ "$(cat "$T/sub")" = "Basemap names|Place labels|" ] || fail "Labels holds $(cat "$T/sub")"
    attrs "$T/m.svg" "//*[@id='furniture']/*[local-name()='g']" label | tr '\n' '|' > "$T/sub"
    [ "$(cat "$T/sub")" = "Legend|Inset|Title|Scale bar|" ] ||
        fail "Furniture holds $(cat "$T/sub")"
    grep -q 'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"' "$T/m.svg" ||
        fail "the inkscape namespace"
}

# Zones, fronts, events and labels carry ids made of the data, the same on
# every run, and data- attributes: faction, place id, event id, date.
case_ids_and_data() {
    load
    render_svg "$T/m.svg"
    render_svg "$T/again.svg"
    grep -o ' id="[^"]*"' "$T/m.svg" > "$T/ids"
    grep -o ' id="[^"]*"' "$T/again.svg" > "$T/ids2"
    expect_same "$T/ids" "$T/ids2"
    svg_group "$T/m.svg" event-SYR10001 > "$T/ev"
    grep -q 'data-kind="event"' "$T/ev" && grep -q 'data-event-id="SYR10001"' "$T/ev" &&
        grep -q 'data-date="2017-01-18"' "$T/ev" || fail "al-Bab's airstrike: $(cat "$T/ev")"
    svg_group "$T/m.svg" place-170063 > "$T/aleppo"
    grep -q 'data-kind="place-label"' "$T/aleppo" && grep -q 'data-place-id="170063"' "$T/aleppo" &&
        grep -q '>Aleppo  حلب</text>' "$T/aleppo" || fail "Aleppo's label: $(cat "$T/aleppo")"
    # the besieged Eastern Ghouta: its id from its faction and uid
    id=$(attrs "$T/m.svg" "//*[@data-name='Eastern Ghouta opposition enclave']" id)
    expr "$id" : 'zone-opposition-z[0-9a-f]*$' >/dev/null || fail "Eastern Ghouta's id: $id"
    svg_group "$T/m.svg" "$id" > "$T/ghouta"
    grep -q 'data-faction="opposition"' "$T/ghouta" &&
        grep -q 'data-status="besieged"' "$T/ghouta" &&
        grep -q 'data-other-faction="regime"' "$T/ghouta" &&
        grep -q 'data-date="2016-12-01"' "$T/ghouta" ||
        fail "Eastern Ghouta: $(head -c 300 "$T/ghouta")"
    inkscape_run --query-all "$T/m.svg"
    grep -q "^$id," "$T/stdout" || fail "Inkscape lists no $id"
    fronts=$(attrs "$T/m.svg" "//*[@data-kind='front-line']" id | head -n 1)
    expr "$fronts" : 'front-[a-z]*-[a-z]*' >/dev/null || fail "a front's id: $fronts"
    n=$(xmllint --xpath "count(//*[@data-kind='control-point'][@data-faction])" "$T/m.svg")
    [ "$n" -gt 100 ] || fail "control points with their faction: $n"
}

# Halos are a stroked copy of the text under it, grouped with it (no SVG 2
# paint-order); every text keeps its spaces.
case_halos_and_spaces() {
    load
    render_svg "$T/m.svg"
    ! grep -q 'paint-order' "$T/m.svg" || fail "paint-order"
    n=$(grep -c '<text' "$T/m.svg")
    [ "$n" -gt 100 ] && [ "$n" -eq "$(grep -c '<text[^>]*xml:space="preserve"' "$T/m.svg")" ] ||
        fail "a text without xml:space"
    svg_group "$T/m.svg" place-170063 | grep '<text' > "$T/texts"
    [ "$(wc -l < "$T/texts")" -eq 2 ] || fail "Aleppo: a halo and its text: $(cat "$T/texts")"
    head -n 1 "$T/texts" |
        grep -q 'fill="none" stroke="#ffffff"[^>]* stroke-width="4.4" stroke-linejoin="round">Aleppo  حلب<' ||
        fail "the halo first, stroked: $(head -n 1 "$T/texts")"
    tail -n 1 "$T/texts" | grep -q 'fill="#[0-9a-f]*">Aleppo  حلب<' || fail "the text over it"
}

# Inkscape draws the SVG as sitmap draws the PNG: the same image but for the
# antialiasing of the glyphs' edges (each lays its text out itself).
case_inkscape_draws_it_as_the_png() {
    load
    render_svg "$T/m.svg"
    run sitmap --db "$T/db" render --date 2017-01-20 --lang en+ar --size 1200x800 -o "$T/m.png"
    expect_status 0
    inkscape_run --export-type=png --export-filename="$T/ink.png" "$T/m.svg"
    expect_status 0
    expect_file "$T/ink.png"
    run "$(dirname "$SITMAP")/${BUILD:-build}/imgdiff" "$T/m.png" "$T/ink.png" "$T/diff.png" 64 4
    expect_status 0
}
