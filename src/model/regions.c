/* Region layers in memory: geometry in flat arrays, ids, names, fields and levels. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/hash_internal.h"
#include "base/mem_internal.h"
#include "model/regions_internal.h"

struct rg_i_text_chunk {
    rg_i_text_chunk *next;
    size_t used, cap;
    char data[];
};

rg_status rg_i_regions_new(const char *source, size_t nfields, const rg_i_field *fields,
                           rg_regions **out)
{
    rg_regions *r = calloc(1, sizeof *r);
    size_t f;
    *out = NULL;
    if (!r)
        return RG_I_NOMEM();
    r->unit_metres = 1.0;
    r->geographic = 1;
    r->source = rg_i_strdup(source ? source : "");
    r->poly_start = malloc(sizeof *r->poly_start);
    r->fields = rg_i_calloc_array(nfields, sizeof *r->fields);
    if (!r->source || !r->poly_start || !r->fields ||
        !rg_i_reserve((void **)&r->ring_start, &r->ring_start_cap, 1, sizeof *r->ring_start) ||
        !rg_i_reserve((void **)&r->pt_start, &r->pt_start_cap, 1, sizeof *r->pt_start))
        goto nomem;
    r->poly_start[0] = r->ring_start[0] = r->pt_start[0] = 0;
    for (f = 0; f < nfields; f++) {
        r->fields[f] = fields[f];
        r->fields[f].name = NULL;
        r->nfields = f + 1;
        if (!(r->fields[f].name = rg_i_strdup(fields[f].name)))
            goto nomem;
    }
    *out = r;
    return RG_OK;
nomem:
    rg_regions_free(r);
    return RG_I_NOMEM();
}

void rg_regions_free(rg_regions *r)
{
    size_t i;
    if (!r)
        return;
    while (r->text) {
        rg_i_text_chunk *next = r->text->next;
        free(r->text);
        r->text = next;
    }
    for (i = 0; i < r->nfields; i++)
        free(r->fields[i].name);
    free(r->ids);
    free(r->names);
    free(r->values);
    free(r->fields);
    free(r->poly_start);
    free(r->ring_start);
    free(r->pt_start);
    free(r->xy);
    free(r->crs_wkt);
    free(r->source);
    free(r->id_field);
    free(r->name_field);
    rg_i_regions_unindex(r);
    free(r);
}

static rg_status grow_regions(rg_regions *r)
{
    size_t ncap = r->cap ? r->cap * 2 : 64;
    void *p;
    if (!(p = realloc(r->ids, ncap * sizeof *r->ids)))
        return RG_I_NOMEM();
    r->ids = p;
    if (!(p = realloc(r->names, ncap * sizeof *r->names)))
        return RG_I_NOMEM();
    r->names = p;
    if (!(p = realloc(r->poly_start, (ncap + 1) * sizeof *r->poly_start)))
        return RG_I_NOMEM();
    r->poly_start = p;
    if (r->nfields) {
        if (!(p = rg_i_malloc_array(ncap * r->nfields, sizeof *r->values)))
            return RG_I_NOMEM();
        if (r->values)
            memcpy(p, r->values, r->n * r->nfields * sizeof *r->values);
        free(r->values);
        r->values = p;
    }
    r->cap = ncap;
    return RG_OK;
}

rg_status rg_i_regions_reserve(rg_regions *r, size_t n)
{
    rg_status st;
    while (r->cap < n)
        if ((st = grow_regions(r)) != RG_OK)
            return st;
    /* most regions have one polygon of one ring: room for that much up front */
    if (!rg_i_reserve((void **)&r->ring_start, &r->ring_start_cap, n + 1, sizeof *r->ring_start) ||
        !rg_i_reserve((void **)&r->pt_start, &r->pt_start_cap, n + 1, sizeof *r->pt_start))
        return RG_I_NOMEM();
    rg_i_prefault(r->ring_start, (n + 1) * sizeof *r->ring_start);
    rg_i_prefault(r->pt_start, (n + 1) * sizeof *r->pt_start);
    /* the reader fills these front to back: map their pages at once */
    rg_i_prefault(r->ids, n * sizeof *r->ids);
    rg_i_prefault(r->names, n * sizeof *r->names);
    rg_i_prefault(r->poly_start, (n + 1) * sizeof *r->poly_start);
    if (r->values)
        rg_i_prefault(r->values, n * r->nfields * sizeof *r->values);
    return RG_OK;
}

/* A copy of s in the layer's strings; NULL when out of memory. Chunks double from 16 KiB to
 * 1 MiB, so a small layer allocates little and a large one a chunk per tens of thousands of
 * regions; a string too long for a fresh chunk gets a chunk of its own. */
static char *text_copy(rg_regions *r, const char *s)
{
    size_t len = strlen(s) + 1;
    char *out;
    if (!r->text || r->text->cap - r->text->used < len) {
        size_t cap = r->text ? r->text->cap * 2 : (size_t)16 << 10;
        rg_i_text_chunk *c;
        if (cap > ((size_t)1 << 20))
            cap = (size_t)1 << 20;
        if (cap < len)
            cap = len;
        if (!(c = malloc(sizeof *c + cap)))
            return NULL;
        c->next = r->text;
        c->used = 0;
        c->cap = cap;
        r->text = c;
    }
    out = r->text->data + r->text->used;
    memcpy(out, s, len);
    r->text->used += len;
    return out;
}

rg_status rg_i_regions_begin(rg_regions *r, const char *id, const char *name, rg_i_value *values)
{
    size_t f;
    rg_status st;
    rg_i_value *row;
    char *id_copy = NULL, *name_copy = NULL;
    if (r->n + 1 > r->cap && (st = grow_regions(r)) != RG_OK)
        return st;
    row = r->values ? r->values + r->n * r->nfields : NULL;
    for (f = 0; f < r->nfields; f++) {
        row[f] = values[f];
        /* on failure the caller keeps its texts; the copies made go with the layer */
        if (values[f].text && !(row[f].text = text_copy(r, values[f].text)))
            return RG_I_NOMEM();
        if (id && id == values[f].text)
            id_copy = row[f].text;
        if (name && name == values[f].text)
            name_copy = row[f].text;
    }
    for (f = 0; f < r->nfields; f++) {
        free(values[f].text);
        values[f].text = NULL;
    }
    if (!id_copy && !(id_copy = text_copy(r, id ? id : "")))
        return RG_I_NOMEM();
    r->ids[r->n] = id_copy;
    if (!name)
        name_copy = id_copy;
    else if (!name_copy && !(name_copy = text_copy(r, name)))
        return RG_I_NOMEM();
    r->names[r->n] = name_copy;
    r->n++;
    r->poly_start[r->n] = r->npoly;
    if (r->indexed)
        rg_i_regions_unindex(r);
    return RG_OK;
}

rg_status rg_i_regions_add_polygon(rg_regions *r)
{
    if (!rg_i_reserve((void **)&r->ring_start, &r->ring_start_cap, r->npoly + 2,
                      sizeof *r->ring_start))
        return RG_I_NOMEM();
    r->npoly++;
    r->ring_start[r->npoly] = r->nring;
    r->poly_start[r->n] = r->npoly;
    return RG_OK;
}

rg_status rg_i_regions_add_ring(rg_regions *r, const double *xy, size_t npts)
{
    size_t need, distinct = 1, k;
    int closed;
    if (npts == 0 || r->npoly == 0)
        return RG_OK;
    for (k = 1; k < npts && distinct < 3; k++)
        if ((xy[2 * k] != xy[0] || xy[2 * k + 1] != xy[1]) &&
            (xy[2 * k] != xy[2 * k - 2] || xy[2 * k + 1] != xy[2 * k - 1]))
            distinct++;
    if (distinct < 3)
        return RG_OK;
    closed = xy[0] == xy[2 * (npts - 1)] && xy[1] == xy[2 * (npts - 1) + 1];
    need = r->npts + npts + (closed ? 0 : 1);
    if (!rg_i_reserve((void **)&r->xy, &r->xy_cap, 2 * need, sizeof *r->xy) ||
        !rg_i_reserve((void **)&r->pt_start, &r->pt_start_cap, r->nring + 2, sizeof *r->pt_start))
        return RG_I_NOMEM();
    memcpy(r->xy + 2 * r->npts, xy, 2 * npts * sizeof *xy);
    r->npts += npts;
    if (!closed) {
        r->xy[2 * r->npts] = xy[0];
        r->xy[2 * r->npts + 1] = xy[1];
        r->npts++;
    }
    r->nring++;
    r->pt_start[r->nring] = r->npts;
    r->ring_start[r->npoly] = r->nring;
    return RG_OK;
}

rg_status rg_i_regions_end(rg_regions *r)
{
    size_t i = r->n - 1, p;
    /* A polygon whose every ring was degenerate was never a polygon: drop it. */
    size_t kept = r->poly_start[i];
    for (p = r->poly_start[i]; p < r->npoly; p++) {
        if (r->ring_start[p + 1] > r->ring_start[p]) {
            r->ring_start[kept + 1] = r->ring_start[p + 1];
            kept++;
        }
    }
    r->npoly = kept;
    r->poly_start[r->n] = r->npoly;
    if (r->poly_start[i] == r->poly_start[i + 1])
        r->null_count++;
    return RG_OK;
}

rg_status rg_i_regions_set_crs(rg_regions *r, const char *wkt, int geographic, double unit_metres)
{
    char *copy = rg_i_strdup(wkt ? wkt : "");
    if (!copy)
        return RG_I_NOMEM();
    free(r->crs_wkt);
    r->crs_wkt = copy;
    r->geographic = geographic;
    r->unit_metres = unit_metres > 0 ? unit_metres : 1.0;
    return RG_OK;
}

int rg_i_ascii_caseeq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char cb = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (ca != cb)
            return 0;
    }
    return *a == *b;
}

rg_status rg_i_regions_set_key_fields(rg_regions *r, const char *id_field, const char *name_field)
{
    char *i = id_field ? rg_i_strdup(id_field) : NULL;
    char *n = name_field ? rg_i_strdup(name_field) : NULL;
    if ((id_field && !i) || (name_field && !n)) {
        free(i);
        free(n);
        return RG_I_NOMEM();
    }
    free(r->id_field);
    free(r->name_field);
    r->id_field = i;
    r->name_field = n;
    return RG_OK;
}

const char *rg_regions_id_field(const rg_regions *r) { return r->id_field; }
const char *rg_regions_name_field(const rg_regions *r) { return r->name_field; }

static int region_id_eq(const void *ctx, size_t index, const void *key)
{
    const rg_regions *r = ctx;
    return strcmp(r->ids[index], key) == 0;
}

rg_status rg_i_regions_check_ids(const rg_regions *r, const char *file, const char *id_field)
{
    rg_i_idmap seen = {0};
    size_t i, prev;
    rg_status st = RG_OK;
    if (!rg_i_idmap_reserve_n(&seen, r->n)) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < r->n; i++) {
        uint64_t h;
        if (r->ids[i][0] == '\0') {
            st = rg_i_error(RG_ERR_DATA, "%s: record %zu: field '%s' is empty", file, i + 1,
                            id_field);
            goto cleanup;
        }
        h = rg_i_hash_text(r->ids[i]);
        if ((prev = rg_i_idmap_find(&seen, h, region_id_eq, r, r->ids[i])) != SIZE_MAX) {
            st = rg_i_error(RG_ERR_DATA, "%s: record %zu: id '%s' in field '%s' repeats record %zu",
                            file, i + 1, r->ids[i], id_field, prev + 1);
            goto cleanup;
        }
        rg_i_idmap_put(&seen, h, i);
    }
cleanup:
    rg_i_idmap_release(&seen);
    return st;
}

size_t rg_regions_count(const rg_regions *r) { return r->n; }
const char *rg_regions_id(const rg_regions *r, size_t i) { return r->ids[i]; }
const char *rg_regions_name(const rg_regions *r, size_t i) { return r->names[i]; }
const char *rg_regions_source(const rg_regions *r) { return r->source; }
size_t rg_regions_null_count(const rg_regions *r) { return r->null_count; }
size_t rg_regions_field_count(const rg_regions *r) { return r->nfields; }
const char *rg_regions_field_name(const rg_regions *r, size_t f) { return r->fields[f].name; }
rg_field_type rg_regions_field_type(const rg_regions *r, size_t f) { return r->fields[f].type; }

long rg_regions_field_index(const rg_regions *r, const char *name)
{
    size_t f;
    for (f = 0; f < r->nfields; f++)
        if (strcmp(r->fields[f].name, name) == 0)
            return (long)f;
    return -1;
}

int rg_regions_value_string(const rg_regions *r, size_t i, size_t f, const char **value)
{
    const rg_i_value *v = &r->values[i * r->nfields + f];
    if (!v->text)
        return 0;
    *value = v->text;
    return 1;
}

int rg_regions_value_integer(const rg_regions *r, size_t i, size_t f, int64_t *value)
{
    const rg_i_value *v = &r->values[i * r->nfields + f];
    if (!v->text)
        return 0;
    *value = v->i;
    return 1;
}

int rg_regions_value_real(const rg_regions *r, size_t i, size_t f, double *value)
{
    const rg_i_value *v = &r->values[i * r->nfields + f];
    if (!v->text)
        return 0;
    *value = v->d;
    return 1;
}

const char *rg_regions_crs_wkt(const rg_regions *r) { return r->crs_wkt ? r->crs_wkt : ""; }
int rg_regions_crs_is_geographic(const rg_regions *r) { return r->geographic; }
double rg_regions_crs_unit_metres(const rg_regions *r) { return r->unit_metres; }
size_t rg_regions_polygon_count(const rg_regions *r) { return r->npoly; }
size_t rg_regions_ring_count(const rg_regions *r) { return r->nring; }
size_t rg_regions_point_count(const rg_regions *r) { return r->npts; }
const size_t *rg_regions_poly_start(const rg_regions *r) { return r->poly_start; }
const size_t *rg_regions_ring_start(const rg_regions *r) { return r->ring_start; }
const size_t *rg_regions_pt_start(const rg_regions *r) { return r->pt_start; }
const double *rg_regions_xy(const rg_regions *r) { return r->xy; }

void rg_i_number_list(const char *noun, const size_t *numbers, size_t count, char *buf,
                      size_t size)
{
    size_t k, used;
    int w = snprintf(buf, size, "%s%s ", noun, count == 1 ? "" : "s");
    used = w > 0 ? (size_t)w : 0;
    for (k = 0; k < count && k < RG_I_LISTED_NUMBERS && used < size; k++) {
        w = snprintf(buf + used, size - used, "%s%zu", k ? ", " : "", numbers[k]);
        used += w > 0 ? (size_t)w : 0;
    }
    if (count > RG_I_LISTED_NUMBERS && used < size)
        snprintf(buf + used, size - used, ", ...");
}
