/* Opening one layer of a vector source GDAL reads, named FILE or FILE:LAYER: one rule for every
 * reader (regions, agency points), each of which words its own messages. */
#ifndef RG_OGR_INTERNAL_H
#define RG_OGR_INTERNAL_H

#include <gdal.h>

/* What rg_i_ogr_open_layer() found. */
typedef enum rg_i_ogr_open_status {
    RG_I_OGR_OPENED = 0,
    RG_I_OGR_MISSING,       /* no such file, and the name is no connection string: it does not
                             * begin with a driver prefix such as "PG:" */
    RG_I_OGR_UNREADABLE,    /* a file or connection string GDAL does not open as vectors */
    RG_I_OGR_REFUSED,       /* a FIFO, a device or a symlink loop: the error slot says which */
    RG_I_OGR_NO_SUCH_LAYER, /* FILE:LAYER names a layer FILE does not hold */
    RG_I_OGR_NO_LAYER,      /* the source holds no layer */
    RG_I_OGR_MANY_LAYERS,   /* several layers, and none named */
    RG_I_OGR_NOMEM
} rg_i_ogr_open_status;

typedef struct rg_i_ogr_layer {
    GDALDatasetH ds;  /* the dataset, from RG_I_OGR_NO_SUCH_LAYER on too (to say more) */
    OGRLayerH layer;  /* the layer, when RG_I_OGR_OPENED */
    char *file;       /* the dataset's name: path, or FILE of FILE:LAYER (the last name tried
                       * when nothing opened) */
    char *layer_name; /* LAYER of FILE:LAYER, or NULL */
    int missing_errno; /* RG_I_OGR_MISSING: why stat() could not find the file */
    char layers[1024]; /* once the dataset is open: "a, b, c", its layers ("..." when cut) */
} rg_i_ogr_layer;

/* Opens path and picks its layer: the one named by FILE:LAYER, else the only one. The split at
 * the last colon is tried only when the whole path is no existing file (a file name may hold a
 * colon), never at the colon of a driver prefix ("PG:dbname=x"), and, for connection strings
 * ("PG:dbname=x:roads"), only when the whole string does not open. GDAL's own messages are
 * cleared first. Whatever the status, release *out with rg_i_ogr_layer_close(). */
rg_i_ogr_open_status rg_i_ogr_open_layer(const char *path, rg_i_ogr_layer *out);

/* Whether something is at path (stat() succeeds; for a GDAL virtual path, /vsizip/... , GDAL's
 * VSIStatL); when not, *err (may be NULL) gets errno (ENOENT for a virtual path). */
int rg_i_path_exists(const char *path, int *err);

/* Whether only GDAL can read path: a GDAL virtual file system path (/vsizip/, /vsicurl/, ...)
 * or a .zip (GDAL reads a zipped shapefile directly). */
int rg_i_path_for_gdal(const char *path);

/* The name GDAL opens path by: /vsizip/PATH for a .zip not already under /vsi (GDAL 3.6 opens
 * only .shp.zip directly), else a copy of path. Caller frees; NULL when out of memory. */
char *rg_i_gdal_name(const char *path);

/* The error for a source GDAL (readers: who else tried) could not open: "is a directory ..."
 * when path is a local directory (GDAL reads some directories, so one is no error by itself),
 * else "not a vector file ... can read". RG_ERR_IO. */
rg_status rg_i_dir_or_unreadable(const char *path, const char *readers);

/* Closes the dataset and frees the names; accepts a zeroed or closed struct. */
void rg_i_ogr_layer_close(rg_i_ogr_layer *l);

#endif
