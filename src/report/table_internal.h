/* Report building blocks: terminal display width of UTF-8 text, an aligned table that fits a
 * terminal width (also written as Markdown), and the JSON and CSV value writers the reports
 * share. Everything writes to a caller's FILE; write errors are left in the stream's error
 * flag for the caller to check once at the end (ferror). */
#ifndef RG_TABLE_INTERNAL_H
#define RG_TABLE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error_internal.h"
#include "base/text_internal.h"
#include "regiongraph/status.h"

/* Columns a code point takes on a terminal: 2 for East Asian Wide and Fullwidth characters
 * (CJK ideographs, kana, Hangul, fullwidth forms, wide emoji), 0 for combining marks and
 * zero-width format characters, 1 otherwise. Fixed tables, independent of the locale, so a
 * report looks the same whatever LANG says. O(log ranges). */
int rg_i_codepoint_width(uint32_t cp);


/* Display width of UTF-8 text (control characters count 1: they are shown as spaces). O(len). */
size_t rg_i_display_width(const char *s);

/* A copy of s for one table cell: control characters (tabs, newlines) become spaces, invalid
 * bytes become '?', and when the text is wider than width columns it is cut at a character
 * boundary and ends with ".." (ASCII: its width is the same on every terminal), the whole at
 * most width columns. width 0 means no limit. The caller frees; NULL when out of memory. */
char *rg_i_fit_width(const char *s, size_t width);

typedef enum rg_i_align { RG_I_ALIGN_LEFT = 0, RG_I_ALIGN_RIGHT = 1 } rg_i_align;

typedef struct rg_i_table rg_i_table;

/* A table of ncols columns, with no rows. */
rg_status rg_i_table_new(size_t ncols, rg_i_table **out);
void rg_i_table_free(rg_i_table *table);

/* Sets column col's header and alignment. min_width > 0 lets the column shrink down to that
 * many columns (its cells cut with "..") when the table is too wide; 0 keeps it at its natural
 * width. */
rg_status rg_i_table_column(rg_i_table *table, size_t col, const char *header, rg_i_align align,
                            size_t min_width);

/* Appends the next cell, row by row (ncols cells make a row). NULL is an empty cell. */
rg_status rg_i_table_add(rg_i_table *table, const char *cell);
rg_status rg_i_table_addf(rg_i_table *table, const char *fmt, ...) RG_I_PRINTF(2, 3);

size_t rg_i_table_rows(const rg_i_table *table);

/* Writes the table as aligned text: each line starts with indent, columns are separated by two
 * spaces, the header is underlined with '-'. When a line would be wider than max_width display
 * columns (0: no limit), shrinkable columns are narrowed one column at a time, always the widest
 * first, until it fits or none can shrink further. Lines carry no trailing spaces.
 * Time O(cells * cell length + excess * columns). */
rg_status rg_i_table_write_text(const rg_i_table *table, FILE *out, const char *indent,
                                size_t max_width);

/* Writes the table as a GitHub-flavoured Markdown table ('|' in cells escaped, alignment row
 * from the column alignments, cells padded to line up when read as text). Nothing is cut. */
rg_status rg_i_table_write_markdown(const rg_i_table *table, FILE *out);

/* A JSON number that reads back as the same double (shortest of %.15g..%.17g); null for NaN and
 * infinities, which JSON cannot hold. */
void rg_i_json_real(FILE *out, double v);
/* A JSON string, or null for NULL. */
void rg_i_json_string_or_null(FILE *out, const char *s);

/* A CSV field per RFC 4180: quoted (with doubled quotes) when it holds a comma, quote, CR or LF
 * or starts or ends with a space; NULL is an empty field; a text that a spreadsheet would run
 * as a formula starts with a single quote (rg_i_csv_text). */
void rg_i_csv_field(FILE *out, const char *s);
/* A real as a CSV field, shortest round-trip form; empty for NaN and infinities. */
void rg_i_csv_real(FILE *out, double v);

#endif
