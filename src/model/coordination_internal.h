/* Building rg_coordination row by row, for the readers of every source (the CSV files, point
 * layers, the graph file), and the lookups and checks they share. */
#ifndef RG_COORDINATION_INTERNAL_H
#define RG_COORDINATION_INTERNAL_H

#include <stddef.h>

#include "regiongraph/coordination.h"
#include "regiongraph/regions.h"
#include "regiongraph/status.h"

/* The tables rows are added to; each has an origin for messages. */
typedef enum rg_i_coord_table {
    RG_I_COORD_MECHANISMS = 0,
    RG_I_COORD_MEMBERS,
    RG_I_COORD_AGENCIES,
    RG_I_COORD_JURISDICTIONS
} rg_i_coord_table;

/* A member whose kind the source does not say (rg_i_coordination_add_member). */
#define RG_I_MEMBER_UNKNOWN (-1)

/* The agency levels, in the order of rg_i_agency_level_index(), as messages list them. */
#define RG_I_AGENCY_LEVELS "national, provincial, municipal, county"

/* Index of a level name (any case: people type "National" in spreadsheets), or -1. */
int rg_i_agency_level_index(const char *level);

/* Moves *s and shortens *n past the blanks (spaces and tabs) around the n bytes at *s: how
 * every coordination source trims a cell or a list entry. */
void rg_i_coordination_trim(const char **s, size_t *n);

/* A new, empty coordination set (free with rg_coordination_free()). Until an origin is set,
 * every table's rows are said to come from "(memory)", unit "row". */
rg_status rg_i_coordination_new(rg_coordination **out);

/* Where the rows of a table added from now on come from, for messages of the form
 * "PATH: UNIT N: ..." (N being the number given with each row): e.g. path "g.gpkg" and unit
 * "members feature". Both strings are copied. */
rg_status rg_i_coordination_set_origin(rg_coordination *coord, rg_i_coord_table table,
                                       const char *path, const char *unit);

/* Adds a mechanism; id must be non-empty and new, year 0 (none) or 1..9999; name, kind and
 * source may be NULL (empty). number is the row's line or feature number, for messages.
 * *index (may be NULL) receives the mechanism's index. O(1) expected. */
rg_status rg_i_coordination_add_mechanism(rg_coordination *coord, const char *id,
                                          const char *name, const char *kind, int year,
                                          const char *source, size_t number, size_t *index);

/* Adds a member (a region or agency id) to mechanism m, after the ones it already has. kind is
 * RG_MEMBER_REGION, RG_MEMBER_AGENCY, or RG_I_MEMBER_UNKNOWN; a known kind is checked by
 * rg_coordination_resolve(), which fails when it is not what the id turns out to be. A
 * mechanism listing the same id twice is an error. Members may be added in any mechanism
 * order; they are grouped by rg_i_coordination_finish(). O(1) expected. */
rg_status rg_i_coordination_add_member(rg_coordination *coord, size_t m, const char *id, int kind,
                                       size_t number);

/* Adds an agency; id must be non-empty and new among the agencies; level is one of national,
 * provincial, municipal, county (any case); the location, when has_location, must be lon/lat
 * in range. name may be NULL (empty). *index (may be NULL) receives the agency's index. O(1)
 * expected. */
rg_status rg_i_coordination_add_agency(rg_coordination *coord, const char *id, const char *name,
                                       const char *level, int has_location, double lon,
                                       double lat, size_t number, size_t *index);

/* rg_i_coordination_add_agency() for a row that gives the agency's jurisdiction as one text:
 * region ids separated by ';', each trimmed, empty entries skipped, a repeated one an error.
 * jurisdiction may be NULL (none). O(length of the list) expected. */
rg_status rg_i_coordination_add_agency_row(rg_coordination *coord, const char *id,
                                           const char *name, const char *level, int has_location,
                                           double lon, double lat, const char *jurisdiction,
                                           size_t number, size_t *index);

/* Adds a region id to the jurisdiction of agency a (after its others); the same region twice
 * for one agency is an error. Grouped by rg_i_coordination_finish(). O(1) expected. */
rg_status rg_i_coordination_add_jurisdiction(rg_coordination *coord, size_t a, const char *region,
                                             size_t number);

/* Groups the members and jurisdictions added since the last call under their mechanisms and
 * agencies (in the order added). The accessors of coordination.h see them only after this;
 * rg_coordination_resolve() calls it too. Calling it with nothing added does nothing.
 * O(members + jurisdictions + mechanisms + agencies). */
rg_status rg_i_coordination_finish(rg_coordination *coord);

/* Index of a mechanism by id, or -1. O(1) expected. */
long rg_i_coordination_mechanism_index(const rg_coordination *coord, const char *id);

/* The number (line or feature) mechanism m was added with, for a reader's own messages; 0 when
 * there is no mechanism m. O(1). */
size_t rg_i_coordination_mechanism_number(const rg_coordination *coord, size_t m);

/* The number member id of mechanism m was added with, or SIZE_MAX when m does not list it: a
 * reader's check for a repeated row, before rg_i_coordination_add_member().
 * O(1) expected while members are being added, O(members of m) after a finish. */
size_t rg_i_coordination_member_number(const rg_coordination *coord, size_t m, const char *id);

/* What a reader adds, so that a failed read can leave the set as it was: the counts of the
 * tables and the origins, taken by rg_i_coordination_mark(). */
typedef struct rg_i_coord_mark {
    size_t nagencies, njur, text_len, nsources;
    size_t origin[RG_I_COORD_JURISDICTIONS + 1], memory_origin;
} rg_i_coord_mark;

void rg_i_coordination_mark(const rg_coordination *coord, rg_i_coord_mark *mark);

/* Gives the origins back the values they had at the mark: a reader that set its own for the rows
 * it added leaves later rows to the caller's. The rows stay. */
void rg_i_coordination_restore_origins(rg_coordination *coord, const rg_i_coord_mark *mark);

/* Removes the agencies (with their jurisdiction lists) and origins added since the mark, and
 * restores the origins. Only agencies may have been added since: mechanisms, members and
 * jurisdictions added one by one are not undone. O(agencies). */
void rg_i_coordination_rollback(rg_coordination *coord, const rg_i_coord_mark *mark);

/* Warns, naming file, line, mechanism and both levels, about each region member whose id is a
 * region of two levels (a unit that is its own parent: Shanghai, 310000, province and
 * prefecture-level unit), saying which level it is taken as (rg_regions_find's, the higher);
 * the first ten, then how many more. Call after rg_coordination_resolve(). Gives the number of
 * such members. O(members x levels) expected. */
size_t rg_i_coordination_warn_levels(const rg_coordination *coord, const rg_regions *regions);

#endif
