/* List fields of the GIS formats that have no list type (list_field.c). */
#ifndef RG_LIST_FIELD_INTERNAL_H
#define RG_LIST_FIELD_INTERNAL_H

#include <stddef.h>

#include "regiongraph/status.h"

/* A JSON array of strings (and nulls, which become empty items) joined with sep; text that is
 * no such array is returned as it is. New string (free), NULL when out of memory. */
char *rg_i_json_list_join(const char *json, char sep);

/* Rewrites fields (indices) of the shapefile at path from JSON arrays to ';'-joined text. */
rg_status rg_i_shapefile_join_lists(const char *path, const int *fields, size_t count);

#endif
