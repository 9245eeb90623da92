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
 * Unknown sections or keys, a missing required key (file, id) or a repeated layer are errors
 * naming the file and line.
 */
#ifndef REGIONGRAPH_PROJECT_H
#define REGIONGRAPH_PROJECT_H

#include <stddef.h>

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
rg_status rg_distance_parse(const char *text, double *value, rg_unit *unit);

typedef struct rg_project_layer {
    char *name;     /* the section's name, e.g. "prefectures" */
    char *file;     /* resolved against the project directory */
    char *id;       /* id field */
    char *label;    /* name field, or NULL */
    char *encoding; /* or NULL */
    char *parent;   /* parent field, or NULL (required for every layer but the first when the
                       hierarchy is used; a layer without it starts no hierarchy link) */
} rg_project_layer;

typedef struct rg_project {
    char *path;        /* the project file as given */
    char *name;        /* or NULL */
    char *output;      /* or NULL: the caller's default */
    char *contiguity;  /* "queen", "rook" or NULL */
    char *lengths;     /* "geodesic", "planar" or NULL (planar for projected layers) */
    char *level;       /* default analysis level, or NULL: the last layer */
    char *snap;        /* tolerance as written (checked by rg_distance_parse()), or NULL */
    char *islands;     /* a non-negative integer as written, or NULL */
    char *near;        /* near-miss radius as written (a distance), or NULL */
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
rg_status rg_project_read(const char *path, rg_project **out);
void rg_project_free(rg_project *project);

#ifdef __cplusplus
}
#endif
#endif
