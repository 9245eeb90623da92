/* Region layers from shapefiles: rg_regions_read_shapefile() reads the records through shapelib
 * (shapefile.c) into rings, holes and attributes. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cpl_conv.h>
#include <shapefil.h>

#include "base/encoding_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/regions_internal.h"
#include "geom/crs_internal.h"
#include "geom/ring_cross_internal.h"
#include "read/shapefile_internal.h"

static int is_polygon_type(int type)
{
    return type == SHPT_POLYGON || type == SHPT_POLYGONZ || type == SHPT_POLYGONM;
}

/* ---- rings ---------------------------------------------------------------------------- */

typedef struct ring {
    size_t start, n;  /* in points, into the workspace's xy */
    double area;      /* signed: > 0 counter-clockwise */
    double minx, miny, maxx, maxy;
    int exterior;     /* 1 exterior, 0 hole, -1 skipped (zero area) */
    int crossed;      /* zero area from lobes that cancel (a bow-tie): kept as an exterior */
    size_t owner;     /* holes: index of their exterior ring */
} ring;

/* Reused from record to record so that reading costs no allocation per shape once the largest
 * shape has been seen. */
typedef struct workspace {
    double *xy;
    size_t xy_cap;
    ring *rings;
    size_t rings_cap;
    int crossed; /* the last shape had a bow-tie ring */
} workspace;

/* Shoelace relative to the first vertex: coordinates of 10^6..10^7 (UTM metres) would lose
 * digits to cancellation if multiplied as they are. */
static void ring_measure(const double *xy, ring *r)
{
    size_t k;
    double x0 = xy[0], y0 = xy[1], sum = 0;
    r->minx = r->maxx = x0;
    r->miny = r->maxy = y0;
    for (k = 1; k < r->n; k++) {
        double x = xy[2 * k], y = xy[2 * k + 1];
        if (k + 1 < r->n)
            sum += (x - x0) * (xy[2 * k + 3] - y0) - (xy[2 * k + 2] - x0) * (y - y0);
        if (x < r->minx) r->minx = x;
        if (x > r->maxx) r->maxx = x;
        if (y < r->miny) r->miny = y;
        if (y > r->maxy) r->maxy = y;
    }
    r->area = sum / 2;
}

/* 1 inside, -1 outside, 0 on the boundary of the ring (treated as closed). */
static int point_in_ring(const double *xy, size_t n, double px, double py)
{
    size_t k;
    int inside = 0;
    for (k = 0; k < n; k++) {
        size_t j = k + 1 < n ? k + 1 : 0;
        double ax = xy[2 * k], ay = xy[2 * k + 1], bx = xy[2 * j], by = xy[2 * j + 1];
        double cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
        if (cross == 0 && px >= (ax < bx ? ax : bx) && px <= (ax < bx ? bx : ax) &&
            py >= (ay < by ? ay : by) && py <= (ay < by ? by : ay))
            return 0;
        if ((ay > py) != (by > py)) {
            double xcross = ax + (py - ay) * (bx - ax) / (by - ay);
            if (px < xcross)
                inside = !inside;
        }
    }
    return inside ? 1 : -1;
}

/* Whether ring `inner` lies inside ring `outer`: decided by the first vertex of inner that is
 * not on outer's boundary (holes may touch their exterior at a vertex). A ring lying wholly on
 * the other's boundary counts as inside. */
static int ring_contains(const double *xy, const ring *outer, const ring *inner)
{
    size_t k;
    if (inner->minx < outer->minx || inner->maxx > outer->maxx || inner->miny < outer->miny ||
        inner->maxy > outer->maxy)
        return 0;
    for (k = 0; k < inner->n; k++) {
        int where = point_in_ring(xy + 2 * outer->start, outer->n, xy[2 * (inner->start + k)],
                                  xy[2 * (inner->start + k) + 1]);
        if (where != 0)
            return where > 0;
    }
    return 1;
}

/* Decides which rings are exteriors and which exterior each hole belongs to.
 *
 * Shapefiles say it with orientation: exteriors clockwise, holes counter-clockwise. Some
 * writers get that wrong for a whole record; when a record has rings of one orientation only,
 * all clockwise is an ordinary multi-part shape, and all counter-clockwise is repaired by
 * nesting (a ring inside an odd number of others is a hole), which also covers the common
 * single ring written the wrong way round.
 *
 * Cost: O(r) for the usual record (one exterior, or all exteriors); with holes, O(h * e * v)
 * in the worst case for h holes, e exteriors of v vertices, cut down by bounding boxes and by
 * the first hole vertex off the exterior's boundary deciding. */
static void classify_rings(const double *xy, ring *rings, size_t nrings)
{
    size_t a, b, cw = 0, ccw = 0;
    for (a = 0; a < nrings; a++) {
        if (rings[a].area < 0)
            cw++;
        else if (rings[a].area > 0)
            ccw++;
    }
    for (a = 0; a < nrings; a++) {
        if (rings[a].area == 0)
            /* no area: collinear or repeated points, unless the lobes of a bow-tie cancel */
            rings[a].exterior = rings[a].crossed ? 1 : -1;
        else if (cw > 0 && ccw > 0)
            rings[a].exterior = rings[a].area < 0;
        else if (cw > 0)
            rings[a].exterior = 1;
        else {
            size_t depth = 0;
            for (b = 0; b < nrings; b++)
                if (b != a && rings[b].area != 0 && fabs(rings[b].area) > fabs(rings[a].area) &&
                    ring_contains(xy, &rings[b], &rings[a]))
                    depth++;
            rings[a].exterior = depth % 2 == 0;
        }
    }
    /* A hole goes to the smallest exterior containing it (islands in lakes nest), else to the
     * nearest exterior before it, as the file order suggests; with neither it stands alone. */
    for (a = 0; a < nrings; a++) {
        size_t best = (size_t)-1;
        if (rings[a].exterior != 0)
            continue;
        for (b = 0; b < nrings; b++)
            if (rings[b].exterior == 1 && ring_contains(xy, &rings[b], &rings[a]) &&
                (best == (size_t)-1 || fabs(rings[b].area) < fabs(rings[best].area)))
                best = b;
        for (b = a; best == (size_t)-1 && b-- > 0;)
            if (rings[b].exterior == 1)
                best = b;
        if (best == (size_t)-1)
            rings[a].exterior = 1;
        else
            rings[a].owner = best;
    }
}

/* ---- attributes ----------------------------------------------------------------------- */

typedef struct reader {
    const char *shp_path, *dbf_path;
    rg_i_decoder *decoder;
    DBFHandle dbf;
    size_t nfields;
    rg_i_field *fields;
    char *native;   /* DBF type letter per field */
    int *offset;    /* byte offset of each field in a record */
} reader;

static void trim_leading(char *s)
{
    size_t k = strspn(s, " ");
    if (k)
        memmove(s, s + k, strlen(s + k) + 1);
}

/* Adds file, record and field to a decoding failure in the slot. */
static rg_status encoding_error(const reader *rd, size_t record, const char *field)
{
    char detail[256];
    snprintf(detail, sizeof detail, "%s", rg_last_error());
    if (record)
        return rg_i_error(RG_ERR_ENCODING, "%s: record %zu: field '%s': %s (try --encoding)",
                          rd->dbf_path, record, field, detail);
    return rg_i_error(RG_ERR_ENCODING, "%s: name of field %s: %s (try --encoding)", rd->dbf_path,
                      field, detail);
}

/* Reads field f of the current record into v: text (decoded, trimmed) plus the number for
 * numeric fields. The null rules are shapelib's (DBFIsAttributeNULL), applied to the trimmed
 * text because shapelib's own answer depends on whether it was built to trim. */
static rg_status read_value(const reader *rd, const char *record_bytes, size_t record, size_t f,
                            rg_i_value *v)
{
    const rg_i_field *field = &rd->fields[f];
    char type = rd->native[f], *text = NULL, *end;
    rg_status st;
    int is_null;

    v->text = NULL;
    v->i = 0;
    v->d = 0;
    if ((st = rg_i_decode(rd->decoder, record_bytes + rd->offset[f], (size_t)field->width,
                          &text)) != RG_OK)
        return encoding_error(rd, record, field->name);
    if (type == 'N' || type == 'F' || type == 'D' || type == 'L')
        trim_leading(text);
    is_null = text[0] == '\0' || ((type == 'N' || type == 'F') && text[0] == '*') ||
              (type == 'D' && (strcmp(text, "00000000") == 0 || strcmp(text, "0") == 0)) ||
              (type == 'L' && text[0] == '?');
    if (is_null) {
        free(text);
        return RG_OK;
    }
    if (field->type == RG_FIELD_INTEGER) {
        long long value;
        errno = 0;
        value = strtoll(text, &end, 10);
        if (errno != 0 || *end != '\0') {
            /* "12.0" or "1e3" in an integer column is still an integer */
            double d = CPLStrtod(text, &end);
            if (*end != '\0' || end == text || d != floor(d) || fabs(d) >= 9.2e18)
                goto not_a_number;
            value = (long long)d;
        }
        v->i = value;
        v->d = (double)value;
    } else if (field->type == RG_FIELD_REAL) {
        v->d = CPLStrtod(text, &end);
        if (*end != '\0' || end == text)
            goto not_a_number;
        v->i = isfinite(v->d) && fabs(v->d) < 9.2e18 ? (int64_t)v->d : 0;
    } else if (type == 'D' && strlen(text) == 8 && strspn(text, "0123456789") == 8) {
        char *iso = malloc(11);
        if (!iso) {
            free(text);
            return RG_I_NOMEM();
        }
        /* DBF dates are YYYYMMDD; everything else speaks ISO 8601 */
        snprintf(iso, 11, "%.4s-%.2s-%.2s", text, text + 4, text + 6);
        free(text);
        text = iso;
    }
    v->text = text;
    return RG_OK;
not_a_number:
    st = rg_i_error(RG_ERR_DATA, "%s: record %zu: field '%s': '%s' is not a number", rd->dbf_path,
                    record, field->name, text);
    free(text);
    return st;
}

static int equal_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* Field by exact name, else by a case-insensitive match; -1 if none. */
static long find_field(const reader *rd, const char *name)
{
    size_t f;
    for (f = 0; f < rd->nfields; f++)
        if (strcmp(rd->fields[f].name, name) == 0)
            return (long)f;
    for (f = 0; f < rd->nfields; f++)
        if (equal_ci(rd->fields[f].name, name))
            return (long)f;
    return -1;
}

/* "a, b, c" for messages. */
static void field_list(const reader *rd, char *buf, size_t size)
{
    size_t f, used = 0;
    buf[0] = '\0';
    for (f = 0; f < rd->nfields && used < size; f++) {
        int w = snprintf(buf + used, size - used, "%s%s", f ? ", " : "", rd->fields[f].name);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (rd->nfields == 0)
        snprintf(buf, size, "(none)");
}

static rg_status read_fields(reader *rd)
{
    size_t f;
    rg_status st = RG_OK;
    rd->nfields = (size_t)DBFGetFieldCount(rd->dbf);
    rd->fields = rg_i_calloc_array(rd->nfields, sizeof *rd->fields);
    rd->native = rg_i_calloc_array(rd->nfields, 1);
    rd->offset = rg_i_calloc_array(rd->nfields, sizeof *rd->offset);
    if (!rd->fields || !rd->native || !rd->offset)
        return RG_I_NOMEM();
    for (f = 0; f < rd->nfields; f++) {
        char raw[XBASE_FLDNAME_LEN_READ + 1] = {0}, number[32];
        int width = 0, decimals = 0;
        rg_i_field *field = &rd->fields[f];
        (void)DBFGetFieldInfo(rd->dbf, (int)f, raw, &width, &decimals);
        rd->native[f] = DBFGetNativeFieldType(rd->dbf, (int)f);
        rd->offset[f] = rd->dbf->panFieldOffset[f];
        field->width = width;
        field->precision = decimals;
        /* shapelib calls N(10,0) a double; like GDAL, a number without decimals is an integer
         * while it fits in 64 bits */
        if (rd->native[f] == 'N' || rd->native[f] == 'F')
            field->type = decimals == 0 && width <= 18 ? RG_FIELD_INTEGER : RG_FIELD_REAL;
        else
            field->type = RG_FIELD_STRING;
        /* field names are in the file's encoding too (Chinese data often has Chinese names) */
        if (rg_i_decode(rd->decoder, raw, strlen(raw), &field->name) != RG_OK) {
            snprintf(number, sizeof number, "%zu", f + 1);
            st = encoding_error(rd, 0, number);
            break;
        }
    }
    return st;
}

static void free_fields(reader *rd)
{
    size_t f;
    if (rd->fields)
        for (f = 0; f < rd->nfields; f++)
            free(rd->fields[f].name);
    free(rd->fields);
    free(rd->native);
    free(rd->offset);
}

/* ---- shapes --------------------------------------------------------------------------- */

/* Adds the polygons of one shape to the current region; nothing for null or empty shapes. */
static rg_status add_shape(rg_regions *r, const reader *rd, workspace *ws, size_t record,
                           const SHPObject *obj)
{
    size_t nparts, nverts, k, e;
    rg_status st;
    /* the type first: a point record has no parts but is no null shape */
    if (obj->nSHPType != SHPT_NULL && !is_polygon_type(obj->nSHPType))
        return rg_i_error(RG_ERR_FORMAT, "%s: record %zu: shape type %s in a polygon shapefile",
                          rd->shp_path, record, rg_i_shape_type_name(obj->nSHPType, 1));
    ws->crossed = 0;
    if (obj->nSHPType == SHPT_NULL || obj->nParts <= 0 || obj->nVertices <= 0)
        return RG_OK;
    nparts = (size_t)obj->nParts;
    nverts = (size_t)obj->nVertices;
    if (!rg_i_reserve((void **)&ws->xy, &ws->xy_cap, 2 * nverts, sizeof *ws->xy) ||
        !rg_i_reserve((void **)&ws->rings, &ws->rings_cap, nparts, sizeof *ws->rings))
        return RG_I_NOMEM();
    for (k = 0; k < nverts; k++) {
        /* NaN or infinity would poison every area, length and comparison downstream */
        if (!isfinite(obj->padfX[k]) || !isfinite(obj->padfY[k]))
            return rg_i_error(RG_ERR_FORMAT, "%s: record %zu: vertex %zu has a coordinate that is "
                              "not a finite number (%g, %g)", rd->shp_path, record, k + 1,
                              obj->padfX[k], obj->padfY[k]);
        ws->xy[2 * k] = obj->padfX[k];
        ws->xy[2 * k + 1] = obj->padfY[k];
    }
    for (k = 0; k < nparts; k++) {
        long start = obj->panPartStart[k];
        long end = k + 1 < nparts ? obj->panPartStart[k + 1] : (long)nverts;
        if (start < 0 || start >= end || end > (long)nverts)
            return rg_i_error(RG_ERR_FORMAT,
                              "%s: record %zu: part %zu starts at vertex %ld of %zu: corrupt shape",
                              rd->shp_path, record, k + 1, start, nverts);
        /* a closed ring repeats its first point: fewer than 4 points enclose no area */
        if (end - start < 4)
            return rg_i_error(RG_ERR_FORMAT, "%s: record %zu: part %zu has %ld point%s; a ring "
                              "needs at least 4 (the first repeated at the end)", rd->shp_path,
                              record, k + 1, end - start, end - start == 1 ? "" : "s");
        ws->rings[k].start = (size_t)start;
        ws->rings[k].n = (size_t)(end - start);
        ws->rings[k].owner = 0;
        ring_measure(ws->xy + 2 * start, &ws->rings[k]);
        ws->rings[k].crossed = ws->rings[k].area == 0 &&
                               rg_i_ring_crosses_itself(ws->xy + 2 * start, ws->rings[k].n);
        ws->crossed |= ws->rings[k].crossed;
    }
    if (nparts == 1)
        ws->rings[0].exterior = ws->rings[0].area != 0 || ws->rings[0].crossed ? 1 : -1;
    else
        classify_rings(ws->xy, ws->rings, nparts);
    for (e = 0; e < nparts; e++) {
        if (ws->rings[e].exterior != 1)
            continue;
        if ((st = rg_i_regions_add_polygon(r)) != RG_OK ||
            (st = rg_i_regions_add_ring(r, ws->xy + 2 * ws->rings[e].start, ws->rings[e].n)) !=
                RG_OK)
            return st;
        for (k = 0; k < nparts; k++)
            if (ws->rings[k].exterior == 0 && ws->rings[k].owner == e &&
                (st = rg_i_regions_add_ring(r, ws->xy + 2 * ws->rings[k].start,
                                            ws->rings[k].n)) != RG_OK)
                return st;
    }
    return RG_OK;
}

/* ---- the reader ----------------------------------------------------------------------- */

rg_status rg_regions_read_shapefile(const char *path, const rg_read_options *options,
                                    rg_regions **out)
{
    static const rg_read_options no_options;
    rg_i_shapefile sf;
    reader rd;
    workspace ws = {0};
    rg_regions *r = NULL;
    rg_i_value *values = NULL;
    rg_i_crs crs = {0};
    char source_buf[32], fields_text[1024];
    const char *source = NULL;
    int guess_crs = 0;
    size_t nrec, i, f, nnull = 0, ndeleted = 0, ncrossed = 0;
    size_t nulls[RG_I_LISTED_NUMBERS], deleted[RG_I_LISTED_NUMBERS], crossed[RG_I_LISTED_NUMBERS];
    long idf = -1, namef = -1;
    rg_status st = RG_OK;
    SHPObject *obj = NULL;

    memset(&sf, 0, sizeof sf);
    memset(&rd, 0, sizeof rd);
    if (!out)
        return rg_i_error(RG_ERR_ARG, "rg_regions_read_shapefile: out is NULL");
    *out = NULL;
    if (!options)
        options = &no_options;
    rg_i_library_init();

    if ((st = rg_i_shapefile_open(path, &sf)) != RG_OK)
        goto cleanup;
    rd.shp_path = sf.shp_path;
    rd.dbf_path = sf.dbf_path;
    rd.dbf = sf.dbf;
    if (!is_polygon_type(sf.shape_type)) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: shape type %s is not a polygon type", sf.shp_path,
                        rg_i_shape_type_name(sf.shape_type, 1));
        goto cleanup;
    }
    if (sf.nshapes != sf.nrecords) {
        st = rg_i_error(RG_ERR_FORMAT, "%s has %d shapes but %s has %d records", sf.shp_path,
                        sf.nshapes, sf.dbf_path, sf.nrecords);
        goto cleanup;
    }
    nrec = (size_t)sf.nshapes;

    /* CRS first: a bad .prj should fail before a long read. Without one the CRS is guessed
     * from the coordinates, once they are read. */
    if ((st = rg_i_shapefile_crs(&sf, options->s_srs, &crs, &guess_crs)) != RG_OK)
        goto cleanup;

    if ((st = rg_i_shapefile_decoder(&sf, options->encoding, &rd.decoder, &source, source_buf,
                                     sizeof source_buf)) != RG_OK ||
        (st = read_fields(&rd)) != RG_OK)
        goto cleanup;
    if (source && strncmp(source, "guessed", 7) == 0)
        rg_i_warn("%s: no .cpg and no language byte: the text reads as %s, so it is decoded as "
                  "such; if the names look wrong, give the encoding with --encoding", sf.dbf_path,
                  rg_i_decoder_name(rd.decoder));

    field_list(&rd, fields_text, sizeof fields_text);
    if (options->id_field) {
        if ((idf = find_field(&rd, options->id_field)) < 0) {
            st = rg_i_error(RG_ERR_ARG, "%s: no field '%s' for the ids; fields are: %s",
                            sf.dbf_path, options->id_field, fields_text);
            goto cleanup;
        }
    } else {
        static const char *const defaults[] = {"id", "code", "ID", "CODE", "GEOID"};
        for (f = 0; f < sizeof defaults / sizeof defaults[0] && idf < 0; f++)
            for (i = 0; i < rd.nfields && idf < 0; i++)
                if (strcmp(rd.fields[i].name, defaults[f]) == 0)
                    idf = (long)i;
        for (f = 0; f < sizeof defaults / sizeof defaults[0] && idf < 0; f++)
            idf = find_field(&rd, defaults[f]);
        if (idf < 0) {
            st = rg_i_error(RG_ERR_ARG,
                            "%s: no --id given and no field named id, code or GEOID; fields are: %s",
                            sf.dbf_path, fields_text);
            goto cleanup;
        }
    }
    if (options->name_field) {
        if ((namef = find_field(&rd, options->name_field)) < 0) {
            st = rg_i_error(RG_ERR_ARG, "%s: no field '%s' for the names; fields are: %s",
                            sf.dbf_path, options->name_field, fields_text);
            goto cleanup;
        }
    } else {
        namef = find_field(&rd, "name");
    }

    if ((st = rg_i_regions_new(path, rd.nfields, rd.fields, &r)) != RG_OK ||
        (st = rg_i_regions_reserve(r, nrec)) != RG_OK)
        goto cleanup;
    if (!(values = rg_i_calloc_array(rd.nfields, sizeof *values))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    SHPSetFastModeReadObject(sf.shp, 1);
    {
        /* Size the coordinate array once from the .shp size: growing it by doubling would copy
         * hundreds of megabytes on a large map. Each record has a 52-byte head and each point
         * 16 bytes (24 with M, up to 32 with Z and M); the estimate errs on the large side by
         * the few bytes per part, and untouched pages cost no memory. */
        struct stat shp_stat;
        size_t per_point = sf.shape_type == SHPT_POLYGON ? 16 : sf.shape_type == SHPT_POLYGONM ? 24 : 32;
        if (stat(sf.shp_path, &shp_stat) == 0 && (uint64_t)shp_stat.st_size > 100 + 52 * nrec) {
            uint64_t est = ((uint64_t)shp_stat.st_size - 100 - 52 * (uint64_t)nrec) / per_point;
            /* exactly the estimate, not the next power of two, and mapped in one call: the
             * array is filled front to back */
            if (est < SIZE_MAX / 32 && 2 * (size_t)est > r->xy_cap) {
                double *xy = rg_i_malloc_array(2 * (size_t)est, sizeof *xy);
                if (!xy) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                free(r->xy);
                r->xy = xy;
                r->xy_cap = 2 * (size_t)est;
                rg_i_prefault(r->xy, r->xy_cap * sizeof *r->xy);
            }
        }
    }

    for (i = 0; i < nrec; i++) {
        const char *rec = NULL, *id, *name;
        char id_buf[32];
        if (rd.nfields > 0 && !(rec = DBFReadTuple(sf.dbf, (int)i))) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: record %zu cannot be read", sf.dbf_path, i + 1);
            goto cleanup;
        }
        if (rec && rec[0] == '*') {
            if (ndeleted < RG_I_LISTED_NUMBERS)
                deleted[ndeleted] = i + 1;
            ndeleted++;
        }
        for (f = 0; f < rd.nfields; f++)
            if ((st = read_value(&rd, rec, i + 1, f, &values[f])) != RG_OK)
                goto cleanup;
        id = values[idf].text ? values[idf].text : "";
        /* a code held in a real column ("320300.000") is still the code "320300" */
        if (rd.fields[idf].type == RG_FIELD_REAL && values[idf].text &&
            values[idf].d == floor(values[idf].d) && fabs(values[idf].d) < 1e15) {
            snprintf(id_buf, sizeof id_buf, "%.0f", values[idf].d);
            id = id_buf;
        }
        name = namef >= 0 ? values[namef].text : NULL;
        if ((st = rg_i_regions_begin(r, id, name, values)) != RG_OK)
            goto cleanup;

        rg_clear_error();
        if (!(obj = SHPReadObject(sf.shp, (int)i))) {
            st = rg_i_shapefile_explain_record(sf.shp_path, sf.shp, i);
            goto cleanup;
        }
        if ((st = add_shape(r, &rd, &ws, i + 1, obj)) != RG_OK)
            goto cleanup;
        SHPDestroyObject(obj);
        obj = NULL;
        if (ws.crossed) {
            if (ncrossed < RG_I_LISTED_NUMBERS)
                crossed[ncrossed] = i + 1;
            ncrossed++;
        }
        if ((st = rg_i_regions_end(r)) != RG_OK)
            goto cleanup;
        if (r->poly_start[r->n - 1] == r->poly_start[r->n]) {
            if (nnull < RG_I_LISTED_NUMBERS)
                nulls[nnull] = i + 1;
            nnull++;
        }
    }
    if (nnull > 0) {
        char list[256];
        rg_i_number_list("record", nulls, nnull, list, sizeof list);
        rg_i_warn("%s: %zu null or empty shape%s (%s)", sf.shp_path, nnull, nnull == 1 ? "" : "s",
                  list);
    }
    if (ncrossed > 0)
        rg_i_warn_crossed_rings(sf.shp_path, "record", crossed, ncrossed);
    if (ndeleted > 0) {
        char list[256];
        /* kept so that record numbers in messages stay those of the file */
        rg_i_number_list("record", deleted, ndeleted, list, sizeof list);
        rg_i_warn("%s: %zu record%s marked deleted, read as ordinary records (%s)", sf.dbf_path,
                  ndeleted, ndeleted == 1 ? "" : "s", list);
    }

    if (guess_crs && (st = rg_i_crs_guess(r->xy, r->npts, sf.shp_path, ".prj", &crs)) != RG_OK)
        goto cleanup;
    if ((st = rg_i_regions_set_key_fields(r, rd.fields[idf].name,
                                          namef >= 0 ? rd.fields[namef].name : NULL)) != RG_OK ||
        (st = rg_i_regions_check_ids(r, sf.dbf_path, rd.fields[idf].name)) != RG_OK ||
        (st = rg_i_regions_set_crs(r, crs.wkt, crs.geographic, crs.unit_metres)) != RG_OK)
        goto cleanup;
    *out = r;
    r = NULL;
cleanup:
    if (obj)
        SHPDestroyObject(obj);
    if (values)
        for (f = 0; f < rd.nfields; f++)
            free(values[f].text);
    free(values);
    free(ws.xy);
    free(ws.rings);
    rg_i_crs_release(&crs);
    rg_i_decoder_free(rd.decoder);
    free_fields(&rd);
    rg_regions_free(r);
    rg_i_shapefile_close(&sf);
    return st;
}
