/* SPDX-License-Identifier: MIT */
/*
 * events.c - each sentence that reports an incident, as an event.
 *
 * A sentence reports one when it holds a word of the lexicon's incidents
 * (airstrike, shelled, clashes, captured, ceasefire, besieged, ...) that is
 * not negated ("no clashes") nor in a plan or a promise ("pledged to
 * establish a ceasefire", "will not recognise the truce"). Pairs of words
 * decide between types ("air strike", "barrel bombs", "car bomb", "suicide
 * bombing", "took control", "cease fire"); a weapon named beats a general
 * word; a facility hit without a weapon named is an attack on it. A weak
 * word ("attacks", "strikes", "deal") counts when the sentence places it
 * ("near al-Bab") or reports deaths, and "the attacks" takes the type of the
 * incident the sentences before reported.
 *
 * Its place is the place named after a locative word nearest the incident's
 * word, not a place named only to say where another is ("northwest of
 * Damascus"), nor a country; a sentence that names none takes the place of
 * the sentences just before ("the area", "the hospital"), less precisely.
 * Its date is the sentence's own (when.c), else the date the paragraph gave,
 * else the article's day (precision 2); incidents dated over a month before
 * the article are its background, not news, and left out. Events in neighbouring sentences of
 * one type, one day and places within 15 km are one event, at the more
 * precise place.
 */
#include "extract/extract_int.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"

#define MERGE_KM 15.0
#define BACKGROUND_DAYS 31      /* incidents older than this are the story's background */
#define CARRY_SENTENCES 3
#define HEADLINE_DAYS 3         /* a headline's day is the article's; the body's may be earlier */

static bool
role(const tok *t, uint32_t r)
{
    return t->lex && (t->lex->roles & r);
}

static bool
is(const char *text, const tok *t, const char *w)
{
    return sm_tok_is(text, t, w);
}

/* Priority among types of equal weight: what a reader would call it. */
static int
rank(sm_event_type t)
{
    static const int r[SM_EVENT_TYPE_COUNT] = {
        [SM_EVENT_CHEMICAL] = 9, [SM_EVENT_BOMBING] = 8, [SM_EVENT_AIRSTRIKE] = 7,
        [SM_EVENT_SHELLING] = 6, [SM_EVENT_CAPTURE] = 5, [SM_EVENT_SIEGE] = 4,
        [SM_EVENT_CEASEFIRE] = 3, [SM_EVENT_ATTACK] = 2, [SM_EVENT_CLASH] = 1,
    };
    return r[t];
}

typedef struct cue {
    int word;                   /* -1: none */
    sm_event_type type;
    int weight;
    bool anaphor;               /* "the attacks": may take an earlier type */
} cue;

static bool
facility(const tok *t)
{
    return role(t, W_FACILITY);
}

/* The sentence's incident word, if any. */
static cue
find_cue(const char *text, const tokens *tk, const sentence *s)
{
    size_t end = s->first + s->n;
    cue best = { -1, SM_EVENT_OTHER, 0, false };
    bool has_facility = false, has_weapon = false, air = false;

    for (size_t i = s->first; i < end; i++) {
        has_facility |= facility(&tk->t[i]);
        air |= role(&tk->t[i], W_AIR);
    }
    for (size_t i = s->first; i < end; i++) {
        const tok *t = &tk->t[i];
        const tok *p = i > s->first ? &tk->t[i - 1] : NULL;
        const tok *n = i + 1 < end ? &tk->t[i + 1] : NULL;
        cue c;
        bool stop = false;

        if (!role(t, W_CUE))
            continue;
        c = (cue){ (int)i, (sm_event_type)t->lex->cue_type, t->lex->cue_weight,
                   t->lex->definite_anaphor };
        /* pairs of words */
        if (p && is(text, p, "air") && c.type == SM_EVENT_AIRSTRIKE)
            c.weight = 3;
        if (p && (is(text, p, "barrel") || is(text, p, "cluster")) && c.type == SM_EVENT_BOMBING)
            c = (cue){ (int)i, SM_EVENT_AIRSTRIKE, 3, false };
        if (p && (is(text, p, "car") || is(text, p, "truck") || is(text, p, "suicide")) &&
            (c.type == SM_EVENT_BOMBING || c.type == SM_EVENT_CLASH))
            c = (cue){ (int)i, SM_EVENT_BOMBING, 3, false };
        if (is(text, t, "suicide") && !(n && role(n, W_CUE)))
            continue;
        if (n && is(text, t, "cease") && is(text, n, "fire"))
            c = (cue){ (int)i, SM_EVENT_CEASEFIRE, 2, false };
        if (n && role(t, W_CUE) && c.type == SM_EVENT_CAPTURE && is(text, n, "control"))
            c.weight = 3;
        if ((is(text, t, "took") || is(text, t, "taken")) && !(n && is(text, n, "control")))
            continue;                     /* "took part", "taken to hospital" */
        if (is(text, t, "imposed")) {     /* "imposed their control over": a capture */
            bool control = false;
            for (size_t k = i + 1; k < end && k <= i + 3 && !control; k++)
                control = is(text, &tk->t[k], "control");
            if (!control)
                continue;
            c.weight = 3;
        }
        if (t->lex->from_air && c.type != SM_EVENT_AIRSTRIKE && air)
            c = (cue){ (int)i, SM_EVENT_AIRSTRIKE, 2, false };   /* "bombed", قصف */
        if (c.type == SM_EVENT_BOMBING && air && c.weight < 3 && !is(text, t, "explosion") &&
            !is(text, t, "blast"))
            c.type = SM_EVENT_AIRSTRIKE;
        /* not an incident: negated, planned, promised */
        for (size_t k = i; k > s->first && k + 4 > i; k--) {
            const tok *b = &tk->t[k - 1];
            if (role(b, W_MODAL) || is(text, b, "no") || is(text, b, "not") ||
                is(text, b, "without") || is(text, b, "never")) {
                stop = true;
                break;
            }
        }
        if (stop)
            continue;
        if (c.anaphor) {                  /* "the attacks", "these strikes" */
            bool also = false;            /* "attacks were also reported" */
            for (size_t k = i + 1; k < end && k <= i + 3 && !also; k++)
                also = is(text, &tk->t[k], "also");
            c.anaphor = also || (p && (is(text, p, "the") || is(text, p, "these") ||
                                       is(text, p, "those") || is(text, p, "this")));
        }
        has_weapon |= c.weight >= 2 && (c.type == SM_EVENT_AIRSTRIKE ||
                                        c.type == SM_EVENT_SHELLING ||
                                        c.type == SM_EVENT_BOMBING ||
                                        c.type == SM_EVENT_CHEMICAL);
        if (c.weight > best.weight || (c.weight == best.weight && rank(c.type) > rank(best.type)))
            best = c;
    }
    if (best.word >= 0 && has_facility && !has_weapon &&
        (best.type == SM_EVENT_CLASH || best.type == SM_EVENT_ATTACK ||
         best.type == SM_EVENT_CAPTURE)) {
        best.type = SM_EVENT_ATTACK;      /* a facility hit, no weapon named */
        best.weight = 3;
        best.anaphor = false;
    }
    return best;
}

static bool
is_place(const sm_mention *m)
{
    return m->kind == SM_MENTION_PLACE;
}

/* The locative word before mention m ("in", "near"), or NULL. */
static const tok *
locative_before(const tokens *tk, const sentence *s, const sm_mention *m)
{
    /* مدينة دوما, "the town Douma": the town is where it is */
    if (m->word - 1 >= (int)s->first && (tk->t[m->word - 1].flags & T_ARABIC) &&
        role(&tk->t[m->word - 1], W_AREA))
        return &tk->t[m->word - 1];
    /* "the town of Maarat al-Numan", "the villages of A, B and C": the town
     * is where it is (and the list's other places, coordinated below) */
    if (m->word - 2 >= (int)s->first && tk->t[m->word - 1].end - tk->t[m->word - 1].start == 2 &&
        role(&tk->t[m->word - 1], W_STOP) && role(&tk->t[m->word - 2], W_AREA))
        return &tk->t[m->word - 2];
    /* "in X", "near the airport of X", "in eastern X" */
    for (int k = m->word - 1; k >= (int)s->first && k >= m->word - 5; k--) {
        const tok *t = &tk->t[k];
        if (role(t, W_LOCATIVE))
            return t;
        if (!role(t, W_DIRECTION | W_STOP | W_SUFFIX | W_AREA | W_FACILITY) ||
            (t->flags & T_CAP && k < m->word - 1))
            break;
    }
    return NULL;
}

/* The sentence places its incident in a country or abroad ("in Syria",
 * "in Moscow"): no place on the map to carry over to it. */
static bool
names_country(const tokens *tk, const sm_extraction *out, int si)
{
    for (size_t i = sm_mentions_from(out, (int)tk->s[si].first);
         i < out->nmentions && out->mentions[i].sentence == si; i++) {
        const sm_mention *m = &out->mentions[i];
        if ((m->kind == SM_MENTION_COUNTRY || m->kind == SM_MENTION_ABROAD) &&
            locative_before(tk, &tk->s[si], m))
            return true;
    }
    return false;
}

/* A place that names a governorate or a region ("in Idlib province"),
 * which a town named in the same clause is more precise than. */
static bool
is_region(const sm_extractor *x, const sm_mention *m)
{
    const sm_place *p = m->place >= 0 ? sm_gaz_place(x->gaz, m->place) : NULL;

    return m->region ||
           (p && p->feature_class && (p->feature_class[0] == 'A' || p->feature_class[0] == 'L'));
}

/* True if the word at w follows an incident word of clause s closely
 * ("Warplanes also bombed Khan Shaykhun": the object of "bombed"). */
static bool
object_of_cue(const tokens *tk, const sentence *s, int w)
{
    for (int j = w - 1; j >= (int)s->first && j >= w - 2; j--)
        if (role(&tk->t[j], W_CUE))
            return true;
    return false;
}

/* The mention of the incident's place in clause s of sentence si, or -1;
 * its precision. */
static int
event_place(const sm_extractor *x, const char *text, const tokens *tk, const sm_extraction *out,
            int si, const sentence *s, const cue *c, sm_precision *precision)
{
    int best = -1, anchor = -1, best_rank = -1;
    long best_d = 1 << 30;

    for (size_t i = sm_mentions_from(out, (int)tk->s[si].first);
         i < out->nmentions && out->mentions[i].sentence == si; i++) {
        const sm_mention *m = &out->mentions[i];
        const tok *loc;
        long d;
        bool located;
        int rank;

        if (!is_place(m) || m->word < (int)s->first || m->word >= (int)(s->first + s->n))
            continue;
        if (m->anchor) {                  /* "northwest of Damascus" */
            if (anchor < 0 && m->word >= 2 && sm_tok_is(text, &tk->t[m->word - 1], "of") &&
                role(&tk->t[m->word - 2], W_DIRECTION))
                anchor = (int)i;
            continue;
        }
        loc = locative_before(tk, s, m);
        located = loc != NULL;
        /* a place neither after a locative word nor the object of the
         * incident's verb ("bombed Harasta") is a subject or a topic
         * ("Damascus will not observe the ceasefire"): not where it happened */
        if (!located && !(m->word > c->word && m->word <= c->word + 2) &&
            !object_of_cue(tk, s, m->word) &&
            !(m->word > c->word && m->word > (int)s->first &&
              memchr(text + tk->t[m->word - 1].end, ':',
                     m->start - tk->t[m->word - 1].end)))   /* "... 24 villages: A, B" */
            continue;
        located = true;                   /* placed, or the verb's object */
        d = m->word >= c->word ? m->word - c->word : 2 * (c->word - m->word);
        rank = 2 * located + !is_region(x, m);   /* placed, then precise, then near */
        if (rank > best_rank || (rank == best_rank && d < best_d)) {
            best = (int)i;
            best_d = d;
            best_rank = rank;
            *precision = loc && (is(text, loc, "near") || is(text, loc, "outside") ||
                                 is(text, loc, "around"))
                             ? SM_PRECISION_2
                             : SM_PRECISION_1;
        }
    }
    if (best < 0 && anchor >= 0) {
        best = anchor;                    /* "northwest of Damascus" alone */
        *precision = SM_PRECISION_2;
    }
    return best;
}

static void
add_actor(char *actors, size_t cap, const char *a)
{
    size_t n = strlen(actors);

    if (strstr(actors, a))
        return;
    snprintf(actors + n, cap - n, "%s%s", n ? "; " : "", a);
}

/* Who is named: the sides of the war, as the news names them (W_ACTOR). */
static void
find_actors(const char *text, const tokens *tk, const sentence *s, char *actors, size_t cap)
{
    size_t end = s->first + s->n;

    for (size_t i = s->first; i < end; i++) {
        const tok *t = &tk->t[i];
        const tok *n = i + 1 < end ? &tk->t[i + 1] : NULL;
        if (!role(t, W_ACTOR) || (t->lex->actor_next && !(n && is(text, n, t->lex->actor_next))))
            continue;
        if (n && (n->flags & T_JOINED) && text[n->start - 1] == '-' &&
            (is(text, n, "held") || is(text, n, "controlled") || is(text, n, "run")))
            continue;                     /* "rebel-held": who holds it, not who acted */
        if (n && (is(text, n, "border") || is(text, n, "frontier")))
            continue;                     /* "the Turkish border": a place */
        add_actor(actors, cap, t->lex->actor);
    }
}

/* A word that refers to a place named before: "the area", "the town",
 * "there", "the hospital". */
static bool
refers_back(const tokens *tk, const sentence *s)
{
    for (size_t i = s->first; i < s->first + s->n; i++)
        if (role(&tk->t[i], W_AREA | W_FACILITY))
            return true;
    return false;
}

/* True if the sentence refers back to a settlement: "the town", "the
 * village", "the city", a facility ("the hospital") rather than "the area". */
static bool
refers_to_settlement(const char *text, const tokens *tk, const sentence *s)
{
    static const char *const words[] = { "town", "village", "city", "neighbourhood",
                                         "neighborhood", "suburb", "locality" };

    for (size_t i = s->first; i < s->first + s->n; i++) {
        if (role(&tk->t[i], W_FACILITY))
            return true;
        for (size_t k = 0; k < SM_LEN(words); k++)
            if (is(text, &tk->t[i], words[k]))
                return true;
    }
    return false;
}

static bool
has_kill_word(const tokens *tk, const sentence *s)
{
    for (size_t i = s->first; i < s->first + s->n; i++)
        if (role(&tk->t[i], W_KILL))
            return true;
    return false;
}

/* Fold event b into a, keeping the more precise place (the smaller a
 * gazetteer place stands for, among equally precise ones). */
static void
merge(const sm_extractor *x, const sm_extraction *out, sm_found_event *a,
      const sm_found_event *b)
{
    const sm_mention *ma = &out->mentions[a->mention], *mb = &out->mentions[b->mention];
    double ka = ma->place >= 0 ? sm_gaz_place(x->gaz, ma->place)->precision_km : 1e9;
    double kb = mb->place >= 0 ? sm_gaz_place(x->gaz, mb->place)->precision_km : 1e9;

    if (b->geo_precision < a->geo_precision || (b->geo_precision == a->geo_precision && kb < ka)) {
        a->mention = b->mention;
        a->geo_precision = b->geo_precision;
    }
    if (b->fatalities > a->fatalities) {
        a->fatalities = b->fatalities;
        a->fatalities_lower_bound = b->fatalities_lower_bound;
    }
    for (const char *q = b->actors; *q;) {
        char one[64];
        size_t n = strcspn(q, ";");
        snprintf(one, sizeof(one), "%.*s", (int)n, q);
        add_actor(a->actors, sizeof(a->actors), one);
        q += n;
        q += strspn(q, "; ");
    }
    a->end = b->end;
    a->cend = b->cend;
}

/* The clauses of a sentence that may each report an incident: cut at
 * ", and", ", while", "; " ("jets struck X, and clashes went on in Y"). */
static int
clauses(const char *text, const tokens *tk, const sentence *s, sentence *out, int max)
{
    int n = 0;
    size_t from = s->first, end = s->first + s->n;

    for (size_t j = s->first + 3; j + 2 < end && n + 1 < max; j++) {
        const tok *t = &tk->t[j];
        const char *gap = text + tk->t[j - 1].end;
        size_t gaplen = t->start - tk->t[j - 1].end;
        bool semi = memchr(gap, ';', gaplen) != NULL;
        bool comma_and = memchr(gap, ',', gaplen) != NULL &&
                         (is(text, t, "and") || is(text, t, "while") || is(text, t, "whereas"));

        if ((semi || comma_and) && j - from >= 3) {
            out[n] = *s;
            out[n].first = (uint32_t)from;
            out[n].n = (uint32_t)(j - from);
            n++;
            from = j;
        }
    }
    out[n] = *s;
    out[n].first = (uint32_t)from;
    out[n].n = (uint32_t)(end - from);
    return n + 1;
}

/* Is word k a word that may stand between the items of a list of places
 * ("the city of", "several rural areas of", "as well as the villages of")? */
static bool
list_word(const char *text, const tok *t)
{
    static const char *const words[] = {
        "the", "a", "several", "some", "many", "other", "rural", "of", "and", "as", "well",
        "parts", "part", "outskirts", "eastern", "western", "northern", "southern",
    };

    if (t->lex && (t->lex->roles & W_AREA) && !(t->lex->roles & W_LOCATIVE))
        return true;                      /* town, villages, countryside, ... */
    for (size_t k = 0; k < SM_LEN(words); k++)
        if (is(text, t, words[k]))
            return true;
    return false;
}

/* A place that qualifies the next item of a list ("the Idleb town of Khan
 * Sheikhoun"): followed by a town word and "of". */
static bool
qualifier(const char *text, const tokens *tk, const sentence *cl, const sm_mention *m)
{
    size_t j = (size_t)(m->word + m->nwords);

    return j + 1 < cl->first + cl->n && tk->t[j].lex && (tk->t[j].lex->roles & W_AREA) &&
           is(text, &tk->t[j + 1], "of");
}

/* Places named with the incident's place: "on Khan Sheikhoun and Kafr
 * Nabl", "in Douma, Harasta and Arbin", "بدوما والرقة", "on Daraya, near
 * Damascus, several rural areas of Quneitra province, the Idlib town of Khan
 * Sheikhoun and the city of Aleppo" (a reference point, and a place that
 * qualifies an item, are no items). */
static int
coordinated(const char *text, const tokens *tk, const sm_extraction *out, const sentence *cl,
            int first, int *more, int max)
{
    int n = 0, prev = first;

    for (size_t i = (size_t)first + 1; i < out->nmentions && n < max; i++) {
        const sm_mention *m = &out->mentions[i], *p = &out->mentions[prev];
        int between = m->word - (p->word + p->nwords);
        const char *gap = text + p->end;
        uint32_t next = between > 0 ? tk->t[p->word + p->nwords].start : m->start;
        bool comma = next > p->end && memchr(gap, ',', next - p->end) != NULL;
        bool filler = between > 0 && between <= 6;

        if (m->word >= (int)(cl->first + cl->n) || !is_place(m))
            break;
        for (int k = p->word + p->nwords; filler && k < m->word; k++) {
            int q = sm_mention_at(out, k);
            filler = list_word(text, &tk->t[k]) ||
                     (q >= 0 && qualifier(text, tk, cl, &out->mentions[q]));
        }
        if (m->anchor || qualifier(text, tk, cl, m)) {
            if (m->anchor && !(between == 1 && (is(text, &tk->t[m->word - 1], "near") ||
                                                is(text, &tk->t[m->word - 1], "outside"))))
                break;
            if (m->anchor)
                prev = (int)i;            /* "Khan al-Shih, near Damascus, ...": past it */
            continue;
        }
        if (!((between == 0 && memchr(gap, ',', m->start - p->end)) ||
              (between == 0 && (tk->t[m->word].flags & T_ARABIC) &&
               memcmp(text + m->start, "\xd9\x88", 2) == 0) ||     /* و: "and" */
              (between == 1 && is(text, &tk->t[m->word - 1], "and")) ||
              (filler && (comma || is(text, &tk->t[p->word + p->nwords], "and")))))
            break;
        more[n++] = (int)i;
        prev = (int)i;
    }
    return n;
}

static sm_status
add_event(const sm_extractor *x, sm_extraction *out, const sm_found_event *e, int si)
{
    /* one incident told in neighbouring sentences */
    if (out->nevents > 0) {
        sm_found_event *prev = &out->events[out->nevents - 1];
        const sm_mention *a = &out->mentions[prev->mention], *b = &out->mentions[e->mention];
        if (prev->type == e->type && prev->day == e->day && prev->sentence != si &&
            si - prev->sentence <= CARRY_SENTENCES &&
            sm_gaz_distance_km(a->lat_deg, a->lon_deg, b->lat_deg, b->lon_deg) <= MERGE_KM) {
            merge(x, out, prev, e);
            prev->sentence = si;
            return SM_OK;
        }
    }
    if (!sm_grow((void **)&out->events, &out->events_cap, out->nevents, sizeof(sm_found_event),
                 16))
        return SM_ENOMEM;
    out->events[out->nevents++] = *e;
    return SM_OK;
}

/* Has sentence si any place of the map? */
static bool
has_place(const tokens *tk, const sm_extraction *out, int si)
{
    for (size_t i = sm_mentions_from(out, (int)tk->s[si].first);
         i < out->nmentions && out->mentions[i].sentence == si; i++)
        if (is_place(&out->mentions[i]))
            return true;
    return false;
}

/* A headline's event that the body of its story tells again (the same
 * type, within MERGE_KM and HEADLINE_DAYS) is that event: its count joins
 * the body's, and it is no event of its own. */
static void
fold_headlines(const tokens *tk, sm_extraction *out)
{
    size_t kept = 0;

    for (size_t i = 0; i < out->nevents; i++) {
        const sm_found_event *h = &out->events[i];
        const sm_mention *mh = &out->mentions[h->mention];
        bool told = false;

        for (size_t j = i + 1; tk->s[h->sentence].heading && j < out->nevents && !told; j++) {
            sm_found_event *b = &out->events[j];
            const sm_mention *mb = &out->mentions[b->mention];
            if (tk->s[b->sentence].heading)
                break;                    /* another story */
            if (b->type != h->type || labs((long)(b->day - h->day)) > HEADLINE_DAYS ||
                sm_gaz_distance_km(mh->lat_deg, mh->lon_deg, mb->lat_deg, mb->lon_deg) > MERGE_KM)
                continue;
            told = true;
            if (h->fatalities > b->fatalities) {
                b->fatalities = h->fatalities;
                b->fatalities_lower_bound = h->fatalities_lower_bound;
            }
        }
        if (!told)
            out->events[kept++] = *h;
    }
    out->nevents = kept;
}

sm_status
sm_find_events(const sm_extractor *x, const char *text, const tokens *tk, sm_day day,
               sm_extraction *out, sm_error *err)
{
    sm_event_type last_type = SM_EVENT_OTHER;
    int last_type_at = -100, last_place = -1, last_place_at = -100;
    int last_town = -1, last_town_at = -100;   /* the last place not a region */
    sm_day para_day = SM_DAY_NONE;
    char last_actors[160] = "", their_actors[160] = "";
    sm_precision para_precision = SM_PRECISION_2;

    for (size_t si = 0; si < tk->ns; si++) {
        const sentence *s = &tk->s[si];
        sentence cl[8];
        int ncl = clauses(text, tk, s, cl, 8);
        sm_precision sprec;
        sm_day sday;
        bool any_place = has_place(tk, out, (int)si);

        if (s->paragraph)
            para_day = SM_DAY_NONE;
        if (s->heading)
            last_place = last_town = -1;  /* a new story: nothing to refer back to */
        if (sm_sentence_date(text, tk, s, day, &sday, &sprec)) {
            para_day = sday;
            para_precision = sprec;
        } else if (para_day != SM_DAY_NONE) {
            sday = para_day;
            sprec = para_precision;
        } else {
            sday = day;
            sprec = SM_PRECISION_2;
        }
        for (int k = 0; k < ncl; k++) {
            const sentence *c_s = &cl[k];
            cue c = find_cue(text, tk, c_s);
            sm_precision geo = SM_PRECISION_1, dprec = sprec;
            sm_day d = sday;
            int place, fat, more[8], nmore = 0;
            bool lower = false;
            sm_found_event e;

            their_actors[0] = '\0';
            if (c.word < 0)
                continue;
            if (ncl > 1 && !sm_sentence_date(text, tk, c_s, day, &d, &dprec)) {
                d = sday;
                dprec = sprec;
            }
            place = event_place(x, text, tk, out, (int)si, c_s, &c, &geo);
            if (place < 0 && !any_place && last_place >= 0 &&
                (int)si - last_place_at <= CARRY_SENTENCES && c.weight >= 2 &&
                refers_back(tk, c_s) && !names_country(tk, out, (int)si)) {
                place = last_place;       /* "the area", "the hospital" */
                geo = SM_PRECISION_2;
                if (last_town >= 0 && (int)si - last_town_at <= CARRY_SENTENCES &&
                    refers_to_settlement(text, tk, c_s))
                    place = last_town;    /* "the town": Kafr Nabl, not its province */
            }
            if (c.anaphor && (int)si - last_type_at <= 2) {
                c.type = last_type;       /* "the attacks" of the sentence before */
                snprintf(their_actors, sizeof(their_actors), "%s", last_actors);
            } else {
                c.anaphor = false;
            }
            if (c.weight >= 2 || c.anaphor) {
                last_type = c.type;
                last_type_at = (int)si;
                last_actors[0] = '\0';
                find_actors(text, tk, c_s, last_actors, sizeof(last_actors));
                if (last_actors[0] == '\0')
                    snprintf(last_actors, sizeof(last_actors), "%s", their_actors);
            }
            fat = sm_sentence_fatalities(text, tk, c_s, &lower);
            if (fat < 0 && ncl > 1)
                fat = sm_sentence_fatalities(text, tk, s, &lower);
            if (place < 0 || d < day - BACKGROUND_DAYS || d > day + 1)
                continue;                 /* no place; background, or a date to come */
            if (c.weight < 2 && !c.anaphor && fat <= 0 && !has_kill_word(tk, c_s) &&
                locative_before(tk, c_s, &out->mentions[place]) == NULL)
                continue;                 /* a weak word, not placed */
            if (out->mentions[place].sentence == (int)si)
                nmore = coordinated(text, tk, out, c_s, place, more, 8);
            for (int q = -1; q < nmore; q++) {
                int at = q < 0 ? place : more[q];
                const sm_mention *m = &out->mentions[at];
                const sm_place *p = m->place >= 0 ? sm_gaz_place(x->gaz, m->place) : NULL;

                memset(&e, 0, sizeof(e));
                e.day = d;
                e.date_precision = dprec;
                e.type = c.type;
                e.mention = at;
                e.geo_precision = geo;
                if (m->region ||
                    (p && p->feature_class && (p->feature_class[0] == 'A' ||
                                               p->feature_class[0] == 'L')))
                    e.geo_precision = SM_PRECISION_3;   /* a governorate, a region */
                e.fatalities = q < 0 ? fat : -1;        /* the count is the first's */
                e.fatalities_lower_bound = q < 0 && lower;
                e.sentence = (int)si;
                e.start = s->start;
                e.end = s->end;
                e.cstart = s->cstart;
                e.cend = s->cend;
                find_actors(text, tk, c_s, e.actors, sizeof(e.actors));
                if (c.anaphor && e.actors[0] == '\0')  /* who made "the attacks" */
                    snprintf(e.actors, sizeof(e.actors), "%s", their_actors);
                if (add_event(x, out, &e, (int)si) != SM_OK)
                    return sm_fail(err, SM_ENOMEM, "out of memory");
            }
        }
        for (size_t i = sm_mentions_from(out, (int)tk->s[si].first);
             i < out->nmentions && out->mentions[i].sentence == (int)si; i++)
            if (is_place(&out->mentions[i]) && !out->mentions[i].anchor) {
                last_place = (int)i;
                last_place_at = (int)si;
                if (!is_region(x, &out->mentions[i])) {
                    last_town = (int)i;
                    last_town_at = (int)si;
                }
            }
    }
    fold_headlines(tk, out);
    return SM_OK;
}
