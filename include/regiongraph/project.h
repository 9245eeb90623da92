/* regiongraph — project files: which layers, fields and coordination files make a build.
 *
 * An INI file (parsed with inih); paths are relative to the project file's directory:
 *
 *   [project]
 *   name = Founding case
 *   output = regiongraph.gpkg     ; graph file build writes (relative to the current directory)
 *   contiguity = queen            ; or rook
 *   lengths = geodesic            ; optional: geodesic border lengths for projected layers too
 *   level = prefectures           ; default analysis level (a layer name)
 *   snap = 50m                    ; optional: tolerant contiguity within 50 m (see
 *                                 ; rg_distance_parse(): 50m, 0.05km, or map units)
 *   islands = 1                   ; optional: link each region without neighbours to its
 *                                 ; nearest region (a non-negative integer: how many)
 *   near = 1km                    ; optional: radius of the near-miss diagnostics
 *
 *   [layer provinces]             ; layers from the top of the hierarchy down
 *   file = provinces.shp
 *   id = code
 *   name = name_en
 *   encoding = UTF-8              ; optional
 *   s_srs = EPSG:2193             ; optional: the layer's CRS, declared or overriding its own
 *
 *   [layer prefectures]
 *   file = prefectures.shp
 *   id = code
 *   name = name_en
 *   parent = province             ; field holding the id of the parent in the layer above
 *
 *   [coordination]
 *   mechanisms = mechanisms.csv
 *   members = members.csv
 *   agencies = agencies.csv       ; optional
 *   agency_layer = offices.shp    ; optional: agencies from a point layer (any OGR source,
 *                                 ; FILE:LAYER picks a layer), with the fields below
 *   agency_id = code              ; required with agency_layer
 *   agency_name = title           ; optional (default: the id)
 *   agency_level = level          ; field with the level, or:
 *   agency_level_default = provincial ; the level of every agency of the layer
 *   agency_jurisdiction = regions ; optional field: region ids separated by ';'
 *
 * Unknown sections or keys, a missing required key (file, id), a repeated layer or a value
 * that does not parse (contiguity, lengths, snap, islands, near) are errors naming the file and
 * line.
 */
#ifndef REGIONGRAPH_PROJECT_H
#define REGIONGRAPH_PROJECT_H

#include <stddef.h>

#include "regiongraph/adjacency.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Units of a distance given by a user. */
typedef enum rg_unit {
    RG_UNIT_MAP = 0,  /* the layer's own units (degrees for geographic layers) */
    RG_UNIT_METRE = 1
} rg_unit;

/* Parses a user's distance: a non-negative finite number, optionally followed by "m" or "km"
 * (read as metres; "km" is multiplied by 1000), no suffix meaning map units: "50m", "0.05km",
 * "0.001". Anything else is RG_ERR_ARG with a message quoting the text. */
RG_API rg_status rg_distance_parse(const char *text, double *value, rg_unit *unit);

/* Parses a contiguity name: "queen" or "rook", exactly. Anything else is RG_ERR_ARG with a
 * message quoting the text, *kind left untouched. The one reading of these names, shared by the
 * project reader and the command line. */
RG_API rg_status rg_contiguity_parse(const char *text, rg_contiguity *kind);

/* The name rg_contiguity_parse() reads back: "queen" or "rook" (NULL for another value). */
RG_API const char *rg_contiguity_name(rg_contiguity kind);

/* How border lengths are measured (the project's `lengths`). Lon/lat layers are always measured
 * geodesically; the choice is about projected layers. */
typedef enum rg_lengths {
    RG_LENGTHS_UNSET = 0, /* the key is absent: as planar, unless the build asks for geodesic */
    RG_LENGTHS_PLANAR,    /* in the CRS's units, converted to km */
    RG_LENGTHS_GEODESIC   /* on WGS84 between the stretches' end points */
} rg_lengths;

typedef struct rg_project_layer {
    char *name;     /* the section's name, e.g. "prefectures" */
    char *file;     /* resolved against the project directory */
    char *id;       /* id field */
    char *label;    /* name field, or NULL */
    char *encoding; /* or NULL */
    char *parent;   /* parent field, or NULL (required for every layer but the first when the
                       hierarchy is used; a layer without it starts no hierarchy link) */
    char *s_srs;    /* the layer's CRS as given (rg_read_options.s_srs), or NULL */
} rg_project_layer;

/* A project, its keys parsed: each optional setting comes with a flag saying whether the file
 * gave it (the build's options may override it; rg_build_project() says what applies then). */
typedef struct rg_project {
    char *path;        /* the project file as given */
    char *name;        /* or NULL */
    char *output;      /* or NULL: the caller's default */
    int contiguity_set;        /* 0: no `contiguity` key (queen) */
    rg_contiguity contiguity;
    rg_lengths lengths;
    char *level;       /* default analysis level, or NULL: the last layer */
    /* `snap`, the tolerance of tolerant contiguity, as rg_distance_parse() reads it (0: exact).
     * snap_text keeps it as written, for messages that echo it ("within 50m"), or NULL. */
    int snap_set;
    double snap;
    rg_unit snap_unit;
    char *snap_text;
    int islands_set;   /* `islands`: how many nearest regions a region without neighbours is */
    size_t islands;    /* linked to */
    int near_set;      /* `near`, the radius of the near-miss diagnostics */
    double near;
    rg_unit near_unit;
    size_t nlayers;
    rg_project_layer *layers;
    char *mechanisms;  /* resolved paths, or NULL */
    char *members;
    char *agencies;
    char *agency_layer;          /* resolved path, or NULL */
    char *agency_id;             /* field names, or NULL */
    char *agency_name;
    char *agency_level;
    char *agency_level_default;  /* a level value */
    char *agency_jurisdiction;
} rg_project;

/* Reads a project file. On success *out is new; free with rg_project_free(). */
RG_API rg_status rg_project_read(const char *path, rg_project **out);

/* A project of one layer, what a front end builds from a file and a few fields instead of a
 * project file: the layer `file` (any source rg_regions_read() takes, FILE:LAYER included) is
 * named after the file (its base name up to the last dot) and the project's path is the file,
 * for messages. id_field, name_field and encoding may be NULL (the reader's defaults). No
 * setting is set: the build's options or defaults apply. Strings are copied. On success *out is
 * new; free with rg_project_free(). */
RG_API rg_status rg_project_new_single_layer(const char *file, const char *id_field,
                                             const char *name_field, const char *encoding,
                                             rg_project **out);

/* Sets the CRS of layer `layer` (see rg_read_options.s_srs; NULL or "": the file's), replacing
 * what it had. The string is copied; RG_ERR_ARG for a layer out of range, RG_ERR_NOMEM leaves
 * the project as it was. */
RG_API rg_status rg_project_layer_set_s_srs(rg_project *project, size_t layer, const char *s_srs);

/* Sets a project's coordination files, as [coordination]'s mechanisms, members and agencies
 * (NULL: none), replacing what it had. Strings are copied; RG_ERR_NOMEM leaves the project as
 * it was. */
RG_API rg_status rg_project_set_coordination(rg_project *project, const char *mechanisms,
                                             const char *members, const char *agencies);

/* Sets a project's agency point layer and its fields, as [coordination]'s agency_layer,
 * agency_id, agency_name, agency_level, agency_level_default and agency_jurisdiction (NULL:
 * none), replacing what it had. Strings are copied; RG_ERR_NOMEM leaves the project as it was. */
RG_API rg_status rg_project_set_agency_layer(rg_project *project, const char *layer,
                                             const char *id_field, const char *name_field,
                                             const char *level_field, const char *level_default,
                                             const char *jurisdiction_field);

RG_API void rg_project_free(rg_project *project);

#ifdef __cplusplus
}
#endif
#endif
