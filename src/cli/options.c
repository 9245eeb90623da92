/* One table per command gives getopt_long's options, the -h text and the man page. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"

#define MAX_OPTIONS 64
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

static const rg_cli_option *nth_option(const rg_cli_command *c, size_t k)
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
    for (k = 0; (o = nth_option(p->command, k)) && n < MAX_OPTIONS; k++) {
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

/* Writes text wrapped at WIDTH, the first line starting at column `at` (already reached), the
 * others indented by `indent`. Blank lines in text separate paragraphs. */
static void wrap(FILE *out, const char *text, size_t at, size_t indent)
{
    size_t col = at;
    const char *p = text;
    while (*p) {
        const char *end;
        size_t len;
        if (*p == '\n') {
            fputc('\n', out);
            col = 0;
            p++;
            if (*p == '\n')
                continue;
            fprintf(out, "%*s", (int)indent, "");
            col = indent;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        for (end = p; *end && *end != ' ' && *end != '\n'; end++)
            ;
        len = (size_t)(end - p);
        if (col > indent && col + 1 + len > WIDTH) {
            fprintf(out, "\n%*s", (int)indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, len, out);
        col += len;
        p = end;
    }
    fputc('\n', out);
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
    for (k = 0; (o = nth_option(c, k)); k++) {
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

/* Paragraphs (separated by blank lines) as .PP blocks; single newlines are joined. */
static void roff_paragraphs(FILE *out, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        fputs(".PP\n", out);
        roff(out, p, len);
        fputc('\n', out);
        p += len;
        while (*p == '\n')
            p++;
    }
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
    roff_paragraphs(out, c->description);
    fputs(".SH OPTIONS\n", out);
    for (k = 0; (o = nth_option(c, k)); k++) {
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
        roff_text(out, o->help);
        fputc('\n', out);
    }
    if (c->examples) {
        fputs(".SH EXAMPLES\n.nf\n", out);
        roff_text(out, c->examples);
        fputs("\n.fi\n", out);
    }
    fputs(".SH EXIT STATUS\n0 ok, 1 failed (bad data, I/O), 2 usage error.\n"
          ".SH SEE ALSO\n\\fBregiongraph\\fR(1)", out);
    fputc('\n', out);
}
