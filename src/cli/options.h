/* Command descriptions for the front end: each command's options are written once, in one
 * table, which gives getopt_long's table, the -h text and the man page (git's way). */
#ifndef RG_CLI_OPTIONS_H
#define RG_CLI_OPTIONS_H

#include <getopt.h> /* optind, optarg */
#include <stddef.h>
#include <stdio.h>

/* Texts (description, option help) are lines separated by '\n': a blank line separates
 * paragraphs; -h keeps line breaks and wraps long lines, the man page joins the lines of a
 * paragraph. A line starting with two spaces is an item of a list, "  TERM  TEXT" (TERM ends at
 * the next two spaces): -h aligns the texts of a list on its longest term, the man page makes
 * each item a .TP. */

/* One option. key is what rg_cli_next() returns for it: a letter, which is also accepted as a
 * short option when is_short is set, or any other value for a long-only option. */
typedef struct rg_cli_option {
    int key;
    int is_short;
    const char *name; /* the long name, without "--" */
    const char *arg;  /* NULL for a flag, else the argument's name in help ("DIST") */
    const char *help; /* wrapped for -h, the option's paragraph in the man page (markup above) */
} rg_cli_option;

typedef struct rg_cli_command {
    const char *name;        /* "build" */
    const char *synopsis;    /* what follows the command name: "[PROJECT.ini | REGIONS] [options]" */
    const char *summary;     /* one line: the overview and the man page's NAME */
    const char *description; /* paragraphs separated by blank lines (markup above) */
    const rg_cli_option *options; /* ends with a {0} entry; -h, -q and -v are added to every
                                     command and need no entry */
    const char *examples;    /* lines "COMMAND LINE  # what it does", or NULL */
} rg_cli_command;

/* The state of parsing one command line. */
typedef struct rg_cli_parser {
    const rg_cli_command *command;
    int argc;
    char **argv;
    int quiet;   /* -q/--quiet seen: warnings are off (rg_cli_set_quiet) */
    int verbose; /* -v/--verbose seen */
} rg_cli_parser;

/* What rg_cli_next() returns besides an option's key. */
enum {
    RG_CLI_END = -1,   /* no more options: the operands are argv[optind..] */
    RG_CLI_HELP = -2,  /* -h was given and the help printed: exit 0 */
    RG_CLI_USAGE = -3  /* an unknown option or a missing argument, reported: exit 2 */
};

void rg_cli_parser_init(rg_cli_parser *p, const rg_cli_command *command, int argc, char **argv);

/* The next option's key, its argument in optarg (getopt's), or one of the values above. -h,
 * -q and -v are handled here. */
int rg_cli_next(rg_cli_parser *p);

/* The exit code for a value of rg_cli_next() that ended the parse early (0 or 2). */
int rg_cli_exit_code(int next);

/* The k-th option of a command, its own first and then -q, -v and -h; NULL past the last. */
const rg_cli_option *rg_cli_nth_option(const rg_cli_command *c, size_t k);

/* The -h text of a command, wrapped to 80 columns. */
void rg_cli_print_help(const rg_cli_command *command, FILE *out);

/* The man page of a command, in roff (man(7)). */
void rg_cli_print_man(const rg_cli_command *command, const char *version, FILE *out);

/* A line of the overview: a command, what it does, and whether it has a table (then it has a man
 * page, regiongraph-NAME(1)). */
typedef struct rg_cli_entry {
    const char *name;
    const char *summary;
    int has_page;
} rg_cli_entry;

/* A shell completion script ("bash" or "zsh") for the commands (specs[i] NULL for one without a
 * table, e.g. help), from the same tables as -h and the man pages. 0 done, -1 unknown shell. */
int rg_cli_print_completion(const char *shell, const rg_cli_entry *commands,
                            const rg_cli_command *const *specs, size_t count, FILE *out);

/* The overview (`regiongraph -h`): usage, what the program is for, the commands. */
void rg_cli_print_overview(const rg_cli_entry *commands, size_t count, FILE *out);

/* The overview as the man page regiongraph(1), naming the commands' pages. */
void rg_cli_print_overview_man(const rg_cli_entry *commands, size_t count, const char *version,
                               FILE *out);

/* Option values: a finite number >= 0, and a whole number >= 0 (digits only). 1 when text is
 * one, with the value in *out; 0 otherwise. */
int rg_cli_parse_nonneg(const char *text, double *out);
int rg_cli_parse_count(const char *text, size_t *out);

#endif
