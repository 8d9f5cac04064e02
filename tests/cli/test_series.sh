# SPDX-License-Identifier: MIT
# sitmap series: one map a day on every core, progress, the HTML page (checked
# in headless Chromium), the video.

load() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import zones "$EXAMPLES/zones.geojson"
    sitmap --db "$T/db" -q import control "$EXAMPLES/control.csv"
    sitmap --db "$T/db" -q import events "$EXAMPLES/events.csv"
}

# The legend stands still through a series: the same corner every day,
# whatever the day's events, where a single map would move it off them.
case_series_legend_stands_still() {
    load
    run sitmap --db "$T/db" series --from 2016-12-05 --to 2017-02-27 --step 14 --region aleppo \
        --size 800x600 -o "$T/s/%Y-%m-%d.svg"
    expect_status 0
    for f in "$T"/s/*.svg; do
        # the legend panel's left edge and bottom: M x0 y0 L x1 y0 L x1 y1 ...
        sed -n '/<g id="legend">/{n;p}' "$f" | sed 's/.*d="M\([0-9.]*\) [0-9.]*L[0-9.]* [0-9.]*L[0-9.]* \([0-9.]*\).*/\1 \2/'
    done | sort -u > "$T/corners"
    [ "$(wc -l < "$T/corners")" -eq 1 ] || fail "the legend moved: $(tr '\n' '|' < "$T/corners")"
    [ "$(ls "$T"/s/*.svg | wc -l)" -eq 7 ] || fail "7 maps: $(ls "$T/s")"
}

# A worker keeps from one day to the next what did not change (the zones
# given, derived zones, front lines, the image of the zone layers): its maps
# are byte for byte those of each day drawn by a process of its own, on days
# when zones change (2017-01-14 and 16) and days when they do not, in PNG
# and SVG, on one worker and on three.
case_series_maps_are_those_of_single_runs() {
    load
    SOURCE_DATE_EPOCH=1484438400        # the files' creation time: the same bytes
    export SOURCE_DATE_EPOCH
    run sitmap --db "$T/db" series --from 2017-01-12 --to 2017-01-18 --jobs 1 --size 480x360 \
        -o "$T/one/%Y-%m-%d.png"
    expect_status 0
    run sitmap --db "$T/db" series --from 2017-01-12 --to 2017-01-18 --jobs 3 --size 480x360 \
        -o "$T/three/%Y-%m-%d.png"
    expect_status 0
    run sitmap --db "$T/db" series --from 2017-01-12 --to 2017-01-18 --jobs 1 --size 480x360 \
        -o "$T/svg/%Y-%m-%d.svg"
    expect_status 0
    for d in 12 13 14 15 16 17 18; do
        for ext in png svg; do
            run sitmap --db "$T/db" series --from 2017-01-$d --to 2017-01-$d --size 480x360 \
                -o "$T/alone/%Y-%m-%d.$ext"
            expect_status 0
        done
        cmp -s "$T/alone/2017-01-$d.png" "$T/one/2017-01-$d.png" ||
            fail "2017-01-$d: the map of a worker of the whole series is not that of the day alone"
        cmp -s "$T/alone/2017-01-$d.png" "$T/three/2017-01-$d.png" ||
            fail "2017-01-$d: the map of one of three workers is not that of the day alone"
        cmp -s "$T/alone/2017-01-$d.svg" "$T/svg/2017-01-$d.svg" ||
            fail "2017-01-$d: the SVG of the series is not that of the day alone"
    done
    # the zones change on the 14th and the 16th: the maps show it
    ! cmp -s "$T/one/2017-01-13.png" "$T/one/2017-01-14.png" || fail "no change on the 14th"
    ! cmp -s "$T/one/2017-01-15.png" "$T/one/2017-01-16.png" || fail "no change on the 16th"
}

case_series_maps_and_page() {
    load
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-18 --step 2 --jobs 2 \
        --size 400x300 --region aleppo --html -o "$T/maps/%Y-%m-%d.png"
    expect_status 0
    for d in 2017-01-14 2017-01-16 2017-01-18; do
        [ -s "$T/maps/$d.png" ] || fail "no map for $d"
    done
    [ ! -e "$T/maps/2017-01-15.png" ] || fail "a map between the steps"
    # not a terminal: one plain progress line a map
    [ "$(grep -c '^series: [0-9]/3 ' "$T/stderr")" -eq 3 ] || fail "progress: $(cat "$T/stderr")"
    expect_stdout "3 maps on one page"
    [ "$(grep -o 'data:image/png;base64' "$T/maps/index.html" | wc -l)" -eq 3 ] ||
        fail "the page holds the 3 maps"
    # the page steps forward twice with the arrow key by itself (#selftest)
    run chromium --headless --no-sandbox --disable-gpu --user-data-dir="$T/chromium" \
        --dump-dom "file://$T/maps/index.html#selftest"
    expect_status 0
    expect_stdout 'data-test="2017-01-18"'
}

case_series_video_or_clear_refusal() {
    load
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 --size 400x300 \
        --mp4 "$T/s.mp4" -o "$T/v/%Y-%m-%d.png"
    if command -v ffmpeg >/dev/null; then
        expect_status 0
        [ -s "$T/s.mp4" ] || fail "no video"
    else
        expect_status 1
        expect_stderr "--mp4 needs ffmpeg"
    fi
}

case_series_refuses_bad_requests() {
    load
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 -o "$T/same.png"
    expect_status 2
    expect_stderr "must hold the date"
    run sitmap --db "$T/db" series --from 2017-01-15 --to 2017-01-14 -o "$T/%Y-%m-%d.png"
    expect_status 2
    expect_stderr "comes before"
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 --step 0 -o "$T/%Y-%m-%d.png"
    expect_status 2
    # the maps' options are read once, before any map: a missing style is
    # said once, and a bad option is a usage error (2), as in `render`
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 --jobs 2 --style nosuch \
        -o "$T/x/%Y-%m-%d.png"
    expect_status 1
    expect_stderr "nosuch.json"
    [ "$(grep -c nosuch "$T/stderr")" -eq 1 ] || fail "said $(grep -c nosuch "$T/stderr") times"
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 --jobs 2 --size 5x5 \
        -o "$T/x/%Y-%m-%d.png"
    expect_status 2
    [ "$(grep -c 'want WIDTHxHEIGHT' "$T/stderr")" -eq 1 ] ||
        fail "said $(grep -c 'want WIDTHxHEIGHT' "$T/stderr") times"
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 --bbox 1,2,3 \
        -o "$T/x/%Y-%m-%d.png"
    expect_status 2
    expect_stderr "want W,S,E,N"
    expect_no_file "$T/x/2017-01-14.png"
}

# A name that does not change from one map to the next (%Y for a daily
# series) overwrote one file, and the page showed one map under every date:
# it is refused before any map is drawn, naming the two days.
case_series_names_each_map_apart() {
    load
    run sitmap --db "$T/db" series --from 2016-12-31 --to 2017-01-02 --size 400x300 \
        -o "$T/y/%Y.png"
    expect_status 2
    expect_stderr "-o \"$T/y/%Y.png\": the maps of 2017-01-01 and 2017-01-02 would both be $T/y/2017.png"
    expect_no_file "$T/y"
    run sitmap --db "$T/db" series --from 2017-01-01 --to 2017-03-01 --step 31 --size 400x300 \
        -o "$T/m/%Y-%m.png"
    expect_status 0
    [ "$(ls "$T/m" | wc -l)" -eq 2 ] || fail "a map a month: $(ls "$T/m")"
}

# The page holds the maps' dates and names, and the series' title, as HTML
# escapes them; nothing is written into its script.
case_series_page_escapes_names_and_title() {
    load
    d="$T/it's <b>&amp; \"q\""
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 --size 400x300 --html \
        --title '</title><script>alert(1)</script>' -o "$d/%Y-%m-%d.png"
    expect_status 0
    [ "$(grep -o '<script' "$d/index.html" | wc -l)" -eq 1 ] || fail "one script, the page's"
    grep -q '<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>' "$d/index.html" ||
        fail "the title escaped"
    grep -q ">[^<]*/it's &lt;b&gt;&amp;amp; &quot;q&quot;/2017-01-15.png</a>" "$d/index.html" ||
        fail "the names escaped"
    run chromium --headless --no-sandbox --disable-gpu --user-data-dir="$T/chromium" \
        --dump-dom "file://$(printf '%s' "$d" | sed 's/ /%20/g; s/&/%26/g; s/"/%22/g; s/</%3C/g; s/>/%3E/g')/index.html#selftest"
    expect_status 0
    expect_stdout 'data-test="2017-01-15"'
    [ "$(grep -o '<script' "$T/stdout" | wc -l)" -eq 1 ] || fail "one script in the page shown"
}

# ffmpeg's list of maps quotes each name: a ' in a folder's name ended
# the quoted string. An ffmpeg of the test's own reads the list as ffmpeg
# does (single quotes, '\'' for a quote) and checks every map is there.
case_series_video_list_quotes_names() {
    load
    mkdir "$T/bin"
    cat >"$T/bin/ffmpeg" <<'SH'
#!/bin/sh
for a; do out=$a; done
while [ $# -gt 1 ]; do [ "$1" = -i ] && list=$2; shift; done
cp "$list" "$out.list"
sed -n 's/^file //p' "$list" >"$out.files"
while IFS= read -r quoted; do
    eval "set -- $quoted" 2>/dev/null && [ $# -eq 1 ] && [ -f "$1" ] || exit 1
done <"$out.files"
: >"$out"
SH
    chmod +x "$T/bin/ffmpeg"
    run env PATH="$T/bin:$PATH" "$SITMAP" --db "$T/db" series --from 2017-01-14 --to 2017-01-15 \
        --size 400x300 --mp4 "$T/v.mp4" -o "$T/it's a \$(touch pwned) dir/%Y-%m-%d.png"
    expect_status 0
    expect_file "$T/v.mp4.list"
    [ -e "$T/v.mp4" ] || fail "ffmpeg read every map of its list: $(cat "$T/v.mp4.list")"
    grep -qF "file '$T/it'\\''s a \$(touch pwned) dir/2017-01-14.png'" "$T/v.mp4.list" ||
        fail "the quote escaped: $(cat "$T/v.mp4.list")"
    expect_no_file "$T/pwned"
}

# The furniture's options are render's: the credit line, the date's style.
case_series_takes_the_furniture_options() {
    load
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 --size 480x360 \
        --credit "Graphic: J. Doe" --date-format ap --preset story -o "$T/%Y-%m-%d.svg"
    expect_status 0
    grep -q '>Situation as of Jan. 15, 2017</text>' "$T/2017-01-15.svg" || fail "the AP date"
    grep -q '>Graphic: J. Doe</text>' "$T/2017-01-14.svg" || fail "the credit line"
    grep -q 'height="1920"' "$T/2017-01-14.svg" || fail "the story preset"
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 --no-date-line \
        -o "$T/n/%Y-%m-%d.svg"
    expect_status 0
    ! grep -q '<text[^>]*>Situation as of' "$T/n/2017-01-14.svg" || fail "--no-date-line"
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 --date-format "%H" \
        -o "$T/x/%Y-%m-%d.svg"
    expect_status 2
    expect_stderr '--date-format "%H"'
}
