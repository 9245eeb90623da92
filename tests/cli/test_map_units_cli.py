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
import sqlite3
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DATA = os.path.join(SRC, "tests", "data")

from tap import check, run_suites


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def write_boxes(base, boxes):
    """A polygon shapefile (.shp, .shx, .dbf with an id field r0, r1, ...; no .prj) of the
    axis-aligned boxes (x0, y0, x1, y1), each ring clockwise as the format wants."""
    recs = []
    for (x0, y0, x1, y1) in boxes:
        pts = [(x0, y0), (x0, y1), (x1, y1), (x1, y0), (x0, y0)]
        recs.append(struct.pack("<i4d3i", 5, x0, y0, x1, y1, 1, 5, 0) +
                    b"".join(struct.pack("<2d", *p) for p in pts))
    bb = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
          max(b[3] for b in boxes))

    def head(length):
        return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length // 2) +
                struct.pack("<2i8d", 1000, 5, *bb, 0, 0, 0, 0))
    shp = head(100 + sum(8 + len(r) for r in recs))
    shx, off = head(100 + 8 * len(recs)), 100
    for i, r in enumerate(recs):
        shp += struct.pack(">2i", i + 1, len(r) // 2) + r
        shx += struct.pack(">2i", off // 2, len(r) // 2)
        off += 8 + len(r)
    dbf = struct.pack("<B3BIHH", 3, 124, 1, 1, len(boxes), 65, 11) + bytes(20)
    dbf += b"id".ljust(11, b"\0") + b"C" + bytes(4) + bytes([10, 0]) + bytes(14) + b"\r"
    dbf += b"".join(b" " + ("r%d" % i).encode().ljust(10) for i in range(len(boxes))) + b"\x1a"
    for ext, data in (("shp", shp), ("shx", shx), ("dbf", dbf)):
        with open(base + "." + ext, "wb") as f:
            f.write(data)


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


KM_WORD = re.compile(r"(?<![A-Za-z_])km(?![A-Za-z])")
M_WORD = re.compile(r"\d m\b|\d+m\b")


def centrality_suite(tmp):
    """report --section centrality of the map-units grid: its header names the weights "border
    map units", in every format and view, and nothing says km."""
    g = os.path.join(tmp, "cent.gpkg")
    rc, _, err = run("build", os.path.join(DATA, "noprj.shp"), "-o", g, "-q")
    texts = {}
    for view in ("adjacency", "all"):
        for fmt in ("table", "md", "json", "csv"):
            rc2, text, err2 = run("report", g, "--section", "centrality", "--view", view,
                                  "--format", fmt, "-q")
            texts[view, fmt] = text if rc == 0 and rc2 == 0 else None
    check("centrality report, every view and format: no km anywhere",
          all(t is not None and not KM_WORD.search(t) for t in texts.values()),
          {k: t for k, t in texts.items() if t is None or KM_WORD.search(t)})
    t = texts["adjacency", "table"] or ""
    check("centrality table: weighted by border map units", "weighted: border map units" in t, t)
    t = texts["all", "md"] or ""
    check("centrality md, view all: mixes map units and counts",
          "the 'all' view mixes map units and counts" in t, t)
    # the centre square has four borders of 1000: strength 4000 (hand count)
    rows = list(csv.DictReader((texts["adjacency", "csv"] or "").splitlines()))
    strength = {r.get("id"): r.get("strength") for r in rows}
    check("centrality csv: strength of the centre square 4000 map units, a corner 2000",
          strength.get("r1c1") and float(strength["r1c1"]) == 4000.0 and
          float(strength["r0c0"]) == 2000.0, rows[:2])


def graphml_suite(tmp):
    """export --network on the map-units grid: every network file is written (GraphML too,
    with its lengths as length_mu and its points as x_mu, y_mu in map units), the layers are
    refused naming --s_srs and --t_srs, and a refused export writes nothing."""
    g = os.path.join(tmp, "gml.gpkg")
    out = os.path.join(tmp, "gml")
    rc, _, err = run("build", os.path.join(DATA, "noprj.shp"), "-o", g, "-q")
    rc, _, err = run("export", g, "-o", out, "--network", "all")
    files = sorted(os.listdir(out)) if os.path.isdir(out) else []
    check("export --network all: exit 0, the four network files and no layer",
          rc == 0 and files == ["edges.csv", "network.graphml", "weights.gal", "weights.gwt"],
          f"rc {rc}, {files}\n{err}")
    check("export --network all: the layers are refused with a warning naming --s_srs and "
          "--t_srs", "no layers written" in err and "--s_srs" in err and "--t_srs" in err, err)
    if "network.graphml" not in files:
        return
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(os.path.join(out, "network.graphml")).getroot()
    keys = {k.get("attr.name"): k.get("id") for k in root.findall("g:key", ns)}
    check("graphml: keys length_mu, x_mu and y_mu; no length_km, lon or lat",
          {"length_mu", "x_mu", "y_mu"} <= set(keys) and
          not {"length_km", "lon", "lat"} & set(keys), sorted(keys))
    nodes = {}
    for n in root.iter("{%s}node" % ns["g"]):
        data = {d.get("key"): d.text for d in n.findall("g:data", ns)}
        nodes[n.get("id")] = (float(data.get(keys.get("x_mu"), "nan")),
                              float(data.get(keys.get("y_mu"), "nan")))
    # grid3x3's square r1c1 is [501000, 502000] x [3801000, 3802000], r0c0 the one at the
    # north-west corner, [500000, 501000] x [3802000, 3803000]: their centres
    check("graphml: x_mu, y_mu are the squares' centres in map units",
          nodes.get("r1c1") == (501500.0, 3801500.0) and
          nodes.get("r0c0") == (500500.0, 3802500.0), nodes)
    lengths = sorted(float(d.text) for d in root.iter("{%s}data" % ns["g"])
                     if d.get("key") == keys.get("length_mu"))
    check("graphml: length_mu of the 20 pairs: 12 borders of 1000, 8 corners of 0",
          lengths == [0.0] * 8 + [1000.0] * 12, lengths)
    # without --network there is nothing to write: refused, nothing created
    out2 = os.path.join(tmp, "layers")
    rc, _, err = run("export", g, "-o", out2)
    check("export without --network: exit 1 naming --s_srs and --t_srs, no folder created",
          rc == 1 and "--s_srs" in err and "--t_srs" in err and not os.path.exists(out2),
          f"rc {rc}\n{err}")
    for fmt in ("gpkg", "shp", "geojson,fgb"):
        out3 = os.path.join(tmp, "fmt")
        rc, _, err = run("export", g, "-o", out3, "--format", fmt, "-q")
        check(f"export --format {fmt}: exit 1 naming --s_srs, no folder created",
              rc == 1 and "--s_srs" in err and not os.path.exists(out3), f"rc {rc}\n{err}")


def graphfile_suite(tmp):
    """The graph file of a map in map units names its border columns length_mu and gap_mu (no
    km for ogrinfo to show); a file of the same map with the old names still reads."""
    g = os.path.join(tmp, "gf.gpkg")
    rc, _, err = run("build", os.path.join(DATA, "noprj.shp"), "-o", g, "-q")
    with sqlite3.connect(g) as db:
        cols = [r[1] for r in db.execute("PRAGMA table_info(borders)")]
        total = db.execute("SELECT sum(length_mu) FROM borders").fetchone()[0] \
            if "length_mu" in cols else None
    check("graph file: borders has length_mu and gap_mu, no _km column",
          rc == 0 and "length_mu" in cols and "gap_mu" in cols and
          not [c for c in cols if c.endswith("_km")], cols)
    check("graph file: sum(length_mu) = 12000 (12 borders of 1000)", total == 12000.0, total)
    # a graph file written before the rename (length_km, gap_km holding map units) reads
    old = os.path.join(tmp, "old.gpkg")
    with open(g, "rb") as f, open(old, "wb") as o:
        o.write(f.read())
    with sqlite3.connect(old) as db:
        db.execute("ALTER TABLE borders RENAME COLUMN length_mu TO length_km")
        db.execute("ALTER TABLE borders RENAME COLUMN gap_mu TO gap_km")
        db.execute("UPDATE gpkg_data_columns SET column_name = 'length_km' "
                   "WHERE column_name = 'length_mu'") if db.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'gpkg_data_columns'"
        ).fetchone()[0] else None
    rc, text, err = run("report", old, "-q")
    check("an old graph file (length_km) of the map still reads: 12000.0 map units",
          rc == 0 and "shared border 12000.0 map units" in text, f"rc {rc}\n{err}\n{text}")


def build_suite(tmp):
    """build's own lines on a map in map units: near misses, overlaps, the tolerance hint and
    the nearest regions in map units, the same numbers as the same map declared in metres
    (EPSG:32650) gives in m; a length with a unit is refused."""
    # a row of 1000-unit squares, gaps of 3 and overlaps of 2 in turn (the odd ones raised 10
    # so that the overlaps cross), and a square 12997 units east of the row
    base = os.path.join(tmp, "row")
    xs = [0, 1003, 2001, 3004, 4002, 5005, 6003]
    x0, y0 = 500000, 3800000
    write_boxes(base, [(x0 + x, y0 + 10 * (i % 2), x0 + x + 1000, y0 + 1000 + 10 * (i % 2))
                       for i, x in enumerate(xs)] + [(x0 + 20000, y0, x0 + 21000, y0 + 1000)])
    shp = base + ".shp"
    g = os.path.join(tmp, "row.gpkg")
    rc, _, mu = run("build", shp, "-o", g)
    rc2, _, metres = run("build", shp, "-o", g, "--s_srs", "EPSG:32650")
    lines = [ln for ln in mu.splitlines() if "warning" not in ln]
    check("build: no km and no m in its lines for a map in map units",
          rc == 0 and not any(KM_WORD.search(ln) or M_WORD.search(ln) for ln in lines), mu)
    for want in ("6 near misses within 100 map units (gap min 0 map units, median 3 map units, "
                 "max 3 map units)",
                 "3 overlaps deeper than the tolerance (deepest 2 map units: r1 (r1) and r2 (r2))",
                 "boundaries miss or cross each other by up to about 6 map units: try --snap 6\n",
                 "r0 -> r1 3 map units"):
        check(f"build, map units: '{want.strip()}'", want in mu, mu)
    for want in ("6 near misses within 100 m (gap min 0 m, median 3 m, max 3 m)",
                 "try --snap 6m\n", "r0 -> r1 3 m,"):
        check(f"build, the same map in metres: '{want.strip()}'", rc2 == 0 and want in metres,
              metres)
    # the hint works as given: the 6 pairs of the row, and the last square linked 12997 away
    rc, _, err = run("build", shp, "-o", g, "--snap", "6", "--islands", "1", "-v")
    check("build --snap 6 --islands 1: 6 pairs within 6 map units, the island 12997 map units "
          "away", rc == 0 and "6 adjacent pairs (queen contiguity within 6 map units)" in err and
          "r6 - r7 12997 map units" in err and "(row) within 6 map units" in err, err)
    for k, opt in enumerate((["--snap", "6m"], ["--near", "10m"], ["--snap", "0.006km"])):
        d = os.path.join(tmp, f"refused{k}")
        os.mkdir(d)
        rc, _, err = run("build", shp, "-o", os.path.join(d, "g.gpkg"), "-q", *opt)
        check(f"build {' '.join(opt)} on a map in map units: exit 1 naming the file, the option "
              "and --s_srs; nothing written", rc == 1 and shp in err and opt[0] in err and
              "--s_srs" in err and os.listdir(d) == [], f"rc {rc}, {os.listdir(d)}\n{err}")
    # a bare --snap is in the layer's own units: metres for the map declared in UTM, degrees
    # for the lon/lat prefectures; only a map without a CRS says map units
    rc, _, err = run("build", shp, "-o", g, "--snap", "6", "--s_srs", "EPSG:32650")
    rc2, _, err2 = run("build", os.path.join(SRC, "maps", "prefectures.shp"), "-o", g,
                       "--snap", "0.0001")
    check("build --snap 6 on the map declared in UTM says 'within 6 m'; --snap 0.0001 on the "
          "lon/lat prefectures says 'within 0.0001 degrees' (their 970 pairs)",
          rc == 0 and rc2 == 0 and "(queen contiguity within 6 m)" in err and
          "970 adjacent pairs (queen contiguity within 0.0001 degrees)" in err2, err + err2)


def pdf_title(path):
    """The /Title of a PDF's document information, as cairo writes it (UTF-16 in hex)."""
    with open(path, "rb") as f:
        m = re.search(rb"/Title\s*<([0-9A-Fa-f]+)>", f.read())
    return bytes.fromhex(m.group(1).decode()).decode("utf-16") if m else None


def render_suite(tmp):
    """render --timeline on the map-units grid: its title gives the shared border in map units
    (12 borders of 1000: 12000), and the same map declared in metres gives 12 km."""
    mech, mem = os.path.join(tmp, "rmech.csv"), os.path.join(tmp, "rmem.csv")
    with open(mech, "w") as f:
        f.write("id,name,kind,year,source,start\nm1,M one,agreement,2001,x,2001-03-01\n"
                "m2,M two,agreement,2003,x,2003-06-01\n")
    with open(mem, "w") as f:
        f.write("mechanism,member\nm1,r0c0\nm1,r0c1\nm2,r1c1\nm2,r1c2\n")
    titles = {}
    for tag, opts in (("mu", []), ("km", ["--s_srs", "EPSG:32650"])):
        g = os.path.join(tmp, f"render-{tag}.gpkg")
        pdf = os.path.join(tmp, f"timeline-{tag}.pdf")
        rc, _, err = run("build", os.path.join(DATA, "noprj.shp"), "-o", g, "-q", "--mechanisms",
                         mech, "--members", mem, *opts)
        rc2, _, err2 = run("render", g, "--timeline", "-o", pdf, "-q")
        titles[tag] = pdf_title(pdf) if rc == 0 and rc2 == 0 else f"{err}{err2}"
    check("render --timeline, map units: title '(9 regions, 12000 map units)'",
          titles["mu"] == "Coverage through time, level noprj (9 regions, 12000 map units)",
          titles["mu"])
    check("render --timeline, the same map in metres: '(9 regions, 12 km)'",
          titles["km"] == "Coverage through time, level noprj (9 regions, 12 km)", titles["km"])
    png = os.path.join(tmp, "map.png")
    rc, _, err = run("render", os.path.join(tmp, "render-mu.gpkg"), "-o", png, "-q")
    with open(png, "rb") as f:
        head = f.read(24) if rc == 0 else b""
    check("render (the map) of a graph in map units: a PNG of 1200 pixels' width",
          head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">I", head[16:20])[0] == 1200,
          f"rc {rc}\n{err}")


def suggest_suite(tmp):
    """suggest on the map-units grid with two mechanisms: the explanations and the legend in map
    units, and --layer (lon/lat GeoJSON) refused before anything is written."""
    g = os.path.join(tmp, "render-mu.gpkg")  # render_suite's
    texts = {}
    for opts in ([], ["--cross-parent"], ["--format", "md"], ["--format", "csv"]):
        rc, text, err = run("suggest", g, "-q", *opts)
        texts[" ".join(opts)] = text if rc == 0 else err
    check("suggest, every format: no km anywhere",
          all(not KM_WORD.search(t) for t in texts.values()),
          {k: t for k, t in texts.items() if KM_WORD.search(t)})
    # A3 (r0c2) joining m1 (r0c0, r0c1) closes its one border, with A2: 1000 long (hand count)
    t = texts[""]
    check("suggest: explanations and legend in map units",
          "A3 joins m1: coordinates 1 border (1000.0 map units) with A2 (1000.0 map units)" in t
          and "mu: border map units coordinated" in t and
          "map units of new frontier" in t, t)
    check("suggest --cross-parent: 'cross-parent map units first'",
          "cross-parent map units first" in texts["--cross-parent"], texts["--cross-parent"])
    d = os.path.join(tmp, "sg")
    os.mkdir(d)
    rc, out, err = run("suggest", g, "-q", "--layer", os.path.join(d, "s.geojson"), "-o",
                       os.path.join(d, "r.txt"))
    check("suggest --layer on a map in map units: exit 1 naming the layer and --s_srs, nothing "
          "written (the report either)", rc == 1 and "s.geojson" in err and "--s_srs" in err and
          os.listdir(d) == [], f"rc {rc}, {os.listdir(d)}\n{err}")


if __name__ == "__main__":
    sys.exit(run_suites("rg-mapunits-", suite, centrality_suite, graphml_suite, graphfile_suite,
                        build_suite, render_suite, suggest_suite))
