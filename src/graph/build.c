/* Building a graph from a project: read each layer, find its contiguity, merge the hierarchy,
 * attach coordination. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/adjacency_internal.h"
#include "regiongraph/build.h"
#include "regiongraph/coordination.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void progress(rg_build_options *o, const char *fmt, ...) RG_I_PRINTF(2, 3);

static void progress(rg_build_options *o, const char *fmt, ...)
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

static rg_status parse_contiguity(const rg_project *p, rg_build_options *o, rg_contiguity *kind)
{
    if (o->contiguity_set) {
        *kind = o->contiguity;
        return RG_OK;
    }
    if (!p->contiguity || strcmp(p->contiguity, "queen") == 0)
        *kind = RG_CONTIGUITY_QUEEN;
    else if (strcmp(p->contiguity, "rook") == 0)
        *kind = RG_CONTIGUITY_ROOK;
    else
        return rg_i_error(RG_ERR_DATA, "%s: contiguity must be queen or rook, not '%s'", p->path,
                          p->contiguity);
    return RG_OK;
}

/* The tolerance (or near radius) of the build: the option when set, else the project's key. */
static rg_status parse_distance(const rg_project *p, const char *key, const char *text, int set,
                                double value, rg_unit unit, double *out_value, rg_unit *out_unit)
{
    rg_status st;
    *out_value = value;
    *out_unit = unit;
    if (set || !text) {
        if (!set)
            *out_value = 0;
        if (!(*out_value >= 0) || !isfinite(*out_value))
            return rg_i_error(RG_ERR_ARG, "%s must be a finite distance of at least 0", key);
        return RG_OK;
    }
    if ((st = rg_distance_parse(text, out_value, out_unit)) != RG_OK)
        return rg_i_error(st, "%s: %s must be a distance such as 50m, 0.05km or a number in map "
                          "units, not '%s'", p->path ? p->path : "project", key, text);
    return RG_OK;
}

static rg_status parse_islands(const rg_project *p, const rg_build_options *o, size_t *out)
{
    const char *s = p->islands;
    size_t v = 0;
    *out = o->islands_set ? o->islands : 0;
    if (o->islands_set || !s)
        return RG_OK;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (SIZE_MAX - 9) / 10)
            break;
        v = 10 * v + (size_t)(*s - '0');
    }
    if (*s || !*p->islands)
        return rg_i_error(RG_ERR_DATA, "%s: islands must be a whole number of at least 0, not "
                          "'%s'", p->path ? p->path : "project", p->islands);
    *out = v;
    return RG_OK;
}

void rg_build_options_release(rg_build_options *options)
{
    size_t k;
    if (!options)
        return;
    for (k = 0; k < options->ndiagnostics; k++)
        rg_diagnostics_free(options->diagnostics[k].diagnostics);
    free(options->diagnostics);
    options->diagnostics = NULL;
    options->ndiagnostics = 0;
}

/* Contiguity of level k, its island links and its diagnostics (per the options). */
static rg_status level_contiguity(const rg_regions *regions, const char *name, size_t first,
                                  rg_contiguity kind, int geodesic, double snap, rg_unit snap_unit,
                                  size_t islands, double near, rg_unit near_unit, int near_given,
                                  rg_build_options *o, rg_adjacency **out,
                                  rg_level_diagnostics *diag)
{
    rg_contiguity_options co = {0};
    double per_km, snap_layer = 0, near_layer = 0, t;
    rg_status st;

    *out = NULL;
    /* Working units per km: the factor that turns the layer's distances into km for reports. */
    if ((st = rg_distance_to_layer(regions, 1000.0, RG_UNIT_METRE, &per_km)) != RG_OK)
        goto cleanup;
    if (snap > 0 && (st = rg_distance_to_layer(regions, snap, snap_unit, &snap_layer)) != RG_OK)
        goto cleanup;
    co.kind = kind;
    co.flags = geodesic ? RG_CONTIGUITY_GEODESIC : 0;
    co.snap = snap_layer;
    co.progress = o->fraction;
    co.progress_data = o->progress_data;
    if (snap_layer > 0)
        progress(o, "finding %s contiguity of %zu regions (%s) within %.6g %s",
                 kind == RG_CONTIGUITY_ROOK ? "rook" : "queen", rg_regions_count(regions), name,
                 snap_layer < per_km ? 1000 * snap_layer / per_km : snap_layer / per_km,
                 snap_layer < per_km ? "m" : "km");
    else
        progress(o, "finding %s contiguity of %zu regions (%s)",
                 kind == RG_CONTIGUITY_ROOK ? "rook" : "queen", rg_regions_count(regions), name);
    if ((st = rg_contiguity_build(regions, &co, out)) != RG_OK)
        goto cleanup;
    if (islands > 0) {
        progress(o, "linking the regions of %s without neighbours to their %zu nearest", name,
                 islands);
        if ((st = rg_adjacency_link_islands(regions, out, islands)) != RG_OK)
            goto cleanup;
    }
    if (o->diagnose) {
        /* The default radius: ten times the tolerance, or 1 km in exact mode, so that the
         * misses a tolerance would be chosen for (metres to hundreds of metres) show. */
        if (near_given)
            st = rg_distance_to_layer(regions, near, near_unit, &near_layer);
        else if (snap_layer > 0)
            near_layer = 10 * snap_layer;
        else
            near_layer = per_km;
        if (st != RG_OK)
            goto cleanup;
        if (!(near_layer > snap_layer)) {
            st = rg_i_error(RG_ERR_ARG, "%s: the near-miss radius (%.6g km) must be larger than "
                            "the tolerance (%.6g km)", name, near_layer / per_km,
                            snap_layer / per_km);
            goto cleanup;
        }
        progress(o, "looking for near misses, overlaps and isolated regions (%s)", name);
        t = now();
        if ((st = rg_contiguity_diagnose(regions, *out, snap_layer, near_layer,
                                         &diag->diagnostics)) != RG_OK)
            goto cleanup;
        o->seconds_diagnostics += now() - t;
        diag->first = first;
        diag->snap_km = snap_layer / per_km;
        diag->near_km = near_layer / per_km;
    }
cleanup:
    if (st != RG_OK) {
        rg_adjacency_free(*out);
        *out = NULL;
    }
    return st;
}

rg_status rg_build_project(const rg_project *p, rg_build_options *options, rg_graph **out)
{
    rg_build_options none = {0};
    rg_build_options *o = options ? options : &none;
    rg_regions **levels = NULL, *merged = NULL;
    rg_adjacency **parts = NULL, *adjacency = NULL;
    rg_coordination *coord = NULL;
    rg_graph *graph = NULL;
    const char **names = NULL, **parents = NULL;
    size_t *offsets = NULL, k, total = 0;
    rg_contiguity kind = RG_CONTIGUITY_QUEEN;
    int geodesic;
    const char *level;
    double snap, near;
    rg_unit snap_unit, near_unit;
    size_t islands;
    rg_status st;
    double t, diag_before;

    rg_i_library_init();
    *out = NULL;
    o->seconds_read = o->seconds_contiguity = o->seconds_coordination = 0;
    o->seconds_diagnostics = 0;
    rg_build_options_release(o);
    if ((st = parse_contiguity(p, o, &kind)) != RG_OK ||
        (st = parse_distance(p, "snap", p->snap, o->snap_set, o->snap, o->snap_unit, &snap,
                             &snap_unit)) != RG_OK ||
        (st = parse_distance(p, "near", p->near, o->near_set, o->near, o->near_unit, &near,
                             &near_unit)) != RG_OK ||
        (st = parse_islands(p, o, &islands)) != RG_OK)
        goto cleanup;
    if (p->lengths && strcmp(p->lengths, "geodesic") != 0 && strcmp(p->lengths, "planar") != 0) {
        st = rg_i_error(RG_ERR_DATA, "%s: lengths must be geodesic or planar, not '%s'", p->path,
                        p->lengths);
        goto cleanup;
    }
    geodesic = o->geodesic || (p->lengths && strcmp(p->lengths, "geodesic") == 0);
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
         !(o->diagnostics = rg_i_calloc_array(p->nlayers, sizeof *o->diagnostics)))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (o->diagnose)
        o->ndiagnostics = p->nlayers;
    for (k = 0; k < p->nlayers; k++) {
        const rg_project_layer *l = &p->layers[k];
        rg_read_options ro = {.id_field = l->id, .name_field = l->label, .encoding = l->encoding};
        names[k] = l->name;
        parents[k] = k > 0 ? l->parent : NULL;
        progress(o, "reading %s", l->file);
        t = now();
        if ((st = rg_regions_read(l->file, &ro, &levels[k])) != RG_OK)
            goto cleanup;
        o->seconds_read += now() - t;
        t = now();
        diag_before = o->seconds_diagnostics;
        if ((st = level_contiguity(levels[k], l->name, total, kind, geodesic, snap, snap_unit,
                                   islands, near, near_unit, p->near || o->near_set, o, &parts[k],
                                   o->diagnose ? &o->diagnostics[k] : NULL)) != RG_OK)
            goto cleanup;
        o->seconds_contiguity += now() - t - o->seconds_diagnostics + diag_before;
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
        t = now();
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
        o->seconds_coordination = now() - t;
    }
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
    if (st != RG_OK)
        rg_build_options_release(o);
    return st;
}
