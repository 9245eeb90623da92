/* The text encoding of a .dbf that says nothing about it (no .cpg, language byte 0), guessed
 * from its bytes: UTF-8 when they are valid UTF-8, GB18030 (a superset of GBK/CP936) when they
 * are valid GB18030 and do not read as Latin-1 text, else the format's ISO-8859-1.
 */
#include <stddef.h>

#include <shapefil.h>

#include "base/text_internal.h"
#include "read/shapefile_internal.h"
#include "read/text_guess_internal.h"

/* Length of the GB18030 character at s (n bytes left), 0 when it is not one. */
static size_t gb18030_char(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    if (s[0] == 0x80 || s[0] == 0xFF || n < 2)
        return 0;
    if (s[1] >= 0x40 && s[1] <= 0xFE && s[1] != 0x7F)
        return 2;
    if (s[1] >= 0x30 && s[1] <= 0x39 && n >= 4 && s[2] >= 0x81 && s[2] <= 0xFE && s[3] >= 0x30 &&
        s[3] <= 0x39)
        return 4;
    return 0;
}

static int gb18030_valid(const unsigned char *s, size_t n)
{
    size_t i = 0, k;
    while (i < n) {
        if (!(k = gb18030_char(s + i, n - i)))
            return 0;
        i += k;
    }
    return 1;
}

void rg_i_text_guess_init(rg_i_text_guess *g)
{
    g->high = g->in_long_runs = g->c1 = 0;
    g->utf8 = g->gb = 1;
}

int rg_i_text_guess_open(const rg_i_text_guess *g)
{
    return g->utf8 || g->gb;
}

void rg_i_text_guess_feed(rg_i_text_guess *g, const unsigned char *s, size_t n)
{
    size_t j, run = 0;
    if (g->utf8 && !rg_i_utf8_valid((const char *)s, n))
        g->utf8 = 0;
    if (g->gb && !gb18030_valid(s, n))
        g->gb = 0;
    for (j = 0; j <= n; j++) {
        if (j < n && s[j] >= 0x80) {
            g->high++;
            g->c1 += s[j] < 0xA0;
            run++;
            continue;
        }
        if (run >= 4)
            g->in_long_runs += run;
        run = 0;
    }
}

const char *rg_i_text_guess_result(const rg_i_text_guess *g)
{
    if (g->high == 0)
        return NULL; /* ASCII: any reading gives the same text */
    if (g->utf8)
        return "UTF-8";
    /* Latin-1 text has its accented letters one or two at a time between ASCII letters and no
     * C1 controls (0x80-0x9F); Chinese in GBK is runs of two-byte characters. */
    if (g->gb && (g->c1 > 0 || 2 * g->in_long_runs >= g->high))
        return "GB18030";
    return NULL;
}

const char *rg_i_shapefile_guess_encoding(const rg_i_shapefile *sf)
{
    int nrec = DBFGetRecordCount(sf->dbf), len = sf->dbf->nRecordLength, i;
    rg_i_text_guess g;
    rg_i_text_guess_init(&g);
    for (i = 0; i < nrec && i < RG_I_GUESS_RECORDS && rg_i_text_guess_open(&g); i++) {
        const unsigned char *rec = (const unsigned char *)DBFReadTuple(sf->dbf, i);
        if (!rec || len <= 1)
            break;
        /* the first byte is the deletion flag; numbers, dates and logicals are ASCII */
        rg_i_text_guess_feed(&g, rec + 1, (size_t)len - 1);
    }
    return rg_i_text_guess_result(&g);
}
