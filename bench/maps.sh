#!/bin/sh
# SPDX-License-Identifier: MIT
# The cost of a map and of a series of maps (run by bench/run.sh, which sets
# S, the sitmap binary; W, a scratch folder; RUNS, hyperfine's run count; it
# runs alone as `sh bench/maps.sh` too). Each figure is printed with its
# target beside it.
#   start-up: `sitmap --version` (target: 10 ms or less), beside `map2img -v`
#           and Python importing Mapnik;
#   fixed cost: the instructions of a map of an empty database against those
#           of the reference scene of ../shared/bench (valgrind's cachegrind;
#           target: 25% or less);
#   series: 90 daily maps of the example data on every core, against one
#           worker and against one `sitmap render` process after another;
#   scene series: 90 daily maps of the reference scene (1920x1080) on every
#           core (target: 0.05 s a map on 2 cores), beside MapServer's
#           map2img and Mapnik drawing the same days one process a map, and
#           MapScript drawing them in one process, when they are installed;
#   year: a year of daily maps of the reference scene for 10 regions
#           (1920x1080; target: well under 10 minutes). YEAR_DAYS sets the
#           days (default 365).
set -eu
cd "$(dirname "$0")/.."
S=${S:-$(pwd)/sitmap}
RUNS=${RUNS:-10}
if [ -z "${W:-}" ]; then
    W=$(mktemp -d "${TMPDIR:-/tmp}/sitmap-maps-XXXXXX")
    trap 'rm -rf "$W"' EXIT
fi
YEAR_DAYS=${YEAR_DAYS:-365}
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (make deps)" >&2; exit 1; }

echo "== start-up: sitmap --version, beside MapServer's \`map2img -v\` and Python importing"
echo "   Mapnik when they are installed"
set -- "$S --version"
command -v map2img >/dev/null && set -- "$@" "map2img -v"
/usr/bin/python3 -c "import mapnik" 2>/dev/null && set -- "$@" "/usr/bin/python3 -c 'import mapnik'"
hyperfine -N --style basic --warmup 3 --runs "$((RUNS * 5))" --export-json "$W/version.json" \
    "$@" 2>&1 | grep -E "Benchmark|Time|Range"
awk '/"command"/ { sub(/.*"command": "/, ""); sub(/".*/, ""); c[++n] = $0 }
    /"median"/ { gsub(/[",]/, ""); d[++k] = $2 }
    END {
        printf "sitmap --version: %.1f ms (median; target 10 ms)\n", d[1] * 1000
        for (i = 2; i <= k; i++)
            printf "  %s: %.1f ms, %.1f times sitmap\n", c[i], d[i] * 1000, d[i] / d[1]
    }' "$W/version.json"

echo
echo "== series: 90 daily maps of the example data (1920x1080), on every core, against the"
echo "   same series on one worker and against one \`sitmap render\` process after another"
rm -f "$W/e.db"*
"$S" --db "$W/e.db" -q init
"$S" --db "$W/e.db" -q import zones examples/zones.geojson
"$S" --db "$W/e.db" -q import control examples/control.csv
"$S" --db "$W/e.db" -q import events examples/events.csv
cat >"$W/loop.sh" <<EOF2
i=0
while [ \$i -lt 90 ]; do
    d=\$(awk -v i=\$i 'BEGIN { t = mktime("2017 01 01 12 00 00") + i * 86400; print strftime("%Y-%m-%d", t) }')
    "$S" --db "$W/e.db" -q render --date \$d -o "$W/loop/\$i.png" || exit 1
    i=\$((i + 1))
done
EOF2
hyperfine -N --style basic --runs 3 --export-json "$W/series.json" \
    --prepare "rm -rf $W/s1" "$S --db $W/e.db -q series --from 2017-01-01 --to 2017-03-31 --jobs 1 -o $W/s1/%Y-%m-%d.png" \
    --prepare "rm -rf $W/sn" "$S --db $W/e.db -q series --from 2017-01-01 --to 2017-03-31 -o $W/sn/%Y-%m-%d.png" \
    --prepare "sh -c 'rm -rf $W/loop; mkdir -p $W/loop'" "sh $W/loop.sh" 2>&1 | grep -E "Time|Range"
awk '/"mean"/ { gsub(/[",]/, ""); m[++k] = $2 }
    END { printf "series of 90 maps: %.1f s on every core (%d); on one worker %.1f s (%.2f times); one render process after another %.1f s (%.2f times)\n",
          m[2], cores, m[1], m[1] / m[2], m[3], m[3] / m[2] }' cores="$(nproc)" "$W/series.json"

. bench/scene.sh
[ -f "$SCENE" ] || { echo; echo "maps: no $SCENE: the scene's figures are left out"; exit 0; }
echo
echo "== the reference scene of ../shared/bench, and an empty database (the shipped gazetteer"
echo "   alone), in one database each"
rm -f "$W/empty.db"*
"$S" --db "$W/empty.db" -q init
load_scene "$W/m.db"
MAP="render --date 2024-06-29 --window 181 --bbox 35.5,32.3,42.5,37.4 --size 1920x1080 --style bench-scene -q"

echo
echo "== fixed cost: the instructions of a map of the empty database against the scene's"
if command -v valgrind >/dev/null; then
    for db in empty m; do
        # shellcheck disable=SC2086
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
            "$S" --db "$W/$db.db" $MAP -o "$W/$db.png" 2>&1 | awk '/I *refs/ { gsub(/,/, ""); print $NF }' >"$W/$db.ir"
    done
    awk -v e="$(cat "$W/empty.ir")" -v s="$(cat "$W/m.ir")" 'BEGIN {
        printf "empty map %.0f M instructions, scene %.0f M: %.0f%% (target 25%% or less)\n",
            e / 1e6, s / 1e6, 100 * e / s }'
else
    echo "maps: valgrind is missing: no instruction counts"
fi

echo
echo "== scene series: 90 daily maps of the reference scene (1920x1080, the events of 7 days"
echo "   each), on every core ($(nproc))"
SERIES="series --from 2024-04-01 --to 2024-06-29 --bbox 35.5,32.3,42.5,37.4 --size 1920x1080 --style bench-scene -q"
hyperfine -N --style basic --runs 3 --export-json "$W/scene-series.json" \
    --prepare "rm -rf $W/ss" "$S --db $W/m.db $SERIES -o $W/ss/%Y-%m-%d.png" 2>&1 | grep -E "Time|Range"
awk '/"median"/ && !d { gsub(/[",]/, ""); d = $2 } /"user"/ && !u { gsub(/[",]/, ""); u = $2 }
    /"system"/ && !y { gsub(/[",]/, ""); y = $2 }
    END { printf "scene series: %.3f s a map (median of 3 series of 90; target 0.05 s); CPU %.0f ms a map\n", d / 90, 1000 * (u + y) / 90 }' \
    "$W/scene-series.json"
PEERS_DIR=$(cd ../shared/bench/peers && pwd)
set --
if command -v map2img >/dev/null; then
    set -- "$@" "bash $PEERS_DIR/days.sh mapserver 30 $W/peer"
    if /usr/bin/python3 -c "import mapscript" 2>/dev/null; then
        set -- "$@" "/usr/bin/python3 $PEERS_DIR/mapserver/batch.py 30 $W/peer"
    fi
fi
if /usr/bin/python3 -c "import mapnik" 2>/dev/null; then
    set -- "$@" "bash $PEERS_DIR/days.sh mapnik 30 $W/peer"
fi
if [ $# -gt 0 ]; then
    echo "   the peers: 30 of those days (one after another, on one core)"
    mkdir -p "$W/peer"
    hyperfine -N --style basic --runs 1 --export-json "$W/peers.json" "$@" 2>&1 | grep -E "Benchmark|Time"
    # sitmap's figures a map (wall on every core, and CPU) beside each peer's
    awk '/"median"/ && !d { gsub(/[",]/, ""); d = $2 } /"user"/ && !u { gsub(/[",]/, ""); u = $2 }
        /"system"/ && !y { gsub(/[",]/, ""); y = $2 } END { print d / 90, (u + y) / 90 }' \
        "$W/scene-series.json" >"$W/sitmap-a-map"
    awk -v ours="$(cat "$W/sitmap-a-map")" '
        BEGIN { split(ours, o, " ") }
        /"command"/ { sub(/.*"command": "/, ""); sub(/".*/, ""); c[++n] = $0 }
        /"median"/ { gsub(/[",]/, ""); d[++j] = $2 } /"user"/ { gsub(/[",]/, ""); u[++k] = $2 }
        /"system"/ { gsub(/[",]/, ""); y[++l] = $2 }
        END { for (i = 1; i <= j; i++)
                  printf "  %.3f s a map (%.1f times sitmap), CPU %.0f ms a map (%.1f times)  %s\n",
                      d[i] / 30, d[i] / 30 / o[1], 1000 * (u[i] + y[i]) / 30,
                      (u[i] + y[i]) / 30 / o[2], substr(c[i], 1, 60) }' \
        "$W/peers.json"
fi

echo
echo "== year: $YEAR_DAYS daily maps of the reference scene for 10 regions (1920x1080), on every core"
YEAR_TO=$(awk -v n="$YEAR_DAYS" 'BEGIN { print strftime("%Y-%m-%d", mktime("2024 01 01 12 00 00") + (n - 1) * 86400) }')
cat >"$W/year.sh" <<EOF2
for r in syria north aleppo idlib hama homs damascus raqqa deir-ez-zor hasakah; do
    "$S" --db "$W/m.db" -q series --from 2024-01-01 --to $YEAR_TO --region \$r --size 1920x1080 \
        --style bench-scene -o "$W/year/\$r/%Y-%m-%d.png" || exit 1
    rm -rf "$W/year/\$r"
done
EOF2
hyperfine -N --style basic --runs 1 --export-json "$W/year.json" "sh $W/year.sh" 2>&1 | grep -E "Time"
awk -v n="$YEAR_DAYS" '/"median"/ && !d { gsub(/[",]/, ""); d = $2 } /"user"/ && !u { gsub(/[",]/, ""); u = $2 }
    /"system"/ && !y { gsub(/[",]/, ""); y = $2 }
    END { printf "year for 10 regions: %d maps in %.0f s, %.3f s a map, CPU %.0f ms a map (target: well under 10 minutes)\n",
          10 * n, d, d / (10 * n), 1000 * (u + y) / (10 * n) }' "$W/year.json"
