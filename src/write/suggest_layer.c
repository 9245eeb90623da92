/* suggestions.geojson: the regions each suggested step proposes, and beside it the borders it
 * would close (suggestions_borders.geojson) and the corner contacts it would close
 * (suggestions_contacts.geojson): GeoJSON (RFC 7946, lon/lat WGS84) of one geometry type per
 * file, as the export's layers, through the library's one GeoJSON writer (geojson_internal.h). */
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "regiongraph/suggest_layer.h"
#include "write/geojson_internal.h"

typedef struct out {
    rg_i_geojson regions;  /* MultiPolygons */
    rg_i_geojson borders;  /* MultiLineStrings */
    rg_i_geojson contacts; /* MultiPoints: pairs that meet in points only */
    const rg_graph *graph;
    const rg_regions *r;
    const rg_adjacency *adj;
} out;

/* The feature's opening in g and the properties of its step. */
static void put_step_properties(out *o, rg_i_geojson *g, const char *list, size_t rank,
                                const rg_suggestion *sg, const char *why, const char *role)
{
    const rg_coordination *coord = rg_graph_coordination(o->graph);
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
    rg_i_geojson *g = &o->regions;
    char *why = rg_suggest_explain(o->graph, sg);
    size_t k, a, b;
    rg_status st = RG_OK;
    if (!why)
        return RG_I_NOMEM();
    for (k = 0; k < sg->nregions && st == RG_OK; k++) {
        put_step_properties(o, g, list, rank, sg, why, "region");
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
        g = rg_i_geojson_border_is_points(o->adj, sg->closed[k]) ? &o->contacts : &o->borders;
        rg_adjacency_pair(o->adj, sg->closed[k], &a, &b, &km, NULL);
        put_step_properties(o, g, list, rank, sg, why, "border");
        rg_i_geojson_char(g, ',');
        rg_i_geojson_pair_names(g, rg_regions_id(o->r, a), rg_regions_id(o->r, b),
                                rg_regions_name(o->r, a), rg_regions_name(o->r, b));
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
    char *borders = NULL, *contacts = NULL;
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
    if (!(borders = rg_export_sibling_path(path, "borders")) ||
        !(contacts = rg_export_sibling_path(path, "contacts"))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* the default options: 7 decimals (about 1 cm), no bbox */
    if ((st = rg_i_geojson_open(&o.regions, path, rg_regions_crs_wkt(o.r), NULL)) != RG_OK ||
        (st = rg_i_geojson_open(&o.borders, borders, rg_regions_crs_wkt(o.r), NULL)) != RG_OK ||
        (st = rg_i_geojson_open(&o.contacts, contacts, rg_regions_crs_wkt(o.r), NULL)) != RG_OK)
        goto cleanup;
    if ((st = put_all(&o, sg, top)) != RG_OK)
        rg_i_error_prefix(st, path);
cleanup:
    /* the siblings first: a failure there still removes the regions, not yet in place */
    if (contacts)
        st = rg_i_geojson_close(&o.contacts, st, contacts);
    if (borders)
        st = rg_i_geojson_close(&o.borders, st, borders);
    st = rg_i_geojson_close(&o.regions, st, path);
    free(borders);
    free(contacts);
    return st;
}
