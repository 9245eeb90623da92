/* What the tests see of rg_export_bundle's threads. */
#ifndef RG_EXPORT_BUNDLE_INTERNAL_H
#define RG_EXPORT_BUNDLE_INTERNAL_H

/* How many threads wrote the GeoJSON layers of the last bundle of the calling thread: 2 when a
 * second thread was started beside it, else 1 (0 before any bundle). */
int rg_i_export_threads_last(void);

#endif
