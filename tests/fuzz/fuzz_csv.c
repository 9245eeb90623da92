/* Fuzzes the coordination CSV readers: input = mechanisms.csv, members.csv and (optional)
 * agencies.csv joined by FUZZ_SEP. What the reader accepts is then resolved against a made-up
 * set of regions (ids of digits only), so that the membership and jurisdiction checks run too,
 * and every accessor is walked. */
#include "fuzz_common.h"

#include "regiongraph/coordination.h"

static const char *const names[] = {"mechanisms.csv", "members.csv", "agencies.csv"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_region(const char *id, void *user_data)
{
    (void)user_data;
    if (!*id)
        return 0;
    for (; *id; id++)
        if (*id < '0' || *id > '9')
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *parts[FUZZ_MAX_PARTS];
    size_t lens[FUZZ_MAX_PARTS], n;
    char mech[512], memb[512], agen[512];
    rg_coordination *c = NULL;

    fuzz_init(names, 3);
    n = fuzz_split(data, size, parts, lens, 3);
    for (size_t i = 0; i < 3; i++)
        fuzz_write(names[i], i < n ? parts[i] : NULL, i < n ? lens[i] : 0);
    fuzz_path(names[0], mech, sizeof mech);
    fuzz_path(names[1], memb, sizeof memb);
    fuzz_path(names[2], agen, sizeof agen);

    if (rg_coordination_read(mech, memb, n > 2 ? agen : NULL, &c) == RG_OK) {
        volatile size_t sum = 0;
        int resolved = rg_coordination_resolve(c, is_region, NULL) == RG_OK;
        for (size_t m = 0; m < rg_coordination_mechanism_count(c); m++) {
            sum += strlen(rg_coordination_mechanism_id(c, m)) +
                   strlen(rg_coordination_mechanism_name(c, m)) +
                   (size_t)rg_coordination_mechanism_year(c, m);
            for (size_t k = 0; k < rg_coordination_member_count(c, m); k++) {
                sum += strlen(rg_coordination_member_id(c, m, k));
                if (resolved)
                    sum += (size_t)rg_coordination_member_kind(c, m, k);
            }
        }
        for (size_t a = 0; a < rg_coordination_agency_count(c); a++) {
            double lon, lat;
            const char *id = rg_coordination_agency_id(c, a);
            if (rg_coordination_agency_index(c, id) != (long)a)
                abort(); /* ids are unique: the index must find this very agency */
            sum += strlen(rg_coordination_agency_name(c, a)) +
                   strlen(rg_coordination_agency_level(c, a)) +
                   (size_t)rg_coordination_agency_location(c, a, &lon, &lat);
            for (size_t k = 0; k < rg_coordination_jurisdiction_count(c, a); k++)
                sum += strlen(rg_coordination_jurisdiction_id(c, a, k));
        }
        (void)sum;
    }
    rg_coordination_free(c);
    rg_clear_error();
    return 0;
}
