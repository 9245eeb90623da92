/* Fuzzes text decoding directly (fast, no files): byte 0 picks the source encoding, byte 1 is a
 * DBF language byte, and the rest is both a .cpg text and the bytes to decode. The decoder must
 * give NUL-terminated valid UTF-8 or RG_ERR_ENCODING, never read past len. */
#include "fuzz_common.h"

#include "base/encoding_internal.h"
#include "regiongraph/status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The encodings the readers meet in practice, single- and multi-byte. */
static const char *const encodings[] = {
    "UTF-8", "CP936", "GB18030", "CP950", "CP932", "CP949", "CP1252", "ISO-8859-1",
    "CP437", "CP866", "KOI8-R", "EUC-JP", "CP1256", "MACINTOSH", "ISO-8859-7", "CP874",
};

/* 1 when s is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static int valid_utf8(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s++, n, cp;
        if (c < 0x80)
            continue;
        if (c >= 0xC2 && c <= 0xDF)
            n = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3, cp = c & 0x07;
        else
            return 0;
        for (unsigned k = 0; k < n; k++, s++) {
            if ((*s & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (*s & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
    }
    return 1;
}

static void decode_with(const char *name, const uint8_t *bytes, size_t len)
{
    rg_i_decoder *d = NULL;
    char *out = NULL;
    if (rg_i_decoder_new(name, &d) != RG_OK)
        return;
    if (rg_i_decode(d, (const char *)bytes, len, &out) == RG_OK &&
        !valid_utf8((unsigned char *)out))
        abort();
    free(out);
    rg_i_decoder_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *cpg, buf[64];
    const char *name;
    if (size < 2)
        return 0;
    /* The decoder is handed exactly len bytes, in a buffer of that size (ASan sees overreads). */
    decode_with(encodings[data[0] % (sizeof encodings / sizeof *encodings)], data + 2, size - 2);

    if ((name = rg_i_encoding_from_ldid(data[1])))
        decode_with(name, data + 2, size - 2);

    if (!(cpg = malloc(size - 1)))
        return 0;
    memcpy(cpg, data + 2, size - 2);
    cpg[size - 2] = '\0';
    if ((name = rg_i_encoding_from_cpg(cpg, buf, sizeof buf)))
        decode_with(name, data + 2, size - 2);
    free(cpg);
    rg_clear_error();
    return 0;
}
