# SPDX-License-Identifier: MIT
# Write a synthetic GeoNames country file of N rows (awk -v n=50000 -f
# make_geonames.awk), in the 19-column layout of SY.txt, deterministic: place
# names built from Syrian name parts, each with a few alternate spellings,
# scattered over Syria's extent.
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
function pick(n) { return int(rnd() * n) + 1 }
BEGIN {
    seed = 7
    if (n == "") n = 50000
    np = split("Tall Kafr Ayn Dayr Khirbat Umm Abu Bayt Jisr Qasr Tall Mazraat Hawsh Bir Ras", pre, " ")
    ns = split("ab ad ah al am an ar as ash at ay az ba bi bu da di du fa fi ha hi hu ja ji ka ki ku la li lu ma mi mu na ni nu qa qi ra ri ru sa si su sha shi ta ti tu wa ya za zi", syl, " ")
    for (i = 1; i <= n; i++) {
        name = pre[pick(np)] " "
        k = 2 + pick(2)
        for (j = 1; j <= k; j++) name = name syl[pick(ns)]
        name = name (rnd() < 0.5 ? "ah" : "")
        alt = name
        gsub(/ay/, "ei", alt)
        alt2 = name
        gsub(/u/, "ou", alt2)
        lat = 32.4 + rnd() * 4.9
        lon = 35.8 + rnd() * 6.3
        printf "%d\t%s\t%s\t%s,%s\t%.5f\t%.5f\tP\tPPL\tSY\t\t%02d\t\t\t\t%d\t\t%d\tAsia/Damascus\t2020-01-01\n", \
            5000000 + i, name, name, alt, alt2, lat, lon, pick(14), int(rnd() * 5000), pick(900)
    }
}
