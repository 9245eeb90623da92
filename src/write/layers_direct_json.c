/* The JSON text of our GeoJSON writer's features, read for layers_direct.c: strings and their
 * escapes, property values and their kinds as GDAL's GeoJSON reader would type them, lists as
 * json-c prints them, and the split of a feature line (layers_direct_internal.h). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <ogr_api.h>
#include <ogr_core.h>

#include "base/mem_internal.h"
#include "base/text_internal.h"
#include "write/layers_direct_internal.h"

/* Skips a JSON string (at its opening quote); returns its raw body (escapes kept). */
int rg_i_dj_string(rg_i_dj_cursor *c, const char **s, size_t *n)
{
    rg_i_dj_ws(c);
    if (c->p >= c->end || *c->p != '"')
        return c->bad = 1, 0;
    const char *q = ++c->p;
    while (q < c->end && *q != '"')
        q += *q == '\\' ? 2 : 1;
    if (q >= c->end)
        return c->bad = 1, 0;
    *s = c->p;
    *n = (size_t)(q - c->p);
    c->p = q + 1;
    return 1;
}

/* Decodes a raw string body into out (n + 1 bytes suffice); 0 when malformed. */
int rg_i_dj_decode(const char *s, size_t n, char *out)
{
    const char *end = s + n;
    char *o = out;
    while (s < end) {
        unsigned cp;
        if (*s != '\\') {
            *o++ = *s++;
            continue;
        }
        if (++s >= end)
            return 0;
        switch (*s++) {
        case '"': *o++ = '"'; continue;
        case '\\': *o++ = '\\'; continue;
        case '/': *o++ = '/'; continue;
        case 'b': *o++ = '\b'; continue;
        case 'f': *o++ = '\f'; continue;
        case 'n': *o++ = '\n'; continue;
        case 'r': *o++ = '\r'; continue;
        case 't': *o++ = '\t'; continue;
        case 'u': break;
        default: return 0;
        }
        if (end - s < 4 || !rg_i_hex4(s, &cp))
            return 0;
        s += 4;
        if (cp >= 0xD800 && cp < 0xDC00) {
            unsigned lo;
            if (end - s < 6 || s[0] != '\\' || s[1] != 'u' || !rg_i_hex4(s + 2, &lo) ||
                lo < 0xDC00 || lo >= 0xE000)
                return 0;
            s += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp < 0xE000) {
            return 0;
        }
        if (cp == 0)
            return 0; /* C strings cannot hold it */
        o += rg_i_put_utf8(o, cp);
    }
    *o = '\0';
    return 1;
}

/* Skips any JSON value. */
void rg_i_dj_skip(rg_i_dj_cursor *c)
{
    const char *p, *end = c->end;
    int depth = 0;
    rg_i_dj_ws(c);
    p = c->p;
    if (p >= end) {
        c->bad = 1;
        return;
    }
    if (*p == '"') {
        const char *s;
        size_t n;
        rg_i_dj_string(c, &s, &n);
        return;
    }
    if (*p != '{' && *p != '[') {
        /* a scalar: up to the next delimiter */
        while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\t' &&
               *p != '\r' && *p != '\n')
            p++;
        c->p = p;
        return;
    }
    /* a container: its brackets counted, strings stepped over (coordinates are most of it) */
    for (; p < end; p++) {
        char ch = *p;
        if (ch == '"') {
            for (p++; p < end && *p != '"'; p++)
                p += *p == '\\';
            if (p >= end)
                break;
        } else if (ch == '{' || ch == '[') {
            depth++;
        } else if ((ch == '}' || ch == ']') && --depth == 0) {
            c->p = p + 1;
            return;
        }
    }
    c->bad = 1;
}

int rg_i_dj_string_kind(const char *decoded)
{
    OGRField f;
    int ok;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    ok = OGRParseDate(decoded, &f, 0);
    CPLPopErrorHandler();
    CPLErrorReset();
    if (!ok)
        return K_STRING;
    {
        int date = strchr(decoded, '/') || strchr(decoded, '-'), time = strchr(decoded, ':') != 0;
        return date && time ? K_DATETIME : date ? K_DATE : K_TIME;
    }
}

/* An array of strings as json-c writes it ("[ ]", "[ \"a\", \"b\" ]"), the text GDAL's reader
 * stores with ARRAY_AS_STRING; 0 (not handled) for an element json-c would escape differently
 * from ours or for a non-string element. *need counts the bytes when out is NULL. */
int rg_i_dj_array_text(rg_i_dj_cursor *c, char *out, size_t *need)
{
    size_t n = 0;
    int first = 1;
    if (!rg_i_dj_eat(c, '['))
        return c->bad = 1, 0;
    if (out)
        memcpy(out, "[ ", 2);
    n = 2;
    if (rg_i_dj_eat(c, ']')) {
        if (out)
            memcpy(out + n, "]", 2);
        *need = n + 2;
        return 1;
    }
    for (;;) {
        const char *s;
        size_t len;
        if (!rg_i_dj_string(c, &s, &len))
            return 0;
        for (size_t k = 0; k < len; k++)
            if (s[k] == '\\' || s[k] == '/' || (unsigned char)s[k] < 0x20)
                return 0;
        if (!first) {
            if (out)
                memcpy(out + n, ", ", 2);
            n += 2;
        }
        first = 0;
        if (out) {
            out[n] = '"';
            memcpy(out + n + 1, s, len);
            out[n + 1 + len] = '"';
        }
        n += len + 2;
        if (rg_i_dj_eat(c, ']'))
            break;
        if (!rg_i_dj_eat(c, ','))
            return c->bad = 1, 0;
    }
    if (out)
        memcpy(out + n, " ]", 3);
    *need = n + 3;
    return 1;
}

/* Reads one property rg_i_dj_value_t; kinds of strings are found only when classify is set (else
 * K_STRING). */
int rg_i_dj_value(rg_i_dj_cursor *c, rg_i_dj_value_t *v, int classify, char **scratch, size_t *scap)
{
    rg_i_dj_ws(c);
    v->text = c->p;
    if (c->p >= c->end)
        return c->bad = 1, 0;
    switch (*c->p) {
    case '"':
        if (!rg_i_dj_string(c, &v->s, &v->slen))
            return 0;
        v->kind = K_STRING;
        if (classify) {
            if (!rg_i_reserve((void **)scratch, scap, v->slen + 1, 1))
                return c->bad = 2, 0;
            if (!rg_i_dj_decode(v->s, v->slen, *scratch))
                return 0;
            v->kind = rg_i_dj_string_kind(*scratch);
        }
        break;
    case '[': {
        size_t need;
        rg_i_dj_cursor probe = *c;
        if (!rg_i_dj_array_text(&probe, NULL, &need))
            return 0;
        v->kind = need == 4 ? K_EMPTY_ARRAY : K_ARRAY;
        *c = probe;
        break;
    }
    case '{': return 0;
    case 'n':
        if (c->end - c->p < 4 || memcmp(c->p, "null", 4) != 0)
            return c->bad = 1, 0;
        c->p += 4;
        v->kind = K_NULL;
        break;
    case 't':
    case 'f': {
        int t = *c->p == 't';
        size_t n = t ? 4 : 5;
        if ((size_t)(c->end - c->p) < n || memcmp(c->p, t ? "true" : "false", n) != 0)
            return c->bad = 1, 0;
        c->p += n;
        v->kind = K_BOOL;
        break;
    }
    default: {
        const char *q = c->p;
        int real = 0;
        while (q < c->end && *q && strchr("+-0123456789.eE", *q)) {
            real |= *q == '.' || *q == 'e' || *q == 'E';
            q++;
        }
        if (q == c->p)
            return c->bad = 1, 0;
        if (real) {
            v->kind = K_REAL;
        } else {
            char buf[32];
            size_t n = (size_t)(q - c->p);
            long long x;
            char *e;
            if (n >= sizeof buf)
                return 0;
            memcpy(buf, c->p, n);
            buf[n] = '\0';
            errno = 0;
            x = strtoll(buf, &e, 10);
            if (errno || *e)
                return 0;
            v->kind = x >= INT32_MIN && x <= INT32_MAX ? K_I32 : K_I64;
        }
        c->p = q;
    }
    }
    v->len = (size_t)(c->p - v->text);
    return 1;
}

int rg_i_dj_family(const char *s, size_t n)
{
    if (rg_i_dj_key_is(s, n, "Point") || rg_i_dj_key_is(s, n, "MultiPoint"))
        return 1;
    if (rg_i_dj_key_is(s, n, "LineString") || rg_i_dj_key_is(s, n, "MultiLineString"))
        return 2;
    if (rg_i_dj_key_is(s, n, "Polygon") || rg_i_dj_key_is(s, n, "MultiPolygon"))
        return 3;
    return -1;
}

/* Splits one feature line; 0 when it is not one feature of our writer's shape. */
int rg_i_dj_feature(const char *line, size_t len, rg_i_dj_feature_t *f)
{
    rg_i_dj_cursor c = {line, line + len, 0};
    int have_props = 0, have_geom = 0;
    if (!rg_i_dj_eat(&c, '{'))
        return 0;
    do {
        const char *k;
        size_t kn;
        if (!rg_i_dj_string(&c, &k, &kn) || !rg_i_dj_eat(&c, ':'))
            return 0;
        rg_i_dj_ws(&c);
        if (rg_i_dj_key_is(k, kn, "type")) {
            const char *s;
            size_t n;
            if (!rg_i_dj_string(&c, &s, &n) || !rg_i_dj_key_is(s, n, "Feature"))
                return 0;
        } else if (rg_i_dj_key_is(k, kn, "properties")) {
            f->props = c.p;
            rg_i_dj_skip(&c);
            if (c.bad || *f->props != '{')
                return 0;
            f->props_end = c.p;
            have_props = 1;
        } else if (rg_i_dj_key_is(k, kn, "geometry")) {
            f->geom = c.p;
            rg_i_dj_skip(&c);
            if (c.bad)
                return 0;
            f->geom_end = c.p;
            have_geom = 1;
        } else if (rg_i_dj_key_is(k, kn, "bbox")) {
            rg_i_dj_skip(&c);
        } else {
            return 0; /* a feature id or a foreign member: GDAL's reader has rules for those */
        }
        if (c.bad)
            return 0;
    } while (rg_i_dj_eat(&c, ','));
    if (!rg_i_dj_eat(&c, '}') || !have_props || !have_geom)
        return 0;
    rg_i_dj_eat(&c, ',');
    rg_i_dj_ws(&c);
    if (c.p != c.end)
        return 0;
    {
        rg_i_dj_cursor g = {f->geom, f->geom_end, 0};
        const char *k, *s;
        size_t kn, n;
        rg_i_dj_ws(&g);
        if (g.end - g.p >= 4 && memcmp(g.p, "null", 4) == 0) {
            f->fam = 0;
            return 1;
        }
        /* the type first, as our writer and OGR's write it */
        if (!rg_i_dj_eat(&g, '{') || !rg_i_dj_string(&g, &k, &kn) ||
            !rg_i_dj_key_is(k, kn, "type") || !rg_i_dj_eat(&g, ':') ||
            !rg_i_dj_string(&g, &s, &n))
            return 0;
        f->fam = rg_i_dj_family(s, n);
        return f->fam > 0;
    }
}

