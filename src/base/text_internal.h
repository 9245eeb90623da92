/* Text primitives shared by every layer: strict UTF-8, JSON string escaping and the shortest
 * round-trip form of a double. */
#ifndef RG_TEXT_INTERNAL_H
#define RG_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Length of the longest valid UTF-8 prefix of the n bytes at s: n when all of it is valid.
 * Strict (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. Time O(n). */
size_t rg_i_utf8_valid_prefix(const char *s, size_t n);

/* 1 when the n bytes at s are valid UTF-8 (as above), else 0. */
int rg_i_utf8_valid(const char *s, size_t n);

/* Decodes one code point at s (NUL-terminated): its length in bytes (1 to 4) and *cp. An invalid
 * or truncated sequence decodes as its first byte alone, U+FFFD, length 1. */
size_t rg_i_utf8_decode(const char *s, uint32_t *cp);

/* A CSV field (RFC 4180) of text s: quoted, with doubled quotes, when it holds a comma, quote,
 * CR or LF or starts or ends with a space; NULL is an empty field. A cell a spreadsheet would
 * run as a formula (starting with =, +, -, @, tab or CR, and not a plain number such as -3.5)
 * gets a single quote in front, as OWASP advises against CSV injection. Numbers written as
 * numbers never pass here. */
void rg_i_csv_text(FILE *out, const char *s);

/* Where escaped text goes: n bytes at p. */
typedef void (*rg_i_sink)(void *sink_data, const char *p, size_t n);

/* A JSON string literal of s (RFC 8259): quotes, backslash and every control character
 * escaped (\b \f \n \r \t, others as \u00XX), valid UTF-8 as it is, and each byte of an
 * invalid sequence as U+FFFD (JSON text is UTF-8, whatever the source held). */
void rg_i_json_string_to(rg_i_sink sink, void *sink_data, const char *s);

/* rg_i_json_string_to() into a stdio stream. */
void rg_i_json_string(FILE *out, const char *s);

/* The value of the four hex digits at s (a JSON \uXXXX escape's) in *v; 0 if one is not a hex
 * digit. */
int rg_i_hex4(const char *s, unsigned *v);

/* Code point cp (at most U+10FFFF) as UTF-8 at o, which has room for 4 bytes; returns the number
 * of bytes written. */
size_t rg_i_put_utf8(char *o, unsigned cp);

/* The shortest of %.15g, %.16g and %.17g that reads back as the same double, so 0.1 stays "0.1"
 * and every value round-trips exactly. Returns the length written (snprintf's). */
int rg_i_format_real(char *buf, size_t size, double v);

/* rg_i_format_real()'s text computed in integers (real_digits.c), for 1e-15 <= |v| < 1e15, zero
 * and size >= 32; -1 for any other value (the caller then takes printf's path). */
int rg_i_format_real_digits(char *buf, size_t size, double v);

/* A JSON number for v in buf (at least 32 bytes): rg_i_format_real() with ".0" added to a value
 * that prints like an integer (GDAL, QGIS and pandas type a column by its values, and the
 * column is real), or "null" for NaN and infinities, which JSON cannot hold. Returns the
 * length. */
int rg_i_format_json_real(char *buf, size_t size, double v);

/* 1 when s ends with suffix, compared without regard to ASCII case (suffix in lower case):
 * ".SHP" ends with ".shp". */
int rg_i_ends_with_ci(const char *s, const char *suffix);

#endif
