/* Fuzzes the attribute table and its text decoding: input = a .dbf, optionally followed by
 * FUZZ_SEP and a .cpg. The harness writes a .shp/.shx of as many null shapes as the .dbf header
 * claims records (capped), so that the reader gets past the record-count check and reads every
 * field of every record: field types, numbers, the language byte, the code page and decoding. */
#include "fuzz_common.h"

#include "regiongraph/regions.h"

static const char *const names[] = {"f.shp", "f.shx", "f.dbf", "f.cpg"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

/* A polygon shapefile (type 5) of n null shapes: 100-byte headers, 12-byte records (number,
 * content length 2 words, shape type 0) and 8-byte index entries, lengths in 16-bit words. */
static void write_null_shapes(uint32_t n)
{
    size_t shp_len = 100 + 12 * (size_t)n, shx_len = 100 + 8 * (size_t)n;
    uint8_t *shp = calloc(1, shp_len), *shx = calloc(1, shx_len);
    if (!shp || !shx)
        abort();
    for (int k = 0; k < 2; k++) {
        uint8_t *h = k ? shx : shp;
        put_be32(h, 9994);
        put_be32(h + 24, (uint32_t)((k ? shx_len : shp_len) / 2));
        put_le32(h + 28, 1000);
        put_le32(h + 32, 5);
    }
    for (uint32_t i = 0; i < n; i++) {
        put_be32(shp + 100 + 12 * i, i + 1);
        put_be32(shp + 104 + 12 * i, 2);
        put_be32(shx + 100 + 8 * i, (100 + 12 * i) / 2);
        put_be32(shx + 104 + 8 * i, 2);
    }
    fuzz_write("f.shp", shp, shp_len);
    fuzz_write("f.shx", shx, shx_len);
    free(shp);
    free(shx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *parts[FUZZ_MAX_PARTS];
    size_t lens[FUZZ_MAX_PARTS], n;
    uint32_t nrec = 0;
    char path[512];
    rg_regions *r = NULL;

    fuzz_init(names, 4);
    n = fuzz_split(data, size, parts, lens, 2);
    if (lens[0] >= 8)
        nrec = (uint32_t)parts[0][4] | (uint32_t)parts[0][5] << 8 | (uint32_t)parts[0][6] << 16 |
               (uint32_t)parts[0][7] << 24;
    /* Beyond what the file could hold (a record is at least one byte) the count is a lie the
     * reader must catch by itself; the cap keeps each run fast. */
    write_null_shapes(nrec > 256 ? 256 : nrec);
    fuzz_write("f.dbf", parts[0], lens[0]);
    fuzz_write("f.cpg", n > 1 ? parts[1] : NULL, n > 1 ? lens[1] : 0);
    fuzz_path("f.shp", path, sizeof path);

    if (rg_regions_read_shapefile(path, NULL, &r) == RG_OK) {
        volatile size_t sum = 0;
        for (size_t i = 0; i < rg_regions_count(r); i++) {
            const char *s;
            int64_t v;
            double d;
            for (size_t f = 0; f < rg_regions_field_count(r); f++) {
                if (rg_regions_value_string(r, i, f, &s))
                    sum += strlen(s);
                if (rg_regions_field_type(r, f) == RG_FIELD_INTEGER)
                    sum += (size_t)rg_regions_value_integer(r, i, f, &v);
                if (rg_regions_field_type(r, f) == RG_FIELD_REAL)
                    sum += (size_t)rg_regions_value_real(r, i, f, &d);
            }
            sum += strlen(rg_regions_id(r, i)) + strlen(rg_regions_name(r, i));
        }
        (void)sum;
    }
    rg_regions_free(r);
    rg_clear_error();
    return 0;
}
