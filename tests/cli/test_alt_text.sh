# SPDX-License-Identifier: MIT
# render, series and diff --alt-text: the map in words, on the example data
# (examples/: eastern Aleppo falls in December 2016, al-Bab in February 2017).

load() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import zones "$EXAMPLES/zones.geojson"
    sitmap --db "$T/db" -q import control "$EXAMPLES/control.csv"
    sitmap --db "$T/db" -q import events "$EXAMPLES/events.csv"
}

# expect_text FILE TEXT: FILE holds TEXT.
expect_text() {
    grep -qF -- "$2" "$1" || fail "$1 lacks \"$2\": $(cat "$1")"
}

# expect_share FILE LABEL LO HI: the text gives LABEL a whole percent from
# LO to HI ("About 21% of ... is held by LABEL" or "21% by LABEL").
expect_share() {
    pct=$(grep -oE "([0-9]+)% (of [^,;]* is held )?by $2" "$1" | head -1 | grep -oE '^[0-9]+')
    [ -n "$pct" ] && [ "$pct" -ge "$3" ] && [ "$pct" -le "$4" ] ||
        fail "$2 holds ${pct:-no}%, want $3 to $4: $(cat "$1")"
}

case_the_map_in_words() {
    load
    run sitmap --db "$T/db" render --date 2016-12-12 --region north --alt-text "$T/map.txt" \
        -o "$T/map.png"
    expect_status 0
    expect_file "$T/map.png"
    expect_stdout "$T/map.txt: the map in words"
    expect_text "$T/map.txt" "Map of northern Syria as of 12 December 2016 showing territorial control and 9 incidents in the previous 7 days."
    # the legend of this map: SDF 22%, Islamic State 17%, opposition 14%,
    # government 10%, Turkey 3%, no data 35%
    expect_share "$T/map.txt" "Syrian Democratic Forces" 20 23
    expect_share "$T/map.txt" "Islamic State" 16 18
    expect_share "$T/map.txt" "Syrian opposition" 13 15
    expect_share "$T/map.txt" "Syrian government and allies" 9 11
    expect_text "$T/map.txt" "has no data."
    # the week's change: the districts of eastern Aleppo taken by the government
    expect_text "$T/map.txt" "Since 5 December, Syrian government and allies gained about"
    expect_text "$T/map.txt" "mostly from Syrian opposition, taking"
    expect_text "$T/map.txt" "Aleppo Old City"
    # the deadliest of the window: a clash in Aleppo on 8 December, 9 killed
    expect_text "$T/map.txt" "the deadliest, a clash near Aleppo on 8 December, killed 9 people."
    # a caption: one paragraph, at most about 120 words and 5 sentences
    expect_line_count "$T/map.txt" 1
    words=$(wc -w <"$T/map.txt")
    [ "$words" -le 120 ] || fail "$words words: $(cat "$T/map.txt")"
    sentences=$(grep -oE '[a-z0-9]\. ' "$T/map.txt" | wc -l)
    [ "$sentences" -le 4 ] || fail "more than 5 sentences: $(cat "$T/map.txt")"
    run iconv -f UTF-8 -t UTF-8 "$T/map.txt"
    expect_status 0
}

# The shares are those of the legend the map draws, whole Syria or a part.
case_shares_agree_with_the_legend() {
    load
    for region in syria aleppo; do
        run sitmap --db "$T/db" render --date 2017-02-26 --region $region --size 1200x800 \
            --alt-text "$T/$region.txt" -o "$T/$region.svg"
        expect_status 0
        grep -o '>[A-Z][^<]*  [0-9]*%</text>' "$T/$region.svg" |
            sed 's/^>//; s/%<\/text>$//' >"$T/legend"
        while read -r line; do
            name=${line%  *}
            pct=${line##*  }
            [ "$name" = "No data" ] && continue
            expect_share "$T/$region.txt" "$name" $((pct - 1)) $((pct + 1))
        done <"$T/legend"
        [ -s "$T/legend" ] || fail "no shares in the legend of $region"
    done
    expect_text "$T/syria.txt" "Map of Syria as of 26 February 2017"
    expect_text "$T/syria.txt" "% of Syria is held by"
    expect_text "$T/aleppo.txt" "Map of northern Syria as of 26 February 2017"
    expect_text "$T/aleppo.txt" "% of the part of Syria shown is held by"
}

# al-Bab taken by Turkish-backed forces on 23 February; the deadliest
# incident, a bombing near al-Bab on the 24th, killed 51.
case_the_week_of_al_bab() {
    load
    run sitmap --db "$T/db" render --date 2017-02-26 --alt-text "$T/map.txt" -o "$T/map.png"
    expect_status 0
    expect_text "$T/map.txt" "Turkey and Turkish-backed groups gained about 82 square kilometres, mostly from Islamic State, taking Al-Bab"
    expect_text "$T/map.txt" "a bombing near Al-Bab on 24 February, killed 51 people."
    expect_text "$T/map.txt" "The 9 incidents were"
    # the same map, the same words
    run sitmap --db "$T/db" render --date 2017-02-26 --alt-text "$T/again.txt" -o "$T/again.png"
    expect_status 0
    expect_same "$T/map.txt" "$T/again.txt"
    # a window of one day with one incident, and a quiet one
    run sitmap --db "$T/db" render --date 2017-02-22 --window 1 --alt-text "$T/day.txt" \
        -o "$T/day.png"
    expect_status 0
    expect_text "$T/day.txt" "showing territorial control and one incident that day."
    expect_text "$T/day.txt" "The incident was a siege incident near Beit Sawa on 22 February."
    run sitmap --db "$T/db" render --date 2017-02-22 --window 1 --region aleppo \
        --alt-text "$T/quiet.txt" -o "$T/quiet.png"
    expect_status 0
    expect_text "$T/quiet.txt" "showing territorial control; no incidents were recorded that day."
    expect_text "$T/quiet.txt" "No territory changed hands since 15 February."
}

case_bad_alt_text_is_refused() {
    load
    run sitmap --db "$T/db" render --date 2017-02-26 --alt-text "$T/map.png" -o "$T/map.png"
    expect_status 2
    expect_stderr "is the map's own file"
    expect_no_file "$T/map.png"
    run sitmap --db "$T/db" render --date 2017-02-26 --alt-text "$T/no/such/dir/map.txt" \
        -o "$T/map.png"
    expect_status 1
    expect_stderr "no/such/dir/map.txt"
    expect_no_file "$T/no/such/dir/map.txt"
    # an earlier text stays whole when a render fails
    echo "earlier" >"$T/kept.txt"
    run sitmap --db "$T/db" render --date 2017-02-26 --region nowhere --alt-text "$T/kept.txt" \
        -o "$T/map2.png"
    expect_status 2
    expect_text "$T/kept.txt" "earlier"
    ls "$T" | grep -q '\.tmp' && fail "a temporary file left: $(ls "$T")"
    true
}

# series: one text a map, named with its date; its page gives each image
# its words. diff: the change since D1.
case_series_and_diff() {
    load
    run sitmap --db "$T/db" -q series --from 2017-02-21 --to 2017-02-23 --jobs 2 \
        --region aleppo --preset social --html --alt-text "$T/words/%Y-%m-%d.txt" \
        -o "$T/maps/%Y-%m-%d.png"
    expect_status 0
    for d in 21 22 23; do
        expect_file "$T/maps/2017-02-$d.png"
        expect_text "$T/words/2017-02-$d.txt" "as of $d February 2017"
    done
    expect_text "$T/words/2017-02-23.txt" "taking Al-Bab"
    expect_text "$T/maps/index.html" ">Map of northern Syria as of 22 February 2017"
    run sitmap --db "$T/db" series --from 2017-02-21 --to 2017-02-23 --alt-text "$T/words.txt" \
        -o "$T/maps/%Y-%m-%d.png"
    expect_status 2
    expect_stderr "--alt-text"
    run sitmap --db "$T/db" diff 2017-02-01 2017-02-26 --region aleppo --alt-text "$T/diff.txt" \
        -o "$T/diff.png"
    expect_status 0
    expect_text "$T/diff.txt" "in the previous 26 days."
    expect_text "$T/diff.txt" "Since 1 February, Syrian government and allies gained about"
}
