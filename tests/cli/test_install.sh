# SPDX-License-Identifier: MIT
# `make install`: the installed command finds its modules and its data
# (styles, gazetteer, basemap) under its prefix, from any folder; the
# manual page is installed and man reads it without a warning.

case_install_runs_from_its_prefix() {
    install_into "$T/p"
    expect_status 0
    for f in bin/sitmap lib/sitmap/sitmap-core.so lib/sitmap/sitmap-gdal.so share/sitmap/styles/newsroom.json \
             share/sitmap/styles/lang/en.json share/sitmap/styles/lang/ar.json \
             share/sitmap/gazetteer/world.tsv share/sitmap/gazetteer/english.txt \
             share/sitmap/gazetteer/theatres/syria.json \
             share/sitmap/data/basemap.gpkg include/sitmap/sitmap.h lib/libsitmap.a \
             lib/libsitmap.so lib/libsitmap.so.0 lib/pkgconfig/sitmap.pc \
             share/man/man1/sitmap.1; do
        expect_file "$T/p/$f"
    done
    run man -l --warnings "$T/p/share/man/man1/sitmap.1"
    expect_status 0
    expect_no_stderr
    expect_stdout "sitmap - dated situation maps from conflict data"
    expect_stdout "sitmap render --date D"
    mkdir "$T/elsewhere" && cd "$T/elsewhere" || return 1
    unset SITMAP_DATA
    run "$T/p/bin/sitmap" --db "$T/db" init
    expect_status 0
    expect_stdout "gazetteer:"
    run "$T/p/bin/sitmap" --db "$T/db" -q import events "$EXAMPLES/events.csv"
    expect_status 0
    run "$T/p/bin/sitmap" --db "$T/db" render --date 2017-01-15 --region aleppo --size 600x400 -o "$T/m.png"
    expect_status 0
    expect_file "$T/m.png"
    run "$T/p/bin/sitmap" --db "$T/db" render --date 2017-01-15 --region aleppo --size 600x400 \
        --lang ar -o "$T/ar.svg"
    expect_status 0
    grep -qF "كم</text>" "$T/ar.svg" || fail "the installed Arabic words"
    printf 'Regime warplanes bombed Harasta this morning.\n' >"$T/n.txt"
    run "$T/p/bin/sitmap" --db "$T/db" extract --date 2017-01-19 "$T/n.txt"
    expect_status 0
    expect_stdout "event 2017-01-19 airstrike at Harasta"
}
