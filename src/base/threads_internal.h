/* The RG_THREADS setting, read in one place for every step that can use a second thread. */
#ifndef RG_THREADS_INTERNAL_H
#define RG_THREADS_INTERNAL_H

#include <stddef.h>

/* RG_THREADS as a whole number from 1 (1: one thread everywhere), or 0 when it is unset or not
 * such a number (each step then picks its own count). */
size_t rg_i_threads_setting(void);
/* 1 unless RG_THREADS=1 asks for one thread. */
int rg_i_threads_allowed(void);

/* Tells the calling thread that n threads of ours run beside it (0: none), until told again:
 * the build's diagnostics run beside the graph-file write. */
void rg_i_threads_beside(size_t n);
/* 1 when the calling thread may start one more thread: RG_THREADS allows more than the
 * threads already busy (the caller and those beside it), or, unset, the machine has a core for
 * it. A step whose second thread only pays on an idle core asks this. */
int rg_i_threads_spare(void);

#endif
