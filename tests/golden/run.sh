#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden-image tests: each tests/golden/NAME.args holds the arguments of
# `sitmap render` (without -o), or `diff D1 D2` and those of a change map,
# for a database made from examples/; the map is
# compared with tests/golden/NAME.png by imgdiff. A failure leaves the output
# and a diff image in tests/output/. `tests/golden/run.sh --update` (or
# `make golden-update`) rewrites the references: look at every one first.
BUILD=${BUILD:-build}
# the files' creation time pinned: references rewritten by --update change
# only where the picture does
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1484438400}
export SOURCE_DATE_EPOCH
SITMAP=$(pwd)/sitmap
OUT=tests/output
update=0
[ "${1:-}" = "--update" ] && update=1
mkdir -p "$OUT"
db="$OUT/golden.db"
rm -f "$db" "$db-wal" "$db-shm"
"$SITMAP" --db "$db" -q init
"$SITMAP" --db "$db" -q import control examples/control.csv
"$SITMAP" --db "$db" -q import events examples/events.csv
"$SITMAP" --db "$db" -q import zones examples/zones.geojson
passed=0
failed=0
for args in tests/golden/*.args; do
    name=$(basename "$args" .args)
    eval "set -- $(cat "$args")"
    cmd=render                          # a file may start with diff D1 D2: a change map
    if [ "$1" = diff ]; then
        cmd=diff
        shift
    fi
    if ! "$SITMAP" --db "$db" -q $cmd "$@" -o "$OUT/$name.png"; then
        echo "FAIL $name (render failed)"
        failed=$((failed + 1))
        continue
    fi
    if [ $update = 1 ]; then
        cp "$OUT/$name.png" "tests/golden/$name.png"
        echo "updated $name"
        continue
    fi
    if "$BUILD/imgdiff" "tests/golden/$name.png" "$OUT/$name.png" "$OUT/$name.diff.png" >"$OUT/$name.txt"; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name: $(cat "$OUT/$name.txt"); see $OUT/$name.png and $OUT/$name.diff.png"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
