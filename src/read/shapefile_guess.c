/* The text encoding of a .dbf that says nothing about it (no .cpg, language byte 0), guessed
 * from its bytes: UTF-8 when they are valid UTF-8, GB18030 (a superset of GBK/CP936) when they
 * are valid GB18030 and do not read as Latin-1 text, else the format's ISO-8859-1.
 */
#include <stddef.h>

#include <shapefil.h>

#include "base/text_internal.h"
#include "read/shapefile_internal.h"

/* Records looked at: enough for any real attribute table to show its encoding, bounded so that
 * opening a huge file stays quick. */
#define GUESS_RECORDS 20000

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

const char *rg_i_shapefile_guess_encoding(const rg_i_shapefile *sf)
{
    int nrec = DBFGetRecordCount(sf->dbf), len = sf->dbf->nRecordLength, i;
    size_t high = 0, in_long_runs = 0, c1 = 0;
    int utf8 = 1, gb = 1;
    for (i = 0; i < nrec && i < GUESS_RECORDS && (utf8 || gb); i++) {
        const unsigned char *rec = (const unsigned char *)DBFReadTuple(sf->dbf, i);
        size_t j, run = 0;
        if (!rec || len <= 1)
            break;
        /* the first byte is the deletion flag; numbers, dates and logicals are ASCII */
        if (utf8 && !rg_i_utf8_valid((const char *)rec + 1, (size_t)len - 1))
            utf8 = 0;
        if (gb && !gb18030_valid(rec + 1, (size_t)len - 1))
            gb = 0;
        for (j = 1; j <= (size_t)len; j++) {
            if (j < (size_t)len && rec[j] >= 0x80) {
                high++;
                c1 += rec[j] < 0xA0;
                run++;
                continue;
            }
            if (run >= 4)
                in_long_runs += run;
            run = 0;
        }
    }
    if (high == 0)
        return NULL; /* ASCII: any reading gives the same text */
    if (utf8)
        return "UTF-8";
    /* Latin-1 text has its accented letters one or two at a time between ASCII letters and no
     * C1 controls (0x80-0x9F); Chinese in GBK is runs of two-byte characters. */
    if (gb && (c1 > 0 || 2 * in_long_runs >= high))
        return "GB18030";
    return NULL;
}
