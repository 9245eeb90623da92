#!/usr/bin/python3
"""The mechanisms layer against GEOS's union of the same polygons, through shapely (TAP).

usage: test_mechanisms_union_peer.py REGIONGRAPH

regiongraph dissolves a mechanism's regions itself (geom/dissolve.c: shared edges cancelled,
the rest chained into rings) and writes the outline with its own GeoJSON writer. Here each
mechanism's outline in mechanisms.geojson is compared with shapely's unary_union (GEOS) of its
member regions' polygons as regions.geojson holds them (members from coverage.geojson): both
sides then start from the same rounded coordinates. For every mechanism: the same number of
polygons and of holes, and a symmetric difference of at most 1e-9 of the area (rounding to the
layer's 7 decimals can move a vertex of the outline by 5e-8 degrees, so equal vertex by vertex
is asked with that tolerance in equals_exact where the vertex counts agree). Three maps: the
founding case (maps/project.ini: 4 mechanisms, 2 of which cover regions), the U.S. counties with
one mechanism per state (56, all through the dissolve, a few with county rings that run along an
edge and back), and overlapping and T-junction squares, which the dissolve refuses (the cascaded
union's path, also checked by hand). Skips without shapely.
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


def dbf_column(path, name):
    """The text values of one column of a dBase file (the standard library has no reader)."""
    import struct
    with open(path, "rb") as f:
        data = f.read()
    nrec, hlen, rlen = struct.unpack("<IHH", data[4:12])
    fields, off = [], 1
    for k in range(32, hlen - 1, 32):
        fname = data[k:k + 11].split(b"\0")[0].decode()
        flen = data[k + 16]
        fields.append((fname, off, flen))
        off += flen
    _, start, length = next(f for f in fields if f[0] == name)
    return [data[hlen + i * rlen + start:hlen + i * rlen + start + length].decode().strip()
            for i in range(nrec) if data[hlen + i * rlen:hlen + i * rlen + 1] != b"*"]


def check(name, out, shape, unary_union, make_valid):
    def load(layer):
        with open(os.path.join(out, layer + ".geojson"), encoding="utf-8") as f:
            return json.load(f)["features"]
    regions = {f["properties"]["id"]: f["geometry"] for f in load("regions")}
    members = {}
    for f in load("coverage"):
        members.setdefault(f["properties"]["mechanism"], []).append(f["properties"]["region"])
    mechs = load("mechanisms")
    bad, exact, dissolved = [], 0, 0
    for f in mechs:
        mid = f["properties"]["id"]
        if not any(regions.get(r) for r in members.get(mid, [])):
            if f["geometry"] is not None:
                bad.append(f"{mid}: covers no region, yet has a geometry")
            continue
        dissolved += 1
        # a few county rings of the source touch themselves: GEOS's overlay wants them valid
        peer = unary_union([make_valid(shape(regions[r])) for r in members[mid]
                            if regions.get(r)])
        mine = shape(f["geometry"]) if f["geometry"] else None
        if mine is None:
            bad.append(f"{mid}: no geometry")
            continue
        pm, pp = polygons(mine), polygons(peer)
        hm = sum(len(p.interiors) for p in pm)
        hp = sum(len(p.interiors) for p in pp)
        diff = mine.symmetric_difference(peer).area
        if len(pm) != len(pp) or hm != hp or diff > 1e-9 * peer.area or not mine.is_valid:
            bad.append(f"{mid}: {len(pm)} polygons {hm} holes, GEOS {len(pp)} and {hp}; "
                       f"symmetric difference {diff!r} of {peer.area!r}; valid {mine.is_valid}")
        exact += mine.normalize().equals_exact(peer.normalize(), 1e-7)
    tap(not bad, f"{name}: each of the {dissolved} mechanisms' outline is GEOS's union of its "
        "members "
        "(polygons, holes, area)", bad)
    return exact, dissolved


def main():
    rg = os.path.abspath(sys.argv[1])
    root = os.environ.get("RG_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
    try:
        from shapely.geometry import shape
        from shapely.ops import unary_union
        from shapely.validation import make_valid
    except ImportError as e:
        print(f"TAP version 13\n1..0 # SKIP {e}")
        return 0
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory(prefix="rg-mech-union-") as tmp:
        graph, out = os.path.join(tmp, "f.gpkg"), os.path.join(tmp, "f")
        r = subprocess.run([rg, "build", os.path.join(root, "maps", "project.ini"), "-o", graph,
                            "-q"], capture_output=True, text=True)
        tap(r.returncode == 0, "build the founding case", [r.stderr])
        r = subprocess.run([rg, "export", graph, "-o", out, "-q"], capture_output=True, text=True)
        tap(r.returncode == 0, "export the founding case", [r.stderr])
        exact, dissolved = check("founding case", out, shape, unary_union, make_valid)
        tap(exact == dissolved == 2, "founding case: the 2 outlines (the Yangtze River Delta's 41 "
            "prefectures, Huaihai's 10 cities; the two joint actions of departments cover no "
            "region) equal GEOS's vertex by vertex (1e-7)", [f"{exact} of {dissolved} equal"])

        counties = os.path.join(root, "tests", "data", "us-counties", "counties.shp")
        ids = dbf_column(counties[:-4] + ".dbf", "id")
        states = sorted({i[:2] for i in ids})
        mech, memb = os.path.join(tmp, "states.csv"), os.path.join(tmp, "members.csv")
        with open(mech, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "name"])
            w.writerows(["st" + s, "state " + s] for s in states)
        with open(memb, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["member", "mechanism"])
            w.writerows([i, "st" + i[:2]] for i in ids)
        graph, out = os.path.join(tmp, "us.gpkg"), os.path.join(tmp, "us")
        r = subprocess.run([rg, "build", counties, "--id", "id", "--name", "name", "--mechanisms",
                            mech, "--members", memb, "-o", graph, "-q"],
                           capture_output=True, text=True)
        tap(r.returncode == 0, "build the counties with a mechanism per state", [r.stderr])
        r = subprocess.run([rg, "export", graph, "-o", out, "-q"], capture_output=True, text=True)
        tap(r.returncode == 0, "export the counties", [r.stderr])
        _, dissolved = check("U.S. states", out, shape, unary_union, make_valid)
        tap(dissolved == 56, "U.S. states: 56 outlines", [f"{dissolved}"])

        # The cascaded union's path, which our dissolve leaves overlaps and T-junctions to:
        # squares a = [0, 2]^2 and b = [1, 3]^2 overlap (union 4 + 4 - 1 = 7, an outline of 8
        # corners); c = [10, 12] x [0, 1] under d and e, which split its top side at (11, 1)
        # (union the square [10, 12] x [0, 2], area 4, its ring keeping (10, 1), (12, 1) and
        # (11, 2): 7 vertices).
        def sq(i, x0, y0, x1, y1):
            ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
            return {"type": "Feature", "properties": {"id": i, "name": i},
                    "geometry": {"type": "Polygon", "coordinates": [ring]}}
        src = os.path.join(tmp, "squares.geojson")
        with open(src, "w") as f:
            json.dump({"type": "FeatureCollection", "features": [
                sq("a", 0, 0, 2, 2), sq("b", 1, 1, 3, 3), sq("c", 10, 0, 12, 1),
                sq("d", 10, 1, 11, 2), sq("e", 11, 1, 12, 2)]}, f)
        with open(mech, "w") as f:
            f.write("id,name\nover,Overlap\ntee,Tee\n")
        with open(memb, "w") as f:
            f.write("mechanism,member\nover,a\nover,b\ntee,c\ntee,d\ntee,e\n")
        graph, out = os.path.join(tmp, "sq.gpkg"), os.path.join(tmp, "sq")
        r = subprocess.run([rg, "build", src, "--id", "id", "--name", "name", "--mechanisms",
                            mech, "--members", memb, "-o", graph, "-q"],
                           capture_output=True, text=True)
        tap(r.returncode == 0, "build the overlapping and T-junction squares", [r.stderr])
        r = subprocess.run([rg, "export", graph, "-o", out, "-q"], capture_output=True, text=True)
        tap(r.returncode == 0, "export the squares", [r.stderr])
        check("squares (cascaded union)", out, shape, unary_union, make_valid)
        with open(os.path.join(out, "mechanisms.geojson"), encoding="utf-8") as f:
            got = {g["properties"]["id"]: shape(g["geometry"]) for g in json.load(f)["features"]}
        facts = [(k, len(polygons(got[k])), got[k].area,
                  [len(p.exterior.coords) - 1 for p in polygons(got[k])]) for k in sorted(got)]
        tap(facts == [("over", 1, 7.0, [8]), ("tee", 1, 4.0, [7])],
            "squares: the overlap is one polygon of area 7 and 8 corners, the T-junction one of "
            "area 4 and 7 vertices", [facts])
    return finish()


if __name__ == "__main__":
    sys.exit(main())
