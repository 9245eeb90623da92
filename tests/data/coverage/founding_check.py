"""Independent check of the founding-case coverage figures (geopandas + libpysal + pyproj).

Queen neighbours from libpysal (the shipped maps share exact vertices between neighbours, so
vertex-based queen contiguity is exact here); shared border km = geodesic length (pyproj Geod,
WGS84) of the intersection of the two boundaries; coverage per the DESIGN rules: a province
member covers its prefectures, a prefecture member itself; agencies cover nothing.
Run: /usr/bin/python3 founding_check.py MAPS_DIR
With --frontier-json it prints only the frontier of the prefecture level as JSON (every
frontier pair with its km, the mechanisms that stop there, and whether no mechanism covers
both sides; totals overall, across provinces and per mechanism), which
tests/peer/test_frontier_peer.py compares with `regiongraph report`.
"""
import contextlib
import json
import csv
import sys
from collections import defaultdict

import geopandas as gpd
from libpysal.weights import Queen
from pyproj import Geod
from shapely.ops import linemerge

maps = next((a for a in sys.argv[1:] if not a.startswith("--")), "maps")
geod = Geod(ellps="WGS84")
prov = gpd.read_file(f"{maps}/provinces.shp")
pref = gpd.read_file(f"{maps}/prefectures.shp")
members = defaultdict(list)
with open(f"{maps}/members.csv", newline="", encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        members[row["mechanism"]].append(row["member"])
prov_ids = set(prov.code)


def border_km(g1, g2):
    inter = g1.boundary.intersection(g2.boundary)
    if inter.is_empty:
        return 0.0
    if inter.geom_type == "GeometryCollection":
        lines = [g for g in inter.geoms if g.geom_type in ("LineString", "MultiLineString")]
        if not lines:
            return 0.0
        total = 0.0
        for g in lines:
            total += geod.geometry_length(g)
        return total / 1000
    if inter.geom_type in ("Point", "MultiPoint"):
        return 0.0
    return geod.geometry_length(inter) / 1000


def analyse(df, level):
    ids = list(df.code)
    w = Queen.from_dataframe(df, idVariable="code", silence_warnings=True)
    geoms = dict(zip(df.code, df.geometry))
    parent = dict(zip(df.code, df.province)) if "province" in df else {c: None for c in ids}
    cover = {}
    for m, ms in members.items():
        s = set()
        for x in ms:
            # A province member covers its prefectures (whatever their ids: Shanghai's one
            # prefecture-level unit included); a region of the level covers itself.
            if level == "prefectures" and x in prov_ids:
                s |= {c for c in ids if parent[c] == x}
            elif x in ids:
                s.add(x)
        cover[m] = s
    mech_of = defaultdict(set)
    for m, s in cover.items():
        for c in s:
            mech_of[c].add(m)
    pairs = []
    for a in ids:
        for b in w.neighbors[a]:
            if a < b:
                pairs.append((a, b, border_km(geoms[a], geoms[b])))
    print(f"== {level}: regions {len(ids)}, covered {sum(1 for c in ids if mech_of[c])}, pairs {len(pairs)}")
    coord = [(a, b, km) for a, b, km in pairs if mech_of[a] & mech_of[b]]
    cross = [(a, b, km) for a, b, km in pairs if parent[a] and parent[b] and parent[a] != parent[b]]
    cross_c = [p for p in cross if mech_of[p[0]] & mech_of[p[1]]]
    print(f"km {sum(p[2] for p in pairs):.6f}, coordinated {len(coord)} pairs {sum(p[2] for p in coord):.6f} km")
    print(f"cross {len(cross)} pairs {sum(p[2] for p in cross):.6f} km, coordinated {len(cross_c)} pairs {sum(p[2] for p in cross_c):.6f} km")
    gaps = sorted([p for p in pairs if not (mech_of[p[0]] & mech_of[p[1]])], key=lambda p: (-p[2], p[0], p[1]))
    print(f"gaps {len(gaps)}; first five:", [(a, b, round(km, 6)) for a, b, km in gaps[:5]])
    adj = defaultdict(set)
    km_of = {}
    for a, b, km in pairs:
        adj[a].add(b)
        adj[b].add(a)
        km_of[(a, b)] = km_of[(b, a)] = km
    for m, s in cover.items():
        seen, pieces = set(), 0
        for c in sorted(s):
            if c in seen:
                continue
            pieces += 1
            stack = [c]
            seen.add(c)
            while stack:
                x = stack.pop()
                for y in adj[x]:
                    if y in s and y not in seen:
                        seen.add(y)
                        stack.append(y)
        outer = sum(km_of[(c, y)] for c in s for y in adj[c] if y not in s)
        print(f"mechanism {m}: covered {len(s)}, pieces {pieces}, outer km {outer:.6f}")
    return pairs, mech_of, km_of, parent


def frontier(pairs, mech_of, parent):
    """A pair is on mechanism m's frontier when m covers exactly one side; a frontier gap is a
    frontier pair whose sides share no mechanism."""
    out = {"pairs": [], "mechanisms": {m: {"pairs": 0, "km": 0.0, "gap_pairs": 0, "gap_km": 0.0,
                                           "stops_at": set()} for m in members}}
    for a, b, km in pairs:
        stops = sorted(mech_of[a] ^ mech_of[b])
        if not stops:
            continue
        gap = not (mech_of[a] & mech_of[b])
        out["pairs"].append({"a": a, "b": b, "km": km, "stops": stops, "gap": gap,
                             "cross": bool(parent[a] and parent[b] and parent[a] != parent[b]),
                             "covered_a": bool(mech_of[a]), "covered_b": bool(mech_of[b])})
        for m in stops:
            f = out["mechanisms"][m]
            f["pairs"] += 1
            f["km"] += km
            f["stops_at"].add(b if m in mech_of[a] else a)
            if gap:
                f["gap_pairs"] += 1
                f["gap_km"] += km
    for f in out["mechanisms"].values():
        f["stops_at"] = sorted(f["stops_at"])
    return out


if "--frontier-json" in sys.argv:
    with contextlib.redirect_stdout(sys.stderr):
        pairs, mech_of, km_of, parent = analyse(pref, "prefectures")
    json.dump(frontier(pairs, mech_of, parent), sys.stdout)
    sys.exit(0)

pairs, mech_of, km_of, parent = analyse(pref, "prefectures")
for a, b in [("410200", "411400"), ("320300", "341300"), ("371700", "410900")]:
    k = km_of.get((a, b))
    print(f"pair {a}-{b}: km {k}, shared {sorted(mech_of[a] & mech_of[b])}, parents {parent[a]} {parent[b]}")
hh = set(members["huaihai-enforcement"])
hgaps = sorted({(min(a, b), max(a, b)) for a, b, km in pairs
                if ((a in hh) != (b in hh)) and not (mech_of[a] & mech_of[b]) and parent[a] != parent[b]})
print("huaihai provincial-border gaps:", len(hgaps), hgaps)
prov["province"] = None
analyse(prov, "provinces")

# Reach at prefecture level: regions sharing a mechanism (reach1) and within two steps (reach2).
cover_sets = defaultdict(set)
for c, ms in mech_of.items():
    for m in ms:
        cover_sets[m].add(c)
shanghai = [c for c in parent if parent[c] == "310000"][0]
for c in ["320300", "411400", shanghai, "410200"]:
    n1 = set().union(*[cover_sets[m] for m in mech_of[c]]) - {c} if mech_of[c] else set()
    n2 = set(n1)
    for k in n1:
        n2 |= set().union(*[cover_sets[m] for m in mech_of[k]])
    n2.discard(c)
    print(f"reach {c}: {len(n1)} {len(n2)}")
