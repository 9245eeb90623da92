/* One row of the graph file's `borders` checked and turned into a pair: the same code for the
 * OGR reader and the direct SQLite reader (graphfile_read_internal.h). */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/mem_internal.h"
#include "model/hierarchy_internal.h"
#include "write/graphfile_read_internal.h"

void rg_i_gf_pairs_release(rg_i_gf_pairs *p)
{
    free(p->last_a);
    p->last_a = NULL;
    p->last_cap = 0;
}

/* The region of id_a: the last row's when it has the same id and level. */
static long find_a(rg_i_gf_pairs *p, const char *id, long li)
{
    size_t len;
    long found;
    if (p->last_a && p->last_level == li && strcmp(p->last_a, id) == 0)
        return p->last_index;
    found = li >= 0 ? rg_i_regions_find_in_level(p->r, id, (size_t)li) : rg_regions_find(p->r, id);
    len = strlen(id) + 1;
    if (found >= 0 && rg_i_reserve((void **)&p->last_a, &p->last_cap, len, 1)) {
        memcpy(p->last_a, id, len);
        p->last_level = li;
        p->last_index = found;
    }
    return found;
}

/* The index of a row's level ("" none: -1), the last row's when it has the same name. */
static long level_index(rg_i_gf_pairs *p, const char *level)
{
    if (!*level)
        return -1;
    if (!p->level_text || strcmp(p->level_text, level) != 0) {
        p->level_index = rg_regions_level_index(p->r, level);
        p->level_text = p->level_index >= 0 ? rg_regions_level_name(p->r, (size_t)p->level_index)
                                            : NULL;
    }
    return p->level_index;
}

rg_status rg_i_gf_border_pair(rg_i_gf_pairs *p, const rg_i_gf_border_row *row)
{
    const rg_regions *r = p->r;
    const char *path = p->path, *k = row->kind, *level = row->level;
    long li = level_index(p, level), la, lb;
    size_t a, b, t;
    int rook;
    rg_contact contact;
    double gap = 0;

    if (*level && li < 0)
        return rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": level '%s' is not a "
                          "level of the regions", path, row->fid, level);
    la = find_a(p, row->ida, li);
    lb = li >= 0 ? rg_i_regions_find_in_level(r, row->idb, (size_t)li)
                 : rg_regions_find(r, row->idb);
    if (la < 0 || lb < 0) {
        const char *bad = la < 0 ? row->ida : row->idb;
        if (li >= 0 && rg_regions_find(r, bad) >= 0)
            return rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": %s '%s' is not a "
                              "region of level '%s'", path, row->fid, la < 0 ? "id_a" : "id_b",
                              bad, level);
        return rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": %s '%s' is not a "
                          "region id", path, row->fid, la < 0 ? "id_a" : "id_b", bad);
    }
    a = (size_t)la;
    b = (size_t)lb;
    if (a == b)
        return rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": joins region '%s' "
                          "to itself", path, row->fid, row->ida);
    if (strcmp(k, "rook") == 0)
        rook = 1;
    else if (strcmp(k, "queen") == 0)
        rook = 0;
    else
        return rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": kind '%s' is not "
                          "rook or queen", path, row->fid, k);
    contact = rook ? RG_CONTACT_BORDER : RG_CONTACT_POINT;
    if (row->contact) {
        const char *c = row->contact;
        int kc = RG_CONTACT_POINT;
        while (kc <= RG_CONTACT_ISLAND && strcmp(c, rg_i_contact_name((rg_contact)kc)) != 0)
            kc++;
        if (kc > RG_CONTACT_ISLAND)
            return rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": contact '%s' is "
                              "not border, point or island", path, row->fid, c);
        contact = (rg_contact)kc;
        if ((contact == RG_CONTACT_BORDER) != rook)
            return rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": contact '%s' "
                              "contradicts kind '%s'", path, row->fid, c, k);
    }
    if (row->has_gap) {
        gap = row->gap;
        if (!(gap >= 0) || !isfinite(gap))
            return rg_i_error(RG_ERR_FORMAT, "%s: borders feature %" PRId64 ": %s %g is not a "
                              "distance", path, row->fid, p->columns[RG_I_GF_GAP_KM].name, gap);
    }
    if (a > b) {
        t = a;
        a = b;
        b = t;
    }
    return rg_i_adjacency_add_pair_ex(p->adj, a, b, row->length, contact, gap);
}
