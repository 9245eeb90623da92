/* The files a run reads, kept by device and inode so that no output replaces one of them. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/error_internal.h"
#include "base/inputs_internal.h"

/* A fixed table: no allocation to fail or to leak, and a run reads a handful of files (a
 * project's layers with their sidecars and three CSVs). Past the table's end files are not
 * noted, which loses the check for them and nothing else. */
#define MAX_INPUTS 512
#define PATH_KEPT 400

typedef struct input {
    uintmax_t dev, ino, size;
    intmax_t mtime;        /* seconds, then nanoseconds, of the last modification */
    long mtime_ns;
    int recorded;          /* from a graph file's metadata: size and mtime must match too */
    char path[PATH_KEPT];  /* for messages; cut when longer */
    char owner[PATH_KEPT]; /* the graph file that recorded it, when recorded */
} input;

static input inputs[MAX_INPUTS];
static size_t ninputs;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void copy_text(char *dst, const char *src, size_t n)
{
    size_t k;
    snprintf(dst, n, "%s", src ? src : "");
    for (k = 0; dst[k]; k++)
        if (dst[k] == '\n' || dst[k] == '\r')
            dst[k] = '?'; /* one line per file in the graph's metadata */
}

static void note_stat(const struct stat *sb, const char *path)
{
    size_t k;
    pthread_mutex_lock(&lock);
    for (k = 0; k < ninputs; k++)
        if (!inputs[k].recorded && inputs[k].dev == (uintmax_t)sb->st_dev &&
            inputs[k].ino == (uintmax_t)sb->st_ino)
            break;
    if (k == ninputs && ninputs < MAX_INPUTS) {
        input *in = &inputs[ninputs++];
        memset(in, 0, sizeof *in);
        in->dev = (uintmax_t)sb->st_dev;
        in->ino = (uintmax_t)sb->st_ino;
        in->size = (uintmax_t)sb->st_size;
        in->mtime = (intmax_t)sb->st_mtim.tv_sec;
        in->mtime_ns = sb->st_mtim.tv_nsec;
        copy_text(in->path, path, sizeof in->path);
    }
    pthread_mutex_unlock(&lock);
}

void rg_i_input_note(const char *path)
{
    struct stat sb;
    if (path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
        note_stat(&sb, path);
}

rg_status rg_i_input_open(const char *path, int dir_ok)
{
    struct stat sb;
    if (!path || !*path)
        return rg_i_error(RG_ERR_ARG, "an input needs a file name");
    if (strcmp(path, "-") == 0)
        return RG_OK; /* standard input, where a reader takes it: the reader's to handle */
    if (stat(path, &sb) != 0) {
        if (errno == ELOOP)
            return rg_i_error(RG_ERR_IO, "%s: cannot open: a loop of symbolic links", path);
        if (errno == ENOENT)
            return rg_i_error(RG_ERR_IO, "%s: no such file", path);
        return rg_i_error(RG_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    }
    if (S_ISDIR(sb.st_mode))
        return dir_ok ? RG_OK
                      : rg_i_error(RG_ERR_IO, "%s: is a directory, not a file", path);
    if (!S_ISREG(sb.st_mode))
        return rg_i_error(RG_ERR_IO, "%s: not a regular file (%s): inputs are read from files",
                          path, S_ISFIFO(sb.st_mode)  ? "a FIFO, which would block"
                                : S_ISCHR(sb.st_mode) ? "a character device"
                                : S_ISBLK(sb.st_mode) ? "a block device"
                                                      : "a socket");
    note_stat(&sb, path);
    return RG_OK;
}

/* The entry that sb is, or -1. An inode is reused once its file is deleted: a file noted in
 * this run must still be at its path, and a recorded one must have its size and time. */
static long find(const struct stat *sb)
{
    size_t k;
    for (k = 0; k < ninputs; k++) {
        const input *in = &inputs[k];
        struct stat now;
        if (in->dev != (uintmax_t)sb->st_dev || in->ino != (uintmax_t)sb->st_ino ||
            in->size != (uintmax_t)sb->st_size || in->mtime != (intmax_t)sb->st_mtim.tv_sec ||
            in->mtime_ns != sb->st_mtim.tv_nsec)
            continue;
        if (!in->recorded && (stat(in->path, &now) != 0 || now.st_dev != sb->st_dev ||
                              now.st_ino != sb->st_ino))
            continue;
        return (long)k;
    }
    return -1;
}

/* The directory that will hold path must exist and be a directory. */
static rg_status check_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    struct stat sb;
    if (!slash)
        return RG_OK; /* the current directory */
    if ((size_t)(slash - path) >= sizeof dir)
        return RG_OK; /* left to the writer's own errors */
    snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (stat(dir, &sb) != 0)
        return rg_i_error(RG_ERR_IO, "%s: cannot create a temporary file beside it: %s", path,
                          strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return rg_i_error(RG_ERR_IO, "%s: cannot write there: %s is not a directory", path, dir);
    return RG_OK;
}

rg_status rg_output_check(const char *path)
{
    struct stat sb;
    rg_status st = RG_OK;
    long k;
    if (!path || !*path)
        return rg_i_error(RG_ERR_ARG, "an output needs a file name");
    if (stat(path, &sb) != 0) {
        if (errno == ELOOP)
            return rg_i_error(RG_ERR_IO, "%s: cannot write: a loop of symbolic links", path);
        return check_parent(path); /* nothing there yet */
    }
    if (S_ISDIR(sb.st_mode))
        return rg_i_error(RG_ERR_IO, "%s: is a directory: this output is a file", path);
    if (!S_ISREG(sb.st_mode))
        return RG_OK; /* a device or a pipe, written as a stream */
    pthread_mutex_lock(&lock);
    if ((k = find(&sb)) >= 0) {
        const input *in = &inputs[k];
        if (in->recorded)
            st = rg_i_error(RG_ERR_IO, "%s: is %s, a file %s was built from: refusing to "
                            "replace it (choose another output)", path, in->path, in->owner);
        else if (strcmp(in->path, path) == 0)
            st = rg_i_error(RG_ERR_IO, "%s: is an input of this run: refusing to replace it "
                            "(choose another output)", path);
        else
            st = rg_i_error(RG_ERR_IO, "%s: is the input %s (the same file through a link or "
                            "another name): refusing to replace it (choose another output)",
                            path, in->path);
    }
    pthread_mutex_unlock(&lock);
    return st;
}

void rg_inputs_forget(void)
{
    pthread_mutex_lock(&lock);
    ninputs = 0;
    pthread_mutex_unlock(&lock);
}

char *rg_i_inputs_describe(void)
{
    size_t k, cap = 1, len = 0;
    char *text;
    pthread_mutex_lock(&lock);
    for (k = 0; k < ninputs; k++)
        cap += 4 * 24 + strlen(inputs[k].path) + 2;
    if ((text = malloc(cap))) {
        text[0] = '\0';
        for (k = 0; k < ninputs; k++) {
            const input *in = &inputs[k];
            len += (size_t)snprintf(text + len, cap - len, "%ju %ju %ju %jd.%09ld %s\n", in->dev,
                                    in->ino, in->size, in->mtime, in->mtime_ns, in->path);
        }
    }
    pthread_mutex_unlock(&lock);
    return text;
}

void rg_i_inputs_note_recorded(const char *text, const char *owner)
{
    const char *line = text;
    while (line && *line) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char buf[PATH_KEPT + 128];
        uintmax_t dev, ino, size;
        intmax_t mtime;
        long ns;
        int at = 0;
        if (n < sizeof buf) {
            memcpy(buf, line, n);
            buf[n] = '\0';
            if (sscanf(buf, "%ju %ju %ju %jd.%ld %n", &dev, &ino, &size, &mtime, &ns, &at) == 5 &&
                at > 0) {
                pthread_mutex_lock(&lock);
                if (ninputs < MAX_INPUTS) {
                    input *in = &inputs[ninputs++];
                    memset(in, 0, sizeof *in);
                    in->dev = dev;
                    in->ino = ino;
                    in->size = size;
                    in->mtime = mtime;
                    in->mtime_ns = ns;
                    in->recorded = 1;
                    copy_text(in->path, buf + at, sizeof in->path);
                    copy_text(in->owner, owner, sizeof in->owner);
                }
                pthread_mutex_unlock(&lock);
            }
        }
        line = end ? end + 1 : NULL;
    }
}
