/* The RG_THREADS setting, read in one place for every step that can use a second thread. */
#ifndef RG_THREADS_INTERNAL_H
#define RG_THREADS_INTERNAL_H

#include <stddef.h>

/* RG_THREADS as a whole number from 1 (1: one thread everywhere), or 0 when it is unset or not
 * such a number (each step then picks its own count). */
size_t rg_i_threads_setting(void);
/* 1 unless RG_THREADS=1 asks for one thread. */
int rg_i_threads_allowed(void);

#endif
