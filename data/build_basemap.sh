#!/bin/sh
# SPDX-License-Identifier: MIT
# Derive data/basemap.gpkg, the basemap sitmap draws, from the reference data
# in ../shared/data (see its PROVENANCE.md):
#   countries, land, sea, lakes     OpenStreetMap via geo-maps (ODbL 1.0)
#   rivers (GSHHG/WDBII levels 1-4, permanent rivers)  LGPL-3.0+
#   admin1, admin1_lines            geoBoundaries SYR ADM1, UNCS/UN OCHA (CC BY 3.0 IGO)
#   disputed_areas                  Natural Earth (public domain)
# Geometries are simplified to 150 m, below a pixel at the scale of a country
# map (1920 px across Syria is about 500 m a pixel). Deterministic output:
# GeoPackage timestamps are pinned.
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
    ogr2ogr -f GPKG $([ -f "$tmp/$out" ] && echo -update) -nln "$layer" -simplify $tol \
        -nlt PROMOTE_TO_MULTI "$@" "$tmp/$out" "$src" "$layer"
}
copy countries -select iso_a3,name_en,name_ar
copy land
copy sea
copy lakes -where "area_km2 >= 2" -select name,area_km2
copy rivers -where "level <= 4" -select level,name
copy admin1 -select iso_3166_2,geonames_admin1,name_en,name_ar
copy admin1_lines
copy disputed_areas
mv "$tmp/$out" "$out"
ogrinfo -so "$out" 2>/dev/null | grep -E "^[0-9]+:"
ls -l "$out"
