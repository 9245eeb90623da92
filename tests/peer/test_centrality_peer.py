#!/usr/bin/python3
"""Peer check of the centrality measures (TAP).

usage: test_centrality_peer.py REGIONGRAPH

Builds the founding case (maps/project.ini) and the U.S. counties fixture with `regiongraph
build`, gets our values from `regiongraph report --section centrality` (CSV: every measure for
every node in network order; JSON: components, communities, bridges), and recomputes
them with python-igraph from the graph file's `borders` layer (read with ogr2ogr, filtered by
level), with the weight convention of include/regiongraph/centrality.h written out again here:
strength = border km; distance = mean strength / strength, 1 for a strength of 0. Every measure
must agree to 1e-6 relative (1e-9 absolute near 0). Communities: the same seed gives the same
partition twice, and networkx's modularity of our partition equals ours.

The node set (regions of the level, then agencies, isolated in the adjacency view) is taken from
the report, after checking its size against the graph file's layers.
"""
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time

REL, ABS = 1e-6, 1e-9
MEASURES = ["degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector",
            "pagerank", "coreness", "clustering", "articulation", "component", "isolated",
            "leiden", "louvain"]

from peer_tap import finish, tap


try:
    import igraph
    import networkx
except ImportError as e:  # the one reason to skip
    print("1..1")
    print("ok 1 - centrality peer check # SKIP python3-igraph or networkx missing (%s)" % e)
    sys.exit(0)

if len(sys.argv) != 2:
    sys.exit("usage: test_centrality_peer.py REGIONGRAPH")
RG = os.path.abspath(sys.argv[1])
ROOT = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))


def run(args, **kw):
    return subprocess.run(args, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw).stdout


def ogr_csv(path, layer):
    return list(csv.DictReader(io.StringIO(run(["ogr2ogr", "-f", "CSV", "/vsistdout/", path,
                                                   layer]))))


def dump(path, args):
    """Our values, through the command users run: the CSV rows (network order, booleans as 0/1)
    and, from the JSON, [components N], [community ALGO COUNT Q] and [bridge A B] entries."""
    report = [RG, "report", path, "--section", "centrality"] + args
    rows = list(csv.DictReader(io.StringIO(run(report + ["--format", "csv"]))))
    for r in rows:
        for k in ("articulation", "isolated"):
            r[k] = "1" if r[k] == "true" else "0"
    summary = json.loads(run(report + ["--format", "json", "--top", "1"]))
    extra = [["components", str(summary["summary"]["components"])]]
    extra += [["community", algo, str(summary["summary"][algo]["count"]),
               repr(summary["summary"][algo]["modularity"])] for algo in ("leiden", "louvain")]
    extra += [["bridge", a, b] for a, b in summary["bridges"]]
    return rows, extra


def close(a, b):
    return abs(a - b) <= max(REL * max(abs(a), abs(b)), ABS)


def diff_stats(ours, theirs):
    """max absolute and relative difference, and how many values disagree."""
    max_abs = max_rel = 0.0
    bad = []
    for k, (a, b) in enumerate(zip(ours, theirs)):
        if math.isnan(a) or not close(a, b):
            bad.append(k)
        d = abs(a - b)
        max_abs = max(max_abs, d)
        if max(abs(a), abs(b)) > ABS:
            max_rel = max(max_rel, d / max(abs(a), abs(b)))
    return max_abs, max_rel, bad


def partition(labels):
    """A partition as a set of frozensets of node positions, independent of label names."""
    groups = {}
    for v, c in enumerate(labels):
        groups.setdefault(c, []).append(v)
    return set(frozenset(g) for g in groups.values())


def check_case(name, gpkg, level, args, n_regions, n_agencies, weighted, cutoff=0.0):
    t0 = time.time()
    rows, extra = dump(gpkg, ["--level", level] + args)
    ours = {m: [float(r[m]) for r in rows] for m in MEASURES}
    keys = [(r["kind"], r["id"]) for r in rows]
    index = {k: v for v, k in enumerate(keys)}
    n = len(rows)
    kinds = [r["kind"] for r in rows]
    tap(kinds.count("region") == n_regions and kinds.count("agency") == n_agencies,
        "%s: nodes are the %d regions of level %s and the %d agencies" %
        (name, n_regions, level, n_agencies),
        ["got %d regions, %d agencies" % (kinds.count("region"), kinds.count("agency"))])

    # The peer graph, from the borders layer alone.
    edges, km = [], []
    for b in ogr_csv(gpkg, "borders"):
        if b["level"] != level:
            continue
        edges.append((index[("region", b["id_a"])], index[("region", b["id_b"])]))
        km.append(float(b["length_km"]) if weighted else 1.0)
    g = igraph.Graph(n=n, edges=edges, directed=False)
    m = g.ecount()
    mean = sum(km) / m if m else 1.0
    dist = [mean / s if s > 0 and mean > 0 else 1.0 for s in km]
    g.es["w"] = km
    g.es["d"] = dist

    theirs = {}
    theirs["degree"] = [float(x) for x in g.degree()]
    theirs["strength"] = g.strength(weights="w")
    if cutoff > 0:
        theirs["betweenness"] = g.betweenness(directed=False, weights="d", cutoff=cutoff)
    else:
        theirs["betweenness"] = g.betweenness(directed=False, weights="d")
    if cutoff > 0:
        # The cutoff bounds closeness and harmonic centrality too (issue 13). python-igraph
        # 0.10.2's own cutoff for these counts only neighbours (a path 0-1-2-3 with cutoff 2
        # gives closeness 1 everywhere), so they are worked out here from its distance matrix:
        # closeness = nodes within the cutoff / sum of their distances, harmonic = sum of 1/d
        # over them / (n - 1).
        dm = g.distances(weights="d")
        theirs["closeness"], theirs["harmonic"] = [], []
        for row in dm:
            near = [d for d in row if 0 < d <= cutoff + 1e-12]
            theirs["closeness"].append(len(near) / sum(near) if near else 0.0)
            theirs["harmonic"].append(sum(1 / d for d in near) / (n - 1) if n > 1 else 0.0)
    else:
        theirs["closeness"] = [0.0 if math.isnan(x) else x
                               for x in g.closeness(weights="d", mode="all", normalized=True)]
        theirs["harmonic"] = g.harmonic_centrality(weights="d", mode="all", normalized=True)
    comps = g.connected_components()
    eig = [0.0] * n
    for comp in comps:
        if len(comp) < 2:
            continue
        sub = g.induced_subgraph(comp)
        w = sub.es["w"] if sum(sub.es["w"]) > 0 else None
        vals = sub.eigenvector_centrality(directed=False, scale=True, weights=w)
        top = max(abs(x) for x in vals)
        for v, x in zip(comp, vals):
            eig[v] = abs(x) / top
    theirs["eigenvector"] = eig
    theirs["pagerank"] = g.pagerank(directed=False, damping=0.85,
                                    weights="w" if sum(km) > 0 else None,
                                    implementation="prpack")
    theirs["coreness"] = [float(x) for x in g.coreness()]
    theirs["clustering"] = g.transitivity_local_undirected(mode="zero")
    art = set(g.articulation_points())
    theirs["articulation"] = [1.0 if v in art else 0.0 for v in range(n)]
    theirs["isolated"] = [1.0 if d == 0 else 0.0 for d in g.degree()]

    for meas in ["degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector",
                 "pagerank", "coreness", "clustering", "articulation", "isolated"]:
        mx_abs, mx_rel, bad = diff_stats(ours[meas], theirs[meas])
        comments = ["%s %s: n=%d m=%d max abs diff %.3g, max rel diff %.3g" %
                    (name, meas, n, m, mx_abs, mx_rel)]
        for v in bad[:5]:
            comments.append("  %s %s: ours %.17g, igraph %.17g" %
                            (keys[v][1], meas, ours[meas][v], theirs[meas][v]))
        tap(not bad, "%s: %s agrees with python-igraph (%d nodes)" % (name, meas, n), comments)

    # Components: the same partition, and the same count.
    ncomp = int([e for e in extra if e[0] == "components"][0][1])
    tap(partition(ours["component"]) == partition(comps.membership) and ncomp == len(comps),
        "%s: components agree with python-igraph" % name,
        ["%s components: ours %d, igraph %d" % (name, ncomp, len(comps))])

    # Bridges, as sets of node-id pairs.
    our_bridges = set(frozenset([("region", e[1]), ("region", e[2])]) for e in extra
                      if e[0] == "bridge")
    their_bridges = set(frozenset([keys[g.es[e].source], keys[g.es[e].target]])
                        for e in g.bridges())
    tap(our_bridges == their_bridges, "%s: bridges agree with python-igraph" % name,
        ["%s bridges: ours %d, igraph %d" % (name, len(our_bridges), len(their_bridges))])

    # Communities: repeatable for the seed; modularity as networkx computes it.
    rows2, extra2 = dump(gpkg, ["--level", level] + args)
    G = networkx.Graph()
    G.add_nodes_from(range(n))
    for (a, b), s in zip(edges, km):
        G.add_edge(a, b, weight=s)
    for algo in ("leiden", "louvain"):
        again = [float(r[algo]) for r in rows2]
        tap(again == ours[algo], "%s: %s gives the same partition for the same seed" %
            (name, algo))
        info = [e for e in extra if e[:2] == ["community", algo]][0]
        count, q = int(info[2]), float(info[3])
        groups = partition(ours[algo])
        nx_q = networkx.community.modularity(G, [set(c) for c in groups],
                                             weight="weight" if sum(km) > 0 else None)
        tap(close(q, nx_q) and count == len(groups),
            "%s: %s modularity equals networkx's" % (name, algo),
            ["%s %s: %d communities, modularity ours %.12f, networkx %.12f" %
             (name, algo, count, q, nx_q)])
    tap(True, "%s: done in %.1f s" % (name, time.time() - t0))


def main():
    with tempfile.TemporaryDirectory(prefix="rg-peer-") as tmp:
        # The founding case: provinces and prefectures with coordination data.
        china = os.path.join(tmp, "china.gpkg")
        run([RG, "build", os.path.join(ROOT, "maps", "project.ini"), "-o", china, "-q"],
            cwd=tmp)
        regions = ogr_csv(china, "regions")
        agencies = ogr_csv(china, "agencies")
        for level in ("prefectures", "provinces"):
            nreg = sum(1 for r in regions if r.get("rg_level") == level)
            check_case("china %s" % level, china, level, ["--seed", "7"], nreg, len(agencies),
                       True)
        nreg = sum(1 for r in regions if r.get("rg_level") == "prefectures")
        check_case("china prefectures unweighted", china, "prefectures",
                   ["--seed", "11", "--unweighted"], nreg, len(agencies), False)
        check_case("china prefectures cutoff 3", china, "prefectures",
                   ["--seed", "7", "--cutoff", "3"], nreg, len(agencies), True, cutoff=3.0)

        # The U.S. counties: one layer, islands and territories.
        us = os.path.join(tmp, "us.gpkg")
        run([RG, "build", os.path.join(ROOT, "tests", "data", "us-counties", "counties.shp"),
             "--id", "id", "--name", "name", "-o", us, "-q"], cwd=tmp)
        levels = set(b["level"] for b in ogr_csv(us, "borders"))
        tap(len(levels) == 1, "us counties: one level in the borders (%s)" % sorted(levels))
        check_case("us counties", us, sorted(levels)[0], ["--seed", "3"],
                   len(ogr_csv(us, "regions")), 0, True)


try:
    main()
except subprocess.CalledProcessError as e:
    tap(False, "command failed: %s" % " ".join(e.cmd), (e.stderr or "").splitlines()[-5:])
finish()
