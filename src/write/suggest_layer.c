/* suggestions.geojson: the regions each suggested step proposes and the borders it would
 * close, as GeoJSON features (RFC 7946, lon/lat WGS84), through the library's one GeoJSON
 * writer (geojson_internal.h). */
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "regiongraph/suggest_layer.h"
#include "write/geojson_internal.h"

typedef struct out {
    rg_i_geojson g;
    const rg_graph *graph;
    const rg_regions *r;
    const rg_adjacency *adj;
} out;

/* The feature's opening and the properties of its step. */
static void put_step_properties(out *o, const char *list, size_t rank, const rg_suggestion *sg,
                                const char *why, const char *role)
{
    const rg_coordination *coord = rg_graph_coordination(o->graph);
    rg_i_geojson *g = &o->g;
    rg_i_geojson_begin_feature(g);
    rg_i_geojson_puts(g, "\"list\":");
    rg_i_geojson_string(g, list);
    rg_i_geojson_key(g, "rank");
    rg_i_geojson_int(g, (int64_t)rank);
    rg_i_geojson_key(g, "kind");
    rg_i_geojson_string(g, sg->kind == RG_SUGGEST_MEMBER ? "member" : "agreement");
    rg_i_geojson_key(g, "mechanism");
    rg_i_geojson_string_or_null(g, sg->kind == RG_SUGGEST_MEMBER && coord
                                       ? rg_coordination_mechanism_id(coord, sg->mechanism)
                                       : NULL);
    rg_i_geojson_key(g, "step");
    rg_i_geojson_string(g, rg_regions_id(o->r, sg->region));
    rg_i_geojson_key(g, "role");
    rg_i_geojson_string(g, role);
    rg_i_geojson_key(g, "gain");
    rg_i_geojson_real(g, sg->gain);
    rg_i_geojson_key(g, "explanation");
    rg_i_geojson_string(g, why);
}

static rg_status put_step(out *o, const char *list, size_t rank, const rg_suggestion *sg)
{
    rg_i_geojson *g = &o->g;
    char *why = rg_suggest_explain(o->graph, sg);
    size_t k, a, b;
    rg_status st = RG_OK;
    if (!why)
        return RG_I_NOMEM();
    for (k = 0; k < sg->nregions && st == RG_OK; k++) {
        put_step_properties(o, list, rank, sg, why, "region");
        rg_i_geojson_key(g, "id");
        rg_i_geojson_string(g, rg_regions_id(o->r, sg->regions[k]));
        rg_i_geojson_key(g, "name");
        rg_i_geojson_string(g, rg_regions_name(o->r, sg->regions[k]));
        rg_i_geojson_puts(g, "},\"geometry\":");
        if ((st = rg_i_geojson_region_geometry(g, o->r, sg->regions[k])) == RG_OK)
            rg_i_geojson_end_feature(g);
    }
    for (k = 0; k < sg->nclosed && st == RG_OK; k++) {
        double km;
        rg_adjacency_pair(o->adj, sg->closed[k], &a, &b, &km, NULL);
        put_step_properties(o, list, rank, sg, why, "border");
        rg_i_geojson_key(g, "id_a");
        rg_i_geojson_string(g, rg_regions_id(o->r, a));
        rg_i_geojson_key(g, "id_b");
        rg_i_geojson_string(g, rg_regions_id(o->r, b));
        rg_i_geojson_key(g, "name_a");
        rg_i_geojson_string(g, rg_regions_name(o->r, a));
        rg_i_geojson_key(g, "name_b");
        rg_i_geojson_string(g, rg_regions_name(o->r, b));
        rg_i_geojson_key(g, "km");
        rg_i_geojson_real(g, km);
        rg_i_geojson_puts(g, "},\"geometry\":");
        if ((st = rg_i_geojson_border_geometry(g, o->adj, sg->closed[k])) == RG_OK)
            rg_i_geojson_end_feature(g);
    }
    free(why);
    return st;
}

static size_t first_n(size_t top, size_t count)
{
    return top == 0 || top > count ? count : top;
}

static rg_status put_all(out *o, const rg_suggest *sg, size_t top)
{
    const rg_coordination *coord = rg_graph_coordination(o->graph);
    size_t nm = coord ? rg_coordination_mechanism_count(coord) : 0, m, k;
    rg_status st = RG_OK;
    for (m = 0; m < nm; m++)
        for (k = 0; k < first_n(top, rg_suggest_member_count(sg, m)) && st == RG_OK; k++)
            st = put_step(o, "member", k + 1, rg_suggest_member(sg, m, k));
    for (k = 0; k < first_n(top, rg_suggest_agreement_count(sg)) && st == RG_OK; k++)
        st = put_step(o, "agreement", k + 1, rg_suggest_agreement(sg, k));
    for (k = 0; k < rg_suggest_greedy_count(sg) && st == RG_OK; k++)
        st = put_step(o, "greedy", k + 1, rg_suggest_greedy_step(sg, k));
    for (k = 0; k < rg_suggest_exact_count(sg) && st == RG_OK; k++)
        st = put_step(o, "exact", k + 1, rg_suggest_exact_step(sg, k));
    return st;
}

rg_status rg_export_suggestions_geojson(const rg_graph *graph, const rg_suggest *sg, size_t top,
                                        const char *path)
{
    out o;
    rg_status st;

    rg_i_library_init();
    memset(&o, 0, sizeof o);
    if (!graph || !sg || !path) {
        st = rg_i_error(RG_ERR_ARG, "rg_export_suggestions_geojson: a graph, the suggestions and "
                                    "a path are required");
        goto cleanup;
    }
    o.graph = graph;
    o.r = rg_graph_regions(graph);
    o.adj = rg_graph_adjacency(graph);
    /* the default options: 7 decimals (about 1 cm), no bbox */
    if ((st = rg_i_geojson_open(&o.g, path, rg_regions_crs_wkt(o.r), NULL)) != RG_OK)
        goto cleanup;
    if ((st = put_all(&o, sg, top)) != RG_OK)
        rg_i_error_prefix(st, path);
cleanup:
    return rg_i_geojson_close(&o.g, st, path);
}
