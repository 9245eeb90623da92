/* Properties that several GeoJSON layers write alike: the ids and names of a pair's two ends,
 * a mechanism's dates, and the day a region was first covered (covered_from). One writer each,
 * so that the layers cannot drift apart in names, order or date format. */
#include <string.h>

#include "analysis/coverage_time_internal.h"
#include "regiongraph/coordination.h"
#include "write/geojson_internal.h"

void rg_i_geojson_pair_names(rg_i_geojson *g, const char *id_a, const char *id_b,
                             const char *name_a, const char *name_b)
{
    rg_i_geojson_puts(g, "\"id_a\":");
    rg_i_geojson_string_or_null(g, id_a);
    rg_i_geojson_key(g, "id_b");
    rg_i_geojson_string_or_null(g, id_b);
    rg_i_geojson_key(g, "name_a");
    rg_i_geojson_string_or_null(g, name_a);
    rg_i_geojson_key(g, "name_b");
    rg_i_geojson_string_or_null(g, name_b);
}

/* An ISO 8601 day, or null for 0 (unknown). */
static void put_day(rg_i_geojson *g, const char *key, long ymd)
{
    char text[11];
    rg_date_format(ymd, 1, text);
    rg_i_geojson_key(g, key);
    rg_i_geojson_string_or_null(g, *text ? text : NULL);
}

void rg_i_geojson_mechanism_dates(rg_i_geojson *g, const rg_coordination *coord, size_t m)
{
    put_day(g, "start", coord ? rg_coordination_mechanism_start(coord, m) : 0);
    put_day(g, "end", coord ? rg_date_last_day(rg_coordination_mechanism_end(coord, m)) : 0);
}

void rg_i_geojson_covered_from(rg_i_geojson *g, const rg_graph *graph,
                               const rg_coverage *coverage, size_t i)
{
    put_day(g, "covered_from", rg_i_coverage_covered_from(graph, coverage, i));
}
