/* Fuzzes the graph-file reader: input = a GeoPackage (an SQLite database) as rg_graph_write()
 * makes them. SQLite and GDAL parse the container; what this finds is mostly in our checks of
 * what comes out of it (rg_meta, region and border rows, the coordination tables). */
#include "fuzz_common.h"

#include "regiongraph/graphfile.h"

static const char *const names[] = {"graph.gpkg"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    rg_graph *g = NULL;

    fuzz_init(names, 1);
    fuzz_write(names[0], data, size);
    fuzz_path(names[0], path, sizeof path);
    if (rg_graph_read(path, &g) == RG_OK) {
        const size_t *degree;
        const double *km;
        volatile double sum = 0;
        size_t n = rg_graph_node_count(g);
        if (rg_graph_node_degrees(g, &degree, &km) == RG_OK)
            for (size_t i = 0; i < n; i++)
                sum += (double)degree[i] + km[i];
        if (rg_graph_default_level(g))
            sum += (double)strlen(rg_graph_default_level(g));
        sum += (double)rg_graph_edge_count(g);
        (void)sum;
    }
    rg_graph_free(g);
    rg_clear_error();
    return 0;
}
