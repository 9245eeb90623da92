/* The arc indices of a TopoJSON file, checked against its arcs: GDAL's TopoJSON driver silently
 * drops an arc index past the end (or ~k past it), leaving a region with part of its boundary
 * missing. A streaming scan of the raw file in constant memory, two passes: count the arcs,
 * then walk the objects' "arcs" arrays. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_vsi.h>

#include "base/error_internal.h"
#include "read/topojson_check_internal.h"

#define SCAN_BUFFER 65536
#define MAX_DEPTH 128 /* JSON nesting beyond this is not TopoJSON: the check gives up */

typedef struct scanner {
    VSILFILE *fp;
    unsigned char *buf;
    size_t pos, len;
    int failed; /* malformed or too deep: stop, GDAL already said what it thinks of the file */
} scanner;

static int peek(scanner *s)
{
    if (s->failed)
        return -1;
    if (s->pos == s->len) {
        s->len = VSIFReadL(s->buf, 1, SCAN_BUFFER, s->fp);
        s->pos = 0;
        if (s->len == 0)
            return -1;
    }
    return s->buf[s->pos];
}

static int next(scanner *s)
{
    int c = peek(s);
    if (c >= 0)
        s->pos++;
    return c;
}

static int skip_ws(scanner *s)
{
    int c;
    while ((c = peek(s)) == ' ' || c == '\t' || c == '\n' || c == '\r')
        s->pos++;
    return c;
}

static int expect(scanner *s, int want)
{
    if (skip_ws(s) != want) {
        s->failed = 1;
        return 0;
    }
    s->pos++;
    return 1;
}

/* A string (the opening quote next); its raw bytes, escapes kept, cut to cap - 1, go to out. */
static void read_string(scanner *s, char *out, size_t cap)
{
    size_t n = 0;
    int c;
    if (!expect(s, '"'))
        return;
    while ((c = next(s)) >= 0 && c != '"') {
        if (c == '\\') {
            if (n + 1 < cap)
                out[n++] = (char)c;
            if ((c = next(s)) < 0)
                break;
        }
        if (n + 1 < cap)
            out[n++] = (char)c;
    }
    if (c < 0)
        s->failed = 1;
    if (cap)
        out[n] = '\0';
}

/* A number or a bare literal (true, false, null): its text, cut to cap - 1. */
static void read_scalar(scanner *s, char *out, size_t cap)
{
    size_t n = 0;
    int c;
    while ((c = peek(s)) >= 0 && c != ',' && c != ']' && c != '}' && c != ' ' && c != '\n' &&
           c != '\r' && c != '\t') {
        if (n + 1 < cap)
            out[n++] = (char)c;
        s->pos++;
    }
    if (n == 0)
        s->failed = 1;
    out[n] = '\0';
}

static void skip_value(scanner *s, int depth);

/* Calls each() on every member value of an object (the '{' next), the key in key. */
#define FOR_MEMBERS(s, key, body)                                                                  \
    do {                                                                                           \
        if (!expect(s, '{'))                                                                       \
            break;                                                                                 \
        if (skip_ws(s) == '}') {                                                                   \
            s->pos++;                                                                              \
            break;                                                                                 \
        }                                                                                          \
        for (;;) {                                                                                 \
            read_string(s, key, sizeof key);                                                       \
            if (!expect(s, ':'))                                                                   \
                break;                                                                             \
            body;                                                                                  \
            if (s->failed || skip_ws(s) != ',')                                                    \
                break;                                                                             \
            s->pos++;                                                                              \
        }                                                                                          \
        expect(s, '}');                                                                            \
    } while (0)

/* The same over the elements of an array (the '[' next). */
#define FOR_ELEMENTS(s, body)                                                                      \
    do {                                                                                           \
        if (!expect(s, '['))                                                                       \
            break;                                                                                 \
        if (skip_ws(s) == ']') {                                                                   \
            s->pos++;                                                                              \
            break;                                                                                 \
        }                                                                                          \
        for (;;) {                                                                                 \
            body;                                                                                  \
            if (s->failed || skip_ws(s) != ',')                                                    \
                break;                                                                             \
            s->pos++;                                                                              \
        }                                                                                          \
        expect(s, ']');                                                                            \
    } while (0)

static void skip_value(scanner *s, int depth)
{
    char key[8], text[64];
    int c = skip_ws(s);
    if (depth > MAX_DEPTH) {
        s->failed = 1;
        return;
    }
    if (c == '{')
        FOR_MEMBERS(s, key, skip_value(s, depth + 1));
    else if (c == '[')
        FOR_ELEMENTS(s, skip_value(s, depth + 1));
    else if (c == '"')
        read_string(s, text, sizeof text);
    else
        read_scalar(s, text, sizeof text);
}

/* What pass two looks for: the first arc index past the arcs, and where it is. */
typedef struct walk {
    long long narcs;
    char layer[128];
    size_t feature;   /* 1-based within the object (layer) */
    int bad;          /* an index past the arcs was found in the current feature */
    long long index;  /* the first such index */
    char id[128];     /* the current feature's "id", when it has one */
    int found;        /* a feature was found bad: stop */
} walk;

/* The "arcs" member: nested arrays of integers. */
static void scan_arcs(scanner *s, walk *w, int depth)
{
    char text[64];
    if (depth > MAX_DEPTH) {
        s->failed = 1;
        return;
    }
    if (skip_ws(s) == '[') {
        FOR_ELEMENTS(s, scan_arcs(s, w, depth + 1));
        return;
    }
    if (peek(s) == '"') {
        read_string(s, text, sizeof text);
        return;
    }
    read_scalar(s, text, sizeof text);
    if (!s->failed && !w->bad && strcmp(text, "null") != 0) {
        char *end;
        double v = strtod(text, &end);
        double k = v >= 0 ? v : -v - 1; /* ~k: arc k reversed */
        if (*end == '\0' && k >= (double)w->narcs) {
            w->bad = 1;
            w->index = (long long)v;
        }
    }
}

/* A geometry object; feature_level: its "geometries" are the features of the layer. */
static void scan_geometry(scanner *s, walk *w, int depth, int feature_level)
{
    char key[32];
    if (depth > MAX_DEPTH || skip_ws(s) != '{') {
        skip_value(s, depth);
        return;
    }
    FOR_MEMBERS(s, key, {
        if (strcmp(key, "arcs") == 0) {
            scan_arcs(s, w, depth + 1);
        } else if (strcmp(key, "id") == 0) {
            if (skip_ws(s) == '"')
                read_string(s, w->id, sizeof w->id);
            else
                read_scalar(s, w->id, sizeof w->id);
        } else if (strcmp(key, "geometries") == 0 && feature_level) {
            w->feature = 0;
            FOR_ELEMENTS(s, {
                w->feature++;
                w->bad = 0;
                w->id[0] = '\0';
                scan_geometry(s, w, depth + 2, 0);
                if (w->bad) {
                    w->found = 1;
                    break;
                }
            });
            if (w->found)
                break;
        } else if (strcmp(key, "geometries") == 0) {
            FOR_ELEMENTS(s, scan_geometry(s, w, depth + 2, 0));
        } else {
            skip_value(s, depth + 1);
        }
    });
}

static void scan_objects(scanner *s, walk *w)
{
    FOR_MEMBERS(s, w->layer, {
        w->feature = 1; /* an object that is one geometry is one feature */
        w->bad = 0;
        w->id[0] = '\0';
        scan_geometry(s, w, 2, 1);
        if (w->bad) {
            w->found = 1;
            break;
        }
    });
}

rg_status rg_i_topojson_check_arcs(const char *gdal_path, const char *where)
{
    scanner s = {0};
    walk w = {0};
    char key[32];
    int has_arcs = 0;
    rg_status st = RG_OK;

    if (!(s.fp = VSIFOpenL(gdal_path, "rb")))
        return RG_OK; /* GDAL opened it: whatever this is, it is not ours to judge */
    if (!(s.buf = malloc(SCAN_BUFFER))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    /* pass 1: the number of arcs of the topology */
    FOR_MEMBERS((&s), key, {
        if (strcmp(key, "arcs") == 0 && skip_ws(&s) == '[') {
            has_arcs = 1;
            FOR_ELEMENTS((&s), {
                w.narcs++;
                skip_value(&s, 2);
            });
        } else {
            skip_value(&s, 1);
        }
    });
    if (s.failed || !has_arcs)
        goto cleanup;
    /* pass 2: every index of every object */
    VSIFSeekL(s.fp, 0, SEEK_SET);
    s.pos = s.len = 0;
    FOR_MEMBERS((&s), key, {
        if (strcmp(key, "objects") == 0)
            scan_objects(&s, &w);
        else
            skip_value(&s, 1);
        if (w.found)
            break;
    });
    if (w.found) {
        char arc[96];
        if (w.index < 0)
            snprintf(arc, sizeof arc, "arc index %lld (arc %lld reversed)", w.index,
                     -w.index - 1);
        else
            snprintf(arc, sizeof arc, "arc index %lld", w.index);
        st = rg_i_error(RG_ERR_FORMAT, "%s: object '%s', feature %zu%s%s%s: %s is past the "
                        "file's %lld arc%s (GDAL would drop it and leave the boundary open)",
                        where, w.layer, w.feature, w.id[0] ? " (id '" : "", w.id,
                        w.id[0] ? "')" : "", arc, w.narcs, w.narcs == 1 ? "" : "s");
    }
cleanup:
    free(s.buf);
    VSIFCloseL(s.fp);
    return st;
}
