/* The per-mechanism layers of an export: mechanisms.geojson (each mechanism's covered area
 * dissolved into its pieces) and links.geojson (each mechanism's members joined as a star from
 * a central member, or all pairs when there are at most RG_LINKS_COMPLETE_MAX of them). */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <ogr_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "regiongraph/export.h"
#include "regiongraph/frontier.h"
#include "regiongraph/point.h"
#include "write/coverage_union_internal.h"
#include "write/geojson_internal.h"

/* A drawn end of a link: a covered region's representative point or a located agency. */
typedef struct end {
    int agency;
    size_t index;
    double xy[2];
} end;

static const char *end_id(const rg_graph *graph, const end *e)
{
    return e->agency ? rg_coordination_agency_id(rg_graph_coordination(graph), e->index)
                     : rg_regions_id(rg_graph_regions(graph), e->index);
}

static const char *end_name(const rg_graph *graph, const end *e)
{
    return e->agency ? rg_coordination_agency_name(rg_graph_coordination(graph), e->index)
                     : rg_regions_name(rg_graph_regions(graph), e->index);
}

/* The ends of mechanism m into *ends (grown as needed); *count gets their number. */
static rg_status mechanism_ends(const rg_graph *graph, const rg_coverage *coverage,
                                rg_i_to_wgs84 *t, size_t m, end **ends, size_t *cap,
                                size_t *count)
{
    const rg_regions *r = rg_graph_regions(graph);
    const rg_coordination *coord = rg_graph_coordination(graph);
    const size_t *poly_start = rg_regions_poly_start(r);
    size_t nreg, k, n = 0;
    const size_t *regions = rg_coverage_mechanism_regions(coverage, m, &nreg);
    rg_status st = RG_OK;

    for (k = 0; k < nreg; k++) {
        size_t i = regions[k];
        double p[2];
        if (poly_start[i] == poly_start[i + 1])
            continue; /* no geometry, nowhere to draw */
        if ((st = rg_region_representative_point(r, i, &p[0], &p[1])) != RG_OK ||
            (t && (st = rg_i_to_wgs84_apply(t, p, 1)) != RG_OK))
            goto cleanup;
        if (!rg_i_reserve((void **)ends, cap, n + 1, sizeof **ends)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        (*ends)[n++] = (end){0, i, {p[0], p[1]}};
    }
    for (k = 0; k < rg_coordination_member_count(coord, m); k++) {
        long a = rg_coordination_agency_index(coord, rg_coordination_member_id(coord, m, k));
        double lon, lat;
        if (a < 0 || !rg_coordination_agency_location(coord, (size_t)a, &lon, &lat))
            continue;
        if (!rg_i_reserve((void **)ends, cap, n + 1, sizeof **ends)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        (*ends)[n++] = (end){1, (size_t)a, {lon, lat}};
    }
cleanup:
    *count = n;
    return st;
}

/* The hub of a star: the end nearest to the mean of all ends (first one on ties), so that the
 * star radiates from the middle of the mechanism rather than from its first member. */
static size_t hub(const end *ends, size_t n)
{
    double mx = 0, my = 0, best = INFINITY;
    size_t k, h = 0;
    for (k = 0; k < n; k++) {
        mx += ends[k].xy[0];
        my += ends[k].xy[1];
    }
    mx /= (double)n;
    my /= (double)n;
    for (k = 0; k < n; k++) {
        double dx = (ends[k].xy[0] - mx) * cos(my * M_PI / 180), dy = ends[k].xy[1] - my;
        if (dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            h = k;
        }
    }
    return h;
}

static void put_link(rg_i_geojson *out, const rg_graph *graph, size_t m, int star,
                     const end *a, const end *b)
{
    const rg_coordination *coord = rg_graph_coordination(graph);
    double line[4] = {a->xy[0], a->xy[1], b->xy[0], b->xy[1]};
    rg_i_geojson_begin_feature(out);
    rg_i_geojson_pair_names(out, end_id(graph, a), end_id(graph, b), end_name(graph, a),
                            end_name(graph, b));
    rg_i_geojson_key(out, "kind_a");
    rg_i_geojson_puts(out, a->agency ? "\"agency\"" : "\"region\"");
    rg_i_geojson_key(out, "kind_b");
    rg_i_geojson_puts(out, b->agency ? "\"agency\"" : "\"region\"");
    rg_i_geojson_key(out, "mechanism");
    rg_i_geojson_string(out, rg_coordination_mechanism_id(coord, m));
    rg_i_geojson_key(out, "drawn_as");
    rg_i_geojson_puts(out, star ? "\"star\"" : "\"complete\"");
    rg_i_geojson_mechanism_dates(out, coord, m);
    rg_i_geojson_puts(out, "},\"geometry\":");
    rg_i_geojson_multiline_geometry(out, line, 2);
    rg_i_geojson_end_feature(out);
}

rg_status rg_export_mechanism_links_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                            const char *path, size_t *written)
{
    rg_i_geojson out;
    const rg_regions *r = rg_graph_regions(graph);
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t nm = coord ? rg_coordination_mechanism_count(coord) : 0, m, cap = 0, n, a, b;
    size_t lines = 0;
    end *ends = NULL;
    rg_status st;

    rg_i_library_init();
    memset(&out, 0, sizeof out);
    if ((st = rg_i_geojson_open(&out, path, rg_regions_crs_wkt(r), rg_i_geojson_layer_options())) !=
        RG_OK)
        goto cleanup;
    for (m = 0; m < nm && !out.failed; m++) {
        if ((st = mechanism_ends(graph, coverage, out.t, m, &ends, &cap, &n)) != RG_OK) {
            rg_i_error_prefix(st, path);
            goto cleanup;
        }
        if (n <= RG_LINKS_COMPLETE_MAX) {
            for (a = 0; a < n; a++)
                for (b = a + 1; b < n; b++, lines++)
                    put_link(&out, graph, m, 0, &ends[a], &ends[b]);
        } else {
            size_t h = hub(ends, n);
            for (b = 0; b < n; b++)
                if (b != h) {
                    put_link(&out, graph, m, 1, &ends[h], &ends[b]);
                    lines++;
                }
        }
    }
cleanup:
    free(ends);
    if (written)
        *written = lines;
    return rg_i_geojson_close(&out, st, path);
}

/* Region i's polygons added to multi (in the layer's CRS). */
static int add_region(OGRGeometryH multi, const rg_regions *r, size_t i)
{
    const size_t *ps = rg_regions_poly_start(r), *rs = rg_regions_ring_start(r);
    const size_t *pts = rg_regions_pt_start(r);
    const double *xy = rg_regions_xy(r);
    for (size_t p = ps[i]; p < ps[i + 1]; p++) {
        OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
        for (size_t q = rs[p]; q < rs[p + 1]; q++) {
            OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
            size_t np = pts[q + 1] - pts[q];
            OGR_G_SetPoints(ring, (int)np, xy + 2 * pts[q], 2 * sizeof(double),
                            xy + 2 * pts[q] + 1, 2 * sizeof(double), NULL, 0);
            OGR_G_AddGeometryDirectly(poly, ring);
        }
        if (OGR_G_AddGeometryDirectly(multi, poly) != OGRERR_NONE)
            return 0;
    }
    return 1;
}

/* The covered area of mechanism m into *out (in the layer's CRS; empty when it covers no region
 * with geometry): our coverage dissolve when its regions share their edges exactly, else their
 * cascaded union through OGR, whose rings are then taken out into the same arrays. */
static rg_status dissolve(const rg_graph *graph, const rg_coverage *coverage, size_t m,
                          rg_i_polygons *out)
{
    const rg_regions *r = rg_graph_regions(graph);
    const size_t *ps = rg_regions_poly_start(r);
    size_t nreg, k, polys = 0;
    const size_t *regions = rg_coverage_mechanism_regions(coverage, m, &nreg);
    OGRGeometryH multi = NULL, u = NULL;
    rg_status st = RG_OK;
    int ok;
    rg_i_polygons_clear(out);
    for (k = 0; k < nreg; k++)
        polys += ps[regions[k] + 1] - ps[regions[k]];
    if (polys == 0)
        goto cleanup;
    if ((ok = rg_i_coverage_union(r, regions, nreg, out)) < 0) {
        st = RG_ERR_NOMEM;
        goto cleanup;
    }
    if (ok)
        goto cleanup;
    /* Any other input goes through the cascaded union, whose OGR copy of the polygons is made
     * only then. */
    CPLErrorReset();
    multi = OGR_G_CreateGeometry(wkbMultiPolygon);
    for (k = 0; k < nreg; k++)
        add_region(multi, r, regions[k]);
    if (!(u = OGR_G_UnionCascaded(multi))) {
        /* invalid rings (a self-touching shapefile ring) can stop GEOS: repair, retry */
        OGRGeometryH valid = OGR_G_MakeValid(multi);
        if (valid)
            u = OGR_G_UnionCascaded(valid);
        OGR_G_DestroyGeometry(valid);
    }
    if (!u) {
        st = rg_i_error_gdal(RG_ERR_FORMAT, rg_coordination_mechanism_id(
                                                rg_graph_coordination(graph), m));
        goto cleanup;
    }
    if (!rg_i_polygons_from_ogr(u, out))
        st = RG_ERR_NOMEM;
cleanup:
    OGR_G_DestroyGeometry(multi);
    OGR_G_DestroyGeometry(u);
    return st;
}

rg_status rg_export_mechanisms_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                       const char *path)
{
    rg_i_geojson out;
    const rg_regions *r = rg_graph_regions(graph);
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t nm = coord ? rg_coordination_mechanism_count(coord) : 0, m;
    rg_frontier *frontier = NULL;
    rg_i_polygons g;
    rg_status st;

    rg_i_library_init();
    memset(&out, 0, sizeof out);
    memset(&g, 0, sizeof g);
    if ((st = rg_frontier_compute(graph, rg_coverage_level_name(coverage), &frontier)) != RG_OK ||
        (st = rg_i_geojson_open(&out, path, rg_regions_crs_wkt(r), rg_i_geojson_layer_options())) !=
            RG_OK)
        goto cleanup;
    for (m = 0; m < nm && !out.failed; m++) {
        rg_mechanism_coverage mc;
        rg_mechanism_frontier mf;
        int year = rg_coordination_mechanism_year(coord, m);
        rg_coverage_mechanism(coverage, m, &mc);
        rg_frontier_mechanism(frontier, m, &mf);
        if ((st = dissolve(graph, coverage, m, &g)) != RG_OK) {
            rg_i_error_prefix(st, path);
            goto cleanup;
        }
        rg_i_geojson_begin_feature(&out);
        rg_i_geojson_puts(&out, "\"id\":");
        rg_i_geojson_string(&out, rg_coordination_mechanism_id(coord, m));
        rg_i_geojson_key(&out, "name");
        rg_i_geojson_string_or_null(&out, rg_coordination_mechanism_name(coord, m));
        rg_i_geojson_key(&out, "kind");
        rg_i_geojson_string_or_null(&out, rg_coordination_mechanism_kind(coord, m));
        rg_i_geojson_key(&out, "year");
        if (year)
            rg_i_geojson_int(&out, year);
        else
            rg_i_geojson_puts(&out, "null");
        rg_i_geojson_mechanism_dates(&out, coord, m);
        rg_i_geojson_key(&out, "members");
        rg_i_geojson_int(&out, (int64_t)(mc.region_members + mc.agency_members));
        rg_i_geojson_key(&out, "covered");
        rg_i_geojson_int(&out, (int64_t)mc.covered);
        rg_i_geojson_key(&out, "pieces");
        rg_i_geojson_int(&out, (int64_t)mc.pieces);
        rg_i_geojson_key(&out, "outer_km");
        rg_i_geojson_real(&out, mc.outer_km);
        rg_i_geojson_key(&out, "frontier_km");
        rg_i_geojson_real(&out, mf.km);
        rg_i_geojson_key(&out, "frontier_gap_km");
        rg_i_geojson_real(&out, mf.gap_km);
        rg_i_geojson_puts(&out, "},\"geometry\":");
        if ((st = rg_i_geojson_polygons_geometry(&out, "mechanism",
                                                 rg_coordination_mechanism_id(coord, m), g.xy,
                                                 g.ring, g.poly, g.npolys)) != RG_OK) {
            rg_i_error_prefix(st, path);
            goto cleanup;
        }
        rg_i_geojson_end_feature(&out);
    }
cleanup:
    rg_i_polygons_release(&g);
    rg_frontier_free(frontier);
    return rg_i_geojson_close(&out, st, path);
}

rg_status rg_export_coverage_table_geojson(const rg_graph *graph, const rg_coverage *coverage,
                                           const char *path)
{
    rg_i_geojson out;
    const rg_regions *r = rg_graph_regions(graph);
    const rg_coordination *coord = rg_graph_coordination(graph);
    size_t nm = coord ? rg_coordination_mechanism_count(coord) : 0, m, k, count;
    rg_status st;

    rg_i_library_init();
    memset(&out, 0, sizeof out);
    if ((st = rg_i_geojson_open(&out, path, NULL, rg_i_geojson_layer_options())) != RG_OK)
        goto cleanup;
    for (m = 0; m < nm && !out.failed; m++) {
        const size_t *regions = rg_coverage_mechanism_regions(coverage, m, &count);
        for (k = 0; k < count; k++) {
            rg_i_geojson_begin_feature(&out);
            rg_i_geojson_puts(&out, "\"mechanism\":");
            rg_i_geojson_string(&out, rg_coordination_mechanism_id(coord, m));
            rg_i_geojson_key(&out, "region");
            rg_i_geojson_string(&out, rg_regions_id(r, regions[k]));
            rg_i_geojson_key(&out, "via");
            rg_i_geojson_string_or_null(&out, rg_coverage_via(coverage, graph, m, regions[k]));
            rg_i_geojson_mechanism_dates(&out, coord, m);
            rg_i_geojson_puts(&out, "},\"geometry\":");
            rg_i_geojson_extent_reset(&out.s);
            rg_i_geojson_null_geometry(&out);
            rg_i_geojson_end_feature(&out);
        }
    }
cleanup:
    return rg_i_geojson_close(&out, st, path);
}
