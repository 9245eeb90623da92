/* regiongraph — coordination data: agencies, mechanisms and their members.
 *
 * Read from plain CSV files a person edits in a spreadsheet (RFC 4180 quoting, UTF-8, a header
 * row naming the columns, in any order; a UTF-8 byte-order mark is accepted):
 *
 *   mechanisms.csv   id, name, kind, year, source          one row per mechanism
 *   members.csv      mechanism, member                     one row per membership; member is a
 *                                                          region id (any level) or an agency id
 *   agencies.csv     id, name, level, lon, lat, jurisdiction
 *                    level is national, provincial, municipal or county; lon/lat may be empty;
 *                    jurisdiction lists region ids separated by ';' (may be empty)
 *
 * Agencies may also come from a point layer (a shapefile or any OGR layer). Every problem is
 * reported with the file and the line (1-based, the header being line 1).
 */
#ifndef REGIONGRAPH_COORDINATION_H
#define REGIONGRAPH_COORDINATION_H

#include <stddef.h>

#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rg_coordination rg_coordination;

/* Member kinds after resolution. */
typedef enum rg_member_kind { RG_MEMBER_REGION = 0, RG_MEMBER_AGENCY = 1 } rg_member_kind;

/* Reads the three files; agencies may be NULL (no agencies). Checks: required columns present,
 * quoting balanced, text valid UTF-8, ids non-empty and unique within their file, every
 * membership names a known mechanism, years are integers, lon/lat are numbers in range, no row is
 * listed twice. Member ids are not checked against regions here: see rg_coordination_resolve().
 * On success *out is new (free with rg_coordination_free()). */
RG_API rg_status rg_coordination_read(const char *mechanisms_csv, const char *members_csv,
                                      const char *agencies_csv, rg_coordination **out);

/* Adds agencies from a point layer (a shapefile or anything OGR reads; "FILE:LAYER" picks a
 * layer). Locations come from the points, transformed to lon/lat WGS84. level_field NULL: every
 * agency gets level_default; jurisdiction_field NULL: no jurisdiction (else ';'-separated ids).
 * Ids must not repeat agency ids already read. Errors name the file and the feature. */
RG_API rg_status rg_coordination_add_agency_layer(rg_coordination *coord, const char *path,
                                                  const char *id_field, const char *name_field,
                                                  const char *level_field, const char *level_default,
                                                  const char *jurisdiction_field);

/* Answers whether an id is a known region (at any level). */
typedef int (*rg_region_lookup_fn)(const char *id, void *user_data);

/* Checks every member and every jurisdiction entry against the regions (through lookup) and the
 * agencies: a member that is neither is an error naming the file and line; an id that is both a
 * region and an agency is an error too. After this, member kinds are known. */
RG_API rg_status rg_coordination_resolve(rg_coordination *coord, rg_region_lookup_fn lookup,
                                         void *user_data);

RG_API void rg_coordination_free(rg_coordination *coord);

RG_API size_t rg_coordination_mechanism_count(const rg_coordination *coord);
RG_API const char *rg_coordination_mechanism_id(const rg_coordination *coord, size_t m);
RG_API const char *rg_coordination_mechanism_name(const rg_coordination *coord, size_t m);
RG_API const char *rg_coordination_mechanism_kind(const rg_coordination *coord, size_t m);
/* Year, or 0 when the cell was empty. */
RG_API int rg_coordination_mechanism_year(const rg_coordination *coord, size_t m);
RG_API const char *rg_coordination_mechanism_source(const rg_coordination *coord, size_t m);
/* When mechanism m is in force, as YYYYMMDD numbers (20181214), with month and day 0 when only
 * the year is known (20190000), 0 when unknown. The start is the `start` column of
 * mechanisms.csv, else its year; the end its `end` column (the last day in force). */
RG_API long rg_coordination_mechanism_start(const rg_coordination *coord, size_t m);
RG_API long rg_coordination_mechanism_end(const rg_coordination *coord, size_t m);
/* Sets them (the CSV and graph file readers do); RG_ERR_DATA naming the mechanism when end is
 * before start. */
RG_API rg_status rg_coordination_set_dates(rg_coordination *coord, size_t m, long start, long end);

/* Parses a date: YYYY (the year only: month and day 0) or YYYY-MM-DD (a real calendar day),
 * into YYYYMMDD; empty text is 0. Returns 1 on success, 0 when the text is no such date. */
RG_API int rg_date_parse(const char *text, long *ymd);
/* The first and last day a date stands for (a year only: 1 January and 31 December). */
RG_API long rg_date_first_day(long ymd);
RG_API long rg_date_last_day(long ymd);
/* Writes ymd as text into buf (size >= 11): "2019", "2019-01-08"; "" for 0. With full set, a
 * year only is written as its first day (first_day) so that GIS tools type it as a date. */
RG_API void rg_date_format(long ymd, int full, char *buf);
/* Members of mechanism m in file order: ids, and kinds once resolved. */
RG_API size_t rg_coordination_member_count(const rg_coordination *coord, size_t m);
RG_API const char *rg_coordination_member_id(const rg_coordination *coord, size_t m, size_t k);
RG_API rg_member_kind rg_coordination_member_kind(const rg_coordination *coord, size_t m, size_t k);

RG_API size_t rg_coordination_agency_count(const rg_coordination *coord);
RG_API const char *rg_coordination_agency_id(const rg_coordination *coord, size_t a);
RG_API const char *rg_coordination_agency_name(const rg_coordination *coord, size_t a);
RG_API const char *rg_coordination_agency_level(const rg_coordination *coord, size_t a);
/* Returns 1 and the location when the agency has one, 0 otherwise. */
RG_API int rg_coordination_agency_location(const rg_coordination *coord, size_t a, double *lon,
                                           double *lat);
RG_API size_t rg_coordination_jurisdiction_count(const rg_coordination *coord, size_t a);
RG_API const char *rg_coordination_jurisdiction_id(const rg_coordination *coord, size_t a, size_t k);
/* Index of an agency by id, or -1. */
RG_API long rg_coordination_agency_index(const rg_coordination *coord, const char *id);

#ifdef __cplusplus
}
#endif
#endif
