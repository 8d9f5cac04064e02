#!/bin/sh
# SPDX-License-Identifier: MIT
# The extractor's part of `make bench` (sourced by bench/run.sh, which sets
# $S, the sitmap binary, $W, a scratch folder, and $RUNS): news text to
# mentions and events on one core, JSON written, in MB a second against the
# target of 10 MB/s, on
#   - the articles of ../shared/eval repeated to about 50 MB (read from
#     there at each run, when they are there; else a text made up here);
#   - 20 MB of dense news made by bench/make_news.awk: several places a
#     sentence, names that several villages share (placed by the article's
#     other places), lists, reference points.
# The target is judged by the process's CPU time (user + system), which a
# busy machine inflates less than the wall time; the wall time is printed
# with the load average. With the peak memory (resident) of each.
# Runs on its own too: sh bench/extract.sh.
set -eu
if [ -z "${S:-}" ]; then
    cd "$(dirname "$0")/.."
    S=$(pwd)/sitmap
    W=$(mktemp -d "${TMPDIR:-/tmp}/sitmap-bench-XXXXXX")
    trap 'rm -rf "$W"' EXIT
    RUNS=${RUNS:-3}
fi
EXTRACT_RUNS=$((RUNS < 3 ? RUNS : 3))
TARGET_MBS=10

echo "== extract: news text to mentions and events on one core, JSON out (target >= $TARGET_MBS MB/s)"
if [ -f ../shared/eval/000.txt ]; then
    what="the articles of ../shared/eval repeated"
    : >"$W/news.txt"
    while [ "$(wc -c <"$W/news.txt")" -lt 50000000 ]; do
        cat ../shared/eval/*.txt >>"$W/news.txt"
    done
else
    what="one made-up paragraph repeated"
    awk 'BEGIN { for (i = 0; i < 400000; i++)
        printf "Regime warplanes struck Harasta, northeast of Damascus, on Monday, killing at least %d people, and clashes went on near al-Bab.\n\n", i % 40 }' >"$W/news.txt"
fi
awk -v bytes=20000000 -f bench/make_news.awk >"$W/dense.txt"
rm -f "$W/x.db"*
"$S" --db "$W/x.db" -q init
for f in news dense; do
    case $f in
    news) echo "-- $what" ;;
    dense) echo "-- dense news (bench/make_news.awk)" ;;
    esac
    bytes=$(wc -c <"$W/$f.txt")
    hyperfine -N --style basic --runs "$EXTRACT_RUNS" --export-json "$W/extract-$f.json" \
        "$S --db $W/x.db extract --json --date 2017-01-25 $W/$f.txt" 2>&1 | grep -E "Time|Range"
    # the CPU time of the process (user + system), and the wall time with
    # the load average it was measured under
    load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
    awk -v b="$bytes" -v t="$TARGET_MBS" -v f="$f" -v load="$load" '/"mean"/ { gsub(/[",]/, ""); wall = $2 }
        /"user"/ { gsub(/[",]/, ""); user = $2 }
        /"system"/ { gsub(/[",]/, ""); sys = $2 }
        END { mb = b / 1e6; cpu = user + sys
            printf "extract %s: %.1f MB; CPU (user + system) %.2f s: %.1f MB/s (target >= %d MB/s: %s); user %.2f s: %.1f MB/s; wall %.2f s: %.1f MB/s (load average %s)\n",
                f, mb, cpu, mb / cpu, t, (mb / cpu >= t ? "met" : "not met"), user, mb / user,
                wall, mb / wall, load }' \
        "$W/extract-$f.json"
    /usr/bin/time -f "%M" "$S" --db "$W/x.db" extract --json --date 2017-01-25 \
        "$W/$f.txt" 2>&1 >/dev/null | tail -1 |
        awk -v f="$f" '{ printf "extract %s: peak memory (resident) %.0f MB\n", f, $1 / 1024 }'
done
