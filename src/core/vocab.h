/* SPDX-License-Identifier: MIT */
/*
 * vocab.h - a word from a closed list: a faction id, a zone status. The
 * word is found as written or case-folded ("Regime" is regime); a word not
 * on the list gets the nearest one to suggest ("oppositon": did you mean
 * opposition?).
 */
#ifndef SM_VOCAB_H
#define SM_VOCAB_H

#include <stddef.h>

/* The list's word that w is, case-folded, or NULL. */
const char *sm_vocab_find(const char *const *words, size_t n, const char *w);
/* The list's word nearest w (at most two edits, or a third of its length),
 * or NULL. */
const char *sm_vocab_nearest(const char *const *words, size_t n, const char *w);
/* ' (did you mean "x"?)' with the list's word nearest w into out (cap
 * bytes), or "" when none is near; out. */
const char *sm_vocab_hint(const char *const *words, size_t n, const char *w, char *out,
                          size_t cap);
/* The list as "a, b, c" into out (cap bytes); out. */
const char *sm_vocab_join(const char *const *words, size_t n, char *out, size_t cap);

#endif
