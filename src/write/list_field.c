/* List fields in a shapefile: the GeoJSON layers hold lists as JSON arrays of strings, which a
 * dBase field cannot type, so the shapefile gets them ';'-joined. */
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/text_internal.h"
#include "write/list_field_internal.h"

/* Decodes one JSON string starting after its opening quote into o; returns the position after
 * the closing quote, or NULL when malformed. */
static const char *json_string(const char *s, char *o, size_t *len)
{
    while (*s && *s != '"') {
        if (*s != '\\') {
            o[(*len)++] = *s++;
            continue;
        }
        s++;
        switch (*s) {
        case '"': case '\\': case '/': o[(*len)++] = *s; break;
        case 'b': o[(*len)++] = '\b'; break;
        case 'f': o[(*len)++] = '\f'; break;
        case 'n': o[(*len)++] = '\n'; break;
        case 'r': o[(*len)++] = '\r'; break;
        case 't': o[(*len)++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (!rg_i_hex4(s + 1, &cp))
                return NULL;
            s += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && s[1] == '\\' && s[2] == 'u' && rg_i_hex4(s + 3, &lo) &&
                lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                s += 6;
            }
            *len += rg_i_put_utf8(o + *len, cp);
            break;
        }
        default: return NULL;
        }
        s++;
    }
    return *s == '"' ? s + 1 : NULL;
}

char *rg_i_json_list_join(const char *json, char sep)
{
    /* the joined text is never longer than the JSON text (escapes only shrink) */
    char *o = malloc(strlen(json) + 1);
    const char *s = json;
    size_t len = 0, items = 0;
    if (!o)
        return NULL;
    while (*s == ' ')
        s++;
    if (*s++ != '[')
        goto bad;
    for (;;) {
        while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
            s++;
        if (*s == ']' && items == 0)
            break;
        if (items)
            o[len++] = sep;
        if (*s == '"') {
            if (!(s = json_string(s + 1, o, &len)))
                goto bad;
        } else if (strncmp(s, "null", 4) == 0) {
            s += 4;
        } else {
            goto bad;
        }
        items++;
        while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
            s++;
        if (*s == ']')
            break;
        if (*s++ != ',')
            goto bad;
    }
    o[len] = '\0';
    return o;
bad:
    /* not a list of strings: kept as it is */
    memcpy(o, json, strlen(json) + 1);
    return o;
}

rg_status rg_i_shapefile_join_lists(const char *path, const int *fields, size_t count)
{
    GDALDatasetH ds = NULL;
    OGRLayerH layer;
    OGRFeatureH feat = NULL;
    char *joined = NULL;
    rg_status st = RG_OK;
    if (!count)
        goto cleanup;
    if (!(ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL)) ||
        !(layer = GDALDatasetGetLayer(ds, 0))) {
        st = rg_i_error_gdal(RG_ERR_IO, path);
        goto cleanup;
    }
    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        for (size_t k = 0; k < count; k++) {
            if (!OGR_F_IsFieldSetAndNotNull(feat, fields[k]))
                continue;
            if (!(joined = rg_i_json_list_join(OGR_F_GetFieldAsString(feat, fields[k]), ';'))) {
                st = rg_i_error(RG_ERR_NOMEM, "out of memory");
                goto cleanup;
            }
            OGR_F_SetFieldString(feat, fields[k], joined);
            free(joined);
            joined = NULL;
        }
        if (OGR_L_SetFeature(layer, feat) != OGRERR_NONE) {
            st = rg_i_error_gdal(RG_ERR_IO, path);
            goto cleanup;
        }
        OGR_F_Destroy(feat);
        feat = NULL;
    }
cleanup:
    if (feat)
        OGR_F_Destroy(feat);
    free(joined);
    if (ds)
        GDALClose(ds);
    return st;
}
