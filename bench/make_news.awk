# SPDX-License-Identifier: MIT
# Dense news text for the extractor's benchmark: paragraphs of made-up
# war-desk sentences, each naming several places (towns known without doubt,
# names that several villages share, places abroad, people and factions),
# with dates, counts and incident words. Deterministic (its own generator).
#   awk -v bytes=50000000 -f bench/make_news.awk >news.txt
function rnd(n) {                       # 0 .. n-1 (Park and Miller's generator:
    seed = (seed * 16807) % 2147483647  # exact in any awk's doubles)
    return int(seed / 1024) % n
}
function pick(a, n) { return a[rnd(n) + 1] }
function places(k,    s, i) {           # "A, B, C and D"
    s = pick(sure, nsure)
    for (i = 2; i <= k; i++)
        s = s (i == k ? " and " : ", ") (rnd(3) ? pick(shared, nshared) : pick(sure, nsure))
    return s
}
function sentence(    t, n) {
    t = rnd(8)
    n = rnd(40) + 2
    if (t == 0)
        return sprintf("Regime warplanes struck %s, %s of %s, on %s, killing at least %d people.",
            pick(shared, nshared), pick(dirs, ndirs), pick(sure, nsure), pick(days, ndays), n)
    if (t == 1)
        return sprintf("Clashes went on in %s as rebels shelled %s from %s.",
            places(rnd(4) + 3), pick(sure, nsure), pick(shared, nshared))
    if (t == 2)
        return sprintf("Government forces took %s, the monitor said, after a week of fighting around %s.",
            places(rnd(5) + 3), pick(sure, nsure))
    if (t == 3)
        return sprintf("A car bomb exploded near %s in %s province on %s, wounding %d and killing %d.",
            pick(shared, nshared), pick(govs, ngovs), pick(days, ndays), n + 7, n)
    if (t == 4)
        return sprintf("%s said in %s that aid convoys would reach %s, %s and %s by %s.",
            pick(people, npeople), pick(abroad, nabroad), pick(shared, nshared),
            pick(sure, nsure), pick(shared, nshared), pick(days, ndays))
    if (t == 5)
        return sprintf("Airstrikes hit a hospital in %s and a bakery in %s, %s of %s, the civil defence said.",
            pick(sure, nsure), pick(shared, nshared), pick(dirs, ndirs), pick(sure, nsure))
    if (t == 6)
        return sprintf("Fighters of %s shelled %s and %s on %s; %d civilians died in %s.",
            pick(factions, nfactions), pick(shared, nshared), pick(shared, nshared),
            pick(days, ndays), n, pick(sure, nsure))
    return sprintf("Thousands fled %s towards %s and %s as the front moved past %s.",
        places(rnd(3) + 2), pick(sure, nsure), pick(abroad, nabroad), pick(shared, nshared))
}
BEGIN {
    seed = 20170130
    if (bytes == "") bytes = 1000000
    nsure = split("Aleppo,Damascus,Homs,Hama,Idlib,Raqqa,Deir ez-Zor,Douma,Harasta," \
        "Maarat al-Numan,al-Bab,Manbij,Palmyra,Saraqib,Khan Shaykhun,Darayya,Qaryatayn," \
        "Tal Abyad,Azaz,Afrin,Jarablus,Kobani,Tabqa,Madaya,Zabadani,Daraa,Quneitra,Latakia," \
        "Jisr al-Shughur,Ariha,Binnish,Atarib,Dael,Nawa,Busra al-Sham,Suwayda,Qamishli," \
        "Hasakah,Mayadin,Abu Kamal", sure, ",")
    nshared = split("Qastal,Hamam,Jdideh,Jdeideh,Aziziyeh,Khalidiyeh,al-Salihiyah," \
        "al-Mansoura,Karama,Taybeh,Mughayyir,Khan", shared, ",")
    nabroad = split("Geneva,Moscow,Ankara,Amman,Beirut,Gaziantep,Washington", abroad, ",")
    ngovs = split("Idlib,Hama,Aleppo,Homs,Daraa,Raqqa", govs, ",")
    ndirs = split("north,south,east,west,northeast,northwest,southeast,southwest", dirs, ",")
    ndays = split("Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday,January 12", days, ",")
    npeople = split("Bashar al-Assad,Staffan de Mistura,Sergei Lavrov,Riyad Hijab", people, ",")
    nfactions = split("Jabhat Fatah al-Sham,Jaish al-Islam,Ahrar al-Sham,the Islamic State", factions, ",")
    total = 0
    while (total < bytes) {
        para = sentence()
        k = rnd(5) + 2
        for (j = 1; j < k; j++)
            para = para " " sentence()
        print para
        print ""
        total += length(para) + 2
    }
}
