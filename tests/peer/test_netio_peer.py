#!/usr/bin/python3
"""Peer read-back of the network outputs (TAP).

usage: test_netio_peer.py REGIONGRAPH

Builds the founding case (maps/project.ini) into a temporary directory, exports it with
`--network all`, and reads the files back with the tools our users open them with:

  network.graphml   networkx.read_graphml and igraph.Graph.Read_GraphML: the same node and edge
                    counts as the export reports (regions of the level + agencies; edges.csv's
                    rows), the same adjacent neighbours per node and border km as
                    borders.geojson (written by the GeoJSON exporter, an independent code path),
                    and the same coordinated/jurisdiction edges and weights as edges.csv
  weights.gal       libpysal.io.open().read(): neighbours per region = borders.geojson's, every
                    region present (islands with none)
  weights.gwt       libpysal: neighbours and weights (km) = borders.geojson's
  both              R spdep read.gal and read.gwt2nb: card() and neighbours per region =
                    borders.geojson's, GWT distances = border km

Skips only when a Python module is missing; the R part skips when Rscript or spdep is missing.
"""
import collections
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

from peer_tap import finish, skip, tap


warnings.filterwarnings("ignore", message="Remote data sets not available")
try:
    import igraph
    import libpysal
    import networkx
except ImportError as e:  # the one reason to skip
    print("1..1")
    print("ok 1 - network output peer check # SKIP python3-networkx, igraph or libpysal "
          "missing (%s)" % e)
    sys.exit(0)

if len(sys.argv) != 2:
    sys.exit("usage: test_netio_peer.py REGIONGRAPH")
RG = os.path.abspath(sys.argv[1])
ROOT = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))


def close(a, b):
    return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)


def diff_sets(name, got, want, limit=5):
    """Comments listing the first differences of two {key: value} maps."""
    out = []
    for k in sorted(set(got) | set(want), key=str):
        if got.get(k) != want.get(k):
            out.append("%s %s: got %r, want %r" % (name, k, got.get(k), want.get(k)))
            if len(out) >= limit:
                break
    return out


tmp = tempfile.mkdtemp(prefix="rg-netio-peer-")
try:
    gpkg, out = os.path.join(tmp, "founding.gpkg"), os.path.join(tmp, "out")
    subprocess.run([RG, "build", os.path.join(ROOT, "maps", "project.ini"), "-o", gpkg, "-q"],
                   check=True)
    subprocess.run([RG, "export", gpkg, "-o", out, "--network", "all", "-q"], check=True)
    files = {k: os.path.join(out, f) for k, f in [("graphml", "network.graphml"),
                                                  ("gal", "weights.gal"), ("gwt", "weights.gwt"),
                                                  ("csv", "edges.csv")]}

    # The reference: regions of the level and their borders, from the GeoJSON layers.
    with open(os.path.join(out, "regions.geojson"), encoding="utf-8") as fp:
        regions = [f["properties"]["id"] for f in json.load(fp)["features"]]
    with open(os.path.join(out, "borders.geojson"), encoding="utf-8") as fp:
        borders = [f["properties"] for f in json.load(fp)["features"]]
    with open(os.path.join(ROOT, "maps", "agencies.csv"), encoding="utf-8-sig") as fp:
        agencies = [r["id"] for r in csv.DictReader(fp)]
    with open(files["csv"], encoding="utf-8") as fp:
        rows = list(csv.DictReader(fp))
    want_nb = {r: {} for r in regions}  # region -> {neighbour: km}
    for b in borders:
        want_nb[b["id_a"]][b["id_b"]] = b["length_km"]
        want_nb[b["id_b"]][b["id_a"]] = b["length_km"]
    want_sets = {r: sorted(nb) for r, nb in want_nb.items()}
    islands = sorted(r for r, nb in want_nb.items() if not nb)
    other = collections.Counter((min(r["id_a"], r["id_b"]), max(r["id_a"], r["id_b"]), r["type"],
                                 float(r["weight"])) for r in rows if r["type"] != "adjacent")
    tap(len(regions) == 372 and len(borders) == 970,
        "founding case: 372 prefectures, 970 borders (reference)",
        ["regions %d, borders %d" % (len(regions), len(borders))])
    tap(sum(r["type"] == "adjacent" for r in rows) == len(borders) and
        all(r["length_km"] and close(r["length_km"], want_nb[r["id_a"]][r["id_b"]])
            for r in rows if r["type"] == "adjacent"),
        "edges.csv: one adjacent row per border, length_km = border km")

    def check_graph(tool, nodes, edges):
        """nodes: list of ids; edges: list of (id_a, id_b, type, weight, length_km)."""
        tap(len(nodes) == len(regions) + len(agencies) and sorted(nodes) ==
            sorted(regions + agencies),
            "%s: %d nodes = regions of the level + agencies" % (tool, len(nodes)),
            ["got %d nodes, want %d" % (len(nodes), len(regions) + len(agencies))])
        tap(len(edges) == len(rows), "%s: %d edges = edges.csv rows" % (tool, len(edges)),
            ["got %d, want %d" % (len(edges), len(rows))])
        got_nb = {r: {} for r in regions}
        bad_len = []
        for a, b, t, w, km in edges:
            if t == "adjacent":
                got_nb.setdefault(a, {})[b] = w
                got_nb.setdefault(b, {})[a] = w
                if km is None or not close(km, w):
                    bad_len.append((a, b, w, km))
        got_sets = {r: sorted(nb) for r, nb in got_nb.items()}
        tap(got_sets == want_sets, "%s: adjacent neighbours per node = borders.geojson" % tool,
            diff_sets("neighbours of", got_sets, want_sets))
        wrong = [(r, n) for r in want_nb for n in want_nb[r]
                 if n in got_nb.get(r, {}) and not close(got_nb[r][n], want_nb[r][n])]
        tap(not wrong and not bad_len, "%s: adjacent weight = length_km = border km" % tool,
            ["%s-%s" % p for p in wrong[:5]] + ["length %r" % (x,) for x in bad_len[:5]])
        got_other = collections.Counter((min(a, b), max(a, b), t, float(w))
                                        for a, b, t, w, km in edges if t != "adjacent")
        tap(got_other == other and sum(other.values()) > 0,
            "%s: %d coordinated/jurisdiction edges and weights = edges.csv" %
            (tool, sum(other.values())),
            ["only in GraphML: %r" % list((got_other - other).items())[:3],
             "only in CSV: %r" % list((other - got_other).items())[:3]])

    # networkx: a MultiGraph, since a pair can be both adjacent and coordinated.
    g = networkx.read_graphml(files["graphml"])
    check_graph("networkx", list(g.nodes),
                [(a, b, d.get("type"), d.get("weight"), d.get("length_km"))
                 for a, b, d in g.edges(data=True)])
    kinds = collections.Counter(d.get("kind") for n, d in g.nodes(data=True))
    tap(kinds == {"region": len(regions), "agency": len(agencies)} and
        all(g.nodes[r].get("level") == "prefectures" for r in regions[:5]),
        "networkx: node kind and level attributes", ["kinds %r" % dict(kinds)])

    ig = igraph.Graph.Read_GraphML(files["graphml"])
    ids = ig.vs["id"]
    check_graph("igraph", ids,
                [(ids[e.source], ids[e.target], e["type"], e["weight"],
                  None if e["length_km"] is None or math.isnan(e["length_km"]) else e["length_km"])
                 for e in ig.es])

    # libpysal, GAL and GWT. Ids are numeric codes: GAL reads them as int (its default).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the GWT reader warns that no .dbf sits beside it
        w_gal = libpysal.io.open(files["gal"]).read()
        w_gwt = libpysal.io.open(files["gwt"]).read()
    gal_sets = {str(k): sorted(str(n) for n in v) for k, v in w_gal.neighbors.items()}
    tap(w_gal.n == len(regions) and gal_sets == want_sets,
        "libpysal GAL: %d regions, neighbours = borders.geojson" % w_gal.n,
        diff_sets("neighbours of", gal_sets, want_sets))
    tap(sorted(str(i) for i in w_gal.islands) == islands,
        "libpysal GAL: islands %s" % islands)
    gwt_nb = {str(k): dict(zip((str(n) for n in v), w_gwt.weights[k]))
              for k, v in w_gwt.neighbors.items()}
    want_gwt = {r: nb for r, nb in want_nb.items() if nb}  # GWT has no line for an island
    tap(sorted(gwt_nb) == sorted(want_gwt) and
        all(sorted(gwt_nb[r]) == sorted(want_gwt[r]) and
            all(close(gwt_nb[r][n], want_gwt[r][n]) for n in want_gwt[r]) for r in want_gwt),
        "libpysal GWT: neighbours and weights (km) = borders.geojson")

    # spdep.
    rscript = shutil.which("Rscript")
    have_spdep = rscript and subprocess.run(
        [rscript, "-e", "quit(status = !requireNamespace('spdep', quietly = TRUE))"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if not have_spdep:
        skip("spdep read.gal / read.gwt2nb", "Rscript or r-cran-spdep missing")
    else:
        script = r'''
suppressPackageStartupMessages(library(spdep))
a <- commandArgs(TRUE)
gal <- read.gal(a[1], override.id = TRUE)
ids <- attr(gal, "region.id")
gwt <- suppressWarnings(read.gwt2nb(a[2], region.id = ids))
dist <- attr(gwt, "GeoDa")$dist
cg <- card(gal); cw <- card(gwt)
for (i in seq_along(ids)) {
  ng <- if (cg[i] > 0) paste(ids[gal[[i]]], collapse = ";") else ""
  nw <- if (cw[i] > 0) paste(ids[gwt[[i]]], sprintf("%.17g", dist[[i]]), sep = "=", collapse = ";") else ""
  cat(ids[i], cg[i], cw[i], ng, nw, sep = "\t"); cat("\n")
}
'''
        r = subprocess.run([rscript, "-e", script, files["gal"], files["gwt"]],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines = [l.split("\t") for l in r.stdout.splitlines()]
        tap(r.returncode == 0 and len(lines) == len(regions),
            "spdep: read.gal and read.gwt2nb read %d regions" % len(lines),
            r.stderr.strip().splitlines()[-5:])
        card_gal = {l[0]: int(l[1]) for l in lines}
        card_gwt = {l[0]: int(l[2]) for l in lines}
        want_card = {r: len(nb) for r, nb in want_nb.items()}
        tap(card_gal == want_card, "spdep read.gal: card() per region = borders.geojson",
            diff_sets("card", card_gal, want_card))
        tap(card_gwt == want_card, "spdep read.gwt2nb: card() per region = borders.geojson",
            diff_sets("card", card_gwt, want_card))
        r_gal = {l[0]: sorted(l[3].split(";")) if l[3] else [] for l in lines}
        tap(r_gal == want_sets, "spdep read.gal: neighbours per region = borders.geojson",
            diff_sets("neighbours of", r_gal, want_sets))
        r_gwt = {l[0]: {p.split("=")[0]: float(p.split("=")[1]) for p in l[4].split(";")}
                 if l[4] else {} for l in lines}
        tap(all(sorted(r_gwt[r]) == sorted(want_nb[r]) and
                all(close(r_gwt[r][n], want_nb[r][n]) for n in want_nb[r]) for r in want_nb),
            "spdep read.gwt2nb: neighbours and distances (km) = borders.geojson")
except subprocess.CalledProcessError as e:
    tap(False, "running %s" % " ".join(e.cmd), [str(e)])
finally:
    shutil.rmtree(tmp, ignore_errors=True)
finish()
