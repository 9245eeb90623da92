/* Self-crossing rings (bow-ties): told apart from degenerate rings without area. */
#include "geom/ring_cross_internal.h"

#include "base/error_internal.h"
#include "model/regions_internal.h"

int rg_i_ring_crosses_itself(const double *xy, size_t n)
{
    size_t k, first = 0;
    double x0, y0, sum = 0;
    if (n < 4)
        return 0;
    x0 = xy[0];
    y0 = xy[1];
    /* shoelace relative to the first point, as the readers compute it */
    for (k = 1; k + 1 < n; k++)
        sum += (xy[2 * k] - x0) * (xy[2 * k + 3] - y0) - (xy[2 * k + 2] - x0) * (xy[2 * k + 1] - y0);
    if (sum != 0)
        return 0;
    /* zero area: a line (or a point) is degenerate; anything off the line through the first two
     * distinct points means lobes that cancel */
    for (k = 1; k < n && !first; k++)
        if (xy[2 * k] != x0 || xy[2 * k + 1] != y0)
            first = k;
    if (!first)
        return 0;
    for (k = first + 1; k < n; k++) {
        double cross = (xy[2 * first] - x0) * (xy[2 * k + 1] - y0) -
                       (xy[2 * first + 1] - y0) * (xy[2 * k] - x0);
        if (cross != 0)
            return 1;
    }
    return 0;
}

void rg_i_warn_crossed_rings(const char *where, const char *noun, const size_t *numbers,
                             size_t count)
{
    char list[256];
    rg_i_number_list(noun, numbers, count, list, sizeof list);
    rg_i_warn("%s: %zu %s%s a ring that crosses itself (%s): kept as drawn for contiguity; "
              "ogr2ogr -makevalid repairs it", where, count, noun, count == 1 ? " has" : "s have",
              list);
}
