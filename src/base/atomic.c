/* syscall(): the signal-safe directory listing below (Linux) */
#define _DEFAULT_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "base/atomic_internal.h"

/* The process umask, without changing it even for an instant: the umask(2) read-and-restore
 * dance races with other threads creating files. Linux shows it in /proc; elsewhere we fall
 * back to the dance. */
static mode_t current_umask(void)
{
    char line[128];
    FILE *fp = fopen("/proc/self/status", "r");
    mode_t mask = 0;
    int found = 0;
    while (fp && !found && fgets(line, sizeof line, fp)) {
        if (strncmp(line, "Umask:", 6) == 0) {
            mask = (mode_t)strtoul(line + 6, NULL, 8) & 0777;
            found = 1;
        }
    }
    if (fp)
        fclose(fp);
    if (!found) {
        mask = umask(022);
        umask(mask);
    }
    return mask;
}

/* ---- the list of temporaries in progress ------------------------------------------------ */

/* A fixed table, so that a signal handler can walk it without locks or allocation: a slot is
 * claimed with a compare-and-swap, filled, then published; the handler reads published slots
 * only. Outputs are written one or two at a time, so the table never comes near full. */
enum { TEMP_FREE, TEMP_FILLING, TEMP_FILE, TEMP_DATABASE, TEMP_DIR };
#define TEMP_SLOTS 64
#define TEMP_PATH_MAX 4096

static struct {
    atomic_int state;
    char path[TEMP_PATH_MAX];
} temps[TEMP_SLOTS];

#if ATOMIC_INT_LOCK_FREE != 2
#error "the list of temporaries needs lock-free atomics to be read from a signal handler"
#endif

static int temp_add(const char *path, int kind)
{
    size_t len = strlen(path);
    int k;
    if (len >= TEMP_PATH_MAX)
        return 0;
    for (k = 0; k < TEMP_SLOTS; k++) {
        int expected = TEMP_FREE;
        if (atomic_compare_exchange_strong(&temps[k].state, &expected, TEMP_FILLING)) {
            memcpy(temps[k].path, path, len + 1);
            atomic_store(&temps[k].state, kind);
            return k + 1;
        }
    }
    return 0;
}

void rg_temporary_done(int handle)
{
    if (handle > 0 && handle <= TEMP_SLOTS)
        atomic_store(&temps[handle - 1].state, TEMP_FREE);
}

int rg_i_temporary_watch(const char *path)
{
    return path ? temp_add(path, TEMP_DATABASE) : 0;
}

void rg_i_block_cleanup_signals(sigset_t *old)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &block, old);
}

/* A signal's cleanup and the threads that create temporaries meanwhile (the export writes its
 * layers on two threads, the build its graph file beside the diagnostics): the handler runs on
 * a thread where the signals are not blocked, while another may be between creating its file
 * and listing it. So a creation counts itself in `creating` (signals blocked in its thread)
 * and gives up once `ending` is set; rg_remove_temporaries() sets `ending`, waits for the
 * creations under way to be listed, then removes what is listed. */
static atomic_int ending, creating;

int rg_temporary_create(char *template_, int directory, int *handle)
{
    sigset_t old;
    int fd = -1, err = 0, h = 0;

    if (handle)
        *handle = 0;
    if (!template_) {
        errno = EINVAL;
        return -1;
    }
    rg_i_block_cleanup_signals(&old);
    atomic_fetch_add(&creating, 1);
    if (atomic_load(&ending)) {
        /* the process is being stopped: nothing new that could outlive it */
        atomic_fetch_sub(&creating, 1);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        errno = EINTR;
        return -1;
    }
    if (directory)
        fd = mkdtemp(template_) ? 0 : -1;
    else
        fd = mkstemp(template_);
    err = errno;
    if (fd >= 0 && !(h = temp_add(template_, directory ? TEMP_DIR : TEMP_FILE))) {
        /* no room to list it: refuse rather than leave a file a signal would strand */
        if (directory)
            rmdir(template_);
        else {
            close(fd);
            unlink(template_);
        }
        fd = -1;
        err = ENOSPC;
    }
    atomic_fetch_sub(&creating, 1);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (handle)
        *handle = h;
    errno = err;
    return fd;
}

/* Appends suffix to path in buf (of TEMP_PATH_MAX + 16 bytes); memcpy and strlen are
 * async-signal-safe. */
static void with_suffix(char *buf, const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    memcpy(buf, path, n);
    memcpy(buf + n, suffix, m + 1);
}

/* Unlinks every entry of a directory. Linux lists it with getdents64, which allocates nothing;
 * elsewhere only an empty directory goes. */
static void empty_directory(const char *path)
{
#if defined(__linux__) && defined(SYS_getdents64)
    char buf[4096];
    long got;
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return;
    /* each pass removes what it lists; list again until nothing is left */
    while ((got = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
        long pos = 0;
        while (pos < got) {
            /* struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name */
            unsigned short reclen;
            const char *name = buf + pos + 19;
            memcpy(&reclen, buf + pos + 16, sizeof reclen);
            if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
                unlinkat(fd, name, 0);
            pos += reclen;
        }
    }
    close(fd);
#else
    (void)path;
#endif
}

void rg_remove_temporaries(void)
{
    static const char *const journals[] = {"-journal", "-wal", "-shm"};
    static char buf[TEMP_PATH_MAX + 16];
    int k;
    size_t j;
    int saved = errno, wait;
    atomic_store(&ending, 1);
    /* another thread's creation under way is listed within microseconds; a second at most */
    for (wait = 0; atomic_load(&creating) > 0 && wait < 1000; wait++) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    for (k = 0; k < TEMP_SLOTS; k++) {
        int kind = atomic_load(&temps[k].state);
        if (kind == TEMP_FILE || kind == TEMP_DATABASE) {
            unlink(temps[k].path);
            for (j = 0; kind == TEMP_DATABASE && j < sizeof journals / sizeof journals[0]; j++) {
                with_suffix(buf, temps[k].path, journals[j]);
                unlink(buf);
            }
        } else if (kind == TEMP_DIR) {
            empty_directory(temps[k].path);
            rmdir(temps[k].path);
        }
    }
    errno = saved;
}

/* ---- atomic outputs ------------------------------------------------------------------------ */

/* dir/.<base>.tmp-XXXXXX for dest = dir/<base>; a hidden name, so that file browsers and globs
 * like *.geojson never pick up a half-written file. */
static char *temp_template(const char *dest)
{
    const char *slash = strrchr(dest, '/');
    size_t dirlen = slash ? (size_t)(slash - dest) + 1 : 0;
    const char *base = dest + dirlen;
    size_t len = dirlen + 1 + strlen(base) + sizeof ".tmp-XXXXXX";
    char *t = malloc(len);
    if (t)
        snprintf(t, len, "%.*s.%s.tmp-XXXXXX", (int)dirlen, dest, base);
    return t;
}

rg_status rg_i_atomic_begin(rg_i_atomic *a, const char *dest, int stream)
{
    struct stat sb;
    int fd = -1;
    rg_status st = RG_OK;
    const char *slash;

    memset(a, 0, sizeof *a);
    slash = strrchr(dest, '/');
    if (!*dest || (slash && slash[1] == '\0')) {
        st = rg_i_error(RG_ERR_ARG, "'%s': an output needs a file name", dest);
        goto cleanup;
    }
    if ((st = rg_output_check(dest)) != RG_OK) /* an input, a directory, no such directory */
        goto cleanup;
    if (stat(dest, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* a device or a pipe is a stream, not a file to replace (renaming over /dev/null would
         * make it a regular file) */
        if (!stream) {
            st = rg_i_error(RG_ERR_IO, "%s: not a regular file: this output cannot be written to "
                            "a device or a pipe", dest);
            goto cleanup;
        }
        if (!(a->dest = rg_i_strdup(dest))) {
            st = RG_I_NOMEM();
            goto cleanup;
        }
        if (!(a->fp = fopen(dest, "wb"))) {
            st = rg_i_error(RG_ERR_IO, "%s: %s", dest, strerror(errno));
            goto cleanup;
        }
        a->direct = 1;
        goto cleanup;
    }
    if (!(a->dest = rg_i_strdup(dest)) || !(a->tmp = temp_template(dest))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    fd = rg_temporary_create(a->tmp, 0, &a->handle);
    if (fd < 0) {
        st = rg_i_error(RG_ERR_IO, "%s: cannot create a temporary file beside it: %s", dest,
                        strerror(errno));
        free(a->tmp);
        a->tmp = NULL; /* nothing was created: abort must not unlink the template */
        goto cleanup;
    }
    /* mkstemp creates 0600; outputs are meant to be shared like any file the user makes. */
    if (fchmod(fd, 0644 & ~current_umask()) != 0) {
        st = rg_i_error(RG_ERR_IO, "%s: %s", a->tmp, strerror(errno));
        goto cleanup;
    }
    if (stream) {
        if (!(a->fp = fdopen(fd, "wb"))) {
            st = rg_i_error(RG_ERR_IO, "%s: %s", a->tmp, strerror(errno));
            goto cleanup;
        }
        fd = -1; /* owned by the stream now */
    }
cleanup:
    if (fd >= 0)
        close(fd);
    if (st != RG_OK)
        rg_i_atomic_abort(a);
    return st;
}

/* Makes the rename itself durable; a failure here loses nothing already written, so it is
 * not reported. */
static void sync_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    int fd;
    if (!slash) {
        dir = rg_i_strdup(".");
    } else if (slash == path) {
        dir = rg_i_strdup("/");
    } else {
        dir = malloc((size_t)(slash - path) + 1);
        if (dir) {
            memcpy(dir, path, (size_t)(slash - path));
            dir[slash - path] = '\0';
        }
    }
    if (!dir)
        return;
    fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

rg_status rg_i_atomic_commit(rg_i_atomic *a)
{
    rg_status st = RG_OK;
    FILE *fp = a->fp;
    int fd;

    a->fp = NULL;
    if (a->direct) {
        /* a stream: what was written is there; no fsync (pipes refuse it), no rename */
        int failed = !fp || fflush(fp) != 0 || ferror(fp);
        int err = errno;
        if (fp && fclose(fp) != 0 && !failed) {
            failed = 1;
            err = errno;
        }
        if (failed)
            st = rg_i_error(RG_ERR_IO, "%s: cannot write: %s", a->dest, strerror(err ? err : EIO));
        goto cleanup;
    }
    if (!a->tmp) {
        st = rg_i_error(RG_ERR_INTERNAL, "atomic commit without a temporary file");
        goto cleanup;
    }
    if (fp) {
        /* Every step can be where a full disk shows up first; fclose runs in any case so the
         * descriptor is never leaked. */
        int failed = fflush(fp) != 0 || ferror(fp);
        int err = errno;
        if (!failed && fsync(fileno(fp)) != 0) {
            failed = 1;
            err = errno;
        }
        if (fclose(fp) != 0 && !failed) {
            failed = 1;
            err = errno;
        }
        if (failed) {
            st = rg_i_error(RG_ERR_IO, "%s: cannot write: %s", a->dest, strerror(err));
            goto cleanup;
        }
    } else {
        fd = open(a->tmp, O_RDONLY);
        if (fd < 0 || fsync(fd) != 0) {
            st = rg_i_error(RG_ERR_IO, "%s: cannot write: %s", a->dest, strerror(errno));
            if (fd >= 0)
                close(fd);
            goto cleanup;
        }
        close(fd);
    }
    if (rename(a->tmp, a->dest) != 0) {
        st = rg_i_error(RG_ERR_IO, "%s: cannot replace it: %s", a->dest, strerror(errno));
        goto cleanup;
    }
    sync_parent_dir(a->dest);
    free(a->tmp);
    a->tmp = NULL; /* renamed: abort must not remove it */
    rg_temporary_done(a->handle);
    a->handle = 0;
cleanup:
    rg_i_atomic_abort(a);
    return st;
}

void rg_i_atomic_abort(rg_i_atomic *a)
{
    if (!a)
        return;
    if (a->fp)
        fclose(a->fp);
    if (a->tmp)
        unlink(a->tmp);
    rg_temporary_done(a->handle); /* after the unlink: a signal in between finds it listed */
    free(a->tmp);
    free(a->dest);
    a->fp = NULL;
    a->tmp = NULL;
    a->dest = NULL;
    a->handle = 0;
    a->direct = 0;
}
