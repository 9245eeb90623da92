/* rg-read-floor: the read-only floor of the contiguity benchmark. Reads every vertex of a
 * polygon shapefile and does nothing with it but add it up, so that the time of reading alone
 * is known and the time of `read + contiguity` can be put next to it.
 *
 *   rg-read-floor [--ids] [--raw] PATH.shp
 *
 * Default: opens the .shp through shapelib with file hooks that skip the seek shapelib makes
 * before every record when the file is already there (regiongraph's reader does the same), and
 * calls SHPReadObject (fast mode: no per-record arrays) for each record, summing x and y.
 * --ids also reads each record of the .dbf (DBFReadTuple) and copies its first field, the id
 * in the benchmark's files: regiongraph's reader needs the ids, so the floor that matches what
 * it does reads them too. --raw skips shapelib: the .shp is read with fread in 1 MiB blocks and
 * the coordinates are summed straight from the bytes (little-endian hosts only), the floor of
 * any reader of the file.
 *
 * Prints one line: "records=.. vertices=.. sum=.. read_s=.. read_cpu_s=.." (wall and CPU
 * seconds of the read). Exit status 0 ok, 1 failure, 2 usage error. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <shapefil.h>

#include "read/shapefile_internal.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void quiet(const char *message)
{
    fprintf(stderr, "rg-read-floor: %s\n", message);
}

static int read_shapelib(const char *path, int ids, size_t *records, size_t *vertices,
                         double *sum)
{
    SAHooks hooks;
    SHPHandle shp = NULL;
    DBFHandle dbf = NULL;
    int n = 0, i, k, type, ok = 0;
    double lo[4], hi[4];
    char id[256];

    rg_i_shapefile_hooks(&hooks); /* the reader's own file access, so the floor is like for like */
    hooks.Error = quiet;
    if (!(shp = SHPOpenLL(path, "rb", &hooks)))
        goto cleanup;
    if (ids && !(dbf = DBFOpenLL(path, "rb", &hooks)))
        goto cleanup;
    SHPGetInfo(shp, &n, &type, lo, hi);
    SHPSetFastModeReadObject(shp, 1);
    for (i = 0; i < n; i++) {
        SHPObject *obj;
        if (dbf) {
            const char *rec = DBFReadTuple(dbf, i);
            int w = DBFGetFieldCount(dbf) > 0 ? dbf->panFieldSize[0] : 0;
            if (!rec || w >= (int)sizeof id) {
                fprintf(stderr, "rg-read-floor: %s: record %d of the .dbf cannot be read\n", path,
                        i + 1);
                goto cleanup;
            }
            memcpy(id, rec + dbf->panFieldOffset[0], (size_t)w);
            id[w] = '\0';
            *sum += (double)(unsigned char)id[0];
        }
        if (!(obj = SHPReadObject(shp, i))) {
            fprintf(stderr, "rg-read-floor: %s: record %d cannot be read\n", path, i + 1);
            goto cleanup;
        }
        for (k = 0; k < obj->nVertices; k++)
            *sum += obj->padfX[k] + obj->padfY[k];
        *vertices += (size_t)obj->nVertices;
        SHPDestroyObject(obj);
    }
    *records = (size_t)n;
    ok = 1;
cleanup:
    if (shp)
        SHPClose(shp);
    if (dbf)
        DBFClose(dbf);
    return ok;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The .shp as bytes: 100-byte header, then records of an 8-byte big-endian head (number,
 * length in 16-bit words) and content; polygon content is type, box (32 bytes), part and point
 * counts, part starts, then the points. The whole file is read into memory in 1 MiB blocks. */
static int read_raw(const char *path, size_t *records, size_t *vertices, double *sum)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 1 << 20, pos;
    int ok = 0;
    if (!f) {
        perror(path);
        return 0;
    }
    for (;;) {
        size_t got;
        if (len + (1 << 20) > cap) {
            unsigned char *p = realloc(buf, cap * 2);
            if (!p)
                goto cleanup;
            buf = p;
            cap *= 2;
        } else if (!buf && !(buf = malloc(cap))) {
            goto cleanup;
        }
        got = fread(buf + len, 1, 1 << 20, f);
        len += got;
        if (got < (1 << 20))
            break;
    }
    for (pos = 100; pos + 8 <= len;) {
        size_t clen = (size_t)be32(buf + pos + 4) * 2, np, nparts, k;
        const unsigned char *c = buf + pos + 8;
        if (pos + 8 + clen > len)
            break;
        (*records)++;
        if (clen >= 44 && le32(c) != 0) {
            nparts = le32(c + 36);
            np = le32(c + 40);
            if (44 + 4 * nparts + 16 * np > clen)
                goto cleanup;
            for (k = 0; k < 2 * np; k++) {
                double v;
                memcpy(&v, c + 44 + 4 * nparts + 8 * k, sizeof v);
                *sum += v;
            }
            *vertices += np;
        }
        pos += 8 + clen;
    }
    ok = 1;
cleanup:
    free(buf);
    fclose(f);
    return ok;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {{"ids", no_argument, NULL, 'i'},
                                             {"raw", no_argument, NULL, 'r'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int ids = 0, raw = 0, c, ok;
    size_t records = 0, vertices = 0;
    double sum = 0, t0, t1, c0, c1;
    while ((c = getopt_long(argc, argv, "irh", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': ids = 1; break;
        case 'r': raw = 1; break;
        case 'h': puts("usage: rg-read-floor [--ids] [--raw] PATH.shp"); return 0;
        default: fputs("usage: rg-read-floor [--ids] [--raw] PATH.shp\n", stderr); return 2;
        }
    }
    if (optind + 1 != argc) {
        fputs("usage: rg-read-floor [--ids] [--raw] PATH.shp\n", stderr);
        return 2;
    }
    c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    t0 = clock_s(CLOCK_MONOTONIC);
    ok = raw ? read_raw(argv[optind], &records, &vertices, &sum)
             : read_shapelib(argv[optind], ids, &records, &vertices, &sum);
    t1 = clock_s(CLOCK_MONOTONIC);
    c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    if (!ok) {
        fprintf(stderr, "rg-read-floor: %s: cannot read\n", argv[optind]);
        return 1;
    }
    printf("records=%zu vertices=%zu sum=%.17g read_s=%.4f read_cpu_s=%.4f\n", records, vertices,
           sum, t1 - t0, c1 - c0);
    return 0;
}
