# SPDX-License-Identifier: MIT
# sitmap render --lang: the furniture in a language's words (styles/lang/),
# Arabic right to left with its digits, a language given by its file.

load() {
    sitmap --db "$T/db" -q init
    sitmap --db "$T/db" -q import zones "$EXAMPLES/zones.geojson"
    sitmap --db "$T/db" -q import control "$EXAMPLES/control.csv"
    sitmap --db "$T/db" -q import events "$EXAMPLES/events.csv"
}

# check_layout SVG WIDTH DIRECTION [free]: the title block, the legend
# (unless free: it goes where it hides least) and the scale bar on the
# side the direction puts them, read as XML; every text of
# the furniture written right to left in a right-to-left map, its numbers
# in Arabic-Indic digits.
check_layout() {
    python3 - "$1" "$2" "$3" "${4:-}" <<'PY'
import re, sys
import xml.etree.ElementTree as ET
root, width, direction = ET.parse(sys.argv[1]).getroot(), float(sys.argv[2]), sys.argv[3]
free = sys.argv[4] == "free"
SVG = "{http://www.w3.org/2000/svg}"
def group(gid):
    return next(e for e in root.iter() if e.get("id") == gid)
def texts(gid):
    return [t for t in group(gid).iter(SVG + "text") if t.get("fill") != "none"]
title = texts("title")
assert title, "no title block"
legend = texts("legend")
scale = texts("scalebar")
if direction == "rtl":
    for t in title + legend + scale:
        assert t.get("direction") == "rtl", ("not right to left", t.text)
        assert not re.search("[0-9]", t.text), ("Latin digits", t.text)
    assert min(float(t.get("x")) for t in title) > width / 2, "the title block on the right"
    # the legend's first column (its first text, a heading) on the right
    assert free or float(legend[0].get("x")) > width / 2, "the legend on the right"
    assert float(scale[0].get("x")) < width / 2, "the scale bar on the left"
    # a row's swatch on the right of its text: the swatch's left edge past
    # the text's right end (its x, right to left)
    items = list(group("legend"))
    rows = 0
    for a, b in zip(items, items[1:]):
        m = re.match(r"M([0-9.]+) [0-9.]+L([0-9.]+) ", a.get("d", ""))
        if a.tag == SVG + "path" and b.tag == SVG + "text" and m and float(m.group(2)) - float(m.group(1)) < 40:
            assert float(m.group(1)) > float(b.get("x")), ("swatch left of its text", b.text)
            rows += 1
    assert rows >= 3, ("legend rows with swatches", rows)
else:
    assert max(float(t.get("x")) for t in title) < width / 2, "the title block on the left"
    for t in title + legend + scale:
        assert t.get("direction") is None, ("right to left", t.text)
PY
}

case_arabic_map_reads_right_to_left() {
    load
    run sitmap --db "$T/db" render --date 2016-12-12 --lang ar --title "حلب" -o "$T/ar.svg"
    expect_status 0
    run xmllint --noout "$T/ar.svg"
    expect_status 0
    for s in "الوضع الميداني حتى ١٢ ديسمبر ٢٠١٦" "السيطرة (نسبة من مساحة سوريا)" \
             "تنظيم الدولة الإسلامية  ١١٪" "الأحداث، آخر ٧ أيام" "كم</text>" "المصادر:" \
             "<title>حلب</title>" ">هضبة الجولان</text>" ">(تحت سيطرة إسرائيل)</text>"; do
        grep -qF "$s" "$T/ar.svg" || fail "no \"$s\" in the SVG"
    done
    ! grep -q ">Situation as of\|>Control\|>Events\| km</text>" "$T/ar.svg" ||
        fail "English furniture"
    check_layout "$T/ar.svg" 1920 rtl || fail "the Arabic layout"
    # the same on a tall page
    for p in portrait story; do
        run sitmap --db "$T/db" render --date 2016-12-12 --lang ar --preset $p --title "حلب" \
            -o "$T/$p.svg"
        expect_status 0
        check_layout "$T/$p.svg" 1080 rtl || fail "$p: the Arabic layout"
    done
}

# a change map's title and its window's days, in Arabic's plural
case_arabic_change_map() {
    load
    run sitmap --db "$T/db" diff 2017-02-01 2017-02-26 --region aleppo --lang ar -o "$T/c.svg"
    expect_status 0
    grep -qF ">التغييرات منذ ١ فبراير ٢٠١٧</text>" "$T/c.svg" || fail "the title"
    grep -qF ">الأحداث، آخر ٢٦ يوماً</text>" "$T/c.svg" || fail "26 days"
    check_layout "$T/c.svg" 1920 rtl free || fail "the layout"
    run sitmap --db "$T/db" diff 2017-02-01 2017-02-26 --region aleppo -o "$T/e.svg"
    expect_status 0
    grep -qF ">Changes since 1 February 2017</text>" "$T/e.svg" || fail "the English title"
}

case_digits_chosen() {
    load
    run sitmap --db "$T/db" render --date 2016-12-12 --lang ar --digits latin -o "$T/latin.svg"
    expect_status 0
    grep -qF "الوضع الميداني حتى 12 ديسمبر 2016" "$T/latin.svg" || fail "Latin digits"
    run sitmap --db "$T/db" render --date 2016-12-12 --digits arabic --date-format iso \
        -o "$T/en.svg"
    expect_status 0
    grep -qF "Situation as of ٢٠١٦-١٢-١٢" "$T/en.svg" || fail "Arabic-Indic digits in English"
    run sitmap --db "$T/db" render --date 2016-12-12 --digits roman -o "$T/x.svg"
    expect_status 2
    expect_stderr "--digits \"roman\""
}

case_levantine_months() {
    load
    run sitmap --db "$T/db" render --date 2016-12-12 --lang ar-levant -o "$T/lev.svg"
    expect_status 0
    grep -qF "الوضع الميداني حتى ١٢ كانون الأول ٢٠١٦" "$T/lev.svg" || fail "the Levantine month"
}

# English and en+ar: English furniture, left to right, as before
case_english_furniture_left_to_right() {
    load
    for l in en en+ar; do
        run sitmap --db "$T/db" render --date 2016-12-12 --lang $l --title "Syria" -o "$T/$l.svg"
        expect_status 0
        grep -qF "Situation as of 12 December 2016" "$T/$l.svg" || fail "$l: the date line"
        grep -qF "Control (share of Syria)" "$T/$l.svg" || fail "$l: the legend"
        check_layout "$T/$l.svg" 1920 ltr || fail "$l: the layout"
    done
    grep -q 'حلب' "$T/en+ar.svg" || fail "en+ar: Arabic labels"
}

# A third language is a file: by its path, its keys over English's
case_a_language_of_its_own() {
    load
    cat > "$T/fr.json" <<'JSON'
{
  "direction": "ltr",
  "title.as_of": "Situation au {date}",
  "legend.control_country": "Contrôle (part de {country})",
  "country.sy": "la Syrie",
  "month.12": "décembre", "month.1": "janvier", "month.2": "février", "month.3": "mars",
  "month.4": "avril", "month.5": "mai", "month.6": "juin", "month.7": "juillet",
  "month.8": "août", "month.9": "septembre", "month.10": "octobre", "month.11": "novembre"
}
JSON
    run sitmap --db "$T/db" render --date 2016-12-12 --lang "$T/fr.json" -o "$T/fr.svg"
    expect_status 0
    grep -qF "Situation au 12 décembre 2016" "$T/fr.svg" || fail "the French date line"
    grep -qF "Contrôle (part de la Syrie)" "$T/fr.svg" || fail "the French legend"
    grep -qF ">Events, last 7 days</text>" "$T/fr.svg" || fail "a key French lacks: English"
    # found by name in the styles folder of SITMAP_DATA
    mkdir -p "$T/data/styles/lang"
    cp "$T/fr.json" "$T/data/styles/lang/fr.json"
    cp "$EXAMPLES/../styles/lang/en.json" "$T/data/styles/lang/"
    cp "$EXAMPLES/../styles/newsroom.json" "$T/data/styles/"
    cp -r "$EXAMPLES/../gazetteer" "$T/data/"
    run env SITMAP_DATA="$T/data" "$SITMAP" --db "$T/db" render --date 2016-12-12 --lang fr \
        -o "$T/fr2.svg"
    expect_status 0
    grep -qF "Situation au 12 décembre 2016" "$T/fr2.svg" || fail "fr by name"
}

case_bad_language_refused() {
    load
    printf '{\n  "title.as_of": "x",\n  "legend.control" "y"\n}\n' > "$T/bad.json"
    run sitmap --db "$T/db" render --date 2016-12-12 --lang "$T/bad.json" -o "$T/bad.svg"
    expect_status 1
    expect_stderr "$T/bad.json:3:"
    [ ! -e "$T/bad.svg" ] || fail "a map drawn all the same"
    run sitmap --db "$T/db" render --date 2016-12-12 --lang xx -o "$T/xx.svg"
    expect_status 2
    expect_stderr "--lang xx: no such language file"
    run sitmap --db "$T/db" render --date 2016-12-12 --lang "../ar" -o "$T/xx.svg"
    expect_status 2
}
