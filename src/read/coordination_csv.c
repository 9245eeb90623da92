/* Coordination data from CSV files (libcsv): the line-by-line engine that keeps the line of
 * every record and quote for messages, and the three schemas (mechanisms, members, agencies). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include <cpl_conv.h>
#include <csv.h>

#include "base/error_internal.h"
#include "base/inputs_internal.h"
#include "base/mem_internal.h"
#include "base/text_internal.h"
#include "model/coordination_internal.h"
#include "read/names_internal.h"
#include "regiongraph/coordination.h"

/* ---- cells ----------------------------------------------------------------------------------- */

/* A number in C syntax whatever the locale (CPLStrtod ignores LC_NUMERIC). */
static int parse_number(const char *s, double *v)
{
    char *end = NULL;
    if (!*s)
        return 0;
    *v = CPLStrtod(s, &end);
    return end && *end == '\0' && end != s && isfinite(*v);
}

/* Checks a location given as two texts (either may be empty): *has_location, *lon, *lat. */
static rg_status parse_location(const char *path, size_t line, const char *lon_text,
                                const char *lat_text, int *has_location, double *lon_out,
                                double *lat_out)
{
    double lon, lat;
    *has_location = 0;
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
    *lon_out = lon;
    *lat_out = lat;
    *has_location = 1;
    return RG_OK;
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

static const char *cell_at(const void *r, size_t i)
{
    return csv_cell(r, i);
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
            rg_i_coordination_trim(&name, &n);
            if (n != strlen(r->spec[k].name) || strncasecmp(name, r->spec[k].name, n) != 0)
                continue;
            if (r->column_of[k] >= 0)
                return rg_i_error(RG_ERR_DATA, "%s: line %zu: column '%s' appears twice", r->path,
                                  r->record_line, r->spec[k].name);
            r->column_of[k] = (long)i;
        }
        if (r->column_of[k] < 0 && r->spec[k].required) {
            char cols[512];
            rg_i_list_names(cols, sizeof cols, r->ncells, cell_at, r);
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
    if (!rg_i_utf8_valid(p, n))
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
    /* "-" is standard input (a pipe from another tool); messages call it stdin */
    r.path = strcmp(path, "-") == 0 ? "stdin" : path;
    r.spec = spec;
    r.nspec = nspec;
    r.fn = fn;
    r.ctx = ctx;
    if (strcmp(path, "-") == 0) {
        fp = stdin;
    } else if ((access(path, F_OK) == 0 || errno == ELOOP) &&
               (st = rg_i_input_open(path, 0)) != RG_OK) {
        /* a FIFO, a directory, a loop named as such, the file noted; a missing file: fopen's */
        goto cleanup;
    } else if (!(fp = fopen(path, "rb"))) {
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
        st = rg_i_error(RG_ERR_IO, "%s: cannot read: %s", r.path, strerror(errno));
        goto cleanup;
    }
    if (csv_fini(&parser, csv_on_field, csv_on_record, &r) != 0) {
        if (csv_error(&parser) == CSV_ENOMEM || csv_error(&parser) == CSV_ETOOBIG)
            st = RG_I_NOMEM();
        else
            st = rg_i_error(RG_ERR_FORMAT, "%s: line %zu: unterminated quoted field", r.path,
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
    if (fp && fp != stdin)
        fclose(fp);
    free(buf);
    free(r.cells);
    free(r.cell_off);
    return st;
}

/* ---- the three files ------------------------------------------------------------------------- */

enum { MECH_ID, MECH_NAME, MECH_KIND, MECH_YEAR, MECH_SOURCE, MECH_START, MECH_END };
static const column_spec mechanism_columns[] = {
    {"id", 1}, {"name", 1}, {"kind", 0}, {"year", 0}, {"source", 0}, {"start", 0}, {"end", 0},
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

/* What the row functions need: the set being read, and the mechanisms file for messages. */
typedef struct csv_reading {
    rg_coordination *c;
    const char *mechanisms_csv;
} csv_reading;

static rg_status mechanism_row(void *ctx, const char *path, const csv_row *row)
{
    rg_coordination *c = ((csv_reading *)ctx)->c;
    const char *id = row->cell[MECH_ID];
    long prev;
    int year;
    rg_status st;
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: id is empty", path, row->line);
    if ((prev = rg_i_coordination_mechanism_index(c, id)) >= 0)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: duplicate id '%s' (first on line %zu)", path,
                          row->line, id, rg_i_coordination_mechanism_number(c, (size_t)prev));
    size_t index;
    long start, end;
    if ((st = parse_year(path, row->line, row->cell[MECH_YEAR], &year)) != RG_OK)
        return st;
    if (!rg_date_parse(row->cell[MECH_START], &start))
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: start '%s' is not a date (YYYY or "
                          "YYYY-MM-DD)", path, row->line, row->cell[MECH_START]);
    if (!rg_date_parse(row->cell[MECH_END], &end))
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: end '%s' is not a date (YYYY or "
                          "YYYY-MM-DD)", path, row->line, row->cell[MECH_END]);
    if ((st = rg_i_coordination_add_mechanism(c, id, row->cell[MECH_NAME], row->cell[MECH_KIND],
                                              year, row->cell[MECH_SOURCE], row->line, &index)) !=
        RG_OK)
        return st;
    if ((st = rg_coordination_set_dates(c, index, start, end)) != RG_OK)
        rg_i_error_prefix(st, path);
    return st;
}

static rg_status member_row(void *ctx, const char *path, const csv_row *row)
{
    const csv_reading *r = ctx;
    const char *mech_id = row->cell[MEMBER_MECHANISM], *id = row->cell[MEMBER_MEMBER];
    long m;
    size_t prev;
    if (!*mech_id)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: mechanism is empty", path, row->line);
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: member is empty", path, row->line);
    if ((m = rg_i_coordination_mechanism_index(r->c, mech_id)) < 0)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: unknown mechanism '%s' (not in %s)", path,
                          row->line, mech_id, r->mechanisms_csv);
    if ((prev = rg_i_coordination_member_number(r->c, (size_t)m, id)) != SIZE_MAX)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: mechanism '%s' lists member '%s' twice "
                          "(first on line %zu)", path, row->line, mech_id, id, prev);
    return rg_i_coordination_add_member(r->c, (size_t)m, id, RG_I_MEMBER_UNKNOWN, row->line);
}

static rg_status agency_row(void *ctx, const char *path, const csv_row *row)
{
    rg_coordination *c = ((csv_reading *)ctx)->c;
    const char *id = row->cell[AGENCY_ID], *level = row->cell[AGENCY_LEVEL];
    double lon = 0, lat = 0;
    int has_location;
    rg_status st;
    if (!*id)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: id is empty", path, row->line);
    if (!*level)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: level is empty (one of " RG_I_AGENCY_LEVELS
                          ")", path, row->line);
    if (rg_i_agency_level_index(level) < 0)
        return rg_i_error(RG_ERR_DATA, "%s: line %zu: level '%s' is not one of "
                          RG_I_AGENCY_LEVELS, path, row->line, level);
    if ((st = parse_location(path, row->line, row->cell[AGENCY_LON], row->cell[AGENCY_LAT],
                             &has_location, &lon, &lat)) != RG_OK)
        return st;
    return rg_i_coordination_add_agency_row(c, id, row->cell[AGENCY_NAME], level, has_location,
                                            lon, lat, row->cell[AGENCY_JURISDICTION], row->line,
                                            NULL);
}

/* Reads one file of the set, its rows said to come from "PATH: line N". */
static rg_status read_table(csv_reading *r, rg_i_coord_table table, const char *path,
                            const column_spec *spec, size_t nspec, csv_row_fn fn)
{
    rg_status st = rg_i_coordination_set_origin(r->c, table, path, "line");
    return st != RG_OK ? st : csv_read(path, spec, nspec, fn, r);
}

rg_status rg_coordination_read(const char *mechanisms_csv, const char *members_csv,
                               const char *agencies_csv, rg_coordination **out)
{
    csv_reading r = {NULL, mechanisms_csv};
    rg_i_coord_mark mark;
    size_t i;
    rg_status st = RG_OK;
    if (out)
        *out = NULL;
    if (!out || !mechanisms_csv || !members_csv)
        return rg_i_error(RG_ERR_ARG, "rg_coordination_read: the mechanisms and members files are "
                          "required");
    if ((st = rg_i_coordination_new(&r.c)) != RG_OK)
        goto cleanup;
    rg_i_coordination_mark(r.c, &mark);
    if ((st = read_table(&r, RG_I_COORD_MECHANISMS, mechanisms_csv, mechanism_columns,
                         sizeof mechanism_columns / sizeof *mechanism_columns, mechanism_row)) !=
        RG_OK)
        goto cleanup;
    if (agencies_csv &&
        (st = read_table(&r, RG_I_COORD_AGENCIES, agencies_csv, agency_columns,
                         sizeof agency_columns / sizeof *agency_columns, agency_row)) != RG_OK)
        goto cleanup;
    if ((st = read_table(&r, RG_I_COORD_MEMBERS, members_csv, member_columns,
                         sizeof member_columns / sizeof *member_columns, member_row)) != RG_OK ||
        (st = rg_i_coordination_finish(r.c)) != RG_OK)
        goto cleanup;
    for (i = 0; i < rg_coordination_mechanism_count(r.c); i++)
        if (rg_coordination_member_count(r.c, i) == 0)
            rg_i_warn("%s: line %zu: mechanism '%s' has no members in %s", mechanisms_csv,
                      rg_i_coordination_mechanism_number(r.c, i),
                      rg_coordination_mechanism_id(r.c, i), members_csv);
    /* Rows added later by the builder are not the files' rows. */
    rg_i_coordination_restore_origins(r.c, &mark);
    *out = r.c;
    r.c = NULL;
cleanup:
    rg_coordination_free(r.c);
    return st;
}
