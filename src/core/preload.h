/* SPDX-License-Identifier: MIT */
/*
 * preload.h - PROJ and SpatiaLite are not linked: the library opens them
 * with dlopen at the first call that needs them (core/geolibs.h, inside the
 * library). A program with other things to do meanwhile may start that
 * opening ahead, on a thread of its own.
 *
 * Threads: both calls are thread-safe, and so is the opening (once per
 * process, under a lock; a fork waits for it).
 */
#ifndef SM_CORE_PRELOAD_H
#define SM_CORE_PRELOAD_H

#ifdef __cplusplus
extern "C" {
#endif

/* Start opening the libraries on a thread of their own, if not begun. */
void sm_geolibs_preload(void);
/* Wait for that thread to end. A program that preloads calls this before
 * it exits: the libraries' constructors may still be running on the
 * thread, and exit would destroy what they build. */
void sm_geolibs_join(void);

#ifdef __cplusplus
}
#endif

#endif
