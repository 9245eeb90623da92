/* The end of a build: the graph file written by a second thread while the calling thread runs
 * the diagnostics the build left for later; the file is put in place only once both succeeded.
 *
 * The diagnostics are not stored in the graph file, and neither thread changes what the other
 * reads: the write reads the graph, the diagnostics the regions and pairs of each level (the
 * graph's own for a single level). The one cache behind a const pointer, the regions' hierarchy
 * index, is built before the second thread starts. The diagnostics stay in the calling thread
 * so that their progress (rg_build_options.fraction) is reported as before; the write's
 * fraction is handed over under a lock and reported from the calling thread too.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock_internal.h"
#include "base/error_internal.h"
#include "base/threads_internal.h"
#include "graph/build_internal.h"
#include "regiongraph/export.h"
#include "write/graphfile_internal.h"

typedef struct write_job {
    const rg_graph *graph;
    const char *path;
    rg_graph_write_options options; /* the caller's, with the fraction handed over below */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    /* under the lock: */
    int diagnosed;        /* 1: the diagnostics are over, with diagnose_st */
    rg_status diagnose_st;
    int written;          /* 1: the write is over, with write_st and its message (the error
                             slot is per thread) */
    rg_status write_st;
    char msg[1024];
    double fraction;      /* the write's last fraction done; < 0: none yet */
    /* the write thread's own: */
    double seconds_write, seconds_waited;
} write_job;

static void hand_over_fraction(double fraction, void *data)
{
    write_job *j = data;
    pthread_mutex_lock(&j->lock);
    j->fraction = fraction;
    pthread_mutex_unlock(&j->lock);
}

/* The write's commit gate: the file waits for the diagnostics, and goes when they failed. */
static rg_status wait_for_diagnostics(void *data)
{
    write_job *j = data;
    double t = rg_i_now();
    rg_status st;
    pthread_mutex_lock(&j->lock);
    while (!j->diagnosed)
        pthread_cond_wait(&j->changed, &j->lock);
    st = j->diagnose_st;
    pthread_mutex_unlock(&j->lock);
    j->seconds_waited = rg_i_now() - t;
    return st == RG_OK ? RG_OK : rg_i_error(st, "the diagnostics failed");
}

static void *write_thread(void *arg)
{
    write_job *j = arg;
    double t = rg_i_now();
    rg_status st = rg_i_graph_write_gated(j->graph, j->path, &j->options, wait_for_diagnostics, j);
    j->seconds_write = rg_i_now() - t - j->seconds_waited;
    pthread_mutex_lock(&j->lock);
    j->written = 1;
    j->write_st = st;
    if (st != RG_OK)
        snprintf(j->msg, sizeof j->msg, "%s", rg_last_error());
    pthread_cond_broadcast(&j->changed);
    pthread_mutex_unlock(&j->lock);
    return NULL;
}

/* Waits for the write thread, reporting its fraction done a few times a second. */
static void wait_for_write(write_job *j, rg_fraction_fn fraction, void *progress_data)
{
    double f;
    int done;
    struct timespec until;
    pthread_mutex_lock(&j->lock);
    for (;;) {
        done = j->written;
        f = j->fraction;
        if (done)
            break;
        pthread_mutex_unlock(&j->lock);
        if (fraction && f >= 0)
            fraction(f, progress_data);
        pthread_mutex_lock(&j->lock);
        if (j->written)
            continue;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!j->written && pthread_cond_timedwait(&j->changed, &j->lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&j->lock);
}

static void say(rg_progress_fn progress, void *data, const char *what, const char *name)
{
    char msg[1024];
    if (!progress)
        return;
    snprintf(msg, sizeof msg, "%s%s%s%s", what, name ? " (" : "", name ? name : "",
             name ? ")" : "");
    progress(msg, data);
}

/* The diagnostics left for later, in this thread, with their progress. */
static rg_status diagnose(const rg_graph *graph, rg_build_result *result,
                          const rg_graph_write_options *options, rg_progress_fn progress,
                          void *progress_data)
{
    size_t k;
    for (k = 0; k < result->later->n; k++)
        say(progress, progress_data, "looking for near misses, overlaps and isolated regions",
            result->later->level[k].name);
    return rg_i_build_run_later(graph, result, options ? options->fraction : NULL,
                                options ? options->progress_data : NULL);
}

static rg_status write_beside(const rg_graph *graph, rg_build_result *result, const char *path,
                              const rg_graph_write_options *options, rg_progress_fn progress,
                              void *progress_data, int *started)
{
    write_job *j = calloc(1, sizeof *j);
    pthread_t thread;
    rg_status st;
    if (!j)
        return RG_I_NOMEM();
    j->graph = graph;
    j->path = path;
    if (options)
        j->options = *options;
    j->options.fraction = hand_over_fraction;
    j->options.progress_data = j;
    j->fraction = -1;
    pthread_mutex_init(&j->lock, NULL);
    pthread_cond_init(&j->changed, NULL);
    rg_regions_level_count(rg_graph_regions(graph)); /* builds the index, before the thread */
    say(progress, progress_data, "writing the graph file, beside the diagnostics", NULL);
    if (pthread_create(&thread, NULL, write_thread, j) != 0) {
        st = RG_OK; /* no second thread: the caller does it all in this one */
        goto cleanup;
    }
    *started = 1;
    rg_i_threads_beside(1); /* the write: the diagnostics take no third thread on two cores */
    st = diagnose(graph, result, options, progress, progress_data);
    rg_i_threads_beside(0);
    pthread_mutex_lock(&j->lock);
    j->diagnosed = 1;
    j->diagnose_st = st;
    pthread_cond_broadcast(&j->changed);
    if (st == RG_OK && !j->written) {
        pthread_mutex_unlock(&j->lock);
        say(progress, progress_data, "finishing the graph file", NULL);
    } else {
        pthread_mutex_unlock(&j->lock);
    }
    wait_for_write(j, options ? options->fraction : NULL, options ? options->progress_data : NULL);
    pthread_join(thread, NULL);
    result->seconds_write = j->seconds_write;
    result->seconds_waited = j->seconds_waited;
    result->diagnosed_beside_write = 1;
    /* the diagnostics' failure is this thread's already; a write's failure is carried over */
    if (st == RG_OK && j->write_st != RG_OK)
        st = rg_i_error(j->write_st, "%s", j->msg);
cleanup:
    pthread_cond_destroy(&j->changed);
    pthread_mutex_destroy(&j->lock);
    free(j);
    return st;
}

rg_status rg_build_write(const rg_graph *graph, rg_build_result *result, const char *path,
                         const rg_graph_write_options *options, rg_progress_fn progress,
                         void *progress_data)
{
    rg_status st = RG_OK;
    int later, started = 0;
    size_t k;
    double t;

    rg_i_library_init();
    if (!graph || !result || !path)
        return rg_i_error(RG_ERR_ARG, "rg_build_write: a graph, the build's result and a path "
                          "are required");
    later = result->later != NULL;
    result->diagnosed_beside_write = 0;
    result->seconds_write = result->seconds_waited = 0;
    if (later && rg_i_threads_allowed())
        st = write_beside(graph, result, path, options, progress, progress_data, &started);
    if (!started) {
        /* one thread: the diagnostics, then the write */
        if (st == RG_OK && later)
            st = diagnose(graph, result, options, progress, progress_data);
        if (st == RG_OK) {
            say(progress, progress_data, "writing the graph file", NULL);
            t = rg_i_now();
            st = rg_graph_write_ex(graph, path, options);
            result->seconds_write = rg_i_now() - t;
        }
    }
    /* the level summaries wait for the diagnostics (rg_build_project made them otherwise) */
    if (st == RG_OK && later)
        st = rg_i_build_summarise(graph, result);
    if (st != RG_OK) {
        for (k = 0; k < result->ndiagnostics; k++)
            rg_diagnostics_free(result->diagnostics[k].diagnostics);
        free(result->diagnostics);
        result->diagnostics = NULL;
        result->ndiagnostics = 0;
    }
    return st;
}
