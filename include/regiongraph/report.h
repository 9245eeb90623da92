/* regiongraph — reports: tables for people, Markdown for documents, JSON and CSV for programs.
 *
 * Reports are written to a caller's stream, or atomically to a file (rg_report_write_file); the
 * library never chooses stdout itself.
 */
#ifndef REGIONGRAPH_REPORT_H
#define REGIONGRAPH_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "regiongraph/centrality.h"
#include "regiongraph/coverage.h"
#include "regiongraph/graph.h"
#include "regiongraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rg_format {
    RG_FORMAT_TABLE = 0, /* aligned text for an 80-column terminal (CJK aligned by display width) */
    RG_FORMAT_MARKDOWN,
    RG_FORMAT_JSON,
    RG_FORMAT_CSV
} rg_format;

/* Parses "table", "md"/"markdown", "json", "csv"; returns 0 for anything else. */
RG_API int rg_format_parse(const char *text, rg_format *format);

/* Writes the coverage section: the summary (regions covered, count and share, weighted when
 * asked; coordinated pairs and km overall and across parents), one row per mechanism (members,
 * regions covered, pieces, border km with non-members), the gaps ranked by border length with
 * both names and parents (the first `top` of them; 0 = all), and reach per region (the first
 * `top` by two-step reach; 0 = all). JSON holds everything in one object; CSV is one row per
 * region of the level with its coverage columns. Write errors are RG_ERR_IO. */
RG_API rg_status rg_report_coverage(const rg_graph *graph, const rg_coverage *coverage, rg_format format,
                                    size_t top, FILE *out);
/* rg_report_coverage listing the frontier gaps only (gaps_all 0: what rg_report_coverage does)
 * or every gap, frontier gaps first (gaps_all 1). The gaps section also gives the frontier
 * totals (pairs and km overall and across parents) and per mechanism its frontier pairs and km
 * and the neighbours it stops at (frontier.h). */
RG_API rg_status rg_report_coverage_gaps(const rg_graph *graph, const rg_coverage *coverage,
                                         rg_format format, size_t top, int gaps_all, FILE *out);

/* Writes the centrality section: the options used (level, view, weighting, seed, cutoff), the
 * components, communities with modularity, bridges and articulation points, and a table of the
 * nodes ranked by `sort_by` (the first `top`; 0 = all) with every measure. Table: aligned for an
 * 80-column terminal (a few measures; CJK names by display width); CSV: one row per node with
 * every measure; JSON: everything; Markdown: the table and the summary. */
RG_API rg_status rg_report_centrality(const rg_graph *graph, const rg_centrality *centrality,
                                      rg_format format, rg_measure sort_by, size_t top, FILE *out);

/* Writes coverage through time (rg_coverage_timeline): one row per change day with the
 * mechanisms in force, regions covered, coordinated pairs and km, frontier gaps and km. Table
 * and md: a table; JSON: {"section": "timeline", "rows": [...]}; CSV: one line per row.
 * RG_ERR_IO when out cannot be written. The _file variant writes path atomically. */
RG_API rg_status rg_report_timeline(const rg_timeline_row *rows, size_t count, rg_format format,
                                    FILE *out);
RG_API rg_status rg_report_timeline_file(const rg_timeline_row *rows, size_t count, rg_format format,
                                         const char *path);

/* Writes the panel: a long CSV (header id,name,year,covered,mechanisms,mechanism_ids,exposure,
 * border_km) with one row per region of the level and year, from the first year a mechanism
 * starts to the last year one starts or ends. Each row is the coverage at the end of that year
 * (31 December; options as rg_coverage_compute's, their at_first and at_last ignored): covered
 * 0/1, the number and ';'-joined ids of the mechanisms in force covering the region, its
 * exposure (the share of its border km at the level shared with covered neighbours; empty for a
 * region without borders) and that border km. Only the header without dated mechanisms.
 * RG_ERR_IO when out cannot be written. Time O(years * rg_coverage_compute). The _file variant
 * writes path atomically. */
RG_API rg_status rg_report_panel(const rg_graph *graph, const rg_coverage_options *options,
                                 FILE *out);
RG_API rg_status rg_report_panel_file(const rg_graph *graph, const rg_coverage_options *options,
                                      const char *path);

/* Writes the network summary, the coverage report of a graph without coordination data: at
 * the coverage's level, the components (count and sizes, largest first), the regions without
 * neighbours, the degree distribution (min, median, mean, max and a histogram, 10 or more
 * neighbours together), the longest borders and the top brokers by betweenness (from
 * centrality; NULL: none listed). top: rows of the two lists (0 = all; RG_REPORT_TOP_DEFAULT:
 * 10 for table and md, all for json and csv). JSON: {"section": "network", ...}; CSV: one row
 * per region of the level (id, name, neighbours, border_km, component, component_size,
 * betweenness). Island links are no border. RG_ERR_IO when out cannot be written. Time
 * O(n + m log m). The _file variant writes path atomically. */
RG_API rg_status rg_report_network(const rg_graph *graph, const rg_coverage *coverage,
                                   const rg_centrality *centrality, rg_format format, size_t top,
                                   FILE *out);
RG_API rg_status rg_report_network_file(const rg_graph *graph, const rg_coverage *coverage,
                                        const rg_centrality *centrality, rg_format format,
                                        size_t top, const char *path);

/* ---- a whole report: its sections in order, to a stream or to a file ------------------------ */

/* rg_report_options.top: as many rows as suit the format (10 for table and md, every row for json
 * and csv, which programs read). */
#define RG_REPORT_TOP_DEFAULT ((size_t)-1)

/* How rg_report_write writes; set the defaults with rg_report_options_init. */
typedef struct rg_report_options {
    rg_format format;   /* default RG_FORMAT_TABLE */
    size_t top;         /* gaps, regions and nodes listed, 0 = all; default RG_REPORT_TOP_DEFAULT */
    rg_measure sort_by; /* the centrality ranking; default RG_MEASURE_BETWEENNESS */
    int gaps_all;       /* coverage gaps listed: 0 (default) the frontier gaps only, 1 all of
                           them, frontier gaps first (rg_coverage_ranked_gaps) */
} rg_report_options;

/* The defaults above. Time O(1). */
RG_API void rg_report_options_init(rg_report_options *options);

/* Writes the coverage section (rg_report_coverage) when coverage is not NULL, then the
 * centrality section (rg_report_centrality) when centrality is not NULL, a blank line between
 * them. Both sections at once only in table and md: two JSON documents or two CSV headers in one
 * stream would be unreadable. RG_ERR_ARG for that and when both are NULL; RG_ERR_IO when out
 * cannot be written. */
RG_API rg_status rg_report_write(const rg_graph *graph, const rg_coverage *coverage,
                                 const rg_centrality *centrality, const rg_report_options *options,
                                 FILE *out);

/* rg_report_write to the file path, atomically: into a temporary file beside path (listed for
 * rg_remove_temporaries()), renamed over path only once complete and flushed to disk, so that
 * path holds either its old contents or the whole report. The file gets mode 0644 less the
 * umask, as every output of the library. Errors as rg_report_write's, and RG_ERR_IO (naming
 * path) when the temporary cannot be created, written or renamed. */
RG_API rg_status rg_report_write_file(const rg_graph *graph, const rg_coverage *coverage,
                                      const rg_centrality *centrality, const rg_report_options *options,
                                      const char *path);

#ifdef __cplusplus
}
#endif
#endif
