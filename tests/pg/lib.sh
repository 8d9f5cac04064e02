# SPDX-License-Identifier: MIT
# PostgreSQL for the command-line tests (sourced by a tests/cli/test_*.sh
# file, after tests/cli/lib.sh has set $T and the helpers).
#
# pg_cluster: the server the tests use: $SITMAP_TEST_PG_URI when the
#   runner started one (tests/run.sh with SITMAP_TEST_PG=1), else a
#   throwaway cluster of the file's own (tests/pg/cluster.sh), stopped when
#   the file's shell ends, however it ends. Sets $pg_skip to the reason
#   when PostgreSQL or PostGIS is not installed; a case then calls pg_need,
#   which skips it.
# pg_new_db NAME: a new, empty database on that server (no PostGIS); its
#   URI on stdout. pg_uri NAME: the URI of a database; pg_sql NAME ARGS:
#   psql on it.

pg_skip=
pg_cluster() {
    [ -n "${SITMAP_TEST_PG_URI:-}" ] && return 0
    pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/sitmap-pg-XXXXXX") || { pg_skip="no temporary folder"; return 0; }
    rmdir "$pg_dir"
    SITMAP_TEST_PG_URI=$(sh "$(dirname "$SITMAP")/tests/pg/cluster.sh" start "$pg_dir" $$ 2>"$pg_dir.err")
    rc=$?
    if [ $rc -eq 2 ]; then
        pg_skip=$(head -n 1 "$pg_dir.err" | sed 's/^cluster.sh: //')
    elif [ $rc -ne 0 ]; then
        echo "pg_cluster: the test cluster did not start: $(head -c 600 "$pg_dir.err")" >&2
        pg_skip=
        SITMAP_TEST_PG_URI=postgresql:///sitmap?host=/nonexistent
    else
        trap 'sh "$(dirname "$SITMAP")/tests/pg/cluster.sh" stop "$pg_dir"' EXIT
        trap 'exit 130' INT TERM HUP
    fi
    rm -f "$pg_dir.err"
    export SITMAP_TEST_PG_URI
}

pg_need() {
    if [ -n "$pg_skip" ]; then
        echo "  skipped: $pg_skip" >&2
        exit 77
    fi
}

# pg_uri NAME: the URI of database NAME on the server
pg_uri() {
    printf '%s\n' "$SITMAP_TEST_PG_URI" | sed "s|:///sitmap?|:///$1?|"
}

# pg_sql NAME ARGS...: psql on database NAME, quietly, stopping at an error
pg_sql() {
    psql_bin=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -rV | head -n 1)
    pg_name=$1
    shift
    PGOPTIONS="-c client_min_messages=warning" \
        "${psql_bin:-psql}" -X -q -v ON_ERROR_STOP=1 -d "$(pg_uri "$pg_name")" "$@"
}

pg_new_db() {
    pg_sql postgres -c "DROP DATABASE IF EXISTS \"$1\"" -c "CREATE DATABASE \"$1\"" \
        >/dev/null 2>&1 && pg_uri "$1"
}

# pg_new_postgis_db NAME: a new database with PostGIS in it (as `sitmap
# init` makes it where the user may), copied from the template
# sitmap_postgis that pg_template makes: CREATE EXTENSION postgis in each
# would take a second. Without the template, as pg_new_db.
pg_new_postgis_db() {
    pg_sql postgres -c "DROP DATABASE IF EXISTS \"$1\"" \
        -c "CREATE DATABASE \"$1\" TEMPLATE sitmap_postgis" >/dev/null 2>&1 && pg_uri "$1" ||
        pg_new_db "$1"
}
pg_template() {
    pg_sql postgres -c "CREATE DATABASE sitmap_postgis" >/dev/null 2>&1 &&
        pg_sql sitmap_postgis -c "CREATE EXTENSION postgis" >/dev/null 2>&1
}
