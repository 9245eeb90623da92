/* Messages and terminal output with control characters from the data made harmless. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"

/* A name in a map or a CSV can hold ESC and other control characters; written raw to a terminal
 * they move the cursor, retitle the window or worse. Every byte below 0x20 except tab, line
 * feed and carriage return (which progress lines use), DEL and the C1 controls (U+0080 to
 * U+009F, C2 80 to C2 9F in UTF-8) are written as '?'. */
typedef struct clean_stream {
    int fd;
    int pending_c2; /* the last byte written was a held-back 0xC2 */
} clean_stream;

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static ssize_t clean_write(void *cookie, const char *buf, size_t size)
{
    clean_stream *cs = cookie;
    char out[1024];
    size_t k, n = 0;
    for (k = 0; k < size; k++) {
        unsigned char c = (unsigned char)buf[k];
        if (n + 2 > sizeof out) {
            if (write_all(cs->fd, out, n) != 0)
                return -1;
            n = 0;
        }
        if (cs->pending_c2) {
            cs->pending_c2 = 0;
            if (c >= 0x80 && c <= 0x9f) {
                out[n++] = '?';
                continue;
            }
            out[n++] = (char)0xc2;
        }
        if (c == 0xc2) {
            cs->pending_c2 = 1;
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            out[n++] = '?';
        else
            out[n++] = (char)c;
    }
    if (n > 0 && write_all(cs->fd, out, n) != 0)
        return -1;
    return (ssize_t)size;
}

static FILE *clean(int fd, int mode)
{
    static clean_stream streams[2];
    cookie_io_functions_t io = {NULL, clean_write, NULL, NULL};
    clean_stream *cs = &streams[fd == 1 ? 0 : 1];
    FILE *f;
    cs->fd = fd;
    if (!(f = fopencookie(cs, "w", io)))
        return NULL;
    setvbuf(f, NULL, mode, 0);
    return f;
}

void rg_cli_clean_terminal_output(void)
{
    FILE *f;
    /* messages always (they are for people); data on stdout only on a terminal, where a
     * report is read, not parsed */
    if ((f = clean(2, _IONBF)))
        stderr = f;
    if (isatty(1)) {
        fflush(stdout);
        if ((f = clean(1, _IOLBF)))
            stdout = f;
    }
}
