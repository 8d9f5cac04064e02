#!/bin/sh
# SPDX-License-Identifier: MIT
# A throwaway PostgreSQL + PostGIS cluster for the tests.
#
#   sh tests/pg/cluster.sh start DIR [PID]   make DIR (must not exist, or be
#       empty), initdb in it, start the server on a Unix socket in DIR only
#       (no TCP), create the database "sitmap" with PostGIS, and print its
#       URI, postgresql:///sitmap?host=DIR&user=sitmap. With PID, a watcher
#       stops the cluster and removes DIR as soon as that process ends,
#       however it ends (even killed with SIGKILL).
#   sh tests/pg/cluster.sh stop DIR          stop the server, remove DIR.
#
# Exits 2, saying so, when PostgreSQL or PostGIS is not installed (the
# callers then skip), 1 on any other failure. PostgreSQL refuses to run as
# root: run as root, the cluster runs as $SITMAP_PG_USER (default nobody),
# which must be able to reach DIR's parent. The server is for tests only:
# fsync off, trust authentication on a socket only its folder holds.
set -u

PG_BINDIR=${PG_BINDIR:-}
if [ -z "$PG_BINDIR" ]; then
    for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        [ -x "$d/initdb" ] && { PG_BINDIR=$d; break; }
    done
fi
PORT=5432   # the socket's name only: DIR is private, so any number does

die() { echo "cluster.sh: $*" >&2; exit 1; }

as_owner() { # run a command as the cluster's owner
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid="$PG_USER" --regid="$PG_GROUP" --clear-groups -- "$@"
    else
        "$@"
    fi
}

need_binaries() {
    if [ -z "$PG_BINDIR" ] || [ ! -x "$PG_BINDIR/initdb" ] || [ ! -x "$PG_BINDIR/pg_ctl" ] ||
       [ ! -x "$PG_BINDIR/psql" ]; then
        echo "cluster.sh: PostgreSQL not installed (no initdb, pg_ctl and psql in" \
             "/usr/lib/postgresql/*/bin; make deps installs postgresql-15-postgis-3)" >&2
        exit 2
    fi
    major=$("$PG_BINDIR/pg_ctl" --version | sed -n 's/.* \([0-9][0-9]*\)\..*/\1/p')
    share=/usr/share/postgresql/$major/extension
    if [ ! -f "$share/postgis.control" ]; then
        echo "cluster.sh: PostGIS not installed for PostgreSQL $major (no $share/postgis.control;" \
             "make deps installs postgresql-15-postgis-3)" >&2
        exit 2
    fi
}

stop() {
    dir=$1
    [ -d "$dir" ] || return 0
    if [ -f "$dir/data/postmaster.pid" ]; then
        owner=$(stat -c %U "$dir/data")
        if [ "$(id -u)" = 0 ] && [ "$owner" != root ]; then
            PG_USER=$owner PG_GROUP=$(stat -c %G "$dir/data")
        fi
        as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 ||
            { pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null) &&
              [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; }
    fi
    rm -rf "$dir"
}

PG_USER=${SITMAP_PG_USER:-nobody}
PG_GROUP=$(id -gn "$PG_USER" 2>/dev/null || echo nogroup)

case "${1:-}" in
start)
    [ $# -ge 2 ] || die "usage: cluster.sh start DIR [PID]"
    need_binaries
    dir=$2
    watch=${3:-}
    mkdir -p "$dir" || die "cannot make $dir"
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
    dir=$(cd "$dir" && pwd)
    [ ${#dir} -le 80 ] || die "$dir: too long a path for a Unix socket"
    if [ "$(id -u)" = 0 ]; then
        id "$PG_USER" >/dev/null 2>&1 || die "no user $PG_USER to run PostgreSQL as (SITMAP_PG_USER)"
        chown "$PG_USER:$PG_GROUP" "$dir" || die "cannot give $dir to $PG_USER"
        as_owner test -w "$dir" ||
            die "$PG_USER cannot write $dir (its parent folders must be open to it; set TMPDIR)"
    fi
    if ! as_owner "$PG_BINDIR/initdb" -D "$dir/data" -U sitmap --auth=trust --no-sync \
            --no-locale -E UTF8 >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        rm -rf "$dir"
        die "initdb failed"
    fi
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
port = $PORT
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
shared_buffers = 64MB
CONF
    if ! as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
            >/dev/null 2>&1; then
        cat "$dir/server.log" >&2 2>/dev/null
        stop "$dir"
        die "the server did not start"
    fi
    if [ -n "$watch" ]; then
        # stops the cluster when $watch ends, and ends within a second of
        # DIR going; its own output nowhere, so that a $(...) round this
        # script does not wait for it
        (
            while kill -0 "$watch" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done
            stop "$dir"
        ) </dev/null >/dev/null 2>&1 &
    fi
    if ! "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p $PORT -U sitmap -d postgres \
            -c "CREATE DATABASE sitmap" >"$dir/psql.log" 2>&1 ||
       ! "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p $PORT -U sitmap -d sitmap \
            -c "CREATE EXTENSION postgis" >>"$dir/psql.log" 2>&1; then
        cat "$dir/psql.log" >&2
        stop "$dir"
        die "cannot create the database with PostGIS"
    fi
    echo "postgresql:///sitmap?host=$dir&port=$PORT&user=sitmap"
    ;;
stop)
    [ $# -ge 2 ] || die "usage: cluster.sh stop DIR"
    [ -n "$PG_BINDIR" ] || { rm -rf "$2"; exit 0; }
    stop "$2"
    ;;
*)
    die "usage: cluster.sh start DIR [PID] | stop DIR"
    ;;
esac
