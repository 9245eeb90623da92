/* Lists of names for the readers' messages: "a, b, c" (the columns, fields or layers there are). */
#ifndef RG_NAMES_INTERNAL_H
#define RG_NAMES_INTERNAL_H

#include <stddef.h>

/* The name of item i of ctx. */
typedef const char *(*rg_i_name_at)(const void *ctx, size_t i);

/* Writes the n names as "a, b, c" into buf (size at least 4), ending in "..." when they do not
 * fit; "" when n is 0. O(total length). */
void rg_i_list_names(char *buf, size_t size, size_t n, rg_i_name_at name, const void *ctx);

#endif
