/* Fuzzes the shapefile reader: input = .shp, .shx, .dbf, .cpg, .prj joined by FUZZ_SEP (a part
 * left out is a file that does not exist). Whatever the bytes, the reader must return a status
 * without crashing, leaking or reading out of bounds; a layer it accepts must hold together. */
#include "fuzz_common.h"

#include "regiongraph/regions.h"

static const char *const names[] = {"f.shp", "f.shx", "f.dbf", "f.cpg", "f.prj"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *parts[FUZZ_MAX_PARTS];
    size_t lens[FUZZ_MAX_PARTS], n;
    char path[512];
    rg_regions *r = NULL;

    fuzz_init(names, 5);
    n = fuzz_split(data, size, parts, lens, 5);
    for (size_t i = 0; i < 5; i++)
        fuzz_write(names[i], i < n ? parts[i] : NULL, i < n ? lens[i] : 0);
    fuzz_path("f.shp", path, sizeof path);

    if (rg_regions_read_shapefile(path, NULL, &r) == RG_OK) {
        /* Walk the flat arrays as a caller would: every index must stay inside its array. */
        size_t nreg = rg_regions_count(r), npoly = rg_regions_polygon_count(r);
        size_t nring = rg_regions_ring_count(r), npt = rg_regions_point_count(r);
        const size_t *ps = rg_regions_poly_start(r), *rs = rg_regions_ring_start(r);
        const size_t *pts = rg_regions_pt_start(r);
        const double *xy = rg_regions_xy(r);
        volatile double sum = 0;
        if (ps[nreg] != npoly || rs[npoly] != nring || pts[nring] != npt)
            abort();
        for (size_t i = 0; i < npt; i++)
            sum += xy[2 * i] + xy[2 * i + 1];
        for (size_t i = 0; i < nreg; i++) {
            const char *id = rg_regions_id(r, i), *s;
            if (rg_regions_find(r, id) < 0)
                abort();
            for (size_t f = 0; f < rg_regions_field_count(r); f++)
                if (rg_regions_value_string(r, i, f, &s))
                    sum += (double)strlen(s);
            sum += (double)strlen(rg_regions_name(r, i));
        }
        (void)sum;
    }
    rg_regions_free(r);
    rg_clear_error();
    return 0;
}
