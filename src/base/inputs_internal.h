/* The files a run reads, so that no output of the run replaces one of them (inputs.c).
 *
 * Readers note each file they open (rg_i_input_open); rg_i_atomic_begin and the writers that
 * go through GDAL ask rg_output_check (status.h) before they create anything. Files are
 * compared by device and inode, so a symlink or a hard link to an input is the input. */
#ifndef RG_INPUTS_INTERNAL_H
#define RG_INPUTS_INTERNAL_H

#include <stddef.h>

#include "regiongraph/status.h"

/* Checks that path can be read as an input without blocking and notes it: RG_OK for a regular
 * file; else an RG_ERR_IO error naming path and what it is (no such file, a symlink loop, a
 * directory, a FIFO or a device, which would block or never end). dir_ok accepts a directory
 * (a GDAL source such as a folder of shapefiles). Paths GDAL resolves itself (/vsi..., a
 * connection string) are the caller's to skip; "-" (standard input) passes. */
rg_status rg_i_input_open(const char *path, int dir_ok);

/* Notes path as an input without checking it (nothing happens when it does not exist). */
void rg_i_input_note(const char *path);

/* The inputs noted so far as text for a graph file's metadata: one line per file,
 * "DEV INO SIZE SECONDS.NANOSECONDS PATH" (modified). Returns NULL when out of memory; the caller frees. */
char *rg_i_inputs_describe(void);

/* Notes the files a graph file was built from (text from rg_i_inputs_describe), so that writing
 * the graph's layers never replaces one: a file still the same (device, inode, size and
 * modification time) counts as an input "of" owner. Malformed lines are skipped. */
void rg_i_inputs_note_recorded(const char *text, const char *owner);

#endif
