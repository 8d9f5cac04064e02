/* SPDX-License-Identifier: MIT */
/*
 * raster.c - PNG output: the image is cut into a fixed number of horizontal
 * bands, each drawn from the whole display list by Cairo (which clips to the
 * band) on every core; then the whole image is deflated at once. The threads
 * only decide who draws which band, so the file's bytes do not depend on the
 * machine.
 *
 * The layers the underlay drew while the map was built (underlay.c) are not
 * drawn again: the bands draw the rest over them.
 *
 * Rows go in unfiltered, turned into RGB in the image's own memory (no second
 * image's pages to fault), and libdeflate (level 1) makes the zlib stream: half
 * the instructions of zlib's level 1 (which the bands once deflated in
 * parallel, joined as pigz does) for a file a little smaller. libdeflate
 * cannot join streams, hence one stream. libpng writes the header and the
 * chunks.
 */
#include "render/render_int.h"

#include <assert.h>
#include <errno.h>
#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libdeflate.h>

#include "core/buf.h"

#define BANDS 4
#define MIN_BAND_ROWS 64
#define DEFLATE_LEVEL 1

typedef struct band {
    int y0, h;
    sm_status st;
    sm_error err;
} band;

typedef struct job {
    const map *m;
    unsigned char *data;       /* the whole image, Cairo's RGB24, then the PNG's rows */
    int stride, nbands;
    dl_layer first;            /* the first layer the underlay did not draw */
    band bands[BANDS];
    atomic_int next;
    unsigned char *z;          /* the zlib stream of the rows */
    size_t zlen;
} job;

static sm_status
draw_band(job *j, band *b)
{
    cairo_surface_t *s = cairo_image_surface_create_for_data(
        j->data, CAIRO_FORMAT_RGB24, sm_map__out_w(j->m), sm_map__out_h(j->m), j->stride);
    cairo_t *cr = cairo_create(s);
    sm_status st;

    /* the whole image's coordinates, clipped to the band's rows: the same
     * arithmetic as for the whole image */
    cairo_rectangle(cr, 0, b->y0, sm_map__out_w(j->m), b->h);
    cairo_clip(cr);
    st = sm_dl_to_cairo(j->m, cr, j->first, &b->err);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    cairo_surface_destroy(s);
    return st;
}

/* Cairo's RGB24 pixels (0x00RRGGBB words) as R, G, B bytes; on a
 * little-endian machine four at a time in three words, then one by one. */
static void
rgb_row(const uint32_t *px, int w, unsigned char *out)
{
    int x = 0;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; x + 4 <= w; x += 4, out += 12) {
        uint32_t q0 = __builtin_bswap32(px[x]) >> 8, q1 = __builtin_bswap32(px[x + 1]) >> 8;
        uint32_t q2 = __builtin_bswap32(px[x + 2]) >> 8, q3 = __builtin_bswap32(px[x + 3]) >> 8;
        uint32_t word[3] = { q0 | q1 << 24, q1 >> 8 | q2 << 16, q2 >> 16 | q3 << 8 };

        memcpy(out, word, sizeof(word));  /* in memory: R, G, B, R, ... */
    }
#endif
    for (; x < w; x++, out += 3) {
        out[0] = (unsigned char)(px[x] >> 16);
        out[1] = (unsigned char)(px[x] >> 8);
        out[2] = (unsigned char)px[x];
    }
}

/* The PNG's rows, each a filter byte (0) and RGB, written over the image
 * from its start: row y's RGB ends at (y + 1) * (1 + 3 w), before row y + 1's
 * pixels, at (y + 1) * stride, so each row is read before it is written over
 * (through a row of its own, so that a row's start is never overwritten
 * before it is read). Returns the rows' length. */
static size_t
rows_in_place(job *j, unsigned char *row)
{
    int w = sm_map__out_w(j->m), h = sm_map__out_h(j->m);
    size_t row_len = 1 + 3 * (size_t)w;

    assert(row_len <= (size_t)j->stride);
    for (int y = 0; y < h; y++) {
        row[0] = 0;
        rgb_row((const uint32_t *)(j->data + (size_t)y * (size_t)j->stride), w, row + 1);
        memcpy(j->data + (size_t)y * row_len, row, row_len);
    }
    return row_len * (size_t)h;
}

/* The rows as one zlib stream, in j->z. */
static sm_status
deflate_image(job *j, sm_error *err)
{
    unsigned char *row = malloc(1 + 3 * (size_t)sm_map__out_w(j->m));
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(DEFLATE_LEVEL);
    size_t n, cap;

    if (row == NULL || c == NULL) {
        free(row);
        libdeflate_free_compressor(c);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    n = rows_in_place(j, row);
    free(row);
    cap = libdeflate_zlib_compress_bound(c, n);
    if ((j->z = malloc(cap)) != NULL)
        j->zlen = libdeflate_zlib_compress(c, j->data, n, j->z, cap);
    libdeflate_free_compressor(c);
    if (j->z == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if (j->zlen == 0)
        return sm_fail(err, SM_ERENDER, "cannot compress the PNG");
    return SM_OK;
}

static void *
work(void *arg)
{
    job *j = arg;
    int i;

    while ((i = atomic_fetch_add(&j->next, 1)) < j->nbands) {
        band *b = &j->bands[i];
        b->st = draw_band(j, b);
    }
    return NULL;
}

/* libpng's output: a write error is kept (with its errno) for the caller,
 * not thrown (libpng's own writer longjmps), and libpng prints nothing. */
typedef struct png_out {
    FILE *fp;
    int errno_;
} png_out;

static void
png_out_write(png_structp png, png_bytep data, size_t len)
{
    png_out *o = png_get_io_ptr(png);

    errno = 0;
    if (o->errno_ == 0 && fwrite(data, 1, len, o->fp) != len)
        o->errno_ = errno ? errno : EIO;
}

static void
png_out_flush(png_structp png)
{
    (void)png;
}

static void
png_quiet_error(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void
png_quiet_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* Signature and header by libpng, then the zlib stream as one IDAT chunk. */
static sm_status
write_file(const job *j, FILE *fp, sm_error *err)
{
    png_structp png;
    png_infop info;
    png_out out = { fp, 0 };

    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_quiet_error,
                                  png_quiet_warning);
    info = png ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return sm_fail(err, SM_EIO, "cannot write the PNG");
    }
    png_set_write_fn(png, &out, png_out_write, png_out_flush);
    png_set_IHDR(png, info, (png_uint_32)sm_map__out_w(j->m), (png_uint_32)sm_map__out_h(j->m), 8,
                 PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    sm_render__png_meta(j->m, png, info);
    png_write_info(png, info);
    png_write_chunk(png, (png_const_bytep) "IDAT", j->z, j->zlen);
    png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
    png_destroy_write_struct(&png, &info);
    if (out.errno_)
        return sm_fail(err, SM_EIO, "cannot write: %s", strerror(out.errno_));
    return SM_OK;
}

static size_t
image_bytes(const map *m)
{
    return (size_t)cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, sm_map__out_w(m)) *
           (size_t)sm_map__out_h(m);
}

unsigned char *
sm_render__image_new(const map *m)
{
    return sm_huge_alloc(image_bytes(m));
}

void
sm_render__image_free(const map *m, unsigned char *data)
{
    sm_huge_free(data, image_bytes(m));
}

sm_status
sm_render__png(map *m, FILE *fp, sm_error *err)
{
    int h = sm_map__out_h(m), nthreads;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    pthread_t threads[BANDS];
    int started = 0;
    job j = { .m = m };
    sm_status st = SM_OK;

    j.stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, sm_map__out_w(m));
    j.data = sm_render__underlay_take(m, &j.first);
    if (j.data == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory for a %dx%d image", sm_map__out_w(m), h);
    j.nbands = h / MIN_BAND_ROWS < BANDS ? (h / MIN_BAND_ROWS > 0 ? h / MIN_BAND_ROWS : 1) : BANDS;
    for (int i = 0; i < j.nbands; i++) {
        j.bands[i].y0 = h * i / j.nbands;
        j.bands[i].h = h * (i + 1) / j.nbands - j.bands[i].y0;
    }
    nthreads = (int)(cores < 1 || m->o->one_thread ? 1 : cores < j.nbands ? cores : j.nbands);
    for (int i = 1; i < nthreads; i++)
        if (pthread_create(&threads[started], NULL, work, &j) == 0)
            started++;
    work(&j);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < j.nbands && st == SM_OK; i++)
        if (j.bands[i].st != SM_OK) {
            *err = j.bands[i].err;
            st = j.bands[i].st;
        }
    if (st == SM_OK)
        st = deflate_image(&j, err);
    if (st == SM_OK)
        st = write_file(&j, fp, err);
    free(j.z);
    sm_render__image_free(m, j.data);
    return st;
}
