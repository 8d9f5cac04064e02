# dump.sh DB: every sitmap table of a SpatiaLite file, its rows as text:
# values quoted (their type shown), doubles to 17 digits, geometries in
# hex; rows in the order they were written where it means something (ids,
# place names, the records batches replaced), else by their key.
for t in meta places place_names place_ids not_places admin1 admin2 factions batches events event_reports zones control events_replaced event_reports_replaced zones_replaced control_replaced; do
  echo "== $t"
  cols=$(sqlite3 "$1" "SELECT group_concat(CASE WHEN name = 'geom' THEN 'hex(geom)' ELSE 'CASE typeof(\"' || name || '\") WHEN ''real'' THEN printf(''%!.17g'', \"' || name || '\") ELSE quote(\"' || name || '\") END' END, ', ') FROM pragma_table_info('$t')")
  case $t in
  meta|not_places|admin1|admin2|factions|event_reports) order=1 ;;
  *) order=rowid ;;
  esac
  sqlite3 "$1" "SELECT $cols FROM $t ORDER BY $order"
done
