/* regiongraph — geographic coordination graphs. One include for the whole public API. */
#ifndef REGIONGRAPH_H
#define REGIONGRAPH_H

#include "regiongraph/status.h"
#include "regiongraph/regions.h"
#include "regiongraph/contiguity.h"
#include "regiongraph/graph.h"
#include "regiongraph/export.h"
#include "regiongraph/info.h"

#endif
