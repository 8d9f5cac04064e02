#!/bin/sh
# SPDX-License-Identifier: MIT
# `make bench`: the project's benchmarks, timed with hyperfine, printing
# figures and ratios from one run.
#   import: an ACLED export of 5,000 rows into a new database, against
#           ogr2ogr loading the same file into SpatiaLite (the GDAL peer);
#   re-import: the same file again (every row found and updated);
#   export: the events back out to GeoJSON;
#   events at scale (bench/import.sh): 1,000,000 ACLED rows imported and
#           imported again, against ogr2ogr; a 7-day map at 10k and 1M events;
#   gazetteer (bench/gazetteer.sh): exact and misspelled look-ups per second
#           on one core beside their targets, the time to load the index, a
#           whole `sitmap geocode` process, and `sitmap gazetteer import` of
#           a 50,000-row GeoNames file.
#   maps (bench/maps.sh): start-up, a map's fixed cost, series of maps of
#           the example data and of the reference scene, a year for 10 regions;
#   extract (bench/extract.sh): news text to mentions and events, MB a second
#           on one core, on the eval articles and on dense news;
#   postgis (bench/postgis.sh): the scene's map rendered from PostgreSQL +
#           PostGIS against the file, and an import of a million rows into it;
#   render: the reference scene of ../shared/bench (when it is there) as a
#           whole `sitmap render` process, PNG and SVG, side by side with
#           MapServer's map2img and Mapnik when they are installed, with the
#           ratios from that one run.
# BASE= names the sitmap of another build, timed beside this one on the
# million rows (bench/import.sh: "before").
# PEERS=1 also runs ../shared/bench/peers/run.sh (which installs MapServer
# and Mapnik). RUNS sets hyperfine's run count (default 10).
set -eu
cd "$(dirname "$0")/.."
S=$(pwd)/sitmap
W=$(mktemp -d "${TMPDIR:-/tmp}/sitmap-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT
RUNS=${RUNS:-10}
ROWS=${ROWS:-5000}
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (make deps)" >&2; exit 1; }

awk -v n="$ROWS" -f bench/make_acled.awk >"$W/acled.csv"
echo "== import: ACLED export of $ROWS rows ($(wc -c <"$W/acled.csv") bytes) into an initialised"
echo "   database (sitmap) vs ogr2ogr loading it into SpatiaLite, $RUNS runs each"
hyperfine -N --style basic --runs "$RUNS" --export-json "$W/import.json" \
    --prepare "sh -c 'rm -f $W/a.db $W/a.db-wal $W/a.db-shm; $S --db $W/a.db -q init'" \
    "$S --db $W/a.db import events $W/acled.csv -q" \
    --prepare "rm -f $W/o.db" \
    "ogr2ogr -f SQLite -dsco SPATIALITE=YES -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -a_srs EPSG:4326 $W/o.db $W/acled.csv"
echo
echo "== re-import (all $ROWS rows already present) and export"
rm -f "$W/a.db"*
"$S" --db "$W/a.db" -q init
"$S" --db "$W/a.db" -q import events "$W/acled.csv"
hyperfine -N --style basic --runs "$RUNS" --export-json "$W/again.json" \
    "$S --db $W/a.db import events $W/acled.csv -q" \
    "$S --db $W/a.db export --date 2017-12-31 --layer events -o $W/ev.geojson -q"
echo
awk -v rows="$ROWS" '
    /"mean"/ { gsub(/[",]/, ""); m[++k] = $2 }
    END {
        printf "import %d ACLED rows: %.0f ms (%.0f rows/s); ogr2ogr to SpatiaLite: %.0f ms; ratio ogr2ogr/sitmap %.2f\n",
            rows, m[1] * 1000, rows / m[1], m[2] * 1000, m[2] / m[1]
        printf "re-import: %.0f ms; export to GeoJSON: %.0f ms\n", m[3] * 1000, m[4] * 1000
    }' "$W/import.json" "$W/again.json"
. bench/import.sh
echo
S="$S" W="$W" RUNS="$RUNS" BUILD="${BUILD:-build}" sh bench/gazetteer.sh
echo
# a map's fixed cost, start-up, series of maps (its own section)
S="$S" W="$W" RUNS="$RUNS" sh bench/maps.sh

. bench/scene.sh
if [ -f "$SCENE" ]; then
    echo
    echo "== render: the reference scene of ../shared/bench (1920x1080, 206k zone vertices,"
    echo "   10,000 events, 1,000 places), whole process"
    load_scene "$W/s.db"
    RENDER="$S --db $W/s.db render --date 2024-06-29 --window 181 --bbox 35.5,32.3,42.5,37.4 --size 1920x1080 --style bench-scene -q"
    PEERS_DIR=$(cd ../shared/bench/peers && pwd)
    set -- "$RENDER -o $W/scene.png" "$RENDER -o $W/scene.svg"
    # the peers, in the same run, when they are installed (../shared/bench/peers/run.sh installs them)
    if command -v map2img >/dev/null; then
        set -- "$@" "sh -c 'cd $PEERS_DIR && map2img -conf mapserver/mapserver.conf -m mapserver/scene.map -o $W/ms.png'"
    fi
    if /usr/bin/python3 -c "import mapnik" 2>/dev/null; then
        set -- "$@" "sh -c 'cd $PEERS_DIR && /usr/bin/python3 mapnik/render.py $W/mk.png'"
    fi
    # as ../shared/bench/peers/run.sh times the peers: after a warm-up, the
    # median of the runs (this machine's load comes in bursts that a mean
    # takes in); the means are printed too
    hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$W/scene.json" "$@" 2>&1 |
        grep -E "Benchmark|Time|Range"
    awk '/"command"/ { c[++n] = $0 } /"mean"/ { gsub(/[",]/, ""); m[++k] = $2 }
        /"median"/ { gsub(/[",]/, ""); d[++j] = $2 }
        END {
            for (i = 1; i <= k; i++)
                printf "  median %5.0f ms, mean %5.0f ms  %s\n", d[i] * 1000, m[i] * 1000,
                    substr(c[i], 1, 80)
            if (k >= 3) printf "ratio map2img / sitmap png: %.2f (medians; means %.2f)\n", d[3] / d[1], m[3] / m[1]
            if (k >= 4) printf "ratio mapnik / sitmap png: %.2f (medians; means %.2f)\n", d[4] / d[1], m[4] / m[1]
        }' "$W/scene.json"
    echo
    echo "== diff: the reference scene between two days of its one state, and from before its"
    echo "   zones to after (every zone new: GEOS unions all 206k vertices)"
    hyperfine -N --style basic --runs 3 "$S --db $W/s.db diff 2024-03-01 2024-06-29 --json" \
        "$S --db $W/s.db diff 2023-12-31 2024-06-29 --json" 2>&1 | grep -E "Time|Range"
    # peak memory (maximum resident set) of each PNG render
    if [ -x /usr/bin/time ]; then
        for cmd in "$@"; do
            case $cmd in *scene.svg*) continue ;; esac
            /usr/bin/time -f "  peak memory %M KB: %C" sh -c "$cmd" 2>&1 >/dev/null | tail -1 | cut -c1-110
        done
    fi
    . bench/postgis.sh
fi
echo
. bench/extract.sh

if [ "${PEERS:-0}" = 1 ] && [ -x ../shared/bench/peers/run.sh ]; then
    echo
    echo "== peers (../shared/bench): MapServer, Mapnik and cartopy on their own"
    ../shared/bench/peers/run.sh 3
fi
