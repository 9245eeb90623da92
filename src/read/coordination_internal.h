/* Building rg_coordination row by row, for readers other than the CSV reader (the graph file),
 * and the lookups they need. */
#ifndef RG_COORDINATION_INTERNAL_H
#define RG_COORDINATION_INTERNAL_H

#include <stddef.h>

#include "regiongraph/coordination.h"
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

#endif
