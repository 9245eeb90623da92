/* regiongraph — status codes and the error slot.
 *
 * Every fallible function returns an rg_status; RG_OK is 0. The fixed text of a code comes
 * from rg_strerror(); the detailed message of the most recent failure in this thread (naming
 * the file, record or line where known) from rg_last_error(). The library never prints and
 * never exits: messages from igraph, shapelib and GDAL are routed into the same slot.
 */
#ifndef REGIONGRAPH_STATUS_H
#define REGIONGRAPH_STATUS_H

/* RG_API marks the library's public functions: the shared library is built with hidden
 * visibility, so only what carries it is exported (nm -D shows nothing else). */
#ifndef RG_API
#  if defined(__GNUC__) || defined(__clang__)
#    define RG_API __attribute__((visibility("default")))
#  else
#    define RG_API
#  endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rg_status {
    RG_OK = 0,
    RG_ERR_NOMEM,     /* an allocation failed */
    RG_ERR_IO,        /* a file could not be opened, read or written */
    RG_ERR_FORMAT,    /* a file is not in the expected format or is corrupt */
    RG_ERR_DATA,      /* the data is readable but wrong: empty or duplicate ids, bad fields */
    RG_ERR_ENCODING,  /* text could not be decoded in the declared encoding */
    RG_ERR_CRS,       /* a coordinate reference system could not be read or used */
    RG_ERR_ARG,       /* a caller passed an invalid argument */
    RG_ERR_GRAPH,     /* igraph reported an error */
    RG_ERR_INTERNAL   /* a bug: a state the code should never reach */
} rg_status;

/* Fixed English text for a status code; never NULL, static storage. */
RG_API const char *rg_strerror(rg_status status);

/* Detailed message of the last failure in this thread, e.g.
 * "cities.dbf: record 17: field 'ADCODE' is empty". Empty string if none. The buffer is
 * thread-local and overwritten by the next failure; copy it to keep it. */
RG_API const char *rg_last_error(void);

/* Clears this thread's error slot. */
RG_API void rg_clear_error(void);

/* Receives warnings (non-fatal problems such as null shapes or an assumed CRS). The library
 * calls it synchronously from the thread that met the problem; message is valid only during
 * the call. With no handler set (the default) warnings are dropped. */
typedef void (*rg_warning_fn)(const char *message, void *user_data);

/* Installs the process-wide warning handler; NULL removes it. Not thread-safe against
 * concurrent library calls: set it once at start-up. */
RG_API void rg_set_warning_handler(rg_warning_fn fn, void *user_data);

/* Temporary files. Every output is written under a hidden temporary name beside its
 * destination (".NAME.tmp-XXXXXX", or files in a hidden working directory ".rg-*-XXXXXX") and
 * renamed into place only when complete. The library lists the temporaries in progress so that
 * a program stopped by a signal can remove them: rg_remove_temporaries() makes only
 * async-signal-safe calls and is meant for a SIGINT/SIGTERM handler, which should then restore
 * the signal's default action and raise it again. It waits (a second at most) for temporaries
 * other threads are creating to be listed, and no temporary can be created after it. (Nothing can clean up after SIGKILL: hidden
 * temporaries may then remain, but never a partial file under an output's name.) */
RG_API void rg_remove_temporaries(void);

/* A program's own temporary output in the same list: mkstemp() (directory == 0; returns the
 * open descriptor) or mkdtemp() (directory != 0; returns 0) on template, with SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT blocked until it is listed, so that no interruption falls in between.
 * Returns -1 with errno set on failure (ENOSPC when the list is full). *handle receives what
 * rg_temporary_done() takes; 0 on failure. A directory's files are removed with it (not its
 * subdirectories). */
RG_API int rg_temporary_create(char *template_, int directory, int *handle);

/* Takes a temporary off the list once it is renamed into place or removed; 0 is ignored. */
RG_API void rg_temporary_done(int handle);

/* Outputs never replace inputs. The library notes every file it reads in this process, and for
 * a graph file the files the graph was built from (while they are unchanged). rg_output_check
 * fails with RG_ERR_IO, naming both, when path is one of them: the same file by device and
 * inode, so through a symbolic or hard link too. Every writer of the library calls it before it
 * creates anything; a program can call it on all of its outputs before it starts writing, so
 * that a refusal leaves nothing behind. rg_inputs_forget() empties the list (a long-running
 * program between unrelated jobs). */
RG_API rg_status rg_output_check(const char *path);
RG_API void rg_inputs_forget(void);

/* The library's version as "MAJOR.MINOR.PATCH"; static storage. */
RG_API const char *rg_version(void);

#ifdef __cplusplus
}
#endif
#endif
