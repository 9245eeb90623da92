/* Building a graph from a project: read each layer, find its contiguity, merge the hierarchy,
 * attach coordination; the settings come typed from the project and the options. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "geom/crs_internal.h"
#include "geom/diagnose_internal.h"
#include "graph/build_internal.h"
#include "model/adjacency_internal.h"
#include "model/coordination_internal.h"
#include "regiongraph/build.h"
#include "regiongraph/coordination.h"

static void progress(const rg_build_options *o, const char *fmt, ...) RG_I_PRINTF(2, 3);

static void progress(const rg_build_options *o, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    if (!o->progress)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    o->progress(msg, o->progress_data);
}

/* The settings a build applies: each option when set, else the project's, else the default. */
typedef struct settings {
    rg_contiguity kind;
    int geodesic;
    double snap, near;
    rg_unit snap_unit, near_unit;
    int near_given;
    size_t islands;
} settings;

static int valid_distance(double value)
{
    return value >= 0 && isfinite(value);
}

static rg_status resolve_settings(const rg_project *p, const rg_build_options *o, settings *s)
{
    rg_status st = RG_OK;
    s->kind = o->contiguity_set ? o->contiguity
              : p->contiguity_set ? p->contiguity
                                  : RG_CONTIGUITY_QUEEN;
    s->geodesic = o->geodesic || p->lengths == RG_LENGTHS_GEODESIC;
    s->snap = o->snap_set ? o->snap : p->snap_set ? p->snap : 0;
    s->snap_unit = o->snap_set ? o->snap_unit : p->snap_set ? p->snap_unit : RG_UNIT_MAP;
    s->near_given = o->near_set || p->near_set;
    s->near = o->near_set ? o->near : p->near_set ? p->near : 0;
    s->near_unit = o->near_set ? o->near_unit : p->near_set ? p->near_unit : RG_UNIT_MAP;
    s->islands = o->islands_set ? o->islands : p->islands_set ? p->islands : 0;
    /* Values filled by hand (not by rg_project_read() or rg_distance_parse()) are checked. */
    if (!rg_contiguity_name(s->kind))
        st = rg_i_error(RG_ERR_ARG, "%s: contiguity must be queen or rook",
                        p->path ? p->path : "project");
    else if (!valid_distance(s->snap))
        st = rg_i_error(RG_ERR_ARG, "snap must be a finite distance of at least 0");
    else if (!valid_distance(s->near))
        st = rg_i_error(RG_ERR_ARG, "near must be a finite distance of at least 0");
    return st;
}

/* Contiguity of one level, its island links and its diagnostics (per the settings). */
/* A tolerance wider than the whole layer makes every pair of regions touch, and the tolerant
 * search then runs for minutes over every pair: refused, with the layer's size. */
static rg_status check_snap(const rg_regions *regions, const char *name, double snap_layer,
                            double per_km, const char *unit)
{
    const double *xy = rg_regions_xy(regions);
    size_t k, n = rg_regions_point_count(regions);
    double box[4] = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL}, extent;
    for (k = 0; k < n; k++) {
        box[0] = xy[2 * k] < box[0] ? xy[2 * k] : box[0];
        box[1] = xy[2 * k + 1] < box[1] ? xy[2 * k + 1] : box[1];
        box[2] = xy[2 * k] > box[2] ? xy[2 * k] : box[2];
        box[3] = xy[2 * k + 1] > box[3] ? xy[2 * k + 1] : box[3];
    }
    extent = box[2] - box[0] > box[3] - box[1] ? box[2] - box[0] : box[3] - box[1];
    if (rg_regions_crs_is_geographic(regions))
        extent *= 111320.0; /* tolerances of lon/lat layers are metres: a degree, at most */
    if (n == 0 || !(snap_layer >= extent))
        return RG_OK;
    return rg_i_error(RG_ERR_ARG, "snap tolerance %.6g %s is as large as the whole of %s (%.6g "
                      "%s across): every pair of regions would touch; give a tolerance of %s",
                      snap_layer / per_km, unit, name,
                      extent / per_km, unit,
                      strcmp(unit, "km") ? "a small fraction of a region's width" :
                      "a few metres to a few hundred");
}

static rg_status level_contiguity(const rg_regions *regions, const char *name,
                                  const char *file, size_t first,
                                  const settings *set, const rg_build_options *o,
                                  rg_adjacency **out, rg_level_diagnostics *diag,
                                  rg_i_later_level *later, rg_build_result *result)
{
    rg_contiguity_options co = {0};
    const char *kind = rg_contiguity_name(set->kind);
    /* a layer without a CRS whose coordinates are not lon/lat: its unit is unknown, and its
     * "km" (per_km below) are map units */
    int mu = rg_i_crs_wkt_map_units(rg_regions_crs_wkt(regions));
    const char *unit = mu ? "map units" : "km";
    double per_km, snap_layer = 0, near_layer = 0, t;
    rg_status st;

    *out = NULL;
    /* A metre of a map in unknown units would silently be a thousandth of a map unit: refused,
     * as no length with a unit can be converted into map units. */
    if (mu && ((set->snap > 0 && set->snap_unit == RG_UNIT_METRE) ||
               (set->near_given && set->near_unit == RG_UNIT_METRE))) {
        const char *opt = set->snap > 0 && set->snap_unit == RG_UNIT_METRE ? "--snap" : "--near";
        st = rg_i_error(RG_ERR_ARG, "%s: %s with a unit (m, km) on a map whose units are "
                        "unknown (no CRS, coordinates not lon/lat): give a bare number of map "
                        "units (e.g. %s 20), or declare the CRS with --s_srs",
                        file, opt, opt);
        goto cleanup;
    }
    /* Working units per km: the factor that turns the layer's distances into km for reports. */
    if ((st = rg_distance_to_layer(regions, 1000.0, RG_UNIT_METRE, &per_km)) != RG_OK)
        goto cleanup;
    if (set->snap > 0 &&
        (st = rg_distance_to_layer(regions, set->snap, set->snap_unit, &snap_layer)) != RG_OK)
        goto cleanup;
    if (snap_layer > 0 && (st = check_snap(regions, name, snap_layer, per_km, unit)) != RG_OK)
        goto cleanup;
    co.kind = set->kind;
    co.flags = set->geodesic ? RG_CONTIGUITY_GEODESIC : 0;
    co.snap = snap_layer;
    co.progress = o->fraction;
    co.progress_data = o->progress_data;
    if (snap_layer > 0)
        progress(o, "finding %s contiguity of %zu regions (%s) within %.6g %s", kind,
                 rg_regions_count(regions), name,
                 snap_layer < per_km && !mu ? 1000 * snap_layer / per_km : snap_layer / per_km,
                 mu ? unit : snap_layer < per_km ? "m" : "km");
    else
        progress(o, "finding %s contiguity of %zu regions (%s)", kind, rg_regions_count(regions),
                 name);
    if ((st = rg_contiguity_build(regions, &co, out)) != RG_OK)
        goto cleanup;
    if (set->islands > 0) {
        progress(o, "linking the regions of %s without neighbours to their %zu nearest", name,
                 set->islands);
        if ((st = rg_adjacency_link_islands(regions, out, set->islands)) != RG_OK)
            goto cleanup;
    }
    if (o->diagnose) {
        /* The default radius: ten times the tolerance, or 1 km in exact mode, so that the
         * misses a tolerance would be chosen for (metres to hundreds of metres) show, but no
         * more than a tenth of the typical region: a slip is thinner than the regions. */
        if (set->near_given)
            st = rg_distance_to_layer(regions, set->near, set->near_unit, &near_layer);
        else
            st = rg_contiguity_default_near(regions, snap_layer, &near_layer);
        if (st != RG_OK)
            goto cleanup;
        if (!(near_layer > snap_layer)) {
            st = rg_i_error(RG_ERR_ARG, "%s: the near-miss radius (%.6g %s) must be larger than "
                            "the tolerance (%.6g %s)", name, near_layer / per_km, unit,
                            snap_layer / per_km, unit);
            goto cleanup;
        }
        diag->first = first;
        diag->snap_km = snap_layer / per_km;
        diag->near_km = near_layer / per_km;
        if (later) {
            /* left for rg_build_diagnose() or rg_build_write(), with the radius found here */
            later->snap = snap_layer;
            later->near = near_layer;
            if (!(later->name = rg_i_strdup(name)))
                st = RG_I_NOMEM();
            goto cleanup;
        }
        progress(o, "looking for near misses, overlaps and isolated regions (%s)", name);
        t = rg_i_now();
        if ((st = rg_i_contiguity_diagnose(regions, *out, snap_layer, near_layer, o->fraction,
                                           o->progress_data, &diag->diagnostics)) != RG_OK)
            goto cleanup;
        result->seconds_diagnostics += rg_i_now() - t;
    }
cleanup:
    if (st != RG_OK) {
        rg_adjacency_free(*out);
        *out = NULL;
    }
    return st;
}

rg_status rg_build_project(const rg_project *p, const rg_build_options *options, rg_graph **out,
                           rg_build_result *result)
{
    const rg_build_options none = {0};
    const rg_build_options *o = options ? options : &none;
    rg_build_result scratch = {0};
    rg_build_result *r = result ? result : &scratch;
    rg_regions **levels = NULL, *merged = NULL;
    rg_adjacency **parts = NULL, *adjacency = NULL;
    rg_coordination *coord = NULL;
    rg_graph *graph = NULL;
    const char **names = NULL, **parents = NULL;
    size_t *offsets = NULL, k, total = 0;
    settings set = {0};
    const char *level;
    rg_status st;
    double t, diag_before;
    /* Diagnostics left for later: only a result can carry them, and only a single level, which
     * goes into the graph as it is (merging consumes the levels of a hierarchy). */
    int later = o->diagnose && o->diagnose_later && result && p->nlayers == 1 &&
                !p->layers[0].parent;

    rg_i_library_init();
    *out = NULL;
    rg_build_result_release(r);
    if ((st = resolve_settings(p, o, &set)) != RG_OK)
        goto cleanup;
    r->contiguity = set.kind;
    r->snap = set.snap;
    r->snap_unit = set.snap_unit;
    if (p->nlayers == 0) {
        st = rg_i_error(RG_ERR_DATA, "%s: no [layer] section", p->path ? p->path : "project");
        goto cleanup;
    }
    level = o->level ? o->level : p->level;
    if (level) {
        for (k = 0; k < p->nlayers && strcmp(p->layers[k].name, level) != 0; k++)
            ;
        if (k == p->nlayers) {
            st = rg_i_error(RG_ERR_ARG, "%s: level '%s' is not one of the project's layers",
                            p->path ? p->path : "project", level);
            goto cleanup;
        }
    }
    levels = rg_i_calloc_array(p->nlayers, sizeof *levels);
    parts = rg_i_calloc_array(p->nlayers, sizeof *parts);
    names = rg_i_calloc_array(p->nlayers, sizeof *names);
    parents = rg_i_calloc_array(p->nlayers, sizeof *parents);
    offsets = rg_i_calloc_array(p->nlayers, sizeof *offsets);
    if (!levels || !parts || !names || !parents || !offsets ||
        (o->diagnose &&
         !(r->diagnostics = rg_i_calloc_array(p->nlayers, sizeof *r->diagnostics)))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (o->diagnose)
        r->ndiagnostics = p->nlayers;
    if (later &&
        (!(r->later = calloc(1, sizeof *r->later)) ||
         !(r->later->level = rg_i_calloc_array(p->nlayers, sizeof *r->later->level)))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if (later)
        r->later->n = p->nlayers;
    for (k = 0; k < p->nlayers; k++) {
        const rg_project_layer *l = &p->layers[k];
        rg_read_options ro = {.id_field = l->id, .name_field = l->label, .encoding = l->encoding,
                              .s_srs = l->s_srs};
        names[k] = l->name;
        parents[k] = k > 0 ? l->parent : NULL;
        progress(o, "reading %s", l->file);
        t = rg_i_now();
        if ((st = rg_regions_read(l->file, &ro, &levels[k])) != RG_OK)
            goto cleanup;
        r->seconds_read += rg_i_now() - t;
        t = rg_i_now();
        diag_before = r->seconds_diagnostics;
        if ((st = level_contiguity(levels[k], l->name, l->file, total, &set, o, &parts[k],
                                   o->diagnose ? &r->diagnostics[k] : NULL,
                                   later ? &r->later->level[k] : NULL, r)) != RG_OK)
            goto cleanup;
        r->seconds_contiguity += rg_i_now() - t - r->seconds_diagnostics + diag_before;
        offsets[k] = total;
        total += rg_regions_count(levels[k]);
    }
    if (p->nlayers == 1 && !p->layers[0].parent) {
        merged = levels[0];
        levels[0] = NULL;
        adjacency = parts[0];
        parts[0] = NULL;
    } else {
        st = rg_regions_merge_levels(levels, names, parents, p->nlayers, &merged);
        if (st != RG_OK)
            goto cleanup;
        if ((st = rg_i_adjacency_merge(parts, offsets, p->nlayers, &adjacency)) != RG_OK)
            goto cleanup;
    }
    st = rg_graph_new(merged, adjacency, &graph);
    merged = NULL;
    adjacency = NULL;
    if (st != RG_OK)
        goto cleanup;
    if (level && (st = rg_graph_set_default_level(graph, level)) != RG_OK)
        goto cleanup;
    if (p->mechanisms || p->members) {
        if (!p->mechanisms || !p->members) {
            st = rg_i_error(RG_ERR_ARG, "%s: coordination needs both a mechanisms and a members file",
                            p->path ? p->path : "project");
            goto cleanup;
        }
        progress(o, "reading coordination data %s, %s%s%s", p->mechanisms, p->members,
                 p->agencies ? ", " : "", p->agencies ? p->agencies : "");
        t = rg_i_now();
        if ((st = rg_coordination_read(p->mechanisms, p->members, p->agencies, &coord)) != RG_OK)
            goto cleanup;
        if (p->agency_layer) {
            progress(o, "reading agencies from %s", p->agency_layer);
            if ((st = rg_coordination_add_agency_layer(coord, p->agency_layer, p->agency_id,
                                                       p->agency_name, p->agency_level,
                                                       p->agency_level_default,
                                                       p->agency_jurisdiction)) != RG_OK)
                goto cleanup;
        }
        st = rg_graph_set_coordination(graph, coord);
        coord = NULL;
        if (st != RG_OK)
            goto cleanup;
        rg_i_coordination_warn_levels(rg_graph_coordination(graph), rg_graph_regions(graph));
        r->seconds_coordination = rg_i_now() - t;
    }
    /* The summaries are for the caller only: a build without a result skips them; with
     * diagnostics left for later, they wait for them. */
    if (result && !later && (st = rg_i_build_summarise(graph, result)) != RG_OK)
        goto cleanup;
    *out = graph;
    graph = NULL;
cleanup:
    if (levels)
        for (k = 0; k < p->nlayers; k++)
            rg_regions_free(levels[k]);
    if (parts)
        for (k = 0; k < p->nlayers; k++)
            rg_adjacency_free(parts[k]);
    free(levels);
    free(parts);
    free(names);
    free(parents);
    free(offsets);
    rg_regions_free(merged);
    rg_adjacency_free(adjacency);
    rg_coordination_free(coord);
    rg_graph_free(graph);
    if (st != RG_OK || !result)
        rg_build_result_release(r);
    return st;
}
