/* The coordination model: mechanisms, their members, agencies and their jurisdictions, built
 * row by row by the readers (coordination_internal.h), looked up by id and resolved against the
 * regions.
 *
 * Strings live in one text pool and rows refer to them by offset, so that a row costs a few
 * words instead of one allocation per cell (member files may have 10^5 rows); offsets rather
 * than pointers because the pool moves when it grows. Ids are found through tables of row
 * indices (base/hash_internal.h). */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/error_internal.h"
#include "base/hash_internal.h"
#include "base/mem_internal.h"
#include "model/coordination_internal.h"
#include "model/coordination_rows_internal.h"
#include "regiongraph/coordination.h"

/* Offset 0 holds "", so empty and absent cells cost nothing. */
static int pool_init(rg_i_text_pool *p)
{
    if (!rg_i_reserve((void **)&p->buf, &p->cap, 1, 1))
        return 0;
    p->buf[0] = '\0';
    p->len = 1;
    return 1;
}

int rg_i_coord_pool_add(rg_i_text_pool *p, const char *s, size_t n, size_t *off)
{
    if (n == 0) {
        *off = 0;
        return 1;
    }
    if (p->len + n + 1 < p->len || !rg_i_reserve((void **)&p->buf, &p->cap, p->len + n + 1, 1))
        return 0;
    memcpy(p->buf + p->len, s, n);
    p->buf[p->len + n] = '\0';
    *off = p->len;
    p->len += n + 1;
    return 1;
}

static const char *const level_names[] = {"national", "provincial", "municipal", "county"};
#define LEVEL_COUNT (sizeof level_names / sizeof level_names[0])

int rg_i_agency_level_index(const char *s)
{
    size_t i;
    for (i = 0; i < LEVEL_COUNT; i++)
        if (strcasecmp(s, level_names[i]) == 0)
            return (int)i;
    return -1;
}

void rg_i_coordination_trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static int mech_eq(const void *ctx, size_t index, const void *key)
{
    const rg_coordination *c = ctx;
    return strcmp(rg_i_coord_text(c, c->mechs[index].id), key) == 0;
}

static int agency_eq(const void *ctx, size_t index, const void *key)
{
    const rg_coordination *c = ctx;
    return strcmp(rg_i_coord_text(c, c->agencies[index].id), key) == 0;
}

size_t rg_i_coord_find_mechanism(const rg_coordination *c, const char *id)
{
    return rg_i_idmap_find(&c->mech_ids, rg_i_hash_text(id), mech_eq, c, id);
}

size_t rg_i_coord_find_agency(const rg_coordination *c, const char *id)
{
    return rg_i_idmap_find(&c->agency_ids, rg_i_hash_text(id), agency_eq, c, id);
}

static rg_coordination *coordination_new(void)
{
    rg_coordination *c = calloc(1, sizeof *c);
    size_t t;
    if (c && !pool_init(&c->text)) {
        free(c);
        return NULL;
    }
    if (c) {
        for (t = 0; t < sizeof c->origin / sizeof c->origin[0]; t++)
            c->origin[t] = RG_I_NO_ORIGIN;
        c->memory_origin = RG_I_NO_ORIGIN;
    }
    return c;
}

rg_status rg_i_coordination_new(rg_coordination **out)
{
    if (!out)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_new: out is required");
    if (!(*out = coordination_new()))
        return RG_I_NOMEM();
    return RG_OK;
}

void rg_coordination_free(rg_coordination *coord)
{
    size_t i;
    if (!coord)
        return;
    for (i = 0; i < coord->nsources; i++) {
        free(coord->sources[i].path);
        free(coord->sources[i].unit);
    }
    free(coord->sources);
    free(coord->text.buf);
    free(coord->mechs);
    free(coord->members);
    free(coord->agencies);
    free(coord->jur);
    free(coord->pending);
    rg_i_idmap_release(&coord->mech_ids);
    rg_i_idmap_release(&coord->agency_ids);
    rg_i_idmap_release(&coord->member_pairs);
    rg_i_idmap_release(&coord->pending_ids);
    free(coord);
}

/* ---- resolution ------------------------------------------------------------------------------ */

static const char *const member_kind_names[] = {"a region", "an agency"};

rg_status rg_coordination_resolve(rg_coordination *coord, rg_region_lookup_fn lookup,
                                  void *user_data)
{
    size_t i, k;
    rg_status st;
    if (!coord || !lookup)
        return rg_i_error(RG_ERR_ARG, "rg_coordination_resolve: coord and lookup are required");
    if ((st = rg_i_coordination_finish(coord)) != RG_OK)
        return st;
    for (i = 0; i < coord->nagencies; i++) {
        const rg_i_coord_agency *a = &coord->agencies[i];
        const rg_i_coord_source *src = &coord->sources[a->source];
        const char *id = rg_i_coord_text(coord, a->id);
        /* A member id must say one thing; an agency named like a region would make it two. */
        if (lookup(id, user_data))
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: agency id '%s' is also a region id",
                              src->path, src->unit, a->line, id);
        for (k = 0; k < a->njur; k++) {
            const rg_i_coord_jur_entry *j = &coord->jur[a->first_jur + k];
            const rg_i_coord_source *jsrc = &coord->sources[j->origin];
            const char *jid = rg_i_coord_text(coord, j->id);
            if (lookup(jid, user_data))
                continue;
            if (rg_i_coord_find_agency(coord, jid) != SIZE_MAX)
                return rg_i_error(RG_ERR_DATA, "%s: %s %zu: jurisdiction '%s' is an agency, not "
                                  "a region", jsrc->path, jsrc->unit, j->line, jid);
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: jurisdiction '%s' is not a region",
                              jsrc->path, jsrc->unit, j->line, jid);
        }
    }
    for (i = 0; i < coord->nmembers; i++) {
        rg_i_coord_member *m = &coord->members[i];
        const rg_i_coord_source *src = &coord->sources[m->origin];
        const char *id = rg_i_coord_text(coord, m->id);
        if (lookup(id, user_data))
            m->kind = RG_MEMBER_REGION;
        else if (rg_i_coord_find_agency(coord, id) != SIZE_MAX)
            m->kind = RG_MEMBER_AGENCY;
        else
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: '%s' is neither a region nor an agency",
                              src->path, src->unit, m->line, id);
        /* A stated kind that disagrees means the ids changed meaning since it was written. */
        if (m->declared != RG_I_MEMBER_UNKNOWN && m->declared != (signed char)m->kind)
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: member '%s' is given as %s but is %s",
                              src->path, src->unit, m->line, id, member_kind_names[m->declared],
                              member_kind_names[m->kind]);
    }
    return RG_OK;
}

long rg_i_coordination_mechanism_index(const rg_coordination *coord, const char *id)
{
    size_t i;
    if (!coord || !id)
        return -1;
    i = rg_i_coord_find_mechanism(coord, id);
    return i == SIZE_MAX || i > (size_t)LONG_MAX ? -1 : (long)i;
}

size_t rg_i_coordination_mechanism_number(const rg_coordination *coord, size_t m)
{
    return coord && m < coord->nmechs ? coord->mechs[m].line : 0;
}

void rg_i_coordination_mark(const rg_coordination *coord, rg_i_coord_mark *mark)
{
    memset(mark, 0, sizeof *mark);
    mark->nagencies = coord->nagencies;
    mark->njur = coord->njur;
    mark->text_len = coord->text.len;
    mark->nsources = coord->nsources;
    memcpy(mark->origin, coord->origin, sizeof mark->origin);
    mark->memory_origin = coord->memory_origin;
}

void rg_i_coordination_restore_origins(rg_coordination *coord, const rg_i_coord_mark *mark)
{
    memcpy(coord->origin, mark->origin, sizeof coord->origin);
    coord->memory_origin = mark->memory_origin;
}

void rg_i_coordination_rollback(rg_coordination *coord, const rg_i_coord_mark *mark)
{
    size_t i;
    for (i = mark->nsources; i < coord->nsources; i++) {
        free(coord->sources[i].path);
        free(coord->sources[i].unit);
    }
    coord->nsources = mark->nsources;
    coord->nagencies = mark->nagencies;
    coord->njur = mark->njur;
    coord->text.len = mark->text_len;
    rg_i_coordination_restore_origins(coord, mark);
    /* Open addressing cannot drop entries cheaply; rebuild from the rows kept (fewer than the
     * table had room for). */
    rg_i_idmap_clear(&coord->agency_ids);
    for (i = 0; i < coord->nagencies; i++) {
        const char *id = rg_i_coord_text(coord, coord->agencies[i].id);
        rg_i_idmap_put(&coord->agency_ids, rg_i_hash_text(id), i);
    }
}

/* ---- accessors ------------------------------------------------------------------------------- */

size_t rg_coordination_mechanism_count(const rg_coordination *coord)
{
    return coord ? coord->nmechs : 0;
}

static const rg_i_coord_mechanism *mech_at(const rg_coordination *coord, size_t m)
{
    return coord && m < coord->nmechs ? &coord->mechs[m] : NULL;
}

const char *rg_coordination_mechanism_id(const rg_coordination *coord, size_t m)
{
    const rg_i_coord_mechanism *p = mech_at(coord, m);
    return p ? rg_i_coord_text(coord, p->id) : NULL;
}

const char *rg_coordination_mechanism_name(const rg_coordination *coord, size_t m)
{
    const rg_i_coord_mechanism *p = mech_at(coord, m);
    return p ? rg_i_coord_text(coord, p->name) : NULL;
}

const char *rg_coordination_mechanism_kind(const rg_coordination *coord, size_t m)
{
    const rg_i_coord_mechanism *p = mech_at(coord, m);
    return p ? rg_i_coord_text(coord, p->kind) : NULL;
}

int rg_coordination_mechanism_year(const rg_coordination *coord, size_t m)
{
    const rg_i_coord_mechanism *p = mech_at(coord, m);
    return p ? p->year : 0;
}

const char *rg_coordination_mechanism_source(const rg_coordination *coord, size_t m)
{
    const rg_i_coord_mechanism *p = mech_at(coord, m);
    return p ? rg_i_coord_text(coord, p->source) : NULL;
}

size_t rg_coordination_member_count(const rg_coordination *coord, size_t m)
{
    const rg_i_coord_mechanism *p = mech_at(coord, m);
    return p ? p->nmembers : 0;
}

static const rg_i_coord_member *member_at(const rg_coordination *coord, size_t m, size_t k)
{
    const rg_i_coord_mechanism *p = mech_at(coord, m);
    return p && k < p->nmembers ? &coord->members[p->first_member + k] : NULL;
}

const char *rg_coordination_member_id(const rg_coordination *coord, size_t m, size_t k)
{
    const rg_i_coord_member *p = member_at(coord, m, k);
    return p ? rg_i_coord_text(coord, p->id) : NULL;
}

rg_member_kind rg_coordination_member_kind(const rg_coordination *coord, size_t m, size_t k)
{
    const rg_i_coord_member *p = member_at(coord, m, k);
    return p ? (rg_member_kind)p->kind : RG_MEMBER_REGION;
}

size_t rg_coordination_agency_count(const rg_coordination *coord)
{
    return coord ? coord->nagencies : 0;
}

static const rg_i_coord_agency *agency_at(const rg_coordination *coord, size_t a)
{
    return coord && a < coord->nagencies ? &coord->agencies[a] : NULL;
}

const char *rg_coordination_agency_id(const rg_coordination *coord, size_t a)
{
    const rg_i_coord_agency *p = agency_at(coord, a);
    return p ? rg_i_coord_text(coord, p->id) : NULL;
}

const char *rg_coordination_agency_name(const rg_coordination *coord, size_t a)
{
    const rg_i_coord_agency *p = agency_at(coord, a);
    return p ? rg_i_coord_text(coord, p->name) : NULL;
}

const char *rg_coordination_agency_level(const rg_coordination *coord, size_t a)
{
    const rg_i_coord_agency *p = agency_at(coord, a);
    return p ? level_names[p->level] : NULL;
}

int rg_coordination_agency_location(const rg_coordination *coord, size_t a, double *lon,
                                    double *lat)
{
    const rg_i_coord_agency *p = agency_at(coord, a);
    if (!p || !p->has_location)
        return 0;
    if (lon)
        *lon = p->lon;
    if (lat)
        *lat = p->lat;
    return 1;
}

size_t rg_coordination_jurisdiction_count(const rg_coordination *coord, size_t a)
{
    const rg_i_coord_agency *p = agency_at(coord, a);
    return p ? p->njur : 0;
}

const char *rg_coordination_jurisdiction_id(const rg_coordination *coord, size_t a, size_t k)
{
    const rg_i_coord_agency *p = agency_at(coord, a);
    return p && k < p->njur ? rg_i_coord_text(coord, coord->jur[p->first_jur + k].id) : NULL;
}

long rg_coordination_agency_index(const rg_coordination *coord, const char *id)
{
    size_t i;
    if (!coord || !id)
        return -1;
    i = rg_i_coord_find_agency(coord, id);
    return i == SIZE_MAX || i > (size_t)LONG_MAX ? -1 : (long)i;
}
