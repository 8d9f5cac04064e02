#!/bin/sh
# SPDX-License-Identifier: MIT
# Derive gazetteer/neighbourhoods.tsv, the neighbourhoods of Damascus as
# district rows in the curated.tsv format, from OCHA's neighbourhood polygons
# in ../shared/data/ocha/ (see its PROVENANCE.md, section 8: UNCS / UN OCHA
# Syria, CC BY 3.0 IGO), with ogr2ogr:
#   - each polygon's label point, a point inside it (PointOnSurface), and its
#     area (precision_km: the radius of a disc of that area);
#   - the name newsrooms use, its Arabic name and other spellings from
#     neighbourhood_names.tsv (by P-code; OCHA's own spelling is kept as an
#     alternate), and the id of the place where the gazetteer had it before
#     (a polygon without one gets 2000600000 + OCHA's code); a P-code given
#     the id "-" is a place of another kind the gazetteer has, no district.
# The polygons themselves are the basemap's `neighbourhoods` layer
# (data/build_basemap.sh).
#   usage: gazetteer/build_neighbourhoods.sh [SHARED_DATA_DIR]
set -eu
cd "$(dirname "$0")"
src=${1:-../../shared/data}/ocha/syr_admin5_damascus_neighbourhoods.geojson
out=neighbourhoods.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ogr2ogr -f SQLite -dsco SPATIALITE=YES "$tmp/n.db" "$src" -nln hay
ogr2ogr -f SQLite -update "$tmp/n.db" neighbourhood_names.tsv -nln names
# one P-code a row, each known
bad=$(ogr2ogr -f CSV /vsistdout/ "$tmp/n.db" -dialect SQLite -sql "
    SELECT 'missing' AS what, hay_pcode AS pcode FROM hay
        WHERE hay_pcode NOT IN (SELECT pcode FROM names)
    UNION ALL SELECT 'unknown', pcode FROM names WHERE pcode NOT IN (SELECT hay_pcode FROM hay)
    UNION ALL SELECT 'twice', pcode FROM names GROUP BY pcode HAVING count(*) > 1" |
    tail -n +2)
if [ -n "$bad" ]; then
    echo "neighbourhood_names.tsv does not match the polygons' P-codes:" >&2
    echo "$bad" >&2
    exit 1
fi
ogr2ogr -f CSV "$tmp/out.csv" "$tmp/n.db" -lco SEPARATOR=TAB -lco STRING_QUOTING=IF_NEEDED \
    -dialect SQLite -sql "
    SELECT CASE WHEN n.id IS NULL OR n.id = '' THEN 2000600000 + CAST(h.hay_code AS INTEGER)
                ELSE CAST(n.id AS INTEGER) END AS id,
           n.name AS name,
           coalesce(n.name_ar, '') AS name_ar,
           CASE WHEN lower(n.name) = lower(h.spelling) OR
                     instr(';' || lower(coalesce(n.alternates, '')) || ';',
                           ';' || lower(h.spelling) || ';') > 0
                THEN coalesce(n.alternates, '')
                ELSE trim(coalesce(n.alternates, '') || ';' || h.spelling, ';') END AS alternates,
           printf('%.5f', Y(PointOnSurface(h.geometry))) AS lat,
           printf('%.5f', X(PointOnSurface(h.geometry))) AS lon,
           printf('%.1f', max(0.3, sqrt(ST_Area(h.geometry, 1) / 1e6 / 3.14159265))) AS precision_km,
           'district' AS kind,
           'SY.13' AS admin1,
           '' AS population,
           'Damascus neighbourhood, OCHA ' || h.hay_pcode || ', ' ||
               printf('%.2f', ST_Area(h.geometry, 1) / 1e6) || ' km2' AS note
    FROM (SELECT *, replace(trim(hay_en), '  ', ' ') AS spelling FROM hay) h
        JOIN names n ON n.pcode = h.hay_pcode
    WHERE coalesce(n.id, '') <> '-'
    ORDER BY h.hay_pcode"
# no quoting: the gazetteer's files are plain tab-separated (the CSV driver
# quotes a field with a comma or a semicolon; none holds a quote or a tab)
if grep -q '""' "$tmp/out.csv"; then
    echo "$out: a name holds a quote" >&2
    exit 1
fi
sed 's/"//g' "$tmp/out.csv" >"$out"
echo "$out: $(($(wc -l <"$out") - 1)) neighbourhoods"
