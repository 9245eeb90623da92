/* When mechanisms are in force: dates as YYYYMMDD numbers (a year alone has month and day 0),
 * parsed from and written as ISO 8601 text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "model/coordination_internal.h"
#include "model/coordination_rows_internal.h"
#include "regiongraph/coordination.h"

static int leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in(long y, long m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

static int digits(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (s[k] < '0' || s[k] > '9')
            return 0;
    return 1;
}

int rg_date_parse(const char *text, long *ymd)
{
    size_t n = text ? strlen(text) : 0;
    long y, m, d;
    *ymd = 0;
    if (n == 0)
        return 1;
    if (n != 4 && n != 10)
        return 0;
    if (!digits(text, 4) || (y = strtol(text, NULL, 10)) < 1)
        return 0;
    if (n == 4) {
        *ymd = y * 10000;
        return 1;
    }
    if (text[4] != '-' || text[7] != '-' || !digits(text + 5, 2) || !digits(text + 8, 2))
        return 0;
    m = (text[5] - '0') * 10 + (text[6] - '0');
    d = (text[8] - '0') * 10 + (text[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > days_in(y, m))
        return 0;
    *ymd = y * 10000 + m * 100 + d;
    return 1;
}

long rg_date_first_day(long ymd) { return ymd && ymd % 10000 == 0 ? ymd + 101 : ymd; }
long rg_date_last_day(long ymd) { return ymd && ymd % 10000 == 0 ? ymd + 1231 : ymd; }

void rg_date_format(long ymd, int full, char *buf)
{
    /* unsigned parts below 10000 and 100, so the text always fits 11 bytes */
    unsigned long d = (unsigned long)(full ? rg_date_first_day(ymd) : ymd);
    if (!ymd)
        buf[0] = '\0';
    else if (ymd % 10000 == 0 && !full)
        snprintf(buf, 11, "%04lu", d / 10000 % 10000);
    else
        snprintf(buf, 11, "%04lu-%02lu-%02lu", d / 10000 % 10000, d / 100 % 100 % 100,
                 d % 100);
}

long rg_coordination_mechanism_start(const rg_coordination *coord, size_t m)
{
    if (!coord || m >= rg_coordination_mechanism_count(coord))
        return 0;
    if (coord->mechs[m].start)
        return coord->mechs[m].start;
    return coord->mechs[m].year ? (long)coord->mechs[m].year * 10000 : 0;
}

long rg_coordination_mechanism_end(const rg_coordination *coord, size_t m)
{
    return coord && m < rg_coordination_mechanism_count(coord) ? coord->mechs[m].end : 0;
}

rg_status rg_coordination_set_dates(rg_coordination *coord, size_t m, long start, long end)
{
    if (!coord || m >= rg_coordination_mechanism_count(coord))
        return rg_i_error(RG_ERR_ARG, "rg_coordination_set_dates: no mechanism %zu", m);
    if (end && start && rg_date_last_day(end) < rg_date_first_day(start)) {
        char a[11], b[11];
        rg_date_format(start, 0, a);
        rg_date_format(end, 0, b);
        return rg_i_error(RG_ERR_DATA, "mechanism '%s': end %s is before its start %s",
                          rg_coordination_mechanism_id(coord, m), b, a);
    }
    coord->mechs[m].start = start;
    coord->mechs[m].end = end;
    return RG_OK;
}
