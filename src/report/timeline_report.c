/* `report --timeline`: coverage through time, one row per day on which it changes, in the four
 * report formats. */
#include <errno.h>
#include <string.h>

#include "base/atomic_internal.h"
#include "base/error_internal.h"
#include "base/text_internal.h"
#include "regiongraph/report.h"
#include "report/units_internal.h"
#include "report/table_internal.h"

static rg_status timeline_table(const rg_timeline_row *rows, size_t n, int markdown, int mu,
                                FILE *out)
{
    static const char *const headers[] = {"date", "in force", "covered", "pairs", "km",
                                          "frontier gaps", "frontier km"};
    char hb[32];
    rg_i_table *t = NULL;
    size_t k, c;
    char date[11];
    rg_status st;
    if ((st = rg_i_table_new(7, &t)) != RG_OK)
        goto cleanup;
    for (c = 0; c < 7; c++)
        if ((st = rg_i_table_column(t, c, rg_i_mu_name(mu, headers[c], hb, sizeof hb),
                                    c ? RG_I_ALIGN_RIGHT : RG_I_ALIGN_LEFT, 0)) != RG_OK)
            goto cleanup;
    for (k = 0; k < n; k++) {
        rg_date_format(rows[k].date, 0, date);
        if ((st = rg_i_table_add(t, date)) != RG_OK ||
            (st = rg_i_table_addf(t, "%zu", rows[k].in_force)) != RG_OK ||
            (st = rg_i_table_addf(t, "%zu", rows[k].covered)) != RG_OK ||
            (st = rg_i_table_addf(t, "%zu", rows[k].pairs_coordinated)) != RG_OK ||
            (st = rg_i_table_addf(t, "%.1f", rows[k].km_coordinated)) != RG_OK ||
            (st = rg_i_table_addf(t, "%zu", rows[k].frontier_gaps)) != RG_OK ||
            (st = rg_i_table_addf(t, "%.1f", rows[k].frontier_gap_km)) != RG_OK)
            goto cleanup;
    }
    fprintf(out, "%sCoverage through time: %zu change%s\n\n", markdown ? "## " : "", n,
            n == 1 ? "" : "s");
    if (n == 0) {
        fputs("No mechanism has a start or an end date.\n", out);
        goto cleanup;
    }
    st = markdown ? rg_i_table_write_markdown(t, out)
                  : rg_i_table_write_text(t, out, "  ", 80);
    if (st == RG_OK)
        fprintf(out, "%sEach row: coverage from that day on (a year alone: from 1 January).\n",
                markdown ? "\n" : "\n  ");
cleanup:
    rg_i_table_free(t);
    return st;
}

rg_status rg_report_timeline(const rg_timeline_row *rows, size_t n, rg_format format, FILE *out)
{
    return rg_i_report_timeline(rows, n, format, 0, out);
}

rg_status rg_i_report_timeline(const rg_timeline_row *rows, size_t n, rg_format format, int mu,
                               FILE *out)
{
    size_t k;
    char date[11];
    rg_status st = RG_OK;
    errno = 0;
    switch (format) {
    case RG_FORMAT_TABLE:
    case RG_FORMAT_MARKDOWN:
        st = timeline_table(rows, n, format == RG_FORMAT_MARKDOWN, mu, out);
        break;
    case RG_FORMAT_JSON:
        fputs("{\n  \"section\": \"timeline\",\n  \"rows\": [", out);
        for (k = 0; k < n; k++) {
            rg_date_format(rows[k].date, 0, date);
            rg_i_mu_printf(out, mu, 1, "%s    {\"date\": \"%s\", \"in_force\": %zu, \"covered\": %zu, "
                         "\"pairs_coordinated\": %zu, \"km_coordinated\": ",
                    k ? ",\n" : "\n", date, rows[k].in_force, rows[k].covered,
                    rows[k].pairs_coordinated);
            rg_i_json_real(out, rows[k].km_coordinated);
            rg_i_mu_printf(out, mu, 1, ", \"frontier_gaps\": %zu, \"frontier_gap_km\": ",
                           rows[k].frontier_gaps);
            rg_i_json_real(out, rows[k].frontier_gap_km);
            fputc('}', out);
        }
        fputs(n ? "\n  ]\n}\n" : "]\n}\n", out);
        break;
    case RG_FORMAT_CSV:
        rg_i_mu_fputs(out, mu, 1,
                      "date,in_force,covered,pairs_coordinated,km_coordinated,frontier_gaps,"
                      "frontier_gap_km\r\n");
        for (k = 0; k < n; k++) {
            rg_date_format(rows[k].date, 0, date);
            fprintf(out, "%s,%zu,%zu,%zu,", date, rows[k].in_force, rows[k].covered,
                    rows[k].pairs_coordinated);
            rg_i_csv_real(out, rows[k].km_coordinated);
            fprintf(out, ",%zu,", rows[k].frontier_gaps);
            rg_i_csv_real(out, rows[k].frontier_gap_km);
            fputs("\r\n", out);
        }
        break;
    default: st = rg_i_error(RG_ERR_ARG, "timeline report: unknown format %d", (int)format);
    }
    if (st == RG_OK && (fflush(out) != 0 || ferror(out)))
        st = rg_i_error(RG_ERR_IO, "cannot write the report: %s", strerror(errno ? errno : EIO));
    return st;
}

rg_status rg_report_timeline_file(const rg_timeline_row *rows, size_t n, rg_format format,
                                  const char *path)
{
    return rg_i_report_timeline_file(rows, n, format, 0, path);
}

rg_status rg_i_report_timeline_file(const rg_timeline_row *rows, size_t n, rg_format format,
                                    int mu, const char *path)
{
    rg_i_atomic out;
    rg_status st;
    memset(&out, 0, sizeof out);
    if ((st = rg_i_atomic_begin(&out, path, 1)) != RG_OK)
        goto cleanup;
    if ((st = rg_i_report_timeline(rows, n, format, mu, out.fp)) != RG_OK) {
        if (st == RG_ERR_IO)
            rg_i_error_prefix(st, path);
        goto cleanup;
    }
    st = rg_i_atomic_commit(&out);
cleanup:
    rg_i_atomic_abort(&out);
    return st;
}
