/* Text decoding to UTF-8 through iconv: the encodings of .dbf files and CSVs. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "base/encoding_internal.h"
#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/text_internal.h"

struct rg_i_decoder {
    iconv_t cd;           /* (iconv_t)-1 when the source is UTF-8: validation only */
    int ascii_compatible; /* bytes 0x01-0x7F decode to themselves: pure ASCII skips iconv */
    char name[64];
};

/* Code pages that .cpg files give as bare numbers (Windows code page ids, as ArcGIS writes
 * them). GB2312 (20936) is decoded as GBK: GBK is a superset, and files labelled GB2312 often
 * hold GBK-only characters. */
static const struct {
    int number;
    const char *iconv_name;
} numeric_code_pages[] = {
    {65001, "UTF-8"},    {936, "CP936"},       {20936, "CP936"},      {54936, "GB18030"},
    {950, "CP950"},      {932, "CP932"},       {949, "CP949"},        {874, "CP874"},
    {437, "CP437"},      {737, "CP737"},       {775, "CP775"},        {850, "CP850"},
    {852, "CP852"},      {855, "CP855"},       {857, "CP857"},        {860, "CP860"},
    {861, "CP861"},      {862, "CP862"},       {863, "CP863"},        {864, "CP864"},
    {865, "CP865"},      {866, "CP866"},       {869, "CP869"},        {1250, "CP1250"},
    {1251, "CP1251"},    {1252, "CP1252"},     {1253, "CP1253"},      {1254, "CP1254"},
    {1255, "CP1255"},    {1256, "CP1256"},     {1257, "CP1257"},      {1258, "CP1258"},
    {20866, "KOI8-R"},   {21866, "KOI8-U"},    {10000, "MACINTOSH"},  {10007, "MAC-CYRILLIC"},
    {10029, "MAC-CENTRALEUROPE"}, {51932, "EUC-JP"}, {51949, "EUC-KR"}, {28591, "ISO-8859-1"},
    {28592, "ISO-8859-2"}, {28593, "ISO-8859-3"}, {28594, "ISO-8859-4"}, {28595, "ISO-8859-5"},
    {28596, "ISO-8859-6"}, {28597, "ISO-8859-7"}, {28598, "ISO-8859-8"}, {28599, "ISO-8859-9"},
    {28603, "ISO-8859-13"}, {28605, "ISO-8859-15"},
    /* ArcGIS writes ISO 8859 parts as 8859n ("88591") */
    {88591, "ISO-8859-1"}, {88592, "ISO-8859-2"}, {88593, "ISO-8859-3"}, {88594, "ISO-8859-4"},
    {88595, "ISO-8859-5"}, {88596, "ISO-8859-6"}, {88597, "ISO-8859-7"}, {88598, "ISO-8859-8"},
    {88599, "ISO-8859-9"}, {885910, "ISO-8859-10"}, {885911, "ISO-8859-11"},
    {885913, "ISO-8859-13"}, {885914, "ISO-8859-14"}, {885915, "ISO-8859-15"},
    {885916, "ISO-8859-16"},
};

/* Names written in .cpg files that differ from what iconv calls the same encoding. */
static const struct {
    const char *label;
    const char *iconv_name;
} named_code_pages[] = {
    {"UTF8", "UTF-8"},     {"UTF-8", "UTF-8"},   {"UTF_8", "UTF-8"},  {"GBK", "CP936"},
    {"CP936", "CP936"},    {"MS936", "CP936"},   {"WINDOWS-936", "CP936"}, {"GB2312", "CP936"},
    {"EUC-CN", "CP936"},   {"GB18030", "GB18030"}, {"BIG5", "CP950"}, {"BIG-5", "CP950"},
    {"SHIFT_JIS", "CP932"}, {"SHIFT-JIS", "CP932"}, {"SJIS", "CP932"}, {"LATIN1", "ISO-8859-1"},
    {"ASCII", "ISO-8859-1"}, {"US-ASCII", "ISO-8859-1"},
};

/* dBase language driver ids (DBF header byte 29) of the code pages in use. 0x57 is what ESRI
 * writes for "ANSI", i.e. the Windows code page of the writing machine; Western data is the
 * common case, hence CP1252. */
static const struct {
    int ldid;
    const char *iconv_name;
} ldids[] = {
    {0x01, "CP437"}, {0x02, "CP850"}, {0x03, "CP1252"}, {0x04, "MACINTOSH"}, {0x08, "CP865"},
    {0x09, "CP437"}, {0x0A, "CP850"}, {0x0B, "CP437"}, {0x0D, "CP437"}, {0x0E, "CP850"},
    {0x0F, "CP437"}, {0x10, "CP850"}, {0x11, "CP437"}, {0x12, "CP850"}, {0x13, "CP932"},
    {0x14, "CP850"}, {0x15, "CP437"}, {0x16, "CP850"}, {0x17, "CP865"}, {0x18, "CP437"},
    {0x19, "CP437"}, {0x1A, "CP850"}, {0x1B, "CP437"}, {0x1C, "CP863"}, {0x1D, "CP850"},
    {0x1F, "CP852"}, {0x22, "CP852"}, {0x23, "CP852"}, {0x24, "CP860"}, {0x25, "CP850"},
    {0x26, "CP866"}, {0x37, "CP850"}, {0x40, "CP852"}, {0x4D, "CP936"}, {0x4E, "CP949"},
    {0x4F, "CP950"}, {0x50, "CP874"}, {0x57, "CP1252"}, {0x58, "CP1252"}, {0x59, "CP1252"},
    {0x64, "CP852"}, {0x65, "CP866"}, {0x66, "CP865"}, {0x67, "CP861"}, {0x6A, "CP737"},
    {0x6B, "CP857"}, {0x6C, "CP863"}, {0x78, "CP950"}, {0x79, "CP949"}, {0x7A, "CP936"},
    {0x7B, "CP932"}, {0x7C, "CP874"}, {0x7D, "CP1255"}, {0x7E, "CP1256"}, {0x86, "CP737"},
    {0x87, "CP852"}, {0x88, "CP857"}, {0x96, "MAC-CYRILLIC"}, {0x97, "MAC-CENTRALEUROPE"},
    {0xC8, "CP1250"}, {0xC9, "CP1251"}, {0xCA, "CP1254"}, {0xCB, "CP1253"}, {0xCC, "CP1257"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *rg_i_encoding_from_ldid(int ldid)
{
    size_t k;
    for (k = 0; k < COUNT(ldids); k++)
        if (ldids[k].ldid == ldid)
            return ldids[k].iconv_name;
    return NULL;
}

static int iconv_knows(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    return 1;
}

const char *rg_i_encoding_from_cpg(const char *cpg, char *buf, size_t bufsize)
{
    char label[64];
    const char *s = cpg, *end;
    size_t len, k;
    char *digits_end;
    long number;
    if (!cpg || bufsize == 0)
        return NULL;
    /* .cpg files are one line, often with a trailing newline or a UTF-8 BOM */
    if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
        s += 3;
    while (isspace((unsigned char)*s))
        s++;
    end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        end--;
    len = (size_t)(end - s);
    if (len == 0 || len >= sizeof label)
        return NULL;
    for (k = 0; k < len; k++)
        label[k] = (char)toupper((unsigned char)s[k]);
    label[len] = '\0';

    if (strncmp(label, "LDID/", 5) == 0) {
        number = strtol(label + 5, &digits_end, 10);
        return *digits_end == '\0' && digits_end != label + 5 ? rg_i_encoding_from_ldid((int)number)
                                                              : NULL;
    }
    /* "ANSI 1252", "CP1252", "WINDOWS-1252", "8859_1", "ISO 88591": the number decides */
    {
        const char *num = label;
        char compact[64];
        size_t j = 0;
        if (strncmp(num, "ANSI ", 5) == 0)
            num += 5;
        else if (strncmp(num, "CP", 2) == 0 && isdigit((unsigned char)num[2]))
            num += 2;
        else if (strncmp(num, "WINDOWS-", 8) == 0)
            num += 8;
        else if (strncmp(num, "ISO", 3) == 0 && strstr(num, "8859"))
            num += 3;
        for (; *num; num++)
            if (*num != ' ' && *num != '_' && *num != '-')
                compact[j++] = *num;
        compact[j] = '\0';
        if (j > 0 && strspn(compact, "0123456789") == j) {
            number = strtol(compact, NULL, 10);
            for (k = 0; k < COUNT(numeric_code_pages); k++)
                if (numeric_code_pages[k].number == number)
                    return numeric_code_pages[k].iconv_name;
            return NULL;
        }
    }
    for (k = 0; k < COUNT(named_code_pages); k++)
        if (strcmp(label, named_code_pages[k].label) == 0)
            return named_code_pages[k].iconv_name;
    /* "ANSI", "OEM" and "SYSTEM" mean the writer's locale, which we cannot know. */
    if (strcmp(label, "ANSI") == 0 || strcmp(label, "OEM") == 0 || strcmp(label, "SYSTEM") == 0)
        return NULL;
    /* Any other name iconv understands (KOI8-R, EUC-JP, ISO-8859-5...) is taken as it is. */
    if (strspn(label, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") != len || len >= bufsize ||
        !iconv_knows(label))
        return NULL;
    memcpy(buf, label, len + 1);
    return buf;
}

rg_status rg_i_decoder_new(const char *encoding, rg_i_decoder **out)
{
    rg_i_decoder *d = NULL;
    rg_status st = RG_OK;
    size_t k, len;
    *out = NULL;
    if (!encoding || !*encoding || (len = strlen(encoding)) >= sizeof d->name)
        return rg_i_error(RG_ERR_ENCODING, "unknown text encoding '%s'", encoding ? encoding : "");
    if (!(d = calloc(1, sizeof *d)))
        return RG_I_NOMEM();
    for (k = 0; k <= len; k++)
        d->name[k] = (char)toupper((unsigned char)encoding[k]);
    d->cd = (iconv_t)-1;
    if (strcmp(d->name, "UTF-8") == 0 || strcmp(d->name, "UTF8") == 0) {
        strcpy(d->name, "UTF-8");
        d->ascii_compatible = 1;
    } else {
        char ascii[127], utf8[512];
        char *in = ascii, *outp = utf8;
        size_t inleft = sizeof ascii, outleft = sizeof utf8;
        d->cd = iconv_open("UTF-8", d->name);
        if (d->cd == (iconv_t)-1) {
            st = rg_i_error(RG_ERR_ENCODING, "unknown text encoding '%s'", encoding);
            goto cleanup;
        }
        /* Most code pages keep ASCII as it is, but not all (Shift_JIS variants map 0x5C to
         * the yen sign, EBCDIC is another world): test rather than assume. */
        for (k = 0; k < sizeof ascii; k++)
            ascii[k] = (char)(k + 1);
        d->ascii_compatible = iconv(d->cd, &in, &inleft, &outp, &outleft) != (size_t)-1 &&
                              inleft == 0 && outp - utf8 == (ptrdiff_t)sizeof ascii &&
                              memcmp(ascii, utf8, sizeof ascii) == 0;
    }
    *out = d;
    d = NULL;
cleanup:
    rg_i_decoder_free(d);
    return st;
}

void rg_i_decoder_free(rg_i_decoder *d)
{
    if (!d)
        return;
    if (d->cd != (iconv_t)-1)
        iconv_close(d->cd);
    free(d);
}

const char *rg_i_decoder_name(const rg_i_decoder *d)
{
    return d->name;
}

rg_status rg_i_decode(rg_i_decoder *d, const char *bytes, size_t len, char **out)
{
    const char *nul;
    char *buf = NULL;
    size_t k, cap;
    rg_status st = RG_OK;
    int ascii = 1;
    *out = NULL;
    /* Some writers pad with NULs instead of spaces: the value ends at the first one. */
    if ((nul = memchr(bytes, '\0', len)))
        len = (size_t)(nul - bytes);
    while (len > 0 && bytes[len - 1] == ' ')
        len--;
    for (k = 0; k < len && ascii; k++)
        ascii = (unsigned char)bytes[k] < 0x80;
    if (d->cd == (iconv_t)-1 || (ascii && d->ascii_compatible)) {
        size_t valid = ascii ? len : rg_i_utf8_valid_prefix(bytes, len);
        if (valid != len)
            return rg_i_error(RG_ERR_ENCODING, "invalid UTF-8 byte sequence at byte %zu",
                              valid + 1);
        if (!(buf = malloc(len + 1)))
            return RG_I_NOMEM();
        memcpy(buf, bytes, len);
        buf[len] = '\0';
        *out = buf;
        return RG_OK;
    }
    /* Three UTF-8 bytes per input byte covers every single- and double-byte code page; the
     * loop below grows the buffer for anything else. */
    cap = 3 * len + 1;
    iconv(d->cd, NULL, NULL, NULL, NULL);
    for (;;) {
        char *in = (char *)bytes, *outp;
        size_t inleft = len, outleft;
        free(buf);
        if (!(buf = malloc(cap))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        outp = buf;
        outleft = cap - 1;
        if (iconv(d->cd, &in, &inleft, &outp, &outleft) != (size_t)-1) {
            /* flush any shift state (stateful encodings) */
            if (iconv(d->cd, NULL, NULL, &outp, &outleft) != (size_t)-1) {
                *outp = '\0';
                break;
            }
        }
        if (errno == E2BIG) {
            cap *= 2;
            iconv(d->cd, NULL, NULL, NULL, NULL);
            continue;
        }
        st = rg_i_error(RG_ERR_ENCODING, "invalid %s byte sequence at byte %zu", d->name,
                        (size_t)(in - bytes) + 1);
        goto cleanup;
    }
    *out = buf;
    buf = NULL;
cleanup:
    free(buf);
    return st;
}
