#!/bin/sh
# SPDX-License-Identifier: MIT
# The gazetteer's part of `make bench` (bench/run.sh runs it with S, W, RUNS
# and BUILD set; alone, `sh bench/gazetteer.sh` takes ./sitmap, a new folder,
# 10 runs and build/): exact and misspelled look-ups per second on one core
# (bench/bench_gazetteer.c, the best of three runs of 2 s each), each beside
# its target; the same with the reasons written; the time to load the
# index; a whole `sitmap geocode` process; and `sitmap gazetteer import` of
# a 50,000-row GeoNames file.
set -eu
cd "$(dirname "$0")/.."
S=${S:-$(pwd)/sitmap}
RUNS=${RUNS:-10}
BUILD=${BUILD:-build}
if [ -z "${W:-}" ]; then
    W=$(mktemp -d "${TMPDIR:-/tmp}/sitmap-bench-XXXXXX")
    trap 'rm -rf "$W"' EXIT
fi
EXACT_TARGET=2000000
FUZZY_TARGET=100000

echo "== gazetteer: look-ups on one core (best of 3 runs), index load"
rm -f "$W/g.db"*
"$S" --db "$W/g.db" -q init
for i in 1 2 3; do
    "$BUILD/bench/bench_gazetteer" "$W/g.db" 2
done >"$W/gazetteer.txt"
# the best of the three runs of each figure, targets beside the look-ups
awk -v exact="$EXACT_TARGET" -v fuzzy="$FUZZY_TARGET" '
    /^gazetteer:/ { head = $0; sub(/index load .*/, "", head)
                    ms = $(NF - 4) + 0; if (load == "" || ms < load) load = ms; next }
    / per second / {
        label = $0; sub(/ +[0-9.]+ per second.*/, "", label)
        if (label ~ /with reasons/) {
            sub(/^ +/, "", label)
            label = substr(last, 1, length(last) - 1) ", " label
        } else {
            last = label
        }
        rate = 0
        for (i = 1; i <= NF; i++) if ($(i + 1) == "per") rate = $i + 0
        if (!(label in best)) order[++n] = label
        if (rate > best[label]) { best[label] = rate; rest[label] = $0; sub(/.* per second/, "", rest[label]) }
    }
    END {
        printf "%sindex load %.1f ms (best of 15)\n", head, load
        for (i = 1; i <= n; i++) {
            l = order[i]; t = ""
            if (l == "exact look-ups:") t = sprintf("  (target >= %d)", exact)
            if (l == "fuzzy look-ups:") t = sprintf("  (target >= %d)", fuzzy)
            printf "%-38s %9.0f per second%s%s\n", l, best[l], rest[l], t
        }
    }' "$W/gazetteer.txt"
hyperfine -N --style basic --runs "$RUNS" "$S --db $W/g.db geocode Aleppo" 2>&1 | grep -E "Time|Range"
echo
echo "== gazetteer import: a GeoNames country file of 50,000 rows (bench/make_geonames.awk)"
awk -v n=50000 -f bench/make_geonames.awk >"$W/SY.txt"
cp "$W/g.db" "$W/g0.db"
hyperfine -N --style basic --runs 3 --prepare "cp $W/g0.db $W/g.db" \
    "$S --db $W/g.db gazetteer import $W/SY.txt -q" 2>&1 | grep -E "Time|Range"
