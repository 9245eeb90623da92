/* FNV-1a hashing and the table of row indices behind every string -> index lookup. */
#include <stdlib.h>
#include <string.h>

#include "base/hash_internal.h"
#include "base/mem_internal.h"

uint64_t rg_i_hash_bytes(const char *s, size_t n, uint64_t h)
{
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t rg_i_hash_text(const char *s)
{
    return rg_i_hash_bytes(s, strlen(s), RG_I_HASH_SEED);
}

static int idmap_grow(rg_i_idmap *m, size_t ncap)
{
    rg_i_idmap_slot *slots;
    size_t i;
    if (!(slots = rg_i_calloc_array(ncap, sizeof *slots)))
        return 0;
    for (i = 0; i < m->cap; i++) {
        size_t j;
        if (!m->slots[i].index)
            continue;
        for (j = (size_t)m->slots[i].hash & (ncap - 1); slots[j].index; j = (j + 1) & (ncap - 1))
            ;
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = ncap;
    return 1;
}

int rg_i_idmap_reserve_n(rg_i_idmap *m, size_t n)
{
    size_t ncap = m->cap ? m->cap : 64;
    if (n > SIZE_MAX / 4)
        return 0;
    while (n * 2 > ncap)
        ncap *= 2;
    return ncap == m->cap || idmap_grow(m, ncap);
}

int rg_i_idmap_reserve(rg_i_idmap *m)
{
    if (m->cap && (m->n + 1) * 2 <= m->cap)
        return 1;
    if (m->cap > SIZE_MAX / 2)
        return 0;
    return idmap_grow(m, m->cap ? m->cap * 2 : 64);
}

size_t rg_i_idmap_find(const rg_i_idmap *m, uint64_t hash, rg_i_idmap_eq eq, const void *ctx,
                       const void *key)
{
    size_t j;
    if (!m->cap)
        return SIZE_MAX;
    for (j = (size_t)hash & (m->cap - 1); m->slots[j].index; j = (j + 1) & (m->cap - 1))
        if (m->slots[j].hash == hash && eq(ctx, m->slots[j].index - 1, key))
            return m->slots[j].index - 1;
    return SIZE_MAX;
}

void rg_i_idmap_put(rg_i_idmap *m, uint64_t hash, size_t index)
{
    size_t j;
    for (j = (size_t)hash & (m->cap - 1); m->slots[j].index; j = (j + 1) & (m->cap - 1))
        ;
    m->slots[j].hash = hash;
    m->slots[j].index = index + 1;
    m->n++;
}

void rg_i_idmap_clear(rg_i_idmap *m)
{
    if (m->cap)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->n = 0;
}

void rg_i_idmap_release(rg_i_idmap *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}
