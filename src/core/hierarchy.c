/* Levels, parents and the id index of a region layer, and merging layers into a hierarchy. */
#include <stdlib.h>
#include <string.h>

#include "core/error_internal.h"
#include "core/mem_internal.h"
#include "core/regions_internal.h"

#define NOMEM() rg_i_error(RG_ERR_NOMEM, "out of memory")

static size_t hash_id(const char *s)
{
    size_t h = (size_t)14695981039346656037ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
    return h;
}

void rg_i_regions_unindex(rg_regions *r)
{
    size_t k;
    for (k = 0; k < r->nlevels; k++)
        free(r->level_names[k]);
    free(r->level_names);
    free(r->level);
    free(r->parent);
    free(r->id_table);
    r->level_names = NULL;
    r->level = NULL;
    r->parent = NULL;
    r->id_table = NULL;
    r->nlevels = 0;
    r->id_slots = 0;
    r->indexed = 0;
}

static long table_find(const rg_regions *r, const char *id)
{
    size_t h;
    for (h = hash_id(id) & (r->id_slots - 1); r->id_table[h] != (size_t)-1;
         h = (h + 1) & (r->id_slots - 1))
        if (strcmp(r->ids[r->id_table[h]], id) == 0)
            return (long)r->id_table[h];
    return -1;
}

/* Level name from the source path: the file name without directory and extension. */
static char *name_from_source(const char *source)
{
    const char *base = strrchr(source, '/'), *dot;
    char *name;
    base = base ? base + 1 : source;
    dot = strrchr(base, '.');
    name = rg_i_strdup(base);
    if (name && dot && dot != base)
        name[dot - base] = '\0';
    if (name && !*name) {
        free(name);
        name = rg_i_strdup("regions");
    }
    return name;
}

rg_status rg_i_regions_index(const rg_regions *cr)
{
    rg_regions *r = (rg_regions *)cr; /* the index is a cache; see regions_internal.h */
    long lf, pf;
    size_t i, slots = 16;
    rg_status st = RG_OK;
    if (r->indexed)
        return RG_OK;
    while (slots < 2 * r->n)
        slots *= 2;
    r->id_slots = slots;
    if (!(r->id_table = rg_i_malloc_array(slots, sizeof *r->id_table)) ||
        !(r->level = rg_i_calloc_array(r->n, sizeof *r->level)) ||
        !(r->parent = rg_i_malloc_array(r->n, sizeof *r->parent))) {
        st = NOMEM();
        goto cleanup;
    }
    for (i = 0; i < slots; i++)
        r->id_table[i] = (size_t)-1;
    for (i = 0; i < r->n; i++) {
        size_t h;
        for (h = hash_id(r->ids[i]) & (slots - 1); r->id_table[h] != (size_t)-1; h = (h + 1) & (slots - 1))
            if (strcmp(r->ids[r->id_table[h]], r->ids[i]) == 0)
                break;
        if (r->id_table[h] == (size_t)-1)
            r->id_table[h] = i; /* the first of repeated ids wins; readers refuse repeats anyway */
        r->parent[i] = -1;
    }
    lf = rg_regions_field_index(r, RG_LEVEL_FIELD);
    pf = rg_regions_field_index(r, RG_PARENT_FIELD);
    if (lf < 0) {
        if (!(r->level_names = malloc(sizeof *r->level_names)) ||
            !(r->level_names[0] = name_from_source(r->source))) {
            st = NOMEM();
            goto cleanup;
        }
        r->nlevels = 1;
    } else {
        for (i = 0; i < r->n; i++) {
            const char *name = r->values[i * r->nfields + (size_t)lf].text;
            size_t k;
            if (!name)
                name = "";
            for (k = r->nlevels; k > 0; k--)
                if (strcmp(r->level_names[k - 1], name) == 0)
                    break;
            if (k == 0) {
                char **p = realloc(r->level_names, (r->nlevels + 1) * sizeof *p);
                if (!p) {
                    st = NOMEM();
                    goto cleanup;
                }
                r->level_names = p;
                if (!(p[r->nlevels] = rg_i_strdup(name))) {
                    st = NOMEM();
                    goto cleanup;
                }
                k = ++r->nlevels;
            }
            r->level[i] = k - 1;
        }
    }
    if (pf >= 0)
        for (i = 0; i < r->n; i++) {
            const char *p = r->values[i * r->nfields + (size_t)pf].text;
            if (p && *p)
                r->parent[i] = table_find(r, p);
        }
    r->indexed = 1;
cleanup:
    if (st != RG_OK)
        rg_i_regions_unindex(r);
    return st;
}

size_t rg_regions_level_count(const rg_regions *r)
{
    return rg_i_regions_index(r) == RG_OK ? r->nlevels : 0;
}

const char *rg_regions_level_name(const rg_regions *r, size_t level)
{
    return rg_i_regions_index(r) == RG_OK && level < r->nlevels ? r->level_names[level] : NULL;
}

long rg_regions_level_index(const rg_regions *r, const char *name)
{
    size_t k;
    if (rg_i_regions_index(r) != RG_OK)
        return -1;
    for (k = 0; k < r->nlevels; k++)
        if (strcmp(r->level_names[k], name) == 0)
            return (long)k;
    return -1;
}

size_t rg_regions_level(const rg_regions *r, size_t i)
{
    return rg_i_regions_index(r) == RG_OK ? r->level[i] : 0;
}

long rg_regions_parent(const rg_regions *r, size_t i)
{
    return rg_i_regions_index(r) == RG_OK ? r->parent[i] : -1;
}

long rg_regions_find(const rg_regions *r, const char *id)
{
    return rg_i_regions_index(r) == RG_OK ? table_find(r, id) : -1;
}

/* --- merging ------------------------------------------------------------------------------ */

static long find_field(const rg_i_field *fields, size_t n, const char *name)
{
    size_t f;
    for (f = 0; f < n; f++)
        if (strcmp(fields[f].name, name) == 0)
            return (long)f;
    return -1;
}

static rg_status union_fields(rg_regions **levels, size_t nlevels, rg_i_field **out, size_t *nout)
{
    rg_i_field *fields = NULL;
    size_t n = 0, cap = 0, k, f;
    for (k = 0; k < nlevels; k++) {
        for (f = 0; f < levels[k]->nfields; f++) {
            const rg_i_field *src = &levels[k]->fields[f];
            long at;
            if (strcmp(src->name, RG_LEVEL_FIELD) == 0 || strcmp(src->name, RG_PARENT_FIELD) == 0)
                continue; /* recomputed below */
            at = find_field(fields, n, src->name);
            if (at >= 0) {
                if (fields[at].type != src->type)
                    fields[at].type = RG_FIELD_STRING;
                if (src->width > fields[at].width)
                    fields[at].width = src->width;
                continue;
            }
            if (!rg_i_reserve((void **)&fields, &cap, n + 3, sizeof *fields)) {
                free(fields);
                return NOMEM();
            }
            fields[n++] = *src; /* names borrowed: rg_i_regions_new copies them */
        }
    }
    if (!rg_i_reserve((void **)&fields, &cap, n + 2, sizeof *fields)) {
        free(fields);
        return NOMEM();
    }
    fields[n++] = (rg_i_field){.name = RG_LEVEL_FIELD, .type = RG_FIELD_STRING, .width = 32};
    fields[n++] = (rg_i_field){.name = RG_PARENT_FIELD, .type = RG_FIELD_STRING, .width = 32};
    *out = fields;
    *nout = n;
    return RG_OK;
}

static rg_status copy_region(rg_regions *dst, const rg_regions *src, size_t i, const long *map,
                             const char *level, const char *parent)
{
    rg_i_value *v = NULL;
    size_t f, p, q;
    rg_status st = RG_OK;
    if (!(v = rg_i_calloc_array(dst->nfields, sizeof *v)))
        return NOMEM();
    for (f = 0; f < src->nfields; f++) {
        const rg_i_value *sv = &src->values[i * src->nfields + f];
        if (map[f] < 0 || !sv->text)
            continue;
        v[map[f]] = *sv;
        if (!(v[map[f]].text = rg_i_strdup(sv->text))) {
            st = NOMEM();
            goto cleanup;
        }
    }
    if (!(v[dst->nfields - 2].text = rg_i_strdup(level)) ||
        (parent && !(v[dst->nfields - 1].text = rg_i_strdup(parent)))) {
        st = NOMEM();
        goto cleanup;
    }
    if ((st = rg_i_regions_begin(dst, src->ids[i], src->names[i], v)) != RG_OK)
        goto cleanup;
    for (p = src->poly_start[i]; p < src->poly_start[i + 1]; p++) {
        if ((st = rg_i_regions_add_polygon(dst)) != RG_OK)
            goto cleanup;
        for (q = src->ring_start[p]; q < src->ring_start[p + 1]; q++)
            if ((st = rg_i_regions_add_ring(dst, src->xy + 2 * src->pt_start[q],
                                            src->pt_start[q + 1] - src->pt_start[q])) != RG_OK)
                goto cleanup;
    }
    st = rg_i_regions_end(dst);
cleanup:
    for (f = 0; f < dst->nfields; f++)
        free(v[f].text);
    free(v);
    return st;
}

/* Where the value of a field is a number stored as text, keep the text: the union may have
 * turned the field into a string, and the text form is always present. */
rg_status rg_regions_merge_levels(rg_regions **levels, const char *const *names,
                                  const char *const *parent_fields, size_t nlevels,
                                  rg_regions **out)
{
    rg_regions *dst = NULL;
    rg_i_field *fields = NULL;
    long *map = NULL;
    size_t nfields = 0, k, i, f;
    rg_status st = RG_OK;

    *out = NULL;
    if (nlevels == 0) {
        st = rg_i_error(RG_ERR_ARG, "no region layer to merge");
        goto cleanup;
    }
    if ((st = union_fields(levels, nlevels, &fields, &nfields)) != RG_OK)
        goto cleanup;
    if ((st = rg_i_regions_new(levels[nlevels - 1]->source, nfields, fields, &dst)) != RG_OK)
        goto cleanup;
    if ((st = rg_i_regions_set_crs(dst, levels[0]->crs_wkt, levels[0]->geographic,
                                   levels[0]->unit_metres)) != RG_OK ||
        (st = rg_i_regions_set_key_fields(dst, levels[nlevels - 1]->id_field,
                                          levels[nlevels - 1]->name_field)) != RG_OK)
        goto cleanup;
    for (k = 0; k < nlevels; k++) {
        const rg_regions *src = levels[k];
        long pf = -1;
        if (k > 0 && src->geographic != levels[0]->geographic) {
            st = rg_i_error(RG_ERR_CRS, "%s: layer '%s' is %s but layer '%s' is %s: give every "
                            "level the same CRS", src->source, names[k],
                            src->geographic ? "geographic" : "projected", names[0],
                            levels[0]->geographic ? "geographic" : "projected");
            goto cleanup;
        }
        if (k > 0 && parent_fields && parent_fields[k]) {
            pf = rg_regions_field_index(src, parent_fields[k]);
            if (pf < 0) {
                st = rg_i_error(RG_ERR_ARG, "%s: layer '%s' has no parent field '%s'", src->source,
                                names[k], parent_fields[k]);
                goto cleanup;
            }
        }
        free(map);
        if (!(map = rg_i_malloc_array(src->nfields ? src->nfields : 1, sizeof *map))) {
            st = NOMEM();
            goto cleanup;
        }
        for (f = 0; f < src->nfields; f++) {
            map[f] = find_field(dst->fields, nfields - 2, src->fields[f].name);
        }
        for (i = 0; i < src->n; i++) {
            const char *parent = NULL;
            if (pf >= 0) {
                parent = src->values[i * src->nfields + (size_t)pf].text;
                if (!parent || !*parent) {
                    st = rg_i_error(RG_ERR_DATA, "%s: record %zu: parent field '%s' is empty",
                                    src->source, i + 1, parent_fields[k]);
                    goto cleanup;
                }
                if (rg_regions_find(levels[k - 1], parent) < 0) {
                    st = rg_i_error(RG_ERR_DATA, "%s: record %zu: parent '%s' in field '%s' is not "
                                    "a region of layer '%s'", src->source, i + 1, parent,
                                    parent_fields[k], names[k - 1]);
                    goto cleanup;
                }
            }
            if ((st = copy_region(dst, src, i, map, names[k], parent)) != RG_OK)
                goto cleanup;
        }
    }
    /* Ids must be unique across levels too: a member id names exactly one region. */
    for (i = 0; i < dst->n; i++) {
        long j;
        if ((st = rg_i_regions_index(dst)) != RG_OK)
            goto cleanup;
        j = rg_regions_find(dst, dst->ids[i]);
        if (j >= 0 && (size_t)j != i) {
            st = rg_i_error(RG_ERR_DATA, "id '%s' is in layer '%s' and in layer '%s': ids must be "
                            "unique across levels", dst->ids[i], rg_regions_level_name(dst, (size_t)j),
                            rg_regions_level_name(dst, i));
            goto cleanup;
        }
    }
    *out = dst;
    dst = NULL;
cleanup:
    for (k = 0; k < nlevels; k++) {
        rg_regions_free(levels[k]);
        levels[k] = NULL;
    }
    rg_regions_free(dst);
    free(fields);
    free(map);
    return st;
}
