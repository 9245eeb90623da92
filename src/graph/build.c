#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error_internal.h"
#include "core/mem_internal.h"
#include "geom/adjacency_internal.h"
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
    rg_status st;
    double t;

    rg_i_library_init();
    *out = NULL;
    o->seconds_read = o->seconds_contiguity = o->seconds_coordination = 0;
    if ((st = parse_contiguity(p, o, &kind)) != RG_OK)
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
    if (!levels || !parts || !names || !parents || !offsets) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
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
        progress(o, "finding %s contiguity of %zu regions (%s)",
                 kind == RG_CONTIGUITY_ROOK ? "rook" : "queen", rg_regions_count(levels[k]), l->name);
        t = now();
        if ((st = rg_contiguity_build_ex(levels[k], kind, geodesic ? RG_CONTIGUITY_GEODESIC : 0,
                                         &parts[k])) != RG_OK)
            goto cleanup;
        o->seconds_contiguity += now() - t;
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
    return st;
}
