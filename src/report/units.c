/* Lengths in unknown map units in reports: renames km in the literals of names and prose. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "geom/crs_internal.h"
#include "regiongraph/regions.h"
#include "report/units_internal.h"

int rg_i_report_mu(const rg_graph *graph)
{
    const rg_regions *regions = graph ? rg_graph_regions(graph) : NULL;
    return regions && rg_i_crs_wkt_map_units(rg_regions_crs_wkt(regions));
}

const char *rg_i_unit_name(int mu)
{
    return mu ? "mu" : "km";
}

const char *rg_i_unit_prose(int mu)
{
    return mu ? "map units" : "km";
}

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The rename of text into buf (n bytes; a longer result is cut, never overrun). */
static const char *rename_km(const char *text, int prose, char *buf, size_t n)
{
    size_t i, o = 0;
    for (i = 0; text[i] && o + 1 < n; i++) {
        if (text[i] == 'k' && text[i + 1] == 'm' && (i == 0 || !is_letter(text[i - 1])) &&
            !is_letter(text[i + 2])) {
            const char *to = prose && i > 0 && text[i - 1] == ' ' && text[i + 2] != '_' &&
                                     text[i + 2] != '"'
                                 ? "map units"
                                 : "mu";
            size_t len = strlen(to);
            if (o + len + 1 > n)
                break;
            memcpy(buf + o, to, len);
            o += len;
            i++;
            continue;
        }
        buf[o++] = text[i];
    }
    buf[o] = '\0';
    return buf;
}

const char *rg_i_mu_name(int mu, const char *text, char *buf, size_t n)
{
    return mu && text ? rename_km(text, 0, buf, n) : text;
}

void rg_i_mu_fputs(FILE *out, int mu, int prose, const char *text)
{
    char buf[512];
    fputs(mu ? rename_km(text, prose, buf, sizeof buf) : text, out);
}

void rg_i_mu_printf(FILE *out, int mu, int prose, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, mu ? rename_km(fmt, prose, buf, sizeof buf) : fmt, ap);
    va_end(ap);
}
