#!/bin/sh
# SPDX-License-Identifier: MIT
# english.txt: the lowercase English words (three letters or more) of
# Debian's wamerican word list (SCOWL, by Kevin Atkinson; free to use, copy
# and modify). `sitmap extract` reads it to tell a common word written with
# a capital ("Quite", "Deal") from a one-word place name.
set -eu
SRC=/usr/share/dict/american-english
if [ ! -f "$SRC" ]; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y wamerican; else sudo apt-get install -y wamerican; fi
fi
grep -E '^[a-z]{3,}$' "$SRC" | LC_ALL=C sort -u >"$(dirname "$0")/english.txt"
