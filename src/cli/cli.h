/* Shared pieces of the command-line front end. The CLI is the only part that prints. */
#ifndef RG_CLI_H
#define RG_CLI_H

#include "regiongraph.h"

/* Exit codes of the command-line contract. */
enum { RG_EXIT_OK = 0, RG_EXIT_FAILED = 1, RG_EXIT_USAGE = 2 };

/* Default graph file: what build writes and export reads when no path is given. */
#define RG_CLI_DEFAULT_GRAPH "regiongraph.gpkg"

typedef int (*rg_cli_command_fn)(int argc, char **argv);

/* Prints "regiongraph: <rg_last_error() or rg_strerror(status)>" to stderr; returns 1. */
int rg_cli_fail(rg_status status);
/* Prints "regiongraph: <command>: <message>" and a hint to run -h; returns 2. */
int rg_cli_usage_error(const char *command, const char *fmt, ...);
/* Installs the warning handler that prints "regiongraph: warning: ..." unless quiet. */
void rg_cli_set_quiet(int quiet);
/* Seconds on a monotonic clock. */
double rg_cli_now(void);
/* Replaces stderr (and stdout on a terminal) by streams that write control characters from
 * the data (ESC, C1 controls...) as '?'. Called once, first thing. */
void rg_cli_clean_terminal_output(void);
/* Tunes glibc's allocator for a one-shot command (allocator.c). Called once, first thing. */
void rg_cli_tune_allocator(void);

/* Nonzero when a and b name one file: the same path, or the same device and inode. */
int rg_cli_same_file(const char *a, const char *b);
/* Whether stderr is a terminal (progress is shown only then). */
int rg_cli_stderr_is_tty(void);

/* The commands and their descriptions (cli/options.h), one cmd_<name>.c each. */
typedef struct rg_cli_command rg_cli_command;
extern const rg_cli_command rg_cli_build;
extern const rg_cli_command rg_cli_info;
extern const rg_cli_command rg_cli_export;
extern const rg_cli_command rg_cli_report;
extern const rg_cli_command rg_cli_render;
extern const rg_cli_command rg_cli_suggest;

int rg_cmd_build(int argc, char **argv);
int rg_cmd_export(int argc, char **argv);
int rg_cmd_info(int argc, char **argv);
int rg_cmd_report(int argc, char **argv);
int rg_cmd_render(int argc, char **argv);
int rg_cmd_suggest(int argc, char **argv);

/* --cutoff X of report, export and render: the path measures' cutoff (0: exact). */
#define RG_CLI_CUTOFF_HELP                                                                   \
    "centrality: count only paths up to length X (in distance units: a mean edge is 1) for " \
    "betweenness, closeness and harmonic centrality; 0 = exact; default exact up to 5000 "   \
    "nodes and 3 above (announced)"
/* Sets the centrality options from --cutoff's text; 0 when it is not a number >= 0. */
int rg_cli_parse_cutoff(const char *text, rg_centrality_options *options);
/* --at DATE|YEAR: the first and last day it stands for (YYYYMMDD); 0 when it is no date. */
int rg_cli_parse_at(const char *text, long *first, long *last);
/* Centrality progress (an rg_progress_fn): on a terminal one line rewritten in place, else
 * (-v) a line per step; rg_cli_progress_end() wipes the terminal's line. */
void rg_cli_centrality_progress(const char *step, void *data);
void rg_cli_progress_end(void);
/* Shows a step on a terminal (not with quiet, not when stderr is a file) while it runs: a line
 * without its newline, which the next step, rg_cli_progress_end() or a warning replaces. */
void rg_cli_step(int quiet, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* rg_graph_read, shown as a step ("reading PATH") while it runs. */
rg_status rg_cli_read_graph(const char *path, int quiet, rg_graph **out);

#endif
