# SPDX-License-Identifier: MIT
# sitmap geocode, where, gazetteer import, and geocoding at import.

setup_db() {
    sitmap --db "$T/db" -q init
}

case_geocode_spellings_and_json() {
    setup_db
    run sitmap --db "$T/db" geocode --limit 1 "Deir Ezzor" "Dayr az Zawr" "دير الزور"
    expect_status 0
    [ "$(grep -c '1. Deir ez-Zor' "$T/stdout")" -eq 3 ] || fail "three spellings, one city: $(cat "$T/stdout")"
    run sitmap --db "$T/db" geocode --json --limit 2 "Tadmur"
    expect_status 0
    expect_stdout '"query":"Tadmur","candidates":[{"name":"Palmyra"'
    expect_stdout '"lat":34.56240,"lon":38.28402'
    expect_stdout '"why":'
    expect_stdout '"feature_code":'
    expect_stdout '"pcode":"C2889"'
    run python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/stdout"
    expect_status 0
    run sitmap --db "$T/db" geocode --limit 1 "Kafr Zita"
    expect_stdout "id 168620  P-code C3463"
}

case_geocode_no_match_and_not_places() {
    setup_db
    run sitmap --db "$T/db" geocode "Jabhat Fatah al-Sham" "Xyzzyq"
    expect_status 1
    expect_stdout "Jabhat Fatah al-Sham: a faction, not a place"
    expect_stdout "Xyzzyq: no match"
    run sitmap --db "$T/db" geocode --json "Nusra"
    expect_status 1
    expect_stdout '"candidates":[],"note":"a faction (Jabhat al-Nusra), not a place"'
}

case_geocode_bad_input_never_crashes() {
    setup_db
    run sitmap --db "$T/db" geocode ""
    expect_status 1
    expect_stderr "empty name"
    run sitmap --db "$T/db" geocode "$(head -c 10240 /dev/zero | tr '\0' 'a')"
    expect_status 1
    expect_stderr "too long"
    run sitmap --db "$T/db" geocode "$(printf 'Hom\377s')"
    expect_status 1
    expect_stderr "not valid UTF-8"
    run sitmap --db "$T/db" geocode "$(printf 'Homs\001')"
    expect_status 1
    expect_stderr "control characters"
    run sitmap --db "$T/db" geocode "'; DROP TABLE places; --" "Robert'); DELETE FROM events;--"
    expect_status 1
    run sitmap --db "$T/db" geocode --limit 1 Aleppo
    expect_status 0                      # the gazetteer is intact
    expect_stdout "1. Aleppo"
}

case_geocode_near_and_stdin() {
    setup_db
    run sitmap --db "$T/db" geocode --limit 1 --near "36.2,37.1" Suran
    expect_status 0
    expect_stdout "km from the context"
    run sitmap --db "$T/db" geocode --near "Nowhere-at-all-xq" Suran
    expect_status 1
    expect_stderr 'no such place'
    printf 'Homs\nHama\n\nIdleb\n' >"$T/names"
    run sitmap --db "$T/db" geocode --limit 1 - <"$T/names"
    expect_status 0
    [ "$(grep -c '^  1\. ' "$T/stdout")" -eq 3 ] || fail "three names from stdin: $(cat "$T/stdout")"
}

case_where_names_nearest_places() {
    setup_db
    run sitmap --db "$T/db" where 36.37 37.52
    expect_status 0
    head -n 1 "$T/stdout" | grep -q "Al-Bab" || fail "al-Bab is nearest: $(head -n 2 "$T/stdout")"
    run sitmap --db "$T/db" where --json --limit 2 33.51 36.29
    expect_status 0
    expect_stdout '"name":"Damascus"'
    run sitmap --db "$T/db" where 95 37
    expect_status 2
}

case_gazetteer_import_merges_and_streams() {
    setup_db
    before=$(sitmap --db "$T/db" info | sed -n 's/^places *\([0-9]*\).*/\1/p')
    run sitmap --db "$T/db" gazetteer import "$DATA/geonames_sample.txt" "$DATA/alternate_names_sample.txt"
    expect_status 0
    expect_stdout "geonames_sample.txt: 4 rows: 1 new places, 1 merged into known ones"
    expect_stdout "alternate_names_sample.txt: 4 rows:"
    after=$(sitmap --db "$T/db" info | sed -n 's/^places *\([0-9]*\).*/\1/p')
    [ "$after" -eq $((before + 1)) ] || fail "one place more: $before -> $after"
    run sitmap --db "$T/db" geocode --limit 1 "Tell Zawiyat Hamdan" "تل زاوية حمدان الكبير" "Deir Ezzour" "Deir-Ezzor"
    expect_status 0
    [ "$(grep -c '1. Tall Zawiyat Hamdan' "$T/stdout")" -eq 2 ] || fail "new place and its Arabic name: $(cat "$T/stdout")"
    [ "$(grep -c '1. Deir ez-Zor' "$T/stdout")" -eq 2 ] || fail "merged names: $(cat "$T/stdout")"
    run sitmap --db "$T/db" geocode "https://example.org/tall-zawiyat-hamdan"
    expect_status 1                      # link rows are not names
}

case_gazetteer_import_rejects_other_files() {
    setup_db
    run sitmap --db "$T/db" gazetteer import "$DATA/events_plain.csv"
    expect_status 1
    expect_stderr 'missing column "name"'
    cp "$DATA/events_plain.csv" "$T/events.txt"
    run sitmap --db "$T/db" gazetteer import "$T/events.txt"
    expect_status 1
    expect_stderr "no GeoNames rows in the file"
    run sitmap --db "$T/db" gazetteer import "$DATA/bad_utf8.csv"
    expect_status 1
    run sitmap --db "$T/db" gazetteer import "$T/missing.txt"
    expect_status 1
    expect_stderr "cannot read"
}

case_import_places_rows_by_name() {
    setup_db
    run sitmap --db "$T/db" import events "$DATA/events_plain.csv"
    expect_status 0
    expect_stdout "1 placed by the gazetteer"
    sitmap --db "$T/db" -q export --date 2017-01-10 --window 1 --layer events -o "$T/d.csv"
    grep -q ',Douma,[0-9]*,33\.5[0-9]*,36\.4[0-9]*,1,7,' "$T/d.csv" ||
        fail "Douma placed with precision 1: $(cat "$T/d.csv")"
}

case_a_dump_loaded_twice_adds_nothing() {
    setup_db
    # a GeoNames record of a place that a curated row also describes
    printf '9990010\tKafr Sousa\tKafr Sousa\tKafr Souseh\t33.4990\t36.2720\tP\tPPLX\tSY\t\t13\t\t\t\t0\t\t700\tAsia/Damascus\t2020-01-01\n' >"$T/one.txt"
    before=$(sitmap --db "$T/db" info | sed -n 's/^places *\([0-9]*\).*/\1/p')
    run sitmap --db "$T/db" gazetteer import "$T/one.txt"
    expect_stdout "0 new places, 1 merged into known ones"
    run sitmap --db "$T/db" gazetteer import "$T/one.txt"
    expect_stdout "0 new places, 1 merged into known ones"
    after=$(sitmap --db "$T/db" info | sed -n 's/^places *\([0-9]*\).*/\1/p')
    [ "$after" -eq "$before" ] || fail "no duplicate place: $before -> $after"
    run sitmap --db "$T/db" geocode --json --limit 3 "Kafr Sousa"
    [ "$(grep -o '"name":"Kafr Sousa"' "$T/stdout" | wc -l)" -eq 1 ] || fail "one Kafr Sousa: $(cat "$T/stdout")"
}

case_gazetteer_import_ogr_point_layer() {
    setup_db
    cat >"$T/p.geojson" <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Tell Qarqur Test","population":1200,"name_ar":"تل قرقور"},"geometry":{"type":"Point","coordinates":[36.35,35.78]}},
{"type":"Feature","properties":{"name":"Aleppo","population":1602264},"geometry":{"type":"Point","coordinates":[37.16,36.20]}}
]}
JSON
    run sitmap --db "$T/db" gazetteer import "$T/p.geojson"
    expect_status 0
    expect_stdout "2 rows: 1 new places, 1 merged into known ones"
    run sitmap --db "$T/db" gazetteer import "$T/p.geojson"
    expect_stdout "2 rows: 0 new places, 2 merged into known ones"
    run sitmap --db "$T/db" geocode --limit 1 "تل قرقور"
    expect_status 0
    expect_stdout "1. Tell Qarqur Test"
}
