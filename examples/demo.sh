#!/bin/sh
# SPDX-License-Identifier: MIT
# The demonstration run by `make demo`: a database built from the example
# data in out/, a summary of what it holds, place names geocoded, the example
# situation map rendered (PNG and SVG), and the situation exported for a GIS.
set -eu
cd "$(dirname "$0")/.."
out=out
db=$out/demo.db
mkdir -p "$out"
rm -f "$db" "$db-wal" "$db-shm"

./sitmap --db "$db" init
./sitmap --db "$db" import control examples/control.csv
./sitmap --db "$db" import events examples/events.csv
./sitmap --db "$db" import zones examples/zones.geojson
echo
./sitmap --db "$db" info
echo
echo "Place names as the news spells them:"
./sitmap --db "$db" geocode --limit 1 "Deir Ezzor" "Ain Fijeh" "Kafrsouseh" "دير الزور" "Jabhat Fatah al-Sham" || true
./sitmap --db "$db" geocode --limit 1 --near al-Bab Afrin
echo
for day in 2016-12-10 2017-02-26; do
    ./sitmap --db "$db" export --date $day --layer zones -o "$out/zones-$day.geojson"
    ./sitmap --db "$db" export --date $day --layer control -o "$out/control-$day.csv"
    ./sitmap --db "$db" export --date $day --window 7 --layer events -o "$out/events-$day.geojson"
done
echo
./sitmap --db "$db" render --date 2017-01-15 --title "Syria: who controls what" \
    --subtitle "Zones and town-level control; events of the last 7 days (illustrative data)" \
    -o "$out/syria-2017-01-15.png"
./sitmap --db "$db" render --date 2017-01-15 --title "Syria: who controls what" \
    --subtitle "Zones and town-level control; events of the last 7 days (illustrative data)" \
    -o "$out/syria-2017-01-15.svg"
./sitmap --db "$db" render --date 2016-12-12 --region aleppo --preset social --lang en+ar \
    --title "Aleppo" --subtitle "The last days of the siege of eastern Aleppo" \
    -o "$out/aleppo-2016-12-12.png"
echo
echo
echo "What changed from 1 to 26 February 2017:"
./sitmap --db "$db" diff 2017-02-01 2017-02-26
./sitmap --db "$db" diff 2017-02-01 2017-02-26 --region aleppo --preset social \
    -o "$out/change-aleppo-2017-02.png"
echo
echo "A day's news (examples/news.txt) drafted into incidents:"
./sitmap --db "$db" extract --date 2017-01-30 examples/news.txt | grep -A1 '^  event'
./sitmap --db "$db" -q series --from 2017-02-20 --to 2017-02-26 --region aleppo --preset social \
    --title "Aleppo" --html -o "$out/series/%Y-%m-%d.png"
echo
echo "demo: database in $db; maps in $out/syria-2017-01-15.png (and .svg),"
echo "      $out/aleppo-2016-12-12.png, the change map $out/change-aleppo-2017-02.png,"
echo "      a week of daily maps in $out/series/ (open index.html); exports in $out/"
