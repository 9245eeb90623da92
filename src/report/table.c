/* Aligned tables for terminals and Markdown, and the JSON/CSV value writers of the reports.
 *
 * Alignment is by display width, not bytes or code points: a Chinese name of three characters
 * is nine bytes, three code points and six terminal columns. The width tables are our own (the
 * East Asian Width property, Wide and Fullwidth, of Unicode 14) rather than wcwidth(3), whose
 * answer depends on the locale: under LANG=C it calls every CJK character unprintable. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem_internal.h"
#include "report/table_internal.h"

typedef struct range {
    uint32_t first, last;
} range;

/* East Asian Width W and F (UAX #11), consecutive assigned ranges merged; the unassigned code
 * points of the CJK blocks count as wide as UAX #11 recommends, so a newer ideograph than our
 * table still lines up. */
static const range wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x3247},   {0x3250, 0x4DBF},   {0x4E00, 0xA4CF},   {0xA960, 0xA97F},
    {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF01, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x1B2FF}, {0x1F004, 0x1F004},
    {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F320},
    {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
    {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
    {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
    {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
    {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7F0},
    {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/* Combining marks and zero-width format characters: drawn on the previous character. Checked
 * before the wide table (the kana voicing marks U+3099/309A are in both). */
static const range zero[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
    {0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D},
    {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0xE0001, 0xE007F}, {0xE0100, 0xE01EF},
};

static int in_ranges(const range *r, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].first)
            hi = mid;
        else if (cp > r[mid].last)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

int rg_i_codepoint_width(uint32_t cp)
{
    if (cp < 0x300)
        return 1;
    if (in_ranges(zero, sizeof zero / sizeof zero[0], cp))
        return 0;
    return in_ranges(wide, sizeof wide / sizeof wide[0], cp) ? 2 : 1;
}

size_t rg_i_display_width(const char *s)
{
    size_t width = 0;
    while (*s) {
        uint32_t cp;
        s += rg_i_utf8_decode(s, &cp);
        width += cp < 0x20 || cp == 0x7F ? 1 : (size_t)rg_i_codepoint_width(cp);
    }
    return width;
}

/* A growing string. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

static int sbuf_put(sbuf *b, const char *s, size_t n)
{
    if (!rg_i_reserve((void **)&b->s, &b->cap, b->len + n + 1, 1))
        return 0;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 1;
}

static int sbuf_repeat(sbuf *b, char c, size_t n)
{
    if (!rg_i_reserve((void **)&b->s, &b->cap, b->len + n + 1, 1))
        return 0;
    memset(b->s + b->len, c, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 1;
}

/* Appends s sanitised for a cell, at most width columns (0: all of it), with ".." when cut;
 * escape_pipe escapes '|' for Markdown. Adds the columns written to *used. */
static int sbuf_put_cell(sbuf *b, const char *s, size_t width, int escape_pipe, size_t *used)
{
    size_t total = rg_i_display_width(s), budget, w = 0;
    int cut = width > 0 && total > width;
    budget = !cut ? (size_t)-1 : width >= 2 ? width - 2 : width;
    while (*s) {
        uint32_t cp;
        size_t n = rg_i_utf8_decode(s, &cp);
        size_t cw = cp < 0x20 || cp == 0x7F ? 1 : (size_t)rg_i_codepoint_width(cp);
        int ok;
        if (w + cw > budget)
            break;
        if (cp < 0x20 || cp == 0x7F)
            ok = sbuf_put(b, " ", 1);
        else if (cp == 0xFFFD && n == 1)
            ok = sbuf_put(b, "?", 1);
        else if (escape_pipe && cp == '|') {
            ok = sbuf_put(b, "\\|", 2);
            cw = 2;
        } else
            ok = sbuf_put(b, s, n);
        if (!ok)
            return 0;
        w += cw;
        s += n;
    }
    if (cut && width >= 2) {
        if (!sbuf_put(b, "..", 2))
            return 0;
        w += 2;
    }
    *used += w;
    return 1;
}

char *rg_i_fit_width(const char *s, size_t width)
{
    sbuf b = {NULL, 0, 0};
    size_t used = 0;
    if (!sbuf_put(&b, "", 0) || !sbuf_put_cell(&b, s, width, 0, &used)) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

struct rg_i_table {
    size_t ncols;
    char **headers;
    rg_i_align *align;
    size_t *min_width;
    char **cells; /* row-major */
    size_t ncells, cap;
};

rg_status rg_i_table_new(size_t ncols, rg_i_table **out)
{
    rg_i_table *t = NULL;
    rg_status st = RG_OK;
    *out = NULL;
    if (!(t = calloc(1, sizeof *t)) || !(t->headers = rg_i_calloc_array(ncols, sizeof *t->headers)) ||
        !(t->align = rg_i_calloc_array(ncols, sizeof *t->align)) ||
        !(t->min_width = rg_i_calloc_array(ncols, sizeof *t->min_width))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    t->ncols = ncols;
    *out = t;
    t = NULL;
cleanup:
    rg_i_table_free(t);
    return st;
}

void rg_i_table_free(rg_i_table *table)
{
    size_t k;
    if (!table)
        return;
    if (table->headers)
        for (k = 0; k < table->ncols; k++)
            free(table->headers[k]);
    for (k = 0; k < table->ncells; k++)
        free(table->cells[k]);
    free(table->headers);
    free(table->align);
    free(table->min_width);
    free(table->cells);
    free(table);
}

rg_status rg_i_table_column(rg_i_table *table, size_t col, const char *header, rg_i_align align,
                            size_t min_width)
{
    char *copy = rg_i_strdup(header ? header : "");
    if (!copy)
        return rg_i_error(RG_ERR_NOMEM, "out of memory");
    free(table->headers[col]);
    table->headers[col] = copy;
    table->align[col] = align;
    table->min_width[col] = min_width;
    return RG_OK;
}

rg_status rg_i_table_add(rg_i_table *table, const char *cell)
{
    char *copy = rg_i_strdup(cell ? cell : "");
    if (!copy || !rg_i_reserve((void **)&table->cells, &table->cap, table->ncells + 1,
                               sizeof *table->cells)) {
        free(copy);
        return rg_i_error(RG_ERR_NOMEM, "out of memory");
    }
    table->cells[table->ncells++] = copy;
    return RG_OK;
}

rg_status rg_i_table_addf(rg_i_table *table, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return rg_i_table_add(table, buf);
}

size_t rg_i_table_rows(const rg_i_table *table)
{
    return table->ncols ? table->ncells / table->ncols : 0;
}

static const char *cell_at(const rg_i_table *t, size_t row, size_t col)
{
    /* Row 0 is the header; a short last row reads as empty cells. */
    size_t k;
    if (row == 0)
        return t->headers[col] ? t->headers[col] : "";
    k = (row - 1) * t->ncols + col;
    return k < t->ncells ? t->cells[k] : "";
}

/* Natural widths of the columns (header included), in display columns. */
static size_t *natural_widths(const rg_i_table *t, int markdown)
{
    size_t *w = rg_i_calloc_array(t->ncols ? t->ncols : 1, sizeof *w);
    size_t nrows = (t->ncells + t->ncols - 1) / (t->ncols ? t->ncols : 1), row, col;
    if (!w)
        return NULL;
    for (row = 0; row <= nrows; row++)
        for (col = 0; col < t->ncols; col++) {
            const char *s = cell_at(t, row, col), *p;
            size_t cw = rg_i_display_width(s);
            if (markdown)
                for (p = s; (p = strchr(p, '|')) != NULL; p++)
                    cw++;
            if (cw > w[col])
                w[col] = cw;
        }
    return w;
}

/* Writes line without its trailing spaces, then a newline. */
static void put_line(FILE *out, sbuf *line)
{
    while (line->len > 0 && line->s[line->len - 1] == ' ')
        line->len--;
    fwrite(line->s, 1, line->len, out);
    fputc('\n', out);
    line->len = 0;
}

static int put_padded(sbuf *line, const char *cell, size_t width, rg_i_align align, int markdown)
{
    sbuf tmp = {NULL, 0, 0};
    size_t used = 0;
    int ok = sbuf_put(&tmp, "", 0) && sbuf_put_cell(&tmp, cell, markdown ? 0 : width, markdown, &used);
    if (ok && align == RG_I_ALIGN_RIGHT && used < width)
        ok = sbuf_repeat(line, ' ', width - used);
    ok = ok && sbuf_put(line, tmp.s, tmp.len);
    if (ok && align == RG_I_ALIGN_LEFT && used < width)
        ok = sbuf_repeat(line, ' ', width - used);
    free(tmp.s);
    return ok;
}

rg_status rg_i_table_write_text(const rg_i_table *table, FILE *out, const char *indent,
                                size_t max_width)
{
    size_t *w = NULL, total, col, row, nrows = rg_i_table_rows(table);
    size_t indent_width = indent ? rg_i_display_width(indent) : 0;
    sbuf line = {NULL, 0, 0};
    rg_status st = RG_OK;

    if (table->ncols == 0)
        goto cleanup;
    if (table->ncells % table->ncols)
        nrows++;
    if (!(w = natural_widths(table, 0)))
        goto nomem;
    total = indent_width + 2 * (table->ncols - 1);
    for (col = 0; col < table->ncols; col++)
        total += w[col];
    while (max_width > 0 && total > max_width) {
        size_t pick = table->ncols;
        for (col = 0; col < table->ncols; col++)
            if (table->min_width[col] > 0 && w[col] > table->min_width[col] &&
                (pick == table->ncols || w[col] > w[pick]))
                pick = col;
        if (pick == table->ncols)
            break;
        w[pick]--;
        total--;
    }
    for (row = 0; row <= nrows; row++) {
        if (indent && !sbuf_put(&line, indent, strlen(indent)))
            goto nomem;
        for (col = 0; col < table->ncols; col++) {
            if (col && !sbuf_put(&line, "  ", 2))
                goto nomem;
            if (!put_padded(&line, cell_at(table, row, col), w[col], table->align[col], 0))
                goto nomem;
        }
        put_line(out, &line);
        if (row == 0) {
            if (indent && !sbuf_put(&line, indent, strlen(indent)))
                goto nomem;
            for (col = 0; col < table->ncols; col++)
                if ((col && !sbuf_put(&line, "  ", 2)) || !sbuf_repeat(&line, '-', w[col]))
                    goto nomem;
            put_line(out, &line);
        }
    }
    goto cleanup;
nomem:
    st = rg_i_error(RG_ERR_NOMEM, "out of memory");
cleanup:
    free(w);
    free(line.s);
    return st;
}

rg_status rg_i_table_write_markdown(const rg_i_table *table, FILE *out)
{
    size_t *w = NULL, col, row, nrows = rg_i_table_rows(table);
    sbuf line = {NULL, 0, 0};
    rg_status st = RG_OK;

    if (table->ncols == 0)
        goto cleanup;
    if (table->ncells % table->ncols)
        nrows++;
    if (!(w = natural_widths(table, 1)))
        goto nomem;
    for (col = 0; col < table->ncols; col++)
        if (w[col] < 3) /* the alignment row needs at least "---" */
            w[col] = 3;
    for (row = 0; row <= nrows; row++) {
        if (!sbuf_put(&line, "|", 1))
            goto nomem;
        for (col = 0; col < table->ncols; col++)
            if (!sbuf_put(&line, " ", 1) ||
                !put_padded(&line, cell_at(table, row, col), w[col], table->align[col], 1) ||
                !sbuf_put(&line, " |", 2))
                goto nomem;
        put_line(out, &line);
        if (row == 0) {
            if (!sbuf_put(&line, "|", 1))
                goto nomem;
            for (col = 0; col < table->ncols; col++) {
                int right = table->align[col] == RG_I_ALIGN_RIGHT;
                if (!sbuf_put(&line, " ", 1) || !sbuf_repeat(&line, '-', w[col] - (size_t)right) ||
                    (right && !sbuf_put(&line, ":", 1)) || !sbuf_put(&line, " |", 2))
                    goto nomem;
            }
            put_line(out, &line);
        }
    }
    goto cleanup;
nomem:
    st = rg_i_error(RG_ERR_NOMEM, "out of memory");
cleanup:
    free(w);
    free(line.s);
    return st;
}

void rg_i_json_string_or_null(FILE *out, const char *s)
{
    if (s)
        rg_i_json_string(out, s);
    else
        fputs("null", out);
}

void rg_i_json_real(FILE *out, double v)
{
    char buf[40];
    rg_i_format_json_real(buf, sizeof buf, v);
    fputs(buf, out);
}

void rg_i_csv_field(FILE *out, const char *s)
{
    rg_i_csv_text(out, s); /* RFC 4180 quoting, spreadsheet formulas neutralised */
}

void rg_i_csv_real(FILE *out, double v)
{
    char buf[40];
    if (!isfinite(v))
        return;
    rg_i_format_real(buf, sizeof buf, v);
    fputs(buf, out);
}
