#!/usr/bin/env python3
"""Who covers what (issue 11) from the command line (TAP), on the founding case: the regions
layer names the mechanisms covering each region and through which member, in GeoJSON, the
GeoPackage (selectable with ogr2ogr -where), FlatGeobuf and the shapefile; the graph file's and
layers.gpkg's coverage table; the mechanisms layer; links drawn per mechanism, never as a
complete graph. Expected values come from maps/members.csv and the prefectures' province codes,
read here independently of regiongraph.

usage: test_coverage_cli.py REGIONGRAPH
"""
import csv
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import check, run_suites  # noqa: E402

rg = os.path.abspath(sys.argv[1])
root = os.environ.get("RG_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
MAPS = os.path.join(root, "maps")


def run(*args, cwd=None):
    return subprocess.run([rg, *args], capture_output=True, text=True, cwd=cwd)


def expected_coverage():
    """(mechanism, region) -> via, from members.csv and the prefecture codes: a province code
    ends in 0000 and covers the prefectures sharing its first two digits; a prefecture member
    covers itself ("member")."""
    prefectures = set()
    r = subprocess.run(["ogr2ogr", "-f", "CSV", "/vsistdout/", os.path.join(MAPS, "prefectures.shp"),
                        "-select", "code"], capture_output=True, text=True)
    for row in csv.DictReader(r.stdout.splitlines()):
        prefectures.add(row["code"])
    out = {}
    with open(os.path.join(MAPS, "members.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            m, member = row["mechanism"], row["member"]
            # a province code first: Shanghai's one prefecture-level unit shares 310000 with
            # the province, and the member row names the province
            if member.isdigit() and member.endswith("0000"):
                for p in prefectures:
                    if p[:2] == member[:2] and (m, p) not in out:
                        out[(m, p)] = member
            elif member in prefectures:
                out[(m, member)] = "member"
    return out


def ogr_rows(path, layer, where=None):
    args = ["ogr2ogr", "-f", "CSV", "/vsistdout/", path, layer]
    if where:
        args += ["-where", where]
    r = subprocess.run(args, capture_output=True, text=True)
    return list(csv.DictReader(r.stdout.splitlines())), r.stderr


def suite(tmp):
    graph = os.path.join(tmp, "f.gpkg")
    r = run("build", os.path.join(MAPS, "project.ini"), "-o", graph, "-q")
    check("build the founding case", r.returncode == 0, r.stderr)
    expect = expected_coverage()
    check("independent expectation: 41 YRD and 10 Huaihai prefectures",
          sum(1 for m, _ in expect if m == "yrd-market") == 41
          and sum(1 for m, _ in expect if m == "huaihai-enforcement") == 10, len(expect))

    rows, err = ogr_rows(graph, "coverage")
    got = {(x["mechanism"], x["region"]): x["via"] for x in rows}
    check("graph file: the coverage table is (mechanism, region, via) as members.csv says",
          got == expect and len(rows) == len(expect), (len(rows), err))

    out = os.path.join(tmp, "layers")
    r = run("export", graph, "-o", out, "--format", "geojson,gpkg,fgb,shp")
    check("export in four formats", r.returncode == 0, r.stderr)
    with open(os.path.join(out, "regions.geojson"), encoding="utf-8") as f:
        regions = {x["properties"]["name"]: x["properties"] for x in json.load(f)["features"]}
    xz, hz = regions.get("Xuzhou", {}), regions.get("Hangzhou", {})
    check("regions.geojson: Xuzhou lists both mechanisms, via Jiangsu and as a member",
          xz.get("mech_ids") == ["yrd-market", "huaihai-enforcement"]
          and xz.get("mech_via") == ["320000", "member"], xz)
    check("regions.geojson: Hangzhou lists only the YRD memorandum, via Zhejiang",
          hz.get("mech_ids") == ["yrd-market"] and hz.get("mech_via") == ["330000"], hz)
    check("regions.geojson: every region's list agrees with members.csv",
          all(sorted((m, p["id"]) for m in p["mech_ids"]) ==
              sorted(k for k in expect if k[1] == p["id"]) for p in regions.values()))

    gpkg = os.path.join(out, "layers.gpkg")
    sel, err = ogr_rows(gpkg, "regions", "mech_ids LIKE '%\"yrd-market\"%'")
    want = sorted(p for m, p in expect if m == "yrd-market")
    check("ogr2ogr -where on layers.gpkg selects the 41 YRD prefectures",
          sorted(x["id"] for x in sel) == want and len(want) == 41, (len(sel), err))
    info = subprocess.run(["ogrinfo", "-so", gpkg, "regions"], capture_output=True, text=True).stdout
    check("layers.gpkg: mech_ids is typed as JSON (a list for QGIS)", "mech_ids: String(JSON)" in info,
          info[-600:])
    shp, err = ogr_rows(os.path.join(out, "regions.shp"), "regions", "name = 'Xuzhou'")
    check("regions.shp: ';'-joined lists",
          len(shp) == 1 and shp[0]["mech_ids"] == "yrd-market;huaihai-enforcement"
          and shp[0]["mech_via"] == "320000;member", (shp, err))
    fgb, err = ogr_rows(os.path.join(out, "regions.fgb"), "regions", "name = 'Hangzhou'")
    check("regions.fgb: the list as JSON text",
          len(fgb) == 1 and json.loads(fgb[0]["mech_ids"]) == ["yrd-market"], (fgb, err))
    cov, err = ogr_rows(gpkg, "coverage")
    check("layers.gpkg: the coverage table as in the graph file",
          {(x["mechanism"], x["region"]): x["via"] for x in cov} == expect, (len(cov), err))

    rep = json.loads(run("report", graph, "--format", "json").stdout)
    by_id = {m["id"]: m for m in rep["mechanisms"]}
    with open(os.path.join(out, "mechanisms.geojson"), encoding="utf-8") as f:
        mechs = {x["properties"]["id"]: x for x in json.load(f)["features"]}
    check("mechanisms.geojson: one feature per mechanism, covered, pieces and outer km as the report",
          sorted(mechs) == sorted(by_id) and all(
              mechs[i]["properties"]["covered"] == by_id[i]["covered"]
              and mechs[i]["properties"]["pieces"] == by_id[i]["pieces"]
              and abs(mechs[i]["properties"]["outer_km"] - by_id[i]["outer_km"]) < 1e-6
              for i in mechs), [m["properties"] for m in mechs.values()])
    yrd = mechs.get("yrd-market", {}).get("geometry") or {}
    check("mechanisms.geojson: the YRD area is one MultiPolygon, the joint actions have none",
          yrd.get("type") == "MultiPolygon" and mechs["rural-food-2018"]["geometry"] is None, yrd.get("type"))
    n, err = ogr_rows(gpkg, "mechanisms")
    check("layers.gpkg: the mechanisms layer", len(n) == 4, err)

    with open(os.path.join(out, "links.geojson"), encoding="utf-8") as f:
        links = [x["properties"] for x in json.load(f)["features"]]
    per = {}
    for p in links:
        per.setdefault(p["mechanism"], []).append(p)
    ok = True
    for m, ls in per.items():
        ends = {p["id_a"] for p in ls} | {p["id_b"] for p in ls}
        hubs = {p["id_a"] for p in ls}
        # a star over k ends has k - 1 lines from one hub; K_k would have k(k-1)/2
        ok &= len(ls) == len(ends) - 1 and len(hubs) == 1 and all(p["drawn_as"] == "star" for p in ls)
    check("links.geojson: YRD is a star of 40 lines, Huaihai of 9, no complete graph",
          ok and len(per.get("yrd-market", [])) == 40 and len(per.get("huaihai-enforcement", [])) == 9,
          {m: len(v) for m, v in per.items()})

    with open(os.path.join(out, "gaps.geojson"), encoding="utf-8") as f:
        gaps = [x["properties"] for x in json.load(f)["features"]]
    front = [g["frontier"] for g in gaps]
    check("gaps.geojson: every gap, the 31 frontier gaps first (report: frontier_gaps)",
          len(gaps) == rep["summary"]["gaps"] and front == sorted(front, reverse=True)
          and sum(front) == rep["summary"]["frontier_gaps"] == 31, (len(gaps), sum(front)))
    first = gaps[0] if gaps else {}
    check("gaps.geojson: the first gap is Jining-Tai'an, where Huaihai stops (Jining covered)",
          (first.get("id_a"), first.get("id_b"), first.get("stops"), first.get("covered_a"),
           first.get("covered_b")) == ("370800", "370900", ["huaihai-enforcement"], True, False), first)
    r = run("report", graph, "--gaps", "some")
    check("report --gaps some is a usage error", r.returncode == 2 and "--gaps" in r.stderr, r.stderr)
    r = run("report", graph, "--gaps", "all", "--format", "json", "--top", "0")
    allg = json.loads(r.stdout)["gaps"] if r.returncode == 0 else []
    check("report --gaps all lists all 858 gaps, frontier first", len(allg) == 858
          and [g["frontier"] for g in allg] == sorted((g["frontier"] for g in allg), reverse=True), len(allg))


def time_suite(tmp):
    """Coverage through time. Hand-computed from maps/mechanisms.csv: the rural food action runs
    2018-12-14 to 2019-03-13, the "health" action 2019-01-08 to 2019-04-17 (agencies only: they
    change the mechanisms in force, never the regions); the memorandum and Huaihai start in 2019
    (1 January) and do not end, bringing the 46 regions, 112 pairs (11393.7 km) and 31 frontier
    gaps (3490.9 km) of the undated report."""
    graph = os.path.join(tmp, "t.gpkg")
    r = run("build", os.path.join(MAPS, "project.ini"), "-o", graph, "-q")
    check("time: build the founding case", r.returncode == 0, r.stderr)
    r = run("report", graph, "--timeline", "--format", "json")
    rows = json.loads(r.stdout)["rows"] if r.returncode == 0 else []
    got = [(x["date"], x["in_force"], x["covered"], x["pairs_coordinated"], round(x["km_coordinated"], 1),
            x["frontier_gaps"], round(x["frontier_gap_km"], 1)) for x in rows]
    want = [("2018-12-14", 1, 0, 0, 0.0, 0, 0.0),
            ("2019", 3, 46, 112, 11393.7, 31, 3490.9),
            ("2019-01-08", 4, 46, 112, 11393.7, 31, 3490.9),
            ("2019-03-14", 3, 46, 112, 11393.7, 31, 3490.9),
            ("2019-04-18", 2, 46, 112, 11393.7, 31, 3490.9)]
    check("report --timeline: a row when each mechanism starts and the day after each ends", got == want, got)
    r = run("report", graph, "--timeline", "--format", "csv")
    lines = r.stdout.splitlines()
    check("report --timeline --format csv: header and five rows",
          r.returncode == 0 and lines[0].startswith("date,in_force,covered") and len(lines) == 6
          and lines[2].startswith("2019,3,46,112,"), lines[:3])
    r = run("report", graph, "--timeline")
    check("report --timeline (table): the 2019 row", r.returncode == 0 and any(
        line.split()[:4] == ["2019", "3", "46", "112"] for line in r.stdout.splitlines()), r.stdout)
    r = run("report", graph, "--timeline", "--format", "md")
    check("report --timeline --format md: a Markdown table", r.returncode == 0 and "| 2019-04-18 |" in r.stdout,
          r.stdout)
    r = run("report", graph, "--at", "2018", "--format", "json")
    s = json.loads(r.stdout)["summary"] if r.returncode == 0 else {}
    check("report --at 2018 covers no region and no frontier", s.get("covered") == 0
          and s.get("pairs_coordinated") == 0 and s.get("frontier_gaps") == 0, s)
    r = run("report", graph, "--at", "2019-06-30", "--format", "json")
    s = json.loads(r.stdout)["summary"] if r.returncode == 0 else {}
    check("report --at 2019-06-30: the 46 regions and 31 frontier gaps", s.get("covered") == 46
          and s.get("frontier_gaps") == 31, s)
    r = run("report", graph, "--at", "2019-02-30")
    check("report --at 2019-02-30 is a usage error", r.returncode == 2 and "--at" in r.stderr, r.stderr)
    out = os.path.join(tmp, "tlayers")
    r = run("export", graph, "-o", out, "--format", "geojson,gpkg", "-q")
    info = subprocess.run(["ogrinfo", "-so", os.path.join(out, "layers.gpkg"), "mechanisms"],
                          capture_output=True, text=True).stdout
    check("layers.gpkg: mechanisms start and end typed as dates (ogrinfo), for QGIS's Temporal Controller",
          r.returncode == 0 and "start: Date" in info and "end: Date" in info, info[-400:])
    rows, err = ogr_rows(os.path.join(out, "layers.gpkg"), "mechanisms")
    check("layers.gpkg: a year alone starts on 1 January, the joint actions end on their last day",
          sorted((x["id"], x["start"], x["end"]) for x in rows) == [
              ("health-market-2019", "2019/01/08", "2019/04/17"), ("huaihai-enforcement", "2019/01/01", ""),
              ("rural-food-2018", "2018/12/14", "2019/03/13"), ("yrd-market", "2019/01/01", "")], rows)
    start_of = {}  # maps/mechanisms.csv's start (a year alone: 1 January), as ogr2ogr writes dates
    with open(os.path.join(MAPS, "mechanisms.csv"), encoding="utf-8") as f:
        for m in csv.DictReader(f):
            d = m["start"] or m["year"]
            start_of[m["id"]] = (d + "-01-01" if len(d) == 4 else d).replace("-", "/")
    for layer, fields in (("links", ("start: Date", "end: Date")), ("regions", ("covered_from: Date",))):
        info = subprocess.run(["ogrinfo", "-so", os.path.join(out, "layers.gpkg"), layer],
                              capture_output=True, text=True).stdout
        check("layers.gpkg: %s %s typed as dates (ogrinfo), for QGIS's Temporal Controller"
              % (layer, " and ".join(x.split(":")[0] for x in fields)),
              all(x in info for x in fields), info[-600:])
    rows, err = ogr_rows(os.path.join(out, "layers.gpkg"), "links")
    got = sorted({(x["mechanism"], x["start"], x["end"]) for x in rows})
    check("layers.gpkg: each link carries its mechanism's start (maps/mechanisms.csv) and no end",
          len(rows) == 49 and got == [("huaihai-enforcement", start_of["huaihai-enforcement"], ""),
                                      ("yrd-market", start_of["yrd-market"], "")], (len(rows), got))
    rows, err = ogr_rows(os.path.join(out, "layers.gpkg"), "regions")
    want = {x["id"]: min((start_of[m] for m in json.loads(x["mech_ids"] or "[]")), default="")
            for x in rows}
    got = {x["id"]: x["covered_from"] for x in rows}
    check("layers.gpkg: regions covered_from is the earliest start of the mechanisms covering "
          "them (46 from 2019/01/01, 326 empty)",
          got == want and sum(v == "2019/01/01" for v in got.values()) == 46
          and sum(v == "" for v in got.values()) == 326, sorted(set(got.values())))
    rows, err = ogr_rows(graph, "mechanisms")
    check("graph file: the mechanisms' start and end",
          sorted((x["id"], x["start"], x["end"]) for x in rows) == [
              ("health-market-2019", "2019-01-08", "2019-04-17"), ("huaihai-enforcement", "2019", ""),
              ("rural-food-2018", "2018-12-14", "2019-03-13"), ("yrd-market", "2019", "")], (rows, err))



def panel_suite(tmp):
    """report --panel on the founding case: one row per prefecture and year, 2018 (the rural food
    action starts) to 2019 (the last start or end), each as it stood on 31 December. Expected
    values by hand (Xuzhou 2019: both mechanisms; nothing covered at the end of 2018, when only
    the agencies' food action is in force) and, for every row's exposure, from the graph file's
    borders and coverage tables read here with ogr2ogr."""
    graph = os.path.join(tmp, "p.gpkg")
    r = run("build", os.path.join(MAPS, "project.ini"), "-o", graph, "-q")
    check("panel: build the founding case", r.returncode == 0, r.stderr)
    out = os.path.join(tmp, "panel.csv")
    r = run("report", graph, "--panel", "-o", out, "-q")
    rows = list(csv.DictReader(open(out, encoding="utf-8", newline=""))) if r.returncode == 0 else []
    check("panel: the columns", rows and list(rows[0]) == [
        "id", "name", "year", "covered", "mechanisms", "mechanism_ids", "exposure", "border_km"], rows[:1])
    years = sorted({x["year"] for x in rows})
    check("panel: 372 prefectures x the years 2018 and 2019", years == ["2018", "2019"]
          and len(rows) == 2 * 372, (years, len(rows)))
    by = {(x["id"], x["year"]): x for x in rows}
    xz = by.get(("320300", "2019"), {})
    check("panel: Xuzhou 2019 covered by both mechanisms", xz.get("name") == "Xuzhou"
          and xz.get("covered") == "1" and xz.get("mechanisms") == "2"
          and sorted(xz.get("mechanism_ids", "").split(";")) == ["huaihai-enforcement", "yrd-market"], xz)
    hz = by.get(("330100", "2019"), {})
    check("panel: Hangzhou 2019 covered by the YRD memorandum only", hz.get("mechanism_ids") == "yrd-market", hz)
    check("panel: nothing covered at the end of 2018, exposure 0",
          all(x["covered"] == "0" and x["mechanism_ids"] == "" and float(x["exposure"] or 0) == 0
              for x in rows if x["year"] == "2018"))
    check("panel: 46 regions covered at the end of 2019",
          sum(x["covered"] == "1" for x in rows if x["year"] == "2019") == 46)
    # independent exposure: borders at the prefecture level, neighbours covered by a mechanism
    # in force on 2019-12-31 (the memorandum and Huaihai: the joint actions have ended)
    borders, _ = ogr_rows(graph, "borders")
    cover, _ = ogr_rows(graph, "coverage")
    covered = {c["region"] for c in cover if c["mechanism"] in ("yrd-market", "huaihai-enforcement")}
    km, exp_km = {}, {}
    for b in borders:
        if b["level"] != "prefectures" or b["contact"] != "border":
            continue
        for u, v in ((b["id_a"], b["id_b"]), (b["id_b"], b["id_a"])):
            km[u] = km.get(u, 0.0) + float(b["length_km"])
            exp_km[u] = exp_km.get(u, 0.0) + (float(b["length_km"]) if v in covered else 0.0)
    bad = []
    for x in rows:
        if x["year"] != "2019":
            continue
        want = exp_km[x["id"]] / km[x["id"]] if km.get(x["id"]) else None
        got = float(x["exposure"]) if x["exposure"] else None
        if (want is None) != (got is None) or (want is not None and abs(want - got) > 1e-9) \
                or abs(float(x["border_km"]) - km.get(x["id"], 0.0)) > 1e-6:
            bad.append((x["id"], got, want))
    check("panel: every 2019 exposure agrees with the borders and coverage tables to 1e-9", not bad, bad[:5])
    partial = [x for x in rows if x["year"] == "2019" and x["exposure"] and 0 < float(x["exposure"]) < 1]
    check("panel: some regions on the frontier are partly exposed", len(partial) > 10, len(partial))
    r = run("report", graph, "--panel", "--format", "json")
    check("report --panel --format json is a usage error", r.returncode == 2 and "--panel" in r.stderr, r.stderr)


def svg_paths(path, colour):
    """The point lists of the SVG paths cairo stroked in colour (an "rgb(...)" text)."""
    import re
    text = open(path, encoding="utf-8").read()
    out = []
    for m in re.finditer(r'<path style="([^"]*)" d="([^"]*)"', text):
        if "stroke:" + colour in m.group(1):
            nums = [float(x) for x in re.findall(r"-?[0-9.]+", m.group(2))]
            out.append(list(zip(nums[0::2], nums[1::2])))
    return out


def render_time_suite(tmp):
    """render --timeline and render --at on the founding case. The curve: regions covered step
    from 0 to 46/372 and border km from 0 to 11393.7 km of the level's total (summed here from
    the graph file's borders table) on 1 January 2019, the axis running from 1 January 2018 to 31
    December 2020. The map at 2018 shades and links nothing; at 2019 the 46 covered regions."""
    import datetime
    graph = os.path.join(tmp, "r.gpkg")
    r = run("build", os.path.join(MAPS, "project.ini"), "-o", graph, "-q")
    check("render time: build the founding case", r.returncode == 0, r.stderr)
    curve = os.path.join(tmp, "curve.svg")
    r = run("render", graph, "--timeline", "-o", curve, "-q")
    check("render --timeline -o curve.svg", r.returncode == 0 and os.path.getsize(curve) > 0, r.stderr)
    regions = svg_paths(curve, "rgb(0%,44.705882%,69.803922%)")
    km = svg_paths(curve, "rgb(83.529412%,36.862745%,0%)")
    check("curve: one step line per share", len(regions) == 1 and len(km) == 1, (regions, km))
    if len(regions) == 1 and len(km) == 1:
        reg, kml = regions[0], km[0]
        base, x0, x1 = reg[0][1], reg[0][0], reg[-1][0]
        borders, _ = ogr_rows(graph, "borders")
        total = sum(float(b["length_km"]) for b in borders
                    if b["level"] == "prefectures" and b["contact"] == "border")
        rshare, kshare = 46 / 372, 11393.7 / total
        hr, hk = base - reg[-1][1], base - kml[-1][1]
        check("curve: km share / region share as computed from the borders table",
              abs(hk / hr - kshare / rshare) < 2e-3 * (kshare / rshare), (hk / hr, kshare / rshare))
        d0, d1 = datetime.date(2018, 1, 1), datetime.date(2020, 12, 31)
        want = (datetime.date(2019, 1, 1) - d0).days / (d1 - d0).days
        steps = [x for (x, y), (x2, y2) in zip(reg, reg[1:]) if x == x2 and y != y2]
        check("curve: the regions step on 1 January 2019 (one step)", len(steps) == 1
              and abs((steps[0] - x0) / (x1 - x0) - want) < 1e-4, (steps, want))
        check("curve: starts at 0 (nothing covered before the first change)",
              reg[0][1] == kml[0][1] == base, (reg[0], kml[0]))
    r = run("render", graph, "--timeline", "--at", "2019", "-o", curve)
    check("render --timeline --at is a usage error", r.returncode == 2, r.stderr)
    fills = {}
    for at in ("2018", "2019"):
        out = os.path.join(tmp, f"at{at}.svg")
        r = run("render", graph, "--at", at, "-o", out, "-q")
        text = open(out, encoding="utf-8").read() if r.returncode == 0 else ""
        fills[at] = (text.count("fill:rgb(97.6%,78%,40%)"), text.count("stroke:rgb(11.4%,23.1%,45.1%)"))
    check("render --at 2018: no region shaded covered (the legend's swatch only), no link",
          fills["2018"] == (1, 0), fills)
    check("render --at 2019: the 46 covered regions (and the swatch), links drawn",
          fills["2019"][0] == 47 and fills["2019"][1] > 0, fills)
    plain = os.path.join(tmp, "plain.gpkg")
    run("build", os.path.join(MAPS, "provinces.shp"), "--id", "code", "-o", plain, "-q")
    r = run("render", plain, "--timeline", "-o", curve, "-q")
    check("render --timeline without dated mechanisms: a clear error, exit 1",
          r.returncode == 1 and "date" in r.stderr, r.stderr)


def plain_suite(tmp):
    """A graph without coordination data: the warning says how to add it, by flags or project."""
    graph = os.path.join(tmp, "plain.gpkg")
    r = run("build", os.path.join(MAPS, "provinces.shp"), "--id", "code", "--name", "name_en",
            "-o", graph, "-q")
    r = run("report", graph) if r.returncode == 0 else r
    check("no coordination data: the hint names --mechanisms, --members and the project file",
          r.returncode == 0 and "--mechanisms" in r.stderr and "--members" in r.stderr
          and "project file" in r.stderr, r.stderr)
    check("no coordination data: a network summary instead of tables of zeros",
          r.returncode == 0 and "Network at level provinces" in r.stdout
          and "regions without neighbours 2: Hainan, Taiwan" in r.stdout, r.stdout[:600])
    # expectations from the graph file's borders table, through networkx (34 provinces, 70 pairs)
    try:
        import networkx as nx
    except ImportError:
        from tap import skip
        skip("network summary against networkx", "no networkx in this python3")
        return
    borders, _ = ogr_rows(graph, "borders")
    regions, _ = ogr_rows(graph, "regions")
    g = nx.Graph()
    g.add_nodes_from(x["code"] for x in regions)
    names = {x["code"]: x["name_en"] for x in regions}
    for b in borders:
        if b["contact"] == "border":
            g.add_edge(b["id_a"], b["id_b"], km=float(b["length_km"]))
    mean_km = sum(d["km"] for _, _, d in g.edges(data=True)) / g.number_of_edges()
    for _, _, d in g.edges(data=True):
        d["dist"] = mean_km / d["km"]
    degs = sorted(d for _, d in g.degree())
    comps = sorted((len(c) for c in nx.connected_components(g)), reverse=True)
    hist = [degs.count(k) for k in range(max(degs) + 1)]
    longest = sorted(g.edges(data=True), key=lambda e: -e[2]["km"])[:3]
    bc = nx.betweenness_centrality(g, weight="dist", normalized=False)
    r = run("report", graph, "--format", "json", "-q")
    j = json.loads(r.stdout) if r.returncode == 0 else {}
    check("network json: 34 regions, 70 pairs, components as networkx",
          j.get("regions") == 34 == g.number_of_nodes() and j.get("pairs") == 70 == g.number_of_edges()
          and j.get("components") == len(comps) and j.get("component_sizes") == comps, (j.get("components"), comps))
    check("network json: Hainan and Taiwan without neighbours",
          sorted(x["name"] for x in j.get("without_neighbours", [])) == ["Hainan", "Taiwan"], j.get("without_neighbours"))
    d = j.get("degree", {})
    check("network json: degree min/median/max/mean and histogram as networkx",
          d.get("min") == degs[0] and d.get("max") == degs[-1]
          and d.get("median") == (degs[16] + degs[17]) / 2 and abs(d.get("mean", 0) - 140 / 34) < 1e-12
          and [h["regions"] for h in d.get("histogram", [])] == hist, (d, hist))
    lb = j.get("longest_borders", [])
    check("network json: the three longest borders, Gansu-Qinghai first",
          [({x["a_id"], x["b_id"]}, round(x["km"], 6)) for x in lb[:3]]
          == [({a, b}, round(e["km"], 6)) for a, b, e in longest] and lb[0]["a_name"] == "Gansu", lb[:3])
    top = sorted(bc, key=lambda v: -bc[v])[:5]
    br = j.get("brokers", [])
    check("network json: top brokers and betweenness as networkx (distance mean km / km)",
          [x["id"] for x in br[:5]] == top
          and all(abs(x["betweenness"] - bc[x["id"]]) < 1e-6 for x in br), ([x["name"] for x in br[:5]], [names[v] for v in top]))
    r = run("report", graph, "--format", "csv", "-q")
    rows = list(csv.DictReader(r.stdout.splitlines())) if r.returncode == 0 else []
    check("network csv: one row per province with its neighbours and component size",
          len(rows) == 34 and all(int(x["neighbours"]) == g.degree(x["id"]) for x in rows)
          and {x["name"]: x["component_size"] for x in rows}.get("Taiwan") == "1", rows[:2])
    r = run("report", graph, "--format", "md", "-q")
    check("network md: Markdown sections", r.returncode == 0 and "## Longest borders" in r.stdout
          and "## Top brokers by betweenness" in r.stdout, r.stdout[:300])


if __name__ == "__main__":
    sys.exit(run_suites("rg-coverage-cli-", suite, time_suite, panel_suite, render_time_suite, plain_suite))
