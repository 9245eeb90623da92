/* Atomic output: write to a temporary file beside the destination, rename into place.
 *
 * The one way the library writes a file of its own (reports, graph files, GeoJSON, network
 * files): rg_i_atomic_begin(&a, dest, 1) gives a stream in a.fp, rg_i_atomic_commit(&a) makes
 * it dest, rg_i_atomic_abort(&a) in the cleanup path removes whatever is left. */
#ifndef RG_ATOMIC_INTERNAL_H
#define RG_ATOMIC_INTERNAL_H

#include <signal.h>
#include <stdio.h>

#include "regiongraph/status.h"

typedef struct rg_i_atomic {
    char *dest;  /* final path */
    char *tmp;   /* temporary path in the same directory, hidden (starts with '.') */
    FILE *fp;    /* open for writing when begun with stream != 0 */
    int handle;  /* tmp's entry in the list of temporaries (rg_temporary_create), 0 for none */
    int direct;  /* dest is a device, a FIFO or a socket: fp writes to it as a stream */
} rg_i_atomic;

/* Reserves a temporary path beside dest (created empty with mkstemp, mode 0644 less umask).
 * With stream != 0 the file is also opened as a stdio stream in fp. A dest that exists and is
 * not a regular file or a directory (/dev/null, /dev/stdout, a FIFO; through symlinks too) is
 * never replaced: with stream != 0 fp writes to it directly (no temporary, nothing to rename),
 * without a stream it is an RG_ERR_IO error, since the caller needs a file of its own. */
rg_status rg_i_atomic_begin(rg_i_atomic *a, const char *dest, int stream);
/* Flushes, fsyncs and closes the stream (if any), then renames tmp over dest. */
rg_status rg_i_atomic_commit(rg_i_atomic *a);
/* Removes the temporary file and frees the paths; safe after commit and on a zeroed struct. */
void rg_i_atomic_abort(rg_i_atomic *a);

/* Lists a temporary file that another library will create (GDAL's database beside the
 * reservation): removed by rg_remove_temporaries() with its SQLite journals (-journal, -wal,
 * -shm). Returns the handle for rg_temporary_done(), or 0 when the list is full or the path too
 * long (the file is then not cleaned up after a signal, which loses nothing else). */
int rg_i_temporary_watch(const char *path);

/* Blocks, in the calling thread, the signals on which rg_remove_temporaries() runs (SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT); the mask before goes to *old, for pthread_sigmask(SIG_SETMASK). A
 * thread started while they are blocked leaves them to the others. */
void rg_i_block_cleanup_signals(sigset_t *old);

#endif
