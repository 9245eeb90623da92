#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "base/encoding_internal.h"
#include "regiongraph/status.h"
#include "leak_check.h"

RG_TEST_SUITE(encoding);

static char *decode(const char *encoding, const char *bytes, size_t len, rg_status *status)
{
    rg_i_decoder *d = NULL;
    char *out = NULL;
    cr_assert_eq(rg_i_decoder_new(encoding, &d), RG_OK, "%s: %s", encoding, rg_last_error());
    *status = rg_i_decode(d, bytes, len, &out);
    rg_i_decoder_free(d);
    return out;
}

#define DECODES_TO(enc, bytes, expected)                                                     \
    do {                                                                                     \
        rg_status st_;                                                                       \
        char *s_ = decode(enc, bytes, sizeof(bytes) - 1, &st_);                              \
        cr_assert_eq(st_, RG_OK, "%s: %s", enc, rg_last_error());                            \
        cr_assert_str_eq(s_, expected);                                                      \
        free(s_);                                                                            \
    } while (0)

#define FAILS_WITH(enc, bytes, message)                                                      \
    do {                                                                                     \
        rg_status st_;                                                                       \
        char *s_ = decode(enc, bytes, sizeof(bytes) - 1, &st_);                              \
        cr_assert_eq(st_, RG_ERR_ENCODING);                                                  \
        cr_assert_null(s_);                                                                  \
        cr_assert_str_eq(rg_last_error(), message);                                          \
    } while (0)

Test(encoding, cpg_contents_map_to_iconv_names)
{
    char buf[64];
    /* what ArcGIS, QGIS and GDAL write in .cpg files */
    cr_assert_str_eq(rg_i_encoding_from_cpg("UTF-8", buf, sizeof buf), "UTF-8");
    cr_assert_str_eq(rg_i_encoding_from_cpg("utf8\n", buf, sizeof buf), "UTF-8");
    cr_assert_str_eq(rg_i_encoding_from_cpg("65001", buf, sizeof buf), "UTF-8");
    cr_assert_str_eq(rg_i_encoding_from_cpg("\xEF\xBB\xBFUTF-8\r\n", buf, sizeof buf), "UTF-8");
    cr_assert_str_eq(rg_i_encoding_from_cpg(" 936\r\n", buf, sizeof buf), "CP936");
    cr_assert_str_eq(rg_i_encoding_from_cpg("CP936", buf, sizeof buf), "CP936");
    cr_assert_str_eq(rg_i_encoding_from_cpg("GBK", buf, sizeof buf), "CP936");
    cr_assert_str_eq(rg_i_encoding_from_cpg("gb2312", buf, sizeof buf), "CP936");
    cr_assert_str_eq(rg_i_encoding_from_cpg("GB18030", buf, sizeof buf), "GB18030");
    cr_assert_str_eq(rg_i_encoding_from_cpg("950", buf, sizeof buf), "CP950");
    cr_assert_str_eq(rg_i_encoding_from_cpg("Big5", buf, sizeof buf), "CP950");
    cr_assert_str_eq(rg_i_encoding_from_cpg("ANSI 1252", buf, sizeof buf), "CP1252");
    cr_assert_str_eq(rg_i_encoding_from_cpg("1251", buf, sizeof buf), "CP1251");
    cr_assert_str_eq(rg_i_encoding_from_cpg("windows-1250", buf, sizeof buf), "CP1250");
    cr_assert_str_eq(rg_i_encoding_from_cpg("88591", buf, sizeof buf), "ISO-8859-1");
    cr_assert_str_eq(rg_i_encoding_from_cpg("8859_15", buf, sizeof buf), "ISO-8859-15");
    cr_assert_str_eq(rg_i_encoding_from_cpg("ISO-8859-2", buf, sizeof buf), "ISO-8859-2");
    cr_assert_str_eq(rg_i_encoding_from_cpg("ISO 88595", buf, sizeof buf), "ISO-8859-5");
    cr_assert_str_eq(rg_i_encoding_from_cpg("ISO-8859-11", buf, sizeof buf), "ISO-8859-11");
    cr_assert_str_eq(rg_i_encoding_from_cpg("LDID/77", buf, sizeof buf), "CP936");
    cr_assert_str_eq(rg_i_encoding_from_cpg("LDID/87", buf, sizeof buf), "CP1252");
    /* a name iconv knows but the tables do not: passed through, in buf */
    const char *koi = rg_i_encoding_from_cpg("koi8-r", buf, sizeof buf);
    cr_assert_str_eq(koi, "KOI8-R");
    cr_assert_eq(koi, buf);
    /* the writer's locale, unknowable; junk; empty */
    cr_assert_null(rg_i_encoding_from_cpg("SYSTEM", buf, sizeof buf));
    cr_assert_null(rg_i_encoding_from_cpg("OEM", buf, sizeof buf));
    cr_assert_null(rg_i_encoding_from_cpg("no such thing", buf, sizeof buf));
    cr_assert_null(rg_i_encoding_from_cpg("12345", buf, sizeof buf));
    cr_assert_null(rg_i_encoding_from_cpg("  \n", buf, sizeof buf));
    cr_assert_null(rg_i_encoding_from_cpg("LDID/0", buf, sizeof buf));
}

Test(encoding, language_driver_ids_map_to_code_pages)
{
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x57), "CP1252");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x03), "CP1252");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x01), "CP437");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x02), "CP850");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x4D), "CP936");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x7A), "CP936");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x4E), "CP949");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x4F), "CP950");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x78), "CP950");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x13), "CP932");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x7B), "CP932");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0xC8), "CP1250");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0xC9), "CP1251");
    cr_assert_str_eq(rg_i_encoding_from_ldid(0x26), "CP866");
    cr_assert_null(rg_i_encoding_from_ldid(0));
    cr_assert_null(rg_i_encoding_from_ldid(0xFF));
}

Test(encoding, every_mapped_name_is_known_to_iconv)
{
    char buf[64];
    rg_i_decoder *d = NULL;
    for (int ldid = 1; ldid < 256; ldid++) {
        const char *name = rg_i_encoding_from_ldid(ldid);
        if (!name)
            continue;
        cr_assert_eq(rg_i_decoder_new(name, &d), RG_OK, "LDID 0x%02X: %s", ldid, name);
        rg_i_decoder_free(d);
    }
    const char *cpgs[] = {"437", "737", "775", "850", "852", "855", "857", "860", "861", "862",
                          "863", "864", "865", "866", "869", "874", "932", "949", "54936",
                          "1253", "1254", "1255", "1256", "1257", "1258", "20866", "21866",
                          "10000", "10007", "10029", "51932", "51949", "28603", "28605",
                          "885910", "885911", "885914", "885916"};
    for (size_t k = 0; k < sizeof cpgs / sizeof cpgs[0]; k++) {
        const char *name = rg_i_encoding_from_cpg(cpgs[k], buf, sizeof buf);
        cr_assert_not_null(name, "%s", cpgs[k]);
        cr_assert_eq(rg_i_decoder_new(name, &d), RG_OK, "%s: %s", cpgs[k], name);
        rg_i_decoder_free(d);
    }
}

Test(encoding, gbk_decodes_to_utf8_without_the_padding)
{
    /* 徐州市 in GBK is D0 EC D6 DD CA D0 (GB 2312 row/cell tables; iconv -f CP936 agrees) */
    DECODES_TO("CP936", "\xD0\xEC\xD6\xDD\xCA\xD0    ", "\xE5\xBE\x90\xE5\xB7\x9E\xE5\xB8\x82");
    DECODES_TO("GBK", "\xCB\xDE\xD6\xDD\xCA\xD0", "宿州市");
    /* ASCII passes through every ASCII-compatible code page untouched */
    DECODES_TO("CP936", "320300  ", "320300");
    /* leading spaces are data, trailing spaces are padding */
    DECODES_TO("CP936", "  a b  ", "  a b");
    DECODES_TO("CP936", "      ", "");
    DECODES_TO("CP936", "", "");
}

Test(encoding, single_byte_code_pages)
{
    DECODES_TO("ISO-8859-1", "caf\xE9 ", "café");
    DECODES_TO("CP1252", "\x80 5", "€ 5");         /* 0x80 is the euro sign in CP1252 only */
    DECODES_TO("ISO-8859-1", "\x80", "\xC2\x80");   /* ...and a C1 control in Latin-1 */
    DECODES_TO("CP1251", "\xCC\xEE\xF1\xEA\xE2\xE0", "Москва");
    DECODES_TO("CP437", "\x81", "ü");
}

Test(encoding, nul_padding_ends_the_value)
{
    DECODES_TO("UTF-8", "abc\0\0\0", "abc");
    DECODES_TO("CP936", "\xD0\xEC\0garbage", "徐");
}

Test(encoding, utf8_is_validated_not_converted)
{
    DECODES_TO("UTF-8", "徐州市  ", "徐州市");
    DECODES_TO("utf8", "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"); /* U+1F600, 4 bytes */
    FAILS_WITH("UTF-8", "ab\xFF", "invalid UTF-8 byte sequence at byte 3");
    FAILS_WITH("UTF-8", "\xD0\xEC\xD6\xDD", "invalid UTF-8 byte sequence at byte 1"); /* GBK */
    FAILS_WITH("UTF-8", "a\xC0\xAF", "invalid UTF-8 byte sequence at byte 2");      /* overlong */
    FAILS_WITH("UTF-8", "\xED\xA0\x80", "invalid UTF-8 byte sequence at byte 1");   /* surrogate */
    FAILS_WITH("UTF-8", "\xF4\x90\x80\x80", "invalid UTF-8 byte sequence at byte 1"); /* > U+10FFFF */
    FAILS_WITH("UTF-8", "xy\xE5\xBE", "invalid UTF-8 byte sequence at byte 3");   /* truncated */
}

Test(encoding, invalid_multibyte_sequences_name_the_byte)
{
    /* 0xFF is no GBK lead byte */
    FAILS_WITH("CP936", "\xCB\xDE\xFF\xD6", "invalid CP936 byte sequence at byte 3");
    /* a lead byte with nothing after it (the field was cut in the middle of a character) */
    FAILS_WITH("CP936", "ab\xD0", "invalid CP936 byte sequence at byte 3");
}

Test(encoding, decoder_names_and_unknown_encodings)
{
    rg_i_decoder *d = NULL;
    cr_assert_eq(rg_i_decoder_new("gbk", &d), RG_OK);
    cr_assert_str_eq(rg_i_decoder_name(d), "GBK");
    rg_i_decoder_free(d);
    cr_assert_eq(rg_i_decoder_new("utf8", &d), RG_OK);
    cr_assert_str_eq(rg_i_decoder_name(d), "UTF-8");
    rg_i_decoder_free(d);
    d = (rg_i_decoder *)1;
    cr_assert_eq(rg_i_decoder_new("NO-SUCH-CODEPAGE", &d), RG_ERR_ENCODING);
    cr_assert_null(d);
    cr_assert_str_eq(rg_last_error(), "unknown text encoding 'NO-SUCH-CODEPAGE'");
    cr_assert_eq(rg_i_decoder_new("", &d), RG_ERR_ENCODING);
    rg_i_decoder_free(NULL);
}

Test(encoding, long_values_grow_the_buffer)
{
    /* 254 bytes of CP1252 0x80 become 254 three-byte euro signs */
    char in[254], expected[3 * 254 + 1];
    rg_i_decoder *d = NULL;
    char *out = NULL;
    memset(in, 0x80, sizeof in);
    for (size_t k = 0; k < sizeof in; k++)
        memcpy(expected + 3 * k, "\xE2\x82\xAC", 3);
    expected[3 * sizeof in] = '\0';
    cr_assert_eq(rg_i_decoder_new("CP1252", &d), RG_OK);
    cr_assert_eq(rg_i_decode(d, in, sizeof in, &out), RG_OK);
    cr_assert_str_eq(out, expected);
    free(out);
    rg_i_decoder_free(d);
}
