/* SPDX-License-Identifier: MIT */
/*
 * imgdiff.c - compare two PNG images with a tolerance, as cairo's test
 * suite does: a pixel differs when any channel differs by more than T
 * (default 16, which absorbs glyph antialiasing); the images match when at
 * most P per cent of the pixels differ (default 0.1). On a mismatch, writes
 * DIFF.png: the expected image faded, with differing pixels in red.
 *   usage: imgdiff EXPECTED.png ACTUAL.png DIFF.png [T [P]]
 * Exit 0 when they match, 1 when not, 2 on error.
 */
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
    cairo_surface_t *a, *b, *d;
    int t = argc > 4 ? atoi(argv[4]) : 16, w, h, differ = 0, rc;
    double p = argc > 5 ? atof(argv[5]) : 0.1;

    if (argc < 4) {
        fprintf(stderr, "usage: imgdiff EXPECTED.png ACTUAL.png DIFF.png [T [P]]\n");
        return 2;
    }
    a = cairo_image_surface_create_from_png(argv[1]);
    b = cairo_image_surface_create_from_png(argv[2]);
    if (cairo_surface_status(a) || cairo_surface_status(b)) {
        fprintf(stderr, "imgdiff: cannot read %s\n", cairo_surface_status(a) ? argv[1] : argv[2]);
        cairo_surface_destroy(a);
        cairo_surface_destroy(b);
        return 2;
    }
    w = cairo_image_surface_get_width(a);
    h = cairo_image_surface_get_height(a);
    if (w != cairo_image_surface_get_width(b) || h != cairo_image_surface_get_height(b)) {
        printf("imgdiff: sizes differ: %dx%d, %dx%d\n", w, h, cairo_image_surface_get_width(b),
               cairo_image_surface_get_height(b));
        cairo_surface_destroy(a);
        cairo_surface_destroy(b);
        return 1;
    }
    d = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    for (int y = 0; y < h; y++) {
        const unsigned char *ra = cairo_image_surface_get_data(a) + y * cairo_image_surface_get_stride(a);
        const unsigned char *rb = cairo_image_surface_get_data(b) + y * cairo_image_surface_get_stride(b);
        unsigned char *rd = cairo_image_surface_get_data(d) + y * cairo_image_surface_get_stride(d);
        for (int x = 0; x < w; x++) {
            int bad = 0;
            for (int c = 0; c < 3; c++)
                bad |= abs(ra[4 * x + c] - rb[4 * x + c]) > t;
            differ += bad;
            for (int c = 0; c < 3; c++)
                rd[4 * x + c] = bad ? (c == 2 ? 255 : 0) : (unsigned char)(192 + ra[4 * x + c] / 4);
        }
    }
    cairo_surface_mark_dirty(d);
    printf("imgdiff: %d of %d pixels differ (%.3f%%, limit %.3f%%)\n", differ, w * h,
           100.0 * differ / (w * h), p);
    rc = 100.0 * differ / (w * h) > p;
    if (rc)
        cairo_surface_write_to_png(d, argv[3]);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    cairo_surface_destroy(d);
    return rc;
}
