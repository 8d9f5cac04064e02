# SPDX-License-Identifier: MIT
# load_scene DB: the reference scene of ../shared/bench ($SCENE) in a new
# database DB with $S: its factions A to F, zones, events and places.
# Sourced by bench/run.sh and bench/maps.sh.
SCENE=${SCENE:-../shared/bench/scene/scene.gpkg}
load_scene() {
    rm -f "$1" "$1-wal" "$1-shm"
    "$S" --db "$1" -q init
    for f in A:e41a1c B:4daf4a C:ffd92f D:377eb8 E:984ea3 F:a6761d; do     # the scene's factions
        "$S" --db "$1" -q faction add "${f%%:*}" --label "${f%%:*}" --colour "#${f#*:}"
    done
    "$S" --db "$1" -q import zones "$SCENE" --layer zones --faction-field faction --from 2024-01-01
    "$S" --db "$1" -q import events "$SCENE" --layer events
    "$S" --db "$1" -q gazetteer import "$SCENE" --layer places
}
