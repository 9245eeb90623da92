/* The text and hash primitives of src/base/: strict UTF-8 (the cases of RFC 3629 and the
 * Unicode standard's table 3-7 of well-formed byte sequences), JSON string escaping (RFC 8259),
 * the shortest round-trip text of a double, and the row-index table. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash_internal.h"
#include "base/text_internal.h"
#include "leak_check.h"

RG_TEST_SUITE(text);

static size_t prefix(const char *s)
{
    return rg_i_utf8_valid_prefix(s, strlen(s));
}

Test(text, utf8_accepts_well_formed_sequences)
{
    cr_assert_eq(prefix("abc"), 3);
    cr_assert_eq(prefix("\xC2\x80"), 2);             /* U+0080, first two-byte */
    cr_assert_eq(prefix("\xE5\xBE\x90\xE5\xB7\x9E"), 6); /* 徐州 */
    cr_assert_eq(prefix("\xED\x9F\xBF"), 3);         /* U+D7FF, last before the surrogates */
    cr_assert_eq(prefix("\xEE\x80\x80"), 3);         /* U+E000, first after them */
    cr_assert_eq(prefix("\xF0\x90\x80\x80"), 4);     /* U+10000 */
    cr_assert_eq(prefix("\xF4\x8F\xBF\xBF"), 4);     /* U+10FFFF, the last code point */
    cr_assert(rg_i_utf8_valid("", 0));
}

Test(text, utf8_rejects_ill_formed_sequences_at_their_first_byte)
{
    cr_assert_eq(prefix("ab\xC0\xAF"), 2);         /* overlong '/' */
    cr_assert_eq(prefix("\xC1\xBF"), 0);           /* overlong, C1 never leads */
    cr_assert_eq(prefix("\xE0\x9F\xBF"), 0);       /* overlong three-byte (below U+0800) */
    cr_assert_eq(prefix("x\xED\xA0\x80"), 1);      /* U+D800, a surrogate */
    cr_assert_eq(prefix("\xF0\x8F\xBF\xBF"), 0);   /* overlong four-byte */
    cr_assert_eq(prefix("\xF4\x90\x80\x80"), 0);   /* U+110000, above Unicode */
    cr_assert_eq(prefix("\xF5\x80\x80\x80"), 0);   /* F5 never leads */
    cr_assert_eq(prefix("\x80"), 0);               /* a lone continuation byte */
    cr_assert_eq(prefix("\xE5\xBE"), 0);           /* truncated at the end */
    cr_assert_eq(prefix("\xE5\xBE" "a"), 0);       /* truncated by an ASCII byte */
    cr_assert_eq(rg_i_utf8_valid("\xE5\xBE\x90", 2), 0); /* cut by the length, not a NUL */
}

Test(text, utf8_decode_gives_code_points_and_replaces_invalid_bytes)
{
    uint32_t cp;
    cr_assert_eq(rg_i_utf8_decode("A", &cp), 1);
    cr_assert_eq(cp, 0x41);
    cr_assert_eq(rg_i_utf8_decode("\xC3\xB1", &cp), 2); /* ñ */
    cr_assert_eq(cp, 0xF1);
    cr_assert_eq(rg_i_utf8_decode("\xE5\xBE\x90", &cp), 3); /* 徐 */
    cr_assert_eq(cp, 0x5F90);
    cr_assert_eq(rg_i_utf8_decode("\xF0\x9F\x98\x80", &cp), 4); /* U+1F600 */
    cr_assert_eq(cp, 0x1F600);
    cr_assert_eq(rg_i_utf8_decode("\xED\xA0\x80", &cp), 1); /* surrogate */
    cr_assert_eq(cp, 0xFFFD);
    cr_assert_eq(rg_i_utf8_decode("\xE5\xBE", &cp), 1); /* truncated by the NUL */
    cr_assert_eq(cp, 0xFFFD);
}

static char *json(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    rg_i_json_string(f, s);
    fclose(f);
    return buf;
}

Test(text, json_string_escapes_quotes_backslashes_and_controls)
{
    struct { const char *in, *out; } cases[] = {
        {"", "\"\""},
        {"plain", "\"plain\""},
        {"a\"b\\c", "\"a\\\"b\\\\c\""},
        {"\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\""},
        {"\x01\x1f", "\"\\u0001\\u001f\""},
        {"\x7f/", "\"\x7f/\""},                      /* DEL and '/' need no escape */
        {"\xE5\xBE\x90\xE5\xB7\x9E", "\"\xE5\xBE\x90\xE5\xB7\x9E\""}, /* UTF-8 as it is */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *got = json(cases[k].in);
        cr_assert_str_eq(got, cases[k].out, "case %zu", k);
        free(got);
    }
}

Test(text, reals_are_the_shortest_text_that_reads_back)
{
    char buf[40];
    cr_assert_eq(rg_i_format_real(buf, sizeof buf, 0.1), 3);
    cr_assert_str_eq(buf, "0.1");
    rg_i_format_real(buf, sizeof buf, 1.0 / 3.0);
    cr_assert_str_eq(buf, "0.3333333333333333"); /* 16 digits: 15 do not read back */
    rg_i_format_real(buf, sizeof buf, 0.1 + 0.2);
    cr_assert_str_eq(buf, "0.30000000000000004"); /* 17 digits */
    cr_assert_eq(strtod(buf, NULL), 0.1 + 0.2);
    rg_i_format_real(buf, sizeof buf, 2069.0);
    cr_assert_str_eq(buf, "2069");
    rg_i_format_json_real(buf, sizeof buf, 2069.0);
    cr_assert_str_eq(buf, "2069.0"); /* a real column stays real for readers that infer types */
    rg_i_format_json_real(buf, sizeof buf, 1e300);
    cr_assert_str_eq(buf, "1e+300");
    rg_i_format_json_real(buf, sizeof buf, 0.0 / 0.0);
    cr_assert_str_eq(buf, "null");
}

/* printf's way, the reference: %.15g, %.16g, %.17g until one reads back. */
static void printf_real(char *buf, size_t size, double v)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
}

Test(text, integer_digits_equal_printf_on_hard_cases)
{
    /* rg_i_format_real_digits against glibc's printf + strtod: random values across its range,
     * neighbours of powers of ten (a carry to the next decade: 9.99...), of powers of two (the
     * narrower gap below), decimal fractions (ties at the 15th and 16th digit), and the ends */
    static const double fixed[] = {1e-5, 9.999999999999999e-6, 1e15, 999999999999999.9, 1e-15,
                                   1.1101597325713456e-05, 8.829684291595812e-16, 0.0, -0.0,
                                   0.1, 0.3, 2.675, 1.0 / 3.0, 123456.789, 5e-5, 0.00012345};
    char a[40], b[40];
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    size_t checked = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        int n = rg_i_format_real_digits(a, sizeof a, fixed[i]);
        printf_real(b, sizeof b, fixed[i]);
        if (n >= 0) {
            cr_assert_str_eq(a, b, "%.17g", fixed[i]);
            checked++;
        }
    }
    for (int i = 0; i < 300000; i++) {
        double v = 0, p;
        uint64_t bits;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        switch (i % 4) {
        case 0: /* a random mantissa in a random decade */
            v = (double)(x >> 11) / 9007199254740992.0 * pow(10, (int)(x % 30) - 15);
            break;
        case 1: /* a few ulps from a power of ten */
        case 2: /* or of two */
            p = i % 4 == 1 ? pow(10, (int)(x % 30) - 15) : ldexp(1.0, (int)(x % 100) - 50);
            memcpy(&bits, &p, sizeof bits);
            bits += (x >> 32) % 9 - 4;
            memcpy(&v, &bits, sizeof v);
            break;
        default: /* a decimal fraction */
            v = (double)(x % 100000000) / pow(10, (int)((x >> 40) % 12));
        }
        if (x & (1ULL << 63))
            v = -v;
        int n = rg_i_format_real_digits(a, sizeof a, v);
        if (n < 0)
            continue; /* out of its range: printf's path */
        printf_real(b, sizeof b, v);
        cr_assert_str_eq(a, b, "%.17g", v);
        cr_assert_eq((size_t)n, strlen(b));
        checked++;
    }
    cr_assert_gt(checked, 250000);
    /* out of its range it declines, and rg_i_format_real still answers */
    cr_assert_eq(rg_i_format_real_digits(a, sizeof a, 1e300), -1);
    cr_assert_eq(rg_i_format_real_digits(a, sizeof a, 1e-300), -1);
}

static const char *keys[] = {"310000", "320000", "330000", "340000", "320300"};

static int key_eq(const void *ctx, size_t index, const void *key)
{
    (void)ctx;
    return strcmp(keys[index], (const char *)key) == 0;
}

Test(text, fnv1a_matches_its_published_values)
{
    /* FNV-1a 64 test vectors (Fowler, Noll, Vo): "" is the offset basis, "a" and "foobar". */
    cr_assert_eq(rg_i_hash_text(""), 0xcbf29ce484222325ULL);
    cr_assert_eq(rg_i_hash_text("a"), 0xaf63dc4c8601ec8cULL);
    cr_assert_eq(rg_i_hash_text("foobar"), 0x85944171f73967e8ULL);
}

Test(text, idmap_finds_every_key_and_only_those)
{
    rg_i_idmap m = {0};
    for (size_t k = 0; k < 5; k++) {
        cr_assert(rg_i_idmap_reserve(&m));
        rg_i_idmap_put(&m, rg_i_hash_text(keys[k]), k);
    }
    cr_assert_eq(m.n, 5);
    for (size_t k = 0; k < 5; k++)
        cr_assert_eq(rg_i_idmap_find(&m, rg_i_hash_text(keys[k]), key_eq, NULL, keys[k]), k);
    cr_assert_eq(rg_i_idmap_find(&m, rg_i_hash_text("350000"), key_eq, NULL, "350000"), SIZE_MAX);
    /* growing keeps every entry */
    cr_assert(rg_i_idmap_reserve_n(&m, 1000));
    cr_assert_geq(m.cap, 2000);
    cr_assert_eq(rg_i_idmap_find(&m, rg_i_hash_text("320300"), key_eq, NULL, "320300"), 4);
    rg_i_idmap_clear(&m);
    cr_assert_eq(rg_i_idmap_find(&m, rg_i_hash_text("310000"), key_eq, NULL, "310000"), SIZE_MAX);
    rg_i_idmap_release(&m);
    rg_i_idmap_release(&m); /* a released table is an empty one */
}

/* rg_i_csv_text into a string. */
static void csv_of(const char *s, char *out, size_t size)
{
    FILE *fp = fmemopen(out, size, "w");
    cr_assert_not_null(fp);
    rg_i_csv_text(fp, s);
    fclose(fp);
}

Test(text, csv_text_neutralises_formulas_but_keeps_numbers)
{
    /* OWASP's CSV injection advice: a text cell a spreadsheet would evaluate gets a leading
     * single quote; numbers, also negative ones, stay numbers. */
    static const char *const cases[][2] = {
        {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
        {"+cmd", "'+cmd"},
        {"-2+3", "'-2+3"},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\tx", "'\tx"},
        {"-inf", "'-inf"},
        {"-0x10", "'-0x10"},
        {"-3.5", "-3.5"},
        {"+2", "+2"},
        {"-1e3", "-1e3"},
        {"Xuzhou", "Xuzhou"},
        {"a,b", "\"a,b\""},
        {" x", "\" x\""},
        {"", ""},
    };
    char buf[128];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        memset(buf, 0, sizeof buf);
        csv_of(cases[k][0], buf, sizeof buf);
        cr_assert_str_eq(buf, cases[k][1], "cell %zu", k);
    }
}

Test(text, json_string_replaces_invalid_utf8)
{
    char buf[64];
    FILE *fp = fmemopen(buf, sizeof buf, "w");
    cr_assert_not_null(fp);
    rg_i_json_string(fp, "a\xff" "b\xe4\xb8\xad\xc3");
    fclose(fp);
    cr_assert_str_eq(buf, "\"a\xEF\xBF\xBD" "b\xe4\xb8\xad\xEF\xBF\xBD\"");
}

/* JSON's \uXXXX escapes: the code points and their UTF-8 bytes from the Unicode tables
 * (é U+00E9 = C3 A9, € U+20AC = E2 82 AC, 😀 U+1F600 = F0 9F 98 80, the last from a surrogate
 * pair D83D DE00 combined as the callers do). */
Test(text, hex4_and_put_utf8_give_the_code_points_bytes)
{
    unsigned v, hi, lo;
    char o[4];
    cr_assert(rg_i_hex4("00e9", &v));
    cr_assert_eq(v, 0xE9u);
    cr_assert(rg_i_hex4("20AC", &v));
    cr_assert_eq(v, 0x20ACu);
    cr_assert(!rg_i_hex4("12g4", &v));
    cr_assert(!rg_i_hex4("12\"4", &v));
    cr_assert_eq(rg_i_put_utf8(o, 0x41), 1);
    cr_assert_eq(o[0], 'A');
    cr_assert_eq(rg_i_put_utf8(o, 0xE9), 2);
    cr_assert_eq(memcmp(o, "\xC3\xA9", 2), 0);
    cr_assert_eq(rg_i_put_utf8(o, 0x20AC), 3);
    cr_assert_eq(memcmp(o, "\xE2\x82\xAC", 3), 0);
    cr_assert(rg_i_hex4("D83D", &hi) && rg_i_hex4("de00", &lo));
    cr_assert_eq(rg_i_put_utf8(o, 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)), 4);
    cr_assert_eq(memcmp(o, "\xF0\x9F\x98\x80", 4), 0);
}
