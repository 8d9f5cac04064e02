/* SPDX-License-Identifier: MIT */
/*
 * viewer.c - the page of a series: the latest map first, its date as a
 * reader says it in the page's language, a slider, previous, play/pause
 * and next buttons, the arrow keys (mirrored right to left), swipes on a
 * touch screen, each map's text alternative, and a layout that fits any
 * width (an iframe in a story, a phone). The maps are linked beside the
 * page (a CMS takes the folder as it is) or inlined as data URIs (one file).
 *
 * Every text from the data (title, names, alternatives) is an HTML-escaped
 * element or attribute the script reads; none is written into the script.
 */
#include "cli/cli.h"
#include "cli/series.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "core/atomic_file.h"
#include "core/text.h"

/* The controls' names, for screen readers, in the page's language. */
typedef struct page_words {
    const char *lang, *locale, *dir, *map, *prev, *next, *play, *pause, *date;
} page_words;

/* English's, for the words a language's file (styles/lang/, "viewer.*")
 * does not give. */
static const page_words english = { "en", "en-GB", "ltr", "Situation map", "Previous day",
                                    "Next day", "Play", "Pause", "Date" };

static const char style[] =
    "<style>\n"
    "*{box-sizing:border-box}\n"
    "html,body{margin:0;background:#fff;color:#1d1d1b;"
    "font:16px/1.4 'Noto Sans','Noto Sans Arabic',system-ui,sans-serif}\n"
    "figure{margin:0 auto;max-width:100%}\n"
    "#map{display:block;margin:0 auto;width:auto;height:auto;max-width:100%;"
    "max-height:calc(100vh - 7rem);touch-action:pan-y;user-select:none;-webkit-user-select:none}\n"
    "@media (min-width:600px){#map{max-height:calc(100vh - 4rem)}}\n"
    "#bar{display:flex;flex-wrap:wrap;align-items:center;gap:6px 10px;padding:8px 10px}\n"
    "#date{font-weight:700;font-variant-numeric:tabular-nums;flex:1 0 100%;order:-1}\n"
    "#slider{flex:1 1 120px;min-width:0;height:44px;margin:0}\n"
    "button{font:inherit;font-size:18px;line-height:1;min-width:44px;min-height:44px;"
    "border:1px solid #8a8a85;border-radius:8px;background:#fff;color:inherit;cursor:pointer}\n"
    "button:focus-visible,#slider:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}\n"
    "@media (min-width:600px){#date{flex:0 0 auto;order:0;min-width:10em}}\n"
    "</style>\n";

/* What the script does; it reads the frames from #frames. */
static const char script[] =
    "<script>\n"
    "(()=>{\n"
    "const $=id=>document.getElementById(id);\n"
    "const img=$('map'),slider=$('slider'),label=$('date'),play=$('play'),words=$('words').dataset;\n"
    "const frames=[...document.querySelectorAll('#frames a')].map(a=>({date:a.dataset.date,"
    "src:a.getAttribute('href'),alt:a.textContent}));\n"
    "const last=frames.length-1,rtl=document.documentElement.dir==='rtl';\n"
    "let fmt=null;try{fmt=new Intl.DateTimeFormat(words.locale,"
    "{day:'numeric',month:'long',year:'numeric',timeZone:'UTC'});}catch(e){}\n"
    "const human=iso=>fmt?fmt.format(new Date(iso+'T00:00:00Z')):iso;\n"
    "const early=[];\n"
    "const fetchAhead=k=>{if(k>=0&&k<=last&&!early[k]){early[k]=new Image();early[k].src=frames[k].src;}};\n"
    "let at=last,timer=null;\n"
    "function show(k){at=Math.max(0,Math.min(last,k));const f=frames[at];\n"
    "  if(img.getAttribute('src')!==f.src)img.src=f.src;img.alt=f.alt;slider.value=at;\n"
    "  label.textContent=human(f.date);label.dateTime=f.date;document.body.dataset.shown=f.date;\n"
    "  fetchAhead(at+1);fetchAhead(at-1);}\n"
    "function stop(){if(timer!==null){clearInterval(timer);timer=null;}\n"
    "  play.textContent='\\u25B6';play.setAttribute('aria-label',words.play);"
    "play.setAttribute('aria-pressed','false');}\n"
    "function start(){if(at>=last)show(0);\n"
    "  timer=setInterval(()=>{if(at>=last)stop();else show(at+1);},+words.ms);\n"
    "  play.textContent='\\u23F8';play.setAttribute('aria-label',words.pause);"
    "play.setAttribute('aria-pressed','true');}\n"
    "const step=d=>{stop();show(at+d);};\n"
    "play.addEventListener('click',()=>timer===null?start():stop());\n"
    "$('prev').addEventListener('click',()=>step(-1));\n"
    "$('next').addEventListener('click',()=>step(1));\n"
    "slider.addEventListener('input',()=>{stop();show(+slider.value);});\n"
    "document.addEventListener('keydown',e=>{\n"
    "  if(e.target===slider||e.altKey||e.ctrlKey||e.metaKey)return;\n"
    "  const d={ArrowRight:rtl?-1:1,ArrowLeft:rtl?1:-1}[e.key];\n"
    "  if(d){step(d);e.preventDefault();}\n"
    "  else if(e.key==='Home'){step(-last);e.preventDefault();}\n"
    "  else if(e.key==='End'){step(last);e.preventDefault();}\n"
    "  else if(e.key===' '&&e.target.tagName!=='BUTTON'){timer===null?start():stop();"
    "e.preventDefault();}});\n"
    "let x0=null,y0=0;\n"
    "img.addEventListener('pointerdown',e=>{x0=e.clientX;y0=e.clientY;});\n"
    "img.addEventListener('pointercancel',()=>{x0=null;});\n"
    "img.addEventListener('pointerup',e=>{if(x0===null)return;const dx=e.clientX-x0,"
    "dy=e.clientY-y0;x0=null;\n"
    "  if(Math.abs(dx)>=40&&Math.abs(dx)>1.5*Math.abs(dy))step((dx<0)!==rtl?1:-1);});\n"
    "slider.max=last;show(last);\n"
    "})();\n"
    "</script>\n";

static page_words
words_of(const sm_words *w)
{
    page_words p = english;

    p.lang = sm_words_or(w, "lang", p.lang);
    p.locale = sm_words_or(w, "viewer.locale", p.locale);
    p.dir = sm_words_rtl(w) ? "rtl" : "ltr";
    p.map = sm_words_or(w, "viewer.map", p.map);
    p.prev = sm_words_or(w, "viewer.previous", p.prev);
    p.next = sm_words_or(w, "viewer.next", p.next);
    p.play = sm_words_or(w, "viewer.play", p.play);
    p.pause = sm_words_or(w, "viewer.pause", p.pause);
    p.date = sm_words_or(w, "viewer.date", p.date);
    return p;
}

/* The folder of path, with its '/', or "" (a name in the current folder). */
static gchar *
folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    return g_strndup(path, slash ? (gsize)(slash - path + 1) : 0);
}

/* The map as the page's link to it: a data URI, or its path from the
 * page's folder as a URI reference (the folders it shares with the page
 * taken off, every other byte percent-escaped). */
static gchar *
link_to(const char *map, const char *folder, bool inline_maps, GError **gerr)
{
    gchar *data = NULL, *b64, *href;
    gsize len = 0;
    size_t fl = strlen(folder);

    if (!inline_maps) {
        if (fl > 0 && strncmp(map, folder, fl) == 0)
            return g_uri_escape_string(map + fl, "/", TRUE);
        if (fl == 0 && map[0] != '/')
            return g_uri_escape_string(map, "/", TRUE);
        return g_filename_to_uri(map, NULL, gerr);   /* elsewhere: by its whole path */
    }
    if (!g_file_get_contents(map, &data, &len, gerr))
        return NULL;
    b64 = g_base64_encode((const guchar *)data, len);
    href = g_strdup_printf("data:image/%s;base64,%s",
                           g_str_has_suffix(map, ".svg") ? "svg+xml" : "png", b64);
    g_free(b64);
    g_free(data);
    return href;
}

/* The pixel size of a PNG from its header, so that the page keeps the
 * map's room before it arrives; false for anything else. */
static bool
png_size(const char *map, unsigned *w, unsigned *h)
{
    unsigned char head[24];
    FILE *fp = fopen(map, "rb");
    bool ok;

    if (fp == NULL)
        return false;
    ok = fread(head, 1, sizeof(head), fp) == sizeof(head) &&
         memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(head + 12, "IHDR", 4) == 0;
    fclose(fp);
    if (!ok)
        return false;
    *w = (unsigned)head[16] << 24 | (unsigned)head[17] << 16 | (unsigned)head[18] << 8 | head[19];
    *h = (unsigned)head[20] << 24 | (unsigned)head[21] << 16 | (unsigned)head[22] << 8 | head[23];
    return *w > 0 && *h > 0;
}

/* A map's text alternative: its own, else the title and the date. */
static void
put_alt(FILE *fp, const sm_cli_frames *f, int i, const char *title)
{
    char day[SM_DAY_LONG_LEN];

    if (f->alts && f->alts[i] && f->alts[i][0]) {
        sm_text_xml_put(fp, f->alts[i]);
        return;
    }
    sm_text_xml_put(fp, title);
    fputs(", ", fp);
    sm_text_xml_put(fp, sm_day_format_long(f->days[i], day));
}

static void
put_head(FILE *fp, const page_words *w, const char *title)
{
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\"><head><meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
                "<meta name=\"generator\" content=\"sitmap %s\">\n<title>",
            w->lang, w->dir, sm_version());
    sm_text_xml_put(fp, title);
    fputs("</title>\n", fp);
    fputs(style, fp);
}

/* The figure: the latest map, the date and the controls. */
static void
put_figure(FILE *fp, const page_words *w, const sm_cli_frames *f, const char *href,
           const char *title)
{
    char iso[SM_DAY_ISO_LEN], day[SM_DAY_LONG_LEN];
    int last = f->n - 1;
    unsigned pw = 0, ph = 0;

    bool sized = png_size(f->maps[last], &pw, &ph);

    fputs("</head>\n<body>\n<figure", fp);
    if (sized)                         /* the controls as wide as the map, never wider */
        fprintf(fp, " style=\"max-width:%upx\"", pw);
    fputs(">\n<img id=\"map\" draggable=\"false\" src=\"", fp);
    sm_text_xml_put(fp, href);
    fputs("\" alt=\"", fp);
    put_alt(fp, f, last, title);
    fputc('"', fp);
    if (sized)                         /* its room kept before it arrives */
        fprintf(fp, " width=\"%u\" height=\"%u\"", pw, ph);
    fputs(">\n<figcaption id=\"bar\">\n<time id=\"date\" aria-live=\"polite\" datetime=\"", fp);
    fputs(sm_day_format(f->days[last], iso), fp);
    fputs("\">", fp);
    sm_text_xml_put(fp, sm_day_format_long(f->days[last], day));
    fputs("</time>\n", fp);
    fputs("<button id=\"prev\" type=\"button\" aria-label=\"", fp);
    sm_text_xml_put(fp, w->prev);
    fputs("\">&#x276E;</button>\n<button id=\"play\" type=\"button\" aria-pressed=\"false\""
          " aria-label=\"", fp);
    sm_text_xml_put(fp, w->play);
    fputs("\">&#x25B6;</button>\n<button id=\"next\" type=\"button\" aria-label=\"", fp);
    sm_text_xml_put(fp, w->next);
    fprintf(fp, "\">&#x276F;</button>\n<input id=\"slider\" type=\"range\" min=\"0\" max=\"%d\""
                " step=\"1\" value=\"%d\" aria-label=\"", last, last);
    sm_text_xml_put(fp, w->date);
    fputs("\">\n</figcaption>\n</figure>\n", fp);
}

int
sm_cli_viewer_write(const sm_cli_page *page, const sm_cli_frames *f)
{
    const page_words words = words_of(page->words), *w = &words;
    const char *title = page->title && page->title[0] ? page->title : w->map;
    sm_atomic_file af = SM_ATOMIC_FILE_INIT;
    sm_error err = { 0 };
    gchar *folder = folder_of(page->path), **hrefs = g_new0(gchar *, (gsize)f->n + 1);
    GError *gerr = NULL;
    char iso[SM_DAY_ISO_LEN];
    FILE *fp;

    for (int i = 0; i < f->n; i++)
        if ((hrefs[i] = link_to(f->maps[i], folder, page->inline_maps, &gerr)) == NULL) {
            fprintf(stderr, "sitmap: series: %s: cannot link it from the page: %s\n",
                    f->maps[i], gerr ? gerr->message : "?");
            g_clear_error(&gerr);
            g_strfreev(hrefs);
            g_free(folder);
            return SM_EXIT_FAIL;
        }
    g_free(folder);
    if (sm_atomic_file_open(&af, page->path, &err) != SM_OK) {
        g_strfreev(hrefs);
        return sm_cli_fail(&err);
    }
    fp = af.fp;
    put_head(fp, w, title);
    put_figure(fp, w, f, hrefs[f->n - 1], title);
    fprintf(fp, "<div id=\"words\" hidden data-ms=\"700\" data-locale=\"%s\" data-play=\"",
            w->locale);
    sm_text_xml_put(fp, w->play);
    fputs("\" data-pause=\"", fp);
    sm_text_xml_put(fp, w->pause);
    fputs("\"></div>\n<ol id=\"frames\" hidden>\n", fp);
    for (int i = 0; i < f->n; i++) {
        fprintf(fp, "<li><a data-date=\"%s\" href=\"", sm_day_format(f->days[i], iso));
        sm_text_xml_put(fp, hrefs[i]);
        fputs("\">", fp);
        put_alt(fp, f, i, title);
        fputs("</a></li>\n", fp);
    }
    fputs("</ol>\n<noscript><style>#bar{display:none}#frames{display:block}</style>"
          "</noscript>\n", fp);
    fputs(script, fp);
    fputs("</body></html>\n", fp);
    g_strfreev(hrefs);
    if (sm_atomic_file_commit(&af, &err) != SM_OK) {
        sm_atomic_file_discard(&af);
        return sm_cli_fail(&err);
    }
    sm_atomic_file_discard(&af);
    return SM_EXIT_OK;
}
