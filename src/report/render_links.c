/* The hub of a mechanism's star of links in a picture: the member nearest to the members' mean
 * position, so that the star radiates from the middle of the mechanism. */
#include "report/render_links_internal.h"

size_t rg_i_star_hub(const double *xy, const long *ends, size_t n)
{
    double mx = 0, my = 0, best = 0;
    size_t k, hub = 0;
    for (k = 0; k < n; k++) {
        mx += xy[2 * ends[k]];
        my += xy[2 * ends[k] + 1];
    }
    mx /= (double)n;
    my /= (double)n;
    for (k = 0; k < n; k++) {
        double dx = xy[2 * ends[k]] - mx, dy = xy[2 * ends[k] + 1] - my;
        if (k == 0 || dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            hub = k;
        }
    }
    return hub;
}
