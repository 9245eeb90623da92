/* Levels, parents and the id index of a region layer, and merging layers into a hierarchy.
 *
 * A code may be shared by levels where a unit is both (Shanghai is a province and a
 * prefecture-level unit, 310000 in both layers): ids are unique within a level, and a region
 * may repeat an id of the levels above only as the child of the region with that id. The id
 * table therefore holds every region; with linear probing, regions with one id lie along the
 * probe sequence in index order, so the first match is the highest level's. */
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/hash_internal.h"
#include "model/hierarchy_internal.h"
#include "base/mem_internal.h"
#include "model/regions_internal.h"


/* Where an id's probe sequence starts in the table of id_slots slots (a power of two). */
static size_t id_slot(const rg_regions *r, const char *id)
{
    return (size_t)rg_i_hash_text(id) & (r->id_slots - 1);
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
    for (h = id_slot(r, id); r->id_table[h] != (size_t)-1;
         h = (h + 1) & (r->id_slots - 1))
        if (strcmp(r->ids[r->id_table[h]], id) == 0)
            return (long)r->id_table[h];
    return -1;
}

/* The region with this id on the lowest level above `below` (its parent's level for a parent
 * id), or -1. */
static long table_find_above(const rg_regions *r, const char *id, size_t below)
{
    size_t h;
    long best = -1;
    for (h = id_slot(r, id); r->id_table[h] != (size_t)-1;
         h = (h + 1) & (r->id_slots - 1)) {
        size_t j = r->id_table[h];
        if (r->level[j] < below && strcmp(r->ids[j], id) == 0 &&
            (best < 0 || r->level[j] > r->level[best]))
            best = (long)j;
    }
    return best;
}

long rg_i_regions_find_in_level(const rg_regions *r, const char *id, size_t level)
{
    size_t h;
    if (!id || rg_i_regions_index(r) != RG_OK)
        return -1;
    for (h = id_slot(r, id); r->id_table[h] != (size_t)-1;
         h = (h + 1) & (r->id_slots - 1)) {
        size_t j = r->id_table[h];
        if (r->level[j] == level && strcmp(r->ids[j], id) == 0)
            return (long)j;
    }
    return -1;
}

void rg_i_regions_prefetch_id(const rg_regions *r, const char *id, int stage)
{
    size_t h, j;
    if (!r->indexed || !id)
        return;
    h = id_slot(r, id);
    if (stage == 0) {
        RG_I_PREFETCH(&r->id_table[h]);
        return;
    }
    j = r->id_table[h];
    if (j != (size_t)-1 && stage == 1) {
        RG_I_PREFETCH(&r->ids[j]);
        RG_I_PREFETCH(&r->level[j]);
    } else if (j != (size_t)-1) {
        RG_I_PREFETCH(r->ids[j]);
    }
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
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < slots; i++)
        r->id_table[i] = (size_t)-1;
    for (i = 0; i < r->n; i++) {
        size_t h;
        for (h = id_slot(r, r->ids[i]); r->id_table[h] != (size_t)-1;
             h = (h + 1) & (slots - 1))
            ;
        r->id_table[h] = i;
        r->parent[i] = -1;
    }
    lf = rg_regions_field_index(r, RG_LEVEL_FIELD);
    pf = rg_regions_field_index(r, RG_PARENT_FIELD);
    if (lf < 0) {
        if (!(r->level_names = malloc(sizeof *r->level_names)) ||
            !(r->level_names[0] = name_from_source(r->source))) {
            st = RG_I_NOMEM();
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
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                r->level_names = p;
                if (!(p[r->nlevels] = rg_i_strdup(name))) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                k = ++r->nlevels;
            }
            r->level[i] = k - 1;
        }
    }
    /* A parent is on a level above (levels run from the top), the nearest one holding its id:
     * a parent on the same level or below, as a hand-edited file may name, would let walks up
     * the hierarchy loop, and is no parent. */
    if (pf >= 0)
        for (i = 0; i < r->n; i++) {
            const char *p = r->values[i * r->nfields + (size_t)pf].text;
            if (p && *p)
                r->parent[i] = table_find_above(r, p, r->level[i]);
        }
    r->indexed = 1;
cleanup:
    if (st != RG_OK)
        rg_i_regions_unindex(r);
    return st;
}

/* The first region (in index order) whose id breaks the rules of the comment at the top:
 * returns 0 when there is none, 1 when region *bad repeats the id of region *first on its
 * level, 2 when it repeats the id of region *first on a level above without being its child.
 * The index must be built. */
static int find_bad_id(const rg_regions *r, size_t *bad, size_t *first)
{
    size_t i, h;
    for (i = 0; i < r->n; i++) {
        const char *id = r->ids[i];
        long p = r->parent[i];
        int own_parent = p >= 0 && strcmp(r->ids[p], id) == 0;
        for (h = id_slot(r, id); r->id_table[h] != (size_t)-1;
             h = (h + 1) & (r->id_slots - 1)) {
            size_t j = r->id_table[h];
            if (j >= i)
                break; /* later matches lie further along: they are checked as themselves */
            if (strcmp(r->ids[j], id) != 0)
                continue;
            *bad = i;
            *first = j;
            if (r->level[j] == r->level[i])
                return 1;
            if (!own_parent)
                return 2;
        }
    }
    return 0;
}

rg_status rg_i_regions_check_levels(const rg_regions *r, const char *file, const char *id_field)
{
    size_t i, j;
    rg_status st;
    if (rg_regions_field_index(r, RG_LEVEL_FIELD) < 0)
        return rg_i_regions_check_ids(r, file, id_field);
    for (i = 0; i < r->n; i++)
        if (!r->ids[i][0])
            return rg_i_error(RG_ERR_DATA, "%s: record %zu: field '%s' is empty", file, i + 1,
                              id_field);
    if ((st = rg_i_regions_index(r)) != RG_OK)
        return st;
    switch (find_bad_id(r, &i, &j)) {
    case 1:
        return rg_i_error(RG_ERR_DATA, "%s: record %zu: id '%s' in field '%s' repeats record %zu",
                          file, i + 1, r->ids[i], id_field, j + 1);
    case 2:
        return rg_i_error(RG_ERR_DATA, "%s: record %zu: id '%s' in field '%s' is also the id of "
                          "record %zu of level '%s', which is not its parent", file, i + 1,
                          r->ids[i], id_field, j + 1, r->level_names[r->level[j]]);
    default:
        return RG_OK;
    }
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
    if (!name || rg_i_regions_index(r) != RG_OK)
        return -1;
    for (k = 0; k < r->nlevels; k++)
        if (strcmp(r->level_names[k], name) == 0)
            return (long)k;
    return -1;
}

size_t rg_regions_level(const rg_regions *r, size_t i)
{
    return i < r->n && rg_i_regions_index(r) == RG_OK ? r->level[i] : 0;
}

long rg_regions_parent(const rg_regions *r, size_t i)
{
    return i < r->n && rg_i_regions_index(r) == RG_OK ? r->parent[i] : -1;
}

long rg_regions_find(const rg_regions *r, const char *id)
{
    return id && rg_i_regions_index(r) == RG_OK ? table_find(r, id) : -1;
}

/* --- merging ------------------------------------------------------------------------------ */

/* Field names compare as SQLite and DBF tools compare them: "NAME" and "name" are one field. */
static long find_field(const rg_i_field *fields, size_t n, const char *name)
{
    size_t f;
    for (f = 0; f < n; f++)
        if (rg_i_ascii_caseeq(fields[f].name, name))
            return (long)f;
    return -1;
}

static int is_hierarchy_field(const char *name)
{
    return rg_i_ascii_caseeq(name, RG_LEVEL_FIELD) || rg_i_ascii_caseeq(name, RG_PARENT_FIELD);
}

/* The merged layer's fields: the union of the levels' fields by name (the first level naming a
 * field gives its spelling; differing types make a string field), then rg_level and rg_parent,
 * wide enough for the level names and parent ids. Names are borrowed. */
static rg_status union_fields(rg_regions **levels, size_t nlevels, int level_width,
                              int parent_width, rg_i_field **out, size_t *nout)
{
    rg_i_field *fields = NULL;
    size_t n = 0, cap = 0, k, f;
    for (k = 0; k < nlevels; k++) {
        for (f = 0; f < levels[k]->nfields; f++) {
            const rg_i_field *src = &levels[k]->fields[f];
            long at;
            if (is_hierarchy_field(src->name))
                continue; /* recomputed */
            at = find_field(fields, n, src->name);
            if (at >= 0) {
                if (fields[at].type != src->type) {
                    fields[at].type = RG_FIELD_STRING;
                    fields[at].precision = 0;
                }
                if (src->width > fields[at].width)
                    fields[at].width = src->width;
                continue;
            }
            if (!rg_i_reserve((void **)&fields, &cap, n + 1, sizeof *fields)) {
                free(fields);
                return RG_I_NOMEM();
            }
            fields[n++] = *src;
        }
    }
    if (!rg_i_reserve((void **)&fields, &cap, n + 2, sizeof *fields)) {
        free(fields);
        return RG_I_NOMEM();
    }
    fields[n++] = (rg_i_field){.name = RG_LEVEL_FIELD, .type = RG_FIELD_STRING,
                               .width = level_width};
    fields[n++] = (rg_i_field){.name = RG_PARENT_FIELD, .type = RG_FIELD_STRING,
                               .width = parent_width};
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
        return RG_I_NOMEM();
    for (f = 0; f < src->nfields; f++) {
        const rg_i_value *sv = &src->values[i * src->nfields + f];
        /* Every value has its text, so a field the union made a string keeps the number's text. */
        if (map[f] < 0 || !sv->text)
            continue;
        v[map[f]] = *sv;
        if (!(v[map[f]].text = rg_i_strdup(sv->text))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
    }
    if (!(v[dst->nfields - 2].text = rg_i_strdup(level)) ||
        (parent && !(v[dst->nfields - 1].text = rg_i_strdup(parent)))) {
        st = RG_I_NOMEM();
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

/* The file a record number refers to: a shapefile's records are its .dbf's; any other source
 * is named as it is. Returns a new string, or NULL when out of memory. */
static char *record_file(const char *source)
{
    char *path = rg_i_strdup(source);
    size_t n = path ? strlen(path) : 0;
    if (n >= 4 && path[n - 4] == '.' &&
        (rg_i_ascii_caseeq(path + n - 3, "shp") || rg_i_ascii_caseeq(path + n - 3, "shx") ||
         rg_i_ascii_caseeq(path + n - 3, "dbf"))) {
        int upper = path[n - 3] >= 'A' && path[n - 3] <= 'Z';
        memcpy(path + n - 3, upper ? "DBF" : "dbf", 3);
    }
    return path;
}

/* The merged layer's id or name field: the lowest level's, as the union spells it. */
static const char *merged_key_field(const rg_i_field *fields, size_t n, const char *name)
{
    long f = name ? find_field(fields, n, name) : -1;
    return f >= 0 ? fields[f].name : NULL;
}

rg_status rg_regions_merge_levels(rg_regions **levels, const char *const *names,
                                  const char *const *parent_fields, size_t nlevels,
                                  rg_regions **out)
{
    rg_regions *dst = NULL;
    rg_i_field *fields = NULL;
    long *map = NULL, *pfs = NULL;
    size_t *first = NULL; /* index in dst of each level's first region, then the total */
    char *file = NULL, *other = NULL;
    size_t nfields = 0, k, j, i, f, len, at;
    int level_width = 1, parent_width = 1, kind;
    rg_status st = RG_OK;

    if (out)
        *out = NULL;
    if (!out || (nlevels > 0 && (!levels || !names))) {
        st = rg_i_error(RG_ERR_ARG, "rg_regions_merge_levels: levels, names and out are required");
        goto cleanup;
    }
    if (nlevels == 0) {
        st = rg_i_error(RG_ERR_ARG, "no region layer to merge");
        goto cleanup;
    }
    /* Levels are told apart by name alone in the merged layer (the rg_level field). */
    for (k = 0; k < nlevels; k++) {
        if (!levels[k] || !names[k] || !*names[k]) {
            st = rg_i_error(RG_ERR_ARG, "rg_regions_merge_levels: level %zu has no %s", k + 1,
                            levels[k] ? "name" : "layer");
            goto cleanup;
        }
        for (j = 0; j < k; j++)
            if (strcmp(names[j], names[k]) == 0) {
                st = rg_i_error(RG_ERR_ARG, "two levels are named '%s': give each layer its own "
                                "name", names[k]);
                goto cleanup;
            }
        if ((len = strlen(names[k])) > (size_t)level_width)
            level_width = (int)len;
    }
    if (!(pfs = rg_i_malloc_array(nlevels, sizeof *pfs)) ||
        !(first = rg_i_malloc_array(nlevels + 1, sizeof *first))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    first[0] = 0;
    for (k = 0; k < nlevels; k++) {
        const rg_regions *src = levels[k];
        first[k + 1] = first[k] + src->n;
        pfs[k] = -1;
        if (k > 0 && src->geographic != levels[0]->geographic) {
            st = rg_i_error(RG_ERR_CRS, "%s: layer '%s' is %s but layer '%s' is %s: give every "
                            "level the same CRS", src->source, names[k],
                            src->geographic ? "geographic" : "projected", names[0],
                            levels[0]->geographic ? "geographic" : "projected");
            goto cleanup;
        }
        /* Two texts of one CRS may differ (.prj files from different tools), so this is only
         * said, not refused: the coordinates are merged as they are. */
        if (k > 0 && strcmp(rg_regions_crs_wkt(src), rg_regions_crs_wkt(levels[0])) != 0)
            rg_i_warn("%s: the CRS of layer '%s' is written differently from that of layer '%s'; "
                      "its coordinates are taken as they are", src->source, names[k], names[0]);
        if (src->n == 0)
            rg_i_warn("%s: layer '%s' has no regions, so it is not a level of the merged layer",
                      src->source, names[k]);
        if (k == 0 || !parent_fields || !parent_fields[k])
            continue;
        if ((pfs[k] = rg_regions_field_index(src, parent_fields[k])) < 0 &&
            (pfs[k] = find_field(src->fields, src->nfields, parent_fields[k])) < 0) {
            st = rg_i_error(RG_ERR_ARG, "%s: layer '%s' has no parent field '%s'", src->source,
                            names[k], parent_fields[k]);
            goto cleanup;
        }
        for (i = 0; i < src->n; i++) {
            const char *p = src->values[i * src->nfields + (size_t)pfs[k]].text;
            if (p && (len = strlen(p)) > (size_t)parent_width)
                parent_width = (int)len;
        }
    }
    if ((st = union_fields(levels, nlevels, level_width, parent_width, &fields, &nfields)) !=
            RG_OK ||
        (st = rg_i_regions_new(levels[nlevels - 1]->source, nfields, fields, &dst)) != RG_OK ||
        (st = rg_i_regions_set_crs(dst, rg_regions_crs_wkt(levels[0]), levels[0]->geographic,
                                   levels[0]->unit_metres)) != RG_OK ||
        (st = rg_i_regions_set_key_fields(
             dst, merged_key_field(dst->fields, nfields - 2, levels[nlevels - 1]->id_field),
             merged_key_field(dst->fields, nfields - 2, levels[nlevels - 1]->name_field))) !=
            RG_OK)
        goto cleanup;
    for (k = 0; k < nlevels; k++) {
        const rg_regions *src = levels[k];
        free(map);
        if (!(map = rg_i_malloc_array(src->nfields, sizeof *map))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        for (f = 0; f < src->nfields; f++)
            map[f] = is_hierarchy_field(src->fields[f].name)
                         ? -1
                         : find_field(dst->fields, nfields - 2, src->fields[f].name);
        if (pfs[k] >= 0 && (st = rg_i_regions_index(levels[k - 1])) != RG_OK)
            goto cleanup;
        for (i = 0; i < src->n; i++) {
            const char *parent = NULL;
            if (pfs[k] >= 0) {
                parent = src->values[i * src->nfields + (size_t)pfs[k]].text;
                if (!parent || !*parent || rg_regions_find(levels[k - 1], parent) < 0) {
                    if (!(file = record_file(src->source))) {
                        st = RG_I_NOMEM();
                        goto cleanup;
                    }
                    if (!parent || !*parent)
                        st = rg_i_error(RG_ERR_DATA, "%s: record %zu: parent field '%s' is empty",
                                        file, i + 1, src->fields[pfs[k]].name);
                    else
                        st = rg_i_error(RG_ERR_DATA, "%s: record %zu: parent '%s' in field '%s' "
                                        "is not a region of layer '%s'", file, i + 1, parent,
                                        src->fields[pfs[k]].name, names[k - 1]);
                    goto cleanup;
                }
            }
            if ((st = copy_region(dst, src, i, map, names[k], parent)) != RG_OK)
                goto cleanup;
        }
    }
    /* Ids are unique within a level; a code of a level above may come again only where the unit
     * is both (its own parent): a member id then names the highest, which covers the other. */
    if ((st = rg_i_regions_index(dst)) != RG_OK)
        goto cleanup;
    if ((kind = find_bad_id(dst, &i, &at)) != 0) {
        for (k = 0; first[k + 1] <= i; k++)
            ;
        for (j = 0; first[j + 1] <= at; j++)
            ;
        if (!(file = record_file(levels[k]->source)) ||
            !(other = record_file(levels[j]->source))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        if (kind == 1)
            st = rg_i_error(RG_ERR_DATA, "%s: record %zu: id '%s' repeats record %zu", file,
                            i - first[k] + 1, dst->ids[i], at - first[j] + 1);
        else
            st = rg_i_error(RG_ERR_DATA, "%s: record %zu: id '%s' of layer '%s' is also the id "
                            "of record %zu of layer '%s' (%s), which is not its parent: a code "
                            "may repeat across levels only where a unit is both", file,
                            i - first[k] + 1, dst->ids[i], names[k], at - first[j] + 1, names[j],
                            other);
        goto cleanup;
    }
    *out = dst;
    dst = NULL;
cleanup:
    if (levels)
        for (k = 0; k < nlevels; k++) {
            rg_regions_free(levels[k]);
            levels[k] = NULL;
        }
    rg_regions_free(dst);
    free(fields);
    free(map);
    free(pfs);
    free(first);
    free(file);
    free(other);
    return st;
}
