# SPDX-License-Identifier: MIT
# The installed library, as an embedder uses it: `make install` into a
# prefix, then programs built with pkg-config's flags alone against
# <sitmap/sitmap.h>, in C against the shared library and in C++ against the
# static one; every installed header compiles on its own in C and in C++.

# The library installed into $T/p (install_into, lib.sh), its pkg-config
# file found.
install_library() {
    install_into "$T/p"
    expect_status 0
    PKG_CONFIG_PATH="$T/p/lib/pkgconfig"
    export PKG_CONFIG_PATH
    [ "$case_failed" -eq 0 ] && command -v pkg-config >/dev/null
}

# A program that checks the headers against the library, opens a new
# database and builds a situation from it.
write_c_program() {
    cat >"$T/embed.c" <<'EOF'
#include <sitmap/sitmap.h>

#include <stdio.h>
#include <string.h>

#if SITMAP_VERSION_NUMBER < 100 || !defined(SITMAP_VERSION_MAJOR)
#error "no version number"
#endif

int
main(int argc, char **argv)
{
    sm_error err = { SM_OK, "" };
    sm_store *db = NULL;
    sm_situation *sit = NULL;
    sm_situation_opts so = SM_SITUATION_OPTS_INIT;
    char iso[SM_DAY_ISO_LEN];
    sm_day day;
    int rc = 0;

    if (argc != 2)
        return 2;
    sm_geolibs_preload();
    if (strcmp(sm_version(), SITMAP_VERSION) != 0 ||
        sm_version_number() != SITMAP_VERSION_NUMBER) {
        fprintf(stderr, "headers %s, library %s\n", SITMAP_VERSION, sm_version());
        return 1;
    }
    printf("sitmap %s (%d.%d.%d)\n", sm_version(), SITMAP_VERSION_MAJOR, SITMAP_VERSION_MINOR,
           SITMAP_VERSION_PATCH);
    if (!sm_day_parse("26 February 2017", &day))
        return 1;
    printf("day %s\n", sm_day_format(day, iso));
    if (sm_store_open(argv[1], SM_STORE_CREATE, &db, &err) != SM_OK ||
        sm_situation_build(db, day, &so, &sit, &err) != SM_OK) {
        fprintf(stderr, "%s (%s)\n", err.msg, sm_status_text(err.status));
        rc = 1;
    } else {
        printf("schema %d, %zu zones\n", SM_STORE_SCHEMA_VERSION, sit->nzones);
    }
    sm_situation_free(sit);
    sm_store_close(db);
    sm_geolibs_join();
    return rc;
}
EOF
}

case_installed_library_links_a_c_program_with_pkg_config() {
    file_only "a C program of its own opens the file"
    install_library || return 1
    write_c_program
    for f in lib/libsitmap.a lib/libsitmap.so.0 lib/libsitmap.so lib/pkgconfig/sitmap.pc \
             include/sitmap/sitmap.h include/sitmap/core/day.h include/sitmap/render/render.h; do
        expect_file "$T/p/$f"
    done
    run readelf -d "$T/p/lib/libsitmap.so"
    expect_stdout "Library soname: [libsitmap.so.0]"
    # it exports what its installed headers declare, versioned, and nothing
    # of its own (sm_store__prepare, the geolibs table, the GDAL module's)
    nm -D --defined-only "$T/p/lib/libsitmap.so" | awk '$2 ~ /[TDBR]/ { print $3 }' |
        grep -v '^SITMAP_0$' >"$T/exported"
    grep -q '^sm_store_open@@SITMAP_0$' "$T/exported" || fail "sm_store_open not exported as SITMAP_0"
    sed 's/@.*//' "$T/exported" | sort -u >"$T/names"
    cat "$T/p/include/sitmap/sitmap.h" $(find "$T/p/include/sitmap" -name '*.h') >"$T/all.h"
    while read -r name; do
        grep -q "\b$name\b" "$T/all.h" || fail "exported, in no installed header: $name"
    done <"$T/names"
    [ "$(wc -l <"$T/names")" -ge 150 ] || fail "only $(wc -l <"$T/names") symbols exported"
    run pkg-config --modversion sitmap
    expect_status 0
    expect_stdout "$(awk '/define SITMAP_VERSION_(MAJOR|MINOR|PATCH) /{ v = v (v == "" ? "" : ".") $3 }
                          END { print v }' "$T/p/include/sitmap/sitmap.h")"
    # shellcheck disable=SC2046
    run cc -std=c11 -Wall -Wextra -Werror $san "$T/embed.c" -o "$T/embed" \
        $(pkg-config --cflags --libs sitmap) -Wl,-rpath,"$T/p/lib"
    expect_status 0
    expect_no_stderr
    run ldd "$T/embed"
    expect_stdout "libsitmap.so.0 => $T/p/lib/libsitmap.so.0"
    run "$T/embed" "$T/e.db"
    expect_status 0
    expect_stdout "sitmap $("$T/p/bin/sitmap" --version | cut -d' ' -f2)"
    expect_stdout "day 2017-02-26"
    expect_stdout ", 0 zones"
    expect_file "$T/e.db"
    # the database is one the command reads
    run "$T/p/bin/sitmap" --db "$T/e.db" info
    expect_status 0
}

case_installed_static_library_links_a_cxx_program() {
    install_library || return 1
    command -v g++ >/dev/null || return 77
    cat >"$T/embed.cc" <<'EOF'
#include <sitmap/sitmap.h>

#include <cstdio>
#include <cstring>

int
main()
{
    sm_error err = { SM_OK, "" };
    sm_gaz *gaz = nullptr;
    sm_place p = {};
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate c[2];
    int n = 0, index = -1;
    bool merged = false;
    /* every initialiser macro, as C++ takes them */
    sm_ingest_opts io = SM_INGEST_OPTS_INIT;
    sm_situation_opts so = SM_SITUATION_OPTS_INIT;
    sm_render_opts ro = SM_RENDER_OPTS_INIT;
    sm_export_opts eo = SM_EXPORT_OPTS_INIT;
    sm_gaz_load_opts lo = SM_GAZ_LOAD_OPTS_INIT;
    sm_mpoly mp = SM_MPOLY_INIT;
    sm_buf b = SM_BUF_INIT;
    sm_arena a = SM_ARENA_INIT;
    sm_atomic_file af = SM_ATOMIC_FILE_INIT;

    if (std::strcmp(sm_version(), SITMAP_VERSION) != 0) {
        std::fprintf(stderr, "headers %s, library %s\n", SITMAP_VERSION, sm_version());
        return 1;
    }
    if (io.valid_from != SM_DAY_NONE || so.since != SM_DAY_NONE || ro.width_px != 1920 ||
        eo.path != nullptr || !lo.merge || mp.nrings != 0 || b.len != 0 || a.used != 0 ||
        af.fp != nullptr) {
        std::fprintf(stderr, "an initialiser macro lacks its default\n");
        return 1;
    }
    p.id = 1;
    p.name = "Testville";
    p.lat_deg = 35.5;
    p.lon_deg = 36.5;
    p.kind = "town";
    p.country = "SY";
    p.population = 1000;
    if (sm_gaz_new(&gaz, &err) != SM_OK ||
        sm_gaz_add_place(gaz, &p, nullptr, false, &index, &merged, &err) != SM_OK ||
        sm_gaz_finish(gaz, &err) != SM_OK ||
        sm_gaz_lookup(gaz, "Testvile", &q, c, 2, &n, nullptr, &err) != SM_OK || n != 1) {
        std::fprintf(stderr, "%s\n", err.msg);
        sm_gaz_free(gaz);
        return 1;
    }
    std::printf("%s: %s\n", sm_version(), c[0].place->name);
    sm_gaz_free(gaz);
    return 0;
}
EOF
    # the static library in place of the shared one; the rest as pkg-config
    # --static gives it
    libs=$(pkg-config --static --libs sitmap | sed 's/-lsitmap /-l:libsitmap.a /')
    # shellcheck disable=SC2046,SC2086
    run g++ -std=c++17 -Wall -Wextra -pedantic -Werror $san "$T/embed.cc" -o "$T/embedxx" \
        $(pkg-config --cflags sitmap) $libs
    expect_status 0
    expect_no_stderr
    run ldd "$T/embedxx"
    grep -q libsitmap "$T/stdout" && fail "linked the shared library: $(grep libsitmap "$T/stdout")"
    run "$T/embedxx"
    expect_status 0
    expect_stdout ": Testville"
}

case_installed_headers_compile_alone_in_c_and_cxx() {
    install_library || return 1
    command -v g++ >/dev/null || return 77
    cd "$T/p/include/sitmap" || return 1
    find . -name '*.h' | sed 's|^\./||' | sort >"$T/headers"
    grep -E '_int\.h$|^cli/|geolibs\.h|json_file\.h|vocab\.h|module\.h' "$T/headers" &&
        fail "a header of the library's own is installed"
    while read -r h; do
        printf '#include <sitmap/%s>\n' "$h" >"$T/one.c"
        cp "$T/one.c" "$T/one.cc"
        # shellcheck disable=SC2046
        cc -std=c11 -Wall -Wextra -pedantic -Werror -fsyntax-only $(pkg-config --cflags sitmap) \
            "$T/one.c" 2>"$T/err" || fail "$h in C: $(head -c 300 "$T/err")"
        # shellcheck disable=SC2046
        g++ -std=c++17 -Wall -Wextra -pedantic -Werror -fsyntax-only \
            $(pkg-config --cflags sitmap) "$T/one.cc" 2>"$T/err" ||
            fail "$h in C++: $(head -c 300 "$T/err")"
        grep -q '__cplusplus' "$h" || fail "$h has no C++ guard"
    done <"$T/headers"
}

# Without PROJ (the library's own loader built to look for a file that is
# not there), opening a database and making a map frame return an error
# naming the library; the library never ends the program (it used to
# exit(1) at the first call into PROJ or SpatiaLite).
case_missing_geolibs_are_an_error_not_an_exit() {
    install_library || return 1
    cat >"$T/nolibs.c" <<'EOF2'
#include <sitmap/sitmap.h>

#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
    sm_error err = { SM_OK, "" };
    sm_store *db = NULL;
    sm_style s;
    sm_render_opts o = SM_RENDER_OPTS_INIT;
    sm_frame *f = NULL;

    if (argc != 2)
        return 2;
    if (sm_store_open(argv[1], SM_STORE_CREATE, &db, &err) != SM_EIO || db != NULL)
        return 10;
    printf("store: %s\n", err.msg);
    sm_style_defaults(&s);
    o.west = 35, o.south = 32, o.east = 42, o.north = 37;
    o.style = &s;
    sm_error_clear(&err);
    if (sm_frame_new(&o, &f, &err) != SM_EIO || f != NULL)
        return 11;
    printf("frame: %s\n", err.msg);
    return 0;
}
EOF2
    root=$(dirname "$SITMAP")
    # shellcheck disable=SC2046,SC2086
    run cc -std=c11 -c $san -I"$root/src" $(pkg-config --cflags proj spatialite sqlite3) \
        -DSM_PROJ_SONAME='"libproj-not-installed.so.25"' "$root/src/core/geolibs.c" \
        -o "$T/geolibs.o"
    expect_status 0
    libs=$(pkg-config --static --libs sitmap | sed 's/-lsitmap /-l:libsitmap.a /')
    # shellcheck disable=SC2046,SC2086
    run cc -std=c11 -Wall -Wextra -Werror $san "$T/nolibs.c" "$T/geolibs.o" -o "$T/nolibs" \
        $(pkg-config --cflags sitmap) $libs
    expect_status 0
    run "$T/nolibs" "$T/n.db"
    expect_status 0
    expect_stdout "store: cannot open libproj-not-installed.so.25"
    expect_stdout "(sitmap needs PROJ and SpatiaLite)"
    expect_stdout "frame: cannot open libproj-not-installed.so.25"
    expect_no_file "$T/n.db"
}
