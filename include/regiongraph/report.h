/* regiongraph — reports: tables for people, Markdown for documents, JSON and CSV for programs.
 *
 * Reports are written to a caller's stream (the CLI passes stdout or a temporary file it renames
 * into place); the library never chooses stdout itself.
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
int rg_format_parse(const char *text, rg_format *format);

/* Writes the coverage section: the summary (regions covered, count and share, weighted when
 * asked; coordinated pairs and km overall and across parents), one row per mechanism (members,
 * regions covered, pieces, border km with non-members), the gaps ranked by border length with
 * both names and parents (the first `top` of them; 0 = all), and reach per region (the first
 * `top` by two-step reach; 0 = all). JSON holds everything in one object; CSV is one row per
 * region of the level with its coverage columns. Write errors are RG_ERR_IO. */
rg_status rg_report_coverage(const rg_graph *graph, const rg_coverage *coverage, rg_format format,
                             size_t top, FILE *out);

/* Writes the centrality section: the options used (level, view, weighting, seed, cutoff), the
 * components, communities with modularity, bridges and articulation points, and a table of the
 * nodes ranked by `sort_by` (the first `top`; 0 = all) with every measure. Table: aligned for an
 * 80-column terminal (a few measures; CJK names by display width); CSV: one row per node with
 * every measure; JSON: everything; Markdown: the table and the summary. */
rg_status rg_report_centrality(const rg_graph *graph, const rg_centrality *centrality,
                               rg_format format, rg_measure sort_by, size_t top, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
