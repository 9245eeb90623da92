/* Shapefile access through shapelib, shared by the region reader and `info`. */
#ifndef RG_SHAPEFILE_INTERNAL_H
#define RG_SHAPEFILE_INTERNAL_H

#include <stddef.h>

#include <shapefil.h>

#include "base/encoding_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/status.h"

/* An open shapefile: the .shp (with its .shx) and the .dbf, and the paths as found on disk. */
typedef struct rg_i_shapefile {
    SHPHandle shp;
    DBFHandle dbf;
    char *shp_path;   /* e.g. "maps/cities.shp" (or .SHP, as on disk) */
    char *dbf_path;
    char *prj_path;   /* NULL when there is no .prj */
    char *layer;      /* file name without directory and extension: "cities" */
    int nshapes;      /* records in the .shp */
    int nrecords;     /* records in the .dbf (may differ: the caller decides) */
    int shape_type;   /* SHPT_* of the file header */
    double min[4], max[4]; /* header bounds: x, y, z, m */
} rg_i_shapefile;

/* Fills hooks with shapelib's file access as regiongraph reads shapefiles: stdio with a large
 * buffer, skipping the seek shapelib makes before every record when the file is already there
 * (a seek drops stdio's buffer), messages into the error slot, numbers read in the C locale.
 * The read-only floor of the contiguity benchmark (tools/rg_read_floor.c) reads through it too. */
void rg_i_shapefile_hooks(SAHooks *hooks);

/* Opens PATH (with or without the .shp extension) read-only through shapelib with hooks that
 * route shapelib's messages into the error slot, so that it never prints. A missing .shp, .shx
 * or .dbf fails with RG_ERR_IO "x.shx: no such file"; an unreadable one with RG_ERR_FORMAT.
 * On failure everything opened is closed again. Release with rg_i_shapefile_close(). */
rg_status rg_i_shapefile_open(const char *path, rg_i_shapefile *sf);
/* Closes the files and frees the paths; a zeroed or already closed struct is accepted. */
void rg_i_shapefile_close(rg_i_shapefile *sf);

/* Checks, before shapelib allocates by them, the .shp and .shx headers (file code, version,
 * shape types that agree, a record count that fits the .shx) and every index entry against the
 * .shp's size and its record header. RG_ERR_FORMAT (or RG_ERR_IO) naming the file and the record.
 * Reads both files once, sequentially; O(records), no allocation. shapefile_check.c. */
rg_status rg_i_shapefile_check_shp_shx(const char *shp_path, const char *shx_path);

/* Checks the .dbf header: header and record lengths, field descriptors inside the header and
 * fields inside the record, and the announced records inside the file. RG_ERR_FORMAT (or
 * RG_ERR_IO) naming the file. O(fields). shapefile_check.c. */
rg_status rg_i_shapefile_check_dbf(const char *path);

/* Says what is wrong with record i (0-based) of an open .shp that SHPReadObject refused, reading
 * its counts from the file again (shapelib only says that it failed): the counts themselves, the
 * room they need, or the part starts; else shapelib's own message. Always RG_ERR_FORMAT.
 * shapefile_check.c. */
rg_status rg_i_shapefile_explain_record(const char *shp_path, SHPHandle shp, size_t i);

/* Chooses the text encoding of the .dbf and makes a decoder for it: `override` (a name iconv or
 * a .cpg file would use: "CP936", "936", "GBK", "UTF-8"), else the .cpg, else the DBF language
 * byte, else ISO-8859-1 (what the DBF format itself assumes). *source receives where the choice
 * came from ("from --encoding", "from .cpg", "from LDID 0x4D", "default"), static storage or a
 * pointer into source_buf. An unrecognised .cpg gives a warning and falls through to the next
 * rule. Fails with RG_ERR_ENCODING when iconv does not know the chosen encoding. */
rg_status rg_i_shapefile_decoder(const rg_i_shapefile *sf, const char *override,
                                 rg_i_decoder **out, const char **source, char *source_buf,
                                 size_t source_size);

/* Reads the .prj into a new NUL-terminated string (*text, caller frees); *text is NULL when
 * there is no .prj. RG_ERR_IO when it exists but cannot be read. */
rg_status rg_i_shapefile_read_prj(const rg_i_shapefile *sf, char **text);

/* The .prj as a CRS text to use: *text (caller frees) is NULL when there is none, and also,
 * with a warning that says so, when it is empty (white space only) or cannot be read. */
rg_status rg_i_shapefile_prj_text(const rg_i_shapefile *sf, char **text);

/* The layer's CRS: s_srs when given (it overrides the .prj; a bad one is RG_ERR_CRS naming
 * --s_srs), else the .prj's (see rg_i_shapefile_prj_text; one GDAL cannot read is RG_ERR_CRS),
 * else nothing yet: *guess is set and the caller calls rg_i_crs_guess() on the coordinates. */
rg_status rg_i_shapefile_crs(const rg_i_shapefile *sf, const char *s_srs, rg_i_crs *crs,
                             int *guess);

/* The encoding of a .dbf with no .cpg and language byte 0, from the bytes of its first records:
 * "UTF-8" when they are valid UTF-8, "GB18030" when they are valid GB18030 (GBK's superset) and
 * do not read as Latin-1 text (C1 controls, or most non-ASCII bytes in runs of four or more),
 * NULL otherwise (ISO-8859-1, as the format says; also for plain ASCII). */
const char *rg_i_shapefile_guess_encoding(const rg_i_shapefile *sf);

/* Name of a shapefile shape type as ESRI writes it ("Polygon", "PolyLineZ", "Null"), or
 * "unknown"; lower-case variant ("polygon", "polyline z") for messages when lower is set. */
const char *rg_i_shape_type_name(int type, int lower);

#endif
