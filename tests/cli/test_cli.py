#!/usr/bin/env python3
"""CLI tests: run the built regiongraph binary on the shipped maps and on small fixtures and
compare with expected values. Emits TAP for meson. Standard library only, plus ogrinfo (gdal-bin)
as an independent reader of the files regiongraph writes.

Expected values and where they come from:
- prefectures: 372 regions, 970 queen pairs, 3 without neighbours (330900 Zhoushan, 460300
  Sansha, 710000 Taiwan); provinces: 34 regions, 70 pairs, 2 without (460000 Hainan, 710000
  Taiwan) -- libpysal Queen and spdep poly2nb on the same files (shared/data/README.md; rerun
  with tools/peer-check).
- Shanghai-Jiangsu 241.346 km, Jiangsu-Anhui 1165.265 km: geopandas boundary intersection
  measured with pyproj Geod (WGS84) on maps/provinces.shp.
- grid3x3: 3x3 squares of 1000 m: rook 12 pairs (2*3*2), queen 20 (adds 2*2*2 diagonals), every
  rook border 1 km, corner contacts 0 km.
- report/export coordination (report_tests): the small fixture is the case of
  tests/unit/report_fixture.h, whose figures are worked out by hand there; on the founding case the
  coordinated borders are recomputed here from maps/members.csv and the parents (a peer of the C
  coverage), link ends are checked inside their regions with an even-odd test, and table widths
  are measured with Python's unicodedata (East Asian Wide/Fullwidth = 2 columns).
"""
import csv
import io
import json
import os
import shlex
import shutil
import subprocess
import struct
import sys
import unicodedata

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAPS = os.path.join(SRC, "maps")
DATA = os.path.join(SRC, "tests", "data")

from tap import check, run_suites


# RG_WRAP: a command the binary runs under, e.g. valgrind (tools/valgrind-tests sets it).
WRAP = shlex.split(os.environ.get("RG_WRAP", ""))


def run(*args, cwd=None):
    p = subprocess.run([*WRAP, BIN, *args], capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def ogr_count(path, layer=None):
    args = ["ogrinfo", "-ro", "-so", path] + ([layer] if layer else ["-al"])
    out = subprocess.run(args, capture_output=True, text=True).stdout
    counts = [int(l.split(":")[1]) for l in out.splitlines() if l.startswith("Feature Count:")]
    return counts


def signed_area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def polygons(geom):
    if geom is None:
        return []
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    return geom["coordinates"]


def no_temp_files(directory):
    return [f for f in os.listdir(directory) if ".tmp" in f]


def main():
    return run_suites("rg-cli-", tests)


def tests(tmp):
    # --- top level: version, help, usage errors
    rc, out, err = run("--version")
    check("--version prints the version", rc == 0 and out.startswith("regiongraph 0."), out + err)
    rc, out, err = run("help")
    check("help lists every command", rc == 0 and all(c in out for c in ("build", "report", "render", "export", "info")), out)
    for cmd in ("build", "export", "info"):
        rc, out, err = run(cmd, "-h")
        check(f"{cmd} -h prints its usage", rc == 0 and out.startswith(f"usage: regiongraph {cmd}"), out + err)
        rc2, out2, _ = run("help", cmd)
        check(f"help {cmd} is {cmd} -h", rc2 == 0 and out2 == out)
    rc, out, err = run("frobnicate")
    check("an unknown command is a usage error (exit 2)", rc == 2 and "'frobnicate' is not a command" in err, err)
    rc, out, err = run("build", "--contiguity", "bishop")
    check("a bad --contiguity is a usage error (exit 2)", rc == 2 and "queen or rook" in err, err)
    rc, out, err = run("export")
    check("export without -o is a usage error (exit 2)", rc == 2 and "-o DIR is required" in err, err)

    # --- build with no argument and no project in sight: a usage error naming the example
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    rc, out, err = run("build", cwd=empty)
    check("build with no project in sight is a usage error (exit 2) that says what to give",
          rc == 2 and "no project given" in err and "regiongraph build PROJECT.ini" in err
          and "share/regiongraph/maps/project.ini" in err and os.listdir(empty) == [], err)
    os.rmdir(empty)
    # --- build with no argument in a clone's root: the shipped project (provinces above
    # prefectures + coordination); tmp gets a maps/ like the repository's
    os.symlink(MAPS, os.path.join(tmp, "maps"))
    rc, out, err = run("build", cwd=tmp)
    gpkg = os.path.join(tmp, "regiongraph.gpkg")
    check("build with no argument builds the shipped project", rc == 0 and os.path.exists(gpkg), err)
    check("build prints nothing on stdout", out == "", out)
    check("build reports 372 prefectures and 970 queen pairs",
          "prefectures: 372 regions, 970 adjacent pairs (queen contiguity)" in err, err)
    check("build reports 34 provinces and 70 queen pairs",
          "provinces: 34 regions, 70 adjacent pairs (queen contiguity)" in err, err)
    check("build lists the 3 prefectures without neighbours",
          "prefectures: 3 regions without neighbours" in err
          and all(c in err for c in ("330900", "460300", "710000")), err)
    check("build lists the 2 provinces without neighbours",
          "provinces: 2 regions without neighbours: 460000 (Hainan), 710000 (Taiwan)" in err, err)
    check("build reports the founding case's coordination data",
          "4 mechanisms with 33 memberships, 15 agencies" in err, err)
    check("the graph file opens in ogrinfo with 406 regions and 1040 borders (both levels)",
          ogr_count(gpkg, "regions") == [34 + 372] and ogr_count(gpkg, "borders") == [70 + 970],
          (ogr_count(gpkg, "regions"), ogr_count(gpkg, "borders")))
    check("the graph file holds the mechanisms, memberships and agencies",
          ogr_count(gpkg, "mechanisms") == [4] and ogr_count(gpkg, "members") == [33]
          and ogr_count(gpkg, "agencies") == [15],
          (ogr_count(gpkg, "mechanisms"), ogr_count(gpkg, "members"), ogr_count(gpkg, "agencies")))
    check("no temporary file left by build", no_temp_files(tmp) == [], os.listdir(tmp))

    # --- export with no graph argument reads regiongraph.gpkg
    layers = os.path.join(tmp, "layers")
    rc, out, err = run("export", "-o", layers, cwd=tmp)
    check("export writes the layers", rc == 0, err)
    with open(os.path.join(layers, "regions.geojson"), encoding="utf-8") as f:
        regions = json.load(f)
    with open(os.path.join(layers, "borders.geojson"), encoding="utf-8") as f:
        borders = json.load(f)
    feats = regions["features"]
    check("regions.geojson has 372 features", len(feats) == 372, len(feats))
    props = {f["properties"]["id"]: f["properties"] for f in feats}
    isolated = sorted(i for i, p in props.items() if p["isolated"])
    check("regions.geojson flags exactly the 3 isolated regions", isolated == ["330900", "460300", "710000"], isolated)
    check("degrees sum to twice the pairs", sum(p["degree"] for p in props.values()) == 2 * 970)
    check("Xuzhou is named and has the Chinese name attribute",
          props["320300"]["name"] == "Xuzhou" and props["320300"]["name_zh"] == "徐州市", props.get("320300"))
    ccw = all(signed_area(poly[0]) > 0 and all(signed_area(h) < 0 for h in poly[1:])
              for f in feats for poly in polygons(f["geometry"]))
    check("every exterior ring is counter-clockwise and every hole clockwise", ccw)
    lon_lat = all(-180 <= x <= 180 and -90 <= y <= 90
                  for f in feats for poly in polygons(f["geometry"]) for ring in poly for x, y in ring)
    check("coordinates are lon/lat", lon_lat)
    bf = borders["features"]
    check("borders.geojson has 970 features", len(bf) == 970, len(bf))
    check("every border is a line with a positive length (TopoJSON maps share arcs)",
          all(b["geometry"]["type"] in ("LineString", "MultiLineString") and b["properties"]["length_km"] > 0
              and b["properties"]["kind"] == "rook" for b in bf))
    total = {}
    for b in bf:
        p = b["properties"]
        total[p["id_a"]] = total.get(p["id_a"], 0) + p["length_km"]
        total[p["id_b"]] = total.get(p["id_b"], 0) + p["length_km"]
    check("border_km of a region is the sum of its borders",
          all(abs(props[i]["border_km"] - total.get(i, 0)) < 1e-6 * max(1, total.get(i, 0)) for i in props))
    check("ogrinfo reads regions.geojson and borders.geojson with the same counts",
          ogr_count(os.path.join(layers, "regions.geojson")) == [372]
          and ogr_count(os.path.join(layers, "borders.geojson")) == [970])
    check("no temporary file left by export", no_temp_files(layers) == [], os.listdir(layers))

    # --- provinces: counts and the two border lengths of the issue
    prov = os.path.join(tmp, "provinces.gpkg")
    rc, out, err = run("build", os.path.join(MAPS, "provinces.shp"), "--id", "code", "--name", "name_en", "-o", prov)
    check("provinces: 34 regions, 70 pairs, 2 without neighbours",
          rc == 0 and "34 regions, 70 adjacent pairs" in err and "2 regions without neighbours" in err
          and "460000" in err and "710000" in err, err)
    pl = os.path.join(tmp, "prov-layers")
    rc, out, err = run("export", prov, "-o", pl)
    with open(os.path.join(pl, "borders.geojson"), encoding="utf-8") as f:
        pb = {tuple(sorted((b["properties"]["id_a"], b["properties"]["id_b"]))): b["properties"]["length_km"]
              for b in json.load(f)["features"]}
    sh_js = pb.get(("310000", "320000"), 0)
    js_ah = pb.get(("320000", "340000"), 0)
    check("Shanghai-Jiangsu border is 241.35 km within 1%", abs(sh_js - 241.346) / 241.346 < 0.01, sh_js)
    check("Jiangsu-Anhui border is 1165.27 km within 1%", abs(js_ah - 1165.265) / 1165.265 < 0.01, js_ah)
    check("Shanghai-Jiangsu matches the peer to 1e-6 (same vertices, same geodesic)",
          abs(sh_js - 241.3456772170429) < 1e-6 * 241.35, sh_js)

    # --- rook versus queen on the projected 3x3 grid fixture
    grid = os.path.join(DATA, "grid3x3.shp")
    for kind, pairs in (("queen", 20), ("rook", 12)):
        g = os.path.join(tmp, f"grid-{kind}.gpkg")
        rc, out, err = run("build", grid, "--id", "id", "--contiguity", kind, "-o", g, "-q")
        check(f"grid3x3 {kind}: exit 0 and quiet", rc == 0 and err == "", err)
        gl = os.path.join(tmp, f"grid-{kind}")
        run("export", g, "-o", gl, "-q")
        gb = []
        for layer in ("borders", "contacts"):  # corners meet in points: the contacts layer
            with open(os.path.join(gl, layer + ".geojson"), encoding="utf-8") as f:
                gb += json.load(f)["features"]
        lengths = sorted(round(b["properties"]["length_km"], 9) for b in gb)
        expect = sorted([0.0] * (pairs - 12) + [1.0] * 12)
        check(f"grid3x3 {kind}: {pairs} pairs, rook borders 1 km, corners 0 km", lengths == expect, lengths)

    # --- bad input: exit 1, message naming the file, nothing written
    out_bad = os.path.join(tmp, "bad.gpkg")
    rc, out, err = run("build", os.path.join(tmp, "nowhere.shp"), "-o", out_bad)
    check("a missing input fails with exit 1 naming the file",
          rc == 1 and "nowhere" in err and not os.path.exists(out_bad), err)
    rc, out, err = run("build", os.path.join(DATA, "dupids.shp"), "--id", "id", "-o", out_bad)
    check("duplicate ids fail with exit 1 naming the .dbf and the record",
          rc == 1 and "dupids.dbf: record" in err and not os.path.exists(out_bad), err)
    rc, out, err = run("build", grid, "--id", "nosuchfield", "-o", out_bad)
    check("an unknown --id field fails with exit 1 and lists the fields",
          rc == 1 and "nosuchfield" in err and not os.path.exists(out_bad), err)
    before = open(gpkg, "rb").read()
    rc, out, err = run("build", os.path.join(DATA, "dupids.shp"), "--id", "id", "-o", gpkg)
    check("a failed build leaves the previous graph file untouched",
          rc == 1 and open(gpkg, "rb").read() == before)
    notgraph = os.path.join(tmp, "not-a-graph.gpkg")
    with open(notgraph, "w") as f:
        f.write("hello\n")
    rc, out, err = run("export", notgraph, "-o", os.path.join(tmp, "x"))
    check("export of a file that is not a graph fails with exit 1 naming it",
          rc == 1 and "not-a-graph.gpkg" in err, err)

    # --- info
    rc, out, err = run("info", os.path.join(MAPS, "prefectures.shp"))
    check("info on prefectures tells count, CRS, encoding and fields",
          rc == 0 and "features: 372" in out and "WGS 84" in out and "UTF-8" in out and "name_zh" in out, out + err)
    rc, out, err = run("info", gpkg)
    check("info on a graph file lists its layers", rc == 0 and "regions" in out and "borders" in out, out + err)
    rc, out, err = run("info", os.path.join(tmp, "nowhere.shp"))
    check("info on a missing file fails with exit 1", rc == 1 and "nowhere.shp" in err, err)
    conventions_tests(tmp, gpkg)

    report_tests(tmp)
    coordination_tests(tmp)
    bbox_tests(tmp)
    centrality_tests(tmp)
    render_tests(tmp)
    ogr_input_tests(tmp)
    layer_format_tests(tmp)



# --- report and the coordination layers of export -----------------------------------------------
#
# The small fixture (the same case as tests/unit/report_fixture.h, worked out by hand there):
# provinces 100 = x 0..2.5 km, 200 = x 2.5..5.5 km, over prefectures a..f (101..106) in two rows
# (y 0..1 and 1..3 km), columns x 0..1, 1..2.5, 2.5..5.5 km, on EPSG:32650 from (500000, 3800000).
# m1 = {province 100} covers a b d e; m2 = {101, 103} covers a and c (apart: 2 pieces); m3 =
# {agencies AG1, AG2} covers nothing (AG1: jurisdiction 200, located; AG2 neither).
FX_SUMMARY = {"regions": 6, "covered": 5, "pairs": 11, "pairs_coordinated": 6, "km": 11.5,
              "km_coordinated": 5.5, "cross_pairs": 4, "cross_pairs_coordinated": 0, "cross_km": 3.0,
              "cross_km_coordinated": 0.0, "gaps": 5, "gap_km": 6.0, "weight_total": 2100.0,
              "weight_covered": 1500.0}
FX_MECHANISMS = [("m1", 1, 0, 4, 1, 3.0), ("m2", 2, 0, 2, 2, 6.0), ("m3", 0, 2, 0, 0, 0.0)]
FX_GAPS = [("103", "106", False, 3.0), ("105", "106", True, 2.0), ("102", "103", True, 1.0),
           ("102", "106", True, 0.0), ("103", "105", True, 0.0)]
FX_REACH = [("101", 2, 4, 4), ("102", 1, 3, 4), ("104", 1, 3, 4), ("105", 1, 3, 4), ("103", 1, 1, 4),
            ("106", 0, 0, 0)]
# Per region at the level: neighbours, border km, gap pairs, gap km (from the pairs above).
FX_CSV = {"101": ("true", 2, 4, 4, 3, 2.0, 0, 0.0), "102": ("true", 1, 3, 4, 5, 3.5, 2, 1.0),
          "103": ("true", 1, 1, 4, 3, 4.0, 3, 4.0), "104": ("true", 1, 3, 4, 3, 3.0, 0, 0.0),
          "105": ("true", 1, 3, 4, 5, 5.5, 2, 2.0), "106": ("false", 0, 0, 0, 3, 5.0, 3, 5.0)}


def display_width(text):
    """Terminal columns: East Asian Wide and Fullwidth count 2, combining marks 0 (a peer of the
    C width table, from Python's own Unicode database)."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def write_fixture(d):
    """The fixture as GeoJSON in UTM metres, turned into shapefiles by ogr2ogr, plus its
    coordination files and project."""
    os.makedirs(d, exist_ok=True)
    x0, y0 = 500000, 3800000

    def box(xa, ya, xb, yb):
        pts = [(xa, ya), (xb, ya), (xb, yb), (xa, yb), (xa, ya)]
        return {"type": "Polygon", "coordinates": [[[x0 + 1000 * x, y0 + 1000 * y] for x, y in pts]]}

    provinces = [({"code": "100", "name": "Province One"}, box(0, 0, 2.5, 3)),
                 ({"code": "200", "name": "Province Two"}, box(2.5, 0, 5.5, 3))]
    cols, rows = [0, 1, 2.5, 5.5], [0, 1, 3]
    names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "徐州市"]
    prefectures = []
    for i in range(6):
        c, r = i % 3, i // 3
        props = {"code": str(101 + i), "name": names[i], "province": "100" if c < 2 else "200",
                 "pop": 100 * (i + 1)}
        prefectures.append((props, box(cols[c], rows[r], cols[c + 1], rows[r + 1])))
    for layer, feats in (("provinces", provinces), ("prefectures", prefectures)):
        src = os.path.join(d, layer + ".geojson")
        with open(src, "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": p, "geometry": g} for p, g in feats]}, f,
                ensure_ascii=False)
        subprocess.run(["ogr2ogr", "-q", "-a_srs", "EPSG:32650", "-lco", "ENCODING=UTF-8",
                        os.path.join(d, layer + ".shp"), src], check=True)
    files = {
        "mechanisms.csv": "id,name,kind,year,source\n"
                          "m1,Province one memorandum,memorandum,2019,hand-made\n"
                          "m2,Two cities apart,law-enforcement mechanism,2020,hand-made\n"
                          "m3,\"Agencies' joint action, national\",joint action,,hand-made\n",
        "members.csv": "mechanism,member\nm1,100\nm2,101\nm2,103\nm3,AG1\nm3,AG2\n",
        "agencies.csv": "id,name,level,lon,lat,jurisdiction\n"
                        "AG1,Agency one,national,117.2,34.3,200\nAG2,Agency two,national,,,\n",
        "project.ini": "[project]\nname = report fixture\ncontiguity = queen\nlevel = prefectures\n\n"
                       "[layer provinces]\nfile = provinces.shp\nid = code\nname = name\n\n"
                       "[layer prefectures]\nfile = prefectures.shp\nid = code\nname = name\n"
                       "parent = province\n\n"
                       "[coordination]\nmechanisms = mechanisms.csv\nmembers = members.csv\n"
                       "agencies = agencies.csv\n",
    }
    for name, text in files.items():
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(text)
    return os.path.join(d, "project.ini")


def close(a, b, tol=1e-9):
    return a is not None and b is not None and abs(a - b) <= tol * max(1.0, abs(b))


def inside(x, y, geom):
    """Even-odd point in polygon over every ring (holes and parts included)."""
    hit = False
    for poly in polygons(geom):
        for ring in poly:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) / (y2 - y1) * (x2 - x1):
                    hit = not hit
    return hit


def load_geojson(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


def ogr_fields(path):
    out = subprocess.run(["ogrinfo", "-ro", "-so", "-al", path], capture_output=True, text=True).stdout
    return {l.split(":")[0].strip() for l in out.splitlines() if ": " in l and "(" in l}


def report_tests(tmp):
    # --- usage
    rc, out, err = run("report", "-h")
    check("report -h prints its usage", rc == 0 and out.startswith("usage: regiongraph report"), out + err)
    rc2, out2, _ = run("help", "report")
    check("help report is report -h", rc2 == 0 and out2 == out)
    rc, out, err = run("help")
    check("help lists report", "report" in out, out)
    for args, msg in ((("--section", "bogus"), "unknown section 'bogus'"),
                      (("--format", "xml"), "--format must be table, md, json or csv"),
                      (("--top", "-1"), "--top needs a count"), (("--top", "ten"), "--top needs a count"),
                      (("a.gpkg", "b.gpkg"), "one GRAPH file expected"), (("--frobnicate",), "unknown option")):
        rc, out, err = run("report", *args, cwd=tmp)
        check(f"report {' '.join(args)} is a usage error (exit 2)", rc == 2 and msg in err and out == "", err)
    rc, out, err = run("report", os.path.join(tmp, "nowhere.gpkg"))
    check("report of a missing graph fails with exit 1 naming it", rc == 1 and "nowhere.gpkg" in err, err)

    # --- the small fixture, built from its project
    fx = os.path.join(tmp, "fixture")
    project = write_fixture(fx)
    graph = os.path.join(tmp, "fixture.gpkg")
    rc, out, err = run("build", project, "-o", graph, "-q")
    check("build of the fixture project", rc == 0 and os.path.exists(graph), err)
    if rc != 0:
        return

    rc, out, err = run("report", graph, "--format", "json", "--weight", "pop")
    try:
        rep = json.loads(out)
    except ValueError as e:
        rep = {}
        check("report --format json is JSON", False, f"{e}\n{out}\n{err}")
    s = rep.get("summary", {})
    check("fixture: json level and summary figures",
          rep.get("level") == "prefectures" and all(
              close(s.get(k), v) if isinstance(v, float) else s.get(k) == v for k, v in FX_SUMMARY.items()),
          json.dumps(s))
    mech = [(m["id"], m["region_members"], m["agency_members"], m["covered"], m["pieces"], round(m["outer_km"], 9))
            for m in rep.get("mechanisms", [])]
    check("fixture: members, covered, pieces and outer km per mechanism", mech == FX_MECHANISMS, mech)
    gaps = [(g["id_a"], g["id_b"], g["cross_parent"], round(g["length_km"], 9)) for g in rep.get("gaps", [])]
    check("fixture: all 5 gaps ranked by length (json lists all by default)", gaps == FX_GAPS, gaps)
    reach = [(r["id"], r["mechanisms"], r["reach1"], r["reach2"]) for r in rep.get("reach", [])]
    check("fixture: reach of every region, most reached first", reach == FX_REACH, reach)

    rc, out, err = run("report", graph, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    got = {r["id"]: (r["covered"], int(r["mechanisms"]), int(r["reach1"]), int(r["reach2"]), int(r["neighbours"]),
                     float(r["border_km"]), int(r["gaps"]), float(r["gap_km"])) for r in rows}
    check("fixture: csv has one row per prefecture with its coverage columns",
          rc == 0 and got == FX_CSV and [r["name"] for r in rows][5] == "徐州市"
          and all(r["level"] == "prefectures" for r in rows), out + err)

    rc, out, err = run("report", graph, "--format", "md")
    check("fixture: markdown has the tables",
          rc == 0 and "## Coverage at level prefectures: 6 regions, 3 mechanisms" in out
          and "| m2  | Two cities apart" in out and "| 106 徐州市  | Province Two |" in out, out + err)

    rc, out, err = run("report", graph, "--weight", "pop")
    lines = out.splitlines()
    check("fixture: table output has the figures",
          rc == 0 and "  regions                   5      6  83.3%" in lines
          and "  weight                 1500   2100  71.4%" in lines
          and any(l.startswith("     2  2.0  105 Echo     106 徐州市   Province One / Province")
                  and l.endswith("yes    m1") for l in lines), out + err)
    check("fixture: every table line fits 80 columns", max(map(display_width, lines)) <= 80,
          max(lines, key=display_width))

    rc, out, err = run("report", graph, "--level", "provinces", "--format", "json")
    s = json.loads(out)["summary"] if rc == 0 else {}
    check("fixture: province level: 1 of 2 covered, the one pair (3 km) a gap",
          s.get("regions") == 2 and s.get("covered") == 1 and s.get("pairs") == 1 and s.get("gaps") == 1
          and close(s.get("km"), 3.0), out + err)
    rc, out, err = run("report", graph, "--agency-jurisdiction", "--format", "json")
    s = json.loads(out)["summary"] if rc == 0 else {}
    check("fixture: --agency-jurisdiction: all covered, c-f coordinated too (7 pairs, 8.5 km)",
          s.get("covered") == 6 and s.get("pairs_coordinated") == 7 and close(s.get("km_coordinated"), 8.5),
          out + err)
    rc, out, err = run("report", graph, "--format", "json", "--top", "2")
    r = json.loads(out) if rc == 0 else {}
    check("fixture: --top 2 lists two gaps and two regions",
          len(r.get("gaps", [])) == 2 and len(r.get("reach", [])) == 2 and r["summary"]["gaps"] == 5, out + err)
    rc, out, err = run("report", graph, "--level", "counties")
    check("an unknown --level fails with exit 1 naming the levels",
          rc == 1 and "unknown level 'counties'" in err and "prefectures" in err, err)
    rc, out, err = run("report", graph, "--weight", "name")
    check("a text --weight field fails with exit 1", rc == 1 and "'name'" in err, err)

    # -o: written atomically, nothing on stdout, same text as stdout
    rc, stdout_json, err = run("report", graph, "--format", "json")
    target = os.path.join(tmp, "reports", "fixture.json")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    rc, out, err = run("report", graph, "--format", "json", "-o", target)
    with open(target, encoding="utf-8") as f:
        written = f.read()
    check("report -o writes the file and nothing on stdout", rc == 0 and out == "" and written == stdout_json
          and "wrote" in err, err)
    check("no temporary file left by report -o", no_temp_files(os.path.dirname(target)) == [],
          os.listdir(os.path.dirname(target)))
    rc, out, err = run("report", graph, "-o", os.path.join(tmp, "no", "such", "dir", "r.txt"))
    check("report -o into a missing directory fails with exit 1", rc == 1 and "r.txt" in err, err)

    # --- export of the fixture: five layers with the coverage attributes
    layers = os.path.join(tmp, "fixture-layers")
    rc, out, err = run("export", graph, "-o", layers)
    names = ("regions", "borders", "contacts", "links", "gaps", "gap_contacts", "agencies")
    counts = {n: ogr_count(os.path.join(layers, n + ".geojson")) for n in names} if rc == 0 else {}
    check("fixture export: 6 regions, 11 borders (7 lines, 4 corner contacts), 7 links, 5 gaps (3 + 2), "
          "1 agency (ogrinfo)",
          counts == {"regions": [6], "borders": [7], "contacts": [4], "links": [7], "gaps": [3],
                     "gap_contacts": [2], "agencies": [1]},
          f"{counts}\n{err}")
    if rc != 0:
        return
    check("fixture export: the attributes as ogrinfo reads them",
          {"level", "parent", "covered", "mechanisms", "reach1", "reach2"} <= ogr_fields(os.path.join(layers, "regions.geojson"))
          and {"coordinated", "shared", "cross_parent"} <= ogr_fields(os.path.join(layers, "borders.geojson"))
          and {"id_a", "id_b", "name_a", "name_b", "mechanism", "drawn_as"} <= ogr_fields(os.path.join(layers, "links.geojson"))
          and {"rank", "parent_a", "parent_b", "cross_parent", "length_km"} <= ogr_fields(os.path.join(layers, "gaps.geojson"))
          and {"id", "name", "level", "mechanisms"} <= ogr_fields(os.path.join(layers, "agencies.geojson")))
    regions = {f["properties"]["id"]: f for f in load_geojson(os.path.join(layers, "regions.geojson"))}
    check("fixture export: covered and reach on regions.geojson",
          {i: (f["properties"]["covered"], f["properties"]["reach2"]) for i, f in regions.items()}
          == {i: (v[0] == "true", v[3]) for i, v in FX_CSV.items()})
    links = load_geojson(os.path.join(layers, "links.geojson"))
    check("fixture export: links are m1's six and m2's a-c",
          sorted((l["properties"]["id_a"], l["properties"]["id_b"]) for l in links)
          == [("101", "102"), ("101", "103"), ("101", "104"), ("101", "105"), ("102", "104"), ("102", "105"),
              ("104", "105")])
    check("fixture export: every link end lies inside its region",
          all(l["geometry"]["type"] == "MultiLineString" and len(l["geometry"]["coordinates"]) == 1
              and inside(*l["geometry"]["coordinates"][0][k],
                         regions[l["properties"]["id_" + "ab"[k]]]["geometry"])
              for l in links for k in (0, 1)))
    gaps = [(g["properties"]["id_a"], g["properties"]["id_b"], g["properties"]["cross_parent"],
             round(g["properties"]["length_km"], 9))
            for g in sorted(load_geojson(os.path.join(layers, "gaps.geojson"))
                            + load_geojson(os.path.join(layers, "gap_contacts.geojson")),
                            key=lambda g: g["properties"]["rank"])]
    check("fixture export: gaps.geojson ranked as the report", gaps == FX_GAPS, gaps)
    check("no temporary file left by export", no_temp_files(layers) == [], os.listdir(layers))

    # --- the founding case: `build` with no argument, then report and export with no graph argument
    founding = os.path.join(tmp, "founding")
    os.makedirs(founding)
    os.symlink(MAPS, os.path.join(founding, "maps"))
    rc, out, err = run("build", cwd=founding)
    rc, out, err = run("report", "--format", "json", cwd=founding)
    rep = json.loads(out) if rc == 0 and out.startswith("{") else {}
    check("founding case: report with no argument reads the built graph (json)",
          rep.get("coordination") is True and rep.get("level") == "prefectures", out[:300] + err)
    if not rep:
        return
    mech = {m["id"]: m for m in rep["mechanisms"]}
    hh = mech.get("huaihai-enforcement", {})
    check("founding case: the Huaihai mechanism's ten cities form one contiguous piece",
          hh.get("region_members") == 10 and hh.get("covered") == 10 and hh.get("pieces") == 1, hh)
    check("founding case: the joint actions of departments cover no region",
          all(mech.get(m, {}).get("covered") == 0 and mech.get(m, {}).get("agency_members") in (6, 13)
              for m in ("rural-food-2018", "health-market-2019")), mech)
    gap_pairs = {frozenset((g["id_a"], g["id_b"])): g for g in rep["gaps"]}
    check("founding case: Shangqiu 411400 - Kaifeng 410200 is in the gaps list",
          frozenset(("411400", "410200")) in gap_pairs)
    rc, out, err = run("report", cwd=founding)
    lines = out.splitlines()
    check("founding case: the table fits 80 columns", rc == 0 and lines and max(map(display_width, lines)) <= 80,
          max(lines, key=display_width) if lines else err)

    flayers = os.path.join(founding, "layers")
    rc, out, err = run("export", "-o", flayers, cwd=founding)
    check("founding case: export with no graph argument writes the five layers",
          rc == 0 and all(os.path.exists(os.path.join(flayers, n + ".geojson")) for n in names), err)
    if rc != 0:
        return
    fregions = {f["properties"]["id"]: f for f in load_geojson(os.path.join(flayers, "regions.geojson"))}
    fborders = load_geojson(os.path.join(flayers, "borders.geojson"))
    # Coverage worked out again here, independently of the C code: the YRD memorandum covers the
    # prefectures of its four provinces, Huaihai its ten cities; a pair is coordinated when one
    # of them covers both sides.
    with open(os.path.join(MAPS, "members.csv"), encoding="utf-8") as f:
        members = {}
        for row in csv.DictReader(f):
            members.setdefault(row["mechanism"], set()).add(row["member"])
    cover = {m: {i for i, r in fregions.items() if i in ids or r["properties"]["parent"] in ids}
             for m, ids in members.items()}
    mismatched = [b["properties"] for b in fborders
                  if b["properties"]["coordinated"] != any({b["properties"]["id_a"], b["properties"]["id_b"]} <= c
                                                           for c in cover.values())]
    check("founding case: coordinated borders agree with coverage recomputed from members.csv",
          not mismatched and len(fborders) == rep["summary"]["pairs"]
          and sum(b["properties"]["coordinated"] for b in fborders) == rep["summary"]["pairs_coordinated"],
          mismatched[:5])
    hh_ids = members.get("huaihai-enforcement", set())
    expected = {frozenset((b["properties"]["id_a"], b["properties"]["id_b"])) for b in fborders
                if ({b["properties"]["id_a"], b["properties"]["id_b"]} & hh_ids)
                and not {b["properties"]["id_a"], b["properties"]["id_b"]} <= hh_ids
                and fregions[b["properties"]["id_a"]]["properties"]["parent"]
                != fregions[b["properties"]["id_b"]]["properties"]["parent"]
                and not b["properties"]["coordinated"]}
    fgaps = {frozenset((g["properties"]["id_a"], g["properties"]["id_b"])): g["properties"]
             for g in load_geojson(os.path.join(flayers, "gaps.geojson"))}
    check("founding case: every provincial border of a Huaihai city with a non-member is a gap (e.g. "
          "Heze 371700 - Puyang 410900)",
          expected and expected <= set(fgaps) and frozenset(("371700", "410900")) in expected
          and all(fgaps[p]["cross_parent"] for p in expected), sorted(map(sorted, expected)))
    flinks = load_geojson(os.path.join(flayers, "links.geojson"))
    check("founding case: every link end lies inside its region",
          flinks and all(inside(*l["geometry"]["coordinates"][0][k], fregions[l["properties"]["id_" + "ab"[k]]]["geometry"])
                         for l in flinks for k in (0, 1)), len(flinks))

    players = os.path.join(founding, "provinces")
    rc, out, err = run("export", "--level", "provinces", "-o", players, cwd=founding)
    yrd = members.get("yrd-market", set())
    pairs = [b["properties"] for b in load_geojson(os.path.join(players, "borders.geojson"))
             if {b["properties"]["id_a"], b["properties"]["id_b"]} <= yrd] if rc == 0 else []
    check("founding case: all five adjacent pairs among the four YRD provinces are coordinated",
          len(yrd) == 4 and len(pairs) == 5 and all(p["coordinated"] for p in pairs), (pairs, err))


def coordination_tests(tmp):
    """Coordination files given by flags, agencies from a point layer, and every coordination
    file error with its file, line and exit code. Expected values: one mechanism joined by
    Shanghai and Jiangsu covers exactly their one shared border, 241.3457 km (the peer figure
    above); its four members (2 regions, 2 agencies) give C(4,2) = 6 coordination links."""
    cli = os.path.join(DATA, "cli")
    coord = os.path.join(DATA, "coord")
    provinces = os.path.join(MAPS, "provinces.shp")
    g = os.path.join(tmp, "pact.gpkg")
    base = ["build", provinces, "--id", "code", "--name", "name_en",
            "--mechanisms", os.path.join(cli, "mechanisms.csv")]
    rc, out, err = run(*base, "--members", os.path.join(cli, "members.csv"),
                       "--agency-layer", os.path.join(cli, "offices.geojson"),
                       "--agency-fields", "code,title,rank,area", "-o", g)
    check("build with coordination flags and an agency point layer",
          rc == 0 and "1 mechanism with 4 memberships, 2 agencies" in err, err)
    layers = os.path.join(tmp, "pact-layers")
    rc, out, err = run("export", g, "-o", layers)
    check("export of a graph with coordination writes seven layers", rc == 0 and sorted(os.listdir(layers)) == [
        "agencies.geojson", "borders.geojson", "contacts.geojson", "coverage.geojson",
        "gap_contacts.geojson", "gaps.geojson", "links.geojson", "mechanisms.geojson",
        "regions.geojson"], err)
    with open(os.path.join(layers, "agencies.geojson"), encoding="utf-8") as f:
        ag = {a["properties"]["id"]: a for a in json.load(f)["features"]}
    check("agencies.geojson has the two located agencies at their points",
          sorted(ag) == ["js-amr", "sh-amr"] and ag["sh-amr"]["geometry"]["coordinates"] == [121.47, 31.23]
          and ag["js-amr"]["properties"]["level"] == "provincial", ag)
    with open(os.path.join(layers, "links.geojson"), encoding="utf-8") as f:
        links = json.load(f)["features"]
    check("links.geojson has the 6 links among the 4 members", len(links) == 6, len(links))
    with open(os.path.join(layers, "borders.geojson"), encoding="utf-8") as f:
        coordinated = [(b["properties"]["id_a"], b["properties"]["id_b"], b["properties"]["length_km"])
                       for b in json.load(f)["features"] if b["properties"]["coordinated"]]
    check("exactly the Shanghai-Jiangsu border is coordinated",
          len(coordinated) == 1 and coordinated[0][:2] == ("310000", "320000")
          and abs(coordinated[0][2] - 241.3456772170429) < 1e-6, coordinated)
    rc, out, err = run("report", g, "--format", "json")
    summary = json.loads(out)["summary"] if rc == 0 else {}
    check("report json: 2 of 34 covered, 1 of 70 pairs, 241.3457 km coordinated",
          summary.get("covered") == 2 and summary.get("regions") == 34 and summary.get("pairs_coordinated") == 1
          and abs(summary.get("km_coordinated", 0) - 241.3456772170429) < 1e-6, summary)

    # Each coordination file error: exit 1, the file and line named, no graph file written.
    bad = os.path.join(tmp, "bad-coord.gpkg")
    cases = [
        ("bad quoting", os.path.join(coord, "mechanisms_unterminated.csv"), os.path.join(cli, "members.csv"),
         "mechanisms_unterminated.csv: line 7: unterminated quoted field"),
        ("a duplicate id", os.path.join(coord, "mechanisms_duplicate.csv"), os.path.join(cli, "members.csv"),
         "mechanisms_duplicate.csv: line 5: duplicate id 'm2' (first on line 3)"),
        ("the wrong encoding", os.path.join(coord, "mechanisms_utf8.csv"), os.path.join(cli, "members.csv"),
         "mechanisms_utf8.csv: line 4: text is not valid UTF-8"),
        ("a missing column", os.path.join(cli, "mechanisms.csv"), os.path.join(coord, "members_missing_column.csv"),
         "members_missing_column.csv: line 1: missing column 'member'"),
        ("an unknown member id", os.path.join(cli, "mechanisms.csv"), os.path.join(cli, "members_unknown.csv"),
         "members_unknown.csv: line 3: '999999' is neither a region nor an agency"),
    ]
    for what, mech, memb, message in cases:
        rc, out, err = run("build", provinces, "--id", "code", "--mechanisms", mech, "--members", memb,
                           "-o", bad)
        check(f"coordination file with {what}: exit 1, file and line named, nothing written",
              rc == 1 and message in err and not os.path.exists(bad), err)


# --- report --section centrality and the measures on regions.geojson ---------------------------
#
# Peers: the fixture's figures are worked out by hand in tests/unit/test_centrality_report.c (b 102
# and e 105 touch all five other prefectures and split the four pairs at distance 2: betweenness
# 2 each unweighted; weighted by border km, networkx gives e 4, f 3). On the founding case,
# unweighted betweenness and closeness are recomputed here by Brandes' algorithm and BFS on the
# pairs of borders.geojson (an independent peer of igraph), and degrees are the borders counted.

def brandes(nodes, adj):
    """Unweighted betweenness (undirected, not normalised) and igraph's closeness (reciprocal
    of the mean distance to the nodes reached; 0 when none)."""
    bc = {v: 0.0 for v in nodes}
    closeness = {}
    for s in nodes:
        stack, pred, sigma, dist = [], {v: [] for v in nodes}, dict.fromkeys(nodes, 0), {s: 0}
        sigma[s] = 1
        queue = [s]
        for v in queue:
            stack.append(v)
            for w in adj[v]:
                if w not in dist:
                    dist[w] = dist[v] + 1
                    queue.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    pred[w].append(v)
        reached = len(dist) - 1
        closeness[s] = reached / sum(dist.values()) if reached else 0.0
        delta = dict.fromkeys(nodes, 0.0)
        while stack:
            w = stack.pop()
            for v in pred[w]:
                delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
            if w != s:
                bc[w] += delta[w]
    return {v: b / 2 for v, b in bc.items()}, closeness


def centrality_tests(tmp):
    for args, msg in ((("--section", "centrality", "--view", "roads"), "--view must be adjacency"),
                      (("--section", "centrality", "--sort", "fame"), "--sort: unknown measure 'fame'"),
                      (("--section", "centrality", "--cutoff", "-1"), "--cutoff needs"),
                      (("--section", "centrality", "--seed", "x"), "--seed needs"),
                      (("--section", "centrality", "--resolution", "0"), "--resolution needs"),
                      (("--section", "all", "--format", "json"), "--section all needs --format table or md")):
        rc, out, err = run("report", *args, cwd=tmp)
        check(f"report {' '.join(args)} is a usage error (exit 2)", rc == 2 and msg in err and out == "", err)
    rc, out, err = run("report", "-h")
    check("report -h documents the centrality options",
          all(o in out for o in ("--view", "--unweighted", "--sort", "--cutoff", "--seed", "--resolution")), out)

    fx = os.path.join(tmp, "cfixture")
    project = write_fixture(fx)
    graph = os.path.join(tmp, "cfixture.gpkg")
    rc, out, err = run("build", project, "-o", graph, "-q")
    check("centrality: build of the fixture project", rc == 0, err)
    if rc != 0:
        return
    rc, out, err = run("report", graph, "--section", "centrality", "--format", "csv", "--unweighted")
    rows = list(csv.DictReader(io.StringIO(out, newline=""))) if rc == 0 else []
    byid = {r["id"]: r for r in rows}
    check("centrality csv: one row per node (6 prefectures, 2 agencies) with every measure",
          len(rows) == 8 and set(rows[0]) >= {"id", "name", "kind", "level", "degree", "strength", "betweenness",
                                               "closeness", "harmonic", "eigenvector", "pagerank", "coreness",
                                               "clustering", "articulation", "component", "isolated", "leiden",
                                               "louvain"}, out + err)
    check("centrality csv: unweighted degree and betweenness by hand (102 and 105: 5 and 2; others 3 and 0)",
          rows and all(int(byid[i]["degree"]) == (5 if i in ("102", "105") else 3)
                       and close(float(byid[i]["betweenness"]), 2.0 if i in ("102", "105") else 0.0)
                       for i in ("101", "102", "103", "104", "105", "106")), rows)
    check("centrality csv: agencies are isolated nodes with closeness 0 and the CJK name reads back",
          rows and byid["AG1"]["kind"] == "agency" and byid["AG1"]["isolated"] == "true"
          and float(byid["AG2"]["closeness"]) == 0.0 and byid["106"]["name"] == "徐州市", rows)

    rc, out, err = run("report", graph, "--section", "centrality", "--format", "json", "--seed", "7")
    try:
        rep = json.loads(out)
    except ValueError as e:
        rep = {}
        check("centrality json parses", False, f"{e}\n{out}\n{err}")
    if rep:
        nodes = {n["id"]: n for n in rep["nodes"]}
        check("centrality json: options carry level, view, weighting and the seed",
              rep["options"] == {"level": "prefectures", "view": "adjacency", "weighted": True, "seed": 7,
                                 "resolution": 1.0, "betweenness_cutoff": None, "sort": "betweenness"},
              rep["options"])
        check("centrality json: weighted betweenness (networkx: 105 4, 106 3), ranked first",
              [n["id"] for n in rep["nodes"][:2]] == ["105", "106"] and close(nodes["105"]["betweenness"], 4.0)
              and close(nodes["106"]["betweenness"], 3.0), rep["nodes"][:3])
        check("centrality json: summary (3 components, 2 isolated, no bridges) and communities",
              rep["summary"]["components"] == 3 and rep["summary"]["isolated"] == 2
              and rep["summary"]["bridges"] == 0 and rep["bridges"] == []
              and rep["summary"]["leiden"]["count"] >= 3 and "modularity" in rep["summary"]["louvain"],
              rep["summary"])
    rc, out, err = run("report", graph, "--section", "centrality", "--format", "json", "--cutoff", "1.5",
                       "--view", "coordination", "--sort", "degree")
    rep = json.loads(out) if rc == 0 else {}
    check("centrality json: --cutoff, --view and --sort are written into the options",
          rep.get("options", {}).get("betweenness_cutoff") == 1.5 and rep["options"]["view"] == "coordination"
          and rep["options"]["sort"] == "degree", out + err)
    rc, out, err = run("report", graph, "--section", "centrality", "--format", "md")
    check("centrality md: summary and a Markdown table",
          rc == 0 and "## Centrality at level prefectures, adjacency view" in out
          and "| rank | id " in out and "- components 3" in out, out + err)
    rc, out, err = run("report", graph, "--section", "all")
    check("report --section all prints coverage then centrality",
          rc == 0 and 0 <= out.find("Coverage at level") < out.find("Centrality at level"), out + err)
    target = os.path.join(tmp, "centrality.csv")
    rc, out, err = run("report", graph, "--section", "centrality", "--format", "csv", "-o", target)
    check("centrality -o writes the file, not stdout",
          rc == 0 and out == "" and os.path.exists(target) and "centrality at level prefectures" in err, err)

    # --- the founding case
    founding = os.path.join(tmp, "cfounding")
    os.makedirs(founding, exist_ok=True)
    rc, out, err = run("build", "-q", os.path.join(MAPS, "project.ini"), cwd=founding)
    rc, out, err = run("report", "--section", "centrality", "--format", "json", "--unweighted", cwd=founding)
    rep = json.loads(out) if rc == 0 and out.startswith("{") else {}
    check("founding case: centrality json with no graph argument", rep.get("summary", {}).get("regions") == 372,
          out[:300] + err)
    layers = os.path.join(founding, "layers")
    rc2, _, err2 = run("export", "-q", "-o", layers, cwd=founding)
    if not rep or rc2 != 0:
        check("founding case: export for the centrality checks", False, err2)
        return
    nodes = {n["id"]: n for n in rep["nodes"] if n["kind"] == "region"}
    borders = load_geojson(os.path.join(layers, "borders.geojson"))
    adj = {i: set() for i in nodes}
    for b in borders:
        a, c = b["properties"]["id_a"], b["properties"]["id_b"]
        adj[a].add(c)
        adj[c].add(a)
    check("founding case: degree equals the pairs of borders.geojson for every region",
          all(nodes[i]["degree"] == len(adj[i]) for i in nodes), [i for i in nodes if nodes[i]["degree"] != len(adj[i])][:5])
    bc, clo = brandes(sorted(adj), adj)
    bad = [(i, nodes[i]["betweenness"], bc[i]) for i in nodes if not close(nodes[i]["betweenness"], bc[i], 1e-6)]
    check("founding case: unweighted betweenness of all 372 regions equals Brandes' (1e-6)", not bad, bad[:5])
    bad = [(i, nodes[i]["closeness"], clo[i]) for i in nodes if not close(nodes[i]["closeness"], clo[i], 1e-6)]
    check("founding case: unweighted closeness equals BFS within the component (1e-6)", not bad, bad[:5])
    top = max(bc, key=lambda i: (bc[i], [-ord(ch) for ch in i]))
    check("founding case: the top unweighted betweenness region is Chongqing 500000, as the peer finds",
          top == "500000" and rep["nodes"][0]["id"] == top, (rep["nodes"][0], top))
    comp_size = {}
    for n in rep["nodes"]:
        comp_size[n["component"]] = comp_size.get(n["component"], 0) + 1
    islands = ("330900", "460300", "710000")
    check("founding case: 330900, 460300, 710000 are isolated: closeness 0, a component of their own",
          all(nodes[i]["isolated"] and nodes[i]["closeness"] == 0 and comp_size[nodes[i]["component"]] == 1
              for i in islands), [nodes[i] for i in islands])
    check("founding case: no NaN anywhere (JSON has no null measure)",
          all(v is not None for n in rep["nodes"] for v in n.values()))

    fregions = {f["properties"]["id"]: f["properties"] for f in load_geojson(os.path.join(layers, "regions.geojson"))}
    rc, out, err = run("report", "--section", "centrality", "--format", "json", cwd=founding)
    weighted = {n["id"]: n for n in json.loads(out)["nodes"]} if rc == 0 else {}
    keys = ("net_degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector", "pagerank",
            "coreness", "clustering", "articulation", "component", "leiden", "louvain")
    check("founding case: regions.geojson carries every measure",
          all(all(k in p for k in keys) for p in fregions.values()), sorted(next(iter(fregions.values()))))
    check("founding case: regions.geojson net_degree equals its adjacency degree",
          all(p["net_degree"] == p["degree"] for p in fregions.values()))
    check("founding case: regions.geojson measures equal the report's (adjacency, weighted, seed 1)",
          weighted and all(close(p[k], weighted[i][k if k != "net_degree" else "degree"], 1e-12)
                           for i, p in fregions.items() for k in ("betweenness", "pagerank", "net_degree", "leiden")),
          err)
    fields = ogr_fields(os.path.join(layers, "regions.geojson"))
    check("founding case: ogrinfo reads the measure fields", {"betweenness", "pagerank", "net_degree"} <= fields, fields)

    widest = []
    for extra in ((), ("--view", "coordination"), ("--view", "all", "--sort", "pagerank"), ("--top", "0")):
        rc, out, err = run("report", "--section", "centrality", *extra, cwd=founding)
        lines = out.splitlines()
        widest.append((extra, rc, max(map(display_width, lines)) if lines else 999, err))
    check("founding case: every centrality table line fits 80 columns (every view, all 387 rows)",
          all(rc == 0 and w <= 80 for _, rc, w, _ in widest), widest)
    rc, out, err = run("report", "--section", "centrality", cwd=founding)
    check("founding case: the table names the islands and says the seed, without messages on stderr",
          rc == 0 and "isolated regions: Zhoushan, Sansha" in out and "seed 1" in out and err == "", out + err)



# --- render: the map picture ------------------------------------------------------------------
#
# Peers, standard library only: the .shp record headers give each prefecture's extent (which
# regions meet the window), the .dbf gives their ids in layer order, `report --format csv` says
# which are covered (the coverage is tested above against members.csv), the PNG's IHDR gives its
# size. Drawn <path> elements outside <defs> and <clipPath> (cairo puts glyphs and clips there):
# one per region in the window in layer order, then the prefecture outlines, the province
# outlines, the link lines and dots (the Huaihai mechanism's ten cities are direct members), the
# frontier gaps, and the legend: background, 2 swatches, link sample, gap sample (render.h).

RENDER_BBOX = (112.0, 27.0, 123.0, 38.0)
COVERED_FILL = "fill:rgb(97.6%,78%,40%)"


def shp_extents(path):
    """Extent (xmin, ymin, xmax, ymax) of each record of a polygon .shp, None for a null shape."""
    with open(path, "rb") as f:
        data = f.read()
    out, pos = [], 100
    while pos < len(data):
        length = struct.unpack(">i", data[pos + 4:pos + 8])[0] * 2
        kind = struct.unpack("<i", data[pos + 8:pos + 12])[0]
        out.append(struct.unpack("<4d", data[pos + 12:pos + 44]) if kind != 0 else None)
        pos += 8 + length
    return out


def dbf_column(path, name):
    with open(path, "rb") as f:
        data = f.read()
    nrec, hlen, rlen = struct.unpack("<IHH", data[4:12])
    fields, pos, off = [], 32, 1
    while data[pos] != 0x0D:
        fname = data[pos:pos + 11].split(b"\0")[0].decode()
        flen = data[pos + 16]
        fields.append((fname, off, flen))
        off += flen
        pos += 32
    _, foff, flen = next(f for f in fields if f[0].lower() == name.lower())
    return [data[hlen + r * rlen + foff:hlen + r * rlen + foff + flen].decode("utf-8").strip() for r in range(nrec)]


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def svg_drawn_paths(text):
    import re
    text = re.sub(r"<defs>.*?</defs>", "", text, flags=re.S)
    text = re.sub(r"<clipPath.*?</clipPath>", "", text, flags=re.S)
    return re.findall(r"<path[^>]*>", text)


def render_tests(tmp):
    import math
    rc, out, err = run("help")
    check("help lists render", rc == 0 and "render" in out, out)
    rc, out, err = run("render", "-h")
    check("render -h prints its usage", rc == 0 and out.startswith("usage: regiongraph render"), out + err)
    rc, out, err = run("render", "-o", "x.jpg")
    check("render to an unknown extension is a usage error (exit 2)", rc == 2 and ".png, .svg or .pdf" in err, err)
    rc, out, err = run("render")
    check("render without -o is a usage error (exit 2)", rc == 2 and "-o FILE is required" in err, err)
    rc, out, err = run("render", "-o", "x.png", "--bbox", "123,27,112,38")
    check("render with an inverted --bbox is a usage error (exit 2)", rc == 2 and "W,S,E,N" in err, err)

    d = os.path.join(tmp, "render")
    os.makedirs(d)
    rc, out, err = run("build", os.path.join(MAPS, "project.ini"), cwd=d)
    bbox = ",".join(str(v) for v in RENDER_BBOX)
    rc, out, err = run("render", "-o", "fc.png", "--bbox", bbox, cwd=d)
    kx = math.cos(math.radians((RENDER_BBOX[1] + RENDER_BBOX[3]) / 2))
    map_h = round(1200 * (RENDER_BBOX[3] - RENDER_BBOX[1]) / ((RENDER_BBOX[2] - RENDER_BBOX[0]) * kx))
    size = png_size(os.path.join(d, "fc.png")) if rc == 0 else None
    check(f"founding case PNG: 1200 x {(1200 + 10) // 20 + map_h} (title band + window aspect at "
          f"cos(32.5 deg))", size == (1200, (1200 + 10) // 20 + map_h), (size, err))
    check("render prints nothing on stdout and leaves no temporary file",
          out == "" and no_temp_files(d) == [], (out, os.listdir(d)))

    rc, out, err = run("render", "-o", "fc.svg", "--bbox", bbox, cwd=d)
    paths = svg_drawn_paths(open(os.path.join(d, "fc.svg"), encoding="utf-8").read()) if rc == 0 else []
    ext = shp_extents(os.path.join(MAPS, "prefectures.shp"))
    ids = dbf_column(os.path.join(MAPS, "prefectures.dbf"), "code")
    w, s_, e, n = RENDER_BBOX
    in_view = [ids[i] for i, x in enumerate(ext) if x and x[0] <= e and x[2] >= w and x[1] <= n and x[3] >= s_]
    check(f"founding case SVG: {len(in_view)} region paths (prefectures meeting the window, from the "
          f".shp headers) + 10 (outlines, provinces, links, dots, gaps, legend 5)",
          len(paths) == len(in_view) + 10, (len(paths), len(in_view), err))
    rc2, csv_out, err2 = run("report", "--format", "csv", cwd=d)
    rows = list(csv.DictReader(io.StringIO(csv_out))) if rc2 == 0 else []
    covered = {r["id"] for r in rows if r.get("covered") in ("true", "1", "yes")}
    expect = [COVERED_FILL in p.split('d="')[0] for p in paths[:len(in_view)]]
    want = [i in covered for i in in_view]
    check(f"founding case SVG: the {sum(want)} covered prefectures in view are filled with the covered "
          "colour, in layer order", covered and expect == want, (sum(expect), sum(want), rows[:1]))
    check("founding case SVG: the legend's two swatches follow the region and line paths",
          len(paths) >= 10 and "fill:rgb(89%,89%,89%)" in paths[-4] and COVERED_FILL in paths[-3],
          paths[-5:] if paths else err)
    check("founding case SVG: the gap sample is the last path, red",
          paths and "stroke:rgb(84%,11%,11%)" in paths[-1] and "stroke:rgb(84%,11%,11%)" in paths[-6],
          paths[-1][:200] if paths else "")

    rc, out, err = run("render", "-o", "fc.pdf", "--title", "Founding case", cwd=d)
    with open(os.path.join(d, "fc.pdf"), "rb") if rc == 0 else io.BytesIO() as f:
        pdf = f.read()
    check("founding case PDF (default window): %PDF magic and the title in its information",
          pdf.startswith(b"%PDF-") and b"/Title (Founding case)" in pdf, err)
    rc, out, err = run("render", "-o", os.path.join(d, "missing", "x.png"), cwd=d)
    check("render into a missing directory fails with exit 1 naming it", rc == 1 and "x.png" in err, err)
    rc, out, err = run("render", "-o", "lv.png", "--level", "counties", cwd=d)
    check("render with an unknown --level fails with exit 1 naming the levels",
          rc == 1 and "counties" in err and not os.path.exists(os.path.join(d, "lv.png")), err)
    rc, out, err = run("render", "-o", "m.svg", "--shade", "mechanisms", "--no-labels", "--width", "500", cwd=d)
    paths = svg_drawn_paths(open(os.path.join(d, "m.svg"), encoding="utf-8").read()) if rc == 0 else []
    # mechanisms per prefecture in the founding case: 0, 1 (YRD or Huaihai) and 2 (Huaihai cities
    # of Jiangsu and Anhui, also in the YRD) -- at most 2 counted from members.csv by report
    mx = max((int(r["mechanisms"]) for r in rows), default=-1)
    check(f"--shade mechanisms: legend of {mx + 1} classes (0..{mx} mechanisms)",
          rc == 0 and len(paths) > mx + 4 and all("fill:rgb(" in p for p in paths[-(mx + 3):-2]), err)


# --- input through GDAL/OGR (issue 5, item 1) -------------------------------------------------------
def graph_tables(gpkg, id_field):
    """(sorted region ids, {(id_a, id_b) sorted: length_km}) from a graph file (a GeoPackage is
    SQLite, so the standard library reads it)."""
    import sqlite3
    con = sqlite3.connect(gpkg)
    try:
        ids = sorted(r[0] for r in con.execute(f'SELECT "{id_field}" FROM regions'))
        pairs = {tuple(sorted((a, b))): km for a, b, km in con.execute("SELECT id_a, id_b, length_km FROM borders")}
    finally:
        con.close()
    return ids, pairs


def max_rel_diff(ref, other):
    return max((abs(other[k] - v) / v if v else abs(other[k])) for k, v in ref.items())


def ogr_input_tests(tmp):
    d = os.path.join(tmp, "ogr")
    os.makedirs(d)
    if not shutil.which("ogr2ogr"):
        check("ogr input tests # SKIP ogr2ogr (gdal-bin) not installed", True)
        return
    # The U.S. counties: the committed shapefile is the reference; GeoPackage, FlatGeobuf and
    # GeoJSON copies made here with ogr2ogr, and the TopoJSON it was made from, read directly,
    # must give the same graph (same ids, pairs, and border km to 1e-9 relative).
    shp = os.path.join(DATA, "us-counties", "counties.shp")
    ref_gpkg = os.path.join(d, "ref.gpkg")
    rc, out, err = run("build", "-q", shp, "-o", ref_gpkg)
    check("ogr: counties shapefile builds (reference)", rc == 0, err)
    ref_ids, ref_pairs = graph_tables(ref_gpkg, "id")
    check("ogr: counties shapefile gives 3231 regions and 9339 queen pairs",
          len(ref_ids) == 3231 and len(ref_pairs) == 9339, (len(ref_ids), len(ref_pairs)))
    for driver, ext in (("GPKG", "gpkg"), ("FlatGeobuf", "fgb"), ("GeoJSON", "geojson")):
        copy = os.path.join(d, "counties." + ext)
        p = subprocess.run(["ogr2ogr", "-f", driver, "-nlt", "PROMOTE_TO_MULTI", copy, shp],
                           capture_output=True, text=True)
        graph = os.path.join(d, ext + ".gpkg")
        rc, out, err = run("build", "-q", copy, "-o", graph)
        if p.returncode != 0 or rc != 0:
            check(f"ogr: counties as {driver} builds", False, p.stderr + err)
            continue
        ids, pairs = graph_tables(graph, "id")
        expect_ids = ref_ids
        if driver == "FlatGeobuf":
            # GDAL's FlatGeobuf writer drops features without geometry: the one null shape
            # (record 630, 51610 Falls Church) is not in the copy
            expect_ids = [i for i in ref_ids if i != "51610"]
        check(f"ogr: counties as {driver}: same ids, same 9339 pairs, border km equal to 1e-9",
              ids == expect_ids and set(pairs) == set(ref_pairs) and max_rel_diff(ref_pairs, pairs) <= 1e-9,
              (len(ids), len(pairs), set(pairs) == set(ref_pairs) and max_rel_diff(ref_pairs, pairs)))
    topo = os.path.normpath(os.path.join(SRC, "..", "shared", "data", "us-atlas", "counties-10m.json"))
    if not os.path.exists(topo):
        check(f"ogr: counties TopoJSON # SKIP {topo} not found (the shared data folder is absent)", True)
    else:
        rc, out, err = run("build", topo, "-o", os.path.join(d, "x.gpkg"))
        check("ogr: a TopoJSON with 3 layers and no :LAYER is an error listing them",
              rc != 0 and "3 layers (counties, states, nation)" in err and "pick one" in err, err)
        graph = os.path.join(d, "topo.gpkg")
        rc, out, err = run("build", topo + ":counties", "-o", graph)
        check("ogr: TopoJSON FILE:counties builds with the assumed-CRS and null-geometry warnings",
              rc == 0 and "no CRS: assuming lon/lat WGS84" in err
              and "1 null or empty geometry (feature 630)" in err, err)
        if rc == 0:
            ids, pairs = graph_tables(graph, "id")
            check("ogr: TopoJSON read directly gives the shapefile's graph (ids, pairs, km to 1e-9)",
                  ids == ref_ids and set(pairs) == set(ref_pairs) and max_rel_diff(ref_pairs, pairs) <= 1e-9,
                  (len(ids), len(pairs)))

    # The prefectures projected to an Albers equal-area CRS for China (as a GeoPackage, so through
    # OGR): the same 970 pairs; lengths are then planar metres of the projection.
    aea = "+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +datum=WGS84 +units=m"
    proj_copy = os.path.join(d, "prefectures_aea.gpkg")
    p = subprocess.run(["ogr2ogr", "-f", "GPKG", "-nlt", "PROMOTE_TO_MULTI", "-t_srs", aea, proj_copy,
                        os.path.join(MAPS, "prefectures.shp")], capture_output=True, text=True)
    geo_graph, aea_graph = os.path.join(d, "pref_geo.gpkg"), os.path.join(d, "pref_aea.gpkg")
    rc1, _, err1 = run("build", "-q", os.path.join(MAPS, "prefectures.shp"), "-o", geo_graph)
    rc2, _, err2 = run("build", "-q", proj_copy, "-o", aea_graph)
    if p.returncode != 0 or rc1 != 0 or rc2 != 0:
        check("ogr: projected prefectures build", False, p.stderr + err1 + err2)
        return
    _, gp = graph_tables(geo_graph, "code")
    _, ap = graph_tables(aea_graph, "code")
    same = set(gp) == set(ap)
    check("ogr: Albers prefectures have the same 970 pairs as the geographic original",
          same and len(ap) == 970, (len(gp), len(ap)))
    if same:
        worst = max_rel_diff(gp, ap)
        total_geo, total_aea = sum(gp.values()), sum(ap.values())
        # Planar lengths in an equal-area conic carry its scale error, which grows away from the
        # standard parallels (Hainan at 18N: about 1.7%); the total over China stays within 0.01%.
        check(f"ogr: Albers border km: total within 0.01% of geodesic, every pair within 2% "
              f"(max {worst:.4%})",
              abs(total_aea - total_geo) / total_geo < 1e-4 and worst < 0.02, (total_geo, total_aea, worst))
    # With --geodesic the stretches' end points go back to lon/lat and are measured on the
    # ellipsoid: the projection's scale error drops out and every pair is within 0.5% (in fact
    # within rounding of the reprojection).
    geod_graph = os.path.join(d, "pref_aea_geodesic.gpkg")
    rc3, _, err3 = run("build", "-q", "--geodesic", proj_copy, "-o", geod_graph)
    _, gd = graph_tables(geod_graph, "code") if rc3 == 0 else (None, {})
    worst_geod = max_rel_diff(gp, gd) if set(gd) == set(gp) else 1.0
    check(f"ogr: Albers with --geodesic: same 970 pairs, every border within 0.5% (max {worst_geod:.2e})",
          rc3 == 0 and set(gd) == set(gp) and worst_geod < 0.005, err3 or worst_geod)
    out_dir = os.path.join(d, "aea_layers")
    rc, out, err = run("export", aea_graph, "-o", out_dir)
    xs, ys = [], []
    if rc == 0:
        def walk(c):
            if c and isinstance(c[0], (int, float)):
                xs.append(c[0])
                ys.append(c[1])
            else:
                for e in c:
                    walk(e)
        for f in load_geojson(os.path.join(out_dir, "regions.geojson")):
            if f["geometry"]:
                walk(f["geometry"]["coordinates"])
    # the original's extent (ogrinfo maps/prefectures.shp): 73.501142, 3.837902 - 135.088511, 53.560901
    check("ogr: GeoJSON export of the Albers graph lands in lon/lat (the original's extent to 1e-6)",
          rc == 0 and xs and all(abs(a - b) <= 1e-6 for a, b in ((min(xs), 73.501142), (max(xs), 135.088511),
                                                                 (min(ys), 3.837902), (max(ys), 53.560901))),
          (err, xs and (min(xs), max(xs), min(ys), max(ys))))


# --- layer formats: --precision, --format, --t_srs, and an independent RFC 7946 validator ------
#
# The validator is tools/geojson-check (npm: @placemarkio/check-geojson for structure, plus the
# right-hand rule and lon/lat ranges; `npm ci` there installs it). ogrinfo is the independent
# reader of every format. Expected counts: the founding case's prefecture level, 372 regions and
# 970 borders (libpysal/spdep, see the top of this file); links, gaps and agencies as export
# reports them and as the GeoJSON holds them.

# one geometry type each: pairs sharing a line and pairs meeting in points only are two layers
LAYERS5 = ["regions", "borders", "contacts", "links", "gaps", "gap_contacts", "agencies"]


def ogr_field_list(path, layer):
    out = subprocess.run(["ogrinfo", "-ro", "-so", path, layer], capture_output=True, text=True).stdout
    names, started = [], False
    for line in out.splitlines():
        if line.startswith("Data axis to CRS axis mapping") or line.startswith("FID Column") or \
                line.startswith("Geometry Column"):
            started = True
            continue
        if started and ": " in line and not line.startswith(" "):
            names.append(line.split(":")[0])
    return names


def border_vertices_shared(d):
    """Border vertices of borders.geojson missing from either neighbour's rings."""
    verts = {}
    for f in load_geojson(os.path.join(d, "regions.geojson")):
        verts[f["properties"]["id"]] = {tuple(p) for poly in polygons(f["geometry"]) for ring in poly for p in ring}
    missing = total = 0
    for b in load_geojson(os.path.join(d, "borders.geojson")):
        g, pr = b["geometry"], b["properties"]
        lines = {"LineString": lambda c: [c], "MultiLineString": lambda c: c,
                 "Point": lambda c: [[c]], "MultiPoint": lambda c: [c]}[g["type"]](g["coordinates"])
        for line in lines:
            for p in line:
                total += 1
                missing += tuple(p) not in verts[pr["id_a"]] or tuple(p) not in verts[pr["id_b"]]
    return missing, total


def layer_format_tests(tmp):
    graph = os.path.join(tmp, "founding", "regiongraph.gpkg")
    if not os.path.exists(graph):
        os.makedirs(os.path.dirname(graph), exist_ok=True)
        run("build", "-o", graph, "-q", cwd=SRC)
    checker = os.path.join(SRC, "tools", "geojson-check")
    have_checker = os.path.isdir(os.path.join(checker, "node_modules", "@placemarkio", "check-geojson")) \
        and shutil.which("node")
    if not have_checker:
        # TAP comes out at the end, after every check: report the skip as a check of its own.
        check("RFC 7946 validator checks # SKIP tools/geojson-check/node_modules is absent "
              "(run `npm ci` in tools/geojson-check)", True)

    def validate(files):
        r = subprocess.run(["node", os.path.join(checker, "check.js")] + files, capture_output=True, text=True)
        return r.returncode, r.stderr[-2000:]

    if have_checker:
        bad = os.path.join(tmp, "clockwise.geojson")
        with open(bad, "w") as f:
            f.write('{"type":"Feature","properties":{},"geometry":{"type":"Polygon",'
                    '"coordinates":[[[0,0],[0,1],[1,1],[0,0]]]}}')
        vrc, verr = validate([bad])
        check("layers: the validator rejects a clockwise exterior ring (so a pass means something)",
              vrc == 1 and "not counter-clockwise" in verr, verr)
    plain = os.path.join(tmp, "lf-plain")
    rc, out, err = run("export", graph, "-o", plain, "-q")
    files = [os.path.join(plain, n + ".geojson") for n in LAYERS5]
    check("layers: default export writes the five GeoJSON layers", rc == 0 and all(map(os.path.exists, files)), err)
    if have_checker and rc == 0:
        vrc, verr = validate(files)
        check("layers: every GeoJSON layer of the founding case passes the RFC 7946 validator", vrc == 0, verr)
    for f in files if rc == 0 else []:
        feats = load_geojson(f)
        keys = list(feats[0]["properties"]) if feats else []
        name = os.path.basename(f)[:-8]
        fields = ogr_field_list(f, name)
        check(f"layers: ogrinfo reads {name}.geojson back with {len(feats)} features and the same attribute names",
              ogr_count(f) == [len(feats)] and (not feats or fields == keys), (ogr_count(f), fields, keys))
    if rc == 0:
        counts = [len(load_geojson(f)) for f in files]
        check("layers: 372 regions and 970 borders at the prefecture level", counts[:2] == [372, 970], counts)
        missing, total = border_vertices_shared(plain)
        check("layers: every border vertex appears identically in both neighbours' rings (7 decimals)",
              missing == 0 and total > 70000, (missing, total))

    # --precision 2: still valid, shared borders still identical (every ring of the founding case
    # survives 2 decimals, so none keeps more: checked below).
    p2 = os.path.join(tmp, "lf-p2")
    rc, out, err = run("export", graph, "-o", p2, "-q", "--precision", "2")
    check("layers: --precision 2 export", rc == 0, err)
    if rc == 0:
        files2 = [os.path.join(p2, n + ".geojson") for n in LAYERS5]
        if have_checker:
            vrc, verr = validate(files2)
            check("layers: every GeoJSON layer at --precision 2 passes the RFC 7946 validator", vrc == 0, verr)
        missing, total = border_vertices_shared(p2)
        check("layers: at 2 decimals every border vertex appears identically in both neighbours' rings",
              missing == 0 and total > 70000, (missing, total))
        coords = []
        for f in load_geojson(files2[0]):
            for poly in polygons(f["geometry"]):
                for ring in poly:
                    coords += [c for p in ring for c in p]
                    check_ring = len(ring) >= 4 and ring[0] == ring[-1] and \
                        all(ring[i] != ring[i + 1] for i in range(len(ring) - 1))
                    if not check_ring:
                        coords.append(None)
        check("layers: at 2 decimals every ring is closed, has 4+ positions and no repeated vertex, "
              "and every coordinate has at most 2 decimals",
              None not in coords and all(round(c, 2) == c for c in coords), len(coords))
        counts = [len(load_geojson(f)) for f in files2]
        check("layers: --precision 2 keeps every feature", counts[:2] == [372, 970], counts)

    # Every format at once, reprojected.
    allf = os.path.join(tmp, "lf-all")
    rc, out, err = run("export", graph, "-o", allf, "--format", "geojson,geojsonseq,gpkg,fgb,shp",
                       "--t_srs", "EPSG:3857")
    check("layers: --format geojson,geojsonseq,gpkg,fgb,shp --t_srs EPSG:3857", rc == 0, err)
    if rc == 0:
        expect = {n: len(load_geojson(os.path.join(allf, n + ".geojson"))) for n in LAYERS5}
        gpkg_counts = [ogr_count(os.path.join(allf, "layers.gpkg"), n) for n in LAYERS5]
        check("layers: layers.gpkg holds the seven layers with the GeoJSON counts",
              gpkg_counts == [[expect[n]] for n in LAYERS5], (gpkg_counts, expect))
        fgb = [ogr_count(os.path.join(allf, n + ".fgb")) for n in LAYERS5]
        check("layers: one .fgb per layer with the GeoJSON counts", fgb == [[expect[n]] for n in LAYERS5], fgb)
        shp = [ogr_count(os.path.join(allf, n + ".shp")) for n in LAYERS5]
        check("layers: one .shp per layer with the GeoJSON counts", shp == [[expect[n]] for n in LAYERS5], shp)
        cpg = [open(os.path.join(allf, n + ".cpg")).read().strip() for n in LAYERS5]
        check("layers: every shapefile declares UTF-8 in its .cpg", cpg == ["UTF-8"] * 7, cpg)
        # one declared geometry type per layer, also for the empty ones (contacts, gap_contacts
        # and agencies of the founding case), which keep their fields
        want_types = {"regions": "Multi Polygon", "borders": "Multi Line String",
                      "contacts": "Multi Point", "links": "Multi Line String",
                      "gaps": "Multi Line String", "gap_contacts": "Multi Point", "agencies": "Point"}
        types = {}
        for n in LAYERS5:
            o = subprocess.run(["ogrinfo", "-ro", "-so", os.path.join(allf, "layers.gpkg"), n],
                               capture_output=True, text=True).stdout
            types[n] = [l.split(": ", 1)[1] for l in o.splitlines() if l.startswith("Geometry: ")]
        check("layers: each gpkg layer declares its one geometry type (regions MultiPolygon, "
              "borders MultiLineString, contacts MultiPoint, agencies Point, ...)",
              types == {n: [t] for n, t in want_types.items()}, types)
        check("layers: the empty agencies layer keeps its fields in gpkg, fgb and shp",
              ogr_count(os.path.join(allf, "agencies.fgb")) == [0]
              and ogr_field_list(os.path.join(allf, "layers.gpkg"), "agencies")[:3] == ["id", "name", "level"]
              and ogr_field_list(os.path.join(allf, "agencies.fgb"), "agencies")[:3] == ["id", "name", "level"]
              and ogr_field_list(os.path.join(allf, "agencies.shp"), "agencies")[:3] == ["id", "name", "level"],
              ogr_field_list(os.path.join(allf, "agencies.shp"), "agencies"))
        fields = ogr_field_list(os.path.join(allf, "regions.shp"), "regions")
        gj = list(load_geojson(os.path.join(allf, "regions.geojson"))[0]["properties"])
        # the rule: the first 10 bytes; no two founding-case names collide once cut
        check("layers: shapefile field names are the GeoJSON names cut to 10 bytes (betweenness -> "
              "betweennes, eigenvector -> eigenvecto, articulation -> articulati)",
              fields == [k[:10] for k in gj] and "eigenvecto" in fields, (fields, gj))
        check("layers: gpkg keeps the full attribute names",
              ogr_field_list(os.path.join(allf, "layers.gpkg"), "regions") == gj)
        info = subprocess.run(["ogrinfo", "-ro", "-so", os.path.join(allf, "regions.fgb"), "regions"],
                              capture_output=True, text=True).stdout
        ext = [l for l in info.splitlines() if l.startswith("Extent:")]
        nums = []
        if ext:
            a, b = ext[0].replace("Extent:", "").split(" - ")
            nums = [float(v) for v in a.strip(" ()").split(",") + b.strip(" ()").split(",")]
        # lon 73.501142 .. 135.088511 (ogrinfo maps/prefectures.shp) in Web Mercator:
        # x = 6378137 * radians(lon) = 8182109.7 .. 15037984.3 m
        check("layers: --t_srs EPSG:3857 puts the .fgb in metres (x from 8182109.7 to 15037984.3)",
              "Pseudo-Mercator" in info and len(nums) == 4 and abs(nums[0] - 8182109.7) < 5
              and abs(nums[2] - 15037984.3) < 5, (ext, info[-400:]))
        gj_first = load_geojson(os.path.join(allf, "regions.geojson"))[0]["geometry"]["coordinates"]
        check("layers: GeoJSON stays lon/lat with --t_srs", abs(polygons(
            load_geojson(os.path.join(allf, "regions.geojson"))[0]["geometry"])[0][0][0][0]) <= 180, gj_first[:1])
        seq_ok = True
        for n in LAYERS5:
            if expect[n] == 0:  # an empty sequence would be a 0-byte file: left out
                seq_ok &= not os.path.exists(os.path.join(allf, n + ".geojsons"))
                continue
            with open(os.path.join(allf, n + ".geojsons"), encoding="utf-8") as f:
                lines = f.read().split("\n")
            recs = [l for l in lines if l]
            seq_ok &= all(l.startswith("\x1e{") and json.loads(l[1:])["type"] == "Feature" for l in recs) \
                and len(recs) == expect[n] and lines[-1] == ""
        check("layers: NAME.geojsons holds one RS-prefixed feature a line (RFC 8142), as many as the GeoJSON",
              seq_ok)
        check("layers: GDAL reads the sequences (GeoJSONSeq driver)",
              ogr_count(os.path.join(allf, "regions.geojsons")) == [expect["regions"]])
        if have_checker:
            vrc, verr = validate([os.path.join(allf, n + ".geojsons") for n in LAYERS5 if expect[n]])
            check("layers: every sequence record passes the RFC 7946 validator", vrc == 0, verr)
        check("layers: no temporary file or directory left", [f for f in os.listdir(allf) if f.startswith(".")] == [],
              os.listdir(allf))
    only = os.path.join(tmp, "lf-only")
    rc, out, err = run("export", graph, "-o", only, "--format", "fgb", "-q")
    check("layers: --format fgb writes only .fgb files (the GeoJSON source is temporary)",
          rc == 0 and sorted(os.listdir(only)) == sorted(n + ".fgb" for n in LAYERS5 + ["mechanisms"]), (err, os.listdir(only)
                                                                                          if rc == 0 else None))
    rc, out, err = run("export", graph, "-o", only, "--precision", "16")
    check("layers: --precision 16 is a usage error", rc == 2 and "--precision" in err, err)
    rc, out, err = run("export", graph, "-o", only, "--format", "geojson,kml")
    check("layers: an unknown --format is a usage error", rc == 2 and "kml" in err, err)
    gdal_names = os.path.join(tmp, "lf-gdal-names")
    rc, out, err = run("export", graph, "-o", gdal_names, "--format", "GPKG,ESRI Shapefile,flatgeobuf", "-q")
    check("layers: --format takes GDAL's driver names in any case (GPKG, ESRI Shapefile, flatgeobuf)",
          rc == 0 and sorted(os.listdir(gdal_names)) == sorted(
              ["layers.gpkg"] + [n + ".fgb" for n in LAYERS5 + ["mechanisms"]]
              + [n + e for n in LAYERS5 + ["mechanisms"] for e in (".shp", ".shx", ".dbf", ".prj", ".cpg")]
              + ["coverage.dbf", "coverage.prj", "coverage.cpg"]),
          (err, os.listdir(gdal_names) if rc == 0 else None))


def conventions_tests(tmp, gpkg):
    """The GIS world's habits (issue 15): info --json (like ogrinfo -json) parsed back, and the
    report's format from -o's extension."""
    rc, out, err = run("info", "--json", os.path.join(MAPS, "prefectures.shp"))
    try:
        info = json.loads(out)
    except ValueError:
        info = {}
    layer = (info.get("layers") or [{}])[0]
    fields = {f["name"]: f["type"] for f in layer.get("fields", [])}
    # known facts of maps/prefectures.shp (maps/README.md): 372 polygons in EPSG:4326, fields
    # code, name_en, name_zh, province; lon 73.50..135.09 as ogrinfo says
    check("info --json: one JSON object with driver, layer, type, count, CRS, extent and fields",
          rc == 0 and info.get("driver") == "ESRI Shapefile" and layer.get("name") == "prefectures"
          and layer.get("geometry_type") == "Polygon" and layer.get("feature_count") == 372
          and layer.get("crs", {}).get("authority") == "EPSG:4326"
          and layer["crs"].get("geographic") is True
          and abs(layer.get("extent", [0])[0] - 73.5011421) < 1e-6
          and fields == {"code": "String", "name_en": "String", "name_zh": "String",
                         "province": "String"}, out[:300] + err)
    rc, out, err = run("info", "--json", gpkg)
    try:
        names = [l["name"] for l in json.loads(out)["layers"]]
        booleans = [f["name"] for l in json.loads(out)["layers"] if l["name"] == "regions"
                    for f in l["fields"] if f["subtype"] == "Boolean"]
    except (ValueError, KeyError):
        names, booleans = [], []
    check("info --json on a graph file: its layers", rc == 0 and "regions" in names
          and "borders" in names and "mechanisms" in names, out[:300] + err)
    # report -o picks the format from the extension unless --format is given
    rep = os.path.join(tmp, "conv")
    os.makedirs(rep, exist_ok=True)
    rc, out, err = run("report", gpkg, "--section", "coverage", "-o", os.path.join(rep, "r.csv"), "-q")
    with open(os.path.join(rep, "r.csv"), encoding="utf-8") if rc == 0 else open(os.devnull) as f:
        rows = list(csv.reader(f))
    check("report -o r.csv writes CSV (a header and one row per prefecture: 372)",
          rc == 0 and len(rows) == 373 and len(rows[0]) > 3, err)
    rc, out, err = run("report", gpkg, "--section", "coverage", "-o", os.path.join(rep, "r.json"), "-q")
    try:
        with open(os.path.join(rep, "r.json"), encoding="utf-8") as f:
            ok = isinstance(json.load(f), dict)
    except (OSError, ValueError):
        ok = False
    check("report -o r.json writes JSON", rc == 0 and ok, err)
    rc, out, err = run("report", gpkg, "--section", "coverage", "--format", "table", "-o",
                       os.path.join(rep, "t.csv"), "-q")
    with open(os.path.join(rep, "t.csv"), encoding="utf-8") if rc == 0 else open(os.devnull) as f:
        text = f.read()
    check("report --format table -o t.csv: --format wins", rc == 0 and "Coverage at level" in text, err)
    rc, out, err = run("report", gpkg, "-o", os.path.join(rep, "d.csv"), "-q")
    with open(os.path.join(rep, "d.csv"), encoding="utf-8") if rc == 0 else open(os.devnull) as f:
        same = list(csv.reader(f)) == rows
    check("report -o d.csv without --section: the coverage CSV too", rc == 0 and same, err)


def bbox_tests(tmp):
    """export --bbox: every feature and the collection carry [west, south, east, north], each the
    extent of its own coordinates (no feature of the founding case crosses the antimeridian)."""
    g = os.path.join(tmp, "bbox.gpkg")
    rc, _, err = run("build", os.path.join(MAPS, "project.ini"), "-q", "-o", g)
    out_dir = os.path.join(tmp, "bbox-layers")
    rc2, _, err2 = run("export", g, "-o", out_dir, "--bbox", "-q")
    if rc or rc2:
        check("export --bbox runs", False, err + err2)
        return

    def coords(geom):
        if geom["type"] == "Point":
            yield geom["coordinates"]
            return
        stack = [geom["coordinates"]]
        while stack:
            c = stack.pop()
            if c and isinstance(c[0], (int, float)):
                yield c
            else:
                stack.extend(c)

    for layer in ("regions", "borders", "gaps"):
        with open(os.path.join(out_dir, layer + ".geojson"), encoding="utf-8") as f:
            fc = json.load(f)
        ok, west, south, east, north = True, 180, 90, -180, -90
        for feat in fc["features"]:
            pts = list(coords(feat["geometry"]))
            want = [min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts)]
            ok = ok and feat.get("bbox") == want
            west, south = min(west, want[0]), min(south, want[1])
            east, north = max(east, want[2]), max(north, want[3])
        check(f"export --bbox: {layer}.geojson features and collection carry their extents",
              ok and fc.get("bbox") == [west, south, east, north], fc.get("bbox"))


if __name__ == "__main__":
    sys.exit(main())
