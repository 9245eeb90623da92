/* Fuzzes the project-file reader (INI through inih): input = the file. Every string of a
 * project it accepts is read back. */
#include "fuzz_common.h"

#include "regiongraph/project.h"

static const char *const names[] = {"project.ini"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t len(const char *s)
{
    return s ? strlen(s) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    rg_project *p = NULL;

    fuzz_init(names, 1);
    fuzz_write(names[0], data, size);
    fuzz_path(names[0], path, sizeof path);
    if (rg_project_read(path, &p) == RG_OK) {
        volatile size_t sum = len(p->path) + len(p->name) + len(p->output) +
                              len(rg_contiguity_name(p->contiguity)) + (size_t)p->lengths +
                              len(p->snap_text) + p->islands + len(p->level) + len(p->mechanisms) +
                              len(p->members) + len(p->agencies) + len(p->agency_layer) +
                              len(p->agency_id) + len(p->agency_name) + len(p->agency_level) +
                              len(p->agency_level_default) + len(p->agency_jurisdiction);
        for (size_t i = 0; i < p->nlayers; i++) {
            const rg_project_layer *l = &p->layers[i];
            sum += len(l->name) + len(l->file) + len(l->id) + len(l->label) + len(l->encoding) +
                   len(l->parent);
        }
        (void)sum;
    }
    rg_project_free(p);
    rg_clear_error();
    return 0;
}
