# SPDX-License-Identifier: MIT
# The same work on PostgreSQL + PostGIS as on a SpatiaLite file, read by
# bench/run.sh (`. bench/postgis.sh`) with $S, $W, $RUNS, $SCENE and the scene
# loaded in $W/s.db: a throwaway cluster of tests/pg/cluster.sh (skipped,
# saying so, where PostgreSQL or PostGIS is not installed), the scene copied
# into it (`sitmap copy`), its map rendered from the file and from the
# server side by side; $PG_BIG ACLED rows (default 1,000,000, a hundredth of
# them of 2017, as bench/import.sh makes them) imported into an empty server
# database; and a 7-day map of 2017 from that database against one that
# holds only the 2017 rows; each figure beside its target.
PG_BIG=${PG_BIG:-1000000}
echo
echo "== PostgreSQL + PostGIS: the scene's map from the server against the file; an import"
echo "   of $PG_BIG ACLED rows into the server"
# the cluster's folder outside $W, which only its owner may enter (the
# server runs as nobody when this runs as root)
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/sitmap-bench-pg-XXXXXX") && rmdir "$pg_dir"
if ! pg_uri=$(sh tests/pg/cluster.sh start "$pg_dir" $$ 2>"$W/pg.err"); then
    echo "skipped: $(head -n 1 "$W/pg.err")"
else
    pg_db() {   # pg_db NAME: a new database's URI
        psql -X -q -d "$pg_uri" -c "CREATE DATABASE $1" >/dev/null && printf '%s\n' "$pg_uri" |
            sed "s|:///sitmap?|:///$1?|"
    }
    scene_pg=$(pg_db scene)
    /usr/bin/time -f "%e" -o "$W/copy.time" "$S" -q copy "$W/s.db" "$scene_pg"
    echo "sitmap copy of the scene's database into the server: $(cat "$W/copy.time") s"
    ARGS="render --date 2024-06-29 --window 181 --bbox 35.5,32.3,42.5,37.4 --size 1920x1080 --style bench-scene -q"
    hyperfine -N --style basic --warmup 1 --runs "$RUNS" --export-json "$W/pg.json" \
        "$S --db $W/s.db $ARGS -o $W/file.png" "$S --db $scene_pg $ARGS -o $W/pg.png" 2>&1 |
        grep -E "Time|Range"
    awk '/"median"/ { gsub(/[",]/, ""); d[++j] = $2 } /"mean"/ { gsub(/[",]/, ""); m[++k] = $2 }
        END { printf "scene from PostGIS: %.0f ms, from the file %.0f ms (medians): %.2f times (target <= 1.5; means %.2f)\n",
              d[2] * 1000, d[1] * 1000, d[2] / d[1], m[2] / m[1] }' "$W/pg.json"
    "${BUILD:-build}/imgdiff" "$W/file.png" "$W/pg.png" "$W/pg.diff.png" | sed 's/^/  /'
    awk -v n="$PG_BIG" -v keep=100 -f bench/make_acled.awk >"$W/pg_big.csv"
    awk -v n="$PG_BIG" -v keep=100 -v only=1 -f bench/make_acled.awk >"$W/pg_small.csv"
    big_pg=$(pg_db big)
    small_pg=$(pg_db small)
    "$S" -q --db "$big_pg" init
    "$S" -q --db "$small_pg" init
    /usr/bin/time -f "%e %U %S" -o "$W/pg_import.time" "$S" -q --db "$big_pg" import events "$W/pg_big.csv"
    awk -v n="$PG_BIG" -v load="$(cut -d' ' -f1 /proc/loadavg)" '{
        printf "import %d ACLED rows into PostGIS: %.1f s, %.0f rows/s (target < 60 s; load %s); sitmap CPU %.1f s\n", n, $1, n / $1, load, $2 + $3 }' "$W/pg_import.time"
    "$S" -q --db "$small_pg" import events "$W/pg_small.csv"
    WEEK="render --date 2017-03-07 --window 7 -q"
    hyperfine -N --style basic --warmup 1 --runs "$RUNS" --export-json "$W/pg_week.json" \
        "$S --db $small_pg $WEEK -o $W/pg_w10k.png" "$S --db $big_pg $WEEK -o $W/pg_w1m.png" 2>&1 |
        grep -E "Time|Range"
    awk -v n="$PG_BIG" '/"median"/ { gsub(/[",]/, ""); d[++j] = $2 }
        END { printf "7-day map from PostGIS: %.0f ms at %d events, %.0f ms at %d (medians): %.2f times (target <= 1.10)\n",
              d[1] * 1000, n / 100, d[2] * 1000, n, d[2] / d[1] }' "$W/pg_week.json"
    # the pixels (the files' creation times differ)
    "${BUILD:-build}/imgdiff" "$W/pg_w10k.png" "$W/pg_w1m.png" "$W/pg_w.diff.png" | sed 's/^/  /'
    rm -f "$W/pg_big.csv" "$W/pg_small.csv"
    sh tests/pg/cluster.sh stop "$pg_dir"
fi
