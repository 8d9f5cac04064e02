# SPDX-License-Identifier: MIT
# Write a synthetic ACLED export of N rows (awk -v n=5000 -f make_acled.awk),
# in the 2023 column layout, deterministic (a fixed linear congruential
# generator), with quoted notes holding commas, both date styles, and the
# spread of sub-event types, precisions and places of a real Syria export.
# With -v keep=K, only every K-th row falls in 2017 and the others in 2010-2016
# (the same rows otherwise); -v only=1 then writes the 2017 rows alone, so
# that a small table and a large one hold the same rows of 2017.
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
function pick(n) { return int(rnd() * n) + 1 }
BEGIN {
    seed = 42
    if (n == "") n = 5000
    split("January February March April May June July August September October November December", mon, " ")
    ns = split("Air/drone strike|Shelling/artillery/missile attack|Armed clash|Remote explosive/landmine/IED|Attack|Government regains territory|Non-state actor overtakes territory|Agreement|Peaceful protest|Looting/property destruction", sub_t, "|")
    split("Explosions/Remote violence|Explosions/Remote violence|Battles|Explosions/Remote violence|Violence against civilians|Strategic developments|Battles|Strategic developments|Protests|Violence against civilians", ev_t, "|")
    np = split("Al Bab|Aleppo|Idlib|Douma|Harasta|Deir ez-Zor|Raqqa|Manbij|Azaz|Jarabulus|Tadef|Khan Shaykhun|Maarat al-Numan|Saraqib|Ain al Fijah|Palmyra|Homs|Hama|Daraa|Al Mayadin", place, "|")
    split("36.3706 36.2021 35.9306 33.5717 33.5586 35.3359 35.9528 36.5281 36.5866 36.8175 36.3480 35.4614 35.6482 35.8646 33.6167 34.5601 34.7268 35.1318 32.6189 35.0194", lat, " ")
    split("37.5157 37.1343 36.6339 36.4017 36.3650 40.1408 39.0079 37.9549 37.0463 38.0113 37.5310 36.6386 36.6722 36.7933 36.1833 38.2672 36.7234 36.7578 36.1021 40.4531", lon, " ")
    split("Aleppo Aleppo Idlib Rural_Damascus Rural_Damascus Deir-ez-Zor Raqqa Aleppo Aleppo Aleppo Aleppo Idlib Idlib Idlib Rural_Damascus Homs Homs Hama Dar'a Deir-ez-Zor", adm, " ")
    print "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp" > "/dev/stdout"
    for (i = 1; i <= n; i++) {
        s = pick(ns); p = pick(np); d = pick(28); m = pick(12)
        y = (keep == "" || i % keep == 0) ? 2017 : 2010 + i % 7
        date = (i % 2) ? sprintf("%d %s %d", d, mon[m], y) : sprintf("%d-%02d-%02d", y, m, d)
        jlat = lat[p] + (rnd() - 0.5) * 0.05; jlon = lon[p] + (rnd() - 0.5) * 0.05
        a1 = (rnd() < 0.5) ? "Military Forces of Syria (2000-)" : "Opposition Rebels (Syria)"
        adm1 = adm[p]; gsub("_", " ", adm1)
        # a row left out is still made (to /dev/null): the generator's numbers stay in step
        out = (only != "" && y != 2017) ? "/dev/null" : "/dev/stdout"
        printf "SYR%d,%s,%d,%d,Political violence,%s,%s,%s,,State forces,Islamic State (Iraq and Syria),,Rebel group,12,,760,Middle East,Syria,%s,,,%s,%.4f,%.4f,%d,SOHR; Syria Direct,National,\"On %s, %s hit %s, killing %d, according to local sources.\",%d,,%d\n", \
            100000 + i, date, y, pick(3), ev_t[s], sub_t[s], a1, adm1, place[p], jlat, jlon, pick(3), date, sub_t[s], place[p], pick(20) - 1, pick(20) - 1, 1600000000 + i > out
    }
}
