/* The JSON text of our GeoJSON writer's features as layers_direct.c reads it
 * (layers_direct_json.c): a cursor over one line, strings, property values and their kinds, and
 * the split of a feature line into its properties and geometry. */
#ifndef RG_LAYERS_DIRECT_INTERNAL_H
#define RG_LAYERS_DIRECT_INTERNAL_H

#include <stddef.h>
#include <string.h>

/* Value kinds, in the groups whose mixtures GDAL types as one field we can fill. */
enum rg_i_dj_kind {
    K_NULL,
    K_BOOL,
    K_I32,
    K_I64,
    K_REAL,
    K_STRING, /* a string OGRParseDate does not take */
    K_DATE,
    K_TIME,
    K_DATETIME,
    K_EMPTY_ARRAY,
    K_ARRAY,
    K_COUNT
};

/* A cursor over one line of text; bad is 1 for malformed text, 2 when out of memory. */
typedef struct rg_i_dj_cursor {
    const char *p, *end;
    int bad;
} rg_i_dj_cursor;

static inline void rg_i_dj_ws(rg_i_dj_cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
        c->p++;
}

/* Skips white space and ch; 0 when ch is not next. */
static inline int rg_i_dj_eat(rg_i_dj_cursor *c, char ch)
{
    rg_i_dj_ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

static inline int rg_i_dj_key_is(const char *s, size_t n, const char *k)
{
    return strlen(k) == n && memcmp(s, k, n) == 0;
}

/* One property value: its kind, the extent of its text, and for a string its raw body. */
typedef struct rg_i_dj_value_t {
    int kind;
    const char *text, *s;
    size_t len, slen;
} rg_i_dj_value_t;

/* Where a feature line's parts are: the properties' and the geometry's text. */
typedef struct rg_i_dj_feature_t {
    const char *props, *props_end; /* the object, braces included */
    const char *geom, *geom_end;   /* the geometry value, "null" included */
    int fam;                       /* 0 null, else 1 point, 2 line, 3 polygon */
} rg_i_dj_feature_t;

/* A JSON string at the cursor: its raw body (escapes kept) in *s, *n; 0 when malformed. */
int rg_i_dj_string(rg_i_dj_cursor *c, const char **s, size_t *n);

/* Decodes a raw string body into out (n + 1 bytes suffice); 0 when malformed or holding NUL. */
int rg_i_dj_decode(const char *s, size_t n, char *out);

/* Skips any JSON value. */
void rg_i_dj_skip(rg_i_dj_cursor *c);

/* The kind GDAL's GeoJSON reader gives a string (OGRParseDate's verdict): K_STRING, K_DATE,
 * K_TIME or K_DATETIME. */
int rg_i_dj_string_kind(const char *decoded);

/* An array of strings as json-c writes it ("[ ]", "[ \"a\", \"b\" ]"), the text GDAL's reader
 * stores with ARRAY_AS_STRING, into out (NULL: only *need, the bytes with the NUL); 0 for an
 * element json-c would escape differently from ours or for a non-string element. */
int rg_i_dj_array_text(rg_i_dj_cursor *c, char *out, size_t *need);

/* Reads one property value; strings get their kind only when classify is set (else K_STRING).
 * scratch is reused memory. 0 when not a value this path takes. */
int rg_i_dj_value(rg_i_dj_cursor *c, rg_i_dj_value_t *v, int classify, char **scratch,
                  size_t *scap);

/* The family of a GeoJSON geometry type name: 1 point, 2 line, 3 polygon, -1 other. */
int rg_i_dj_family(const char *s, size_t n);

/* Splits one feature line of our writer (type, properties, geometry, bbox members only, then an
 * optional comma); 0 when it is not one. */
int rg_i_dj_feature(const char *line, size_t len, rg_i_dj_feature_t *f);

#endif
