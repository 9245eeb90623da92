/* Hashing and the open-addressing table of row indices that every string -> index lookup uses
 * (ids of regions, mechanisms, agencies). */
#ifndef RG_HASH_INTERNAL_H
#define RG_HASH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a, 64 bits, of n bytes continuing from h (start from RG_I_HASH_SEED). */
#define RG_I_HASH_SEED 0xcbf29ce484222325ULL
uint64_t rg_i_hash_bytes(const char *s, size_t n, uint64_t h);
/* FNV-1a of a NUL-terminated string. */
uint64_t rg_i_hash_text(const char *s);

/* A set of row indices keyed by whatever the caller hashes: the table keeps the hash and the
 * index, the caller's rows keep the keys. Linear probing at a load of at most 1/2. Zeroed
 * memory is an empty table; rg_i_idmap_release() frees it. */
typedef struct rg_i_idmap_slot {
    uint64_t hash;
    size_t index; /* row index + 1; 0 marks an empty slot */
} rg_i_idmap_slot;

typedef struct rg_i_idmap {
    rg_i_idmap_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t n;
} rg_i_idmap;

/* Says whether row `index` has the key being looked up. */
typedef int (*rg_i_idmap_eq)(const void *ctx, size_t index, const void *key);

/* Room for one more entry; 0 when out of memory (the table is unchanged). Amortised O(1). */
int rg_i_idmap_reserve(rg_i_idmap *m);
/* Room for n entries in all, at once; 0 when out of memory. */
int rg_i_idmap_reserve_n(rg_i_idmap *m, size_t n);
/* The row index whose key eq() matches, among those with this hash, or SIZE_MAX. */
size_t rg_i_idmap_find(const rg_i_idmap *m, uint64_t hash, rg_i_idmap_eq eq, const void *ctx,
                       const void *key);
/* Adds an entry known to be absent, after rg_i_idmap_reserve(). */
void rg_i_idmap_put(rg_i_idmap *m, uint64_t hash, size_t index);
/* Empties the table, keeping its memory. */
void rg_i_idmap_clear(rg_i_idmap *m);
void rg_i_idmap_release(rg_i_idmap *m);

#endif
