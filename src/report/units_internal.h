/* Lengths in unknown map units in reports: "km" becomes "mu" in names and "map units" in prose. */
#ifndef RG_REPORT_UNITS_INTERNAL_H
#define RG_REPORT_UNITS_INTERNAL_H

#include <stdio.h>

#include "regiongraph/graph.h"
#include "regiongraph/report.h"

/* Whether the graph's lengths are in unknown map units (an unknown planar CRS), not km. */
int rg_i_report_mu(const rg_graph *graph);

/* The unit of a length: "km", or with mu "mu" for names (keys, columns) or "map units" for
   prose. */
const char *rg_i_unit_name(int mu);
const char *rg_i_unit_prose(int mu);

/* Like fputs/fprintf of a literal with km in it; with mu every km is renamed: inside a name
   (next to '_' or '"'; table column words) as mu, a word of prose " km" as " map units" when
   prose is set. The arguments are never rewritten, only the literal. */
void rg_i_mu_fputs(FILE *out, int mu, int prose, const char *text);
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void rg_i_mu_printf(FILE *out, int mu, int prose, const char *fmt, ...);

/* text with every km renamed as a name (mu): into buf of size n, returned; text when !mu. */
const char *rg_i_mu_name(int mu, const char *text, char *buf, size_t n);

/* rg_report_timeline(_file) of a graph whose lengths are in unknown map units when mu is set. */
rg_status rg_i_report_timeline(const rg_timeline_row *rows, size_t n, rg_format format, int mu,
                               FILE *out);
rg_status rg_i_report_timeline_file(const rg_timeline_row *rows, size_t n, rg_format format,
                                    int mu, const char *path);

#endif
