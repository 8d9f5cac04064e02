# SPDX-License-Identifier: MIT
# sitmap diff: areas on two days, gains and losses, places that changed hands.

load() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import zones "$EXAMPLES/zones.geojson"
    sitmap --db "$T/db" -q import control "$EXAMPLES/control.csv"
}

# al-Bab fell to Turkish-backed forces on 23 February 2017 (examples/): the
# Islamic State loses what Turkey gains there, and the town changes hands.
case_diff_table_and_json() {
    load
    run sitmap --db "$T/db" diff 2017-02-20 2017-02-26
    expect_status 0
    expect_stdout "2017-02-23  Al-Bab"
    expect_stdout "isis -> turkey"
    # turkey: 1412 km2 of zones and 189 derived from the places it held, +82 of zones
    grep -Eq '^turkey +1601 +1683 +\+82 +82 +0$' "$T/stdout" || fail "turkey gained 82 km2: $(cat "$T/stdout")"
    run sitmap --db "$T/db" diff 2017-02-20 2017-02-26 --json
    expect_status 0
    cp "$T/stdout" "$T/diff.json"
    run python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["id"]: x for x in d["factions"]}
assert d["from"] == "2017-02-20" and d["to"] == "2017-02-26", d
assert abs(f["turkey"]["gained_km2"] - f["turkey"]["delta_km2"]) < 0.5, f["turkey"]
# isis lost 109.26 km2 of zones, and the cells of the villages regime took
assert f["isis"]["lost_km2"] > 109.26 + 1, f["isis"]
assert f["regime"]["gained_km2"] > 1, f["regime"]
for x in f.values():
    assert abs(x["area_km2_from"] + x["gained_km2"] - x["lost_km2"] - x["area_km2_to"]) < 0.5, x
assert any(c["place"] == "Al-Bab" and c["from_faction"] == "isis" and c["to_faction"] == "turkey"
           and c["date"] == "2017-02-23" for c in d["changed"]), d["changed"]
' "$T/diff.json"
    expect_status 0
}

# The areas the diff counts are those the map draws: each faction's share
# in the legend of the map of D2 is its diff area on D2 over the country's
# (the legend's shares, whole percents, give that area back within 1%).
case_diff_areas_agree_with_the_map() {
    load
    run sitmap --db "$T/db" render --date 2017-02-26 --size 1200x800 -o "$T/map.svg"
    expect_status 0
    grep -o '>[A-Z][^<]*  [0-9]*%</text>' "$T/map.svg" | sed 's/^>//; s/%<\/text>$//' > "$T/shares"
    run sitmap --db "$T/db" diff 2017-02-20 2017-02-26 --json
    expect_status 0
    cp "$T/stdout" "$T/diff.json"
    run python3 -c '
import json, sys
labels = {"Syrian government and allies": "regime", "Syrian opposition": "opposition",
          "Syrian Democratic Forces": "sdf", "Islamic State": "isis"}
share = {}
for line in open(sys.argv[2]):
    name, pct = line.rstrip().rsplit("  ", 1)
    if name in labels:
        share[labels[name]] = float(pct)
area = {x["id"]: x["area_km2_to"] for x in json.load(open(sys.argv[1]))["factions"]}
assert len(share) == 4, share
# the country from the largest share, then every faction against it
country = area["sdf"] / share["sdf"] * 100
for f, pct in share.items():
    assert abs(100 * area[f] / country - pct) <= 1.0, (f, pct, 100 * area[f] / country)
' "$T/diff.json" "$T/shares"
    expect_status 0
}

case_diff_refuses_bad_dates() {
    load
    run sitmap --db "$T/db" diff 2017-02-26 2017-02-20
    expect_status 2
    expect_stderr "comes before"
    run sitmap --db "$T/db" diff 2017-02-30 2017-03-01
    expect_status 2
    run sitmap --db "$T/db" diff 2017-02-20
    expect_status 2
    expect_stderr "want two dates"
}

# The change map: the gained area striped (a pattern), the lost one dashed,
# the places that changed hands ringed, in a group of their own.
case_diff_change_map() {
    load
    run sitmap --db "$T/db" diff 2017-02-01 2017-02-26 --region aleppo --size 800x500 -o "$T/c.svg"
    expect_status 0
    run xmllint --noout "$T/c.svg"
    expect_status 0
    svg_group "$T/c.svg" changes >"$T/changes.svg"
    grep -q 'fill="url(#hatch' "$T/changes.svg" || fail "no striped gain"
    grep -q 'stroke-dasharray="5"' "$T/changes.svg" || fail "no dashed loss"
    [ "$(grep -c 'stroke-width="1.8"' "$T/changes.svg")" -ge 3 ] || fail "fewer than 3 rings"
    grep -q '>Changes since 1 February 2017<' "$T/c.svg" || fail "title"
    run sitmap --db "$T/db" diff 2017-02-01 2017-02-26 --region aleppo
    expect_status 2
    expect_stderr "map options without -o"
}
