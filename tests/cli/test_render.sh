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
    grep -q '<g id="labels" inkscape:groupmode="layer"' "$T/m.svg" &&
        grep -q '<g id="legend" inkscape:groupmode="layer"' "$T/m.svg" &&
        grep -q '>Test map</text>' "$T/m.svg" && grep -q 'حلب' "$T/m.svg" ||
        fail "groups, title and Arabic labels as text"
    ! grep -q '<image' "$T/m.svg" || fail "nothing rasterised"
}

case_regions_and_presets() {
    load
    for p in portrait:1080x1350 story:1080x1920; do
        run sitmap --db "$T/db" render --date 2017-01-15 --preset ${p%%:*} -o "$T/${p%%:*}.png"
        expect_status 0
        [ "$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$T/${p%%:*}.png")" = "${p#*:}" ] ||
            fail "--preset ${p%%:*}: not ${p#*:}"
    done
    for region in aleppo damascus deir-ez-zor idlib; do
        run sitmap --db "$T/db" render --date 2017-01-15 --region $region --preset square -o "$T/$region.png"
        expect_status 0
    done
    run sitmap --db "$T/db" render --date 2017-01-15 --bbox 36.5,35.5,38.5,36.8 --preset social -o "$T/box.png"
    expect_status 0
}

case_inset_on_a_part_only() {
    load
    inset_paths() { svg_group "$1" inset | grep -c '<path'; }
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

# A map after the data end says so under its date, and the command warns; a
# map of the last day does neither.
case_stale_data_noted_and_warned() {
    load
    run sitmap --db "$T/db" render --date 2030-01-01 --size 900x600 -o "$T/late.svg"
    expect_status 0
    expect_stderr "warning: the data end on 2017-02-28: the map of 2030-01-01 shows the situation of then"
    grep -q '>Latest data: 28 February 2017</text>' "$T/late.svg" || fail "the note under the date"
    run sitmap --db "$T/db" render --date 2017-02-28 --size 900x600 -o "$T/last.svg"
    expect_status 0
    expect_no_stderr
    ! grep -q 'Latest data' "$T/last.svg" || fail "no note on the data's last day"
    run sitmap --db "$T/db" -q series --from 2017-02-27 --to 2017-03-01 --size 400x300 -o "$T/s/%Y-%m-%d.png"
    expect_status 0
    expect_stderr "the maps up to 2017-03-01 show the situation of then"
}

# The legend's shares are of the country: with the land no record speaks
# of ("No data") they add up to the whole; a map of a region speaks of the
# part of the country it shows.
case_legend_shares_of_the_country() {
    load
    run sitmap --db "$T/db" render --date 2017-02-26 --size 1200x800 -o "$T/s.svg"
    expect_status 0
    grep -q '>Control (share of Syria)</text>' "$T/s.svg" || fail "the header names the country"
    grep -q '>No data  [0-9]*%</text>' "$T/s.svg" || fail "a row of no data"
    sum=$(grep -o '>[A-Z][^<]*  [0-9]*%</text>' "$T/s.svg" | sed 's/.*  \([0-9]*\)%.*/\1/' |
        awk '{ s += $1 } END { print s }')
    [ "$sum" -ge 97 ] && [ "$sum" -le 103 ] || fail "the shares add up to the whole ($sum%)"
    run sitmap --db "$T/db" render --date 2017-02-26 --region idlib --size 900x600 -o "$T/r.svg"
    expect_status 0
    grep -q '>Control (share of Syria shown)</text>' "$T/r.svg" || fail "a region's shares"
}

# The legend lists the factions in the style's order, whatever order the
# map met them in, so that it stands still through a series; the country's
# land of which there is no data comes after them.
case_legend_in_the_style_order() {
    load
    for d in 2016-12-12 2017-02-26; do
        run sitmap --db "$T/db" render --date $d --size 900x600 -o "$T/$d.svg"
        expect_status 0
        grep -o '>[A-Z][^<]*  [0-9<][^<]*%</text>\|>[A-Z][^<]*  ([0-9]* place[s]*)</text>' "$T/$d.svg" |
            sed 's/  .*//; s/^>//' > "$T/$d.order"
    done
    printf 'Syrian government and allies\nSyrian opposition\nSyrian Democratic Forces\nIslamic State\nTurkey and Turkish-backed groups\nHay'"'"'at Tahrir al-Sham\nNo data\n' > "$T/style.order"
    for d in 2016-12-12 2017-02-26; do
        grep -Fxf "$T/$d.order" "$T/style.order" > "$T/$d.expected"
        cmp -s "$T/$d.order" "$T/$d.expected" || fail "$d: legend order $(tr '\n' '|' < "$T/$d.order")"
    done
}

# Text scales with the output: labels of 13 px at 1920x1080, of 26 at
# 3840x2160 (the same map, twice the pixels), of at least 20 on the square
# preset that phones show at a third of its size; --scale overrides.
case_text_scales_with_the_output() {
    load
    labels() { # the font sizes of the labels group of an SVG, one a line, sorted
        svg_group "$1" labels | grep -o 'font-size="[0-9.]*"' |
            tr -dc '0-9.\n' | sort -n | uniq
    }
    run sitmap --db "$T/db" render --date 2017-01-15 -o "$T/hd.svg"
    expect_status 0
    run sitmap --db "$T/db" render --date 2017-01-15 --size 3840x2160 -o "$T/4k.svg"
    expect_status 0
    [ "$(labels "$T/hd.svg" | head -n 1)" = 13 ] || fail "13 px labels at 1920x1080: $(labels "$T/hd.svg" | tr '\n' ' ')"
    [ "$(labels "$T/4k.svg" | head -n 1)" = 26 ] || fail "26 px labels at 3840x2160: $(labels "$T/4k.svg" | tr '\n' ' ')"
    grep -q 'width="3840" height="2160"' "$T/4k.svg" || fail "a 3840x2160 SVG"
    run sitmap --db "$T/db" render --date 2017-01-15 --region aleppo --preset square -o "$T/sq.svg"
    expect_status 0
    awk -v s="$(labels "$T/sq.svg" | head -n 1)" 'BEGIN { exit !(s >= 20) }' ||
        fail "labels of 20 px or more on the square preset: $(labels "$T/sq.svg" | tr '\n' ' ')"
    run sitmap --db "$T/db" render --date 2017-01-15 --region aleppo --preset square --scale 1 -o "$T/sq1.svg"
    expect_status 0
    [ "$(labels "$T/sq1.svg" | head -n 1)" = 13 ] || fail "--scale 1 overrides the preset's"
    run sitmap --db "$T/db" render --date 2017-01-15 --scale 9 -o "$T/bad.svg"
    expect_status 2
    expect_stderr "--scale \"9\": want a number from 0.25 to 8"
}

# The places in the news keep their names: on a square map titled "Khan
# Sheikhoun", the town of a chemical attack (under its symbol, and named in
# the title) and Maarat al-Numan, under an airstrike's, are both labelled.
case_places_in_the_news_are_named() {
    load
    cat > "$T/news.csv" <<'CSV'
date,type,place,lat,lon,fatalities,source
2017-04-04,chemical,Khan Sheikhoun,35.4417,36.6508,86,test
2017-04-04,airstrike,Khan Sheikhoun,35.4420,36.6512,2,test
2017-04-04,airstrike,Maarat al-Numan,35.6483,36.6769,4,test
2017-04-03,airstrike,Maarat al-Numan,35.6490,36.6760,1,test
2017-04-02,shelling,Kafr Nabl,35.6138,36.5645,0,test
2017-04-04,airstrike,Saraqib,35.8641,36.8006,3,test
CSV
    sitmap --db "$T/db" -q import events "$T/news.csv"
    run sitmap --db "$T/db" render --date 2017-04-04 --region idlib --preset square \
        --title "Khan Sheikhoun" -o "$T/ks.svg"
    expect_status 0
    svg_group "$T/ks.svg" labels > "$T/labels"
    grep -q '>Khan Sheikhoun</text>' "$T/labels" || fail "Khan Sheikhoun named"
    grep -q '>Maarat al-Numan</text>' "$T/labels" || fail "Maarat al-Numan named"
}

# A city map names the city's districts (the curated gazetteer's); a map of
# the country does not.
case_city_maps_name_districts() {
    load
    run sitmap --db "$T/db" render --date 2016-12-12 --window 14 --region aleppo-city --size 1200x900 -o "$T/city.svg"
    expect_status 0
    for d in al-Sukkari Salaheddine "Bustan al-Qasr" al-Shaar; do
        grep -q ">$d</text>" "$T/city.svg" || fail "$d named on the city map"
    done
    run sitmap --db "$T/db" render --date 2016-12-12 -o "$T/country.svg"
    expect_status 0
    ! grep -q '>Salaheddine</text>' "$T/country.svg" || fail "no district on the country's map"
}

# The basemap's names (the neighbouring countries in spaced capitals, the
# seas in italics inside the water shown, the rivers along their line), in
# a group of their own under the labels; the mapped country is not named; a
# map in Arabic names them in Arabic; they scale with the output; a city's
# frame has room for none.
case_basemap_names() {
    load
    names() { svg_group "$1" names; }
    run sitmap --db "$T/db" render --date 2017-02-26 --title "Syria" -o "$T/hd.svg"
    expect_status 0
    names "$T/hd.svg" > "$T/names"
    grep -q 'letter-spacing="[0-9.]*"[^>]*>TURKEY</text>' "$T/names" || fail "TURKEY, letter-spaced"
    grep -q '>IRAQ</text>' "$T/names" || fail "IRAQ named"
    grep -q 'font-style="italic"[^>]*>Mediterranean Sea</text>' "$T/names" ||
        fail "the Mediterranean Sea in italics"
    grep -q '<textPath[^>]*>Euphrates</textPath>' "$T/names" || fail "the Euphrates along its line"
    ! grep -qi '>SYRIA</text>' "$T/names" || fail "the mapped country is not named"
    # (a halo is a copy of its text, unfilled: not a naming)
    [ "$(grep -v 'fill="none"' "$T/names" | grep -c '>Euphrates<')" -le 2 ] ||
        fail "a river named twice at most"
    grep -q 'font-size="15"[^>]*>TURKEY<' "$T/names" || fail "15 px country names at 1920x1080"
    run sitmap --db "$T/db" render --date 2017-02-26 --size 3840x2160 -o "$T/4k.svg"
    expect_status 0
    names "$T/4k.svg" | grep -q 'font-size="30"[^>]*>TURKEY<' || fail "30 px at 3840x2160"
    run sitmap --db "$T/db" render --date 2017-02-26 --lang ar -o "$T/ar.svg"
    expect_status 0
    names "$T/ar.svg" | grep -q '>تركيا</text>' || fail "Turkey in Arabic"
    run sitmap --db "$T/db" render --date 2016-12-12 --region aleppo-city --size 1200x900 -o "$T/city.svg"
    expect_status 0
    ! names "$T/city.svg" | grep -q '<text' || fail "no names on a city's map"
}

# The disputed areas the mapped country claims (the Golan Heights) have a
# look of their own, from the style (a tint and a fine dashed outline, not
# a contested zone's stripes), a name with the state that holds them, and a
# row in the legend; a map without them has no such row.
case_disputed_areas_styled_and_named() {
    load
    run sitmap --db "$T/db" render --date 2017-02-26 --region daraa -o "$T/golan.svg"
    expect_status 0
    svg_group "$T/golan.svg" names > "$T/names"
    grep -q '>Golan Heights</text>' "$T/names" && grep -q '>(held by Israel)</text>' "$T/names" ||
        fail "the Golan Heights named, with its holder"
    svg_group "$T/golan.svg" legend | grep -q '>Disputed area</text>' ||
        fail "a legend row for the disputed area"
    svg_group "$T/golan.svg" basemap |
        grep -q 'stroke="#4d4d4d".*stroke-dasharray="2"' || fail "the default outline, dashed"
    cat > "$T/mine.json" <<'JSON'
{ "disputed": { "outline": "#123456", "dash_px": 5, "hatch": "#654321", "hatch_px": 3 } }
JSON
    run sitmap --db "$T/db" render --date 2017-02-26 --region daraa --style "$T/mine.json" -o "$T/mine.svg"
    expect_status 0
    svg_group "$T/mine.svg" basemap |
        grep -q 'stroke="#123456".*stroke-dasharray="5"' || fail "the style's outline"
    grep -q '<pattern[^>]*width="3"' "$T/mine.svg" && grep -q 'fill="#654321"' "$T/mine.svg" ||
        fail "the style's stripes"
    echo '{ "disputed": { "colour": "#123456" } }' > "$T/bad.json"
    run sitmap --db "$T/db" render --date 2017-02-26 --region daraa --style "$T/bad.json" -o "$T/bad.svg"
    expect_status 1
    expect_stderr '"colour": unknown disputed area setting'
    run sitmap --db "$T/db" render --date 2017-02-26 --region aleppo -o "$T/aleppo.svg"
    expect_status 0
    ! grep -q '>Disputed area</text>' "$T/aleppo.svg" || fail "no disputed area, no legend row"
}

# A map of Damascus names its neighbourhoods (OCHA's polygons, derived into
# the gazetteer), in small capitals those the map is not about, and in
# Arabic on a map in Arabic.
case_damascus_city_names_neighbourhoods() {
    load
    run sitmap --db "$T/db" render --date 2017-02-28 --window 14 --region damascus-city --size 1200x900 -o "$T/dam.svg"
    expect_status 0
    svg_group "$T/dam.svg" labels > "$T/labels"
    for d in Jobar "Kafr Sousa" Midan Qadam; do
        grep -q ">$d</text>" "$T/labels" || fail "$d named on the Damascus map"
    done
    grep ">Kafr Sousa</text>" "$T/labels" | grep -q "font-variant=\"small-caps\"" ||
        fail "Kafr Sousa named as a neighbourhood"
    run sitmap --db "$T/db" render --date 2017-02-28 --window 14 --region damascus-city --size 1200x900 --lang ar -o "$T/dam-ar.svg"
    expect_status 0
    grep -q '>جوبر</text>' "$T/dam-ar.svg" || fail "Jobar named in Arabic"
}

# json-c reads NaN and Infinity, which no range check caught (NaN compares
# false with every bound): they crashed the SVG writer, GEOS's buffer and
# the sprite cache, or made the front lines' teeth endless. Each is refused
# with the file and the key; so are a style and a theatre of endless bytes.
case_style_numbers_must_be_finite() {
    load
    for s in '"hatch_px": NaN' '"zone_opacity": NaN' '"derived_max_km": NaN' \
        '"fronts": { "spacing_px": NaN }' '"fronts": { "width_px": NaN }' \
        '"fronts": { "teeth_px": Infinity }' '"disputed": { "dash_px": -Infinity }'; do
        echo "{ $s }" >"$T/nan.json"
        key=$(echo "$s" | sed 's/.*"\([a-z_]*\)": [-A-Za-z]*[ }]*$/\1/')
        run timeout 60 "$SITMAP" --db "$T/db" render --date 2017-01-15 --size 400x300 \
            --style "$T/nan.json" -o "$T/nan.svg"
        expect_status 1
        expect_stderr "nan.json: \"$key\": not a finite number"
        expect_no_file "$T/nan.svg"
    done
    run timeout 60 "$SITMAP" --db "$T/db" render --date 2017-01-15 --style /dev/zero -o "$T/z.png"
    expect_status 1
    expect_stderr "/dev/zero: the style file is larger than 4 MB"
    run timeout 60 "$SITMAP" --db "$T/db" --theatre /dev/zero render --date 2017-01-15 -o "$T/z.png"
    expect_status 1
    expect_stderr "/dev/zero: the theatre file is larger than 4 MB"
    expect_no_file "$T/z.png"
}

# Sizes, windows and boxes are read whole and checked: 4294967396 wrapped
# to 100 and trailing junk was ignored; a window of 2^31 - 1 days overflowed
# the days' arithmetic.
case_sizes_windows_and_boxes_read_strictly() {
    load
    for size in 4294967396x4294967396 300x200junk ' 300x200' 300x 20001x100 99x100 \
        -300x200 300x+200 0x0x0; do
        run sitmap --db "$T/db" render --date 2017-01-15 --size "$size" -o "$T/x.png"
        expect_status 2
        expect_stderr "want WIDTHxHEIGHT in pixels, each from 100 to 20000 (400 megapixels at most)"
    done
    for window in 2147483647 36601 0 -1 7x; do
        for cmd in render export; do
            run sitmap --db "$T/db" $cmd --date 1960-01-01 --window "$window" -o "$T/x.csv"
            expect_status 2
            expect_stderr "--window \"$window\": want a whole number of days from 1 to 36600"
        done
    done
    run sitmap --db "$T/db" series --from 1960-01-01 --to 1960-01-01 --window 2147483647 \
        --size 400x300 -o "$T/s/%Y-%m-%d.png"
    expect_status 2
    expect_stderr "want a whole number of days from 1 to 36600"
    run sitmap --db "$T/db" diff 1900-01-01 2017-01-15 -o "$T/x.png"
    expect_status 2
    expect_stderr "at most 36600 days (100 years), not 42749"
    for box in 36,35,38,nan 36,35,38,37junk 36,35,38,37,1 36,35,38 36,,38,37 ',35,38,37' \
        36,35,38,inf 1e999,35,38,37; do
        run sitmap --db "$T/db" render --date 2017-01-15 --bbox "$box" -o "$T/x.png"
        expect_status 2
        expect_stderr "--bbox \"$box\": want W,S,E,N, four numbers in degrees"
    done
    for box in 36,37,38,35 -181,35,38,37 36,35,36,37 36,-86,38,37; do
        run sitmap --db "$T/db" render --date 2017-01-15 --bbox "$box" -o "$T/x.png"
        expect_status 2
        expect_stderr "--bbox \"$box\" is not a box"
    done
    expect_no_file "$T/x.png"
    run sitmap --db "$T/db" undo 99999999999999999999
    expect_status 2
    expect_stderr "want a batch number"
    # what is within the limits is drawn
    run sitmap --db "$T/db" render --date 2017-01-15 --window 36600 --size 400x300 \
        --bbox 36.5,35.5,38.5,36.8 -o "$T/ok.png"
    expect_status 0
    expect_file "$T/ok.png"
}

# A style's font family went into the SVG's font-family attribute as it
# was: a script on every label. Every text of the SVG is escaped.
case_svg_escapes_style_and_titles() {
    load
    cat >"$T/evil.json" <<'JSON'
{ "name": "evil", "fonts": { "family": "\"><script>alert(1)</script>",
  "arabic": "x' onload='alert(2)" } }
JSON
    # a page wide enough for the title's one line (a narrower one breaks it in two)
    run sitmap --db "$T/db" render --date 2017-01-15 --size 1200x400 --style "$T/evil.json" \
        --title "</text><script>alert(3)</script> ]]> & 'q' \"dq\"" \
        --subtitle "$(printf 'bell\007 <!-- x')" -o "$T/evil.svg"
    expect_status 0
    run xmllint --noout "$T/evil.svg"
    expect_status 0
    ! grep -qi '<script' "$T/evil.svg" || fail "a script element in the SVG"
    [ "$(xmllint --xpath 'count(//@onload)' "$T/evil.svg")" = 0 ] || fail "an attribute made by the style"
    grep -q "font-family=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;, x' onload='alert(2)\"" \
        "$T/evil.svg" || fail "the families escaped in the attribute"
    grep -q ">&lt;/text&gt;&lt;script&gt;alert(3)&lt;/script&gt; ]]&gt; &amp; 'q' &quot;dq&quot;</text>" \
        "$T/evil.svg" || fail "the title escaped"
}

# Without a font that has the map's letters every text was a row of boxes
# and the command said nothing: it fails, naming the script. A family that
# is missing is fine while fontconfig has one in its place.
case_fonts_without_the_letters_refused() {
    load
    mkdir "$T/cache" "$T/latin"
    cat >"$T/none.conf" <<EOF2
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>$T/cache</cachedir></fontconfig>
EOF2
    run env FONTCONFIG_FILE="$T/none.conf" "$SITMAP" --db "$T/db" render --date 2017-01-15 \
        --size 400x300 -o "$T/boxes.png"
    expect_status 1
    expect_stderr 'no font has Latin letters: neither the style'"'"'s "Noto Sans"'
    expect_no_file "$T/boxes.png"
    run env FONTCONFIG_FILE="$T/none.conf" "$SITMAP" --db "$T/db" series --from 2017-01-14 \
        --to 2017-01-15 --size 400x300 -o "$T/s/%Y-%m-%d.png"
    expect_status 1
    expect_stderr 'no font has Latin letters'
    echo '{ "fonts": { "family": "No Such Family" } }' >"$T/missing.json"
    run sitmap --db "$T/db" render --date 2017-01-15 --size 400x300 --style "$T/missing.json" \
        -o "$T/fallback.png"
    expect_status 0
    # Latin letters alone: a map in English is drawn, one in Arabic refused
    latin=/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
    [ -f "$latin" ] || return 0
    ln -s "$latin" "$T/latin/"
    sed "s|<cachedir>|<dir>$T/latin</dir><cachedir>|" "$T/none.conf" >"$T/latin.conf"
    run env FONTCONFIG_FILE="$T/latin.conf" "$SITMAP" --db "$T/db" render --date 2017-01-15 \
        --size 400x300 -o "$T/en.png"
    expect_status 0
    run env FONTCONFIG_FILE="$T/latin.conf" "$SITMAP" --db "$T/db" render --date 2017-01-15 \
        --size 400x300 --lang en+ar -o "$T/ar.png"
    expect_status 1
    expect_stderr 'no font has Arabic letters: neither the style'"'"'s "Noto Naskh Arabic"'
}

# A credit line of the publisher's own above the data's sources (which stay),
# the date line in a newsroom's style, or none; bad values refused with
# nothing written.
case_credit_and_date_line() {
    load
    run sitmap --db "$T/db" render --date 2016-12-12 --region aleppo --size 900x600 \
        --credit "Graphic: J. Doe <Daily>" --date-format ap -o "$T/ap.svg"
    expect_status 0
    svg_group "$T/ap.svg" credits > "$T/credits"
    grep -q '>Graphic: J. Doe &lt;Daily&gt;</text>' "$T/credits" || fail "the credit line"
    grep -q 'OpenStreetMap contributors' "$T/credits" && grep -q 'Natural Earth' "$T/credits" ||
        fail "the sources dropped: $(cat "$T/credits")"
    grep -q '>Situation as of Dec. 12, 2016</text>' "$T/ap.svg" || fail "the AP date"
    for f in "iso:2016-12-12" "long:12 December 2016" "%-d %b %Y:12 Dec 2016" \
             "%A %d/%m/%Y:Monday 12/12/2016"; do
        run sitmap --db "$T/db" render --date 2016-12-12 --region aleppo --size 600x400 \
            --date-format "${f%%:*}" -o "$T/f.svg"
        expect_status 0
        grep -q ">Situation as of ${f#*:}</text>" "$T/f.svg" || fail "--date-format ${f%%:*}"
    done
    # a day after the data: the note on the latest data in the same style
    run sitmap --db "$T/db" render --date 2017-06-01 --size 600x400 --date-format ap -o "$T/late.svg"
    expect_status 0
    grep -q '>Latest data: [A-Z][a-z]*\.* [0-9]*, 2017</text>' "$T/late.svg" || fail "the note in AP style"
    run sitmap --db "$T/db" render --date 2016-12-12 --size 600x400 --no-date-line -o "$T/none.svg"
    expect_status 0
    ! grep -q '<text[^>]*>Situation as of' "$T/none.svg" || fail "--no-date-line drew it"
    run sitmap --db "$T/db" render --date 2016-12-12 --size 600x400 --no-date-line \
        --title "Syria" -o "$T/t.svg"
    expect_status 0
    grep -q '>Syria</text>' "$T/t.svg" || fail "the title without the date line"
    run sitmap --db "$T/db" render --date 2016-12-12 --date-format "%H:%M" -o "$T/bad.png"
    expect_status 2
    expect_stderr '--date-format "%H:%M": want ap, iso, long or a strftime format'
    run sitmap --db "$T/db" render --date 2016-12-12 --credit "" -o "$T/bad.png"
    expect_status 2
    expect_stderr '--credit: want 1 to 200 bytes'
    run sitmap --db "$T/db" render --date 2016-12-12 --credit "$(printf '%0201d' 0)" -o "$T/bad.png"
    expect_status 2
    run sitmap --db "$T/db" render --date 2016-12-12 --credit "$(printf 'Graphic \377')" -o "$T/bad.png"
    expect_status 2
    expect_stderr 'the credit line: not UTF-8 at byte 9'
    expect_no_file "$T/bad.png"
}

# What the files say of themselves: PNG's text chunks, PDF's document
# information; the time they were made is SOURCE_DATE_EPOCH's when set,
# the clock's when not.
png_chunks() {
    python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
i = 8
while i < len(d):
    n, t = struct.unpack(">I4s", d[i:i + 8])
    b = d[i + 8:i + 8 + n]
    if t == b"tEXt":
        k, v = b.split(b"\0", 1)
        print("%s=%s" % (k.decode("latin-1"), v.decode("latin-1")))
    elif t == b"iTXt":
        k, rest = b.split(b"\0", 1)
        assert rest[0] == 0, "compressed"
        lang, tk, v = rest[2:].split(b"\0", 2)
        print("%s=%s" % (k.decode(), v.decode("utf-8")))
    i += 12 + n
' "$1"
}

case_file_metadata() {
    load
    run env SOURCE_DATE_EPOCH=1481500000 "$SITMAP" --db "$T/db" render --date 2016-12-12 \
        --region aleppo --size 600x400 --title "Aleppo" --credit "Graphic: J. Doe" -o "$T/m.png"
    expect_status 0
    png_chunks "$T/m.png" > "$T/chunks" || fail "PNG chunks unreadable"
    grep -qx 'Title=Aleppo' "$T/chunks" || fail "Title: $(cat "$T/chunks")"
    grep -q '^Source=Graphic: J. Doe. Sources: GeoNames .*© OpenStreetMap.*Natural Earth' "$T/chunks" ||
        fail "Source: $(cat "$T/chunks")"
    grep -qx 'Software=sitmap [0-9]*\.[0-9]*\.[0-9]*' "$T/chunks" || fail "Software: $(cat "$T/chunks")"
    grep -qx 'Creation Time=2016-12-11T23:46:40Z' "$T/chunks" || fail "Creation Time: $(cat "$T/chunks")"
    run env SOURCE_DATE_EPOCH=1481500000 "$SITMAP" --db "$T/db" render --date 2016-12-12 \
        --region aleppo --size 600x400 --title "Aleppo" --subtitle "East of the city" -o "$T/m.pdf"
    expect_status 0
    run env TZ=UTC pdfinfo "$T/m.pdf"
    expect_stdout "Title:           Aleppo"
    expect_stdout "Subject:         Situation as of 12 December 2016. East of the city"
    expect_stdout "Creator:         sitmap "
    expect_stdout "CreationDate:    Sun Dec 11 23:46:40 2016 UTC"
    # without it: now
    year=$(date -u +%Y)
    run sitmap --db "$T/db" render --date 2016-12-12 --size 600x400 -o "$T/now.pdf"
    expect_status 0
    run env TZ=UTC pdfinfo "$T/now.pdf"
    grep -q "^CreationDate: .* $year UTC" "$T/stdout" || fail "the PDF's date is not this year's: $(grep Date "$T/stdout")"
    run sitmap --db "$T/db" render --date 2016-12-12 --size 600x400 -o "$T/now.png"
    before=$(date -u +%s)
    png_chunks "$T/now.png" > "$T/chunks"
    made=$(sed -n 's/^Creation Time=//p' "$T/chunks")
    made_s=$(date -u -d "$made" +%s 2>/dev/null || echo 0)
    [ $((before - made_s)) -ge 0 ] && [ $((before - made_s)) -le 120 ] ||
        fail "the PNG's time $made is not now"
    grep -qx 'Title=Situation as of 12 December 2016' "$T/chunks" || fail "untitled: its date line"
    run env SOURCE_DATE_EPOCH=soon "$SITMAP" --db "$T/db" render --date 2016-12-12 -o "$T/bad.png"
    expect_status 2
    expect_stderr 'SOURCE_DATE_EPOCH "soon"'
    expect_no_file "$T/bad.png"
}

# A tall page (portrait 4:5, story 9:16): the title above the map frame,
# the legend below it, on the page's ground; a story keeps its top and
# bottom tenth (the app's bars) free of text. A wide page keeps its legend
# over the map.
case_tall_pages_set_the_legend_below_the_map() {
    load
    for p in portrait:1350 story:1920; do
        run sitmap --db "$T/db" render --date 2017-01-15 --preset ${p%%:*} --title "Syria" \
            --credit "Graphic: J. Doe" -o "$T/${p%%:*}.svg"
        expect_status 0
        python3 - "$T/${p%%:*}.svg" "${p#*:}" "${p%%:*}" <<'PY' || fail "${p%%:*}: the layout"
import re, sys
import xml.etree.ElementTree as ET
root, h, preset = ET.parse(sys.argv[1]).getroot(), int(sys.argv[2]), sys.argv[3]
SVG = "{http://www.w3.org/2000/svg}"
def group(gid):
    return next(e for e in root.iter() if e.get("id") == gid)
def ys(gid):
    return [float(t.get("y")) for t in group(gid).iter(SVG + "text") if t.get("y")]
def rect_ys(gid):
    return [float(m.group(1)) for p in group(gid).iter(SVG + "path")
            for m in [re.match(r"M[0-9.]+ ([0-9.]+)L", p.get("d", ""))] if m]
# the bands: the title's above the frame, the legend's below it
band = rect_ys("legend")[0]                        # the legend band's top: the frame's foot
assert band > h / 2, ("the legend band starts at", band)
assert min(ys("legend")) > band, ("legend text over the map", min(ys("legend")), band)
assert max(ys("title")) < band / 2, ("the title block", ys("title"))
safe = 0.1 * h if preset == "story" else 0
furniture = ys("title") + ys("legend") + ys("credits")
assert min(furniture) > safe and max(furniture) < h - safe, ("text in the app's bars", min(furniture), max(furniture))
PY
    done
    run sitmap --db "$T/db" render --date 2017-01-15 --size 1080x1000 -o "$T/wide.svg"
    expect_status 0
    svg_group "$T/wide.svg" legend > "$T/legend" 2>/dev/null || fail "no legend"
    ! grep -q 'M0.0 ' "$T/legend" ||
        fail "a band on a page not tall"
}
