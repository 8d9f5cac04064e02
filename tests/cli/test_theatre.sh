# SPDX-License-Identifier: MIT
# --theatre: the country mapped, from a profile (gazetteer/theatres/NAME.json
# or a file); tests/data/theatre_lebanon.json is a made-up second theatre.

LEBANON=$DATA/theatre_lebanon.json

case_unknown_theatre_is_a_usage_error() {
    run sitmap --db "$T/db" --theatre nosuch geocode Aleppo
    expect_status 2
    expect_stderr 'no theatre "nosuch"'
    expect_stderr "the theatres are: syria"
    run env SITMAP_THEATRE=nosuch "$SITMAP" --db "$T/db" extract --date 2017-01-19 "$EXAMPLES/news.txt"
    expect_status 2
    expect_stderr 'no theatre "nosuch"'
    run sitmap --db "$T/db" --theatre ../syria init      # a path: that file, which is not there
    expect_status 1
    expect_stderr "../syria: cannot read the theatre"
    expect_no_file "$T/db"
    run sitmap --db "$T/db" geocode Aleppo --theatre
    expect_status 2
    expect_stderr "--theatre needs a name or a file"
}

case_bad_profile_names_file_and_key() {
    printf '{ "name": "x", "country": "Lebanon" }\n' >"$T/bad.json"
    run sitmap --db "$T/db" --theatre "$T/bad.json" init
    expect_status 1
    expect_stderr "bad.json: \"country\": want two capital letters"
    expect_no_file "$T/db"
    printf '{ "name": ' >"$T/broken.json"
    run sitmap --db "$T/db" --theatre "$T/broken.json" init
    expect_status 1
    expect_stderr "broken.json: the theatre ends before its JSON does (line 1)"
    run sitmap --db "$T/db" --theatre "$T/none.json" init
    expect_status 1
    expect_stderr "none.json"
}

# The default is syria; naming it, or $SITMAP_THEATRE, changes nothing.
case_syria_by_default() {
    sitmap --db "$T/db" -q init
    run sitmap --db "$T/db" geocode --json --limit 1 Beirut
    expect_status 0
    cp "$T/stdout" "$T/default.json"
    run env SITMAP_THEATRE=syria "$SITMAP" --db "$T/db" geocode --json --limit 1 Beirut
    expect_same "$T/default.json" "$T/stdout"
    run env SITMAP_THEATRE=nosuch "$SITMAP" --db "$T/db" --theatre syria geocode --json --limit 1 Beirut
    expect_status 0
    expect_same "$T/default.json" "$T/stdout"
    expect_stdout '"score":0.820'     # abroad: Lebanon's capital ranks below a Syrian city
}

# With Lebanon mapped, its places rank as home and Syria's are abroad.
case_second_theatre_maps_its_country() {
    run sitmap --db "$T/db" --theatre "$LEBANON" init
    expect_status 0
    run sitmap --db "$T/db" --theatre "$LEBANON" geocode --json --limit 1 Beirut
    expect_status 0
    expect_stdout '"name":"Beirut"'
    expect_stdout '"score":1.000'
    printf 'Amber Front fighters clashed with the Bluecoats in Beirut on Monday.\nWarplanes struck Aleppo.\n' >"$T/n.txt"
    run sitmap --db "$T/db" --theatre "$LEBANON" extract --date 2017-01-19 "$T/n.txt"
    expect_status 0
    expect_stdout "place     Beirut -> Beirut"
    expect_stdout "abroad    Aleppo -> Aleppo (SY)"
    expect_stdout "clash at Beirut"
    expect_stdout "actors: Amber Front; Blue Coalition"
    run sitmap --db "$T/db" extract --date 2017-01-19 "$T/n.txt"
    expect_status 0
    expect_stdout "abroad    Beirut -> Beirut (LB)"
    expect_stdout "airstrike at Aleppo"
}

# GeoNames rows: the theatre's country whole, the others inside its box.
case_gazetteer_import_keeps_the_theatres_country() {
    sitmap --db "$T/db" -q --theatre "$LEBANON" init
    run sitmap --db "$T/db" --theatre "$LEBANON" gazetteer import "$DATA/geonames_sample.txt"
    expect_status 0
    expect_stdout "4 rows: 0 new places, 0 merged into known ones, 0 names added, 4 rows left out"
    run sitmap --db "$T/db" --theatre "$LEBANON" gazetteer import --countries SY "$DATA/geonames_sample.txt"
    expect_status 0
    expect_stdout "4 rows: 1 new places, 1 merged into known ones"
}
