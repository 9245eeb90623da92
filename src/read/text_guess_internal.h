/* Guessing the text encoding of attribute bytes that say nothing about it (a .dbf without .cpg
 * or language byte), fed value by value: the one rule of shapefile_guess.c, shared by the
 * shapelib reader and the layers GDAL reads raw (ogr_text.c). */
#ifndef RG_TEXT_GUESS_INTERNAL_H
#define RG_TEXT_GUESS_INTERNAL_H

#include <stddef.h>

/* Records (or features) looked at: enough for any real attribute table to show its encoding,
 * bounded so that opening a huge file stays quick. */
#define RG_I_GUESS_RECORDS 20000

typedef struct rg_i_text_guess {
    size_t high, in_long_runs, c1;
    int utf8, gb;
} rg_i_text_guess;

/* Starts a guess (everything still possible). */
void rg_i_text_guess_init(rg_i_text_guess *g);
/* Feeds n bytes of text (a record, or one value); runs do not continue across calls. */
void rg_i_text_guess_feed(rg_i_text_guess *g, const unsigned char *s, size_t n);
/* 1 while more bytes could change the answer (neither UTF-8 nor GB18030 ruled out yet). */
int rg_i_text_guess_open(const rg_i_text_guess *g);
/* "UTF-8" when the bytes are valid UTF-8, "GB18030" when they are valid GB18030 (GBK's superset)
 * and do not read as Latin-1 text (C1 controls, or most non-ASCII bytes in runs of four or
 * more), NULL otherwise (ISO-8859-1, as the DBF format says; also for plain ASCII). */
const char *rg_i_text_guess_result(const rg_i_text_guess *g);

#endif
