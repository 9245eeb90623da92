/* Text primitives: strict UTF-8 validation and decoding, JSON string escaping, and the shortest
 * text of a double that reads back as the same double. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_internal.h"

/* The allowed range of the second byte of a sequence led by c, and the sequence's length - 1;
 * 0 for a byte that cannot lead one. */
static size_t utf8_lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        return 1;
    if (c >= 0xE0 && c <= 0xEF) {
        if (c == 0xE0)
            *lo = 0xA0;
        else if (c == 0xED)
            *hi = 0x9F; /* no surrogates */
        return 2;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (c == 0xF0)
            *lo = 0x90;
        else if (c == 0xF4)
            *hi = 0x8F; /* nothing above U+10FFFF */
        return 3;
    }
    return 0;
}

size_t rg_i_utf8_valid_prefix(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned char lo, hi;
        size_t need, k;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        if (!(need = utf8_lead(s[i], &lo, &hi)) || n - i <= need || s[i + 1] < lo ||
            s[i + 1] > hi)
            return i;
        for (k = 2; k <= need; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        i += need + 1;
    }
    return n;
}

int rg_i_utf8_valid(const char *s, size_t n)
{
    return rg_i_utf8_valid_prefix(s, n) == n;
}

size_t rg_i_utf8_decode(const char *s, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char lo, hi;
    size_t need, k;
    uint32_t c;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    need = utf8_lead(u[0], &lo, &hi);
    if (!need || u[1] < lo || u[1] > hi)
        goto invalid;
    c = u[0] & (0x3F >> need);
    for (k = 1; k <= need; k++) {
        if (u[k] < 0x80 || u[k] > 0xBF)
            goto invalid;
        c = (c << 6) | (u[k] & 0x3F);
    }
    *cp = c;
    return need + 1;
invalid:
    *cp = 0xFFFD;
    return 1;
}

void rg_i_json_string_to(rg_i_sink sink, void *sink_data, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const char *run = s;
    sink(sink_data, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[6] = {'\\', 0, '0', '0', 0, 0};
        size_t n = 2;
        if (c >= 0x80) {
            /* valid UTF-8 passes; an invalid byte becomes U+FFFD, so the text stays UTF-8 */
            uint32_t cp;
            size_t len = rg_i_utf8_decode(s, &cp);
            if (len > 1 || cp != 0xFFFD) {
                s += len - 1;
                continue;
            }
            if (s > run)
                sink(sink_data, run, (size_t)(s - run));
            run = s + 1;
            sink(sink_data, "\xEF\xBF\xBD", 3);
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (s > run)
            sink(sink_data, run, (size_t)(s - run));
        run = s + 1;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        }
        sink(sink_data, esc, n);
    }
    if (s > run)
        sink(sink_data, run, (size_t)(s - run));
    sink(sink_data, "\"", 1);
}

static void file_sink(void *out, const char *p, size_t n)
{
    fwrite(p, 1, n, (FILE *)out);
}

void rg_i_json_string(FILE *out, const char *s)
{
    rg_i_json_string_to(file_sink, out, s);
}

int rg_i_format_real(char *buf, size_t size, double v)
{
    /* Fixed formats, not "%.*g": glibc takes its much slower positional path for a precision
     * given as an argument, and numbers are a good part of every export. */
    static const char *const formats[] = {"%.15g", "%.16g", "%.17g"};
    int k, n = 0;
    /* An integer of at most 15 digits prints as itself under %.15g and round-trips: no printf
     * needed (counts, years, rounded figures). -0 and 0 keep printf's spelling. */
    if (v != 0 && v > -1e15 && v < 1e15 && v == (double)(int64_t)v && size >= 17) {
        int64_t i = (int64_t)v;
        uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
        char digits[16];
        int d = 0;
        while (u) {
            digits[d++] = (char)('0' + u % 10);
            u /= 10;
        }
        if (i < 0)
            buf[n++] = '-';
        while (d)
            buf[n++] = digits[--d];
        buf[n] = '\0';
        return n;
    }
    if ((n = rg_i_format_real_digits(buf, size, v)) >= 0)
        return n;
    for (k = 0; k < 3; k++) {
        n = snprintf(buf, size, formats[k], v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return n;
}

int rg_i_format_json_real(char *buf, size_t size, double v)
{
    int n;
    if (!isfinite(v))
        return snprintf(buf, size, "null");
    n = rg_i_format_real(buf, size, v);
    if (n > 0 && (size_t)n + 2 < size && !strpbrk(buf, ".e"))
        n += snprintf(buf + n, size - (size_t)n, ".0");
    return n;
}

int rg_i_ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix), k;
    if (n < m)
        return 0;
    for (k = 0; k < m; k++) {
        char a = s[n - m + k], b = suffix[k];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

/* A spreadsheet formula: a cell starting with = + - @ tab or CR that is not just a number. */
static int formula_risk(const char *s)
{
    char *end;
    if (!strchr("=+-@\t\r", s[0]) || !s[0])
        return 0;
    if (s[0] == '=' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
        return 1;
    (void)strtod(s, &end); /* "-3.5", "+2", "-1e3" stay numbers */
    return end == s || *end != '\0' || strpbrk(s, "xXpP(") != NULL || strcspn(s, "0123456789") == strlen(s);
}

void rg_i_csv_text(FILE *out, const char *s)
{
    size_t n;
    int quote = 0;
    if (!s)
        return;
    n = strlen(s);
    quote = strpbrk(s, ",\"\r\n") || (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
    if (quote)
        fputc('"', out);
    if (formula_risk(s))
        fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    if (quote)
        fputc('"', out);
}

int rg_i_hex4(const char *s, unsigned *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        *v <<= 4;
        if (c >= '0' && c <= '9')
            *v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            *v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            *v |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    return 1;
}

size_t rg_i_put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
