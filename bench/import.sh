# SPDX-License-Identifier: MIT
# The events table at a million rows, read by bench/run.sh (`. bench/import.sh`)
# with $S (the sitmap binary), $W (a scratch folder) and $RUNS set:
#   import: a synthetic ACLED export of $BIG rows (default 1,000,000) into an
#           initialised database, next to ogr2ogr loading it into a GeoPackage;
#   re-import: the same file again (every row read, checked and found
#           unchanged);
#   instructions a row of both, and of ogr2ogr, on $SMALL rows (cachegrind);
#   render: a 7-day map where the table holds 10,000 events and where it holds
#           1,000,000, the same 10,000 events of 2017 among 990,000 of other
#           years (bench/make_acled.awk -v keep=100): instructions (valgrind,
#           when installed) and CPU time, with their ratio.
# The targets are printed beside the figures. BASE= names the sitmap of
# another build (the one before a change): its import of the same file is
# timed too, and printed as "before".
BIG=${BIG:-1000000}
WIDE=${WIDE:-1000000}   # the rows of the larger table of the 7-day maps (1 in 100 of 2017)

# "WALL CPU LOAD": the seconds a command took, its user + system time, and
# the load average as it ended (on a busy machine the wall time says
# little); its output goes to $W/last.out
secs() {
    /usr/bin/time -f "%e %U %S" -o "$W/time.out" "$@" >"$W/last.out" 2>&1 ||
        { cat "$W/last.out" >&2; return 1; }
    awk -v load="$(cut -d' ' -f1 /proc/loadavg)" '{ printf "%.2f %.2f %s", $1, $2 + $3, load }' "$W/time.out"
}

echo
echo "== events at scale: import of $BIG ACLED rows, re-import, 7-day maps at 10k and 1M events"
echo "   (2 cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
awk -v n="$BIG" -f bench/make_acled.awk >"$W/big.csv"
if [ -n "${BASE:-}" ]; then
    rm -f "$W/big.db"*
    "$BASE" --db "$W/big.db" -q init
    t_base=$(secs "$BASE" --db "$W/big.db" import events "$W/big.csv" -q)
    t_base_again=$(secs "$BASE" --db "$W/big.db" import events "$W/big.csv" -q)
fi
rm -f "$W/big.db"*
"$S" --db "$W/big.db" -q init
t_import=$(secs "$S" --db "$W/big.db" import events "$W/big.csv" -q)
rm -f "$W/big.gpkg"
t_ogr=$(secs ogr2ogr -f GPKG -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude \
    -a_srs EPSG:4326 "$W/big.gpkg" "$W/big.csv")
t_again=$(secs "$S" --db "$W/big.db" import events "$W/big.csv" -q)
if [ -n "${BASE:-}" ]; then
    echo "$t_base $t_base_again" | awk -v n="$BIG" '{
        printf "before (%s): import %d ACLED rows: %.1f s, %.0f rows/s (load %s); CPU %.1f s, %.0f rows/s\n", base, n, $1, n / $1, $3, $2, n / $2
        printf "before: re-import: %.1f s (load %s); CPU %.1f s (%.0f%% of the import)\n", $4, $6, $5, 100 * $5 / $2
    }' base="$BASE"
fi
echo "$t_import $t_ogr $t_again" | awk -v n="$BIG" '{
    printf "import %d ACLED rows: %.1f s, %.0f rows/s (target >= 100,000; load %s); CPU %.1f s, %.0f rows/s\n", n, $1, n / $1, $3, $2, n / $2
    printf "ogr2ogr of the same file into a GeoPackage: %.1f s (load %s), %.0f rows/s, sitmap %.2f times as fast; CPU %.1f s, sitmap %.2f times as fast\n", $4, $6, n / $4, $4 / $1, $5, $5 / $2
    printf "re-import, every row unchanged: %.1f s, %.0f rows/s (%.0f%% of the import; load %s); CPU %.1f s (%.0f%%)\n", $7, n / $7, 100 * $7 / $1, $9, $8, 100 * $8 / $2
}'
rm -f "$W/big.db"* "$W/big.gpkg"

# Instructions a row (cachegrind, when installed): an import of $SMALL rows
# into an initialised database, the same file again, and ogr2ogr's load of
# it, less a one-row file's (start-up: GDAL, PROJ, SpatiaLite, the gazetteer).
SMALL=${SMALL:-20000}
if command -v valgrind >/dev/null; then
    awk -v n="$SMALL" -f bench/make_acled.awk >"$W/small.csv"
    awk -v n=1 -f bench/make_acled.awk >"$W/one.csv"
    irefs() {
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 |
            awk '/I +refs/ { gsub(/,/, "", $NF); print $NF }'
    }
    rm -f "$W/small.db"* "$W/one.db"* "$W/small.gpkg" "$W/one.gpkg"
    "$S" --db "$W/small.db" -q init
    "$S" --db "$W/one.db" -q init
    i_one=$(irefs "$S" --db "$W/one.db" import events "$W/one.csv" -q)
    i_import=$(irefs "$S" --db "$W/small.db" import events "$W/small.csv" -q)
    if [ -n "${BASE:-}" ]; then
        rm -f "$W/base.db"* "$W/base1.db"*
        "$BASE" --db "$W/base.db" -q init
        "$BASE" --db "$W/base1.db" -q init
        i_base_one=$(irefs "$BASE" --db "$W/base1.db" import events "$W/one.csv" -q)
        i_base=$(irefs "$BASE" --db "$W/base.db" import events "$W/small.csv" -q)
        echo "$i_base_one $i_base" | awk -v n="$SMALL" '{
            printf "before: instructions a row, import of %d ACLED rows: %.0f\n", n, ($2 - $1) / (n - 1) }'
        rm -f "$W/base.db"* "$W/base1.db"*
    fi
    i_again=$(irefs "$S" --db "$W/small.db" import events "$W/small.csv" -q)
    i_ogr_one=$(irefs ogr2ogr -f GPKG -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude \
        -a_srs EPSG:4326 "$W/one.gpkg" "$W/one.csv")
    i_ogr=$(irefs ogr2ogr -f GPKG -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude \
        -a_srs EPSG:4326 "$W/small.gpkg" "$W/small.csv")
    echo "$i_one $i_import $i_again $i_ogr_one $i_ogr" | awk -v n="$SMALL" '{
        imp = ($2 - $1) / (n - 1); again = ($3 - $1) / (n - 1); ogr = ($5 - $4) / (n - 1)
        printf "instructions a row, import of %d ACLED rows (both threads): %.0f (start-up %.0f M); ogr2ogr into a GeoPackage: %.0f (%.2f times)\n", n, imp, $1 / 1e6, ogr, ogr / imp
        printf "instructions a row, re-import, every row unchanged: %.0f (%.0f%% of the import; target: a fraction of it)\n", again, 100 * again / imp
    }'
    rm -f "$W/small.db"* "$W/one.db"* "$W/small.gpkg" "$W/one.gpkg" "$W/small.csv" "$W/one.csv"
fi

awk -v n="$WIDE" -v keep=100 -v only=1 -f bench/make_acled.awk >"$W/k10k.csv"
awk -v n="$WIDE" -v keep=100 -f bench/make_acled.awk >"$W/k1m.csv"
for k in k10k k1m; do
    rm -f "$W/$k.db"*
    "$S" --db "$W/$k.db" -q init
    "$S" --db "$W/$k.db" -q import events "$W/$k.csv"
done
WEEK="render --date 2017-03-07 --window 7 -q"
hyperfine -N --style basic --warmup 1 --runs "$RUNS" --export-json "$W/week.json" \
    "$S --db $W/k10k.db $WEEK -o $W/w10k.png" "$S --db $W/k1m.db $WEEK -o $W/w1m.png" 2>&1 |
    grep -E "Time|Range"
awk '/"user"/ { gsub(/[",]/, ""); u[++k] = $2 } /"system"/ { gsub(/[",]/, ""); s[++j] = $2 }
    END { printf "7-day map, CPU (user + system, mean of the runs): %.0f ms at %d events, %.0f ms at %d: %.2f times (target <= 1.10)\n",
          (u[1] + s[1]) * 1000, n / 100, (u[2] + s[2]) * 1000, n, (u[2] + s[2]) / (u[1] + s[1]) }' n="$WIDE" "$W/week.json"
if command -v valgrind >/dev/null; then
    for k in k10k k1m; do
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
            "$S" --db "$W/$k.db" $WEEK -o "$W/w.png" 2>&1 | awk '/I +refs/ { gsub(/,/, "", $NF); print $NF }'
    done | awk -v n="$WIDE" '{ i[NR] = $1 } END {
        printf "7-day map, instructions: %.0f M at %d events, %.0f M at %d: %.3f times (target <= 1.10)\n",
            i[1] / 1e6, n / 100, i[2] / 1e6, n, i[2] / i[1] }'
fi
# the pixels (the files' creation times differ)
"${BUILD:-build}/imgdiff" "$W/w10k.png" "$W/w1m.png" "$W/w.diff.png"
rm -f "$W/k10k.db"* "$W/k1m.db"* "$W"/k1*.csv "$W/big.csv"
