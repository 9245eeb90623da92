/* The digits of rg_i_format_real without printf: the shortest of %.15g, %.16g and %.17g that
 * reads back as the value, computed exactly in 128-bit integers for the values exports write
 * most (lengths, measures, shares: 1e-15 <= |v| < 1e15, and zero). glibc's printf takes its
 * multi-precision path for every such number and strtod another for the check, which made
 * number formatting the largest single cost of an export; here both are a few integer
 * multiplications. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/text_internal.h"

typedef unsigned __int128 u128;

static u128 pow_u128(unsigned base, int k)
{
    u128 p = 1;
    while (k-- > 0)
        p *= base;
    return p;
}

int rg_i_format_real_digits(char *buf, size_t size, double v)
{
    double a = fabs(v), f;
    int x, s, t = 0, P, k, n = 0, X, nd, i;
    uint64_t m;
    u128 N = 0, D = 0, pk, half, q, r, lo, hi;
    char d[24];

    if (size < 32)
        return -1;
    if (v == 0) { /* printf's "0" and "-0" */
        if (signbit(v))
            buf[n++] = '-';
        buf[n++] = '0';
        buf[n] = '\0';
        return n;
    }
    if (!isfinite(v) || !(a >= 1e-15 && a < 1e15))
        return -1;
    f = frexp(a, &x); /* a = f * 2^x, f in [0.5, 1) */
    m = (uint64_t)ldexp(f, 53); /* exact: a = m * 2^(x - 53), 2^52 <= m < 2^53 */
    s = 53 - x; /* a = m / 2^s; 3 <= s <= 103 in this range */
    for (P = 15; P <= 17; P++) {
        /* D = a * 10^k rounded to an integer of P digits (ties to even, as printf): k puts
         * the exact a * 10^k in [10^(P-1), 10^P), then rounding may carry it to 10^P */
        int tries;
        k = P - 1 - (int)floor(log10(a));
        lo = pow_u128(10, P - 1);
        hi = lo * 10;
        for (tries = 0; tries < 4; tries++) {
            /* a * 10^k = m * 5^k / 2^(s - k) = N / 2^t, exactly */
            t = s - k;
            if (k < 0 || k > 32 || t < 1 || t > 120)
                return -1;
            pk = pow_u128(5, k);
            N = (u128)m * pk; /* < 2^53 * 5^32 < 2^128 */
            q = N >> t;
            if (q < lo)
                k++;
            else if (q >= hi)
                k--;
            else
                break;
        }
        if (tries == 4)
            return -1;
        r = N - (q << t);
        half = (u128)1 << (t - 1);
        if (r > half || (r == half && (q & 1)))
            q++;
        D = q;
        if (P == 17)
            break;
        {
            /* reads back as a when it lies within half an ulp of it (an ulp of a is 5^k in
             * units of 2^-t / 10^k); the gap below a power of two is half as wide; a tie goes
             * to the even mantissa */
            u128 Ds = D << t, delta = Ds > N ? Ds - N : N - Ds;
            int below = Ds < N, narrow = below && m == ((uint64_t)1 << 52);
            u128 twice = narrow ? delta * 4 : delta * 2;
            if (twice < pk || (twice == pk && (narrow || !(m & 1))))
                break;
        }
    }
    /* the digits of D, then %g's layout for precision P: exponent X of the rounded value */
    if (D == hi) {
        D = lo;
        k--;
    }
    for (i = P - 1; i >= 0; i--) {
        d[i] = (char)('0' + (int)(D % 10));
        D /= 10;
    }
    for (nd = P; nd > 1 && d[nd - 1] == '0'; nd--)
        ;
    X = P - 1 - k;
    if (v < 0)
        buf[n++] = '-';
    if (X < -4 || X >= P) {
        buf[n++] = d[0];
        if (nd > 1) {
            buf[n++] = '.';
            memcpy(buf + n, d + 1, (size_t)nd - 1);
            n += nd - 1;
        }
        buf[n++] = 'e';
        buf[n++] = X < 0 ? '-' : '+';
        X = X < 0 ? -X : X;
        if (X >= 100)
            buf[n++] = (char)('0' + X / 100);
        buf[n++] = (char)('0' + X / 10 % 10);
        buf[n++] = (char)('0' + X % 10);
    } else if (X >= 0) {
        memcpy(buf + n, d, (size_t)X + 1);
        n += X + 1;
        if (nd > X + 1) {
            buf[n++] = '.';
            memcpy(buf + n, d + X + 1, (size_t)(nd - X - 1));
            n += nd - X - 1;
        }
    } else {
        buf[n++] = '0';
        buf[n++] = '.';
        for (i = 0; i < -X - 1; i++)
            buf[n++] = '0';
        memcpy(buf + n, d, (size_t)nd);
        n += nd;
    }
    buf[n] = '\0';
    return n;
}
