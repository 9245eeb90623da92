/* Bounds checks of the .shp, .shx and .dbf headers before shapelib allocates by them, and the
 * diagnosis of a record shapelib refused.
 *
 * shapelib trusts the headers: SHPOpen reserves memory for as many records as the .shx header
 * claims, and SHPReadObject seeks to whatever offset the .shx gives. Every count and offset it
 * will use is checked here against the sizes of the files first, so that a hostile or truncated
 * file fails with a message naming the file and the record instead of a huge allocation or a
 * vague "corrupt" from shapelib. Reads are small and sequential: nothing is reserved. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <shapefil.h>

#include "base/error_internal.h"
#include "read/shapefile_internal.h"

static uint32_t get_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint32_t get_le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | (uint32_t)p[0];
}

static int known_shape_type(uint32_t type)
{
    static const uint32_t known[] = {0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28, 31};
    size_t k;
    for (k = 0; k < sizeof known / sizeof known[0]; k++)
        if (known[k] == type)
            return 1;
    return 0;
}

/* Opens path and reads its size and the first `want` bytes (fewer if the file is shorter). */
static rg_status open_sized(const char *path, FILE **fp, uint64_t *size, unsigned char *head,
                            size_t want, size_t *got)
{
    struct stat sb;
    if (!(*fp = fopen(path, "rb")))
        return rg_i_error(RG_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fileno(*fp), &sb) != 0)
        return rg_i_error(RG_ERR_IO, "%s: %s", path, strerror(errno));
    *size = (uint64_t)sb.st_size;
    *got = fread(head, 1, want, *fp);
    if (ferror(*fp))
        return rg_i_error(RG_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    return RG_OK;
}

/* The 100-byte main header shared by .shp and .shx. */
static rg_status check_main_header(const char *path, const unsigned char *h, size_t got,
                                   uint64_t size)
{
    uint32_t code, version, type;
    if (got < 100)
        return rg_i_error(RG_ERR_FORMAT, "%s: header: the file has %llu bytes, less than the "
                          "100-byte shapefile header (truncated?)", path,
                          (unsigned long long)size);
    code = get_be32(h);
    version = get_le32(h + 28);
    type = get_le32(h + 32);
    if (code != 9994 || version != 1000)
        return rg_i_error(RG_ERR_FORMAT, "%s: header: not a shapefile (file code %lu, version "
                          "%lu; expected 9994 and 1000)", path, (unsigned long)code,
                          (unsigned long)version);
    if (!known_shape_type(type))
        return rg_i_error(RG_ERR_FORMAT, "%s: header: shape type %lu is not a shapefile shape "
                          "type", path, (unsigned long)type);
    return RG_OK;
}

/* Moves a read stream from *at to byte `to`. A seek drops stdio's buffer and costs system
 * calls even for a few bytes, and records follow each other: a short gap forward is read
 * through instead (one seek per record was a third of the time of reading a million shapes). */
static int move_to(FILE *f, uint64_t *at, uint64_t to)
{
    unsigned char skip[4096];
    if (to >= *at && to - *at <= sizeof skip) {
        if (fread(skip, 1, (size_t)(to - *at), f) != (size_t)(to - *at))
            return 0;
    } else if (fseeko(f, (off_t)to, SEEK_SET) != 0) {
        return 0;
    }
    *at = to;
    return 1;
}

rg_status rg_i_shapefile_check_shp_shx(const char *shp_path, const char *shx_path)
{
    FILE *shp = NULL, *shx = NULL;
    unsigned char shp_head[100], shx_head[100], entry[8], rec_head[8];
    uint64_t shp_size = 0, shx_size = 0, claimed, n, k, at;
    size_t got;
    rg_status st;

    if ((st = open_sized(shp_path, &shp, &shp_size, shp_head, 100, &got)) != RG_OK ||
        (st = check_main_header(shp_path, shp_head, got, shp_size)) != RG_OK ||
        (st = open_sized(shx_path, &shx, &shx_size, shx_head, 100, &got)) != RG_OK ||
        (st = check_main_header(shx_path, shx_head, got, shx_size)) != RG_OK)
        goto cleanup;
    /* shapelib takes the shape type from the .shx header, readers that ignore the index from
     * the .shp's: they must agree */
    if (get_le32(shp_head + 32) != get_le32(shx_head + 32)) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: header: shape type %lu differs from the %s header's "
                        "%lu", shx_path, (unsigned long)get_le32(shx_head + 32), shp_path,
                        (unsigned long)get_le32(shp_head + 32));
        goto cleanup;
    }
    /* shapelib takes the record count from the .shx header's file length */
    claimed = 2 * (uint64_t)get_be32(shx_head + 24);
    if (claimed < 100 || claimed > shx_size || (claimed - 100) % 8 != 0) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: header: gives a length of %llu bytes but the file "
                        "has %llu (truncated or corrupt index)", shx_path,
                        (unsigned long long)claimed, (unsigned long long)shx_size);
        goto cleanup;
    }
    n = (claimed - 100) / 8;
    at = 100; /* where shp is: open_sized read the 100-byte header */
    for (k = 0; k < n; k++) {
        uint64_t offset, length, rec_length;
        if (fread(entry, 1, 8, shx) != 8) {
            st = rg_i_error(RG_ERR_IO, "%s: record %llu: cannot read its index entry", shx_path,
                            (unsigned long long)(k + 1));
            goto cleanup;
        }
        /* both are signed 32-bit counts of 16-bit words; a negative one reads as huge here */
        offset = 2 * (uint64_t)get_be32(entry);
        length = 2 * (uint64_t)get_be32(entry + 4);
        if (offset < 100 || length < 4 || offset + 8 + length > shp_size) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: record %llu: offset %lld and length %lld lie "
                            "outside %s (%llu bytes; truncated or corrupt)", shx_path,
                            (unsigned long long)(k + 1), (long long)(int32_t)get_be32(entry) * 2,
                            (long long)(int32_t)get_be32(entry + 4) * 2, shp_path,
                            (unsigned long long)shp_size);
            goto cleanup;
        }
        /* the record's own header in the .shp must agree with the index */
        if (!move_to(shp, &at, offset) || fread(rec_head, 1, 8, shp) != 8) {
            st = rg_i_error(RG_ERR_IO, "%s: record %llu: cannot read its header", shp_path,
                            (unsigned long long)(k + 1));
            goto cleanup;
        }
        at += 8;
        rec_length = 2 * (uint64_t)get_be32(rec_head + 4);
        if (rec_length != length) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: record %llu: its header gives a length of %llu "
                            "bytes but %s gives %llu (corrupt file)", shp_path,
                            (unsigned long long)(k + 1), (unsigned long long)rec_length,
                            shx_path, (unsigned long long)length);
            goto cleanup;
        }
    }
cleanup:
    if (shp)
        fclose(shp);
    if (shx)
        fclose(shx);
    return st;
}

/* The dBase header: the descriptors must end inside the header, every field inside the record,
 * and the records the header announces must be in the file (DBFOpen reserves by these). */
rg_status rg_i_shapefile_check_dbf(const char *path)
{
    FILE *fp = NULL;
    unsigned char head[32], desc[32];
    uint64_t size = 0, nrec, hdrlen, reclen, end, k, pos;
    size_t got;
    rg_status st;

    if ((st = open_sized(path, &fp, &size, head, 32, &got)) != RG_OK)
        goto cleanup;
    if (got < 32) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: header: the file has %llu bytes, less than the "
                        "32-byte dBase header (truncated?)", path, (unsigned long long)size);
        goto cleanup;
    }
    nrec = get_le32(head + 4);
    hdrlen = (uint64_t)head[8] | (uint64_t)head[9] << 8;
    reclen = (uint64_t)head[10] | (uint64_t)head[11] << 8;
    if (hdrlen < 33 || hdrlen > size) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: header: a header length of %llu bytes is impossible "
                        "(the file has %llu)", path, (unsigned long long)hdrlen,
                        (unsigned long long)size);
        goto cleanup;
    }
    if (reclen < 1) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: header: records of %llu bytes are impossible", path,
                        (unsigned long long)reclen);
        goto cleanup;
    }
    /* field descriptors of 32 bytes each, ended by 0x0D, inside the header */
    end = 1; /* the deletion flag */
    for (k = 0, pos = 32;; k++, pos += 32) {
        unsigned width;
        if (pos == hdrlen)
            break; /* no terminator, but the descriptors fill the header exactly */
        if (fread(desc, 1, 1, fp) != 1) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: header: the field descriptors run past the "
                            "%llu-byte header (no 0x0D terminator)", path,
                            (unsigned long long)hdrlen);
            goto cleanup;
        }
        if (desc[0] == 0x0D)
            break;
        if (pos + 32 > hdrlen || fread(desc + 1, 1, 31, fp) != 31) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: header: the field descriptors run past the "
                            "%llu-byte header", path, (unsigned long long)hdrlen);
            goto cleanup;
        }
        width = desc[16];
        if (desc[11] == 'C')
            width |= (unsigned)desc[17] << 8; /* long character fields use the decimals byte */
        end += width;
        if (end > reclen) {
            char name[12];
            memcpy(name, desc, 11);
            name[11] = '\0';
            st = rg_i_error(RG_ERR_FORMAT, "%s: header: field %llu ('%s') ends at byte %llu of a "
                            "%llu-byte record", path, (unsigned long long)(k + 1), name,
                            (unsigned long long)end, (unsigned long long)reclen);
            goto cleanup;
        }
    }
    if (hdrlen + nrec * reclen > size) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: header: announces %llu records of %llu bytes but the "
                        "file ends inside record %llu (truncated or corrupt)", path,
                        (unsigned long long)nrec, (unsigned long long)reclen,
                        (unsigned long long)((size - hdrlen) / reclen + 1));
        goto cleanup;
    }
cleanup:
    if (fp)
        fclose(fp);
    return st;
}

/* Says what is wrong with a record shapelib refused, reading its counts from the .shp again
 * (shapelib only says that it failed): the counts themselves, the room they need, or the part
 * starts. The record's offset and size were checked against the file when it was opened. */
rg_status rg_i_shapefile_explain_record(const char *shp_path, SHPHandle shp, size_t i)
{
    unsigned char head[44], start[4];
    uint64_t size = shp->panRecSize[i], need;
    int32_t nparts, npoints, prev = -1;
    FILE *fp = fopen(shp_path, "rb");
    rg_status st;
    int32_t k;

    if (!fp || size < 44 || fseeko(fp, (off_t)shp->panRecOffset[i] + 8, SEEK_SET) != 0 ||
        fread(head, 1, 44, fp) != 44) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: record %zu: corrupt shape (%llu bytes, too short "
                        "for its part and point counts)", shp_path, i + 1,
                        (unsigned long long)size);
        goto cleanup;
    }
    nparts = (int32_t)get_le32(head + 36);
    npoints = (int32_t)get_le32(head + 40);
    need = 44 + 4 * (uint64_t)(nparts > 0 ? nparts : 0) + 16 * (uint64_t)(npoints > 0 ? npoints : 0);
    if (nparts < 0 || npoints < 0 || need > size) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: record %zu: corrupt shape: %ld parts and %ld points "
                        "(need %llu bytes) in a record of %llu bytes", shp_path, i + 1,
                        (long)nparts, (long)npoints, (unsigned long long)need,
                        (unsigned long long)size);
        goto cleanup;
    }
    for (k = 0; k < nparts; k++) {
        int32_t at;
        if (fread(start, 1, 4, fp) != 4)
            break;
        at = (int32_t)get_le32(start);
        if (at < 0 || at >= npoints || at <= prev) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: record %zu: corrupt shape: part %ld starts at "
                            "vertex %ld of %ld%s", shp_path, i + 1, (long)k + 1, (long)at,
                            (long)npoints, at <= prev && at >= 0 ? ", before the part ahead of it"
                                                                  : "");
            goto cleanup;
        }
        prev = at;
    }
    st = rg_i_error(RG_ERR_FORMAT, "%s: record %zu: corrupt shape%s%s", shp_path, i + 1,
                    *rg_last_error() ? ": " : "", rg_last_error());
cleanup:
    if (fp)
        fclose(fp);
    return st;
}
