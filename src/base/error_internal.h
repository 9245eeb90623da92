/* The error slot and the warning channel, for the library's own code. */
#ifndef RG_ERROR_INTERNAL_H
#define RG_ERROR_INTERNAL_H

#include "regiongraph/status.h"

#if defined(__GNUC__)
#define RG_I_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define RG_I_PRINTF(a, b)
#endif

/* Formats a message into this thread's error slot and returns status, so a failure reads
 * `return rg_i_error(RG_ERR_DATA, "%s: record %zu: ...", ...)`. */
rg_status rg_i_error(rg_status status, const char *fmt, ...) RG_I_PRINTF(2, 3);

/* The error of every failed allocation. */
#define RG_I_NOMEM() rg_i_error(RG_ERR_NOMEM, "out of memory")

/* Prefixes the current slot's message with "prefix: " (e.g. a file name) and returns status. */
rg_status rg_i_error_prefix(rg_status status, const char *prefix);

/* Sends a warning to the handler set with rg_set_warning_handler(), if any. */
void rg_i_warn(const char *fmt, ...) RG_I_PRINTF(1, 2);

/* Installs, once per process, the handlers that route igraph's, shapelib's and GDAL's errors
 * into the slot (igraph's default handler aborts), and registers GDAL's drivers. Every public
 * entry point that uses those libraries calls it first; it is cheap after the first call. */
void rg_i_library_init(void);

/* Where GDAL's messages go (the handler rg_i_library_init() installs): failure is set for
 * CE_Failure and worse, which fill the error slot; other warnings reach rg_i_warn(). A handler
 * pushed for one task that drops a message it knows passes the rest here. */
void rg_i_gdal_message(int failure, int warning, const char *msg);

/* GDAL keeps its last error itself: when a GDAL call fails, this copies CPLGetLastErrorMsg()
 * into the slot as "context: message" and returns status. */
rg_status rg_i_error_gdal(rg_status status, const char *context);

#endif
