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
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAPS = os.path.join(SRC, "maps")
DATA = os.path.join(SRC, "tests", "data")

results = []


def check(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def run(*args, cwd=None):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=cwd)
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
    tmp = tempfile.mkdtemp(prefix="rg-cli-")
    try:
        tests(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("TAP version 13")
    print(f"1..{len(results)}")
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok and detail:
            for line in str(detail).splitlines():
                print(f"# {line}")
    return 0 if all(ok for _, ok, _ in results) else 1


def tests(tmp):
    # --- top level: version, help, usage errors
    rc, out, err = run("--version")
    check("--version prints the version", rc == 0 and out.startswith("regiongraph 0."), out + err)
    rc, out, err = run("help")
    check("help lists every command", rc == 0 and all(c in out for c in ("build", "export", "info")), out)
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

    # --- build with no argument: the shipped prefectures
    rc, out, err = run("build", cwd=tmp)
    gpkg = os.path.join(tmp, "regiongraph.gpkg")
    check("build with no argument builds the shipped prefectures", rc == 0 and os.path.exists(gpkg), err)
    check("build prints nothing on stdout", out == "", out)
    check("build reports 372 regions and 970 queen pairs",
          "372 regions, 970 adjacent pairs (queen contiguity)" in err, err)
    check("build lists the 3 regions without neighbours",
          "3 regions without neighbours" in err and all(c in err for c in ("330900", "460300", "710000")), err)
    check("the graph file opens in ogrinfo with 372 regions and 970 borders",
          ogr_count(gpkg, "regions") == [372] and ogr_count(gpkg, "borders") == [970],
          (ogr_count(gpkg, "regions"), ogr_count(gpkg, "borders")))
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
        with open(os.path.join(gl, "borders.geojson"), encoding="utf-8") as f:
            gb = json.load(f)["features"]
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


if __name__ == "__main__":
    sys.exit(main())
