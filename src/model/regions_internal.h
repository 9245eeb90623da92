/* Internals of rg_regions shared by the readers (shapefile, graph file) and the algorithms. */
#ifndef RG_REGIONS_INTERNAL_H
#define RG_REGIONS_INTERNAL_H

#include "regiongraph/regions.h"

typedef struct rg_i_field {
    char *name;
    rg_field_type type;
    int width;     /* from the source, for writers that keep it; 0 when unknown */
    int precision;
} rg_i_field;

typedef struct rg_i_value {
    char *text;    /* NULL means a null value; always set for non-null values of any type */
    int64_t i;
    double d;
} rg_i_value;

/* Strings of a layer (ids, names, text values) are copied into chunks that are freed together:
 * one allocation per chunk instead of several per region. */
typedef struct rg_i_text_chunk rg_i_text_chunk;

struct rg_regions {
    size_t n, cap;
    char **ids;   /* into `text` */
    char **names; /* into `text`; the id's own string when the region has no name */
    size_t nfields;
    rg_i_field *fields;
    rg_i_value *values; /* n * nfields, row-major; texts into `text` */
    rg_i_text_chunk *text; /* newest chunk first */

    size_t npoly, nring, npts;
    size_t ring_start_cap, pt_start_cap, xy_cap; /* capacities, in elements */
    size_t *poly_start; /* n + 1 */
    size_t *ring_start; /* npoly + 1 */
    size_t *pt_start;   /* nring + 1 */
    double *xy;         /* 2 * npts */

    char *crs_wkt;
    int geographic;
    double unit_metres;
    char *source;
    char *id_field;   /* name of the field the ids came from (NULL if none) */
    char *name_field; /* name of the field the names came from (NULL: the ids) */
    size_t null_count;

    /* Hierarchy and id index, built on first use by rg_i_regions_index() (a cache: the layer is
     * otherwise read-only once built). */
    int indexed;
    size_t nlevels;
    char **level_names;
    size_t *level;   /* per region */
    long *parent;    /* per region, -1 for none */
    size_t id_slots; /* open-addressing table of region indices, size a power of two */
    size_t *id_table;
};

/* Builder used by readers: a new empty layer with the given fields (copied). */
rg_status rg_i_regions_new(const char *source, size_t nfields, const rg_i_field *fields,
                           rg_regions **out);
/* Makes room for n regions, so that a reader that knows the count does not copy the per-region
 * arrays as they grow. */
rg_status rg_i_regions_reserve(rg_regions *r, size_t n);
/* Starts region n (the next one); id and name are copied; values (nfields entries) are moved
 * in: their texts (malloc'd) are copied into the layer's strings and freed, and the text
 * pointers are set to NULL in the caller's array. A name that is one of the values' texts is
 * stored once. */
rg_status rg_i_regions_begin(rg_regions *r, const char *id, const char *name, rg_i_value *values);
/* Starts a new polygon in the current region. */
rg_status rg_i_regions_add_polygon(rg_regions *r);
/* Adds a ring (exterior first) to the current polygon; the points are copied, and the ring is
 * closed if the last point differs from the first. Rings of fewer than 3 distinct points
 * are ignored. */
rg_status rg_i_regions_add_ring(rg_regions *r, const double *xy, size_t npts);
/* Ends the current region; a region with no polygon counts as null. */
rg_status rg_i_regions_end(rg_regions *r);
/* Sets the CRS (the WKT is copied). */
rg_status rg_i_regions_set_crs(rg_regions *r, const char *wkt, int geographic, double unit_metres);
/* Records which fields gave the ids and names (copied; either may be NULL). */
rg_status rg_i_regions_set_key_fields(rg_regions *r, const char *id_field, const char *name_field);
/* Checks ids are non-empty and unique; on failure names the first offending record (1-based,
 * as DBF tools count) and the id field. */
rg_status rg_i_regions_check_ids(const rg_regions *r, const char *file, const char *id_field);

/* Whether two strings are equal ignoring ASCII case (and only ASCII, whatever the locale): how
 * SQLite, GDAL and DBF tools compare field names, so a GeoPackage cannot hold "NAME" and
 * "name" side by side. O(length). */
int rg_i_ascii_caseeq(const char *a, const char *b);

/* Builds the level/parent arrays and the id hash if not built yet. */
rg_status rg_i_regions_index(const rg_regions *r);
/* Drops the index (after the layer changed). */
void rg_i_regions_unindex(rg_regions *r);

/* Most numbers rg_i_number_list() writes out; the rest is "...". */
#define RG_I_LISTED_NUMBERS 10

/* Writes "NOUNs 4, 9" / "NOUN 3" / "NOUNs 1, 2, ..., 10, ..." for messages about records or
 * features (count may exceed the RG_I_LISTED_NUMBERS numbers given). */
void rg_i_number_list(const char *noun, const size_t *numbers, size_t count, char *buf,
                      size_t size);

#endif
