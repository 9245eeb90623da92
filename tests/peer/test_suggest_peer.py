#!/usr/bin/python3
"""Independent check of the suggestions on the founding case (TAP).

usage: test_suggest_peer.py REGIONGRAPH

Builds maps/project.ini into a temporary directory and runs `regiongraph suggest --format json
--actions members`; then recomputes, from the shapefiles alone, the ranking of the new members of
the Huaihai mechanism and of the new YRD neighbours, and each mechanism's frontier, with
geopandas (reading), libpysal (queen neighbours: the shipped maps share exact vertices between
neighbours, so vertex contiguity is exact here) and pyproj (geodesic length on WGS84 of the
intersection of two boundaries), following the model of include/regiongraph/suggest.h in plain
Python sets:

  - a mechanism covers its prefecture members and the prefectures of its province members;
    a border is coordinated when one mechanism covers both sides;
  - a member step is a prefecture the mechanism does not cover that borders it, or a province
    bringing two or more prefectures the mechanism does not cover, one of them bordering it;
  - it coordinates the uncoordinated borders between its newcomers and the mechanism's
    prefectures (its frontier km) and among its newcomers (the rest of its km);
  - steps of positive km, ranked by frontier km, then km, then fewer prefectures, then id.

Every step must agree: the same region at the same rank, the same numbers of borders, km and
frontier km to 1e-6. Skips (with the reason) when a Python module is missing.
"""
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile
import warnings

from peer_tap import finish, tap


warnings.filterwarnings("ignore")
try:
    import geopandas as gpd
    from libpysal.weights import Queen
    from pyproj import Geod
except ImportError as e:
    print("1..0 # SKIP %s (geopandas, libpysal and pyproj are needed)" % e)
    sys.exit(0)

regiongraph = os.path.abspath(sys.argv[1])
root = os.environ.get("RG_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
maps = os.path.join(root, "maps")
TOL = 1e-6

# ---- regiongraph's answer
tmp = tempfile.mkdtemp(prefix="rg-suggest-peer-")
graph = os.path.join(tmp, "f.gpkg")
subprocess.run([regiongraph, "build", os.path.join(maps, "project.ini"), "-o", graph, "-q"],
               check=True)
out = subprocess.run([regiongraph, "suggest", graph, "--format", "json", "--actions", "members"],
                     check=True, capture_output=True, text=True).stdout
ours = json.loads(out)
subprocess.run(["rm", "-rf", tmp], check=True)
tap(ours["level"] == "prefectures", "suggest analyses the prefectures")

# ---- the independent computation
geod = Geod(ellps="WGS84")
pref = gpd.read_file(os.path.join(maps, "prefectures.shp"))
prov_ids = set(gpd.read_file(os.path.join(maps, "provinces.shp")).code)
ids = list(pref.code)
parent = dict(zip(pref.code, pref.province))
geoms = dict(zip(pref.code, pref.geometry))
w = Queen.from_dataframe(pref, idVariable="code", silence_warnings=True)


def border_km(a, b):
    inter = geoms[a].boundary.intersection(geoms[b].boundary)
    if inter.is_empty:
        return 0.0
    parts = getattr(inter, "geoms", [inter])
    return sum(geod.geometry_length(g) for g in parts
               if g.geom_type in ("LineString", "MultiLineString")) / 1000


km = {}
for a in ids:
    for b in w.neighbors[a]:
        if a < b:
            km[(a, b)] = km[(b, a)] = border_km(a, b)
nbrs = collections.defaultdict(set)
for a, b in km:
    nbrs[a].add(b)

members = collections.defaultdict(list)
with open(os.path.join(maps, "members.csv"), newline="", encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        members[row["mechanism"]].append(row["member"])
cover = {}
for m, ms in members.items():
    s = set()
    for x in ms:
        if x in prov_ids:
            s |= {c for c in ids if parent[c] == x}
        elif x in parent:
            s.add(x)
    cover[m] = s
mech_of = collections.defaultdict(set)
for m, s in cover.items():
    for c in s:
        mech_of[c].add(m)


def coordinated(a, b):
    return bool(mech_of[a] & mech_of[b])


def step(m, head, newcomers):
    s, new = cover[m], set(newcomers)
    pairs = fkm = tkm = 0
    fpairs = 0
    for u in new:
        for v in nbrs[u]:
            if coordinated(u, v):
                continue
            if v in s:
                fpairs += 1
                fkm += km[(u, v)]
            elif not (v in new and v > u):
                continue
            pairs += 1
            tkm += km[(u, v)]
    return {"region": head, "size": len(new), "pairs": pairs, "km": tkm, "frontier_pairs": fpairs,
            "frontier_km": fkm}


def expected_steps(m):
    s = cover[m]
    steps = [step(m, r, [r]) for r in ids if r not in s and nbrs[r] & s]
    kids = collections.defaultdict(list)
    for c in ids:
        kids[parent[c]].append(c)
    for p, cs in kids.items():
        new = [c for c in cs if c not in s]
        if len(new) >= 2 and any(nbrs[c] & s for c in new):
            steps.append(step(m, p, new))
    steps = [x for x in steps if x["km"] > 0]
    steps.sort(key=lambda x: (-round(x["frontier_km"], 6), -round(x["km"], 6), x["size"],
                              x["region"]))
    return steps


def frontier(m):
    s = cover[m]
    fr = [(a, b) for (a, b) in km if a < b and ((a in s) != (b in s))]
    gaps = [p for p in fr if not coordinated(*p)]
    return len(fr), sum(km[p] for p in fr), len(gaps), sum(km[p] for p in gaps)


by_id = {x["id"]: x for x in ours["mechanisms"]}
for m, label in [("huaihai-enforcement", "new Huaihai members"),
                 ("yrd-market", "new YRD neighbours")]:
    mine = by_id[m]
    n, fkm, ng, gkm = frontier(m)
    tap(mine["frontier_pairs"] == n and abs(mine["frontier_km"] - fkm) < TOL and
        mine["frontier_gap_pairs"] == ng and abs(mine["frontier_gap_km"] - gkm) < TOL,
        "%s: frontier %d borders %.6f km, gaps %d %.6f km" % (m, n, fkm, ng, gkm),
        ["regiongraph: %r" % {k: mine[k] for k in mine if k.startswith("frontier")}])
    want = expected_steps(m)
    got = mine["members"]
    tap(len(got) == len(want), "%s: %d steps" % (label, len(want)),
        ["regiongraph has %d" % len(got)])
    bad = []
    for k, (g, e) in enumerate(zip(got, want), 1):
        if (g["region"] != e["region"] or len(g["regions"]) != e["size"] or
                g["pairs"] != e["pairs"] or abs(g["km"] - e["km"]) > TOL or
                abs(g["frontier_km"] - e["frontier_km"]) > TOL):
            bad.append("rank %d: regiongraph %s %d regions %d borders %.6f km frontier %.6f; "
                       "expected %s %d regions %d borders %.6f km frontier %.6f" %
                       (k, g["region"], len(g["regions"]), g["pairs"], g["km"], g["frontier_km"],
                        e["region"], e["size"], e["pairs"], e["km"], e["frontier_km"]))
    tap(not bad, "%s: ranking, borders and km agree (first: %s, %.6f frontier km)" %
        (label, want[0]["region"] if want else "-", want[0]["frontier_km"] if want else 0), bad)
finish()
