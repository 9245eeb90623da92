/* The command table of `regiongraph`, global options, and signal handling. */
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock_internal.h"
#include "cli/cli.h"
#include "cli/options.h"

typedef struct command {
    const char *name;
    rg_cli_command_fn fn;
    const char *summary;
    const rg_cli_command *spec; /* options, help and man page; NULL for `help` itself */
} command;

static int cmd_help(int argc, char **argv);

static const command commands[] = {
    {"build", rg_cmd_build, NULL, &rg_cli_build},
    {"report", rg_cmd_report, NULL, &rg_cli_report},
    {"render", rg_cmd_render, NULL, &rg_cli_render},
    {"export", rg_cmd_export, NULL, &rg_cli_export},
    {"info", rg_cmd_info, NULL, &rg_cli_info},
    {"suggest", rg_cmd_suggest, NULL, &rg_cli_suggest},
    {"help", cmd_help, "help on a command", NULL},
};

static const size_t ncommands = sizeof commands / sizeof commands[0];

/* The overview's lines: each command's summary from its table when it has one. */
static void overview_entries(rg_cli_entry *entries)
{
    size_t i;
    for (i = 0; i < ncommands; i++) {
        entries[i].name = commands[i].name;
        entries[i].summary = commands[i].spec ? commands[i].spec->summary : commands[i].summary;
        entries[i].has_page = commands[i].spec != NULL;
    }
}

static void print_overview(FILE *out)
{
    rg_cli_entry entries[sizeof commands / sizeof commands[0]];
    overview_entries(entries);
    rg_cli_print_overview(entries, ncommands, out);
}

static const command *find_command(const char *name)
{
    size_t i;
    for (i = 0; i < ncommands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int cmd_help(int argc, char **argv)
{
    const command *c;
    char help_flag[] = "--help";
    char *sub_argv[3];
    if (argc == 2 && strcmp(argv[1], "--man") == 0) {
        /* the overview page regiongraph(1) (meson's man target) */
        rg_cli_entry entries[sizeof commands / sizeof commands[0]];
        overview_entries(entries);
        rg_cli_print_overview_man(entries, ncommands, RG_VERSION, stdout);
        return fflush(stdout) == 0 ? RG_EXIT_OK : RG_EXIT_FAILED;
    }
    if (argc == 3 && strcmp(argv[1], "--man") == 0) {
        /* the man pages are generated from the option tables (meson's man target) */
        c = find_command(argv[2]);
        if (!c || !c->spec) {
            fprintf(stderr, "regiongraph: help: no man page for '%s'\n", argv[2]);
            return RG_EXIT_USAGE;
        }
        rg_cli_print_man(c->spec, RG_VERSION, stdout);
        return fflush(stdout) == 0 ? RG_EXIT_OK : RG_EXIT_FAILED;
    }
    if (argc == 3 && strcmp(argv[1], "--completion") == 0) {
        /* bash and zsh completion from the option tables (tools/completion/meson.build) */
        rg_cli_entry entries[sizeof commands / sizeof commands[0]];
        const rg_cli_command *specs[sizeof commands / sizeof commands[0]];
        size_t i;
        overview_entries(entries);
        for (i = 0; i < ncommands; i++)
            specs[i] = commands[i].spec;
        if (rg_cli_print_completion(argv[2], entries, specs, ncommands, stdout) != 0) {
            fprintf(stderr, "regiongraph: help: --completion knows bash and zsh, not '%s'\n",
                    argv[2]);
            return RG_EXIT_USAGE;
        }
        return fflush(stdout) == 0 ? RG_EXIT_OK : RG_EXIT_FAILED;
    }
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        print_overview(stdout);
        return RG_EXIT_OK;
    }
    c = find_command(argv[1]);
    if (!c || c->fn == cmd_help) {
        if (c) {
            print_overview(stdout);
            return RG_EXIT_OK;
        }
        fprintf(stderr, "regiongraph: help: unknown command '%s'\n", argv[1]);
        print_overview(stderr);
        return RG_EXIT_USAGE;
    }
    sub_argv[0] = argv[1];
    sub_argv[1] = help_flag;
    sub_argv[2] = NULL;
    return c->fn(2, sub_argv);
}

int rg_cli_fail(rg_status status)
{
    const char *msg = rg_last_error();
    fprintf(stderr, "regiongraph: %s\n", msg && *msg ? msg : rg_strerror(status));
    return RG_EXIT_FAILED;
}

int rg_cli_usage_error(const char *command_name, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "regiongraph: %s: ", command_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nrun 'regiongraph %s -h' for usage\n", command_name);
    return RG_EXIT_USAGE;
}

/* The line shown on a terminal while a step runs (rg_cli_step, the centrality's steps), without
 * its newline, and its width; erased with spaces (stderr turns ESC into '?', see terminal.c). A
 * warning takes its place, then the line is shown again below it. Warnings may come from the
 * export's second thread: the line is kept under line_lock. */
static char open_line[600];
static size_t open_width;
static pthread_mutex_t line_lock = PTHREAD_MUTEX_INITIALIZER;

static void erase_open_line(void)
{
    if (open_width)
        fprintf(stderr, "\r%*s\r", (int)open_width, "");
    open_width = 0;
}

static void show_open_line(void)
{
    fputs(open_line, stderr);
    fflush(stderr);
    open_width = strlen(open_line);
}

static void print_warning(const char *message, void *user_data)
{
    int open;
    (void)user_data;
    pthread_mutex_lock(&line_lock);
    open = open_width > 0;
    erase_open_line();
    fprintf(stderr, "regiongraph: warning: %s\n", message);
    if (open)
        show_open_line();
    pthread_mutex_unlock(&line_lock);
}

void rg_cli_step(int quiet, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (quiet || !rg_cli_stderr_is_tty())
        return;
    pthread_mutex_lock(&line_lock);
    erase_open_line();
    n = snprintf(open_line, sizeof open_line, "regiongraph: ");
    va_start(ap, fmt);
    vsnprintf(open_line + n, sizeof open_line - (size_t)n, fmt, ap);
    va_end(ap);
    show_open_line();
    pthread_mutex_unlock(&line_lock);
}

rg_status rg_cli_read_graph(const char *path, int quiet, rg_graph **out)
{
    rg_status st;
    rg_cli_step(quiet, "reading %s", path);
    st = rg_graph_read(path, out);
    rg_cli_progress_end();
    return st;
}

void rg_cli_set_quiet(int quiet)
{
    rg_set_warning_handler(quiet ? NULL : print_warning, NULL);
}

int rg_cli_parse_at(const char *text, long *first, long *last)
{
    long ymd;
    if (!rg_date_parse(text, &ymd) || !ymd)
        return 0;
    *first = rg_date_first_day(ymd);
    *last = rg_date_last_day(ymd);
    return 1;
}

int rg_cli_parse_cutoff(const char *text, rg_centrality_options *options)
{
    double x;
    if (!rg_cli_parse_nonneg(text, &x))
        return 0;
    options->betweenness_cutoff = x;
    options->exact = x == 0;
    return 1;
}

void rg_cli_centrality_progress(const char *step, void *data)
{
    (void)data;
    if (rg_cli_stderr_is_tty()) {
        pthread_mutex_lock(&line_lock);
        erase_open_line();
        snprintf(open_line, sizeof open_line, "regiongraph: computing %s", step);
        show_open_line();
        pthread_mutex_unlock(&line_lock);
        return;
    }
    fprintf(stderr, "regiongraph: centrality: %s\n", step);
    fflush(stderr);
}

void rg_cli_progress_end(void)
{
    pthread_mutex_lock(&line_lock);
    erase_open_line();
    pthread_mutex_unlock(&line_lock);
}

int rg_cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (strcmp(a, b) == 0)
        return 1;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

double rg_cli_now(void)
{
    return rg_i_now();
}

int rg_cli_stderr_is_tty(void)
{
    return isatty(STDERR_FILENO);
}

/* Outputs are written under hidden temporary names and renamed into place when complete; on
 * an interruption the temporaries in progress are removed, and the process then dies of the
 * same signal (the default action, the handler being reset), so that the shell sees how it
 * ended. Only async-signal-safe calls. */
static void on_signal(int sig)
{
    /* The four signals stay blocked while this runs (no SA_RESETHAND, which on Linux also lets
     * the same signal in again): a second SIGTERM, as `timeout` sends, waits until the
     * temporaries are gone instead of killing the process halfway through removing them. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    rg_remove_temporaries();
    sigaction(sig, &dfl, NULL);
    raise(sig); /* pending until the handler returns, then the default action */
}

static void install_signal_handlers(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    struct sigaction sa, old;
    size_t k;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = 0;
    sigemptyset(&sa.sa_mask);
    for (k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
        sigaddset(&sa.sa_mask, sigs[k]);
    for (k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
        /* a signal ignored by whoever started us (nohup, a background job) stays ignored */
        if (sigaction(sigs[k], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[k], &sa, NULL);
    }
}

int main(int argc, char **argv)
{
    const command *c;
    rg_cli_tune_allocator();
    rg_cli_clean_terminal_output();
    if (argc < 2) {
        print_overview(stderr);
        return RG_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("regiongraph %s\n", rg_version());
        return RG_EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_overview(stdout);
        return RG_EXIT_OK;
    }
    c = find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "regiongraph: '%s' is not a command\n", argv[1]);
        print_overview(stderr);
        return RG_EXIT_USAGE;
    }
    rg_cli_set_quiet(0);
    install_signal_handlers();
    return c->fn(argc - 1, argv + 1);
}
