/* Lists of names for the readers' messages (names_internal.h). */
#include <stdio.h>
#include <string.h>

#include "read/names_internal.h"

void rg_i_list_names(char *buf, size_t size, size_t n, rg_i_name_at name, const void *ctx)
{
    size_t i, len = 0;
    buf[0] = '\0';
    for (i = 0; i < n; i++) {
        int w = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", name(ctx, i));
        if (w < 0 || (size_t)w >= size - len) {
            memcpy(buf + size - 4, "...", 4);
            return;
        }
        len += (size_t)w;
    }
}
