#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the Debian packages sitmap needs to build, test and render, if any
# is missing (clang and libclang-rt-14-dev, libFuzzer's runtime, for
# `make fuzz`; inkscape, which the tests have read the SVG maps; PostgreSQL
# with PostGIS, which the tests start a throwaway cluster of, and libpq's
# headers).
# Idempotent: does nothing (and needs no network) when all are there.
set -eu

PKGS="build-essential pkg-config
libgdal-dev gdal-bin libproj-dev proj-bin libcairo2-dev libpixman-1-dev libpango1.0-dev
libsqlite3-dev libsqlite3-mod-spatialite libspatialite-dev sqlite3 libssl-dev libxml2-dev
libjson-c-dev liblcms2-dev libdeflate-dev libcsv-dev libpq-dev
postgresql-15 postgresql-15-postgis-3
fonts-noto-core fonts-dejavu-core
libxml2-utils poppler-utils hyperfine chromium ffmpeg inkscape man-db groff-base
clang libclang-rt-14-dev"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "sitmap deps: installing$missing" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "sitmap deps: missing packages:$missing (run as root or install them)" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
# the tests start a cluster of their own (tests/pg/cluster.sh): Debian's
# package is kept from making and starting a system cluster, "main"
case "$missing" in *postgresql-15*)
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
        $SUDO mkdir -p /etc/postgresql-common
        echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.conf >/dev/null
    fi ;;
esac
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
