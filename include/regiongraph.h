/* regiongraph — geographic coordination graphs. One include for the whole public API. */
#ifndef REGIONGRAPH_H
#define REGIONGRAPH_H

#include "regiongraph/status.h"
#include "regiongraph/version.h"
#include "regiongraph/regions.h"
#include "regiongraph/contiguity.h"
#include "regiongraph/graph.h"
#include "regiongraph/graphfile.h"
#include "regiongraph/export.h"
#include "regiongraph/info.h"
#include "regiongraph/coordination.h"
#include "regiongraph/project.h"
#include "regiongraph/network.h"
#include "regiongraph/point.h"
#include "regiongraph/coverage.h"
#include "regiongraph/report.h"
#include "regiongraph/adjacency.h"
#include "regiongraph/build.h"
#include "regiongraph/centrality.h"
#include "regiongraph/render.h"
#include "regiongraph/netio.h"
#include "regiongraph/frontier.h"
#include "regiongraph/suggest.h"
#include "regiongraph/suggest_report.h"
#include "regiongraph/suggest_layer.h"

#endif
