/* Shapefile access through shapelib: the file hooks, opening (after the header checks of
 * shapefile_check.c), the .prj, the .dbf's encoding and the shape type names. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cpl_conv.h>
#include <shapefil.h>

#include "base/encoding_internal.h"
#include "base/error_internal.h"
#include "base/inputs_internal.h"
#include "base/text_internal.h"
#include "base/mem_internal.h"
#include "geom/crs_internal.h"
#include "read/shapefile_internal.h"

/* ---- opening -------------------------------------------------------------------------- */

/* shapelib reports through this hook instead of printing; the hook has no user data, but the
 * slot is thread-local, which is all it needs. */
static void shapelib_error(const char *message)
{
    rg_i_error(RG_ERR_FORMAT, "%s", message);
}

static double c_locale_atof(const char *s)
{
    return CPLAtof(s); /* atof() would follow LC_NUMERIC: "1.5" is 1 under a comma locale */
}

/* File hooks for shapelib. It seeks before every record it reads, and a stdio seek drops the
 * buffer and costs a system call even when it goes nowhere; on a sequential read of a million
 * records that was a fifth of the time. These hooks remember the position and skip seeks to
 * where the file already is, and give stdio a large buffer. */
typedef struct seq_file {
    FILE *f;
    SAOffset pos;
    int pos_known;
} seq_file;

static SAFile seq_open(const char *name, const char *access)
{
    seq_file *s;
    FILE *f = fopen(name, access);
    if (!f)
        return NULL;
    if (!(s = malloc(sizeof *s))) {
        fclose(f);
        return NULL;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 18);
    s->f = f;
    s->pos = 0;
    s->pos_known = 1;
    return (SAFile)(void *)s;
}

static SAOffset seq_read(void *p, SAOffset size, SAOffset count, SAFile file)
{
    seq_file *s = (seq_file *)(void *)file;
    size_t got = fread(p, size, count, s->f);
    if (got == count)
        s->pos += size * count;
    else
        s->pos_known = 0; /* a partial item moved the position by an unknown amount */
    return got;
}

static SAOffset seq_write(void *p, SAOffset size, SAOffset count, SAFile file)
{
    seq_file *s = (seq_file *)(void *)file;
    size_t put = fwrite(p, size, count, s->f);
    s->pos_known = 0;
    return put;
}

static SAOffset seq_seek(SAFile file, SAOffset offset, int whence)
{
    seq_file *s = (seq_file *)(void *)file;
    off_t where;
    if (whence == SEEK_SET && s->pos_known && offset == s->pos)
        return 0;
    if (fseeko(s->f, (off_t)offset, whence) != 0 || (where = ftello(s->f)) < 0) {
        s->pos_known = 0;
        return (SAOffset)-1;
    }
    s->pos = (SAOffset)where;
    s->pos_known = 1;
    return 0;
}

static SAOffset seq_tell(SAFile file)
{
    seq_file *s = (seq_file *)(void *)file;
    off_t where;
    if (s->pos_known)
        return s->pos;
    where = ftello(s->f);
    return where < 0 ? 0 : (SAOffset)where;
}

static int seq_flush(SAFile file)
{
    return fflush(((seq_file *)(void *)file)->f);
}

static int seq_close(SAFile file)
{
    seq_file *s = (seq_file *)(void *)file;
    int r = fclose(s->f);
    free(s);
    return r;
}

static int seq_remove(const char *name)
{
    return remove(name);
}

static int is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* base + "." + ext, trying the lower-case then the upper-case extension (shapefiles copied from
 * old DOS tools have .SHP/.DBF); *found tells whether either exists. NULL on allocation failure. */
static char *sibling(const char *base, const char *ext, int *found)
{
    size_t n = strlen(base), k;
    char *p = malloc(n + strlen(ext) + 2);
    if (!p)
        return NULL;
    memcpy(p, base, n);
    p[n] = '.';
    strcpy(p + n + 1, ext);
    *found = is_regular_file(p);
    if (!*found) {
        for (k = n + 1; p[k]; k++)
            if (p[k] >= 'a' && p[k] <= 'z')
                p[k] = (char)(p[k] - 'a' + 'A');
        *found = is_regular_file(p);
        if (!*found) /* name the lower-case form in messages */
            strcpy(p + n + 1, ext);
    }
    return p;
}

void rg_i_shapefile_close(rg_i_shapefile *sf)
{
    if (!sf)
        return;
    if (sf->shp)
        SHPClose(sf->shp);
    if (sf->dbf)
        DBFClose(sf->dbf);
    free(sf->shp_path);
    free(sf->dbf_path);
    free(sf->prj_path);
    free(sf->layer);
    memset(sf, 0, sizeof *sf);
}

void rg_i_shapefile_hooks(SAHooks *hooks)
{
    SASetupDefaultHooks(hooks);
    hooks->FOpen = seq_open;
    hooks->FRead = seq_read;
    hooks->FWrite = seq_write;
    hooks->FSeek = seq_seek;
    hooks->FTell = seq_tell;
    hooks->FFlush = seq_flush;
    hooks->FClose = seq_close;
    hooks->Remove = seq_remove;
    hooks->Error = shapelib_error;
    hooks->Atof = c_locale_atof;
}

rg_status rg_i_shapefile_open(const char *path, rg_i_shapefile *sf)
{
    SAHooks hooks;
    char *base = NULL, *shx_path = NULL;
    const char *slash;
    int found_shp = 0, found_shx = 0, found_dbf = 0, found_prj = 0;
    rg_status st = RG_OK;
    size_t n;

    memset(sf, 0, sizeof *sf);
    if (!path || !*path)
        return rg_i_error(RG_ERR_ARG, "no shapefile path given");
    n = strlen(path);
    if (rg_i_ends_with_ci(path, ".shp") || rg_i_ends_with_ci(path, ".shx") || rg_i_ends_with_ci(path, ".dbf"))
        n -= 4;
    if (!(base = malloc(n + 1))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    memcpy(base, path, n);
    base[n] = '\0';
    slash = strrchr(base, '/');
    sf->layer = rg_i_strdup(slash ? slash + 1 : base);
    sf->shp_path = sibling(base, "shp", &found_shp);
    shx_path = sibling(base, "shx", &found_shx);
    sf->dbf_path = sibling(base, "dbf", &found_dbf);
    sf->prj_path = sibling(base, "prj", &found_prj);
    if (!sf->layer || !sf->shp_path || !shx_path || !sf->dbf_path || !sf->prj_path) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if (!found_prj) {
        free(sf->prj_path);
        sf->prj_path = NULL;
    }
    if (!found_shp || !found_shx || !found_dbf) {
        /* what the missing one is instead (a FIFO, a directory, a symlink loop), if anything */
        const char *missing = !found_shp ? sf->shp_path : !found_shx ? shx_path : sf->dbf_path;
        if ((access(missing, F_OK) != 0 && errno != ELOOP) ||
            (st = rg_i_input_open(missing, 0)) == RG_OK)
            st = rg_i_error(RG_ERR_IO, "%s: no such file", missing);
        goto cleanup;
    }
    /* noted as inputs, so that no output of the run replaces them */
    if ((st = rg_i_input_open(sf->shp_path, 0)) != RG_OK ||
        (st = rg_i_input_open(shx_path, 0)) != RG_OK ||
        (st = rg_i_input_open(sf->dbf_path, 0)) != RG_OK ||
        (sf->prj_path && (st = rg_i_input_open(sf->prj_path, 0)) != RG_OK))
        goto cleanup;
    {
        char *cpg = sibling(base, "cpg", &found_prj);
        if (cpg && found_prj)
            rg_i_input_note(cpg);
        free(cpg);
    }

    if ((st = rg_i_shapefile_check_shp_shx(sf->shp_path, shx_path)) != RG_OK ||
        (st = rg_i_shapefile_check_dbf(sf->dbf_path)) != RG_OK)
        goto cleanup;

    rg_i_shapefile_hooks(&hooks);
    rg_clear_error();
    /* shapelib strips the extension itself and finds .shx/.dbf in either case; give it the
     * full file name so that a dot inside the base name ("v1.2/cn.cities") survives. */
    if (!(sf->shp = SHPOpenLL(sf->shp_path, "rb", &hooks))) {
        st = rg_i_error_prefix(RG_ERR_FORMAT, sf->shp_path);
        goto cleanup;
    }
    rg_clear_error();
    if (!(sf->dbf = DBFOpenLL(sf->dbf_path, "rb", &hooks))) {
        st = rg_i_error_prefix(RG_ERR_FORMAT, sf->dbf_path);
        goto cleanup;
    }
    SHPGetInfo(sf->shp, &sf->nshapes, &sf->shape_type, sf->min, sf->max);
    sf->nrecords = DBFGetRecordCount(sf->dbf);
cleanup:
    free(base);
    free(shx_path);
    if (st != RG_OK)
        rg_i_shapefile_close(sf);
    return st;
}

rg_status rg_i_shapefile_read_prj(const rg_i_shapefile *sf, char **text)
{
    FILE *f = NULL;
    char *buf = NULL;
    size_t len = 0, cap = 4096, got;
    rg_status st = RG_OK;
    *text = NULL;
    if (!sf->prj_path)
        return RG_OK;
    if (!(f = fopen(sf->prj_path, "rb"))) {
        st = rg_i_error(RG_ERR_IO, "%s: %s", sf->prj_path, strerror(errno));
        goto cleanup;
    }
    for (;;) {
        char *p = realloc(buf, cap + 1);
        if (!p) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        buf = p;
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len < cap)
            break;
        cap *= 2;
    }
    if (ferror(f)) {
        st = rg_i_error(RG_ERR_IO, "%s: read error", sf->prj_path);
        goto cleanup;
    }
    buf[len] = '\0';
    *text = buf;
    buf = NULL;
cleanup:
    if (f)
        fclose(f);
    free(buf);
    return st;
}

rg_status rg_i_shapefile_prj_text(const rg_i_shapefile *sf, char **text)
{
    rg_status st = rg_i_shapefile_read_prj(sf, text);
    if (st == RG_ERR_IO) {
        rg_i_warn("%s: treated as missing", rg_last_error());
        rg_clear_error();
        return RG_OK;
    }
    if (st == RG_OK && *text && rg_i_crs_text_blank(*text)) {
        rg_i_warn("%s: empty: treated as missing", sf->prj_path);
        free(*text);
        *text = NULL;
    }
    return st;
}

rg_status rg_i_shapefile_crs(const rg_i_shapefile *sf, const char *s_srs, rg_i_crs *crs,
                             int *guess)
{
    char *prj = NULL;
    rg_status st;
    *guess = 0;
    if (s_srs && *s_srs)
        return rg_i_crs_from_option(s_srs, crs);
    if ((st = rg_i_shapefile_prj_text(sf, &prj)) != RG_OK)
        return st;
    if (prj)
        st = rg_i_crs_from_text(prj, sf->prj_path, crs);
    else
        *guess = 1;
    free(prj);
    return st;
}

rg_status rg_i_shapefile_decoder(const rg_i_shapefile *sf, const char *override,
                                 rg_i_decoder **out, const char **source, char *source_buf,
                                 size_t source_size)
{
    char namebuf[64];
    const char *name = NULL, *code_page = DBFGetCodePage(sf->dbf);
    int ldid = sf->dbf->iLanguageDriver;
    rg_status st;

    *out = NULL;
    if (override && *override) {
        name = rg_i_encoding_from_cpg(override, namebuf, sizeof namebuf);
        *source = "from --encoding";
        if ((st = rg_i_decoder_new(name ? name : override, out)) != RG_OK)
            return rg_i_error(st, "unknown text encoding '%s' (--encoding)", override);
        return RG_OK;
    }
    /* shapelib gives the .cpg text, or "LDID/<n>" when there is no .cpg */
    if (code_page && strncmp(code_page, "LDID/", 5) != 0) {
        name = rg_i_encoding_from_cpg(code_page, namebuf, sizeof namebuf);
        if (name)
            *source = "from .cpg";
        else
            rg_i_warn("%.*s.cpg: encoding '%s' not recognised: ignored", (int)strlen(sf->dbf_path) - 4,
                      sf->dbf_path, code_page);
    }
    if (!name && (name = rg_i_encoding_from_ldid(ldid))) {
        snprintf(source_buf, source_size, "from LDID 0x%02X", (unsigned)ldid);
        *source = source_buf;
    }
    if (!name && (name = rg_i_shapefile_guess_encoding(sf)))
        *source = "guessed from the bytes: no .cpg or language byte";
    if (!name) {
        name = "ISO-8859-1";
        *source = "default";
    }
    if ((st = rg_i_decoder_new(name, out)) != RG_OK)
        return rg_i_error_prefix(st, sf->dbf_path);
    return RG_OK;
}

const char *rg_i_shape_type_name(int type, int lower)
{
    static const struct {
        int type;
        const char *name, *lower;
    } names[] = {
        {SHPT_NULL, "Null", "null"},
        {SHPT_POINT, "Point", "point"},
        {SHPT_ARC, "PolyLine", "polyline"},
        {SHPT_POLYGON, "Polygon", "polygon"},
        {SHPT_MULTIPOINT, "MultiPoint", "multipoint"},
        {SHPT_POINTZ, "PointZ", "point z"},
        {SHPT_ARCZ, "PolyLineZ", "polyline z"},
        {SHPT_POLYGONZ, "PolygonZ", "polygon z"},
        {SHPT_MULTIPOINTZ, "MultiPointZ", "multipoint z"},
        {SHPT_POINTM, "PointM", "point m"},
        {SHPT_ARCM, "PolyLineM", "polyline m"},
        {SHPT_POLYGONM, "PolygonM", "polygon m"},
        {SHPT_MULTIPOINTM, "MultiPointM", "multipoint m"},
        {SHPT_MULTIPATCH, "MultiPatch", "multipatch"},
    };
    size_t k;
    for (k = 0; k < sizeof names / sizeof names[0]; k++)
        if (names[k].type == type)
            return lower ? names[k].lower : names[k].name;
    return "unknown";
}
