#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Derive sitmap's GeoNames files from ../shared/data and check curated.tsv.

    gazetteer/build.py [SHARED_DATA_DIR]     (default: ../shared/data from the project root)

Writes gazetteer/geonames.tsv (GeoNames places format, 19 columns, a header
line), gazetteer/admin1.tsv (code, name, name_ar) and gazetteer/admin2.tsv
(district code, name, and its seat's position, by which sitmap gives every
place the district of the nearest seat in its governorate), then checks that
every curated.tsv row has valid fields and lies in the governorate it names.

Sources (see SHARED_DATA_DIR/PROVENANCE.md), all GeoNames, CC BY 4.0:
  geonames_SY.tsv, geonames_region.tsv  cities500 rows of Syria and of its
                                        neighbours inside the map frame;
  citiesjson_SY_supplement.tsv          20 newer Syrian places without a
                                        geonameid: given ids 1900000001...,
                                        dropped when a GeoNames row of the
                                        same consonants lies within 3 km;
  geonames_admin1Codes.tsv              governorate codes and names;
  geonames_admin2Codes_SY.tsv           district codes and names;
  basemap_geojson/admin1.geojson        Arabic governorate names, and the
                                        polygons the curated rows are checked
                                        against (geoBoundaries, CC BY 3.0 IGO).
Runs with Debian's python3; uses only the standard library.
"""
import csv, json, math, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LOCAL_ID_MIN = 1900000000
COLUMNS = ("geonameid name asciiname alternatenames latitude longitude feature_class "
           "feature_code country_code cc2 admin1_code admin2_code admin3_code admin4_code "
           "population elevation dem timezone modification_date").split()


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], rows[1:]


def km(lat1, lon1, lat2, lon2):
    r = math.pi / 180
    a = (math.sin((lat2 - lat1) * r / 2) ** 2 +
         math.cos(lat1 * r) * math.cos(lat2 * r) * math.sin((lon2 - lon1) * r / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1, a)))


def consonants(name):
    s = unicodedata.normalize("NFKD", name).lower()
    s = "".join(c for c in s if "a" <= c <= "z")
    s = re.sub(r"^(al|el)", "", s)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouwy]", "", s))


def geonames_rows(shared):
    _, sy = read_tsv(os.path.join(shared, "gazetteer", "geonames_SY.tsv"))
    _, region = read_tsv(os.path.join(shared, "gazetteer", "geonames_region.tsv"))
    rows = [r for r in sy + region if len(r) == 19]
    _, supp = read_tsv(os.path.join(shared, "gazetteer", "citiesjson_SY_supplement.tsv"))
    n = 0
    for name, lat, lon, cc, admin1, admin2 in supp:
        lat, lon = float(lat), float(lon)
        dup = any(r[8] == "SY" and km(lat, lon, float(r[4]), float(r[5])) < 3 and
                  consonants(r[1]) == consonants(name) for r in sy)
        if dup:
            continue
        n += 1
        ascii_name = "".join(c for c in unicodedata.normalize("NFKD", name)
                             if not unicodedata.combining(c))
        rows.append([str(LOCAL_ID_MIN + n), name, ascii_name, "", "%.5f" % lat, "%.5f" % lon,
                     "P", "PPL", cc, "", admin1, admin2, "", "", "0", "", "", "Asia/Damascus", ""])
    rows.sort(key=lambda r: int(r[0]))
    return rows


def admin1_rows(shared):
    _, codes = read_tsv(os.path.join(shared, "gazetteer", "geonames_admin1Codes.tsv"))
    with open(os.path.join(shared, "basemap_geojson", "admin1.geojson"), encoding="utf-8") as f:
        polys = json.load(f)["features"]
    arabic = {p["properties"]["geonames_admin1"]: p["properties"].get("name_ar", "") for p in polys}
    english = {p["properties"]["geonames_admin1"]: p["properties"].get("name_en", "") for p in polys}
    out = []
    for code, name, ascii_name, _ in codes:
        out.append([code, english.get(code) or ascii_name or name, arabic.get(code, "")])
    return out, polys


# Districts whose seat goes by another name, or is outside cities500.
SEATS = {
    "Mount Simeon District": (36.20124, 37.16117),   # Jabal Sim'an: Aleppo city
    "Markaz Rif Dimashq District": (33.51020, 36.29128),  # the ring around Damascus
    "Al-Mukharram District": (34.8167, 37.0833),     # al-Mukharram al-Fawqani
    "Fiq District": (32.7797, 35.7000),              # Fiq, in the occupied Golan
    "Salkhad District": (32.49200, 36.71114),        # Salkhad, not Salakhid (same consonants)
}


def admin2_rows(shared, places):
    """District codes with the position of their seat: the Syrian GeoNames
    place of the same governorate whose consonants match the district's
    name ("Al-Bab District" -> Al Bab)."""
    _, codes = read_tsv(os.path.join(shared, "gazetteer", "geonames_admin2Codes_SY.tsv"))
    out, missing = [], []
    for code, name, ascii_name, _ in codes:
        admin1 = code.split(".")[1]
        stem = consonants(re.sub(r"\s*(District|Subdistrict)$", "", ascii_name))
        seats = [r for r in places if r[8] == "SY" and r[10] == admin1 and
                 (consonants(r[1]) == stem or consonants(r[2]) == stem or
                  stem in [consonants(a) for a in r[3].split(",")])]
        if name in SEATS:
            out.append([code, name, "%.5f" % SEATS[name][0], "%.5f" % SEATS[name][1]])
            continue
        if not seats:
            missing.append(name)
            continue
        seat = max(seats, key=lambda r: int(r[14] or 0))
        out.append([code, name, seat[4], seat[5]])
    return out, missing


def inside(lon, lat, geometry):
    """Point in (multi)polygon, even-odd rule over every ring."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    hit = False
    for poly in polys:
        for ring in poly:
            j = len(ring) - 1
            for i in range(len(ring)):
                xi, yi = ring[i][0], ring[i][1]
                xj, yj = ring[j][0], ring[j][1]
                if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
                    hit = not hit
                j = i
    return hit


def check_curated(polys, geonames_ids):
    path = os.path.join(HERE, "curated.tsv")
    if not os.path.exists(path):
        return 0
    header, rows = read_tsv(path)
    problems, ids = 0, set()
    for n, r in enumerate(rows, start=2):
        where = "curated.tsv:%d" % n
        if len(r) != 11:
            print("%s: %d fields, want 11" % (where, len(r)))
            problems += 1
            continue
        pid, name, name_ar, alts, lat, lon, prec, kind, admin1, pop, note = r
        if pid in ids:
            print("%s: duplicate id %s" % (where, pid))
            problems += 1
        ids.add(pid)
        if not re.search("[\u0600-\u06ff]", name_ar):
            print("%s: %s: no Arabic name" % (where, name))
            problems += 1
        lat, lon = float(lat), float(lon)
        if kind in ("region", "highway", "road", "river"):
            continue
        home = [p["properties"]["geonames_admin1"] for p in polys if inside(lon, lat, p["geometry"])]
        if admin1 not in home:
            print("%s: %s (%.4f, %.4f) is in %s, not %s" % (where, name, lat, lon,
                  home[0] if home else "no governorate", admin1))
            problems += 1
    print("curated.tsv: %d rows, %d problems" % (len(rows), problems))
    return problems


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
    rows = geonames_rows(shared)
    write_tsv(os.path.join(HERE, "geonames.tsv"), COLUMNS, rows)
    admin1, polys = admin1_rows(shared)
    write_tsv(os.path.join(HERE, "admin1.tsv"), ["code", "name", "name_ar"], admin1)
    admin2, missing = admin2_rows(shared, rows)
    write_tsv(os.path.join(HERE, "admin2.tsv"), ["code", "name", "seat_lat", "seat_lon"], admin2)
    print("admin2.tsv: %d districts with a seat; no seat found for: %s" %
          (len(admin2), ", ".join(missing) or "none"))
    print("geonames.tsv: %d places (%d in Syria); admin1.tsv: %d governorates" %
          (len(rows), sum(r[8] == "SY" for r in rows), len(admin1)))
    return 1 if check_curated(polys, {r[0] for r in rows}) else 0


if __name__ == "__main__":
    sys.exit(main())
