/* The layout of rg_coordination (rows, text pool, id tables), shared by the two files of the
 * model: coordination.c (lookups, resolution, accessors) and coordination_build.c (adding rows).
 * Everything else goes through coordination_internal.h and coordination.h. */
#ifndef RG_COORDINATION_ROWS_INTERNAL_H
#define RG_COORDINATION_ROWS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/hash_internal.h"
#include "model/coordination_internal.h"

/* Strings of every row, each NUL-terminated; rows hold offsets (the buffer moves as it grows). */
typedef struct rg_i_text_pool {
    char *buf;
    size_t len, cap;
} rg_i_text_pool;

/* Rows: strings as pool offsets, and where each came from (an index into sources, and the line
 * or feature number) for messages. */
typedef struct rg_i_coord_mechanism {
    size_t id, name, kind, source; /* pool offsets */
    size_t origin;                 /* index into sources */
    size_t line;
    size_t first_member, nmembers;
    int year;
    long start, end; /* YYYYMMDD (MMDD 0000: the year only), 0: none; see rg_date_parse */
} rg_i_coord_mechanism;

typedef struct rg_i_coord_member {
    size_t id; /* pool offset */
    size_t origin; /* index into sources */
    size_t line;
    size_t mechanism;
    unsigned char kind;  /* rg_member_kind */
    signed char declared; /* the kind the source states, or RG_I_MEMBER_UNKNOWN */
} rg_i_coord_member;

typedef struct rg_i_coord_agency {
    size_t id, name;   /* pool offsets */
    size_t source;     /* index into sources */
    size_t line;       /* line (CSV) or feature number (layer) */
    size_t first_jur, njur;
    double lon, lat;
    unsigned char level; /* as rg_i_agency_level_index() numbers them */
    unsigned char has_location;
} rg_i_coord_agency;

/* A region id under an agency's jurisdiction, and where it was listed (for messages). */
typedef struct rg_i_coord_jur_entry {
    size_t id; /* pool offset */
    size_t origin, line;
} rg_i_coord_jur_entry;

/* A jurisdiction added through the builder, waiting for rg_i_coordination_finish(). */
typedef struct rg_i_coord_jur_pending {
    size_t agency;
    rg_i_coord_jur_entry entry;
} rg_i_coord_jur_pending;

/* Where rows came from, for messages: "agencies.csv: line 4" or "hq.geojson: feature 2". */
typedef struct rg_i_coord_source {
    char *path;
    char *unit;
} rg_i_coord_source;

/* An origin not set yet. */
#define RG_I_NO_ORIGIN SIZE_MAX

struct rg_coordination {
    rg_i_text_pool text;
    rg_i_coord_mechanism *mechs;
    size_t nmechs, mechs_cap;
    rg_i_coord_member *members; /* grouped by mechanism, file order within each */
    size_t nmembers, members_cap;
    rg_i_coord_agency *agencies;
    size_t nagencies, agencies_cap;
    rg_i_coord_jur_entry *jur; /* jurisdiction region ids, agency after agency */
    size_t njur, jur_cap;
    rg_i_coord_source *sources;
    size_t nsources, sources_cap;
    rg_i_idmap mech_ids, agency_ids;

    /* Builder state (coordination_internal.h). Members added since the last finish are
     * appended to members in the order added, and member_pairs (row indices into members)
     * catches a pair added twice; jurisdictions wait in pending, with pending_ids (indices
     * into pending) for repeats. */
    size_t origin[RG_I_COORD_JURISDICTIONS + 1]; /* each table's source, or RG_I_NO_ORIGIN */
    size_t memory_origin; /* the source "(memory)", or RG_I_NO_ORIGIN until needed */
    int members_open;
    rg_i_idmap member_pairs;
    rg_i_coord_jur_pending *pending;
    size_t npending, pending_cap;
    rg_i_idmap pending_ids;
};

/* The string at offset off of the pool. */
static inline const char *rg_i_coord_text(const rg_coordination *c, size_t off)
{
    return c->text.buf + off;
}

/* Copies the n bytes at s into the pool, NUL-terminated, and gives their offset (0, the empty
 * string, for n == 0); 0 when out of memory. Amortised O(n). */
int rg_i_coord_pool_add(rg_i_text_pool *p, const char *s, size_t n, size_t *off);

/* The index of the mechanism or agency with this id, or SIZE_MAX. O(1) expected. */
size_t rg_i_coord_find_mechanism(const rg_coordination *c, const char *id);
size_t rg_i_coord_find_agency(const rg_coordination *c, const char *id);

#endif
