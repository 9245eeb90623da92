#!/usr/bin/env python3
"""CLI tests of lengths in unknown map units (issue 14): a map with no .prj whose coordinates
are not lon/lat is measured in its map units, and the network files say so (`length_mu`),
never km. Emits TAP for meson. Standard library only.

Expected values: tests/data/noprj is grid3x3 (3x3 squares of 1000 units, EPSG:32650 metres)
without its .prj: 20 queen pairs, 12 of them rook with a border of 1000 map units (hand count:
each square's side is 1000), 8 corner contacts of 0. With --s_srs EPSG:32650 the same borders
are 1 km and the column is length_km.
"""
import csv
import os
import re
import subprocess
import sys

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DATA = os.path.join(SRC, "tests", "data")

from tap import check, run_suites


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def network(tmp, tag, *opts):
    g = os.path.join(tmp, tag + ".gpkg")
    out = os.path.join(tmp, tag)
    rc, _, err = run("build", os.path.join(DATA, "noprj.shp"), "-o", g, "-q", *opts)
    if rc == 0:
        rc, _, err = run("export", g, "-o", out, "--network", "csv,gal,gwt", "-q")
    return rc, out, err


def suite(tmp):
    rc, out, err = network(tmp, "mu")
    check("no .prj, planar: build and export the network files", rc == 0, err)
    if rc != 0:
        return
    with open(os.path.join(out, "edges.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    check("edges.csv names the lengths length_mu", rows and "length_mu" in rows[0]
          and "length_km" not in rows[0], rows[:1])
    lengths = sorted(float(r["length_mu"]) for r in rows if r["type"] == "adjacent")
    check("the lengths are the planar ones: 12 borders of 1000 map units, 8 corners of 0",
          lengths == [0.0] * 8 + [1000.0] * 12, lengths)
    texts = {}
    for name in sorted(os.listdir(out)):
        with open(os.path.join(out, name), encoding="utf-8") as f:
            texts[name] = f.read()
    check("no network file mentions km", texts and not any("km" in t for t in texts.values()),
          [n for n, t in texts.items() if "km" in t])
    # the report of a graph without mechanisms (the network summary), in every format
    g = os.path.join(tmp, "mu.gpkg")
    reports = {}
    for fmt in ("table", "md", "json", "csv"):
        rc, text, err = run("report", g, "--format", fmt, "-q")
        reports[fmt] = text if rc == 0 else None
    check("report in every format: no km anywhere",
          all(t is not None and "km" not in t for t in reports.values()),
          {f: t for f, t in reports.items() if t is None or "km" in t})
    check("report: 12000 map units of shared border (12 borders of 1000)",
          reports["table"] and "shared border 12000.0 map units" in reports["table"],
          reports["table"])
    if reports["json"]:
        import json
        rep = json.loads(reports["json"])
        check("report --format json: \"mu\": 12000", rep.get("mu") == 12000, reports["json"][:400])
    if reports["csv"]:
        rows = list(csv.DictReader(reports["csv"].splitlines()))
        check("report --format csv: border_mu per region (corner squares 2000, centre 4000)",
              {r["id"]: float(r["border_mu"]) for r in rows}.get("r1c1") == 4000.0 and
              {r["id"]: float(r["border_mu"]) for r in rows}.get("r0c0") == 2000.0, rows[:2])
    # a mechanism of two squares (r0c0, r0c1): the coverage report in every format
    mech, mem = os.path.join(tmp, "mech.csv"), os.path.join(tmp, "mem.csv")
    with open(mech, "w") as f:
        f.write("id,name,kind,year,source\nm1,M one,agreement,2001,x\n")
    with open(mem, "w") as f:
        f.write("mechanism,member\nm1,r0c0\nm1,r0c1\n")
    gm = os.path.join(tmp, "mech.gpkg")
    rc, _, err = run("build", os.path.join(DATA, "noprj.shp"), "-o", gm, "-q", "--mechanisms",
                     mech, "--members", mem)
    cov = {}
    for fmt in ("table", "md", "json", "csv"):
        rc2, text, err2 = run("report", gm, "--format", fmt, "-q")
        cov[fmt] = text if rc == 0 and rc2 == 0 else None
    check("coverage report in every format: no km anywhere (word check)",
          all(t is not None and not re.search(r"(?i)(?<![a-z])km(?![a-z])", t)
              for t in cov.values()), {f: t for f, t in cov.items() if t is None or "km" in t})
    check("coverage report: 1000.0 of 12000.0 map units shared, outer border 3000 (hand count)",
          cov["table"] and "shared border mu     1000.0  12000.0" in cov["table"] and
          "(11000.0 map units)" in cov["table"] and "3000.0 map units" in cov["table"],
          cov["table"])
    if cov["json"]:
        import json
        summ = json.loads(cov["json"]).get("summary", {})
        check("coverage json: mu 12000, mu_coordinated 1000, gap_mu 11000",
              summ.get("mu") == 12000 and summ.get("mu_coordinated") == 1000 and
              summ.get("gap_mu") == 11000, str(summ)[:400])
    rc, out, err = network(tmp, "km", "--s_srs", "EPSG:32650")
    with open(os.path.join(out, "edges.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    lengths = sorted(float(r["length_km"]) for r in rows if r["type"] == "adjacent")
    check("with --s_srs EPSG:32650: length_km, 12 borders of 1 km",
          rc == 0 and lengths == [0.0] * 8 + [1.0] * 12, f"{lengths}\n{err}")

    # The diagnostics are lon/lat GeoJSON: with no path there, build refuses before writing
    # anything, the graph file included.
    d = os.path.join(tmp, "diag")
    os.mkdir(d)
    rc, _, err = run("build", os.path.join(DATA, "noprj.shp"), "-o", os.path.join(d, "g.gpkg"),
                     "--diagnostics", os.path.join(d, "near.geojson"), "-q")
    check("--diagnostics on a map in map units: exit 1 naming the file and --s_srs, nothing "
          "written", rc == 1 and "near.geojson" in err and "--s_srs" in err and
          os.listdir(d) == [], f"rc {rc}, left {os.listdir(d)}\n{err}")


if __name__ == "__main__":
    sys.exit(run_suites("rg-mapunits-", suite))
