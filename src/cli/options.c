/* One table per command gives getopt_long's options, the -h text and the man page. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"

#define MAX_OPTIONS 64
#define TAGLINE "Geographic coordination graphs: regions, their borders and who coordinates with whom."
#define EXIT_CODES "0 ok, 1 failed (bad data, I/O), 2 usage error."
#define HELP_COLUMN 24 /* where option help starts in -h */
#define WIDTH 80

static const rg_cli_option common[] = {
    {'q', 1, "quiet", NULL, "no warnings and no progress; errors are still reported"},
    {'v', 1, "verbose", NULL, "more detail on what is done and how long it takes"},
    {'h', 1, "help", NULL, "show this help"},
};
#define NCOMMON (sizeof common / sizeof common[0])

void rg_cli_parser_init(rg_cli_parser *p, const rg_cli_command *command, int argc, char **argv)
{
    memset(p, 0, sizeof *p);
    p->command = command;
    p->argc = argc;
    p->argv = argv;
    optind = 1;
    rg_cli_set_quiet(0);
}

const rg_cli_option *rg_cli_nth_option(const rg_cli_command *c, size_t k)
{
    size_t n = 0;
    while (c->options && c->options[n].name)
        n++;
    return k < n ? &c->options[k] : k < n + NCOMMON ? &common[k - n] : NULL;
}

int rg_cli_next(rg_cli_parser *p)
{
    struct option longopts[MAX_OPTIONS + 1];
    char shortopts[2 * MAX_OPTIONS + 2];
    size_t k, n = 0, s = 0;
    const rg_cli_option *o;
    int key;
    shortopts[s++] = ':'; /* a missing argument returns ':' rather than '?' */
    for (k = 0; (o = rg_cli_nth_option(p->command, k)) && n < MAX_OPTIONS; k++) {
        longopts[n].name = o->name;
        longopts[n].has_arg = o->arg ? required_argument : no_argument;
        longopts[n].flag = NULL;
        longopts[n].val = o->key;
        n++;
        if (o->is_short) {
            shortopts[s++] = (char)o->key;
            if (o->arg)
                shortopts[s++] = ':';
        }
    }
    memset(&longopts[n], 0, sizeof longopts[n]);
    shortopts[s] = '\0';
    opterr = 0;
    key = getopt_long(p->argc, p->argv, shortopts, longopts, NULL);
    switch (key) {
    case -1:
        return RG_CLI_END;
    case 'h':
        rg_cli_print_help(p->command, stdout);
        return RG_CLI_HELP;
    case 'q':
        p->quiet = 1;
        rg_cli_set_quiet(1);
        return rg_cli_next(p);
    case 'v':
        p->verbose = 1;
        return rg_cli_next(p);
    case ':':
        rg_cli_usage_error(p->command->name, "option '%s' needs an argument",
                           p->argv[optind - 1]);
        return RG_CLI_USAGE;
    case '?':
        rg_cli_usage_error(p->command->name, "unknown option '%s'", p->argv[optind - 1]);
        return RG_CLI_USAGE;
    default:
        return key;
    }
}

int rg_cli_exit_code(int next)
{
    return next == RG_CLI_HELP ? RG_EXIT_OK : RG_EXIT_USAGE;
}

/* The text markup of descriptions and option help (options.h): lines are separated by '\n', a
 * blank line separates paragraphs, and a line starting with two spaces is an item of a list,
 * "  TERM  TEXT" (TERM ends at the next two spaces). */
static int is_item(const char *line)
{
    return line[0] == ' ' && line[1] == ' ';
}

/* The length of an item's term, and where its text starts. */
static size_t item_term(const char *line, const char *eol, const char **text)
{
    const char *t = line + 2, *p = t;
    while (p < eol && !(p[0] == ' ' && p + 1 < eol && p[1] == ' '))
        p++;
    *text = p;
    while (*text < eol && **text == ' ')
        (*text)++;
    return (size_t)(p - t);
}

static const char *line_end(const char *p)
{
    const char *e = strchr(p, '\n');
    return e ? e : p + strlen(p);
}

/* Writes the words of [p, end) from column col (already reached), breaking lines before WIDTH
 * and indenting continuation lines by indent; ends the line. */
static void wrap_words(FILE *out, const char *p, const char *end, size_t col, size_t indent)
{
    size_t start = col;
    while (p < end) {
        const char *w;
        size_t len;
        if (*p == ' ') {
            p++;
            continue;
        }
        for (w = p; w < end && *w != ' '; w++)
            ;
        len = (size_t)(w - p);
        if (col > start && col + 1 + len > WIDTH) {
            fprintf(out, "\n%*s", (int)indent, "");
            col = start = indent;
        } else if (col > start) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, len, out);
        col += len;
        p = w;
    }
    fputc('\n', out);
}

/* Writes text wrapped at WIDTH, the first line starting at column `at` (already reached), the
 * others indented by `indent`; items are indented by at least 2, their texts aligned. */
static void wrap(FILE *out, const char *text, size_t at, size_t indent)
{
    const char *p = text;
    size_t col = at, term_col = indent < 2 ? 2 : indent, text_col = 0;
    int first = 1;
    while (first || *p) {
        const char *eol = line_end(p), *body;
        if (!first && col == 0 && p == eol) {
            fputc('\n', out); /* a blank line between paragraphs */
        } else if (is_item(p)) {
            size_t len = item_term(p, eol, &body), k;
            if (!text_col) { /* the first item of a list: align the texts on the longest term */
                const char *q = p;
                while (*q && is_item(q)) {
                    const char *qe = line_end(q), *qb;
                    size_t n = item_term(q, qe, &qb);
                    if (term_col + n + 2 > text_col)
                        text_col = term_col + n + 2;
                    q = *qe ? qe + 1 : qe;
                }
            }
            for (k = col; k < term_col; k++)
                fputc(' ', out);
            fwrite(p + 2, 1, len, out);
            for (k = term_col + len; k < text_col; k++)
                fputc(' ', out);
            wrap_words(out, body, eol, text_col, text_col);
        } else {
            text_col = 0;
            for (size_t k = col; k < indent; k++)
                fputc(' ', out);
            wrap_words(out, p, eol, col > indent ? col : indent, indent);
        }
        if (!is_item(p))
            text_col = 0;
        col = 0;
        first = 0;
        p = *eol ? eol + 1 : eol;
    }
}

static void option_label(const rg_cli_option *o, char *buf, size_t size)
{
    if (o->is_short)
        snprintf(buf, size, "-%c, --%s%s%s", o->key, o->name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
    else
        snprintf(buf, size, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

void rg_cli_print_help(const rg_cli_command *c, FILE *out)
{
    const rg_cli_option *o;
    size_t k;
    fprintf(out, "usage: regiongraph %s %s\n\n", c->name, c->synopsis);
    wrap(out, c->description, 0, 0);
    fputs("\noptions:\n", out);
    for (k = 0; (o = rg_cli_nth_option(c, k)); k++) {
        char label[96];
        size_t len;
        option_label(o, label, sizeof label);
        fprintf(out, "  %s", label);
        len = 2 + strlen(label);
        if (len + 2 > HELP_COLUMN) {
            fprintf(out, "\n%*s", HELP_COLUMN, "");
        } else {
            fprintf(out, "%*s", (int)(HELP_COLUMN - len), "");
        }
        wrap(out, o->help, HELP_COLUMN, HELP_COLUMN);
    }
    if (c->examples) {
        fputs("\nexamples:\n", out);
        for (const char *p = c->examples; *p;) {
            const char *end = strchr(p, '\n');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            fprintf(out, "  %.*s\n", (int)len, p);
            p += len + (end ? 1 : 0);
        }
    }
}

/* Text for roff: backslashes doubled, '-' as \- (so that options can be searched and copied),
 * a leading '.' or '\'' protected. */
static void roff(FILE *out, const char *s, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) {
        char ch = s[k];
        if ((k == 0 || s[k - 1] == '\n') && (ch == '.' || ch == '\''))
            fputs("\\&", out);
        if (ch == '\\')
            fputs("\\e", out);
        else if (ch == '-')
            fputs("\\-", out);
        else
            fputc(ch, out);
    }
}

static void roff_text(FILE *out, const char *s)
{
    roff(out, s, strlen(s));
}

/* Text in the markup above as roff. Paragraphs start with .PP in a section (nested = 0), and
 * with .IP inside an option's .TP (nested = 1), where the text starts the first paragraph; single
 * newlines are joined. A list of items is a .TP per item (in .RS/.RE when nested), indented by
 * its longest term. */
static void roff_markup(FILE *out, const char *text, int nested)
{
    const char *p = text;
    int in_list = 0, para_open = nested; /* nested: the .TP's body is the first paragraph */
    while (*p) {
        const char *eol = line_end(p), *body;
        if (p == eol) {
            para_open = 0;
            if (in_list)
                fputs(nested ? ".PD\n.RE\n" : ".PD\n", out);
            in_list = 0;
        } else if (is_item(p)) {
            size_t len = item_term(p, eol, &body);
            if (!in_list) {
                size_t width = 0;
                for (const char *q = p; *q && is_item(q);) {
                    const char *qe = line_end(q), *qb;
                    size_t n = item_term(q, qe, &qb);
                    width = n > width ? n : width;
                    q = *qe ? qe + 1 : qe;
                }
                if (nested)
                    fputs(".RS\n", out);
                fprintf(out, ".TP %zu\n", width + 2);
                in_list = 1;
            } else {
                fputs(".TP\n", out);
            }
            fputs("\\fB", out);
            roff(out, p + 2, len);
            fputs("\\fR\n", out);
            roff(out, body, (size_t)(eol - body));
            /* the first item after a space, the others without one (.PD 0) */
            fputs(in_list == 1 ? "\n.PD 0\n" : "\n", out);
            in_list = 2;
            para_open = 0;
        } else {
            if (in_list)
                fputs(nested ? ".PD\n.RE\n" : ".PD\n", out);
            in_list = 0;
            if (!para_open)
                fputs(nested ? ".IP\n" : ".PP\n", out);
            para_open = 1;
            roff(out, p, (size_t)(eol - p));
            fputc('\n', out);
        }
        p = *eol ? eol + 1 : eol;
    }
    if (in_list)
        fputs(nested ? ".PD\n.RE\n" : ".PD\n", out);
}

void rg_cli_print_man(const rg_cli_command *c, const char *version, FILE *out)
{
    const rg_cli_option *o;
    size_t k;
    fprintf(out, ".TH REGIONGRAPH\\-%s 1 \"\" \"regiongraph %s\" \"regiongraph manual\"\n", c->name,
            version);
    fputs(".SH NAME\nregiongraph\\-", out);
    roff_text(out, c->name);
    fputs(" \\- ", out);
    roff_text(out, c->summary);
    fputs("\n.SH SYNOPSIS\n.B regiongraph ", out);
    roff_text(out, c->name);
    fputc('\n', out);
    roff_text(out, c->synopsis);
    fputs("\n.SH DESCRIPTION\n", out);
    roff_markup(out, c->description, 0);
    fputs(".SH OPTIONS\n", out);
    for (k = 0; (o = rg_cli_nth_option(c, k)); k++) {
        fputs(".TP\n", out);
        if (o->is_short)
            fprintf(out, "\\fB\\-%c\\fR, ", o->key);
        fputs("\\fB\\-\\-", out);
        roff_text(out, o->name);
        fputs("\\fR", out);
        if (o->arg) {
            fputs(" \\fI", out);
            roff_text(out, o->arg);
            fputs("\\fR", out);
        }
        fputc('\n', out);
        roff_markup(out, o->help, 1);
    }
    if (c->examples) {
        fputs(".SH EXAMPLES\n.nf\n", out);
        roff_text(out, c->examples);
        fputs("\n.fi\n", out);
    }
    fputs(".SH EXIT STATUS\n" EXIT_CODES "\n.SH SEE ALSO\n\\fBregiongraph\\fR(1)\n", out);
}

void rg_cli_print_overview(const rg_cli_entry *commands, size_t count, FILE *out)
{
    size_t i;
    fputs("usage: regiongraph COMMAND [ARGS]\n"
          "       regiongraph help [COMMAND] | --help | --version\n\n" TAGLINE "\n\ncommands:\n",
          out);
    for (i = 0; i < count; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\nrun 'regiongraph COMMAND -h' for the options of a command.\n"
          "exit codes: " EXIT_CODES "\n",
          out);
}

void rg_cli_print_overview_man(const rg_cli_entry *commands, size_t count, const char *version,
                               FILE *out)
{
    size_t i, pages = 0;
    fprintf(out, ".TH REGIONGRAPH 1 \"\" \"regiongraph %s\" \"regiongraph manual\"\n", version);
    fputs(".SH NAME\nregiongraph \\- geographic coordination graphs\n"
          ".SH SYNOPSIS\n.B regiongraph\nCOMMAND [ARGS]\n.br\n.B regiongraph help\n"
          "[COMMAND] | \\-\\-help | \\-\\-version\n"
          ".SH DESCRIPTION\n.PP\n", out);
    roff_text(out, TAGLINE);
    fputs("\n.PP\nEach command has its own options: \\fBregiongraph\\fR \\fICOMMAND\\fR "
          "\\fB\\-h\\fR lists them, and its manual page tells them in full; "
          "\\fBregiongraph help \\-\\-man\\fR [\\fICOMMAND\\fR] prints these pages.\n"
          ".SH COMMANDS\n", out);
    for (i = 0; i < count; i++) {
        fputs(i == 0 ? ".TP 8\n\\fB" : ".TP\n\\fB", out);
        roff_text(out, commands[i].name);
        fputs("\\fR\n", out);
        roff_text(out, commands[i].summary);
        fputc('\n', out);
        pages += commands[i].has_page != 0;
    }
    fputs(".SH OPTIONS\n.TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nshow the list of commands\n"
          ".TP\n\\fB\\-V\\fR, \\fB\\-\\-version\\fR\nshow the version\n"
          ".SH EXIT STATUS\n" EXIT_CODES "\n", out);
    if (pages) {
        size_t seen = 0;
        fputs(".SH SEE ALSO\n", out);
        for (i = 0; i < count; i++) {
            if (!commands[i].has_page)
                continue;
            fputs("\\fBregiongraph\\-", out);
            roff_text(out, commands[i].name);
            fputs(++seen < pages ? "\\fR(1),\n" : "\\fR(1)\n", out);
        }
    }
}

/* A finite number >= 0. */
int rg_cli_parse_nonneg(const char *text, double *out)
{
    char *end;
    double v;
    if (!text || !*text)
        return 0;
    errno = 0;
    v = strtod(text, &end);
    if (errno || *end || !(v >= 0) || v > 1e300)
        return 0;
    *out = v;
    return 1;
}

int rg_cli_parse_count(const char *text, size_t *out)
{
    char *end;
    unsigned long long v;
    if (!text || *text < '0' || *text > '9')
        return 0;
    errno = 0;
    v = strtoull(text, &end, 10);
    if (errno || *end || v > (size_t)-1)
        return 0;
    *out = (size_t)v;
    return 1;
}
