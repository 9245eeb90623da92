/* The graph file's schema, shared by its writer (graphfile_write.c) and its reader
 * (graphfile_read.c): format name and version, table names, the columns of each table, and the
 * GDAL error helpers both sides use (the `contact` words are contact_internal.h's).
 *
 * The file is a GeoPackage. Layers: `regions` (one MultiPolygon feature per region, FID = region
 * index + 1, every source field), `borders` (one feature per adjacent pair: MultiLineString for
 * stretches, MultiPoint for touching points; `level` names the level of both sides, since a code
 * shared by levels names a region on each; `contact` is border, point or island (rg_contact) and
 * `gap_km` the distance bridged, both absent from files written before tolerant contiguity, whose
 * contact follows `kind`) and the attribute table `rg_meta` (key, value). Coordinates go in and
 * out as WKB / strided arrays so they survive bit for bit.
 *
 * Coordination data, when the graph has it, adds the tables `mechanisms` (id, name, kind, year,
 * source), `members` (mechanism, member, kind; grouped by mechanism, in their order) and
 * `jurisdictions` (agency, region), and the point layer `agencies` (id, name, level; lon/lat
 * WGS84, null geometry without a location). rg_meta says `coordination` yes or no, and `level`
 * holds the default analysis level when there is one. Files written before these existed have
 * neither key and read back without coordination. The derived table `coverage` (mechanism,
 * region, via: who covers what at the default level, rg_coverage_via) is written for GIS users
 * and never read.
 */
#ifndef RG_GRAPHFILE_INTERNAL_H
#define RG_GRAPHFILE_INTERNAL_H

#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include "base/error_internal.h"
#include "regiongraph/adjacency.h"
#include "regiongraph/graph.h"
#include "regiongraph/graphfile.h"
#include "write/contact_internal.h"

/* rg_meta `format` and `version`: a reader refuses any other. */
#define RG_I_GRAPHFILE_FORMAT "regiongraph"
#define RG_I_GRAPHFILE_VERSION "1"

/* Table and layer names. */
#define RG_I_GF_REGIONS "regions"
#define RG_I_GF_BORDERS "borders"
#define RG_I_GF_META "rg_meta"
#define RG_I_GF_MECHANISMS "mechanisms"
#define RG_I_GF_MEMBERS "members"
#define RG_I_GF_AGENCIES "agencies"
#define RG_I_GF_JURISDICTIONS "jurisdictions"
#define RG_I_GF_MEASURES "rg_measures"
#define RG_I_GF_COVERAGE "coverage"

/* One column of a table: its name, type and width (0: none). */
typedef struct rg_i_gf_field {
    const char *name;
    OGRFieldType type;
    int width;
} rg_i_gf_field;

/* The columns of each table, in the order the writer creates and fills them; the reader looks
 * them up by name (a file edited by another tool may have them in any order). `level`,
 * `contact` and `gap_km` of the borders are optional when reading (older files). */
enum { RG_I_GF_ID_A, RG_I_GF_ID_B, RG_I_GF_KIND, RG_I_GF_LENGTH_KM, RG_I_GF_LEVEL,
       RG_I_GF_CONTACT, RG_I_GF_GAP_KM, RG_I_GF_BORDER_COLUMNS };
extern const rg_i_gf_field rg_i_gf_borders[RG_I_GF_BORDER_COLUMNS];
/* The names of length_km and gap_km in the graph file of a map in unknown map units (no CRS,
 * not lon/lat; rg_i_crs_wkt_map_units); files written before them have the km names. */
#define RG_I_GF_LENGTH_MU "length_mu"
#define RG_I_GF_GAP_MU "gap_mu"

enum { RG_I_GF_META_KEY, RG_I_GF_META_VALUE, RG_I_GF_META_COLUMNS };
extern const rg_i_gf_field rg_i_gf_meta[RG_I_GF_META_COLUMNS];

/* start and end (ISO 8601 text, rg_date_parse) are optional when reading (older files) */
enum { RG_I_GF_MECH_ID, RG_I_GF_MECH_NAME, RG_I_GF_MECH_KIND, RG_I_GF_MECH_YEAR,
       RG_I_GF_MECH_SOURCE, RG_I_GF_MECH_START, RG_I_GF_MECH_END, RG_I_GF_MECHANISM_COLUMNS };
#define RG_I_GF_MECHANISM_REQUIRED RG_I_GF_MECH_START
extern const rg_i_gf_field rg_i_gf_mechanisms[RG_I_GF_MECHANISM_COLUMNS];

enum { RG_I_GF_MEMBER_MECHANISM, RG_I_GF_MEMBER_MEMBER, RG_I_GF_MEMBER_KIND,
       RG_I_GF_MEMBER_COLUMNS };
extern const rg_i_gf_field rg_i_gf_members[RG_I_GF_MEMBER_COLUMNS];

enum { RG_I_GF_AGENCY_ID, RG_I_GF_AGENCY_NAME, RG_I_GF_AGENCY_LEVEL, RG_I_GF_AGENCY_COLUMNS };
extern const rg_i_gf_field rg_i_gf_agencies[RG_I_GF_AGENCY_COLUMNS];

enum { RG_I_GF_JUR_AGENCY, RG_I_GF_JUR_REGION, RG_I_GF_JURISDICTION_COLUMNS };
extern const rg_i_gf_field rg_i_gf_jurisdictions[RG_I_GF_JURISDICTION_COLUMNS];

/* The stored measures (graphfile_measures.c): written after rg_meta when the graph holds
 * some; read when rg_meta has `measures_key` (key) and the table exists, else nothing. */
rg_status rg_i_gf_write_measures(GDALDatasetH ds, const rg_graph *graph, const char *path);
rg_status rg_i_gf_read_measures(GDALDatasetH ds, const char *key, const char *extra,
                                rg_graph *graph, const char *path);
/* Writes the derived table `coverage` (mechanism, region, via) of a graph with coordination
 * data, at its default level, in its own transaction (graphfile_coverage.c). */
rg_status rg_i_gf_write_coverage(GDALDatasetH ds, const rg_graph *graph, const char *path);
/* The start and end columns of mechanism m's row (graphfile_coverage.c), written and read. */
void rg_i_gf_set_dates(OGRFeatureH feat, const rg_coordination *c, size_t m);
rg_status rg_i_gf_read_dates(OGRFeatureH feat, const int *col, rg_coordination *c, size_t m,
                             const char *path);

/* st with "path: what" and GDAL's last error message, when it has one. */
static inline rg_status rg_i_gf_gdal_fail(rg_status st, const char *path, const char *what)
{
    const char *msg = CPLGetLastErrorMsg();
    if (msg && *msg)
        return rg_i_error(st, "%s: %s: %s", path, what, msg);
    return rg_i_error(st, "%s: %s", path, what);
}

/* Closes a dataset after a failure without letting what GDAL says then overwrite the message
 * of the failure itself. */
static inline void rg_i_gf_close_quietly(GDALDatasetH ds)
{
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALClose(ds);
    CPLPopErrorHandler();
}

/* Asked by rg_i_graph_write_gated() once the file is complete and synced, before it is put in
 * place: anything but RG_OK (with its message set in this thread) throws the file away. */
typedef rg_status (*rg_i_commit_gate)(void *data);

/* rg_graph_write_ex() that asks gate (unless NULL) before the rename; a write that fails
 * earlier never asks it. */
rg_status rg_i_graph_write_gated(const rg_graph *graph, const char *path,
                                 const rg_graph_write_options *options, rg_i_commit_gate gate,
                                 void *gate_data);

#endif
