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
        sed -n '/<g id="legend" /{n;p}' "$f" | sed 's/.*d="M\([0-9.]*\) [0-9.]*L[0-9.]* [0-9.]*L[0-9.]* \([0-9.]*\).*/\1 \2/'
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

# view PAGE: the page driven in headless Chromium as a reader would, on a
# phone and a desktop (tests/cli/viewer_check.py); what it saw in $T/seen.
view() {
    mkdir -p "$T/view"
    timeout 180 python3 "$(dirname "$SITMAP")/tests/cli/viewer_check.py" "$1" "$T/view" \
        >"$T/seen" 2>"$T/view.err" || fail "the page could not be driven: $(tail -3 "$T/view.err")"
}
seen() {
    grep -qxF -- "$1" "$T/seen" || fail "the page showed no \"$1\": $(tr '\n' ' ' <"$T/seen" | head -c 600)"
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
    expect_stdout "3 maps on a page"
    # the maps are linked beside the page, not inlined
    ! grep -q 'data:image' "$T/maps/index.html" || fail "maps inlined without --inline"
    for d in 2017-01-14 2017-01-16 2017-01-18; do
        grep -q "data-date=\"$d\" href=\"$d.png\"" "$T/maps/index.html" || fail "no link to $d.png"
    done
    view "file://$T/maps/index.html"
    # it opens on the latest day, its date as a reader says it, with an alternative text
    seen "phone_opened_on: 2017-01-18"
    seen 'phone_label: "18 January 2017"'
    seen 'phone_alt: "Situation map, 18 January 2017"'
    seen 'phone_natural_width: 400'
    # it fits a phone's width and a desktop's, never wider than the map
    seen "phone_overflow: false"
    seen "phone_img_width: 390"
    seen "desktop_overflow: false"
    seen "desktop_img_width: 400"
    # touch: a swipe to the right goes back a day, to the left on a day
    seen "swipe_right: 2017-01-16"
    seen "swipe_left: 2017-01-18"
    seen "button_prev: 2017-01-16"
    seen "button_next: 2017-01-18"
    # keys: the arrows step, Home and End go to the ends
    seen "key_left: 2017-01-16"
    seen "key_left_again: 2017-01-14"
    seen "key_right: 2017-01-16"
    seen "key_home: 2017-01-14"
    seen "key_end: 2017-01-18"
    # play from the last day starts over, steps on its own, and pauses
    seen "play_pressed: true"
    seen "play_label: Pause"
    seen "play_started_on: 2017-01-14"
    seen "play_after_1.6s: 2017-01-18"
    seen "paused_stays: yes"
    seen "pause_pressed: false"
    [ -s "$T/view/phone.png" ] && [ -s "$T/view/desktop.png" ] || fail "no screenshots"
}

# --inline makes one file that holds every map: it still shows them when
# moved alone into another folder.
case_series_page_inline_is_one_file() {
    load
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 --size 400x300 --inline \
        -o "$T/maps/%Y-%m-%d.png"
    expect_status 0
    expect_stdout "2 maps on a page, inlined"
    [ "$(grep -c '<li><a data-date="[0-9-]*" href="data:image/png;base64,' "$T/maps/index.html")" \
        -eq 2 ] || fail "the page holds the 2 maps"
    mkdir "$T/alone"
    cp "$T/maps/index.html" "$T/alone/"
    view "file://$T/alone/index.html"
    seen "desktop_opened_on: 2017-01-15"
    seen "desktop_natural_width: 400"
}

# Maps in dated folders: the page goes in the folder they share and links
# each by its path from there.
case_series_page_in_the_shared_folder() {
    load
    run sitmap --db "$T/db" series --from 2017-01-31 --to 2017-02-01 --size 400x300 --html \
        -o "$T/p/%Y/%m/%d.png"
    expect_status 0
    expect_file "$T/p/index.html"
    grep -q 'href="2017/02/01.png"' "$T/p/index.html" || fail "no link 2017/02/01.png"
    view "file://$T/p/index.html"
    seen "desktop_opened_on: 2017-02-01"
    seen "desktop_natural_width: 400"
}

# With --lang ar the page is Arabic and right to left: the dates in Arabic,
# the arrows and swipes mirrored (left is later).
case_series_page_right_to_left() {
    load
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-16 --size 400x300 --lang ar \
        --html -o "$T/maps/%Y-%m-%d.png"
    expect_status 0
    grep -q '<html lang="ar" dir="rtl">' "$T/maps/index.html" || fail "not an Arabic page"
    view "file://$T/maps/index.html"
    grep -q '^phone_label: ".*يناير\|^phone_label: ".*كانون' "$T/seen" ||
        fail "no Arabic month: $(grep label "$T/seen")"
    seen "key_left: 2017-01-16"
    seen "key_right: 2017-01-15"
    seen "swipe_right: 2017-01-16"
    seen "swipe_left: 2017-01-15"
}

# Each animation is checked, then made: a GIF and a WebP that loop, an MP4
# that players read, the last map held longer than the others.
case_series_animations() {
    load
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-16 --size 400x300 \
        --gif "$T/s.gif" --webp "$T/s.webp" --mp4 "$T/s.mp4" -o "$T/v/%Y-%m-%d.png"
    expect_status 0
    expect_stdout "s.gif: 3 maps animated"
    for f in s.gif s.webp s.mp4; do
        [ -s "$T/$f" ] || fail "no $f"
    done
    [ "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$T/s.gif")" = gif ] ||
        fail "s.gif is not a GIF"
    [ "$(ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 "$T/s.mp4")" = \
        "h264,400,300" ] || fail "s.mp4: $(ffprobe -v error -show_streams "$T/s.mp4" | head -5)"
    head -c 16 "$T/s.webp" | grep -q 'WEBPVP8X' || fail "s.webp is not an extended WebP"
    grep -q ANIM "$T/s.webp" || fail "s.webp is not animated"
    # 0.5 s, 0.5 s, and the last 2 s
    d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/s.mp4")
    awk -v d="$d" 'BEGIN { exit !(d >= 2.95 && d <= 3.05) }' || fail "s.mp4 lasts $d s, want 3"
    ls "$T" | grep -q 'tmp\|frames' && fail "a temporary left: $(ls "$T")"
    true
}

# Without ffmpeg, or with an ffmpeg that lacks the encoder, the series is
# refused before any map is drawn.
case_series_animation_refused_before_maps() {
    load
    mkdir "$T/bin" "$T/nobin"
    run env PATH="$T/nobin" "$SITMAP" --db "$T/db" series --from 2017-01-14 --to 2017-01-15 \
        --size 400x300 --webp "$T/s.webp" -o "$T/v/%Y-%m-%d.png"
    expect_status 1
    expect_stderr "--webp needs ffmpeg, which is not installed"
    expect_no_file "$T/v/2017-01-14.png"
    printf '#!/bin/sh\necho " V..... gif   GIF"\n' >"$T/bin/ffmpeg"
    chmod +x "$T/bin/ffmpeg"
    run env PATH="$T/bin:$PATH" "$SITMAP" --db "$T/db" series --from 2017-01-14 \
        --to 2017-01-15 --size 400x300 --gif "$T/s.gif" --mp4 "$T/s.mp4" -o "$T/v/%Y-%m-%d.png"
    expect_status 1
    expect_stderr "--mp4 needs ffmpeg's libx264 encoder"
    expect_no_file "$T/v/2017-01-14.png"
    expect_no_file "$T/s.gif"
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
# and URIs escape them; nothing is written into its script.
case_series_page_escapes_names_and_title() {
    load
    d="$T/it's <b>&amp; \"q\""
    run sitmap --db "$T/db" series --from 2017-01-14 --to 2017-01-15 --size 400x300 --html \
        --title '</title><script>alert(1)</script>' -o "$d/%Y-%m-%d #1 <i>&amp;.png"
    expect_status 0
    [ "$(grep -o '<script' "$d/index.html" | wc -l)" -eq 1 ] || fail "one script, the page's"
    grep -q '<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>' "$d/index.html" ||
        fail "the title escaped"
    grep -qF 'alt="&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;, 15 January 2017"' \
        "$d/index.html" || fail "the alternative text escaped"
    grep -qF 'href="2017-01-15%20%231%20%3Ci%3E%26amp%3B.png"' "$d/index.html" ||
        fail "the names escaped: $(grep -o 'href="[^"]*"' "$d/index.html" | head -2)"
    view "file://$(printf '%s' "$d" | sed 's/%/%25/g; s/ /%20/g; s/&/%26/g; s/"/%22/g; s/</%3C/g; s/>/%3E/g; s/#/%23/g')/index.html"
    seen "desktop_opened_on: 2017-01-15"
    seen "desktop_natural_width: 400"
}

# ffmpeg's list of maps quotes each name: a ' in a folder's name ended
# the quoted string. An ffmpeg of the test's own reads the list as ffmpeg
# does (single quotes, '\'' for a quote) and checks every map is there.
case_series_video_list_quotes_names() {
    load
    mkdir "$T/bin"
    cat >"$T/bin/ffmpeg" <<'SH'
#!/bin/sh
[ "$3" = -encoders ] && { echo " V....D libx264  H.264"; exit 0; }
here=$(dirname "$0")
for a; do out=$a; done
while [ $# -gt 1 ]; do [ "$1" = -i ] && list=$2; shift; done
cp "$list" "$here/../v.mp4.list"
sed -n 's/^file //p' "$list" >"$here/files"
while IFS= read -r quoted; do
    eval "set -- $quoted" 2>/dev/null && [ $# -eq 1 ] && [ -f "$1" ] || exit 1
done <"$here/files"
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
