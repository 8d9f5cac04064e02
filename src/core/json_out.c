/* SPDX-License-Identifier: MIT */
/*
 * json_out.c - JSON written as it goes (see json_out.h). The escaping is
 * json-c 0.16's json_escape_str with JSON_C_TO_STRING_NOSLASHESCAPE, byte
 * for byte; a unit test compares the two on every byte at every place of
 * a word and on random strings, and fuzz_extract parses what the
 * extractor's output writes.
 */
#include "core/json_out.h"

/* What each byte becomes inside a string: 0 as it is, else the letter after
 * the backslash ('u' for \u00xx). */
static const char escape_as[256] = {
    ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r',
    [0x00] = 'u', [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u', [0x05] = 'u',
    [0x06] = 'u', [0x07] = 'u', [0x0b] = 'u', [0x0e] = 'u', [0x0f] = 'u', [0x10] = 'u',
    [0x11] = 'u', [0x12] = 'u', [0x13] = 'u', [0x14] = 'u', [0x15] = 'u', [0x16] = 'u',
    [0x17] = 'u', [0x18] = 'u', [0x19] = 'u', [0x1a] = 'u', [0x1b] = 'u', [0x1c] = 'u',
    [0x1d] = 'u', [0x1e] = 'u', [0x1f] = 'u',
    ['"'] = '"', ['\\'] = '\\',
};

void
sm_json_out_init(sm_json_out *o, FILE *fp)
{
    o->fp = fp;
    o->mem = NULL;
    o->len = 0;
}

void
sm_json_out_init_mem(sm_json_out *o, sm_buf *mem)
{
    o->fp = NULL;
    o->mem = mem;
    o->len = 0;
}

static void
put(sm_json_out *o, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (o->mem)
        sm_buf_append(o->mem, s, n);
    else
        fwrite(s, 1, n, o->fp);
}

static void
drain(sm_json_out *o)
{
    put(o, o->buf, o->len);
    o->len = 0;
}

void
sm_json_out__spill(sm_json_out *o, const char *s, size_t n)
{
    drain(o);
    if (n > sizeof(o->buf)) {
        put(o, s, n);
        return;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

/* Which of the 8 bytes of x are below 0x20, '"' or '\\' (the high bit of
 * each): the test for a zero byte (Hacker's Delight 6-1) of x, x ^ '"'s and
 * x ^ '\\'s, and its variant for bytes below 0x20. A byte above one found
 * may be found too (a borrow), but the lowest found is one that is. */
static inline uint64_t
escaped_bytes(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');

    return (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs;
}

/* How many of the bytes of x (read from memory) come before the first
 * found in found = escaped_bytes(x), which is not 0. */
static inline size_t
bytes_before(uint64_t found)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)__builtin_ctzll(found) >> 3;
#else
    (void)found;
    return 0;                           /* looked at one by one */
#endif
}

void
sm_json_out_str(sm_json_out *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0, i = 0;

    sm_json_out_raw(o, "\"", 1);
    for (;;) {
        unsigned char c;
        char e[6] = { '\\' };
        uint64_t x;

        /* runs of bytes written as they are, 8 at a time, up to the first
           byte to escape */
        while (n - i >= 8) {
            uint64_t found;
            memcpy(&x, s + i, 8);
            if ((found = escaped_bytes(x)) != 0) {
                i += bytes_before(found);
                break;
            }
            i += 8;
        }
        if (i >= n)
            break;
        c = (unsigned char)s[i++];
        e[1] = escape_as[c];
        if (e[1] == 0)
            continue;
        sm_json_out_raw(o, s + run, i - 1 - run);
        run = i;
        if (e[1] == 'u') {
            memcpy(e + 1, "u00", 3);
            e[4] = hex[c >> 4];
            e[5] = hex[c & 0xf];
            sm_json_out_raw(o, e, 6);
        } else {
            sm_json_out_raw(o, e, 2);
        }
    }
    sm_json_out_raw(o, s + run, n - run);
    sm_json_out_raw(o, "\"", 1);
}

void
sm_json_out_cstr(sm_json_out *o, const char *s)
{
    if (s == NULL)
        sm_json_out_raw(o, "null", 4);
    else
        sm_json_out_str(o, s, strlen(s));
}

void
sm_json_out_int(sm_json_out *o, int64_t v)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                                "25262728293031323334353637383940414243444546474849"
                                "50515253545556575859606162636465666768697071727374"
                                "75767778798081828384858687888990919293949596979899";
    char digits[24];
    char *p = digits + sizeof(digits);
    /* the magnitude as unsigned: INT64_MIN has none as int64_t */
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

    while (u >= 100) {                  /* two digits at a time */
        p -= 2;
        memcpy(p, pairs + 2 * (u % 100), 2);
        u /= 100;
    }
    if (u >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * u, 2);
    } else {
        *--p = (char)('0' + u);
    }
    if (v < 0)
        *--p = '-';
    sm_json_out_raw(o, p, (size_t)(digits + sizeof(digits) - p));
}

void
sm_json_out_bool(sm_json_out *o, bool v)
{
    if (v)
        sm_json_out_raw(o, "true", 4);
    else
        sm_json_out_raw(o, "false", 5);
}

void
sm_json_out_flush(sm_json_out *o)
{
    drain(o);
}
