#!/bin/sh
# SPDX-License-Identifier: MIT
# Command-line test helpers. `sh tests/cli/lib.sh FILE [NAME]` sources FILE
# and runs each of its case_* functions (those matching NAME, or with =NAME
# the one so named) in a fresh temporary folder $T, printing ok/FAIL per
# case and "N passed, N failed".
# A case that exits 77 is skipped.
#
# SITMAP_TEST_BACKEND=pg (tests/run.sh's second pass over the cases, on the
# runner's PostgreSQL server): each database a case names by a path in $T,
# with --db PATH or SITMAP_DB=PATH, is a database of its own on the server
# instead, made empty at its first use and dropped after the case; the
# messages that name it are given back with the path (run's stdout and
# stderr), so that a case's expectations hold on both backends. A case about
# the file itself (sqlite3 on it, its permissions, its journal) calls
# file_only, which skips it there. The cases tests/cli/pg_pending lists do
# not yet pass there: their failure is a skip, and their passing says so.

SITMAP=${SITMAP:-$(pwd)/sitmap}
DATA=$(pwd)/tests/data
EXAMPLES=$(pwd)/examples
backend=${SITMAP_TEST_BACKEND:-file}

# run CMD...: run and capture exit status, stdout and stderr.
run() {
    if [ "$backend" = pg ]; then
        pg_exec "$@" >"$T/stdout" 2>"$T/stderr"
    else
        "$@" >"$T/stdout" 2>"$T/stderr"
    fi
    status=$?
    [ ! -s "$T/.pg/map" ] || pg_unmap "$T/stdout" "$T/stderr"
}
sitmap() {
    if [ "$backend" = pg ]; then
        pg_exec "$SITMAP" "$@"
    else
        "$SITMAP" "$@"
    fi
}

# pg_exec CMD...: CMD (sitmap, or env/timeout ... "$SITMAP") with each
# --db PATH and SITMAP_DB=PATH given the server's database standing for PATH
pg_exec() {
    _pg_n=$#
    _pg_at=
    for _pg_a in "$@"; do
        if [ -n "$_pg_at" ]; then
            _pg_a=$(pg_path_db "$_pg_a")
            _pg_at=
        elif [ "$_pg_a" = --db ]; then
            _pg_at=1
        else
            case $_pg_a in --db=*) _pg_a=--db=$(pg_path_db "${_pg_a#--db=}") ;; esac
        fi
        set -- "$@" "$_pg_a"
    done
    shift "$_pg_n"
    if [ -n "${SITMAP_DB:-}" ]; then
        SITMAP_DB=$(pg_path_db "$SITMAP_DB") "$@"
    else
        "$@"
    fi
}

# db_sql PATH SQL: the rows of a query (portable SQL) on the database PATH
# names, a row a line, columns between |: sqlite3 on a file, psql on the
# server's database standing for it
db_sql() {
    if [ "$backend" = pg ]; then
        PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -F '|' \
            -d "$(pg_path_db "$1")" -c "$2"
    else
        sqlite3 "$1" "$2"
    fi
}

# file_only REASON: the case is about a SpatiaLite file; skipped on a server
file_only() {
    [ "$backend" = pg ] || return 0
    echo "  skipped on PostgreSQL: $*" >&2
    exit 77
}

# pg_path_db PATH: the server's database standing for PATH (a path in $T),
# made at its first use; anything else as it is
pg_path_db() {
    case $1 in
        "$T"/*) ;;
        *) printf '%s\n' "$1"; return ;;
    esac
    _pg_name=t$(printf '%s' "$file $case_name $1" | cksum | cut -d' ' -f1)
    mkdir -p "$T/.pg"
    # made once, by whichever of the case's commands (some run side by side)
    # comes first; the others wait for it
    if mkdir "$T/.pg/$_pg_name.making" 2>/dev/null; then
        if _pg_uri=$(pg_new_postgis_db "$_pg_name"); then
            printf '%s\t%s\t%s\n' "$_pg_uri" "$1" "$_pg_name" >>"$T/.pg/map"
        else
            echo "pg_path_db: cannot create the database $_pg_name for $1" >&2
        fi
        : >"$T/.pg/$_pg_name"
    fi
    while [ ! -e "$T/.pg/$_pg_name" ]; do
        sleep 0.1
    done
    pg_uri "$_pg_name"
}

# pg_unmap FILE...: the databases' URIs in FILEs replaced by their paths
pg_unmap() {
    while IFS=$(printf '\t') read -r _pg_uri _pg_path _pg_name; do
        sed -i "s|$_pg_uri|$_pg_path|g" "$@"
    done <"$T/.pg/map"
}

fail() {
    echo "  $case_name: $*" >&2
    case_failed=1
}
expect_status() {
    [ "$status" -eq "$1" ] || fail "exit status $status, want $1 (stderr: $(head -c 300 "$T/stderr"))"
}
expect_stderr() {
    grep -qF -- "$1" "$T/stderr" || fail "stderr lacks \"$1\": $(head -c 300 "$T/stderr")"
}
expect_stdout() {
    grep -qF -- "$1" "$T/stdout" || fail "stdout lacks \"$1\": $(head -c 300 "$T/stdout")"
}
expect_no_stderr() {
    [ ! -s "$T/stderr" ] || fail "unexpected stderr: $(head -c 300 "$T/stderr")"
}
expect_line_count() {
    n=$(wc -l <"$1")
    [ "$n" -eq "$2" ] || fail "$1 has $n lines, want $2"
}
expect_same() {
    cmp -s "$1" "$2" || fail "$1 and $2 differ: $(diff "$1" "$2" | head -5)"
}
# svg_group FILE ID: FILE's element of that id (an SVG layer, a zone, ...),
# all it holds with it.
svg_group() {
    xmllint --xpath "//*[@id='$2']" "$1"
}
expect_file() {
    [ -s "$1" ] || fail "no file $1"
}
# await_file PATH: wait (up to 10 s) for PATH to exist, as a process in the
# background makes it once it holds a lock; fail if it does not come.
await_file() {
    i=0
    while [ ! -e "$1" ] && [ $i -lt 500 ]; do
        sleep 0.02
        i=$((i + 1))
    done
    [ -e "$1" ] || fail "the lock was not taken ($1 never came)"
}
expect_no_file() {
    [ ! -e "$1" ] || fail "file $1 should not exist"
}

# install_into PREFIX: `make install` of the build the tests run: build-san
# under .ci/run, else build. What build-san lacks is made as .ci/run makes
# it, with the sanitizers; $san then holds them, for whatever links the
# installed library (its objects need them), and is empty otherwise. One
# make at a time: cases run side by side (tests/run.sh).
install_into() {
    root=$(dirname "$SITMAP")
    san=
    if cmp -s "$root/sitmap" "$root/build-san/sitmap" 2>/dev/null; then
        san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
        run flock "$root/.install-lock" make -s -C "$root" install PREFIX="$1" BUILD=build-san CFLAGS="-O1 -g $san" \
            LDFLAGS="$san"
    else
        run flock "$root/.install-lock" make -s -C "$root" install PREFIX="$1" BUILD=build
    fi
}

file=$1
filter=${2:-}
if [ "$backend" = pg ]; then
    . "$(dirname "$SITMAP")/tests/pg/lib.sh"
    pg_cluster
fi
. "$file"
passed=0
failed=0
skipped=0
for case_name in $(grep -oE '^case_[a-z0-9_]+' "$file"); do
    case "$filter" in
        =*) [ "$case_name" = "${filter#=}" ] || continue ;;     # =NAME: that case only
        *) case "$case_name" in *"$filter"*) ;; *) continue ;; esac ;;
    esac
    T=$(mktemp -d "${TMPDIR:-/tmp}/sitmap-cli-XXXXXX")
    case_failed=0
    if [ "$backend" = pg ] && [ -n "$pg_skip" ]; then
        rc=77
    else
        ( cd "$T" && "$case_name" && exit $case_failed )
        rc=$?
    fi
    if [ -s "$T/.pg/map" ]; then
        while IFS=$(printf '\t') read -r _pg_uri _pg_path _pg_name; do
            pg_sql postgres -c "DROP DATABASE IF EXISTS \"$_pg_name\"" >/dev/null 2>&1
        done <"$T/.pg/map"
    fi
    rm -rf "$T"
    if [ "$backend" = pg ] && grep -qx "${file##*/} $case_name" "$(dirname "$SITMAP")/tests/cli/pg_pending"; then
        if [ $rc -eq 0 ]; then
            echo "  $case_name: passes on PostgreSQL now: take it off tests/cli/pg_pending" >&2
        elif [ $rc -ne 77 ]; then
            echo "skip $case_name (not yet on PostgreSQL)"
            skipped=$((skipped + 1))
            continue
        fi
    fi
    if [ $rc -eq 77 ]; then
        echo "skip $case_name"
        skipped=$((skipped + 1))
    elif [ $rc -eq 0 ]; then
        echo "ok   $case_name"
        passed=$((passed + 1))
    else
        echo "FAIL $case_name"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
