#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/error_internal.h"
#include "core/mem_internal.h"
#include "io/atomic_internal.h"

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
    int fd = -1;
    rg_status st = RG_OK;
    const char *slash;

    memset(a, 0, sizeof *a);
    slash = strrchr(dest, '/');
    if (!*dest || (slash && slash[1] == '\0')) {
        st = rg_i_error(RG_ERR_ARG, "'%s': an output needs a file name", dest);
        goto cleanup;
    }
    if (!(a->dest = rg_i_strdup(dest)) || !(a->tmp = temp_template(dest))) {
        st = rg_i_error(RG_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    fd = mkstemp(a->tmp);
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
    free(a->tmp);
    free(a->dest);
    a->fp = NULL;
    a->tmp = NULL;
    a->dest = NULL;
}
