#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Derive gazetteer/districts.tsv, the district of every Syrian place, from OCHA's
district polygons.

    gazetteer/build_districts.py [../shared/data]

Reads ocha/syr_admin2.geojson (UNCS / UN OCHA Syria, Common Operational Dataset, CC BY
3.0 IGO; see PROVENANCE.md there), the 61 districts of Syria. Each district of
admin2.tsv is the polygon that holds its seat; each place of geonames.tsv (Syria),
curated.tsv, neighbourhoods.tsv and communities.tsv is given the district whose polygon
holds its point (the point community_links.tsv moves it to, when it does), or, for a
point just off every polygon (a coast, a border drawn apart), the nearest within 2 km.
The geometry is SpatiaLite's (GEOS), through GDAL's ogr2ogr; only Debian's python3 and
gdal-bin are needed.
"""
import csv
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
NEAR_DEG = 0.02        # about 2 km: a point this near a district's edge is in it


def rows(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        yield from csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)


def points():
    """(id, lat, lon) of every Syrian place, each at the point sitmap puts it."""
    moved = {r["place_id"]: (r["lat"], r["lon"]) for r in rows("community_links.tsv")
             if r["moves"] == "1"}
    for r in rows("geonames.tsv"):
        if r["country_code"] == "SY":
            yield r["geonameid"], r["latitude"], r["longitude"]
    for name in ("curated.tsv", "neighbourhoods.tsv", "communities.tsv"):
        for r in rows(name):
            if r["admin1"].startswith("SY") or (r["admin1"] and "." not in r["admin1"]):
                lat, lon = moved.get(r["id"], (r["lat"], r["lon"]))
                yield r["id"], lat, lon


# The district polygon of a seat that lies in another's: the ring of districts
# around Damascus, whose seat is given as Damascus's point
SEAT_POLYGON = {"SY.08.8540234": "SY0301"}


def ogr(*args):
    r = subprocess.run(["ogr2ogr"] + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("build_districts: ogr2ogr failed: " + r.stderr.strip())
    return r.stdout


def within(db, table):
    """{id: P-code} of the district polygon holding each point of table (id,
    lat, lon), or the nearest within NEAR_DEG."""
    out = ogr("-f", "CSV", "/vsistdout/", db, "-dialect", "SQLite", "-sql", """
        WITH pt AS (SELECT id, MakePoint(lon, lat, 4326) AS g FROM %s),
        near AS (SELECT pt.id AS id, d.pcode AS pcode, ST_Distance(d.geometry, pt.g) AS far
                 FROM pt JOIN d ON MbrIntersects(d.geometry, BuildCircleMbr(X(pt.g), Y(pt.g), %f))
                 WHERE ST_Distance(d.geometry, pt.g) < %f)
        SELECT id, pcode FROM near n WHERE far = (SELECT min(far) FROM near m WHERE m.id = n.id)
        """ % (table, NEAR_DEG, NEAR_DEG))
    return {r["id"]: r["pcode"] for r in csv.DictReader(out.splitlines())}


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "data")
    src = os.path.join(data, "ocha", "syr_admin2.geojson")
    if not os.path.isfile(src):
        sys.exit("build_districts: %s: no such file (give the folder of the shared data)" % src)
    seats = [r for r in rows("admin2.tsv") if r["code"].startswith("SY.")]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "d.db")
        ogr("-f", "SQLite", "-dsco", "SPATIALITE=YES", db, src, "-nln", "d", "-nlt",
            "PROMOTE_TO_MULTI")
        for name, pts in (("p", points()),
                          ("s", ((r["code"], r["seat_lat"], r["seat_lon"]) for r in seats))):
            with open(os.path.join(tmp, name + ".csv"), "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(["id", "lat", "lon"])
                w.writerows(pts)
            ogr("-f", "SQLite", "-update", db, os.path.join(tmp, name + ".csv"), "-nln", name,
                "-oo", "AUTODETECT_TYPE=YES", "-oo", "KEEP_GEOM_COLUMNS=NO")
        seat_polygon = within(db, "s")
        seat_polygon.update(SEAT_POLYGON)
        places = within(db, "p")
    code_of = {}
    for r in seats:
        pcode = seat_polygon.get(r["code"])
        if pcode is None or pcode in code_of:
            sys.exit("build_districts: the seat of %s (%s) is in %s" % (
                r["name"], r["code"],
                "no district polygon" if pcode is None else code_of[pcode] + "'s polygon too"))
        code_of[pcode] = r["code"]
    out = os.path.join(HERE, "districts.tsv")
    with open(out + ".tmp", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        w.writerow(["place_id", "admin2"])
        w.writerows(sorted(((i, code_of[p]) for i, p in places.items()), key=lambda r: int(r[0])))
    os.replace(out + ".tmp", out)
    print("districts.tsv: %d of %d places in one of %d districts"
          % (len(places), sum(1 for _ in points()), len(code_of)), file=sys.stderr)


if __name__ == "__main__":
    main()
