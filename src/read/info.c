/* `info`: what a map file holds (layers, fields, CRS, counts, problems). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/encoding_internal.h"
#include "base/error_internal.h"
#include "base/inputs_internal.h"
#include "base/hash_internal.h"
#include "base/mem_internal.h"
#include "read/ogr_internal.h"
#include "read/ogr_text_internal.h"
#include "read/shapefile_internal.h"
#include "regiongraph/info.h"


/* ---- text building ---------------------------------------------------------------------- */

typedef struct text {
    char *buf;
    size_t len, cap;
    int failed; /* allocation failed: later appends are ignored, the caller reports it */
} text;

static void add(text *t, const char *fmt, ...) RG_I_PRINTF(2, 3);

static void add(text *t, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (t->failed)
        return;
    for (;;) {
        size_t room = t->cap - t->len;
        va_start(ap, fmt);
        n = vsnprintf(t->buf ? t->buf + t->len : NULL, t->buf ? room : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = 1;
            return;
        }
        if (t->buf && (size_t)n < room) {
            t->len += (size_t)n;
            return;
        }
        if (!rg_i_reserve((void **)&t->buf, &t->cap, t->len + (size_t)n + 1, 1)) {
            t->failed = 1;
            return;
        }
    }
}

/* ---- pieces common to both paths --------------------------------------------------------- */

/* "WGS 84 (geographic, degrees)", "WGS 84 / UTM zone 50N (projected, metre)"; note (may be
 * "") follows, e.g. ", from --s_srs". */
static void add_crs(text *t, OGRSpatialReferenceH srs, const char *note)
{
    const char *name = OSRGetName(srs);
    char *unit = NULL;
    if (!name || !*name)
        name = "unnamed";
    add(t, "  crs: %s", name);
    if (OSRIsGeographic(srs)) {
        add(t, " (geographic, degrees)");
    } else if (OSRIsProjected(srs) || OSRIsLocal(srs)) {
        double metres = OSRGetLinearUnits(srs, &unit);
        const char *kind = OSRIsProjected(srs) ? "projected" : "local";
        if (OSRIsLocal(srs) && unit && strcmp(unit, RG_I_MAP_UNIT) == 0)
            add(t, " (planar, unknown map units)");
        else if (metres == 1.0)
            add(t, " (%s, %s)", kind, unit ? unit : "metre");
        else
            add(t, " (%s, %s = %.10g m)", kind, unit ? unit : "unit", metres);
    } else if (OSRIsGeocentric(srs)) {
        add(t, " (geocentric)");
    }
    add(t, "%s\n", note);
}

/* The CRS given by --s_srs, for every layer; NULL (and RG_OK) when there is none. */
static rg_status declared_srs(const char *s_srs, OGRSpatialReferenceH *out)
{
    rg_i_crs crs = {0};
    rg_status st;
    *out = NULL;
    if (!s_srs || !*s_srs)
        return RG_OK;
    if ((st = rg_i_crs_from_option(s_srs, &crs)) != RG_OK)
        return st;
    if (!(*out = OSRNewSpatialReference(crs.wkt)))
        st = rg_i_error(RG_ERR_CRS, "--s_srs: not a coordinate reference system that GDAL knows");
    rg_i_crs_release(&crs);
    return st;
}

/* What the readers take a layer without a CRS to be, from its extent (see rg_i_crs_guess). */
static const char *guessed_crs(double minx, double miny, double maxx, double maxy)
{
    return fabs(minx) <= 180 && fabs(maxx) <= 180 && fabs(miny) <= 90 && fabs(maxy) <= 90
               ? "lon/lat WGS84, as every coordinate fits"
               : "planar in unknown map units, as the coordinates are not lon/lat";
}

/* Columns a UTF-8 string takes in a terminal: East Asian wide characters take two, which
 * matters for Chinese field names. Invalid bytes count one column each. */
static size_t display_width(const char *s)
{
    size_t cols = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned long c = *p;
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0, k;
        if (extra)
            c &= 0x3F >> extra;
        for (k = 1; k <= extra && (p[k] & 0xC0) == 0x80; k++)
            c = (c << 6) | (p[k] & 0x3F);
        p += k;
        cols += (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD)
                    ? 2
                    : 1;
    }
    return cols;
}

static void add_field(text *t, const char *name, const char *type, int width, int precision)
{
    /* names up to 11 columns line up (the DBF limit is 10 bytes); longer ones get a space */
    size_t cols = display_width(name);
    add(t, "    %s%*s %s", name, cols < 11 ? (int)(11 - cols) : 0, "", type);
    if (width > 0 && precision > 0)
        add(t, "(%d.%d)", width, precision);
    else if (width > 0)
        add(t, "(%d)", width);
    add(t, "\n");
}

/* ---- shapefiles through shapelib ---------------------------------------------------------- */

/* Candidate ids are judged on the raw field bytes (trimmed): decoding maps distinct byte
 * strings to distinct text, so uniqueness is the same, and it works before the user has found
 * the right encoding. Values are compared by a 64-bit hash: a collision (odds around 1e-8 for a
 * million values) could only hide a candidate, never invent one. */
typedef struct keyed {
    uint64_t hash;
    int record; /* 0-based */
} keyed;

typedef struct candidate {
    keyed *hashes;
    int alive;
} candidate;

/* By hash, then record: each value's records come together, in file order. */
static int compare_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return (x->record > y->record) - (x->record < y->record);
}

#define LISTED_RECORDS 5 /* record numbers a problem lists before "..." */

/* ", " between problems, after "  problems: " for the first. */
static void add_problem_sep(text *t, int *nproblems)
{
    add(t, (*nproblems)++ ? "; " : "  problems: ");
}

/* Whether a field's name says it holds ids (id, code, GEOID, FIPS, ADCODE, region_id...): a
 * repeated population or area is no problem, a repeated code is. */
static int named_like_id(const char *name)
{
    char lower[64];
    size_t k;
    for (k = 0; name[k] && k + 1 < sizeof lower; k++)
        lower[k] = (char)(name[k] >= 'A' && name[k] <= 'Z' ? name[k] - 'A' + 'a' : name[k]);
    lower[k] = '\0';
    return strstr(lower, "id") || strstr(lower, "code") || strstr(lower, "fips");
}

/* A field that looks like an id (named like one, every value present, more than half of them
 * distinct) but
 * repeats values: "field 'ID' has 1 repeated value ('a' in records 1, 3)". The values are
 * sorted (compare_keyed); the value shown is the repeated one met first in the file. */
static rg_status add_repeats(text *t, const rg_i_shapefile *sf, rg_i_decoder *dec, int f,
                             const char *name, const keyed *v, int n, int *nproblems)
{
    int i, j, distinct = 0, repeated = 0, best = -1, listed;
    const char *raw;
    char *value = NULL;
    size_t len;
    rg_status st = RG_OK;
    for (i = 0; i < n; i = j) {
        for (j = i + 1; j < n && v[j].hash == v[i].hash; j++)
            ;
        distinct++;
        if (j - i > 1) {
            repeated++;
            if (best < 0 || v[i].record < v[best].record)
                best = i;
        }
    }
    if (!repeated || 2 * distinct <= n || !named_like_id(name))
        goto cleanup;
    raw = DBFReadStringAttribute(sf->dbf, v[best].record, f);
    while (raw && *raw == ' ')
        raw++;
    len = raw ? strlen(raw) : 0;
    while (len > 0 && raw[len - 1] == ' ')
        len--;
    if (raw && rg_i_decode(dec, raw, len, &value) != RG_OK)
        value = NULL; /* shown as '?': the encoding problem line names it */
    add_problem_sep(t, nproblems);
    add(t, "field '%s' has %d repeated value%s ('%s' in records", name, repeated,
        repeated == 1 ? "" : "s", value ? value : "?");
    for (j = best, listed = 0; j < n && v[j].hash == v[best].hash; j++, listed++) {
        if (listed < LISTED_RECORDS)
            add(t, "%s %d", listed ? "," : "", v[j].record + 1);
        else if (listed == LISTED_RECORDS)
            add(t, ", ...");
    }
    add(t, ")");
cleanup:
    free(value);
    return st;
}

/* Field names, escaped when they do not decode (\xD0...), so that info always shows something. */
static char *field_name(rg_i_decoder *dec, const char *raw)
{
    char *name = NULL;
    size_t k, w, n = strlen(raw);
    if (rg_i_decode(dec, raw, n, &name) == RG_OK)
        return name;
    if (!(name = malloc(4 * n + 1)))
        return NULL;
    for (k = 0, w = 0; k < n; k++) {
        unsigned char c = (unsigned char)raw[k];
        if (c < 0x80)
            name[w++] = (char)c;
        else
            w += (size_t)snprintf(name + w, 5, "\\x%02X", c);
    }
    name[w] = '\0';
    return name;
}

static rg_status describe_shapefile(const char *path, const char *s_srs, text *t)
{
    rg_i_shapefile sf;
    rg_i_decoder *dec = NULL;
    OGRSpatialReferenceH srs = NULL;
    candidate *cands = NULL;
    char *prj = NULL, source_buf[32], problem[512] = "";
    const char *prj_problem = NULL; /* why a .prj that exists is not used */
    const char *source = NULL;
    int nfields, f, i, nnull = 0, first_candidate = 1, nproblems = 0,
        null_records[LISTED_RECORDS];
    rg_status st;

    if ((st = rg_i_shapefile_open(path, &sf)) != RG_OK)
        return st;
    if ((st = declared_srs(s_srs, &srs)) != RG_OK)
        goto cleanup;
    if ((st = rg_i_shapefile_read_prj(&sf, &prj)) == RG_ERR_IO) {
        prj_problem = ".prj cannot be read (treated as missing)";
        rg_clear_error();
        st = RG_OK;
    } else if (st != RG_OK) {
        goto cleanup;
    } else if (prj && rg_i_crs_text_blank(prj)) {
        prj_problem = "empty .prj (treated as missing)";
        free(prj);
        prj = NULL;
    }
    if ((st = rg_i_shapefile_decoder(&sf, NULL, &dec, &source, source_buf, sizeof source_buf)) !=
        RG_OK)
        goto cleanup;

    /* Null and empty shapes from the .shx record sizes, without reading the geometry: a null
     * record holds only its type (4 bytes), and any shape with a vertex is larger than the 44
     * bytes of an empty polygon or line header (40 for a multipoint). */
    for (i = 0; i < sf.nshapes; i++) {
        unsigned int size = sf.shp->panRecSize[i];
        if (size <= 4 || ((sf.shape_type == SHPT_MULTIPOINT || sf.shape_type == SHPT_MULTIPOINTZ ||
                           sf.shape_type == SHPT_MULTIPOINTM) ? size <= 40
                          : sf.shape_type != SHPT_POINT && sf.shape_type != SHPT_POINTZ &&
                                sf.shape_type != SHPT_POINTM && size < 64)) {
            if (nnull < LISTED_RECORDS)
                null_records[nnull] = i + 1;
            nnull++;
        }
    }

    add(t, "file: %s\n", path);
    add(t, "format: ESRI Shapefile (shapelib)\n");
    add(t, "layer: %s\n", sf.layer);
    add(t, "  geometry: %s\n", rg_i_shape_type_name(sf.shape_type, 0));
    add(t, "  features: %d (%d null shape%s)\n", sf.nshapes, nnull, nnull == 1 ? "" : "s");
    if (sf.nrecords != sf.nshapes)
        add(t, "  records: %d in the .dbf, %d in the .shp: they do not match\n", sf.nrecords,
            sf.nshapes);
    if (sf.nshapes > nnull)
        add(t, "  extent: %.3f %.3f - %.3f %.3f\n", sf.min[0], sf.min[1], sf.max[0], sf.max[1]);
    if (srs) {
        add_crs(t, srs, ", from --s_srs");
    } else if (prj) {
        srs = OSRNewSpatialReference(NULL);
        if (srs && OSRSetFromUserInput(srs, prj) == OGRERR_NONE)
            add_crs(t, srs, "");
        else
            add(t, "  crs: unreadable .prj\n");
    } else {
        add(t, "  crs: none (no .prj: read as %s)\n",
            guessed_crs(sf.min[0], sf.min[1], sf.max[0], sf.max[1]));
    }
    add(t, "  encoding: %s (%s)\n", rg_i_decoder_name(dec), source);

    nfields = DBFGetFieldCount(sf.dbf);
    add(t, "  fields:\n");
    if (!(cands = rg_i_calloc_array((size_t)nfields, sizeof *cands))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (f = 0; f < nfields; f++) {
        char raw[XBASE_FLDNAME_LEN_READ + 1] = {0};
        int width = 0, decimals = 0;
        char native;
        const char *type;
        char *name;
        (void)DBFGetFieldInfo(sf.dbf, f, raw, &width, &decimals);
        native = DBFGetNativeFieldType(sf.dbf, f);
        if (native == 'N' || native == 'F')
            type = decimals == 0 && width <= 18 ? "Integer" : "Real";
        else if (native == 'D')
            type = "Date";
        else if (native == 'L')
            type = "Logical";
        else
            type = "String";
        if (!(name = field_name(dec, raw))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        add_field(t, name, type, width, strcmp(type, "Real") == 0 ? decimals : 0);
        free(name);
        /* reals (areas, shares) are unique by accident, dates and flags cannot be ids */
        cands[f].alive = (native == 'C' || ((native == 'N' || native == 'F') && decimals == 0)) &&
                         sf.nrecords > 0;
        if (cands[f].alive &&
            !(cands[f].hashes = rg_i_malloc_array((size_t)sf.nrecords, sizeof *cands[f].hashes))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
    }

    /* One pass over the records: candidate ids, and the first value that does not decode. */
    for (i = 0; i < sf.nrecords; i++) {
        const char *rec = DBFReadTuple(sf.dbf, i);
        if (!rec)
            break;
        for (f = 0; f < nfields; f++) {
            const char *v = rec + sf.dbf->panFieldOffset[f];
            size_t n = (size_t)sf.dbf->panFieldSize[f];
            const char *nul = memchr(v, '\0', n);
            if (nul)
                n = (size_t)(nul - v);
            while (n > 0 && v[n - 1] == ' ')
                n--;
            while (n > 0 && v[0] == ' ')
                v++, n--;
            if (cands[f].alive) {
                if (n == 0)
                    cands[f].alive = 0;
                else {
                    cands[f].hashes[i].hash = rg_i_hash_bytes(v, n, RG_I_HASH_SEED);
                    cands[f].hashes[i].record = i;
                }
            }
            if (!problem[0] && n > 0) {
                char *decoded = NULL;
                if (rg_i_decode(dec, v, n, &decoded) != RG_OK) {
                    char raw[XBASE_FLDNAME_LEN_READ + 1] = {0};
                    char *name;
                    (void)DBFGetFieldInfo(sf.dbf, f, raw, NULL, NULL);
                    name = field_name(dec, raw);
                    snprintf(problem, sizeof problem, "record %d: field '%s': %s (try --encoding)",
                             i + 1, name ? name : raw, rg_last_error());
                    free(name);
                }
                free(decoded);
            }
        }
    }
    if (problem[0])
        add(t, "  encoding problem: %s\n", problem);

    add(t, "  candidate ids:");
    for (f = 0; f < nfields; f++) {
        if (!cands[f].alive)
            continue;
        qsort(cands[f].hashes, (size_t)sf.nrecords, sizeof *cands[f].hashes, compare_keyed);
        for (i = 1; i < sf.nrecords; i++)
            if (cands[f].hashes[i].hash == cands[f].hashes[i - 1].hash)
                break;
        if (i < sf.nrecords) {
            cands[f].alive = 2; /* every value present, some repeated: judged below */
        } else {
            char raw[XBASE_FLDNAME_LEN_READ + 1] = {0};
            char *name;
            (void)DBFGetFieldInfo(sf.dbf, f, raw, NULL, NULL);
            if (!(name = field_name(dec, raw))) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            add(t, "%s %s", first_candidate ? "" : ",", name);
            first_candidate = 0;
            free(name);
        }
    }
    add(t, "%s\n", first_candidate ? " none" : "");

    /* Problems worth knowing before building: null shapes, id-like fields with repeats (the
     * build would refuse them as ids), and no .prj (lon/lat assumed). */
    if (nnull > 0) {
        add_problem_sep(t, &nproblems);
        add(t, "%d null shape%s (record%s", nnull, nnull == 1 ? "" : "s", nnull == 1 ? "" : "s");
        for (i = 0; i < nnull && i < LISTED_RECORDS; i++)
            add(t, "%s %d", i ? "," : "", null_records[i]);
        add(t, "%s)", nnull > LISTED_RECORDS ? ", ..." : "");
    }
    for (f = 0; f < nfields; f++) {
        char raw[XBASE_FLDNAME_LEN_READ + 1] = {0};
        char *name;
        if (cands[f].alive != 2)
            continue;
        (void)DBFGetFieldInfo(sf.dbf, f, raw, NULL, NULL);
        if (!(name = field_name(dec, raw))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        st = add_repeats(t, &sf, dec, f, name, cands[f].hashes, sf.nrecords, &nproblems);
        free(name);
        if (st != RG_OK)
            goto cleanup;
    }
    if (strncmp(source, "guessed", 7) == 0) {
        add_problem_sep(t, &nproblems);
        add(t, "no .cpg or language byte: text guessed as %s (build --encoding sets it)",
            rg_i_decoder_name(dec));
    }
    if (prj_problem) {
        add_problem_sep(t, &nproblems);
        add(t, "%s", prj_problem);
    }
    if (!prj && !s_srs) {
        add_problem_sep(t, &nproblems);
        add(t, "no .prj (read as %s; --s_srs declares the CRS)",
            guessed_crs(sf.min[0], sf.min[1], sf.max[0], sf.max[1]));
    }
    add(t, nproblems ? "\n" : "  problems: none\n");
cleanup:
    if (cands)
        for (f = 0; f < nfields; f++)
            free(cands[f].hashes);
    free(cands);
    if (srs)
        OSRDestroySpatialReference(srs);
    free(prj);
    rg_i_decoder_free(dec);
    rg_i_shapefile_close(&sf);
    return st;
}

/* ---- everything else through GDAL/OGR ------------------------------------------------------ */

static rg_status describe_ogr(const char *path, const char *s_srs, text *t)
{
    OGRSpatialReferenceH declared = NULL;
    GDALDatasetH ds;
    GDALDriverH driver;
    rg_i_decoder *dec = NULL;
    const char *guessed;
    int nlayers, l;

    rg_status st;
    if ((st = declared_srs(s_srs, &declared)) != RG_OK)
        return st;
    ds = rg_i_gdal_open_vector(path);
    if (!ds) {
        if (declared)
            OSRDestroySpatialReference(declared);
        return rg_i_dir_or_unreadable(path, "GDAL or shapelib");
    }
    driver = GDALGetDatasetDriver(ds);
    add(t, "file: %s\n", path);
    add(t, "format: %s (GDAL %s)\n", GDALGetDriverLongName(driver), GDALGetDriverShortName(driver));
    nlayers = GDALDatasetGetLayerCount(ds);
    for (l = 0; l < nlayers; l++) {
        OGRLayerH layer = GDALDatasetGetLayer(ds, l);
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        OGRwkbGeometryType gtype = OGR_L_GetGeomType(layer);
        OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
        OGREnvelope env;
        int f, nf = OGR_FD_GetFieldCount(defn);
        add(t, "layer: %s\n", OGR_L_GetName(layer));
        add(t, "  geometry: %s\n", gtype == wkbNone ? "none (table)" : OGRGeometryTypeToName(gtype));
        add(t, "  features: %lld\n", (long long)OGR_L_GetFeatureCount(layer, 1));
        if (gtype != wkbNone && OGR_L_GetExtent(layer, &env, 1) == OGRERR_NONE)
            add(t, "  extent: %.3f %.3f - %.3f %.3f\n", env.MinX, env.MinY, env.MaxX, env.MaxY);
        if (gtype != wkbNone) {
            int have_extent = OGR_L_GetExtent(layer, &env, 1) == OGRERR_NONE;
            if (declared)
                add_crs(t, declared, ", from --s_srs");
            else if (srs)
                add_crs(t, srs, "");
            else if (have_extent)
                add(t, "  crs: none (read as %s; --s_srs declares the CRS)\n",
                    guessed_crs(env.MinX, env.MinY, env.MaxX, env.MaxY));
            else
                add(t, "  crs: none\n");
        }
        /* a shapefile without .cpg or language byte comes raw: the build's guess decodes it */
        guessed = rg_i_ogr_raw_text(ds, layer) ? rg_i_ogr_guess_encoding(layer) : NULL;
        if (rg_i_ogr_raw_text(ds, layer) &&
            rg_i_decoder_new(guessed ? guessed : "ISO-8859-1", &dec) != RG_OK)
            dec = NULL;
        add(t, "  fields:\n");
        for (f = 0; f < nf; f++) {
            OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
            OGRFieldType ft = OGR_Fld_GetType(fd);
            char *name = dec ? field_name(dec, OGR_Fld_GetNameRef(fd)) : NULL;
            add_field(t, name ? name : OGR_Fld_GetNameRef(fd), OGR_GetFieldTypeName(ft),
                      OGR_Fld_GetWidth(fd), ft == OFTReal ? OGR_Fld_GetPrecision(fd) : 0);
            free(name);
        }
        if (nf == 0)
            add(t, "    (none)\n");
        if (guessed)
            add(t, "  problems: no .cpg or language byte: text guessed as %s (build --encoding "
                   "sets it)\n", guessed);
        rg_i_decoder_free(dec);
        dec = NULL;
    }
    GDALClose(ds);
    if (declared)
        OSRDestroySpatialReference(declared);
    return RG_OK;
}

static int is_shapefile(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && path[n - 4] == '.' && (path[n - 3] | 0x20) == 's' &&
           (path[n - 2] | 0x20) == 'h' && (path[n - 1] | 0x20) == 'p';
}

rg_status rg_info_describe(const char *path, char **out)
{
    return rg_info_describe_as(path, NULL, out);
}

rg_status rg_info_describe_as(const char *path, const char *s_srs, char **out)
{
    text t = {0};
    struct stat st_buf;
    rg_status st;

    if (!out)
        return rg_i_error(RG_ERR_ARG, "rg_info_describe: out is NULL");
    *out = NULL;
    if (!path || !*path)
        return rg_i_error(RG_ERR_ARG, "no file given");
    rg_i_library_init();
    if (rg_i_path_for_gdal(path)) {
        char *vsi = rg_i_gdal_name(path);
        if (!vsi)
            return RG_I_NOMEM();
        if (!rg_i_path_exists(vsi, NULL))
            st = rg_i_error(RG_ERR_IO, "%s: no such file", path);
        else
            st = describe_ogr(vsi, s_srs, &t);
        free(vsi);
    } else if (stat(path, &st_buf) != 0 && errno != ELOOP) {
        return rg_i_error(RG_ERR_IO, "%s: no such file", path);
    } else if ((st = rg_i_input_open(path, 1)) != RG_OK) {
        /* a FIFO would block GDAL, a symlink loop is no missing file; a directory is a source */
        return st;
    } else if (S_ISREG(st_buf.st_mode) && is_shapefile(path)) {
        st = describe_shapefile(path, s_srs, &t);
    } else {
        st = describe_ogr(path, s_srs, &t);
    }
    if (st == RG_OK && t.failed)
        st = RG_I_NOMEM();
    if (st != RG_OK) {
        free(t.buf);
        return st;
    }
    *out = t.buf;
    return RG_OK;
}
