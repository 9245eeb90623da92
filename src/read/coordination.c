/* Coordination data: mechanisms, members and agencies from CSV files (libcsv), agencies from
 * point layers (GDAL/OGR), and the resolution of member ids against regions and agencies.
 *
 * Strings live in one text pool and rows refer to them by offset, so that a row costs a few
 * words instead of one allocation per cell (member files may have 10^5 rows); offsets rather
 * than pointers because the pool moves when it grows. Ids are found through open-addressing
 * hash tables of row indices. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cpl_conv.h>
#include <csv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "read/coordination_internal.h"
#include "geom/crs_internal.h"
#include "regiongraph/coordination.h"


/* ---- text pool ----------------------------------------------------------------------------- */

typedef struct text_pool {
    char *buf;
    size_t len, cap;
} text_pool;

/* Offset 0 holds "", so empty and absent cells cost nothing. */
static int pool_init(text_pool *p)
{
    if (!rg_i_reserve((void **)&p->buf, &p->cap, 1, 1))
        return 0;
    p->buf[0] = '\0';
    p->len = 1;
    return 1;
}

static int pool_add(text_pool *p, const char *s, size_t n, size_t *off)
{
    if (n == 0) {
        *off = 0;
        return 1;
    }
    if (p->len + n + 1 < p->len || !rg_i_reserve((void **)&p->buf, &p->cap, p->len + n + 1, 1))
        return 0;
    memcpy(p->buf + p->len, s, n);
    p->buf[p->len + n] = '\0';
    *off = p->len;
    p->len += n + 1;
    return 1;
}

/* ---- hash tables of row indices ------------------------------------------------------------ */

typedef struct idmap_slot {
    uint64_t hash;
    size_t index; /* row index + 1; 0 marks an empty slot */
} idmap_slot;

typedef struct idmap {
    idmap_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t n;
} idmap;

/* Says whether row `index` has the key being looked up. */
typedef int (*idmap_eq)(const void *ctx, size_t index, const void *key);

static uint64_t hash_bytes(const char *s, size_t n, uint64_t h)
{
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL; /* FNV-1a */
    }
    return h;
}

#define HASH_SEED 0xcbf29ce484222325ULL

static uint64_t hash_text(const char *s)
{
    return hash_bytes(s, strlen(s), HASH_SEED);
}

/* Room for one more entry at a load of at most 1/2, which keeps probe runs short. */
static int idmap_reserve(idmap *m)
{
    idmap_slot *slots;
    size_t ncap, i;
    if (m->cap && (m->n + 1) * 2 <= m->cap)
        return 1;
    ncap = m->cap ? m->cap * 2 : 64;
    if (ncap < m->cap || !(slots = rg_i_calloc_array(ncap, sizeof *slots)))
        return 0;
    for (i = 0; i < m->cap; i++) {
        size_t j;
        if (!m->slots[i].index)
            continue;
        for (j = (size_t)m->slots[i].hash & (ncap - 1); slots[j].index; j = (j + 1) & (ncap - 1))
            ;
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = ncap;
    return 1;
}

/* The row index holding key, or SIZE_MAX. */
static size_t idmap_find(const idmap *m, uint64_t hash, idmap_eq eq, const void *ctx,
                         const void *key)
{
    size_t j;
    if (!m->cap)
        return SIZE_MAX;
    for (j = (size_t)hash & (m->cap - 1); m->slots[j].index; j = (j + 1) & (m->cap - 1))
        if (m->slots[j].hash == hash && eq(ctx, m->slots[j].index - 1, key))
            return m->slots[j].index - 1;
    return SIZE_MAX;
}

/* Adds an entry known to be absent; idmap_reserve() must have been called. */
static void idmap_put(idmap *m, uint64_t hash, size_t index)
{
    size_t j;
    for (j = (size_t)hash & (m->cap - 1); m->slots[j].index; j = (j + 1) & (m->cap - 1))
        ;
    m->slots[j].hash = hash;
    m->slots[j].index = index + 1;
    m->n++;
}

static void idmap_clear(idmap *m)
{
    if (m->cap)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->n = 0;
}

static void idmap_release(idmap *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

/* ---- the data -------------------------------------------------------------------------------- */

typedef struct mechanism {
    size_t id, name, kind, source; /* pool offsets */
    size_t origin;                 /* index into sources */
    size_t line;
    size_t first_member, nmembers;
    int year;
} mechanism;

typedef struct member {
    size_t id; /* pool offset */
    size_t origin; /* index into sources */
    size_t line;
    size_t mechanism;
    unsigned char kind;  /* rg_member_kind */
    signed char declared; /* the kind the source states, or RG_I_MEMBER_UNKNOWN */
} member;

typedef struct agency {
    size_t id, name;   /* pool offsets */
    size_t source;     /* index into sources */
    size_t line;       /* line (CSV) or feature number (layer) */
    size_t first_jur, njur;
    double lon, lat;
    unsigned char level; /* index into level_names */
    unsigned char has_location;
} agency;

/* A region id under an agency's jurisdiction, and where it was listed (for messages). */
typedef struct jur_entry {
    size_t id; /* pool offset */
    size_t origin, line;
} jur_entry;

/* A jurisdiction added through the builder, waiting for rg_i_coordination_finish(). */
typedef struct jur_pending {
    size_t agency;
    jur_entry entry;
} jur_pending;

/* Where rows came from, for messages: "agencies.csv: line 4" or "hq.geojson: feature 2". */
typedef struct source {
    char *path;
    char *unit;
} source;

#define NO_ORIGIN SIZE_MAX

struct rg_coordination {
    text_pool text;
    mechanism *mechs;
    size_t nmechs, mechs_cap;
    member *members; /* grouped by mechanism, file order within each */
    size_t nmembers, members_cap;
    agency *agencies;
    size_t nagencies, agencies_cap;
    jur_entry *jur; /* jurisdiction region ids, agency after agency */
    size_t njur, jur_cap;
    source *sources;
    size_t nsources, sources_cap;
    size_t mechanisms_source, members_source, agencies_source; /* indices into sources */
    idmap mech_ids, agency_ids;

    /* Builder state (coordination_internal.h). Members added since the last finish are
     * appended to members in the order added, and member_pairs (row indices into members)
     * catches a pair added twice; jurisdictions wait in pending, with pending_ids (indices
     * into pending) for repeats. */
    size_t origin[RG_I_COORD_JURISDICTIONS + 1]; /* source of each table's rows, or NO_ORIGIN */
    size_t memory_origin;                        /* "(memory)", or NO_ORIGIN until needed */
    int members_open;
    idmap member_pairs;
    jur_pending *pending;
    size_t npending, pending_cap;
    idmap pending_ids;
};

static const char *const level_names[] = {"national", "provincial", "municipal", "county"};
#define LEVEL_COUNT (sizeof level_names / sizeof level_names[0])
#define LEVEL_LIST "national, provincial, municipal, county"

static const char *text_at(const rg_coordination *c, size_t off)
{
    return c->text.buf + off;
}

static int mech_eq(const void *ctx, size_t index, const void *key)
{
    const rg_coordination *c = ctx;
    return strcmp(text_at(c, c->mechs[index].id), key) == 0;
}

static int agency_eq(const void *ctx, size_t index, const void *key)
{
    const rg_coordination *c = ctx;
    return strcmp(text_at(c, c->agencies[index].id), key) == 0;
}

static size_t find_mechanism(const rg_coordination *c, const char *id)
{
    return idmap_find(&c->mech_ids, hash_text(id), mech_eq, c, id);
}

static size_t find_agency(const rg_coordination *c, const char *id)
{
    return idmap_find(&c->agency_ids, hash_text(id), agency_eq, c, id);
}

static rg_status add_source(rg_coordination *c, const char *path, const char *unit, size_t *index)
{
    char *copy = NULL, *unit_copy = NULL;
    if (!rg_i_reserve((void **)&c->sources, &c->sources_cap, c->nsources + 1, sizeof *c->sources) ||
        !(copy = rg_i_strdup(path)) || !(unit_copy = rg_i_strdup(unit))) {
        free(copy);
        return RG_I_NOMEM();
    }
    c->sources[c->nsources].path = copy;
    c->sources[c->nsources].unit = unit_copy;
    *index = c->nsources++;
    return RG_OK;
}

/* ---- small parsers --------------------------------------------------------------------------- */

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static int utf8_valid(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t need, k;
        unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else
            return 0;
        if (n - i <= need)
            return 0;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return 0;
        for (k = 2; k <= need; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return 0;
        i += need + 1;
    }
    return 1;
}

static int level_index(const char *s)
{
    size_t i;
    /* Case-insensitive: people type "National" in spreadsheets. */
    for (i = 0; i < LEVEL_COUNT; i++)
        if (strcasecmp(s, level_names[i]) == 0)
            return (int)i;
    return -1;
}

/* A number in C syntax whatever the locale (CPLStrtod ignores LC_NUMERIC). */
static int parse_number(const char *s, double *v)
{
    char *end = NULL;
    if (!*s)
        return 0;
    *v = CPLStrtod(s, &end);
    return end && *end == '\0' && end != s && isfinite(*v);
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

/* Checks a location given as two texts (either may be empty) and stores it in a. */
static rg_status parse_location(const char *path, size_t line, const char *lon_text,
                                const char *lat_text, agency *a)
{
    double lon, lat;
    a->has_location = 0;
    if (!*lon_text && !*lat_text)
        return RG_OK;
    if (!*lat_text)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: lon is given but lat is empty (give both "
                          "or neither)", path, line);
    if (!*lon_text)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: lat is given but lon is empty (give both "
                          "or neither)", path, line);
    if (!parse_number(lon_text, &lon))
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: lon '%s' is not a number", path, line,
                          lon_text);
    if (!parse_number(lat_text, &lat))
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: lat '%s' is not a number", path, line,
                          lat_text);
    if (lon < -180 || lon > 180)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: lon '%s' is out of range (-180 to 180)",
                          path, line, lon_text);
    if (lat < -90 || lat > 90)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: lat '%s' is out of range (-90 to 90)",
                          path, line, lat_text);
    a->lon = lon;
    a->lat = lat;
    a->has_location = 1;
    return RG_OK;
}

typedef struct text_key {
    const char *s;
    size_t n;
} text_key;

static int jur_eq(const void *ctx, size_t index, const void *key)
{
    const rg_coordination *c = ctx;
    const text_key *k = key;
    const char *prev = text_at(c, c->jur[index].id);
    return strncmp(prev, k->s, k->n) == 0 && prev[k->n] == '\0';
}

/* Jurisdiction lists longer than this are checked for repeats through a hash table, shorter ones
 * by scanning (a national agency may list every county). */
#define JUR_SCAN_MAX 16

/* Appends the ';'-separated region ids of text to the jurisdiction list of agency a (the last
 * agency, being added). Empty entries (a trailing ';') are skipped; a repeated one is an error. */
static rg_status add_jurisdiction(rg_coordination *c, agency *a, const char *text, size_t origin,
                                  size_t line)
{
    const char *where = c->sources[origin].path, *unit = c->sources[origin].unit;
    const char *p = text;
    idmap seen = {0};
    rg_status st = RG_OK;
    a->first_jur = c->njur;
    a->njur = 0;
    while (*p) {
        const char *semi = strchr(p, ';');
        text_key key = {p, semi ? (size_t)(semi - p) : strlen(p)};
        uint64_t h;
        size_t k, off, prev = SIZE_MAX;
        p = semi ? semi + 1 : p + key.n;
        trim(&key.s, &key.n);
        if (key.n == 0)
            continue;
        h = hash_bytes(key.s, key.n, HASH_SEED);
        if (a->njur <= JUR_SCAN_MAX) {
            for (k = a->first_jur; k < c->njur && prev == SIZE_MAX; k++)
                if (jur_eq(c, k, &key))
                    prev = k;
        } else
            prev = idmap_find(&seen, h, jur_eq, c, &key);
        if (prev != SIZE_MAX) {
            st = rg_i_error(RG_ERR_DATA, "%s: %s %zu: jurisdiction lists '%s' twice", where, unit,
                            line, text_at(c, c->jur[prev].id));
            goto cleanup;
        }
        if (!rg_i_reserve((void **)&c->jur, &c->jur_cap, c->njur + 1, sizeof *c->jur) ||
            !pool_add(&c->text, key.s, key.n, &off)) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        c->jur[c->njur].id = off;
        c->jur[c->njur].origin = origin;
        c->jur[c->njur].line = line;
        c->njur++;
        a->njur++;
        if (a->njur == JUR_SCAN_MAX + 1) {
            /* Long list: from now on, through the table. */
            for (k = a->first_jur; k < c->njur; k++) {
                const char *id = text_at(c, c->jur[k].id);
                if (!idmap_reserve(&seen)) {
                    st = RG_I_NOMEM();
                    goto cleanup;
                }
                idmap_put(&seen, hash_text(id), k);
            }
        } else if (a->njur > JUR_SCAN_MAX + 1) {
            if (!idmap_reserve(&seen)) {
                st = RG_I_NOMEM();
                goto cleanup;
            }
            idmap_put(&seen, h, c->njur - 1);
        }
    }
cleanup:
    idmap_release(&seen);
    return st;
}

/* ---- CSV reading ----------------------------------------------------------------------------- */

#define MAX_COLUMNS 8

typedef struct column_spec {
    const char *name;
    int required;
} column_spec;

/* A data row: cells by column_spec index, "" for absent columns and missing trailing cells. */
typedef struct csv_row {
    size_t line;
    const char *cell[MAX_COLUMNS];
} csv_row;

typedef rg_status (*csv_row_fn)(void *ctx, const char *path, const csv_row *row);

typedef struct csv_reader {
    const char *path;
    const column_spec *spec;
    size_t nspec;
    csv_row_fn fn;
    void *ctx;

    long column_of[MAX_COLUMNS]; /* file column of each spec entry, -1 when absent */
    int header_done;
    size_t line;            /* physical line being fed (1-based) */
    size_t record_line;     /* line where the current record started */
    size_t open_quote_line; /* line where the quoted field still open started */
    size_t events;          /* field and record ends seen while feeding the current line */

    char *cells; /* the current record's cells, each NUL-terminated */
    size_t cells_len, cells_cap;
    size_t *cell_off;
    size_t ncells, cell_off_cap;
    rg_status st; /* first failure inside a callback (libcsv callbacks cannot stop it) */
} csv_reader;

static void csv_on_field(void *data, size_t n, void *user)
{
    csv_reader *r = user;
    const char *s = data ? data : "";
    size_t i;
    r->events++;
    if (r->st != RG_OK)
        return;
    if (!rg_i_reserve((void **)&r->cell_off, &r->cell_off_cap, r->ncells + 1, sizeof *r->cell_off) ||
        !rg_i_reserve((void **)&r->cells, &r->cells_cap, r->cells_len + n + 1, 1)) {
        r->st = RG_I_NOMEM();
        return;
    }
    r->cell_off[r->ncells++] = r->cells_len;
    /* A line break inside a quoted cell of a CRLF file arrives as "\r\n"; keep one convention
     * ("\n") so a name reads the same whichever system saved the file. */
    for (i = 0; i < n; i++)
        if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
            r->cells[r->cells_len++] = s[i];
    r->cells[r->cells_len++] = '\0';
}

static const char *csv_cell(const csv_reader *r, size_t i)
{
    return r->cells + r->cell_off[i];
}

/* Lists the header's cells as "a, b, c" into buf (truncated with "..." if long). */
static void list_columns(const csv_reader *r, char *buf, size_t size)
{
    size_t i, len = 0;
    buf[0] = '\0';
    for (i = 0; i < r->ncells && len + 4 < size; i++) {
        int w = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", csv_cell(r, i));
        if (w < 0 || (size_t)w >= size - len) {
            memcpy(buf + size - 4, "...", 4);
            return;
        }
        len += (size_t)w;
    }
}

static rg_status csv_header(csv_reader *r)
{
    size_t k, i;
    for (k = 0; k < r->nspec; k++) {
        r->column_of[k] = -1;
        for (i = 0; i < r->ncells; i++) {
            const char *name = csv_cell(r, i);
            size_t n = strlen(name);
            /* libcsv trims unquoted cells only; a header cell is a name, trim it always. */
            trim(&name, &n);
            if (n != strlen(r->spec[k].name) || strncasecmp(name, r->spec[k].name, n) != 0)
                continue;
            if (r->column_of[k] >= 0)
                return rg_i_error(RG_ERR_DATA, "%s: line %zu: column '%s' appears twice", r->path,
                                  r->record_line, r->spec[k].name);
            r->column_of[k] = (long)i;
        }
        if (r->column_of[k] < 0 && r->spec[k].required) {
            char cols[512];
            list_columns(r, cols, sizeof cols);
            return rg_i_error(RG_ERR_DATA, "%s: line %zu: missing column '%s' (columns are: %s)",
                              r->path, r->record_line, r->spec[k].name, cols);
        }
    }
    r->header_done = 1;
    return RG_OK;
}

static void csv_on_record(int terminator, void *user)
{
    csv_reader *r = user;
    csv_row row;
    size_t k, i;
    (void)terminator;
    r->events++;
    if (r->st != RG_OK)
        goto done;
    if (!r->header_done) {
        r->st = csv_header(r);
        goto done;
    }
    /* A spreadsheet writes an empty row as ",,,": skip it like an empty line. */
    for (i = 0; i < r->ncells && !*csv_cell(r, i); i++)
        ;
    if (i == r->ncells)
        goto done;
    row.line = r->record_line;
    for (k = 0; k < r->nspec; k++) {
        long col = r->column_of[k];
        row.cell[k] = col >= 0 && (size_t)col < r->ncells ? csv_cell(r, (size_t)col) : "";
    }
    r->st = r->fn(r->ctx, r->path, &row);
done:
    r->ncells = 0;
    r->cells_len = 0;
}

/* Length of the first physical line of p: up to and including '\n', or a '\r' not followed by
 * '\n' (old Mac files), or all of it. */
static size_t line_length(const char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i] == '\n')
            return i + 1;
        if (p[i] == '\r' && (i + 1 == n || p[i + 1] != '\n'))
            return i + 1;
    }
    return n;
}

/* Feeds one physical line to the parser. Lines are fed one at a time so that the parser's state
 * between two calls tells where records and quoted fields start. */
static rg_status csv_feed_line(csv_reader *r, struct csv_parser *parser, const char *p, size_t n)
{
    /* struct csv_parser is public; its quoted flag tells whether we are inside a quoted field
     * opened on an earlier line. */
    int carried = parser->quoted;
    size_t done;
    if (memchr(p, '\0', n))
        return rg_i_error(RG_ERR_FORMAT, "%s: line %zu: the text holds a NUL byte (is it a CSV "
                          "text file?)", r->path, r->line);
    if (!utf8_valid(p, n))
        return rg_i_error(RG_ERR_ENCODING, "%s: line %zu: text is not valid UTF-8 (save the file "
                          "as UTF-8)", r->path, r->line);
    /* Outside a quoted field, a line begins between records (the previous line's end closed the
     * record, or the line was empty). */
    if (!carried)
        r->record_line = r->line;
    r->events = 0;
    done = csv_parse(parser, p, n, csv_on_field, csv_on_record, r);
    if (r->st != RG_OK)
        return r->st;
    if (done < n) {
        int err = csv_error(parser);
        if (err == CSV_ENOMEM || err == CSV_ETOOBIG)
            return RG_I_NOMEM();
        /* A quote seen while a field opened on an earlier line is still open: most likely that
         * field's closing quote is missing. */
        if (carried && r->events == 0)
            return rg_i_error(RG_ERR_FORMAT, "%s: line %zu: unterminated quoted field (the quote "
                              "is still open at line %zu)", r->path, r->open_quote_line, r->line);
        return rg_i_error(RG_ERR_FORMAT, "%s: line %zu: misplaced quote (a cell holding quotes "
                          "must be quoted as a whole, with its quotes doubled)", r->path, r->line);
    }
    if (parser->quoted && (!carried || r->events > 0))
        r->open_quote_line = r->line;
    return RG_OK;
}

/* The longest line a coordination CSV may have. Real rows are a few hundred bytes (a long
 * jurisdiction list a few tens of kilobytes); the cap keeps a file without newlines, or a binary
 * file given by mistake, from being read into memory whole. */
#define CSV_LINE_MAX ((size_t)1 << 20)

/* Reads one line (up to and including its '\n') into *buf, growing it up to CSV_LINE_MAX + 1
 * bytes. Returns the length, 0 at the end of the file, or -1 for a line longer than the cap
 * (and -2 for out of memory). NUL bytes are kept: the caller reports them. */
static long long csv_read_line(FILE *fp, char **buf, size_t *cap)
{
    size_t n = 0;
    int c;
    while ((c = getc_unlocked(fp)) != EOF) {
        if (n + 1 >= *cap) {
            size_t want = *cap ? 2 * *cap : 4096;
            char *grown;
            if (n >= CSV_LINE_MAX)
                return -1;
            if (want > CSV_LINE_MAX + 2)
                want = CSV_LINE_MAX + 2;
            if (!(grown = realloc(*buf, want)))
                return -2;
            *buf = grown;
            *cap = want;
        }
        (*buf)[n++] = (char)c;
        if (c == '\n')
            break;
    }
    return (long long)n;
}

/* Reads a CSV file: the header row is matched against spec (names case-insensitive, any order,
 * extra columns ignored) and fn is called for every non-empty data row. */
static rg_status csv_read(const char *path, const column_spec *spec, size_t nspec, csv_row_fn fn,
                          void *ctx)
{
    csv_reader r;
    struct csv_parser parser;
    int parser_ready = 0;
    FILE *fp = NULL;
    char *buf = NULL;
    size_t bufcap = 0;
    long long got;
    rg_status st = RG_OK;

    memset(&r, 0, sizeof r);
    r.path = path;
    r.spec = spec;
    r.nspec = nspec;
    r.fn = fn;
    r.ctx = ctx;
    if (!(fp = fopen(path, "rb"))) {
        st = rg_i_error(RG_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        goto cleanup;
    }
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    parser_ready = 1;
    while ((got = csv_read_line(fp, &buf, &bufcap)) != 0) {
        if (got == -2) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        if (got == -1) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: line %zu: longer than %zu bytes (is it a CSV "
                            "text file?)", path, r.line + 1, CSV_LINE_MAX);
            goto cleanup;
        }
        const char *p = buf;
        size_t n = (size_t)got;
        /* Excel writes a byte-order mark at the start of "CSV UTF-8" files. */
        if (r.line == 0 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3;
            n -= 3;
        }
        while (n > 0) {
            size_t len = line_length(p, n);
            r.line++;
            if ((st = csv_feed_line(&r, &parser, p, len)) != RG_OK)
                goto cleanup;
            p += len;
            n -= len;
        }
    }
    if (ferror(fp)) {
        st = rg_i_error(RG_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        goto cleanup;
    }
    if (csv_fini(&parser, csv_on_field, csv_on_record, &r) != 0) {
        if (csv_error(&parser) == CSV_ENOMEM || csv_error(&parser) == CSV_ETOOBIG)
            st = RG_I_NOMEM();
        else
            st = rg_i_error(RG_ERR_FORMAT, "%s: line %zu: unterminated quoted field", path,
                            r.open_quote_line);
        goto cleanup;
    }
    if ((st = r.st) != RG_OK)
        goto cleanup;
    if (!r.header_done)
        st = rg_i_error(RG_ERR_DATA, "%s: the file is empty (expected a header row naming the "
                        "columns)", path);
cleanup:
    if (parser_ready)
        csv_free(&parser);
    if (fp)
        fclose(fp);
    free(buf);
    free(r.cells);
    free(r.cell_off);
    return st;
}

/* ---- the three files ------------------------------------------------------------------------- */

enum { MECH_ID, MECH_NAME, MECH_KIND, MECH_YEAR, MECH_SOURCE };
static const column_spec mechanism_columns[] = {
    {"id", 1}, {"name", 1}, {"kind", 0}, {"year", 0}, {"source", 0},
};

enum { MEMBER_MECHANISM, MEMBER_MEMBER };
static const column_spec member_columns[] = {{"mechanism", 1}, {"member", 1}};

enum { AGENCY_ID, AGENCY_NAME, AGENCY_LEVEL, AGENCY_LON, AGENCY_LAT, AGENCY_JURISDICTION };
static const column_spec agency_columns[] = {
    {"id", 1}, {"name", 1}, {"level", 1}, {"lon", 0}, {"lat", 0}, {"jurisdiction", 0},
};

static rg_status parse_year(const char *path, size_t line, const char *text, int *year)
{
    char *end = NULL;
    long v;
    *year = 0;
    if (!*text)
        return RG_OK;
    errno = 0;
    v = strtol(text, &end, 10);
    if (end == text || *end != '\0')
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: year '%s' is not an integer", path, line,
                          text);
    /* 0 stands for "no year" in the API, so it cannot be a year. */
    if (errno == ERANGE || v < 1 || v > 9999)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: year '%s' is out of range (1 to 9999)", path,
                          line, text);
    *year = (int)v;
    return RG_OK;
}

static rg_status mechanism_row(void *ctx, const char *path, const csv_row *row)
{
    rg_coordination *c = ctx;
    const char *id = row->cell[MECH_ID];
    mechanism m;
    size_t prev;
    uint64_t h;
    rg_status st;
    memset(&m, 0, sizeof m);
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: id is empty", path, row->line);
    h = hash_text(id);
    if ((prev = idmap_find(&c->mech_ids, h, mech_eq, c, id)) != SIZE_MAX)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: duplicate id '%s' (first on line %zu)", path,
                          row->line, id, c->mechs[prev].line);
    if ((st = parse_year(path, row->line, row->cell[MECH_YEAR], &m.year)) != RG_OK)
        return st;
    m.line = row->line;
    m.origin = c->mechanisms_source;
    if (!pool_add(&c->text, id, strlen(id), &m.id) ||
        !pool_add(&c->text, row->cell[MECH_NAME], strlen(row->cell[MECH_NAME]), &m.name) ||
        !pool_add(&c->text, row->cell[MECH_KIND], strlen(row->cell[MECH_KIND]), &m.kind) ||
        !pool_add(&c->text, row->cell[MECH_SOURCE], strlen(row->cell[MECH_SOURCE]), &m.source) ||
        !rg_i_reserve((void **)&c->mechs, &c->mechs_cap, c->nmechs + 1, sizeof *c->mechs) ||
        !idmap_reserve(&c->mech_ids))
        return RG_I_NOMEM();
    c->mechs[c->nmechs] = m;
    idmap_put(&c->mech_ids, h, c->nmechs);
    c->nmechs++;
    return RG_OK;
}

/* While reading members.csv: rows so far, in file order, and a table of (mechanism, member)
 * pairs to catch a row listed twice. */
typedef struct member_reading {
    rg_coordination *c;
    idmap pairs;
} member_reading;

typedef struct member_key {
    size_t mechanism;
    const char *id;
} member_key;

static int member_eq(const void *ctx, size_t index, const void *key)
{
    const rg_coordination *c = ctx;
    const member_key *k = key;
    return c->members[index].mechanism == k->mechanism &&
           strcmp(text_at(c, c->members[index].id), k->id) == 0;
}

static uint64_t member_hash(size_t mechanism_index, const char *id)
{
    uint64_t h = HASH_SEED ^ ((uint64_t)mechanism_index * 0x9E3779B97F4A7C15ULL);
    return hash_bytes(id, strlen(id), h);
}

static rg_status member_row(void *ctx, const char *path, const csv_row *row)
{
    member_reading *mr = ctx;
    rg_coordination *c = mr->c;
    const char *mech_id = row->cell[MEMBER_MECHANISM], *id = row->cell[MEMBER_MEMBER];
    member_key key;
    member m;
    size_t prev;
    uint64_t h;
    if (!*mech_id)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: mechanism is empty", path, row->line);
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: member is empty", path, row->line);
    key.mechanism = find_mechanism(c, mech_id);
    key.id = id;
    if (key.mechanism == SIZE_MAX)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: unknown mechanism '%s' (not in %s)", path,
                          row->line, mech_id, c->sources[c->mechanisms_source].path);
    h = member_hash(key.mechanism, id);
    if ((prev = idmap_find(&mr->pairs, h, member_eq, c, &key)) != SIZE_MAX)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: mechanism '%s' lists member '%s' twice "
                          "(first on line %zu)", path, row->line, mech_id, id,
                          c->members[prev].line);
    m.mechanism = key.mechanism;
    m.line = row->line;
    m.origin = c->members_source;
    m.kind = RG_MEMBER_REGION;
    m.declared = RG_I_MEMBER_UNKNOWN;
    if (!pool_add(&c->text, id, strlen(id), &m.id) ||
        !rg_i_reserve((void **)&c->members, &c->members_cap, c->nmembers + 1, sizeof *c->members) ||
        !idmap_reserve(&mr->pairs))
        return RG_I_NOMEM();
    c->members[c->nmembers] = m;
    idmap_put(&mr->pairs, h, c->nmembers);
    c->nmembers++;
    return RG_OK;
}

/* Groups the members by mechanism (a stable counting sort: file order within a mechanism). */
static rg_status group_members(rg_coordination *c)
{
    member *sorted;
    size_t i, *next;
    if (!(sorted = rg_i_malloc_array(c->nmembers, sizeof *sorted)))
        return RG_I_NOMEM();
    if (!(next = rg_i_calloc_array(c->nmechs, sizeof *next))) {
        free(sorted);
        return RG_I_NOMEM();
    }
    for (i = 0; i < c->nmechs; i++)
        c->mechs[i].nmembers = 0;
    for (i = 0; i < c->nmembers; i++)
        c->mechs[c->members[i].mechanism].nmembers++;
    for (i = 0; i < c->nmechs; i++) {
        c->mechs[i].first_member = i ? c->mechs[i - 1].first_member + c->mechs[i - 1].nmembers : 0;
        next[i] = c->mechs[i].first_member;
    }
    for (i = 0; i < c->nmembers; i++)
        sorted[next[c->members[i].mechanism]++] = c->members[i];
    free(next);
    free(c->members);
    c->members = sorted;
    c->members_cap = c->nmembers;
    return RG_OK;
}

/* Adds agency a (its id not yet in the pool) after checking the id is new. */
static rg_status add_agency(rg_coordination *c, agency *a, const char *id, const char *name,
                            const char *jurisdiction)
{
    const source *src = &c->sources[a->source];
    size_t prev;
    uint64_t h;
    rg_status st;
    h = hash_text(id);
    if ((prev = idmap_find(&c->agency_ids, h, agency_eq, c, id)) != SIZE_MAX) {
        const agency *p = &c->agencies[prev];
        if (p->source == a->source)
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: duplicate id '%s' (first on %s %zu)",
                              src->path, src->unit, a->line, id, src->unit, p->line);
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: duplicate agency id '%s' (first in %s: %s %zu)",
                          src->path, src->unit, a->line, id, c->sources[p->source].path,
                          c->sources[p->source].unit, p->line);
    }
    if ((st = add_jurisdiction(c, a, jurisdiction, a->source, a->line)) != RG_OK)
        return st;
    if (!pool_add(&c->text, id, strlen(id), &a->id) ||
        !pool_add(&c->text, name, strlen(name), &a->name) ||
        !rg_i_reserve((void **)&c->agencies, &c->agencies_cap, c->nagencies + 1,
                      sizeof *c->agencies) ||
        !idmap_reserve(&c->agency_ids))
        return RG_I_NOMEM();
    c->agencies[c->nagencies] = *a;
    idmap_put(&c->agency_ids, h, c->nagencies);
    c->nagencies++;
    return RG_OK;
}

static rg_status agency_row(void *ctx, const char *path, const csv_row *row)
{
    rg_coordination *c = ctx;
    const char *id = row->cell[AGENCY_ID], *level = row->cell[AGENCY_LEVEL];
    agency a;
    int li;
    rg_status st;
    memset(&a, 0, sizeof a);
    a.source = c->agencies_source;
    a.line = row->line;
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: id is empty", path, row->line);
    if (!*level)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: level is empty (one of " LEVEL_LIST ")",
                          path, row->line);
    if ((li = level_index(level)) < 0)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: level '%s' is not one of " LEVEL_LIST, path,
                          row->line, level);
    a.level = (unsigned char)li;
    if ((st = parse_location(path, row->line, row->cell[AGENCY_LON], row->cell[AGENCY_LAT], &a)) !=
        RG_OK)
        return st;
    return add_agency(c, &a, id, row->cell[AGENCY_NAME], row->cell[AGENCY_JURISDICTION]);
}

static rg_coordination *coordination_new(void)
{
    rg_coordination *c = calloc(1, sizeof *c);
    size_t t;
    if (c && !pool_init(&c->text)) {
        free(c);
        return NULL;
    }
    if (c) {
        for (t = 0; t < sizeof c->origin / sizeof c->origin[0]; t++)
            c->origin[t] = NO_ORIGIN;
        c->memory_origin = NO_ORIGIN;
    }
    return c;
}

rg_status rg_coordination_read(const char *mechanisms_csv, const char *members_csv,
                               const char *agencies_csv, rg_coordination **out)
{
    rg_coordination *c = NULL;
    member_reading mr;
    size_t i;
    rg_status st = RG_OK;
    memset(&mr, 0, sizeof mr);
    if (out)
        *out = NULL;
    if (!out || !mechanisms_csv || !members_csv)
        return rg_i_error(RG_ERR_ARG, "rg_coordination_read: the mechanisms and members files are "
                          "required");
    if (!(c = coordination_new())) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    if ((st = add_source(c, mechanisms_csv, "line", &c->mechanisms_source)) != RG_OK ||
        (st = csv_read(mechanisms_csv, mechanism_columns,
                       sizeof mechanism_columns / sizeof *mechanism_columns, mechanism_row, c)) !=
            RG_OK)
        goto cleanup;
    if (agencies_csv) {
        if ((st = add_source(c, agencies_csv, "line", &c->agencies_source)) != RG_OK ||
            (st = csv_read(agencies_csv, agency_columns,
                           sizeof agency_columns / sizeof *agency_columns, agency_row, c)) != RG_OK)
            goto cleanup;
    }
    mr.c = c;
    if ((st = add_source(c, members_csv, "line", &c->members_source)) != RG_OK ||
        (st = csv_read(members_csv, member_columns, sizeof member_columns / sizeof *member_columns,
                       member_row, &mr)) != RG_OK ||
        (st = group_members(c)) != RG_OK)
        goto cleanup;
    for (i = 0; i < c->nmechs; i++)
        if (c->mechs[i].nmembers == 0)
            rg_i_warn("%s: line %zu: mechanism '%s' has no members in %s", mechanisms_csv,
                      c->mechs[i].line, text_at(c, c->mechs[i].id), members_csv);
    *out = c;
    c = NULL;
cleanup:
    idmap_release(&mr.pairs);
    rg_coordination_free(c);
    return st;
}

void rg_coordination_free(rg_coordination *coord)
{
    size_t i;
    if (!coord)
        return;
    for (i = 0; i < coord->nsources; i++) {
        free(coord->sources[i].path);
        free(coord->sources[i].unit);
    }
    free(coord->sources);
    free(coord->text.buf);
    free(coord->mechs);
    free(coord->members);
    free(coord->agencies);
    free(coord->jur);
    free(coord->pending);
    idmap_release(&coord->mech_ids);
    idmap_release(&coord->agency_ids);
    idmap_release(&coord->member_pairs);
    idmap_release(&coord->pending_ids);
    free(coord);
}

/* ---- agencies from a point layer ------------------------------------------------------------- */

/* Lists the names given by name(i) for i < n as "a, b, c" into buf (truncated with "..."). */
static void list_names(char *buf, size_t size, int n, const char *(*name)(void *, int), void *ctx)
{
    size_t len = 0;
    int i;
    buf[0] = '\0';
    for (i = 0; i < n; i++) {
        int w = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", name(ctx, i));
        if (w < 0 || (size_t)w >= size - len) {
            memcpy(buf + size - 4, "...", 4);
            return;
        }
        len += (size_t)w;
    }
}

static const char *layer_name_at(void *ds, int i)
{
    return OGR_L_GetName(GDALDatasetGetLayer(ds, i));
}

static const char *field_name_at(void *defn, int i)
{
    return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
}

/* Opens path, or FILE of "FILE:LAYER" when path itself does not exist and FILE does, and picks
 * the layer: the named one, or the only one. */
static rg_status open_layer(const char *path, GDALDatasetH *ds_out, OGRLayerH *layer_out)
{
    struct stat sb;
    char *file = NULL, names[512];
    const char *layer_name = NULL, *colon;
    GDALDatasetH ds = NULL;
    OGRLayerH layer = NULL;
    rg_status st = RG_OK;
    if (stat(path, &sb) != 0 && (colon = strrchr(path, ':')) != NULL && colon != path) {
        if (!(file = rg_i_strdup(path))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        file[colon - path] = '\0';
        if (stat(file, &sb) == 0)
            layer_name = colon + 1;
        else
            file[colon - path] = ':';
    }
    ds = GDALOpenEx(file ? file : path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        if (stat(file ? file : path, &sb) != 0)
            st = rg_i_error(RG_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        else
            st = rg_i_error(RG_ERR_FORMAT, "%s: not a vector format that GDAL reads", path);
        goto cleanup;
    }
    if (layer_name) {
        if (!(layer = GDALDatasetGetLayerByName(ds, layer_name))) {
            list_names(names, sizeof names, GDALDatasetGetLayerCount(ds), layer_name_at, ds);
            st = rg_i_error(RG_ERR_DATA, "%s: no layer '%s' (layers are: %s)", file, layer_name,
                            names);
            goto cleanup;
        }
    } else if (GDALDatasetGetLayerCount(ds) != 1) {
        if (GDALDatasetGetLayerCount(ds) == 0) {
            st = rg_i_error(RG_ERR_FORMAT, "%s: holds no layer", path);
            goto cleanup;
        }
        list_names(names, sizeof names, GDALDatasetGetLayerCount(ds), layer_name_at, ds);
        st = rg_i_error(RG_ERR_DATA, "%s: holds %d layers (%s); name one as %s:LAYER", path,
                        GDALDatasetGetLayerCount(ds), names, path);
        goto cleanup;
    } else
        layer = GDALDatasetGetLayer(ds, 0);
    *ds_out = ds;
    *layer_out = layer;
    ds = NULL;
cleanup:
    if (ds)
        GDALClose(ds);
    free(file);
    return st;
}

static rg_status field_index(OGRFeatureDefnH defn, const char *path, const char *field, int *index)
{
    char names[512];
    *index = -1;
    if (!field)
        return RG_OK;
    if ((*index = OGR_FD_GetFieldIndex(defn, field)) >= 0)
        return RG_OK;
    list_names(names, sizeof names, OGR_FD_GetFieldCount(defn), field_name_at, defn);
    return rg_i_error(RG_ERR_DATA, "%s: no field '%s' (fields are: %s)", path, field, names);
}

/* A field's text, trimmed, copied into *buf (grown as needed); "" when null or absent. */
static rg_status feature_text(OGRFeatureH f, int index, const char *path, size_t feature,
                              const char *field, char **buf, size_t *cap)
{
    const char *s = "";
    size_t n;
    if (index >= 0 && OGR_F_IsFieldSetAndNotNull(f, index))
        s = OGR_F_GetFieldAsString(f, index);
    n = strlen(s);
    trim(&s, &n);
    if (!utf8_valid(s, n))
        return rg_i_error(RG_ERR_ENCODING, "%s: feature %zu: field '%s' is not valid UTF-8", path,
                          feature, field);
    if (!rg_i_reserve((void **)buf, cap, n + 1, 1))
        return RG_I_NOMEM();
    memcpy(*buf, s, n);
    (*buf)[n] = '\0';
    return RG_OK;
}

/* The agency of feature f (number nf, 1-based) into *a: level and location. */
static rg_status feature_location(OGRFeatureH f, const char *path, size_t nf, const char *id,
                                  rg_i_to_wgs84 *to_wgs84, int has_srs, agency *a)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    double xy[2];
    rg_status st;
    a->has_location = 0;
    if (!g || OGR_G_IsEmpty(g)) {
        rg_i_warn("%s: feature %zu: agency '%s' has no point, so no location", path, nf, id);
        return RG_OK;
    }
    if (wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint)
        return rg_i_error(RG_ERR_FORMAT, "%s: feature %zu: the geometry is not a point", path, nf);
    xy[0] = OGR_G_GetX(g, 0);
    xy[1] = OGR_G_GetY(g, 0);
    if (to_wgs84 && (st = rg_i_to_wgs84_apply(to_wgs84, xy, 1)) != RG_OK) {
        char where[600];
        snprintf(where, sizeof where, "%s: feature %zu", path, nf);
        return rg_i_error_prefix(st, where);
    }
    if (!(fabs(xy[0]) <= 180 && fabs(xy[1]) <= 90))
        return rg_i_error(RG_ERR_DATA, "%s: feature %zu: point (%.17g, %.17g) is not a lon/lat "
                          "position%s", path, nf, xy[0], xy[1],
                          has_srs ? "" : " (the layer has no CRS, so lon/lat was assumed)");
    a->lon = xy[0];
    a->lat = xy[1];
    a->has_location = 1;
    return RG_OK;
}

rg_status rg_coordination_add_agency_layer(rg_coordination *coord, const char *path,
                                           const char *id_field, const char *name_field,
                                           const char *level_field, const char *level_default,
                                           const char *jurisdiction_field)
{
    GDALDatasetH ds = NULL;
    OGRLayerH layer = NULL;
    OGRFeatureDefnH defn;
    OGRFeatureH f = NULL;
    OGRSpatialReferenceH srs;
    rg_i_to_wgs84 *to_wgs84 = NULL;
    char *wkt = NULL, *id = NULL, *name = NULL, *level = NULL, *jur = NULL;
    size_t id_cap = 0, name_cap = 0, level_cap = 0, jur_cap = 0, nf = 0, i;
    /* What to restore on failure, so that a failed call leaves coord as it was. */
    size_t old_nagencies, old_njur, old_text_len, old_nsources, src = 0;
    int id_index, name_index, level_index_field, jur_index, default_level = -1;
    OGRwkbGeometryType layer_type;
    rg_status st = RG_OK;

    rg_i_library_init();
    if (!coord || !path || !id_field)
        return rg_i_error(RG_ERR_ARG, "rg_coordination_add_agency_layer: coord, path and "
                          "id_field are required");
    if (level_default && (default_level = level_index(level_default)) < 0)
        return rg_i_error(RG_ERR_ARG, "default level '%s' is not one of " LEVEL_LIST,
                          level_default);
    if (!level_field && !level_default)
        return rg_i_error(RG_ERR_ARG, "%s: agencies need a level: give a level field or a default "
                          "level", path);
    old_nagencies = coord->nagencies;
    old_njur = coord->njur;
    old_text_len = coord->text.len;
    old_nsources = coord->nsources;

    if ((st = open_layer(path, &ds, &layer)) != RG_OK)
        goto cleanup;
    layer_type = wkbFlatten(OGR_L_GetGeomType(layer));
    if (layer_type == wkbNone) {
        st = rg_i_error(RG_ERR_FORMAT, "%s: the layer has no geometries (agencies are located by "
                        "points; a table of agencies is read as agencies.csv)", path);
        goto cleanup;
    }
    /* Unknown: formats such as GeoJSON declare no type per layer; checked feature by feature. */
    if (layer_type != wkbPoint && layer_type != wkbUnknown) {
        char type[64];
        const char *t = OGRGeometryTypeToName(layer_type);
        for (i = 0; t[i] && i + 1 < sizeof type; i++)
            type[i] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] - 'A' + 'a' : t[i]);
        type[i] = '\0';
        st = rg_i_error(RG_ERR_FORMAT, "%s: the layer holds %s geometries, not points (agencies "
                        "are located by points)", path, type);
        goto cleanup;
    }
    defn = OGR_L_GetLayerDefn(layer);
    if ((st = field_index(defn, path, id_field, &id_index)) != RG_OK ||
        (st = field_index(defn, path, name_field, &name_index)) != RG_OK ||
        (st = field_index(defn, path, level_field, &level_index_field)) != RG_OK ||
        (st = field_index(defn, path, jurisdiction_field, &jur_index)) != RG_OK)
        goto cleanup;
    if ((srs = OGR_L_GetSpatialRef(layer)) != NULL) {
        if (OSRExportToWkt(srs, &wkt) != OGRERR_NONE || !wkt) {
            st = rg_i_error(RG_ERR_CRS, "%s: the layer's CRS cannot be written as WKT", path);
            goto cleanup;
        }
        if ((st = rg_i_to_wgs84_new(wkt, &to_wgs84)) != RG_OK) {
            rg_i_error_prefix(st, path);
            goto cleanup;
        }
    } else
        rg_i_warn("%s: the layer has no CRS; its points are taken as lon/lat WGS84", path);
    if ((st = add_source(coord, path, "feature", &src)) != RG_OK)
        goto cleanup;

    OGR_L_ResetReading(layer);
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        agency a;
        int li;
        nf++;
        memset(&a, 0, sizeof a);
        a.source = src;
        a.line = nf;
        if ((st = feature_text(f, id_index, path, nf, id_field, &id, &id_cap)) != RG_OK ||
            (st = feature_text(f, name_index, path, nf, name_field, &name, &name_cap)) != RG_OK ||
            (st = feature_text(f, level_index_field, path, nf, level_field, &level, &level_cap)) !=
                RG_OK ||
            (st = feature_text(f, jur_index, path, nf, jurisdiction_field, &jur, &jur_cap)) != RG_OK)
            goto cleanup;
        if (!*id) {
            st = rg_i_error(RG_ERR_DATA, "%s: feature %zu: field '%s' is empty", path, nf, id_field);
            goto cleanup;
        }
        if (!*level) {
            if (default_level < 0) {
                st = rg_i_error(RG_ERR_DATA, "%s: feature %zu: field '%s' is empty (one of "
                                LEVEL_LIST ")", path, nf, level_field);
                goto cleanup;
            }
            li = default_level;
        } else if ((li = level_index(level)) < 0) {
            st = rg_i_error(RG_ERR_DATA, "%s: feature %zu: level '%s' is not one of " LEVEL_LIST,
                            path, nf, level);
            goto cleanup;
        }
        a.level = (unsigned char)li;
        if ((st = feature_location(f, path, nf, id, to_wgs84, srs != NULL, &a)) != RG_OK ||
            (st = add_agency(coord, &a, id, name_index >= 0 ? name : id, jur)) != RG_OK)
            goto cleanup;
        OGR_F_Destroy(f);
        f = NULL;
    }

cleanup:
    if (st != RG_OK) {
        for (i = old_nsources; i < coord->nsources; i++) {
            free(coord->sources[i].path);
            free(coord->sources[i].unit);
        }
        coord->nsources = old_nsources;
        coord->nagencies = old_nagencies;
        coord->njur = old_njur;
        coord->text.len = old_text_len;
        /* Open addressing cannot drop entries cheaply; rebuild from the rows kept. */
        idmap_clear(&coord->agency_ids);
        for (i = 0; i < coord->nagencies; i++)
            idmap_put(&coord->agency_ids, hash_text(text_at(coord, coord->agencies[i].id)), i);
    }
    if (f)
        OGR_F_Destroy(f);
    if (ds)
        GDALClose(ds);
    CPLFree(wkt);
    rg_i_to_wgs84_free(to_wgs84);
    free(id);
    free(name);
    free(level);
    free(jur);
    return st;
}

/* ---- resolution ------------------------------------------------------------------------------ */

static const char *const member_kind_names[] = {"a region", "an agency"};

rg_status rg_coordination_resolve(rg_coordination *coord, rg_region_lookup_fn lookup,
                                  void *user_data)
{
    size_t i, k;
    rg_status st;
    if (!coord || !lookup)
        return rg_i_error(RG_ERR_ARG, "rg_coordination_resolve: coord and lookup are required");
    if ((st = rg_i_coordination_finish(coord)) != RG_OK)
        return st;
    for (i = 0; i < coord->nagencies; i++) {
        const agency *a = &coord->agencies[i];
        const source *src = &coord->sources[a->source];
        const char *id = text_at(coord, a->id);
        /* A member id must say one thing; an agency named like a region would make it two. */
        if (lookup(id, user_data))
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: agency id '%s' is also a region id",
                              src->path, src->unit, a->line, id);
        for (k = 0; k < a->njur; k++) {
            const jur_entry *j = &coord->jur[a->first_jur + k];
            const source *jsrc = &coord->sources[j->origin];
            const char *jid = text_at(coord, j->id);
            if (lookup(jid, user_data))
                continue;
            if (find_agency(coord, jid) != SIZE_MAX)
                return rg_i_error(RG_ERR_DATA, "%s: %s %zu: jurisdiction '%s' is an agency, not "
                                  "a region", jsrc->path, jsrc->unit, j->line, jid);
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: jurisdiction '%s' is not a region",
                              jsrc->path, jsrc->unit, j->line, jid);
        }
    }
    for (i = 0; i < coord->nmembers; i++) {
        member *m = &coord->members[i];
        const source *src = &coord->sources[m->origin];
        const char *id = text_at(coord, m->id);
        if (lookup(id, user_data))
            m->kind = RG_MEMBER_REGION;
        else if (find_agency(coord, id) != SIZE_MAX)
            m->kind = RG_MEMBER_AGENCY;
        else
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: '%s' is neither a region nor an agency",
                              src->path, src->unit, m->line, id);
        /* A stated kind that disagrees means the ids changed meaning since it was written. */
        if (m->declared != RG_I_MEMBER_UNKNOWN && m->declared != (signed char)m->kind)
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: member '%s' is given as %s but is %s",
                              src->path, src->unit, m->line, id, member_kind_names[m->declared],
                              member_kind_names[m->kind]);
    }
    return RG_OK;
}

/* ---- building row by row --------------------------------------------------------------------- */

rg_status rg_i_coordination_new(rg_coordination **out)
{
    if (!out)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_new: out is required");
    if (!(*out = coordination_new()))
        return RG_I_NOMEM();
    return RG_OK;
}

rg_status rg_i_coordination_set_origin(rg_coordination *coord, rg_i_coord_table table,
                                       const char *path, const char *unit)
{
    if (!coord || (unsigned)table > RG_I_COORD_JURISDICTIONS || !path || !unit)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_set_origin: coord, a table, path and "
                          "unit are required");
    return add_source(coord, path, unit, &coord->origin[table]);
}

/* The source index for rows of a table, "(memory)" when none was set. */
static rg_status origin_of(rg_coordination *c, rg_i_coord_table table, size_t *origin)
{
    rg_status st;
    if (c->origin[table] != NO_ORIGIN) {
        *origin = c->origin[table];
        return RG_OK;
    }
    if (c->memory_origin == NO_ORIGIN &&
        (st = add_source(c, "(memory)", "row", &c->memory_origin)) != RG_OK)
        return st;
    *origin = c->memory_origin;
    return RG_OK;
}

long rg_i_coordination_mechanism_index(const rg_coordination *coord, const char *id)
{
    size_t i;
    if (!coord || !id)
        return -1;
    i = find_mechanism(coord, id);
    return i == SIZE_MAX || i > (size_t)LONG_MAX ? -1 : (long)i;
}

rg_status rg_i_coordination_add_mechanism(rg_coordination *coord, const char *id,
                                          const char *name, const char *kind, int year,
                                          const char *source_text, size_t number, size_t *index)
{
    const source *src;
    mechanism m;
    size_t prev;
    uint64_t h;
    rg_status st;
    if (!coord || !id)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_add_mechanism: coord and id are "
                          "required");
    memset(&m, 0, sizeof m);
    if ((st = origin_of(coord, RG_I_COORD_MECHANISMS, &m.origin)) != RG_OK)
        return st;
    src = &coord->sources[m.origin];
    m.line = number;
    m.year = year;
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: id is empty", src->path, src->unit, number);
    if (year < 0 || year > 9999)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: year %d is out of range (1 to 9999)",
                          src->path, src->unit, number, year);
    h = hash_text(id);
    if ((prev = find_mechanism(coord, id)) != SIZE_MAX) {
        const mechanism *p = &coord->mechs[prev];
        const source *psrc = &coord->sources[p->origin];
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: duplicate mechanism id '%s' (first in %s: "
                          "%s %zu)", src->path, src->unit, number, id, psrc->path, psrc->unit,
                          p->line);
    }
    if (!pool_add(&coord->text, id, strlen(id), &m.id) ||
        !pool_add(&coord->text, name ? name : "", name ? strlen(name) : 0, &m.name) ||
        !pool_add(&coord->text, kind ? kind : "", kind ? strlen(kind) : 0, &m.kind) ||
        !pool_add(&coord->text, source_text ? source_text : "",
                  source_text ? strlen(source_text) : 0, &m.source) ||
        !rg_i_reserve((void **)&coord->mechs, &coord->mechs_cap, coord->nmechs + 1,
                      sizeof *coord->mechs) ||
        !idmap_reserve(&coord->mech_ids))
        return RG_I_NOMEM();
    /* Members are grouped: a new mechanism's (empty) group starts after all of them. */
    m.first_member = coord->nmembers;
    coord->mechs[coord->nmechs] = m;
    idmap_put(&coord->mech_ids, h, coord->nmechs);
    if (index)
        *index = coord->nmechs;
    coord->nmechs++;
    return RG_OK;
}

/* Opens the member list for appending: the pair table is rebuilt over the grouped rows. */
static rg_status open_members(rg_coordination *c)
{
    size_t i;
    if (c->members_open)
        return RG_OK;
    idmap_clear(&c->member_pairs);
    for (i = 0; i < c->nmembers; i++) {
        if (!idmap_reserve(&c->member_pairs))
            return RG_I_NOMEM();
        idmap_put(&c->member_pairs,
                  member_hash(c->members[i].mechanism, text_at(c, c->members[i].id)), i);
    }
    c->members_open = 1;
    return RG_OK;
}

rg_status rg_i_coordination_add_member(rg_coordination *coord, size_t mech, const char *id,
                                       int kind, size_t number)
{
    const source *src;
    member_key key;
    member m;
    size_t prev;
    uint64_t h;
    rg_status st;
    if (!coord || !id || mech >= coord->nmechs ||
        (kind != RG_I_MEMBER_UNKNOWN && kind != RG_MEMBER_REGION && kind != RG_MEMBER_AGENCY))
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_add_member: coord, a mechanism index, "
                          "an id and a kind are required");
    memset(&m, 0, sizeof m);
    if ((st = origin_of(coord, RG_I_COORD_MEMBERS, &m.origin)) != RG_OK)
        return st;
    src = &coord->sources[m.origin];
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: member is empty", src->path, src->unit,
                          number);
    if ((st = open_members(coord)) != RG_OK)
        return st;
    key.mechanism = mech;
    key.id = id;
    h = member_hash(mech, id);
    if ((prev = idmap_find(&coord->member_pairs, h, member_eq, coord, &key)) != SIZE_MAX) {
        const member *p = &coord->members[prev];
        const source *psrc = &coord->sources[p->origin];
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: mechanism '%s' lists member '%s' twice "
                          "(first in %s: %s %zu)", src->path, src->unit, number,
                          text_at(coord, coord->mechs[mech].id), id, psrc->path, psrc->unit,
                          p->line);
    }
    m.line = number;
    m.mechanism = mech;
    m.kind = kind == RG_MEMBER_AGENCY ? RG_MEMBER_AGENCY : RG_MEMBER_REGION;
    m.declared = (signed char)kind;
    if (!pool_add(&coord->text, id, strlen(id), &m.id) ||
        !rg_i_reserve((void **)&coord->members, &coord->members_cap, coord->nmembers + 1,
                      sizeof *coord->members) ||
        !idmap_reserve(&coord->member_pairs))
        return RG_I_NOMEM();
    coord->members[coord->nmembers] = m;
    idmap_put(&coord->member_pairs, h, coord->nmembers);
    coord->nmembers++;
    return RG_OK;
}

rg_status rg_i_coordination_add_agency(rg_coordination *coord, const char *id, const char *name,
                                       const char *level, int has_location, double lon,
                                       double lat, size_t number, size_t *index)
{
    const source *src;
    agency a;
    int li;
    rg_status st;
    if (!coord || !id || !level)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_add_agency: coord, id and level are "
                          "required");
    memset(&a, 0, sizeof a);
    if ((st = origin_of(coord, RG_I_COORD_AGENCIES, &a.source)) != RG_OK)
        return st;
    src = &coord->sources[a.source];
    a.line = number;
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: id is empty", src->path, src->unit, number);
    if ((li = level_index(level)) < 0)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: level '%s' is not one of " LEVEL_LIST,
                          src->path, src->unit, number, level);
    a.level = (unsigned char)li;
    if (has_location) {
        if (!(fabs(lon) <= 180 && fabs(lat) <= 90))
            return rg_i_error(RG_ERR_DATA, "%s: %s %zu: location (%.17g, %.17g) is not a lon/lat "
                              "position", src->path, src->unit, number, lon, lat);
        a.lon = lon;
        a.lat = lat;
        a.has_location = 1;
    }
    if ((st = add_agency(coord, &a, id, name ? name : "", "")) != RG_OK)
        return st;
    if (index)
        *index = coord->nagencies - 1;
    return RG_OK;
}

typedef struct pending_key {
    size_t agency;
    const char *id;
} pending_key;

static int pending_eq(const void *ctx, size_t index, const void *key)
{
    const rg_coordination *c = ctx;
    const pending_key *k = key;
    return c->pending[index].agency == k->agency &&
           strcmp(text_at(c, c->pending[index].entry.id), k->id) == 0;
}

rg_status rg_i_coordination_add_jurisdiction(rg_coordination *coord, size_t a, const char *region,
                                             size_t number)
{
    const source *src;
    const agency *ag;
    jur_pending p;
    pending_key key;
    size_t prev, k;
    uint64_t h;
    rg_status st;
    if (!coord || !region || a >= coord->nagencies)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_add_jurisdiction: coord, an agency index "
                          "and a region id are required");
    memset(&p, 0, sizeof p);
    if ((st = origin_of(coord, RG_I_COORD_JURISDICTIONS, &p.entry.origin)) != RG_OK)
        return st;
    src = &coord->sources[p.entry.origin];
    ag = &coord->agencies[a];
    if (!*region)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: region is empty", src->path, src->unit,
                          number);
    /* Repeats among the grouped entries (few: they came with the agency) and the pending ones. */
    for (k = 0; k < ag->njur; k++)
        if (strcmp(text_at(coord, coord->jur[ag->first_jur + k].id), region) == 0)
            break;
    key.agency = a;
    key.id = region;
    h = member_hash(a, region);
    if (k < ag->njur ||
        (prev = idmap_find(&coord->pending_ids, h, pending_eq, coord, &key)) != SIZE_MAX)
        return rg_i_error(RG_ERR_DATA, "%s: %s %zu: agency '%s' lists jurisdiction '%s' twice",
                          src->path, src->unit, number, text_at(coord, ag->id), region);
    p.agency = a;
    p.entry.line = number;
    if (!pool_add(&coord->text, region, strlen(region), &p.entry.id) ||
        !rg_i_reserve((void **)&coord->pending, &coord->pending_cap, coord->npending + 1,
                      sizeof *coord->pending) ||
        !idmap_reserve(&coord->pending_ids))
        return RG_I_NOMEM();
    coord->pending[coord->npending] = p;
    idmap_put(&coord->pending_ids, h, coord->npending);
    coord->npending++;
    return RG_OK;
}

/* Merges the pending jurisdictions into the grouped list: each agency's entries, then its
 * pending ones in the order added. */
static rg_status group_jurisdictions(rg_coordination *c)
{
    jur_entry *merged = NULL;
    size_t *count = NULL, *next = NULL, i, k, total, pos = 0;
    rg_status st = RG_OK;
    total = c->njur + c->npending;
    if (total < c->njur || !(merged = rg_i_malloc_array(total ? total : 1, sizeof *merged)) ||
        !(count = rg_i_calloc_array(c->nagencies ? c->nagencies : 1, sizeof *count)) ||
        !(next = rg_i_calloc_array(c->nagencies ? c->nagencies : 1, sizeof *next))) {
        st = RG_I_NOMEM();
        goto cleanup;
    }
    for (i = 0; i < c->npending; i++)
        count[c->pending[i].agency]++;
    for (i = 0; i < c->nagencies; i++) {
        agency *a = &c->agencies[i];
        for (k = 0; k < a->njur; k++)
            merged[pos + k] = c->jur[a->first_jur + k];
        a->first_jur = pos;
        next[i] = pos + a->njur;
        a->njur += count[i];
        pos += a->njur;
    }
    for (i = 0; i < c->npending; i++)
        merged[next[c->pending[i].agency]++] = c->pending[i].entry;
    free(c->jur);
    c->jur = merged;
    merged = NULL;
    c->njur = c->jur_cap = total;
    c->npending = 0;
    idmap_clear(&c->pending_ids);
cleanup:
    free(merged);
    free(count);
    free(next);
    return st;
}

rg_status rg_i_coordination_finish(rg_coordination *coord)
{
    rg_status st;
    if (!coord)
        return rg_i_error(RG_ERR_ARG, "rg_i_coordination_finish: coord is required");
    if (coord->members_open) {
        if ((st = group_members(coord)) != RG_OK)
            return st;
        coord->members_open = 0;
        idmap_clear(&coord->member_pairs);
    }
    if (coord->npending && (st = group_jurisdictions(coord)) != RG_OK)
        return st;
    return RG_OK;
}

/* ---- accessors ------------------------------------------------------------------------------- */

size_t rg_coordination_mechanism_count(const rg_coordination *coord)
{
    return coord ? coord->nmechs : 0;
}

static const mechanism *mech_at(const rg_coordination *coord, size_t m)
{
    return coord && m < coord->nmechs ? &coord->mechs[m] : NULL;
}

const char *rg_coordination_mechanism_id(const rg_coordination *coord, size_t m)
{
    const mechanism *p = mech_at(coord, m);
    return p ? text_at(coord, p->id) : NULL;
}

const char *rg_coordination_mechanism_name(const rg_coordination *coord, size_t m)
{
    const mechanism *p = mech_at(coord, m);
    return p ? text_at(coord, p->name) : NULL;
}

const char *rg_coordination_mechanism_kind(const rg_coordination *coord, size_t m)
{
    const mechanism *p = mech_at(coord, m);
    return p ? text_at(coord, p->kind) : NULL;
}

int rg_coordination_mechanism_year(const rg_coordination *coord, size_t m)
{
    const mechanism *p = mech_at(coord, m);
    return p ? p->year : 0;
}

const char *rg_coordination_mechanism_source(const rg_coordination *coord, size_t m)
{
    const mechanism *p = mech_at(coord, m);
    return p ? text_at(coord, p->source) : NULL;
}

size_t rg_coordination_member_count(const rg_coordination *coord, size_t m)
{
    const mechanism *p = mech_at(coord, m);
    return p ? p->nmembers : 0;
}

static const member *member_at(const rg_coordination *coord, size_t m, size_t k)
{
    const mechanism *p = mech_at(coord, m);
    return p && k < p->nmembers ? &coord->members[p->first_member + k] : NULL;
}

const char *rg_coordination_member_id(const rg_coordination *coord, size_t m, size_t k)
{
    const member *p = member_at(coord, m, k);
    return p ? text_at(coord, p->id) : NULL;
}

rg_member_kind rg_coordination_member_kind(const rg_coordination *coord, size_t m, size_t k)
{
    const member *p = member_at(coord, m, k);
    return p ? (rg_member_kind)p->kind : RG_MEMBER_REGION;
}

size_t rg_coordination_agency_count(const rg_coordination *coord)
{
    return coord ? coord->nagencies : 0;
}

static const agency *agency_at(const rg_coordination *coord, size_t a)
{
    return coord && a < coord->nagencies ? &coord->agencies[a] : NULL;
}

const char *rg_coordination_agency_id(const rg_coordination *coord, size_t a)
{
    const agency *p = agency_at(coord, a);
    return p ? text_at(coord, p->id) : NULL;
}

const char *rg_coordination_agency_name(const rg_coordination *coord, size_t a)
{
    const agency *p = agency_at(coord, a);
    return p ? text_at(coord, p->name) : NULL;
}

const char *rg_coordination_agency_level(const rg_coordination *coord, size_t a)
{
    const agency *p = agency_at(coord, a);
    return p ? level_names[p->level] : NULL;
}

int rg_coordination_agency_location(const rg_coordination *coord, size_t a, double *lon,
                                    double *lat)
{
    const agency *p = agency_at(coord, a);
    if (!p || !p->has_location)
        return 0;
    if (lon)
        *lon = p->lon;
    if (lat)
        *lat = p->lat;
    return 1;
}

size_t rg_coordination_jurisdiction_count(const rg_coordination *coord, size_t a)
{
    const agency *p = agency_at(coord, a);
    return p ? p->njur : 0;
}

const char *rg_coordination_jurisdiction_id(const rg_coordination *coord, size_t a, size_t k)
{
    const agency *p = agency_at(coord, a);
    return p && k < p->njur ? text_at(coord, coord->jur[p->first_jur + k].id) : NULL;
}

long rg_coordination_agency_index(const rg_coordination *coord, const char *id)
{
    size_t i;
    if (!coord || !id)
        return -1;
    i = find_agency(coord, id);
    return i == SIZE_MAX || i > (size_t)LONG_MAX ? -1 : (long)i;
}
