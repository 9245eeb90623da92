/* Shared by the libFuzzer harnesses: a private temporary directory per process (the readers
 * take paths, not buffers), files written into it, and inputs that carry several files.
 *
 * A multi-file input is the files' contents joined by FUZZ_SEP; a missing part means a missing
 * file. A separator mutates like any other bytes, so the fuzzer also tries inputs where the
 * parts shift, merge or vanish. The seeds in corpus/ are made by tests/fuzz/make-corpus. */
#ifndef RG_FUZZ_COMMON_H
#define RG_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_SEP "\n--rgfuzz--\n"
#define FUZZ_SEP_LEN (sizeof FUZZ_SEP - 1)
#define FUZZ_MAX_PARTS 8

static char fuzz_dir[256];
static const char *fuzz_names[16];
static size_t fuzz_nnames;

static inline void fuzz_path(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", fuzz_dir, name);
}

/* Removes every file the harness may have made (GDAL's SQLite side files included), then the
 * directory, at exit. */
static inline void fuzz_cleanup(void)
{
    char path[512];
    static const char *const side[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < fuzz_nnames; i++)
        for (size_t k = 0; k < sizeof side / sizeof *side; k++) {
            snprintf(path, sizeof path, "%s/%s%s", fuzz_dir, fuzz_names[i], side[k]);
            unlink(path);
        }
    rmdir(fuzz_dir);
}

/* Makes the directory once; names lists every file name the harness uses (for the clean-up). */
static inline void fuzz_init(const char *const *names, size_t nnames)
{
    const char *tmp = getenv("TMPDIR");
    if (fuzz_dir[0])
        return;
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/rgfuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fuzz_dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    for (size_t i = 0; i < nnames && i < sizeof fuzz_names / sizeof *fuzz_names; i++)
        fuzz_names[fuzz_nnames++] = names[i];
    atexit(fuzz_cleanup);
}

/* Writes len bytes to NAME in the directory; data NULL removes the file instead. A failure to
 * write is the harness's problem, not the reader's: abort loudly. */
static inline void fuzz_write(const char *name, const uint8_t *data, size_t len)
{
    char path[512];
    FILE *f;
    fuzz_path(name, path, sizeof path);
    if (!data) {
        unlink(path);
        return;
    }
    if (!(f = fopen(path, "wb")) || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

/* Splits data at FUZZ_SEP into at most max parts (the last takes the rest). Returns the count;
 * parts[i] points into data. */
static inline size_t fuzz_split(const uint8_t *data, size_t size, const uint8_t **parts,
                                size_t *lens, size_t max)
{
    size_t n = 0, start = 0, i = 0;
    while (n + 1 < max && i + FUZZ_SEP_LEN <= size) {
        if (memcmp(data + i, FUZZ_SEP, FUZZ_SEP_LEN) == 0) {
            parts[n] = data + start;
            lens[n++] = i - start;
            i += FUZZ_SEP_LEN;
            start = i;
        } else {
            i++;
        }
    }
    parts[n] = data + start;
    lens[n++] = size - start;
    return n;
}

#endif
