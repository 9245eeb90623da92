#!/usr/bin/python3
"""The mechanisms layer's dissolve on a real map against geopandas (TAP).

usage: test_dissolve_peer.py REGIONGRAPH

The U.S. counties fixture (tests/data/us-counties) with one mechanism per state whose members
are the state's counties (the first two digits of the FIPS code): 56 mechanisms, the case on
which GEOS's coverage union once stopped with "must be a MultiPolygon". `regiongraph export`
writes mechanisms.geojson; each state's outline there is compared with geopandas' dissolve of
the same counties (shapely's make_valid first: a few county rings of the source touch
themselves). For every state: the same number of polygons, and the area (planar, in square
degrees, as both sides hold lon/lat) of the outline equal to the peer's within 1e-6 (the layer's
coordinates are rounded to 7 decimals), and to the sum of its counties' areas where they do not
overlap (all states but Louisiana, whose parishes overlap slightly in the source). By hand:
Colorado is one polygon without holes, Hawaii the 8 main islands (Hawai'i, Maui, Kaho'olawe,
Lana'i, Moloka'i, O'ahu, Kaua'i, Ni'ihau). Skips when geopandas or shapely is missing.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import warnings

from peer_tap import finish, tap


def polygons(geom):
    if geom.geom_type == "Polygon":
        return [geom]
    return [p for p in getattr(geom, "geoms", []) if p.geom_type == "Polygon"]


def main():
    rg = os.path.abspath(sys.argv[1])
    root = os.environ.get("RG_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
    counties = os.path.join(root, "tests", "data", "us-counties", "counties.shp")
    try:
        import geopandas
        from shapely.geometry import shape
        from shapely.validation import make_valid
    except ImportError as e:
        print(f"TAP version 13\n1..0 # SKIP {e}")
        return 0
    warnings.simplefilter("ignore")  # geopandas' note that lon/lat areas are not m²
    peer = geopandas.read_file(counties)
    peer = peer[peer.geometry.notna()].copy()
    peer["geometry"] = peer.geometry.apply(make_valid)
    peer["state"] = peer["id"].str[:2]
    states = sorted(set(peer["state"]))
    dissolved = peer.dissolve("state")
    county_area = peer.groupby("state").apply(lambda d: sum(g.area for g in d.geometry))

    with tempfile.TemporaryDirectory(prefix="rg-dissolve-peer-") as tmp:
        mech, members = os.path.join(tmp, "states.csv"), os.path.join(tmp, "members.csv")
        with open(mech, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "name"])
            for s in states:
                w.writerow(["st" + s, "state " + s])
        with open(members, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["member", "mechanism"])
            for i in peer["id"]:
                w.writerow([i, "st" + i[:2]])
        graph, out = os.path.join(tmp, "us.gpkg"), os.path.join(tmp, "out")
        r = subprocess.run([rg, "build", counties, "--id", "id", "--name", "name", "--mechanisms",
                            mech, "--members", members, "-o", graph, "-q"],
                           capture_output=True, text=True)
        tap(r.returncode == 0, "build the counties with a mechanism per state", [r.stderr])
        r = subprocess.run([rg, "export", graph, "-o", out, "-q"], capture_output=True, text=True)
        tap(r.returncode == 0, "export", [r.stderr])
        with open(os.path.join(out, "mechanisms.geojson"), encoding="utf-8") as f:
            layer = json.load(f)

    got = {f["properties"]["id"][2:]: f for f in layer["features"]}
    tap(sorted(got) == states, f"{len(states)} state outlines, one per mechanism",
        [f"missing {sorted(set(states) - set(got))}"])
    parts_bad, area_bad, sum_bad, summed = [], [], [], 0
    for s in states:
        if s not in got or got[s]["geometry"] is None:
            parts_bad.append(f"{s}: no geometry")
            continue
        mine = shape(got[s]["geometry"])
        theirs = dissolved.loc[s].geometry
        a, b = mine.area, sum(p.area for p in polygons(theirs))
        if len(polygons(mine)) != len(polygons(theirs)):
            parts_bad.append(f"{s}: {len(polygons(mine))} polygons, "
                             f"geopandas {len(polygons(theirs))}")
        if abs(a - b) > 1e-6 * b:
            area_bad.append(f"{s}: area {a!r}, geopandas {b!r}")
        # where the source's counties overlap (Louisiana's parishes, by 5e-6 of its area) the
        # union is smaller than their sum on both sides: those states are compared to the peer
        if abs(b - county_area[s]) <= 1e-6 * b:
            summed += 1
            if abs(a - county_area[s]) > 1e-6 * county_area[s]:
                sum_bad.append(f"{s}: area {a!r}, its counties {county_area[s]!r}")
    tap(not parts_bad, "every state has as many polygons as geopandas' dissolve", parts_bad)
    tap(not area_bad, "every state's area equals geopandas' dissolve within 1e-6", area_bad)
    tap(not sum_bad and summed >= 50,
        f"the area of each of the {summed} states whose counties do not overlap equals the sum of "
        "its counties' within 1e-6", sum_bad + [f"{summed} states compared"])

    def outline(s):
        g = shape(got[s]["geometry"]) if s in got and got[s]["geometry"] else None
        return polygons(g) if g is not None else []
    co = outline("08")
    tap(len(co) == 1 and len(co[0].interiors) == 0, "Colorado (08) is one polygon without holes",
        [f"{len(co)} polygons"])
    hi = outline("15")
    tap(len(hi) == 8, "Hawaii (15) is its 8 main islands", [f"{len(hi)} polygons"])
    return finish()


if __name__ == "__main__":
    sys.exit(main())
