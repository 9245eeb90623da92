/* A whole report: its sections in order, written to a stream or atomically to a file. */
#include <stdio.h>
#include <string.h>

#include "regiongraph/report.h"

#include "base/atomic_internal.h"
#include "base/error_internal.h"

#define TOP_FOR_PEOPLE 10 /* rows of a table or Markdown report unless told otherwise */

void rg_report_options_init(rg_report_options *o)
{
    memset(o, 0, sizeof *o);
    o->format = RG_FORMAT_TABLE;
    o->top = RG_REPORT_TOP_DEFAULT;
    o->sort_by = RG_MEASURE_BETWEENNESS;
}

rg_status rg_report_write(const rg_graph *graph, const rg_coverage *coverage,
                          const rg_centrality *centrality, const rg_report_options *o, FILE *out)
{
    int for_programs;
    size_t top;
    rg_status st = RG_OK;
    if (!graph || !o || !out || (!coverage && !centrality)) {
        st = rg_i_error(RG_ERR_ARG, "rg_report_write: invalid argument");
        goto cleanup;
    }
    for_programs = o->format == RG_FORMAT_JSON || o->format == RG_FORMAT_CSV;
    if (coverage && centrality && for_programs) {
        st = rg_i_error(RG_ERR_ARG, "a report of both sections needs the table or md format");
        goto cleanup;
    }
    /* programs want every row; a person at a terminal wants the first few */
    top = o->top != RG_REPORT_TOP_DEFAULT ? o->top : for_programs ? 0 : TOP_FOR_PEOPLE;
    if (coverage && (st = rg_report_coverage_gaps(graph, coverage, o->format, top, o->gaps_all, out)) != RG_OK)
        goto cleanup;
    if (coverage && centrality && fputs("\n", out) == EOF) {
        st = rg_i_error(RG_ERR_IO, "cannot write the report");
        goto cleanup;
    }
    if (centrality)
        st = rg_report_centrality(graph, centrality, o->format, o->sort_by, top, out);
cleanup:
    return st;
}

rg_status rg_report_write_file(const rg_graph *graph, const rg_coverage *coverage,
                               const rg_centrality *centrality, const rg_report_options *o,
                               const char *path)
{
    rg_i_atomic out;
    rg_status st;
    memset(&out, 0, sizeof out);
    if (!path) {
        st = rg_i_error(RG_ERR_ARG, "rg_report_write_file: invalid argument");
        goto cleanup;
    }
    if ((st = rg_i_atomic_begin(&out, path, 1)) != RG_OK)
        goto cleanup;
    if ((st = rg_report_write(graph, coverage, centrality, o, out.fp)) != RG_OK) {
        if (st == RG_ERR_IO)
            rg_i_error_prefix(st, path);
        goto cleanup;
    }
    st = rg_i_atomic_commit(&out);
cleanup:
    rg_i_atomic_abort(&out);
    return st;
}
