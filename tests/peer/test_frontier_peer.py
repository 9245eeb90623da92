#!/usr/bin/python3
"""Independent check of the frontier gaps on the founding case (TAP).

usage: test_frontier_peer.py REGIONGRAPH

Builds maps/project.ini into a temporary directory and runs `regiongraph report --format json
--gaps all --top 0`; then runs tests/data/coverage/founding_check.py --frontier-json, which
recomputes the prefecture-level frontier from the shapefiles alone (geopandas, libpysal queen
neighbours, pyproj geodesic km of the shared boundary; coverage from members.csv). A pair is on
mechanism m's frontier when m covers exactly one side; a frontier gap is such a pair that no
mechanism covers on both sides. Every frontier gap must agree pair for pair (the same pairs in
the same order, km to 1e-6, the same mechanisms stopping there, cross-parent and covered
flags), and so must the totals overall, across provinces and per mechanism (pairs, km, gap
pairs, gap km, the neighbours it stops at). The report's first gap must be on the Huaihai or
the YRD frontier. Skips when a Python module is missing.
"""
import json
import os
import subprocess
import sys
import tempfile

from peer_tap import finish, tap


def main():
    rg = os.path.abspath(sys.argv[1])
    root = os.environ.get("RG_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
    maps = os.path.join(root, "maps")
    check = os.path.join(root, "tests", "data", "coverage", "founding_check.py")
    for mod in ("geopandas", "libpysal", "pyproj", "shapely"):
        try:
            __import__(mod)
        except ImportError:
            print("TAP version 13\n1..0 # SKIP python module %s missing" % mod)
            return 0
    with tempfile.TemporaryDirectory(prefix="rg-frontier-peer-") as tmp:
        graph = os.path.join(tmp, "f.gpkg")
        r = subprocess.run([rg, "build", os.path.join(maps, "project.ini"), "-o", graph, "-q"],
                           capture_output=True, text=True)
        tap(r.returncode == 0, "build the founding case", [r.stderr])
        r = subprocess.run([rg, "report", graph, "--format", "json", "--gaps", "all", "--top", "0"],
                           capture_output=True, text=True)
        rep = json.loads(r.stdout)
        f = subprocess.run([sys.executable, check, maps, "--frontier-json"], capture_output=True,
                           text=True)
        tap(f.returncode == 0, "founding_check.py --frontier-json runs", [f.stderr[-500:]])
        peer = json.loads(f.stdout)

    def key(a, b):
        return (a, b) if a < b else (b, a)

    # the frontier gaps, longest first (ties by ids), as the peer ranks them
    want = sorted((p for p in peer["pairs"] if p["gap"]), key=lambda p: (-p["km"], p["a"], p["b"]))
    got = [g for g in rep["gaps"] if g["frontier"]]
    tap(len(got) == len(want) == rep["summary"]["frontier_gaps"],
        f"{len(want)} frontier gaps in both, and the summary says so",
        [f"regiongraph {len(got)} (summary {rep['summary']['frontier_gaps']}), peer {len(want)}"])
    bad = []
    for k, (g, p) in enumerate(zip(got, want)):
        flip = g["id_a"] != p["a"]
        ca, cb = (p["covered_b"], p["covered_a"]) if flip else (p["covered_a"], p["covered_b"])
        if (key(g["id_a"], g["id_b"]) != key(p["a"], p["b"]) or abs(g["length_km"] - p["km"]) > 1e-6
                or sorted(g["stops"]) != p["stops"] or g["cross_parent"] != p["cross"]
                or (g["covered_a"], g["covered_b"]) != (ca, cb)):
            bad.append(f"rank {k + 1}: regiongraph {g['id_a']}-{g['id_b']} {g['length_km']:.6f} "
                       f"{g['stops']} / peer {p['a']}-{p['b']} {p['km']:.6f} {p['stops']}")
    tap(not bad and len(got) == len(want),
        "every frontier gap agrees pair for pair: order, km (1e-6), mechanisms, flags", bad)
    rest = rep["gaps"][len(got):]
    tap(all(not g["frontier"] and not g["stops"] for g in rest) and
        len(rep["gaps"]) == rep["summary"]["gaps"],
        "--gaps all: the other gaps follow, none of them on a frontier")
    gap_km = sum(p["km"] for p in want)
    cross = [p for p in want if p["cross"]]
    s = rep["summary"]
    tap(abs(s["frontier_gap_km"] - gap_km) < 1e-6 and s["cross_frontier_gaps"] == len(cross)
        and abs(s["cross_frontier_gap_km"] - sum(p["km"] for p in cross)) < 1e-6,
        f"totals: {len(want)} frontier gaps {gap_km:.6f} km, across provinces {len(cross)} "
        f"{sum(p['km'] for p in cross):.6f} km",
        [json.dumps({k: v for k, v in s.items() if "frontier" in k})])
    bad = []
    for m in rep["mechanisms"]:
        p = peer["mechanisms"][m["id"]]
        if (m["frontier_pairs"] != p["pairs"] or abs(m["frontier_km"] - p["km"]) > 1e-6
                or m["frontier_gap_pairs"] != p["gap_pairs"]
                or abs(m["frontier_gap_km"] - p["gap_km"]) > 1e-6
                or sorted(m["stops_at"]) != p["stops_at"]):
            bad.append(f"{m['id']}: regiongraph {m['frontier_pairs']} {m['frontier_km']:.6f} "
                       f"{m['frontier_gap_pairs']} {m['frontier_gap_km']:.6f} {len(m['stops_at'])} / "
                       f"peer {p['pairs']} {p['km']:.6f} {p['gap_pairs']} {p['gap_km']:.6f} "
                       f"{len(p['stops_at'])}")
    tap(not bad, "per mechanism: frontier pairs and km, gap pairs and km, neighbours it stops at",
        bad)
    first = rep["gaps"][0] if rep["gaps"] else {}
    tap(set(first.get("stops", [])) & {"huaihai-enforcement", "yrd-market"},
        f"the first gap is on the Huaihai or YRD frontier ({first.get('id_a')}-{first.get('id_b')} "
        f"{first.get('stops')})")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
