# SPDX-License-Identifier: MIT
# sitmap import of .csv files: the rows libcsv reads (ingest/csv_source.c),
# the positions its messages give, and the files it leaves to GDAL.

setup_db() {
    sitmap --db "$T/db" -q init
}

# A byte order mark, CRLF, a blank line and a quoted field over two lines:
# the same rows as GDAL's reader gave, a bad one named by its line in the file.
case_csv_quoting_bom_crlf_and_lines() {
    setup_db
    printf '\357\273\277 date ,type,place,lat,lon,notes,\r\n' >"$T/ev.csv"
    printf '2017-01-01,airstrike,Azaz,36.5866,37.0463,"said ""heavy"", then\r\nquiet",x\r\n\r\n' >>"$T/ev.csv"
    printf '2017-01-02,clash,"Douma, east",33.5717,36.4017\r\n' >>"$T/ev.csv"
    run sitmap --db "$T/db" import events "$T/ev.csv"
    expect_status 0
    expect_stdout "2 events: 2 new"
    [ "$(db_sql "$T/db" "SELECT notes || '|' || attrs FROM events WHERE date = '2017-01-01'")" = \
      "$(printf 'said "heavy", then\r\nquiet|{"field_7":"x"}')" ] ||
        fail "notes and attrs: $(db_sql "$T/db" "SELECT notes, attrs FROM events")"
    [ "$(db_sql "$T/db" "SELECT place FROM events WHERE date = '2017-01-02'")" = "Douma, east" ] ||
        fail "a quoted comma: $(db_sql "$T/db" "SELECT place FROM events")"
    printf '2017-01-03,picnic,Azaz,36.5866,37.0463\r\n' >>"$T/ev.csv"
    run sitmap --db "$T/db" import events "$T/ev.csv"
    expect_status 1
    expect_stderr 'ev.csv:6: column "type": "picnic" is not an event type'
}

# GDAL's reader cut a row at a NUL and took an unclosed quote to the end
# of the file: both are errors now, and nothing is imported.
case_csv_nul_and_unclosed_quote_refused() {
    setup_db
    printf 'date,type,place,lat,lon\n2017-01-01,airstrike,Azaz,36.5866,37.0463\n' >"$T/nul.csv"
    printf '2017-01-02,airstrike,"Az\000az",36.5866,37.0463\n' >>"$T/nul.csv"
    run sitmap --db "$T/db" import events "$T/nul.csv"
    expect_status 1
    expect_stderr 'nul.csv:3: column "place": control character in text'
    printf 'date,type,place,lat,lon\n2017-01-01,airstrike,Azaz,36.5866,37.0463\n' >"$T/open.csv"
    printf '2017-01-02,airstrike,"Azaz,36.5866,37.0463\n2017-01-03,clash,Azaz,36.5,37.0\n' >>"$T/open.csv"
    run sitmap --db "$T/db" import events "$T/open.csv"
    expect_status 1
    expect_stderr 'open.csv:3: a quoted field is not closed before the end of the file'
    run sitmap --db "$T/db" info
    expect_stdout "events     0"
}

# Files libcsv's reader does not take go to GDAL as before: another
# separator, column types in a .csvt beside the file.
case_csv_other_flavours_read_by_gdal() {
    setup_db
    printf 'date;type;place;lat;lon\n2017-01-01;airstrike;Azaz;36.5866;37.0463\n' >"$T/semi.csv"
    run sitmap --db "$T/db" import events "$T/semi.csv"
    expect_status 0
    expect_stdout "1 events: 1 new"
    printf 'date,type,place,lat,lon\n2017/01/05,airstrike,Azaz,36.5866,37.0463\n' >"$T/typed.csv"
    printf 'Date,String,String,Real,Real\n' >"$T/typed.csvt"
    run sitmap --db "$T/db" import events "$T/typed.csv"
    expect_status 0
    expect_stdout "1 events: 1 new"
    [ "$(db_sql "$T/db" "SELECT count(*) FROM events WHERE date = '2017-01-05'")" = 1 ] ||
        fail "the .csvt's date: $(db_sql "$T/db" "SELECT date FROM events")"
}

# A short row leaves its last columns unset, a long one's extra fields are
# dropped; the layer is named as GDAL names it.
case_csv_short_and_long_rows() {
    setup_db
    printf 'date,type,place,lat,lon\n2017-01-01,airstrike,Azaz,36.5866,37.0463,extra\n2017-01-02,clash,Douma\n' >"$T/rows.csv"
    run sitmap --db "$T/db" import events "$T/rows.csv" --layer ROWS
    expect_status 0
    expect_stdout "2 events: 2 new"
    run sitmap --db "$T/db" import events "$T/rows.csv" --layer other
    expect_status 1
    expect_stderr 'rows.csv: no layer named "other"'
}
