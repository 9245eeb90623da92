/* rg-gen-grid: writes a tessellation of N polygons as a shapefile, for benchmarks and tests.
 *
 *   rg-gen-grid [--hex] [--cell METRES] [--epsg CODE] N OUT
 *
 * Writes OUT.shp/.shx/.dbf, OUT.prj (ESRI WKT of the CRS, EPSG:3857 by default) and OUT.cpg
 * (UTF-8). Square grids have rows x cols = N cells with the factorisation of N closest to a
 * square; hexagonal grids (pointy-top, odd rows shifted right) likewise. Cells are `--cell`
 * units wide (1000 by default), placed near (12e6, 3e6) so coordinates have the magnitude of
 * real projected data. Fields: id (text, "1".."N") and name ("cell <row>,<col>").
 *
 * Neighbouring cells share bit-identical vertices: every coordinate is an integer multiple of a
 * half cell added to the origin, computed the same way on both sides.
 *
 * Prints "rows=R cols=C polygons=N rook_pairs=P queen_pairs=Q" to stdout: the exact answer
 * (square: rook R(C-1)+C(R-1), queen adds 2(R-1)(C-1); hexagonal: R(C-1)+(R-1)(2C-1), where
 * every contact is an edge, so queen = rook). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <ogr_srs_api.h>
#include <shapefil.h>

#define ORIGIN_X 12000000.0
#define ORIGIN_Y 3000000.0

static void usage(FILE *f)
{
    fputs("usage: rg-gen-grid [--hex] [--cell METRES] [--epsg CODE] N OUT\n", f);
}

static int write_text(const char *base, const char *ext, const char *text)
{
    size_t len = strlen(base) + strlen(ext) + 1;
    char *path = malloc(len);
    FILE *f;
    int ok = 0;
    if (!path)
        return 0;
    snprintf(path, len, "%s%s", base, ext);
    if ((f = fopen(path, "w")) != NULL) {
        ok = fputs(text, f) >= 0;
        ok = (fclose(f) == 0) && ok;
    }
    if (!ok)
        fprintf(stderr, "rg-gen-grid: %s: cannot write\n", path);
    free(path);
    return ok;
}

static int write_prj(const char *base, int epsg)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    char *wkt = NULL;
    const char *const options[] = {"FORMAT=WKT1_ESRI", NULL};
    int ok = 0;
    if (!srs)
        return 0;
    if (OSRImportFromEPSG(srs, epsg) != OGRERR_NONE ||
        OSRExportToWktEx(srs, &wkt, options) != OGRERR_NONE) {
        fprintf(stderr, "rg-gen-grid: EPSG:%d: cannot make a .prj\n", epsg);
        goto cleanup;
    }
    ok = write_text(base, ".prj", wkt);
cleanup:
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    return ok;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {{"hex", no_argument, NULL, 'x'},
                                             {"cell", required_argument, NULL, 'c'},
                                             {"epsg", required_argument, NULL, 'e'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int hex = 0, epsg = 3857, c, rc = 1;
    double cell = 1000.0;
    long long n, rows, cols, r, q, k;
    SHPHandle shp = NULL;
    DBFHandle dbf = NULL;
    const char *out;
    int fid, fname;

    while ((c = getopt_long(argc, argv, "xc:e:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'x': hex = 1; break;
        case 'c': cell = atof(optarg); break;
        case 'e': epsg = atoi(optarg); break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind + 2 != argc || (n = atoll(argv[optind])) < 1 || !(cell > 0)) {
        usage(stderr);
        return 2;
    }
    out = argv[optind + 1];
    /* rows x cols = n with the two as close as possible */
    for (rows = (long long)sqrt((double)n); rows > 1 && n % rows != 0; rows--)
        ;
    cols = n / rows;

    if (!(shp = SHPCreate(out, SHPT_POLYGON)) || !(dbf = DBFCreate(out))) {
        fprintf(stderr, "rg-gen-grid: %s: cannot create the shapefile\n", out);
        goto cleanup;
    }
    fid = DBFAddField(dbf, "id", FTString, 12, 0);
    fname = DBFAddField(dbf, "name", FTString, 32, 0);
    if (fid < 0 || fname < 0) {
        fprintf(stderr, "rg-gen-grid: %s: cannot add fields\n", out);
        goto cleanup;
    }
    for (r = 0, k = 0; r < rows; r++) {
        for (q = 0; q < cols; q++, k++) {
            double x[7], y[7];
            int npts, v;
            SHPObject *obj;
            char id[24], name[64];
            if (!hex) {
                /* clockwise, as shapefile exteriors are */
                static const int dx[5] = {0, 0, 1, 1, 0}, dy[5] = {0, 1, 1, 0, 0};
                npts = 5;
                for (v = 0; v < 5; v++) {
                    x[v] = ORIGIN_X + (double)(q + dx[v]) * cell;
                    y[v] = ORIGIN_Y + (double)(r + dy[v]) * cell;
                }
            } else {
                /* Pointy-top hexagon of width `cell` (circumradius s = cell / sqrt(3)), as
                 * integer lattice steps so neighbours agree to the bit: x in half widths,
                 * x = (2q + (r odd) + 1 + hx) * cell/2; y in half radii, y = (3r + hy) * s/2.
                 * Clockwise from the bottom vertex. */
                static const int hx[7] = {0, -1, -1, 0, 1, 1, 0}, hy[7] = {-2, -1, 1, 2, 1, -1, -2};
                double s = cell / sqrt(3.0);
                npts = 7;
                for (v = 0; v < 7; v++) {
                    x[v] = ORIGIN_X + (double)(2 * q + (r & 1) + 1 + hx[v]) * (cell / 2);
                    y[v] = ORIGIN_Y + (double)(3 * r + hy[v]) * (s / 2);
                }
            }
            obj = SHPCreateSimpleObject(SHPT_POLYGON, npts, x, y, NULL);
            if (!obj || SHPWriteObject(shp, -1, obj) < 0) {
                SHPDestroyObject(obj);
                fprintf(stderr, "rg-gen-grid: %s: cannot write shape %lld\n", out, k);
                goto cleanup;
            }
            SHPDestroyObject(obj);
            snprintf(id, sizeof id, "%lld", k + 1);
            snprintf(name, sizeof name, "cell %lld,%lld", r, q);
            if (!DBFWriteStringAttribute(dbf, (int)k, fid, id) ||
                !DBFWriteStringAttribute(dbf, (int)k, fname, name)) {
                fprintf(stderr, "rg-gen-grid: %s: cannot write record %lld\n", out, k + 1);
                goto cleanup;
            }
        }
    }
    if (!write_prj(out, epsg) || !write_text(out, ".cpg", "UTF-8\n"))
        goto cleanup;
    {
        long long rook = hex ? rows * (cols - 1) + (rows - 1) * (2 * cols - 1)
                             : rows * (cols - 1) + cols * (rows - 1);
        long long queen = hex ? rook : rook + 2 * (rows - 1) * (cols - 1);
        printf("rows=%lld cols=%lld polygons=%lld rook_pairs=%lld queen_pairs=%lld\n", rows, cols,
               n, rook, queen);
    }
    rc = 0;
cleanup:
    if (shp)
        SHPClose(shp);
    if (dbf)
        DBFClose(dbf);
    return rc;
}
