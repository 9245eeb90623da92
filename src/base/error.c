/* The error slot (rg_last_error), status texts and the warning channel. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

#include <cpl_error.h>
#include <gdal.h>
#include <igraph.h>

#include "base/error_internal.h"

#define RG_I_ERRBUF 2048

static _Thread_local char errbuf[RG_I_ERRBUF];

static rg_warning_fn warning_fn;
static void *warning_data;

const char *rg_strerror(rg_status status)
{
    switch (status) {
    case RG_OK: return "no error";
    case RG_ERR_NOMEM: return "out of memory";
    case RG_ERR_IO: return "input/output error";
    case RG_ERR_FORMAT: return "bad file format";
    case RG_ERR_DATA: return "bad data";
    case RG_ERR_ENCODING: return "text encoding error";
    case RG_ERR_CRS: return "coordinate reference system error";
    case RG_ERR_ARG: return "invalid argument";
    case RG_ERR_GRAPH: return "graph library error";
    case RG_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}

const char *rg_last_error(void)
{
    return errbuf;
}

void rg_clear_error(void)
{
    errbuf[0] = '\0';
}

rg_status rg_i_error(rg_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errbuf, sizeof errbuf, fmt, ap);
    va_end(ap);
    return status;
}

rg_status rg_i_error_prefix(rg_status status, const char *prefix)
{
    char tmp[RG_I_ERRBUF];
    /* Truncation of an over-long message is acceptable; the start is what matters. */
    memcpy(tmp, errbuf, sizeof tmp);
    if (tmp[0] == '\0')
        snprintf(errbuf, sizeof errbuf, "%s: %s", prefix, rg_strerror(status));
    else
        snprintf(errbuf, sizeof errbuf, "%.*s: %.*s", 512, prefix, RG_I_ERRBUF - 520, tmp);
    return status;
}

void rg_set_warning_handler(rg_warning_fn fn, void *user_data)
{
    warning_fn = fn;
    warning_data = user_data;
}

void rg_i_warn(const char *fmt, ...)
{
    char msg[RG_I_ERRBUF];
    va_list ap;
    if (!warning_fn)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    warning_fn(msg, warning_data);
}

/* igraph's messages start with a capital and end without a period; keep them as they are but
 * make the slot say where they came from. */
static void igraph_error_to_slot(const char *reason, const char *file, int line,
                                 igraph_error_t igraph_errno)
{
    (void)file;
    (void)line;
    rg_i_error(RG_ERR_GRAPH, "igraph: %s (%s)", reason, igraph_strerror(igraph_errno));
    /* IGRAPH_FINALLY_FREE must run, as in igraph's own non-aborting handler, or the objects
     * registered on its finally stack leak. */
    IGRAPH_FINALLY_FREE();
}

static void igraph_warning_to_handler(const char *reason, const char *file, int line)
{
    (void)file;
    (void)line;
    rg_i_warn("igraph: %s", reason);
}

void rg_i_gdal_message(int failure, int warning, const char *msg)
{
    if (failure)
        rg_i_error(RG_ERR_IO, "%s", msg);
    else if (warning)
        rg_i_warn("%s", msg);
}

static void CPL_STDCALL gdal_error_to_slot(CPLErr level, CPLErrorNum num, const char *msg)
{
    (void)num;
    rg_i_gdal_message(level >= CE_Failure, level == CE_Warning, msg);
}

static once_flag init_once = ONCE_FLAG_INIT;

static void library_init(void)
{
    igraph_set_error_handler(igraph_error_to_slot);
    igraph_set_warning_handler(igraph_warning_to_handler);
    CPLSetErrorHandler(gdal_error_to_slot);
    GDALAllRegister();
}

void rg_i_library_init(void)
{
    call_once(&init_once, library_init);
}

rg_status rg_i_error_gdal(rg_status status, const char *context)
{
    const char *msg = CPLGetLastErrorMsg();
    if (msg && *msg)
        return rg_i_error(status, "%s: %s", context, msg);
    return rg_i_error(status, "%s: %s", context, rg_strerror(status));
}

const char *rg_version(void)
{
    return RG_VERSION;
}
