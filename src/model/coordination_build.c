/* Adding rows to the coordination model, for every reader (coordination_internal.h): origins
 * for messages, mechanisms, members, agencies and their jurisdiction lists, each checked as it
 * comes (empty and repeated ids), and the grouping of members and jurisdictions under their
 * mechanisms and agencies. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/hash_internal.h"
#include "base/mem_internal.h"
#include "model/coordination_internal.h"
#include "model/coordination_rows_internal.h"

static rg_status add_source(rg_coordination *c, const char *path, const char *unit, size_t *index)
{
    char *copy = NULL, *unit_copy = NULL;
    if (!rg_i_reserve((void **)&c->sources, &c->sources_cap, c->nsources + 1, sizeof *c->sources) ||
        !(copy = rg_i_strdup(path)) || !(unit_copy = rg_i_strdup(unit))) {
        free(copy);
        return RG_I_NOMEM();
    }
    c->sources[c->nsources].path = copy;
    c->sources[c->nsources].unit = unit_copy;
    *index = c->nsources++;
    return RG_OK;
}

rg_status rg_i_coordination_set_origin(rg_coordination *coord, rg_i_coord_table table,
                                       const char *path, const char *unit)
{
    if (!coord || (unsigned)table > RG_I_COORD_JURISDICTIONS || !path || !unit)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_set_origin: coord, a table, path and "
                          "unit are required");
    return add_source(coord, path, unit, &coord->origin[table]);
}

/* The source index for rows of a table, "(memory)" when none was set. */
static rg_status origin_of(rg_coordination *c, rg_i_coord_table table, size_t *origin)
{
    rg_status st;
    if (c->origin[table] != RG_I_NO_ORIGIN) {
        *origin = c->origin[table];
        return RG_OK;
    }
    if (c->memory_origin == RG_I_NO_ORIGIN &&
        (st = add_source(c, "(memory)", "row", &c->memory_origin)) != RG_OK)
        return st;
    *origin = c->memory_origin;
    return RG_OK;
}

typedef struct text_key {
    const char *s;
    size_t n;
} text_key;

static int jur_eq(const void *ctx, size_t index, const void *key)
{
    const rg_coordination *c = ctx;
    const text_key *k = key;
    const char *prev = rg_i_coord_text(c, c->jur[index].id);
    return strncmp(prev, k->s, k->n) == 0 && prev[k->n] == '\0';
}

/* Jurisdiction lists longer than this are checked for repeats through a hash table, shorter ones
 * by scanning (a national agency may list every county). */
#define JUR_SCAN_MAX 16

/* Appends the ';'-separated region ids of text to the jurisdiction list of agency a (the last
 * agency, being added). Empty entries (a trailing ';') are skipped; a repeated one is an error. */
static rg_status add_jurisdiction(rg_coordination *c, rg_i_coord_agency *a, const char *text,
                                  size_t origin, size_t line)
{
    const char *where = c->sources[origin].path, *unit = c->sources[origin].unit;
    const char *p = text;
    rg_i_idmap seen = {0};
    rg_status st = RG_OK;
    a->first_jur = c->njur;
    a->njur = 0;
    while (*p) {
        const char *semi = strchr(p, ';');
        text_key key = {p, semi ? (size_t)(semi - p) : strlen(p)};
        uint64_t h;
        size_t k, off, prev = SIZE_MAX;
        p = semi ? semi + 1 : p + key.n;
        rg_i_coordination_trim(&key.s, &key.n);
        if (key.n == 0)
            continue;
        h = rg_i_hash_bytes(key.s, key.n, RG_I_HASH_SEED);
        if (a->njur <= JUR_SCAN_MAX) {
            for (k = a->first_jur; k < c->njur && prev == SIZE_MAX; k++)
                if (jur_eq(c, k, &key))
                    prev = k;
        } else
            prev = rg_i_idmap_find(&seen, h, jur_eq, c, &key);
        if (prev != SIZE_MAX) {
            st = rg_i_error(RG_ERR_DATA, "%s: %s %zu: jurisdiction lists '%s' twice", where, unit,
                            line, rg_i_coord_text(c, c->jur[prev].id));
            goto cleanup;
        }
        if (!rg_i_reserve((void **)&c->jur, &c->jur_cap, c->njur + 1, sizeof *c->jur) ||
            !rg_i_coord_pool_add(&c->text, key.s, key.n, &off)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        c->jur[c->njur].id = off;
        c->jur[c->njur].origin = origin;
        c->jur[c->njur].line = line;
        c->njur++;
        a->njur++;
        if (a->njur == JUR_SCAN_MAX + 1) {
            /* Long list: from now on, through the table. */
            for (k = a->first_jur; k < c->njur; k++) {
                const char *id = rg_i_coord_text(c, c->jur[k].id);
                if (!rg_i_idmap_reserve(&seen)) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                rg_i_idmap_put(&seen, rg_i_hash_text(id), k);
            }
        } else if (a->njur > JUR_SCAN_MAX + 1) {
            if (!rg_i_idmap_reserve(&seen)) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            rg_i_idmap_put(&seen, h, c->njur - 1);
        }
    }
cleanup:
    rg_i_idmap_release(&seen);
    return st;
}

typedef struct member_key {
    size_t mechanism;
    const char *id;
} member_key;

static int member_eq(const void *ctx, size_t index, const void *key)
{
    const rg_coordination *c = ctx;
    const member_key *k = key;
    return c->members[index].mechanism == k->mechanism &&
           strcmp(rg_i_coord_text(c, c->members[index].id), k->id) == 0;
}

static uint64_t member_hash(size_t mechanism_index, const char *id)
{
    uint64_t h = RG_I_HASH_SEED ^ ((uint64_t)mechanism_index * 0x9E3779B97F4A7C15ULL);
    return rg_i_hash_bytes(id, strlen(id), h);
}

/* Groups the members by mechanism (a stable counting sort: file order within a mechanism). */
static rg_status group_members(rg_coordination *c)
{
    rg_i_coord_member *sorted;
    size_t i, *next;
    if (!(sorted = rg_i_malloc_array(c->nmembers, sizeof *sorted)))
        return RG_I_NOMEM();
    if (!(next = rg_i_calloc_array(c->nmechs, sizeof *next))) {
        free(sorted);
        return RG_I_NOMEM();
    }
    for (i = 0; i < c->nmechs; i++)
        c->mechs[i].nmembers = 0;
    for (i = 0; i < c->nmembers; i++)
        c->mechs[c->members[i].mechanism].nmembers++;
    for (i = 0; i < c->nmechs; i++) {
        c->mechs[i].first_member = i ? c->mechs[i - 1].first_member + c->mechs[i - 1].nmembers : 0;
        next[i] = c->mechs[i].first_member;
    }
    for (i = 0; i < c->nmembers; i++)
        sorted[next[c->members[i].mechanism]++] = c->members[i];
    free(next);
    free(c->members);
    c->members = sorted;
    c->members_cap = c->nmembers;
    return RG_OK;
}

/* Adds agency a (its id not yet in the pool) after checking the id is new. */
static rg_status add_agency(rg_coordination *c, rg_i_coord_agency *a, const char *id,
                            const char *name, const char *jurisdiction)
{
    const rg_i_coord_source *src = &c->sources[a->source];
    size_t prev;
    uint64_t h;
    rg_status st;
    h = rg_i_hash_text(id);
    if ((prev = rg_i_coord_find_agency(c, id)) != SIZE_MAX) {
        const rg_i_coord_agency *p = &c->agencies[prev];
        if (p->source == a->source)
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: duplicate id '%s' (first on %s %zu)",
                              src->path, src->unit, a->line, id, src->unit, p->line);
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: duplicate agency id '%s' (first in %s: %s %zu)",
                          src->path, src->unit, a->line, id, c->sources[p->source].path,
                          c->sources[p->source].unit, p->line);
    }
    if ((st = add_jurisdiction(c, a, jurisdiction, a->source, a->line)) != RG_OK)
        return st;
    if (!rg_i_coord_pool_add(&c->text, id, strlen(id), &a->id) ||
        !rg_i_coord_pool_add(&c->text, name, strlen(name), &a->name) ||
        !rg_i_reserve((void **)&c->agencies, &c->agencies_cap, c->nagencies + 1,
                      sizeof *c->agencies) ||
        !rg_i_idmap_reserve(&c->agency_ids))
        return RG_I_NOMEM();
    c->agencies[c->nagencies] = *a;
    rg_i_idmap_put(&c->agency_ids, h, c->nagencies);
    c->nagencies++;
    return RG_OK;
}

size_t rg_i_coordination_member_number(const rg_coordination *coord, size_t m, const char *id)
{
    member_key key;
    size_t i, k;
    if (!coord || !id || m >= coord->nmechs)
        return SIZE_MAX;
    key.mechanism = m;
    key.id = id;
    if (coord->members_open) {
        i = rg_i_idmap_find(&coord->member_pairs, member_hash(m, id), member_eq, coord, &key);
        return i == SIZE_MAX ? SIZE_MAX : coord->members[i].line;
    }
    /* Grouped: the pair table is built only when members are added again. */
    for (k = 0; k < coord->mechs[m].nmembers; k++)
        if (member_eq(coord, coord->mechs[m].first_member + k, &key))
            return coord->members[coord->mechs[m].first_member + k].line;
    return SIZE_MAX;
}

rg_status rg_i_coordination_add_mechanism(rg_coordination *coord, const char *id,
                                          const char *name, const char *kind, int year,
                                          const char *source_text, size_t number, size_t *index)
{
    const rg_i_coord_source *src;
    rg_i_coord_mechanism m;
    size_t prev;
    uint64_t h;
    rg_status st;
    if (!coord || !id)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_add_mechanism: coord and id are "
                          "required");
    memset(&m, 0, sizeof m);
    if ((st = origin_of(coord, RG_I_COORD_MECHANISMS, &m.origin)) != RG_OK)
        return st;
    src = &coord->sources[m.origin];
    m.line = number;
    m.year = year;
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: id is empty", src->path, src->unit, number);
    if (year < 0 || year > 9999)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: year %d is out of range (1 to 9999)",
                          src->path, src->unit, number, year);
    h = rg_i_hash_text(id);
    if ((prev = rg_i_coord_find_mechanism(coord, id)) != SIZE_MAX) {
        const rg_i_coord_mechanism *p = &coord->mechs[prev];
        const rg_i_coord_source *psrc = &coord->sources[p->origin];
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: duplicate mechanism id '%s' (first in %s: "
                          "%s %zu)", src->path, src->unit, number, id, psrc->path, psrc->unit,
                          p->line);
    }
    if (!rg_i_coord_pool_add(&coord->text, id, strlen(id), &m.id) ||
        !rg_i_coord_pool_add(&coord->text, name ? name : "", name ? strlen(name) : 0, &m.name) ||
        !rg_i_coord_pool_add(&coord->text, kind ? kind : "", kind ? strlen(kind) : 0, &m.kind) ||
        !rg_i_coord_pool_add(&coord->text, source_text ? source_text : "",
                  source_text ? strlen(source_text) : 0, &m.source) ||
        !rg_i_reserve((void **)&coord->mechs, &coord->mechs_cap, coord->nmechs + 1,
                      sizeof *coord->mechs) ||
        !rg_i_idmap_reserve(&coord->mech_ids))
        return RG_I_NOMEM();
    /* Members are grouped: a new mechanism's (empty) group starts after all of them. */
    m.first_member = coord->nmembers;
    coord->mechs[coord->nmechs] = m;
    rg_i_idmap_put(&coord->mech_ids, h, coord->nmechs);
    if (index)
        *index = coord->nmechs;
    coord->nmechs++;
    return RG_OK;
}

/* Opens the member list for appending: the pair table is rebuilt over the grouped rows. */
static rg_status open_members(rg_coordination *c)
{
    size_t i;
    if (c->members_open)
        return RG_OK;
    rg_i_idmap_clear(&c->member_pairs);
    for (i = 0; i < c->nmembers; i++) {
        if (!rg_i_idmap_reserve(&c->member_pairs))
            return RG_I_NOMEM();
        rg_i_idmap_put(&c->member_pairs,
                  member_hash(c->members[i].mechanism, rg_i_coord_text(c, c->members[i].id)), i);
    }
    c->members_open = 1;
    return RG_OK;
}

rg_status rg_i_coordination_add_member(rg_coordination *coord, size_t mech, const char *id,
                                       int kind, size_t number)
{
    const rg_i_coord_source *src;
    member_key key;
    rg_i_coord_member m;
    size_t prev;
    uint64_t h;
    rg_status st;
    if (!coord || !id || mech >= coord->nmechs ||
        (kind != RG_I_MEMBER_UNKNOWN && kind != RG_MEMBER_REGION && kind != RG_MEMBER_AGENCY))
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_add_member: coord, a mechanism index, "
                          "an id and a kind are required");
    memset(&m, 0, sizeof m);
    if ((st = origin_of(coord, RG_I_COORD_MEMBERS, &m.origin)) != RG_OK)
        return st;
    src = &coord->sources[m.origin];
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: member is empty", src->path, src->unit,
                          number);
    if ((st = open_members(coord)) != RG_OK)
        return st;
    key.mechanism = mech;
    key.id = id;
    h = member_hash(mech, id);
    if ((prev = rg_i_idmap_find(&coord->member_pairs, h, member_eq, coord, &key)) != SIZE_MAX) {
        const rg_i_coord_member *p = &coord->members[prev];
        const rg_i_coord_source *psrc = &coord->sources[p->origin];
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: mechanism '%s' lists member '%s' twice "
                          "(first in %s: %s %zu)", src->path, src->unit, number,
                          rg_i_coord_text(coord, coord->mechs[mech].id), id, psrc->path, psrc->unit,
                          p->line);
    }
    m.line = number;
    m.mechanism = mech;
    m.kind = kind == RG_MEMBER_AGENCY ? RG_MEMBER_AGENCY : RG_MEMBER_REGION;
    m.declared = (signed char)kind;
    if (!rg_i_coord_pool_add(&coord->text, id, strlen(id), &m.id) ||
        !rg_i_reserve((void **)&coord->members, &coord->members_cap, coord->nmembers + 1,
                      sizeof *coord->members) ||
        !rg_i_idmap_reserve(&coord->member_pairs))
        return RG_I_NOMEM();
    coord->members[coord->nmembers] = m;
    rg_i_idmap_put(&coord->member_pairs, h, coord->nmembers);
    coord->nmembers++;
    return RG_OK;
}

rg_status rg_i_coordination_add_agency(rg_coordination *coord, const char *id, const char *name,
                                       const char *level, int has_location, double lon,
                                       double lat, size_t number, size_t *index)
{
    return rg_i_coordination_add_agency_row(coord, id, name, level, has_location, lon, lat, NULL,
                                            number, index);
}

rg_status rg_i_coordination_add_agency_row(rg_coordination *coord, const char *id,
                                           const char *name, const char *level, int has_location,
                                           double lon, double lat, const char *jurisdiction,
                                           size_t number, size_t *index)
{
    const rg_i_coord_source *src;
    rg_i_coord_agency a;
    int li;
    rg_status st;
    if (!coord || !id || !level)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_add_agency: coord, id and level are "
                          "required");
    memset(&a, 0, sizeof a);
    if ((st = origin_of(coord, RG_I_COORD_AGENCIES, &a.source)) != RG_OK)
        return st;
    src = &coord->sources[a.source];
    a.line = number;
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: id is empty", src->path, src->unit, number);
    if ((li = rg_i_agency_level_index(level)) < 0)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: level '%s' is not one of " RG_I_AGENCY_LEVELS,
                          src->path, src->unit, number, level);
    a.level = (unsigned char)li;
    if (has_location) {
        if (!(fabs(lon) <= 180 && fabs(lat) <= 90))
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: location (%.17g, %.17g) is not a lon/lat "
                              "position", src->path, src->unit, number, lon, lat);
        a.lon = lon;
        a.lat = lat;
        a.has_location = 1;
    }
    if ((st = add_agency(coord, &a, id, name ? name : "", jurisdiction ? jurisdiction : "")) !=
        RG_OK)
        return st;
    if (index)
        *index = coord->nagencies - 1;
    return RG_OK;
}

typedef struct pending_key {
    size_t agency;
    const char *id;
} pending_key;

static int pending_eq(const void *ctx, size_t index, const void *key)
{
    const rg_coordination *c = ctx;
    const pending_key *k = key;
    return c->pending[index].agency == k->agency &&
           strcmp(rg_i_coord_text(c, c->pending[index].entry.id), k->id) == 0;
}

rg_status rg_i_coordination_add_jurisdiction(rg_coordination *coord, size_t a, const char *region,
                                             size_t number)
{
    const rg_i_coord_source *src;
    const rg_i_coord_agency *ag;
    rg_i_coord_jur_pending p;
    pending_key key;
    size_t prev, k;
    uint64_t h;
    rg_status st;
    if (!coord || !region || a >= coord->nagencies)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_add_jurisdiction: coord, an agency index "
                          "and a region id are required");
    memset(&p, 0, sizeof p);
    if ((st = origin_of(coord, RG_I_COORD_JURISDICTIONS, &p.entry.origin)) != RG_OK)
        return st;
    src = &coord->sources[p.entry.origin];
    ag = &coord->agencies[a];
    if (!*region)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: region is empty", src->path, src->unit,
                          number);
    /* Repeats among the grouped entries (few: they came with the agency) and the pending ones. */
    for (k = 0; k < ag->njur; k++)
        if (strcmp(rg_i_coord_text(coord, coord->jur[ag->first_jur + k].id), region) == 0)
            break;
    key.agency = a;
    key.id = region;
    h = member_hash(a, region);
    if (k < ag->njur ||
        (prev = rg_i_idmap_find(&coord->pending_ids, h, pending_eq, coord, &key)) != SIZE_MAX)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: agency '%s' lists jurisdiction '%s' twice",
                          src->path, src->unit, number, rg_i_coord_text(coord, ag->id), region);
    p.agency = a;
    p.entry.line = number;
    if (!rg_i_coord_pool_add(&coord->text, region, strlen(region), &p.entry.id) ||
        !rg_i_reserve((void **)&coord->pending, &coord->pending_cap, coord->npending + 1,
                      sizeof *coord->pending) ||
        !rg_i_idmap_reserve(&coord->pending_ids))
        return RG_I_NOMEM();
    coord->pending[coord->npending] = p;
    rg_i_idmap_put(&coord->pending_ids, h, coord->npending);
    coord->npending++;
    return RG_OK;
}

/* Merges the pending jurisdictions into the grouped list: each agency's entries, then its
 * pending ones in the order added. */
static rg_status group_jurisdictions(rg_coordination *c)
{
    rg_i_coord_jur_entry *merged = NULL;
    size_t *count = NULL, *next = NULL, i, k, total, pos = 0;
    rg_status st = RG_OK;
    total = c->njur + c->npending;
    if (total < c->njur || !(merged = rg_i_malloc_array(total ? total : 1, sizeof *merged)) ||
        !(count = rg_i_calloc_array(c->nagencies ? c->nagencies : 1, sizeof *count)) ||
        !(next = rg_i_calloc_array(c->nagencies ? c->nagencies : 1, sizeof *next))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < c->npending; i++)
        count[c->pending[i].agency]++;
    for (i = 0; i < c->nagencies; i++) {
        rg_i_coord_agency *a = &c->agencies[i];
        for (k = 0; k < a->njur; k++)
            merged[pos + k] = c->jur[a->first_jur + k];
        a->first_jur = pos;
        next[i] = pos + a->njur;
        a->njur += count[i];
        pos += a->njur;
    }
    for (i = 0; i < c->npending; i++)
        merged[next[c->pending[i].agency]++] = c->pending[i].entry;
    free(c->jur);
    c->jur = merged;
    merged = NULL;
    c->njur = c->jur_cap = total;
    c->npending = 0;
    rg_i_idmap_clear(&c->pending_ids);
cleanup:
    free(merged);
    free(count);
    free(next);
    return st;
}

rg_status rg_i_coordination_finish(rg_coordination *coord)
{
    rg_status st;
    if (!coord)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_finish: coord is required");
    if (coord->members_open) {
        if ((st = group_members(coord)) != RG_OK)
            return st;
        coord->members_open = 0;
        rg_i_idmap_clear(&coord->member_pairs);
    }
    if (coord->npending && (st = group_jurisdictions(coord)) != RG_OK)
        return st;
    return RG_OK;
}

