# SPDX-License-Identifier: MIT
# sitmap history, undo and delete: every import is a batch that can be
# listed, taken back exactly, or deleted (and the delete taken back).

setup_db() {
    sitmap --db "$T/db" -q init
}

# the whole content of the database's layers, as export writes them
dump() {
    for layer in events zones control; do
        sitmap --db "$T/db" -q export --date 2017-12-31 --window 400 --layer $layer \
            -o "$T/$1.$layer.csv"
        cat "$T/$1.$layer.csv"
    done >"$T/$1.dump"
}

case_history_lists_every_import() {
    setup_db
    sitmap --db "$T/db" -q import events "$DATA/acled_sample.csv"
    sitmap --db "$T/db" -q import zones "$DATA/zones_sample.geojson"
    run sitmap --db "$T/db" import events "$DATA/acled_sample.csv"
    expect_status 0
    expect_stdout "batch 3"
    expect_stdout "the same file as batch 1"
    run sitmap --db "$T/db" history
    expect_status 0
    expect_stdout "import events"
    expect_stdout "import zones"
    sum=$(sha256sum "$DATA/acled_sample.csv" | cut -c1-12)
    expect_stdout "acled_sample.csv (sha256 $sum)"
    expect_stdout "8 rows: 8 new, 0 updated, 0 unchanged"
    expect_stdout "8 rows: 0 new, 0 updated, 8 unchanged"
    [ "$(grep -c '^[0-9]' "$T/stdout")" = 3 ] || fail "3 batches: $(cat "$T/stdout")"
}

# A re-import with a wrong --faction, then undone: the zones are as the
# first import left them, byte for byte.
case_undo_puts_back_what_an_import_replaced() {
    setup_db
    sitmap --db "$T/db" -q import events "$DATA/acled_sample.csv"
    sitmap --db "$T/db" -q import zones "$DATA/zones_sample.geojson"
    sitmap --db "$T/db" -q import control "$DATA/control_sample.csv"
    dump before
    run sitmap --db "$T/db" import zones "$DATA/zones_sample.geojson" --faction turkey
    expect_stdout "3 updated"
    expect_stdout "batch 4"
    dump wrong
    cmp -s "$T/before.dump" "$T/wrong.dump" && fail "the re-import changed nothing"
    run sitmap --db "$T/db" undo 4 --dry-run
    expect_status 0
    expect_stdout "would remove 3 zones"
    expect_stdout "would put back 3 records"
    dump dry
    expect_same "$T/wrong.dump" "$T/dry.dump"
    run sitmap --db "$T/db" undo 4
    expect_status 0
    expect_stdout "batch 4 undone"
    dump after
    expect_same "$T/before.dump" "$T/after.dump"
    run sitmap --db "$T/db" undo 4
    expect_status 1
    expect_stderr "batch 4 was undone by batch 5"
    run sitmap --db "$T/db" history
    expect_stdout "undone by batch 5"
}

case_undo_waits_for_later_batches() {
    setup_db
    sitmap --db "$T/db" -q import events "$DATA/acled_sample.csv"
    sitmap --db "$T/db" -q import events "$DATA/acled_update.csv"
    run sitmap --db "$T/db" undo 1
    expect_status 1
    expect_stderr "batch 1 cannot be undone: what it wrote was changed since by batch 2; undo that first"
    run sitmap --db "$T/db" undo 2
    expect_status 0
    run sitmap --db "$T/db" undo 1
    expect_status 0
    expect_stdout "removed 8 events"
    run sitmap --db "$T/db" info
    expect_stdout "events     0"
}

case_undo_and_delete_bad_arguments() {
    setup_db
    run sitmap --db "$T/db" undo 7
    expect_status 1
    expect_stderr "there is no batch 7"
    run sitmap --db "$T/db" undo seven
    expect_status 2
    run sitmap --db "$T/db" delete
    expect_status 2
    expect_stderr "say what to delete"
    run sitmap --db "$T/db" delete --from 2017-02-30
    expect_status 2
    expect_stderr "\"2017-02-30\" is not a date"
    run sitmap --db "$T/db" delete --layer roads --batch 1
    expect_status 2
}

# Deleting by source, dates and layer; a dry run changes nothing; the
# delete is a batch that undo takes back.
case_delete_by_source_dates_and_layer() {
    setup_db
    sitmap --db "$T/db" -q import events "$DATA/acled_sample.csv"
    sitmap --db "$T/db" -q import events "$DATA/events_plain.csv" --source desk
    sitmap --db "$T/db" -q import zones "$DATA/zones_sample.geojson"
    dump before
    run sitmap --db "$T/db" delete --source desk --dry-run
    expect_status 0
    expect_stdout "would delete"
    dump dry
    expect_same "$T/before.dump" "$T/dry.dump"
    run sitmap --db "$T/db" delete --source desk
    expect_status 0
    expect_stdout "batch 4: deleted"
    grep -q ',desk' "$T/before.events.csv" || fail "the desk's events were there"
    dump gone
    grep -q ',desk' "$T/gone.events.csv" && fail "the desk's events are gone: $(cat "$T/gone.events.csv")"
    [ "$(wc -l <"$T/gone.zones.csv")" = "$(wc -l <"$T/before.zones.csv")" ] || fail "zones untouched"
    run sitmap --db "$T/db" delete --layer events --from 2017-01-18 --to 2017-01-18
    expect_status 0
    dump day
    grep -q '2017-01-18' "$T/day.events.csv" && fail "no event of 18 January left"
    grep -q '2017-01-1[5-7]' "$T/day.events.csv" || fail "the days before are kept"
    run sitmap --db "$T/db" undo 5
    expect_status 0
    run sitmap --db "$T/db" undo 4
    expect_status 0
    dump back
    expect_same "$T/before.dump" "$T/back.dump"
    run sitmap --db "$T/db" delete --id no-such-event
    expect_status 0
    expect_stdout "nothing matched; nothing changed"
}

# An empty value (a script's variable that came out empty) is refused: it
# matched every record, and deleted them all.
case_delete_refuses_an_empty_value() {
    setup_db
    sitmap --db "$T/db" -q import events "$DATA/acled_sample.csv"
    for opt in id source from to; do
        run sitmap --db "$T/db" delete --$opt ""
        expect_status 2
        expect_stderr "--$opt wants a value, not an empty text"
    done
    run sitmap --db "$T/db" info
    expect_stdout "events     8 "
}

# What an extraction stored into the database is a batch too; deleting its
# events deletes the reports other sources gave of them.
case_extract_into_db_is_undone() {
    setup_db
    printf 'Regime warplanes bombed Harasta on 19 January, killing four people.\n' >"$T/a.txt"
    run sitmap --db "$T/db" extract --into-db --date 2017-01-19 "$T/a.txt"
    expect_status 0
    expect_stdout "batch 1"
    run sitmap --db "$T/db" history
    expect_stdout "extract"
    run sitmap --db "$T/db" undo 1
    expect_status 0
    expect_stdout "removed 1 event"
    run sitmap --db "$T/db" info
    expect_stdout "events     0"
}
