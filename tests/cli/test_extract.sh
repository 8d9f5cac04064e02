# SPDX-License-Identifier: MIT
# sitmap extract: output formats, storing events once, bad input.

article() {
    cat >"$T/a.txt" <<'EOF'
Regime Jets Pound Harasta

Regime warplanes bombed Harasta, northeast of Damascus, this morning, killing at least 12 people.

Opposition outlets said a truce took hold in Madaya on Tuesday. Bashar al-Assad did not comment; the talks move to Geneva next week.
EOF
}

case_extract_json_has_the_design_shape() {
    article
    run sitmap --db "$T/db" extract --json --date 2017-01-19 "$T/a.txt"
    expect_status 0
    cp "$T/stdout" "$T/out.json"
    run python3 - "$T/out.json" "$T/a.txt" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"mentions", "events"}, d.keys()
text = open(sys.argv[2], encoding="utf-8", newline="").read()
for m in d["mentions"]:
    assert text[m["start"]:m["end"]] == m["text"], m
    assert {"text", "start", "end", "place", "kind", "why"} <= set(m), m
kinds = {m["text"]: m["kind"] for m in d["mentions"]}
assert kinds["Harasta"] == "place" and kinds["Geneva"] == "abroad", kinds
assert kinds["Bashar al-Assad"] == "not_place", kinds
evs = {(e["type"], e["place"], e["date"]) for e in d["events"]}
assert ("airstrike", "Harasta", "2017-01-19") in evs, evs
assert ("ceasefire", "Madaya", "2017-01-17") in evs, evs     # the label form of Maḑāyā
for e in d["events"]:
    assert {"date", "type", "place", "lat", "lon", "precision", "fatalities", "actors", "sentence"} <= set(e), e
    assert text[e["start"]:e["end"]] == e["sentence"], e
h = [e for e in d["events"] if e["place"] == "Harasta"][0]
assert h["fatalities"] == 12 and h["fatalities_lower_bound"] is True, h
assert "Syrian government" in h["actors"], h
EOF
    expect_status 0
    if [ -s "$T/stderr" ]; then fail "python: $(cat "$T/stderr")"; fi
}

case_extract_geojson_csv_and_text() {
    article
    run sitmap --db "$T/db" extract --geojson --date 2017-01-19 "$T/a.txt"
    expect_status 0
    cp "$T/stdout" "$T/ev.geojson"
    run ogrinfo -ro -al -so "$T/ev.geojson"
    expect_status 0
    expect_stdout "Feature Count: 2"
    expect_stdout "Geometry: Point"
    run sitmap --db "$T/db" extract --csv --date 2017-01-19 "$T/a.txt" "$T/a.txt"
    expect_status 0
    expect_stdout "file,date,date_precision,type,place"
    cp "$T/stdout" "$T/ev.csv"
    n=$(python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1])))))' "$T/ev.csv")
    [ "$n" -eq 4 ] || fail "two events a file, twice: $n rows"
    run sitmap --db "$T/db" extract --date 2017-01-19 - <"$T/a.txt"
    expect_status 0
    expect_stdout "-: 4 sentences"
    expect_stdout "event 2017-01-19 airstrike at Harasta"
    expect_stdout "abroad    Geneva -> Geneva (CH)"
}

case_extract_into_db_stores_each_sentence_once() {
    article
    sitmap --db "$T/db" -q init
    run sitmap --db "$T/db" extract --into-db --date 2017-01-19 "$T/a.txt"
    expect_status 0
    expect_stdout "2 events stored, 0 already there"
    run sitmap --db "$T/db" extract --into-db --date 2017-01-19 "$T/a.txt"
    expect_status 0
    expect_stdout "0 events stored, 2 already there"
    n=$(db_sql "$T/db" "SELECT count(*) FROM events WHERE dataset = 'extract' AND source LIKE '%a.txt'")
    [ "$n" -eq 2 ] || fail "$n events stored, want 2"
    run sitmap --db "$T/db" export --date 2017-01-19 --window 7 --layer events -o "$T/ev.csv"
    expect_status 0
    grep -q "Harasta" "$T/ev.csv" || fail "the stored event is exported: $(head -3 "$T/ev.csv")"
}

# One sentence, two places struck: two events printed, two stored (the id
# is the article's, the sentence's, the place's and the type's).
case_extract_into_db_stores_what_it_prints() {
    cat >"$T/b.txt" <<'EOF'
Regime warplanes struck Kafranbel and Khan Sheikhoun on Monday, killing nine people.
EOF
    sitmap --db "$T/db" -q init
    run sitmap --db "$T/db" extract --into-db --date 2017-01-25 "$T/b.txt"
    expect_status 0
    printed=$(grep -c '^  event ' "$T/stdout")
    [ "$printed" -eq 2 ] || fail "two events printed: $(cat "$T/stdout")"
    expect_stdout "2 events stored, 0 already there"
    n=$(db_sql "$T/db" "SELECT count(DISTINCT place) FROM events WHERE dataset = 'extract'")
    [ "$n" -eq 2 ] || fail "$n places stored, want 2"
}

# Another source's article on the same incidents: no second event, its
# source recorded with the first; a third article on a town 12 km away is
# its own event; reading the second again changes nothing.
case_extract_into_db_keeps_one_event_per_incident() {
    cat >"$T/b.txt" <<'EOF'
Regime warplanes struck Kafranbel and Khan Sheikhoun on Monday, killing nine people.
EOF
    cat >"$T/c.txt" <<'EOF'
Air strikes hit Kafr Nabl on Monday. Warplanes also bombed Khan Shaykhun, activists said.
EOF
    cat >"$T/d.txt" <<'EOF'
Air strikes hit Maarat al-Numan on Monday.
EOF
    sitmap --db "$T/db" -q init
    run sitmap --db "$T/db" extract --into-db --date 2017-01-25 "$T/b.txt"
    expect_stdout "2 events stored, 0 already there, 0 reports"
    run sitmap --db "$T/db" extract --into-db --date 2017-01-24 --source "Other outlet" "$T/c.txt"
    expect_status 0
    expect_stdout "0 events stored, 0 already there, 2 reports of events other sources told"
    run sitmap --db "$T/db" extract --into-db --date 2017-01-25 "$T/d.txt"
    expect_stdout "1 events stored, 0 already there, 0 reports"
    run sitmap --db "$T/db" extract --into-db --date 2017-01-24 --source "Other outlet" "$T/c.txt"
    expect_stdout "0 events stored, 2 already there, 0 reports"
    n=$({ db_sql "$T/db" "SELECT count(*) FROM events"
          db_sql "$T/db" "SELECT count(*) FROM event_reports"; } | tr '\n' ' ')
    [ "$n" = "3 2 " ] || fail "3 events and 2 reports, not $n"
    run sitmap --db "$T/db" export --date 2017-01-25 --window 7 --layer events -o "$T/ev.csv"
    expect_status 0
    [ "$(grep -c 'b.txt; Other outlet' "$T/ev.csv")" -eq 2 ] ||
        fail "both sources of each incident: $(cat "$T/ev.csv")"
}

case_extract_bad_input_gets_an_answer() {
    : >"$T/empty.txt"
    run sitmap --db "$T/db" extract --json "$T/empty.txt"
    expect_status 0
    expect_stdout '{"mentions":[],"events":[]}'
    printf 'Aleppo\000\001\002' >"$T/bin.txt"
    run sitmap --db "$T/db" extract "$T/bin.txt"
    expect_status 1
    expect_stderr "bin.txt: line 1: a NUL byte"
    printf 'Aleppo\nHoms \351t\351\n' >"$T/latin1.txt"
    run sitmap --db "$T/db" extract "$T/latin1.txt"
    expect_status 1
    expect_stderr "latin1.txt: line 2: not UTF-8"
    run sitmap --db "$T/db" extract "$T/missing.txt"
    expect_status 1
    expect_stderr "missing.txt: cannot open"
    run sitmap --db "$T/db" extract --json --csv "$T/empty.txt"
    expect_status 2
    run sitmap --db "$T/db" extract --date 2017-02-30 "$T/empty.txt"
    expect_status 2
    run sitmap --db "$T/db" extract
    expect_status 2
    # 50 MB on lines without a sentence end
    awk 'BEGIN { s = "shelling near Aleppo and Deir Ezzor killed 3 people and clashes went on in Homs "
                 for (i = 0; i < 640000; i++) printf "%s%s", s, (i % 50 == 49 ? "\n" : "") }' >"$T/big.txt"
    run sitmap --db "$T/db" extract --csv --date 2017-01-19 "$T/big.txt"
    expect_status 0
    [ "$(wc -l <"$T/stdout")" -gt 1000 ] || fail "events from 50 MB: $(wc -l <"$T/stdout")"
}

# Dense news (bench/make_news.awk, 6 KB: many places a sentence, names that
# several villages share, placed by the article's other places): every
# mention's place, reason and event as they were when the text was made.
case_extract_dense_news_answers_as_before() {
    cp "$DATA/extract_dense_news.txt" news.txt
    run sitmap --db "$T/db" extract --date 2017-01-25 news.txt
    expect_status 0
    expect_same "$T/stdout" "$DATA/extract_dense_news.out"
}

# The same text's JSON: every member, number and string as json-c wrote
# them before the output was written as it goes.
case_extract_dense_news_json_as_before() {
    cp "$DATA/extract_dense_news.txt" news.txt
    run sitmap --db "$T/db" extract --json --date 2017-01-25 news.txt
    expect_status 0
    expect_same "$T/stdout" "$DATA/extract_dense_news.json"
}

# Quotes, a backslash, a tab, a form feed, control characters, a slash,
# Arabic script and DEL in the text: its JSON is byte for byte what json-c
# wrote (tests/data/extract_escapes.json was written by it), and parses
# back to the text's own bytes.
case_extract_json_escapes_as_json_c() {
    cp "$DATA/extract_escapes.txt" esc.txt
    run sitmap --db "$T/db" extract --json --date 2017-01-25 esc.txt
    expect_status 0
    expect_same "$T/stdout" "$DATA/extract_escapes.json"
    cp "$T/stdout" "$T/esc.json"
    run python3 - "$T/esc.json" esc.txt <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8", newline="").read()
assert d["events"], "no events"
for e in d["events"]:
    s = e["sentence"]
    assert s == text[e["start"]:e["end"]], (s, e["start"], e["end"])
    assert "\x01" in s or "\x1f" in s, s
for m in d["mentions"]:
    assert m["text"] == text[m["start"]:m["end"]], m
PY
    expect_status 0
}
