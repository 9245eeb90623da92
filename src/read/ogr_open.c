/* Opening one layer of a vector source GDAL reads, named FILE or FILE:LAYER (ogr_internal.h). */
/* GDAL's VSIStatL takes a struct stat64 */
#define _LARGEFILE64_SOURCE 1
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>

#include "base/error_internal.h"
#include "base/inputs_internal.h"
#include "base/mem_internal.h"
#include "read/names_internal.h"
#include "read/ogr_internal.h"
#include "read/ogr_text_internal.h"

int rg_i_path_for_gdal(const char *path)
{
    size_t n = strlen(path);
    return strncmp(path, "/vsi", 4) == 0 ||
           (n >= 4 && path[n - 4] == '.' && (path[n - 3] | 0x20) == 'z' &&
            (path[n - 2] | 0x20) == 'i' && (path[n - 1] | 0x20) == 'p');
}

char *rg_i_gdal_name(const char *path)
{
    size_t n = strlen(path);
    char *name;
    if (strncmp(path, "/vsi", 4) == 0 || !rg_i_path_for_gdal(path))
        return rg_i_strdup(path);
    if (!(name = malloc(n + 9)))
        return NULL;
    memcpy(name, "/vsizip/", 8);
    memcpy(name + 8, path, n + 1);
    return name;
}

int rg_i_path_exists(const char *path, int *err)
{
    struct stat sb;
    if (strncmp(path, "/vsi", 4) == 0) {
        VSIStatBufL vsb;
        if (VSIStatL(path, &vsb) == 0)
            return 1;
        if (err)
            *err = ENOENT;
        return 0;
    }
    if (stat(path, &sb) == 0)
        return 1;
    if (err)
        *err = errno;
    return 0;
}

rg_status rg_i_dir_or_unreadable(const char *path, const char *readers)
{
    struct stat sb;
    if (strncmp(path, "/vsi", 4) != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return rg_i_error(RG_ERR_IO, "%s: is a directory in which %s finds no vector layer",
                          path, readers);
    return rg_i_error(RG_ERR_IO, "%s: not a vector file %s can read", path, readers);
}

static GDALDatasetH open_vector(const char *name)
{
    return rg_i_gdal_open_vector(name);
}

/* The colon ending a connection string's driver prefix ("PG:", "ESRIJSON:": a letter, then
 * letters, digits or '_', two at least, so that a drive letter is none), or NULL. */
static const char *driver_prefix_colon(const char *name)
{
    const char *p = name;
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
        return NULL;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
           *p == '_')
        p++;
    return *p == ':' && p - name >= 2 ? p : NULL;
}

static const char *layer_name_at(const void *ds, size_t k)
{
    return OGR_L_GetName(GDALDatasetGetLayer((GDALDatasetH)ds, (int)k));
}

rg_i_ogr_open_status rg_i_ogr_open_layer(const char *path, rg_i_ogr_layer *out)
{
    const char *colon = strrchr(path, ':'), *driver_colon = driver_prefix_colon(path);
    char *prefix = NULL;
    rg_i_ogr_open_status status = RG_I_OGR_OPENED;
    int count;

    memset(out, 0, sizeof *out);
    rg_i_library_init(); /* GDAL's drivers and error routing, once */
    /* The colon of "PG:" separates no layer. */
    if (colon && colon > path && colon[1] && colon != driver_colon &&
        !rg_i_path_exists(path, NULL) && !(prefix = strndup(path, (size_t)(colon - path)))) {
        status = RG_I_OGR_NOMEM;
        goto cleanup;
    }
    rg_clear_error();
    CPLErrorReset();
    {
        /* a local file is checked and noted as an input: a FIFO or a device would block GDAL,
         * a symlink loop is no "missing file"; a directory is a source GDAL may read */
        const char *file = prefix && rg_i_path_exists(prefix, NULL) ? prefix : path;
        int err = 0;
        if ((rg_i_path_exists(file, &err) || err == ELOOP) && strncmp(file, "/vsi", 4) != 0 &&
            rg_i_input_open(file, 1) != RG_OK) {
            status = RG_I_OGR_REFUSED;
            goto cleanup;
        }
    }
    if (prefix && rg_i_path_exists(prefix, NULL)) {
        out->ds = open_vector(prefix);
    } else {
        out->ds = open_vector(path);
        if (out->ds) {
            free(prefix);
            prefix = NULL;
        } else if (prefix) {
            out->ds = open_vector(prefix);
        }
    }
    if (!out->ds) {
        /* A name that is no file and no connection string is simply missing. */
        const char *name = prefix ? prefix : path;
        if (!rg_i_path_exists(path, NULL) && !rg_i_path_exists(name, &out->missing_errno) &&
            !driver_colon)
            status = RG_I_OGR_MISSING;
        else
            status = RG_I_OGR_UNREADABLE;
        if (!(out->file = prefix ? prefix : rg_i_strdup(path)))
            status = RG_I_OGR_NOMEM;
        prefix = NULL;
        goto cleanup;
    }
    if (prefix) {
        out->file = prefix;
        prefix = NULL;
        if (!(out->layer_name = rg_i_strdup(colon + 1))) {
            status = RG_I_OGR_NOMEM;
            goto cleanup;
        }
    } else if (!(out->file = rg_i_strdup(path))) {
        status = RG_I_OGR_NOMEM;
        goto cleanup;
    }
    count = GDALDatasetGetLayerCount(out->ds);
    rg_i_list_names(out->layers, sizeof out->layers, count > 0 ? (size_t)count : 0, layer_name_at,
                    out->ds);
    if (out->layer_name) {
        if (!(out->layer = GDALDatasetGetLayerByName(out->ds, out->layer_name)))
            status = RG_I_OGR_NO_SUCH_LAYER;
    } else if (count == 1) {
        out->layer = GDALDatasetGetLayer(out->ds, 0);
    } else {
        status = count == 0 ? RG_I_OGR_NO_LAYER : RG_I_OGR_MANY_LAYERS;
    }
cleanup:
    free(prefix);
    return status;
}

void rg_i_ogr_layer_close(rg_i_ogr_layer *l)
{
    if (l->ds)
        GDALClose(l->ds);
    free(l->file);
    free(l->layer_name);
    l->ds = NULL;
    l->layer = NULL;
    l->file = l->layer_name = NULL;
}
