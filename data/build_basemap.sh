#!/bin/sh
# SPDX-License-Identifier: MIT
# Derive data/basemap.gpkg, the basemap sitmap draws, from the reference data
# in ../shared/data (see its PROVENANCE.md), over its whole frame, lon 25-52 E,
# lat 26-43 N (Syria, its neighbours, and the seas from the Aegean to the
# Caspian and the Gulf):
#   countries (iso_a3, name_en, name_ar), land,
#   sea (named parts: name_en, name_ar, name_alt),
#   lakes (all of 1 km2 or more; name where Natural Earth names one)
#                                   OpenStreetMap via geo-maps (ODbL 1.0)
#   rivers (GSHHG/WDBII levels 1-4, the permanent rivers without the minor
#           ones; level, name, name_en, name_ar, source)  LGPL-3.0+
#     and the Tigris from Samarra to above Amarah, which WDBII lacks, from
#     Natural Earth's centre line, joined to WDBII's ends (public domain)
#   admin1, admin1_lines            geoBoundaries SYR ADM1, UNCS/UN OCHA (CC BY 3.0 IGO)
#   disputed_areas                  Natural Earth (public domain)
# Countries, lakes, rivers, governorates and disputed areas are simplified to
# 150 m, below a pixel at the scale of a country map (1920 px across Syria is
# about 500 m a pixel). Land and sea are kept as they are (simplifying them
# saves few points): the sea's parts then meet exactly where a strait or a
# line across open sea divides them. Deterministic output: GeoPackage
# timestamps are pinned.
#   usage: data/build_basemap.sh [SHARED_DATA_DIR]
set -eu
cd "$(dirname "$0")"
src=${1:-../../shared/data}/basemap.gpkg
out=basemap.gpkg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OGR_CURRENT_DATE=2000-01-01T00:00:00.000Z
tol=0.0015   # degrees, about 150 m

copy() { # layer [ogr2ogr options]
    layer=$1
    shift
    ogr2ogr -f GPKG $([ -f "$tmp/$out" ] && echo -update) -nln "$layer" \
        -nlt PROMOTE_TO_MULTI "$@" "$tmp/$out" "$src" "$layer"
}
copy countries -simplify $tol -select iso_a3,name_en,name_ar
copy land
copy sea -select name_en,name_ar,name_alt,source
copy lakes -simplify $tol -select name,area_km2
# name_en and name_ar split from name, "English (Transliteration / Arabic)"
# or "English (Arabic)", for the map's labels
ogr2ogr -f GPKG -update -nln rivers -nlt PROMOTE_TO_MULTI -simplify $tol \
    -dialect SQLite -sql "SELECT geom, level, name, en AS name_en,
        CASE WHEN instr(paren, ' / ') > 0 THEN substr(paren, instr(paren, ' / ') + 3)
             ELSE paren END AS name_ar, source
        FROM (SELECT geom, level, name, source,
                     CASE WHEN instr(name, ' (') > 0 THEN substr(name, 1, instr(name, ' (') - 1)
                          ELSE name END AS en,
                     CASE WHEN instr(name, ' (') > 0
                          THEN substr(name, instr(name, ' (') + 2,
                                      length(name) - instr(name, ' (') - 2) END AS paren
              FROM rivers WHERE level <= 4)" \
    "$tmp/$out" "$src"
# The Tigris between WDBII's pieces that end below Samarra (44.035828 E,
# 34.073335 N) and start above Amarah (46.874998 E, 32.003052 N): Natural
# Earth's line (its 2nd and 4th parts, which meet at Kut) from the point
# nearest the one end to the point nearest the other, joined to both ends.
a='MakePoint(44.035828, 34.073335, 4326)'
b='MakePoint(46.874998, 32.003052, 4326)'
ogr2ogr -f GPKG -update -append -nln rivers -nlt PROMOTE_TO_MULTI -simplify $tol \
    -dialect SQLite -sql "SELECT 1 AS level, 'Tigris (Dijla / دجلة)' AS name,
        'Tigris' AS name_en, 'دجلة' AS name_ar,
        'Natural Earth 10m rivers_lake_centerlines v4.0.0, the reach GSHHG lacks' AS source,
        LineMerge(Collect(
            AddPoint(AddPoint(Line_Substring(p2, Line_Locate_Point(p2, $a), 1), $a, 0),
                     StartPoint(p4)),
            AddPoint(Line_Substring(p4, 0, Line_Locate_Point(p4, $b)), $b))) AS geom
        FROM (SELECT GeometryN(geom, 2) AS p2, GeometryN(geom, 4) AS p4
              FROM rivers_ne WHERE name = 'Tigris')" \
    "$tmp/$out" "$src"
copy admin1 -simplify $tol -select iso_3166_2,geonames_admin1,name_en,name_ar
copy admin1_lines -simplify $tol
copy disputed_areas -simplify $tol
mv "$tmp/$out" "$out"
ogrinfo -so "$out" 2>/dev/null | grep -E "^[0-9]+:"
ls -l "$out"
