#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Derive gazetteer/communities.tsv from UN OCHA's Common Operational Dataset.

    gazetteer/build_communities.py [../shared/data]

Reads ocha/syr_admin4_point.csv (UNCS / UN OCHA Syria populated places, CC BY 3.0
IGO; see PROVENANCE.md there) and writes, in curated.tsv's columns, every community
that is not already a place of geonames.tsv, curated.tsv or neighbourhoods.tsv. A
community is such a place when one lies within 5 km under the same name: the same
Arabic name (the strong key: OCHA's English is a transliteration of its own), or the
same English key; a place of curated.tsv, whose position the curators estimated, within
10 km under the same Arabic name, its final vowel letter aside (معردبسة, معردبسي). Each
row keeps OCHA's P-code in its note. community_links.tsv records, for each known place,
the nearest community that is it: P-code, OCHA's names and point, and whether that point
replaces the place's (a curated estimate).
"""
import csv
import math
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SAME_KM = 5.0
ESTIMATE_KM = 10.0     # how far a curated estimate may lie from OCHA's point
POPULATED = ("city", "town", "village")   # kinds a community is (not a neighbourhood)

# Arabic letters that spellings of one name write either way
AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي",
                         "ؤ": "و", "ئ": "ي", "ـ": None})


def ar_key(name):
    """An Arabic name without vowel marks, article or spaces, its letter variants one."""
    if not name:
        return ""
    name = unicodedata.normalize("NFKC", name)
    name = "".join(c for c in name if not ("\u064b" <= c <= "\u065f" or c == "\u0670"))
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w
             for w in name.translate(AR_FOLD).split()]
    return "".join(w for w in words if any("\u0600" <= c <= "\u06ff" for c in w))


def loose_ar_key(key):
    """An Arabic key without the vowel letter that ends it: the name's
    spellings differ there most (معردبسة, معردبسي; حلفايا, حلفاية)."""
    while len(key) > 3 and key[-1] in "هيا":
        key = key[:-1]
    return key


def en_key(name):
    """An English spelling as letters only, without the article and doubled letters."""
    name = unicodedata.normalize("NFKD", name or "").lower()
    name = "".join(c for c in name if "a" <= c <= "z" or c in " -'")
    words = [w for w in name.replace("-", " ").replace("'", "").split()
             if w not in ("al", "el", "ad", "ar", "as", "at", "ash", "az", "an", "ed", "es")]
    key = "".join(words)
    for a, b in (("ou", "u"), ("ee", "i"), ("oo", "u"), ("ay", "ai"), ("ei", "ai"),
                 ("q", "k"), ("e", "a"), ("o", "u"), ("y", "i")):
        key = key.replace(a, b)
    out = []
    for c in key:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


# words that tell two communities of one name apart: OCHA's English
# translates them ("Eastern Deir" is دير شرقي), the news often leaves them out
QUALIFIERS_EN = {"eastern", "western", "northern", "southern", "upper", "lower", "middle",
                 "big", "great", "little", "small", "old", "new"}
QUALIFIERS_AR = {ar_key(w) for w in (
    "شرقي", "غربي", "شمالي", "جنوبي", "قبلي", "الشرقي", "الغربي", "الشمالي", "الجنوبي",
    "القبلي", "الشرقية", "الغربية", "الشمالية", "الجنوبية", "القبلية", "فوقا", "تحتا",
    "فوقاني", "تحتاني", "الفوقاني", "التحتاني", "الوسطى", "الأوسط", "كبير", "صغير",
    "الكبير", "الصغير", "كبيرة", "صغيرة", "الكبيرة", "الصغيرة", "الجديد", "الجديدة",
    "القديم", "القديمة")}


def parts(name, arabic):
    """The names a community is also known by: each of a joint community's
    ("Jamasa Odayat - Alshareeah", جماسة عديات_الشريعة), and each without the
    word that tells it from a namesake ("Upper Hweijeh": "Hweijeh"), when
    what remains is still a name of its own (five letters, or two words)."""
    out = []
    for part in re.split(r"\s+-\s+|\s*[_/]\s*", name):
        words = part.split()
        out.append(part)
        if len(words) > 1 and words[0].lower() in QUALIFIERS_EN:
            rest = " ".join(words[1:])
            if len(rest.replace(" ", "")) >= 5 or len(words) > 2:
                out.append(rest)
    for part in re.split(r"\s+-\s+|\s*[_/]\s*", arabic):
        words = part.split()
        out.append(part)
        if len(words) < 2:
            continue
        for dropped, rest in ((words[0], words[1:]), (words[-1], words[:-1])):
            if ar_key(dropped) in QUALIFIERS_AR and len(ar_key(" ".join(rest))) >= 4:
                out.append(" ".join(rest))
    return [p.strip() for p in out if p.strip()]


def km(lat1, lon1, lat2, lon2):
    r = math.pi / 180
    a = (math.sin((lat2 - lat1) * r / 2) ** 2 +
         math.cos(lat1 * r) * math.cos(lat2 * r) * math.sin((lon2 - lon1) * r / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(min(a, 1)))


class Known:
    """A place the shipped gazetteer has: id, point, keys, and whether its
    point is a curator's estimate."""

    def __init__(self, pid, lat, lon, names, estimate):
        self.id, self.lat, self.lon, self.estimate = pid, lat, lon, estimate
        self.keys = {("ar", ar_key(n)) for n in names if ar_key(n)}
        self.keys |= {("en", en_key(n)) for n in names if en_key(n)}
        self.loose = {loose_ar_key(k) for kind, k in self.keys if kind == "ar"}

    def is_community(self, keys, lat, lon):
        """The distance to a community of these keys at (lat, lon) if it is
        this place, else None."""
        d = km(lat, lon, self.lat, self.lon)
        if d <= SAME_KM and keys & self.keys:
            return d
        if self.estimate and d <= ESTIMATE_KM and \
                {loose_ar_key(k) for kind, k in keys if kind == "ar"} & self.loose:
            return d
        return None


def known_places():
    """Every place of the shipped gazetteer in the mapped country."""
    out = []
    with open(os.path.join(HERE, "geonames.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["country_code"] != "SY":
                continue
            names = [row["name"], row["asciiname"]] + row["alternatenames"].split(",")
            out.append(Known(row["geonameid"], float(row["latitude"]), float(row["longitude"]),
                             names, False))
    for fn in ("curated.tsv", "neighbourhoods.tsv"):
        with open(os.path.join(HERE, fn), encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                names = [row["name"], row["name_ar"]] + row["alternates"].split(";")
                out.append(Known(row["id"], float(row["lat"]), float(row["lon"]), names,
                                 fn == "curated.tsv" and row["kind"] in POPULATED))
    return out


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "data")
    admin1 = {}
    with open(os.path.join(HERE, "admin1.tsv"), encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row[0].startswith("SY."):
                admin1[ar_key(row[2])] = row[0]
    admin1[ar_key("مدينة دمشق")] = "SY.13"
    # the known places on a grid of 0.1 degree (11 km: a community's
    # place lies in its cell or a neighbour)
    grid = {}
    for p in known_places():
        grid.setdefault((int(p.lat * 10), int(p.lon * 10)), []).append(p)
    rows, links, same = [], {}, 0
    src = os.path.join(data, "ocha", "syr_admin4_point.csv")
    if not os.path.isfile(src):
        sys.exit("build_communities: %s: no such file (give the folder of the shared data)" % src)
    with open(src, encoding="utf-8") as f:
        reader = csv.DictReader(f)
        for c in reader:
            try:
                lat, lon = float(c["LATITUDE"]), float(c["LONGITUDE"])
                int(c["PCODE"][1:])
            except (KeyError, TypeError, ValueError):
                sys.exit("build_communities: %s:%d: no coordinates or P-code"
                         % (src, reader.line_num))
            name, ref, ar = c["NAME_EN"].strip(), c["NAM_EN_REF"].strip(), c["NAME_ARA"].strip()
            if "\ufffd" in ar:            # cut mid-character in OCHA's source
                ar = ""
            also = [n for n in parts(name, ar) if n not in (name, ar)]
            joint = [n for n in re.split(r"\s+-\s+|\s*[_/]\s*", name + "_" + ar) if n]
            keys = {("ar", ar_key(n)) for n in [ar] + joint if ar_key(n)}
            keys |= {("en", en_key(n)) for n in [name, ref] + joint
                     if en_key(n) and not ar_key(n)}
            near = [p for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                    for p in grid.get((int(lat * 10) + dy, int(lon * 10) + dx), ())]
            known = [(d, p) for p in near for d in [p.is_community(keys, lat, lon)]
                     if d is not None]
            if known:
                d, p = min(known, key=lambda x: x[0])
                if p.id not in links or d < links[p.id][0]:
                    links[p.id] = (d, [c["PCODE"], p.id, name, ar, "%.5f" % lat, "%.5f" % lon,
                                       "1" if p.estimate else "0"])
                same += 1
                continue
            # every community is a village here: those the gazetteer lacks are
            # small, and a map names a village only when the news does
            kind = "village"
            code = admin1.get(ar_key(c["ADMIN1_ARA"]))
            if code is None:
                sys.exit("build_communities: no governorate code for %s" % c["ADMIN1_ARA"])
            alternates = [ref] if ref and en_key(ref) != en_key(name) else []
            for n in also:
                if n not in alternates and ";" not in n:
                    alternates.append(n)
            alternates = ";".join(alternates)
            rows.append([str(2100000000 + int(c["PCODE"][1:])), name, ar, alternates,
                         "%.5f" % lat, "%.5f" % lon, "1.5",
                         kind, code, "", "OCHA COD community " + c["PCODE"]])
    rows.sort(key=lambda r: int(r[0]))
    # written whole beside the file, then put in its place
    out = os.path.join(HERE, "communities.tsv")
    with open(out + ".tmp", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        w.writerow(["id", "name", "name_ar", "alternates", "lat", "lon", "precision_km", "kind",
                    "admin1", "population", "note"])
        w.writerows(rows)
    os.replace(out + ".tmp", out)
    out = os.path.join(HERE, "community_links.tsv")
    with open(out + ".tmp", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        w.writerow(["pcode", "place_id", "name", "name_ar", "lat", "lon", "moves"])
        w.writerows(sorted((v[1] for v in links.values()), key=lambda r: int(r[0][1:])))
    os.replace(out + ".tmp", out)
    print("communities.tsv: %d communities, %d already places of the gazetteer;"
          " community_links.tsv: %d places, %d of them moved to OCHA's point"
          % (len(rows), same, len(links), sum(v[1][6] == "1" for v in links.values())),
          file=sys.stderr)


if __name__ == "__main__":
    main()
