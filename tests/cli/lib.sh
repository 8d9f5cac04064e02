#!/bin/sh
# SPDX-License-Identifier: MIT
# Command-line test helpers. `sh tests/cli/lib.sh FILE [NAME]` sources FILE
# and runs each of its case_* functions (those matching NAME, or with =NAME
# the one so named) in a fresh temporary folder $T, printing ok/FAIL per
# case and "N passed, N failed".
# A case that exits 77 is skipped.

SITMAP=${SITMAP:-$(pwd)/sitmap}
DATA=$(pwd)/tests/data
EXAMPLES=$(pwd)/examples

# run CMD...: run and capture exit status, stdout and stderr.
run() {
    "$@" >"$T/stdout" 2>"$T/stderr"
    status=$?
}
sitmap() { "$SITMAP" "$@"; }

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
    ( cd "$T" && "$case_name" && exit $case_failed )
    rc=$?
    rm -rf "$T"
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
