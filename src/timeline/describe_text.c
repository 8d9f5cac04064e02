/* SPDX-License-Identifier: MIT */
/*
 * describe_text.c - the words of a description, in one table: each phrase
 * under a key, with {name} slots that describe.c fills. A translation gives
 * the same keys in its own words (sm_describe_opts.phrases) and may put the
 * slots in any order; a key it lacks is taken from here.
 *
 * The style is a newsroom caption's: short sentences, no jargon, numbers
 * with their units, areas in words a screen reader says whole ("square
 * kilometres", not "km²").
 */
#include "timeline/describe_int.h"

#include <string.h>

static const sm_describe_phrase english[] = {
    /* what the map is */
    { "intro.control", "Map of {area} as of {date} showing territorial control." },
    { "intro.control_events",
      "Map of {area} as of {date} showing territorial control and {events} {window}." },
    { "intro.control_quiet",
      "Map of {area} as of {date} showing territorial control; no incidents were recorded"
      " {window}." },
    { "intro.events", "Map of {area} as of {date} showing {events} {window}." },
    { "intro.quiet", "Map of {area} as of {date}; no incidents were recorded {window}." },
    { "window.days", "in the previous {n} days" },
    { "window.day", "that day" },
    { "window.all", "up to that day" },
    { "incidents.one", "one incident" },
    { "incidents.n", "{n} incidents" },
    /* the area shown */
    { "area.whole", "{country}" },
    { "area.part", "{direction} {country}" },
    { "area.around", "the area around {place} in {part}" },
    { "area.box", "the area shown" },
    { "country.unnamed", "the country" },
    { "direction.n", "northern" },
    { "direction.s", "southern" },
    { "direction.e", "eastern" },
    { "direction.w", "western" },
    { "direction.ne", "north-eastern" },
    { "direction.nw", "north-western" },
    { "direction.se", "south-eastern" },
    { "direction.sw", "south-western" },
    { "direction.c", "central" },
    /* who holds what */
    { "shares.lead", "About {pct} of {whole} is held by {faction}" },
    { "shares.lead_small", "Less than 1% of {whole} is held by {faction}" },
    { "shares.next", "{pct} by {faction}" },
    { "shares.nodata", "{pct} has no data" },
    { "whole.country", "{country}" },
    { "whole.part", "the part of {country} shown" },
    { "whole.zoned", "the area mapped" },
    { "percent", "{n}%" },
    /* what changed */
    { "change.since", "Since {date}, {change}" },
    { "change.gain", "{faction} gained about {area}" },
    { "change.gain_from", "{faction} gained about {area}, mostly from {from}" },
    { "change.gain_taking", "{faction} gained about {area}, mostly from {from}, taking {places}" },
    { "change.little", "Control changed little since {date}." },
    { "change.none", "No territory changed hands since {date}." },
    { "hands.one", "{places} passed from {from} to {to}" },
    { "hands.list", "{places} passed from {from} to {to}" },
    { "hands.others", "{n} other places" },
    { "area.km2", "{n} square kilometres" },
    /* the incidents */
    { "events.kinds", "The {events} were {kinds}" },
    { "events.all", "All {events} were {kind}" },
    { "events.single", "The incident was {kind}{where} on {date}." },
    { "events.single_killed", "The incident, {kind}{where} on {date}, killed {killed}." },
    { "events.deadliest", "the deadliest, {kind}{where} on {date}, killed {killed}" },
    { "where.in", " in {place}" },
    { "where.near", " near {place}" },
    { "events.others", "{n} others" },
    { "events.other", "one other" },
    { "killed.one", "one person" },
    { "killed.n", "{n} people" },
    /* an incident's type: one (".a"), a count (".n"), all of them (".all") */
    { "type.airstrike.a", "an airstrike" },
    { "type.airstrike.n", "{n} airstrikes" },
    { "type.airstrike.all", "airstrikes" },
    { "type.shelling.a", "a shelling attack" },
    { "type.shelling.n", "{n} shelling attacks" },
    { "type.shelling.all", "shelling attacks" },
    { "type.bombing.a", "a bombing" },
    { "type.bombing.n", "{n} bombings" },
    { "type.bombing.all", "bombings" },
    { "type.clash.a", "a clash" },
    { "type.clash.n", "{n} clashes" },
    { "type.clash.all", "clashes" },
    { "type.capture.a", "a capture of territory" },
    { "type.capture.n", "{n} captures of territory" },
    { "type.capture.all", "captures of territory" },
    { "type.ceasefire.a", "a truce or evacuation deal" },
    { "type.ceasefire.n", "{n} truce or evacuation deals" },
    { "type.ceasefire.all", "truce or evacuation deals" },
    { "type.siege.a", "a siege incident" },
    { "type.siege.n", "{n} siege incidents" },
    { "type.siege.all", "siege incidents" },
    { "type.attack.a", "an attack on civilians" },
    { "type.attack.n", "{n} attacks on civilians" },
    { "type.attack.all", "attacks on civilians" },
    { "type.chemical.a", "a chemical attack" },
    { "type.chemical.n", "{n} chemical attacks" },
    { "type.chemical.all", "chemical attacks" },
    { "type.other.a", "another incident" },
    { "type.other.n", "{n} other incidents" },
    { "type.other.all", "other incidents" },
    /* the places */
    { "places", "Places named include {places}." },
    /* dates: the map's in full, the others of its year without the year */
    { "date.long", "{day} {month} {year}" },
    { "date.short", "{day} {month}" },
    { "month.1", "January" },
    { "month.2", "February" },
    { "month.3", "March" },
    { "month.4", "April" },
    { "month.5", "May" },
    { "month.6", "June" },
    { "month.7", "July" },
    { "month.8", "August" },
    { "month.9", "September" },
    { "month.10", "October" },
    { "month.11", "November" },
    { "month.12", "December" },
    /* lists: "a, b and c"; clauses: "a; b" */
    { "list.sep", ", " },
    { "list.and", " and " },
    { "clause.sep", "; " },
    { "sentence.end", "." },
    { "sentence.sep", " " },
    { "thousands", "," },
};

const sm_describe_phrase *
sm_describe_english(size_t *n)
{
    *n = SM_LEN(english);
    return english;
}

static const char *
find(const sm_describe_phrase *p, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].key && p[i].text && strcmp(p[i].key, key) == 0)
            return p[i].text;
    return NULL;
}

const char *
sm_describe__phrase(const sm_describe_opts *o, const char *key)
{
    const char *t = o->phrases ? find(o->phrases, o->nphrases, key) : NULL;

    if (t == NULL)
        t = find(english, SM_LEN(english), key);
    return t ? t : "";
}
