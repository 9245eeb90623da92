/* The one-line explanations of suggested steps: which borders a step closes, what it opens. */
#include <stdio.h>
#include <stdlib.h>

#include "geom/crs_internal.h"
#include "regiongraph/suggest.h"

/* Borders named in an explanation before "and N more". */
#define NAMED_BORDERS 5

static const char *mechanism_id(const rg_graph *graph, size_t m)
{
    const rg_coordination *coord = rg_graph_coordination(graph);
    return coord ? rg_coordination_mechanism_id(coord, m) : "?";
}

char *rg_suggest_explain(const rg_graph *graph, const rg_suggestion *sg)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_adjacency *adj = rg_graph_adjacency(graph);
    /* a map without a CRS whose coordinates are not lon/lat measures in map units, not km */
    const char *u = rg_i_crs_wkt_map_units(rg_regions_crs_wkt(r)) ? "map units" : "km";
    char *text = NULL;
    size_t len = 0, k, a, b;
    FILE *fp = open_memstream(&text, &len);
    if (!fp)
        return NULL;
    if (sg->kind == RG_SUGGEST_MEMBER && sg->nregions == 1 &&
        sg->regions[0] == sg->region) {
        fprintf(fp, "%s joins %s: coordinates %zu border%s (%.1f %s) with ",
                rg_regions_name(r, sg->region), mechanism_id(graph, sg->mechanism), sg->pairs,
                sg->pairs == 1 ? "" : "s", sg->km, u);
        for (k = 0; k < sg->nclosed && k < NAMED_BORDERS; k++) {
            double km;
            rg_adjacency_pair(adj, sg->closed[k], &a, &b, &km, NULL);
            fprintf(fp, "%s%s (%.1f %s)", k ? ", " : "",
                    rg_regions_name(r, a == sg->region ? b : a), km, u);
        }
    } else {
        if (sg->kind == RG_SUGGEST_MEMBER)
            fprintf(fp, "%s brings %zu regions into %s: ", rg_regions_name(r, sg->region),
                    sg->nregions, mechanism_id(graph, sg->mechanism));
        else {
            fputs("an agreement of ", fp);
            for (k = 0; k < sg->nregions; k++)
                fprintf(fp, "%s%s", k == 0 ? "" : k + 1 == sg->nregions ? " and " : ", ",
                        rg_regions_name(r, sg->regions[k]));
            fputs(": ", fp);
        }
        fprintf(fp, "coordinates %zu border%s (%.1f %s)", sg->pairs, sg->pairs == 1 ? "" : "s",
                sg->km, u);
        if (sg->kind == RG_SUGGEST_MEMBER)
            fprintf(fp, ", %zu of them with its regions (%.1f %s)", sg->frontier_pairs,
                    sg->frontier_km, u);
        fputs(": ", fp);
        for (k = 0; k < sg->nclosed && k < NAMED_BORDERS; k++) {
            double km;
            rg_adjacency_pair(adj, sg->closed[k], &a, &b, &km, NULL);
            fprintf(fp, "%s%s-%s (%.1f %s)", k ? ", " : "", rg_regions_name(r, a),
                    rg_regions_name(r, b), km, u);
        }
    }
    if (sg->nclosed > NAMED_BORDERS)
        fprintf(fp, " and %zu more", sg->nclosed - NAMED_BORDERS);
    if (sg->kind == RG_SUGGEST_MEMBER) {
        fprintf(fp, "; opens %.1f %s of new frontier", sg->opened_km, u);
        if (sg->pieces_joined >= 2)
            fprintf(fp, "; joins %zu of its pieces", sg->pieces_joined);
    }
    if (fclose(fp) != 0) {
        free(text);
        return NULL;
    }
    return text;
}
