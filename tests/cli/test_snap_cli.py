#!/usr/bin/env python3
"""CLI tests of tolerant contiguity (GitHub issue 6): `build --snap/--islands/--near/
--diagnostics`, the project keys, the contact and gap_km fields of the borders, and progress on a
terminal. Emits TAP for meson. Standard library, plus ogr2ogr/ogrinfo (gdal-bin) to make the
perturbed map and to read what regiongraph writes; the island check also uses /usr/bin/python3
with geopandas and pyproj when present.

Expected values and where they come from:
- maps/prefectures.shp has 970 queen pairs and 3 regions without neighbours (330900 Zhoushan,
  460300 Sansha, 710000 Taiwan): libpysal Queen and spdep poly2nb on the same file
  (shared/data/README.md, tests/cli/test_cli.py).
- The perturbed copy moves every vertex of every polygon independently by at most 30 m (fixed
  seed), so two neighbours' boundaries, identical before, now run at most 60 m apart and cross
  each other at random: exact contiguity finds few of the 970 pairs, a tolerance of 80 m (> 60 m)
  finds them all again, and (by construction) nearly every one of the 970 is a near miss within
  the default 1 km radius in exact mode.
- The nearest region of each isolated prefecture and its distance: geopandas distance between
  the polygons in an azimuthal equidistant projection centred on the island (pyproj), computed
  below independently of regiongraph.
"""
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAPS = os.path.join(SRC, "maps")
PREFECTURES = os.path.join(MAPS, "prefectures.shp")
ISLANDS = ("330900", "460300", "710000")
PAIRS = 970

from tap import check, run_suites, skip


def run(*args, cwd=None):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def perturb(src, dst, tmp, metres=30.0, seed=6):
    """A copy of a lon/lat polygon layer whose vertices each move by up to `metres`: through
    GeoJSON with ogr2ogr, moved here, back to a shapefile with ogr2ogr."""
    plain, moved = os.path.join(tmp, "clean.geojson"), os.path.join(tmp, "moved.geojson")
    subprocess.run(["ogr2ogr", "-f", "GeoJSON", "-lco", "COORDINATE_PRECISION=10", plain, src],
                   check=True, capture_output=True)
    with open(plain, encoding="utf-8") as f:
        data = json.load(f)
    rng = random.Random(seed)

    def move_ring(ring):
        out = []
        for lon, lat in ring[:-1]:
            r, t = metres * math.sqrt(rng.random()), 2 * math.pi * rng.random()
            dy, dx = r * math.sin(t), r * math.cos(t)
            out.append([lon + dx / (111320.0 * math.cos(math.radians(lat))), lat + dy / 110574.0])
        return out + [out[0]]  # the ring stays closed

    for feat in data["features"]:
        g = feat["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        moved_polys = [[move_ring(ring) for ring in poly] for poly in polys]
        g["coordinates"] = moved_polys[0] if g["type"] == "Polygon" else moved_polys
    with open(moved, "w", encoding="utf-8") as f:
        json.dump(data, f)
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", dst, moved],
                   check=True, capture_output=True)


def summary_pairs(err, level="prefectures"):
    m = re.search(r"(\d+) regions, (\d+) adjacent pairs", err)
    return int(m.group(2)) if m else None


def ogr_rows(path, sql):
    """Rows of an OGR SQL query, as dicts of the fields' text."""
    out = subprocess.run(["ogrinfo", "-ro", "-q", path, "-sql", sql], capture_output=True, text=True).stdout
    rows, row = [], None
    for line in out.splitlines():
        if line.startswith("OGRFeature("):
            row = {}
            rows.append(row)
        elif row is not None and " = " in line and line.startswith("  ") and "(" in line.split(" = ")[0]:
            key, value = line.strip().split(" = ", 1)
            row[key.split(" (")[0]] = value
    return rows


def nearest_by_geopandas(path, ids):
    """{id: (nearest id, km)} with geopandas, or None when it is missing."""
    code = r"""
import json, sys
import geopandas as gpd
gdf = gpd.read_file(sys.argv[1])
idcol = 'code' if 'code' in gdf.columns else gdf.columns[0]
out = {}
for rid in sys.argv[2:]:
    one = gdf[gdf[idcol].astype(str) == rid]
    c = one.geometry.iloc[0].centroid
    aeqd = '+proj=aeqd +lat_0=%f +lon_0=%f +datum=WGS84 +units=m' % (c.y, c.x)
    local = gdf.to_crs(aeqd)
    me = local[local[idcol].astype(str) == rid].geometry.iloc[0]
    others = local[local[idcol].astype(str) != rid]
    d = others.geometry.distance(me)
    k = d.idxmin()
    out[rid] = [str(others.loc[k, idcol]), float(d.loc[k]) / 1000.0]
print(json.dumps(out))
"""
    py = "/usr/bin/python3"
    if not os.path.exists(py):
        return None
    p = subprocess.run([py, "-c", code, path, *ids], capture_output=True, text=True)
    if p.returncode != 0:
        return None
    return {k: tuple(v) for k, v in json.loads(p.stdout).items()}


def tests(tmp):
    have_ogr = shutil.which("ogr2ogr") and shutil.which("ogrinfo")
    if not have_ogr:
        skip("tolerant contiguity on a perturbed map", "ogr2ogr/ogrinfo (gdal-bin) missing")
        return

    # --- usage errors (exit 2, like a bad --contiguity)
    for args, text in ((["--snap", "80 parsecs"], "--snap must be a distance"),
                       (["--snap", "-5m"], "--snap must be a distance"),
                       (["--near", "0"], "--near must be a distance above 0"),
                       (["--islands", "-1"], "--islands must be a whole number"),
                       (["--islands", "two"], "--islands must be a whole number"),
                       (["--islands", "1.5"], "--islands must be a whole number"),
                       (["--diagnostics", os.path.join(tmp, "d.geojson"), "--no-diagnostics"],
                        "contradict")):
        rc, out, err = run("build", PREFECTURES, "-o", os.path.join(tmp, "x.gpkg"), *args)
        check(f"build {' '.join(args[:2])}: usage error (exit 2)", rc == 2 and text in err, err)
    rc, out, _ = run("build", "-h")
    check("build -h documents --snap, --islands, --near, --diagnostics and --no-diagnostics",
          rc == 0 and all(o in out for o in ("--snap DIST", "--islands K", "--near DIST",
                                             "--diagnostics FILE", "--no-diagnostics")), out)

    # --- the perturbed map
    moved = os.path.join(tmp, "moved.shp")
    perturb(PREFECTURES, moved, tmp)
    exact_gpkg = os.path.join(tmp, "exact.gpkg")
    diag = os.path.join(tmp, "diag.geojson")
    rc, out, err = run("build", moved, "--id", "code", "-o", exact_gpkg, "--diagnostics", diag)
    exact = summary_pairs(err)
    check("perturbed map, exact: builds", rc == 0, err)
    check("perturbed map, exact: few of the 970 pairs are found (< 200)",
          exact is not None and exact < 200, err)
    m = re.search(r"(\d+) near miss(?:es)? within 1\.0 km", err)
    near = int(m.group(1)) if m else 0
    check("perturbed map, exact: the summary reports most pairs as near misses within 1 km",
          m and near > PAIRS // 2 and near + exact >= 0.9 * PAIRS, err)
    check("perturbed map, exact: the summary suggests a tolerance (try --snap)", "try --snap" in err, err)
    hint = re.search(r"try --snap (\d+)m", err)
    if hint:
        rc, _, herr = run("build", moved, "--id", "code", "-o", os.path.join(tmp, "hint.gpkg"),
                          "--snap", hint.group(1) + "m")
        check(f"perturbed map: following the hint (--snap {hint.group(1)}m) gives the clean "
              "map's 970 pairs, and no further hint",
              rc == 0 and summary_pairs(herr) == PAIRS and "try --snap" not in herr, herr)
    feats = []
    if os.path.exists(diag):
        with open(diag, encoding="utf-8") as f:
            feats = json.load(f)["features"]
    near_feats = [f for f in feats if f["properties"]["kind"] == "near"]
    check("diagnostics file: one MultiLineString per near miss, as many as the summary counts",
          len(near_feats) == near and all(f["geometry"]["type"] == "MultiLineString"
                                          and len(f["geometry"]["coordinates"]) == 1
                                          for f in near_feats), (len(near_feats), near))
    check("diagnostics file: one geometry type (MultiLineString, or none for an isolated region "
          "without any other)", all(f["geometry"] is None or f["geometry"]["type"] == "MultiLineString"
                                    for f in feats), {f["geometry"]["type"] for f in feats if f["geometry"]})
    overlaps_file = os.path.join(tmp, "diag_overlaps.geojson")
    over = []
    if os.path.exists(overlaps_file):
        with open(overlaps_file, encoding="utf-8") as f:
            over = json.load(f)["features"]
    m = re.search(r"(\d+) overlaps deeper than the tolerance \(deepest (\d+) m", err)
    check("diagnostics: the overlaps go to diag_overlaps.geojson as Points, as many as the summary "
          "counts, the deepest first", m and len(over) == int(m.group(1))
          and all(f["geometry"]["type"] == "Point" and f["properties"]["kind"] == "overlap"
                  for f in over) and round(over[0]["properties"]["depth_m"]) == int(m.group(2)),
          (m and m.groups(), len(over), over[:1]))
    check("diagnostics file: near misses are closer than 1 km, with ids, names and level",
          near_feats and all(0 <= f["properties"]["distance_m"] < 1000 and f["properties"]["id_a"]
                             and f["properties"]["name_b"] and f["properties"]["level"] == "moved"
                             for f in near_feats), near_feats[:2])
    check("diagnostics file: every near-miss line is short (its two ends are the closest points)",
          all(math.dist(*f["geometry"]["coordinates"][0]) < 0.02 for f in near_feats))
    check("diagnostics file: ogrinfo reads it with as many features",
          f"Feature Count: {len(feats)}" in subprocess.run(["ogrinfo", "-ro", "-so", "-al", diag],
                                                          capture_output=True, text=True).stdout)
    checker = os.path.join(SRC, "tools", "geojson-check")
    if os.path.isdir(os.path.join(checker, "node_modules", "@placemarkio", "check-geojson")) and shutil.which("node"):
        v = subprocess.run(["node", os.path.join(checker, "check.js"), diag], capture_output=True, text=True)
        check("diagnostics file passes the RFC 7946 validator", v.returncode == 0, v.stderr[-2000:])
    else:
        skip("diagnostics file passes the RFC 7946 validator", "tools/geojson-check/node_modules is absent")

    snap_gpkg = os.path.join(tmp, "snap.gpkg")
    rc, out, err = run("build", moved, "--id", "code", "--snap", "80m", "-o", snap_gpkg,
                       "--no-diagnostics")
    check("perturbed map, --snap 80m: finds the 970 pairs of the clean map",
          rc == 0 and summary_pairs(err) == PAIRS and "within 80m" in err, err)
    rows = ogr_rows(snap_gpkg, "SELECT contact, COUNT(*) AS n FROM borders GROUP BY contact")
    counts = {r.get("contact"): int(r.get("n", 0)) for r in rows}
    check("perturbed map, --snap 80m: the borders layer marks them border or point, none island",
          sum(counts.values()) == PAIRS and set(counts) <= {"border", "point"} and counts.get("border", 0) > 900,
          counts)
    rows = ogr_rows(snap_gpkg, "SELECT MAX(gap_km) AS g FROM borders")
    try:
        gmax = float(rows[0]["g"])
    except (IndexError, KeyError, ValueError):
        gmax = -1
    check("perturbed map, --snap 80m: gap_km is within the tolerance (0 to 0.08 km)",
          0 <= gmax <= 0.08, rows)

    # --- islands on the clean map
    isl_gpkg = os.path.join(tmp, "islands.gpkg")
    rc, out, err = run("build", PREFECTURES, "--islands", "1", "-o", isl_gpkg, "--no-diagnostics")
    check("--islands 1: builds, 970 adjacent pairs and 3 island links",
          rc == 0 and summary_pairs(err) == PAIRS and "3 island links" in err
          and "0 regions without neighbours" in err, err)
    rows = ogr_rows(isl_gpkg, "SELECT id_a, id_b, gap_km, length_km, kind FROM borders WHERE contact = 'island'")
    got = {}
    for r in rows:
        a, b = r.get("id_a"), r.get("id_b")
        island = a if a in ISLANDS else b
        got[island] = (b if island == a else a, float(r.get("gap_km", "nan")), float(r.get("length_km", "nan")))
    check("--islands 1: ogrinfo reads 3 'island' borders, one per isolated prefecture, of 0 km",
          len(rows) == 3 and set(got) == set(ISLANDS) and all(v[2] == 0 for v in got.values()), rows)
    want = nearest_by_geopandas(PREFECTURES, ISLANDS)
    if want is None:
        skip("--islands 1: each island is linked to its nearest prefecture", "geopandas missing")
    else:
        check("--islands 1: each island is linked to its nearest prefecture (geopandas)",
              all(got.get(i, (None,))[0] == want[i][0] for i in ISLANDS), (got, want))
        check("--islands 1: gap_km is the distance to it (geopandas, aeqd; within 1%)",
              all(i in got and abs(got[i][1] - want[i][1]) <= 0.01 * want[i][1] + 0.01 for i in ISLANDS),
              (got, want))
    # Coverage and export treat island links as no border, the export marks them.
    exp = os.path.join(tmp, "isl-export")
    rc, out, err = run("export", isl_gpkg, "-o", exp, "-q")
    borders = []
    if rc == 0 and os.path.exists(os.path.join(exp, "borders.geojson")):
        with open(os.path.join(exp, "borders.geojson"), encoding="utf-8") as f:
            borders = json.load(f)["features"]
    island_feats = [b for b in borders if b["properties"].get("contact") == "island"]
    check("export: borders.geojson has contact and gap_km, 3 island links as 2-point lines "
          "(MultiLineStrings of one line: one geometry type per layer)",
          len(island_feats) == 3 and all(b["geometry"]["type"] == "MultiLineString"
                                         and len(b["geometry"]["coordinates"]) == 1
                                         and len(b["geometry"]["coordinates"][0]) == 2
                                         for b in island_feats)
          and all("gap_km" in b["properties"] for b in borders), island_feats[:1] or err)
    rc, out, err = run("report", isl_gpkg, "--format", "json", "-q")
    try:
        rep = json.loads(out)
    except ValueError:
        rep = {}
    gap_ids = {tuple(sorted((g["id_a"], g["id_b"]))) for g in rep.get("gaps", [])}
    check("report: no island link is a gap",
          rc == 0 and rep and not any(set(p) & set(ISLANDS) for p in gap_ids), err)

    # With coordination data the regions layer carries coverage; an island link still makes its
    # island a neighbour there (degree 1: each island's one link, no other island's nearest is an
    # island -- the nearest regions checked above are all on the mainland).
    proj_gpkg = os.path.join(tmp, "founding-islands.gpkg")
    proj_exp = os.path.join(tmp, "founding-islands")
    rc, out, err = run("build", os.path.join(MAPS, "project.ini"), "--islands", "1", "-o", proj_gpkg,
                       "-q")
    rc2, out, err2 = run("export", proj_gpkg, "-o", proj_exp, "-q")
    regions = {}
    if rc == 0 and rc2 == 0:
        with open(os.path.join(proj_exp, "regions.geojson"), encoding="utf-8") as f:
            regions = {r["properties"]["id"]: r["properties"] for r in json.load(f)["features"]}
    check("founding case --islands 1: the islands are not isolated in the coverage regions layer",
          regions and all(regions.get(i, {}).get("degree") == 1 and
                          regions.get(i, {}).get("isolated") is False for i in ISLANDS),
          [(i, regions.get(i, {}).get("degree")) for i in ISLANDS] if regions else err + err2)

    # --- project keys
    ini = os.path.join(tmp, "moved.ini")
    with open(ini, "w") as f:
        f.write("[project]\nsnap = 80m\nislands = 1\nnear = 500m\n\n[layer moved]\nfile = moved.shp\nid = code\n")
    rc, out, err = run("build", ini, "-o", os.path.join(tmp, "ini.gpkg"), "--no-diagnostics")
    check("project keys snap = 80m, islands = 1, near = 500m: 970 pairs and 3 island links",
          rc == 0 and summary_pairs(err) == PAIRS and "3 island links" in err
          and "within 80m" in err, err)
    with open(ini, "w") as f:
        f.write("[project]\nsnap = 80 parsecs\n\n[layer moved]\nfile = moved.shp\nid = code\n")
    rc, out, err = run("build", ini, "-o", os.path.join(tmp, "ini.gpkg"))
    check("project key snap = 80 parsecs: exit 1, names the file and line",
          rc == 1 and "moved.ini: line 2: snap must be a distance" in err, err)
    with open(ini, "w") as f:
        f.write("[project]\nislands = -2\n\n[layer moved]\nfile = moved.shp\nid = code\n")
    rc, out, err = run("build", ini, "-o", os.path.join(tmp, "ini.gpkg"))
    check("project key islands = -2: exit 1, names the file and line",
          rc == 1 and "moved.ini: line 2: islands must be a whole number" in err, err)

    # --- graph files from before contact/gap_km still read (the columns dropped by ogrinfo)
    old = os.path.join(tmp, "old.gpkg")
    shutil.copy(exact_gpkg, old)
    for col in ("contact", "gap_km"):
        subprocess.run(["ogrinfo", old, "-sql", f"ALTER TABLE borders DROP COLUMN {col}"],
                       capture_output=True, text=True)
    fields = subprocess.run(["ogrinfo", "-ro", "-so", old, "borders"], capture_output=True, text=True).stdout
    if "contact:" in fields:
        skip("an old graph file without contact/gap_km still reads", "ogrinfo could not drop the columns")
    else:
        rc, out, err = run("export", old, "-o", os.path.join(tmp, "old-export"), "-q")
        bs = []
        if rc == 0:
            with open(os.path.join(tmp, "old-export", "borders.geojson"), encoding="utf-8") as f:
                bs = json.load(f)["features"]
        check("an old graph file without contact/gap_km still reads; contact follows kind",
              rc == 0 and len(bs) == exact and all(
                  b["properties"]["contact"] == ("border" if b["properties"]["kind"] == "rook" else "point")
                  and b["properties"]["gap_km"] == 0 for b in bs), err)

    # --- progress: quiet when stderr is not a terminal, a percentage line on one
    rc, out, err = run("build", PREFECTURES, "-o", os.path.join(tmp, "p.gpkg"), "--snap", "50m",
                       "--no-diagnostics")
    check("stderr not a terminal: no progress (no step lines, no carriage returns)",
          rc == 0 and "\r" not in err and "finding" not in err and "reading" not in err, err)
    script = shutil.which("script")
    # script needs a pseudo-terminal (/dev/pts), which containers and chroots may lack.
    if script and subprocess.run([script, "-qec", "true", "/dev/null"], capture_output=True,
                                 stdin=subprocess.DEVNULL).returncode != 0:
        skip("progress on a terminal", "script cannot open a pseudo-terminal here")
    elif not script:
        skip("progress on a terminal", "script (util-linux) missing")
    else:
        cmd = f"'{BIN}' build '{PREFECTURES}' -o '{os.path.join(tmp, 't.gpkg')}' --snap 50m --no-diagnostics"
        # Bytes: text mode would turn every lone \r into a newline.
        p = subprocess.run([script, "-qec", cmd, "/dev/null"], capture_output=True,
                           stdin=subprocess.DEVNULL)
        text = p.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
        visible = [line.split("\r")[-1] for line in text.split("\n")]
        check("terminal: the steps are shown, each on its own line",
              p.returncode == 0 and any("finding queen contiguity of 372 regions" in v for v in visible)
              and any(v.startswith("regiongraph: reading") for v in visible), text[-2000:])
        check("terminal: no percentage is left on screen once the step ends",
              not any(re.search(r"\d+%\s*$", v) for v in visible), repr(text[-2000:]))
        if re.search(r"\d+%", text):
            check("terminal: the percentage is rewritten in place (\\r, no newline)",
                  not any(re.search(r"\d+%$", line) for line in text.split("\n")), repr(text[-2000:]))
        else:
            skip("terminal: the percentage is rewritten in place", "no percentage reported")
        rc2 = subprocess.run([script, "-qec", cmd + " -q", "/dev/null"], capture_output=True, text=True,
                             stdin=subprocess.DEVNULL)
        check("terminal with -q: nothing at all", rc2.returncode == 0 and rc2.stdout.strip() == "",
              rc2.stdout[-500:])


def tests_below_rounding(tmp):
    """A tolerance below the coordinates' rounding never finds fewer pairs than exact contiguity
    (issue 14): a 30 x 30 grid at UTM coordinates whose shared corners differ in their last bits
    has 2*30*29 rook + 2*29*29 diagonal = 3422 queen pairs; --snap 1e-15 once found 2012."""
    feats = []
    for i in range(30):
        for j in range(30):
            x, y, d = 500000.1 + i * 1000.3, 3800000.7 + j * 1000.3, 1000.3
            feats.append({"type": "Feature", "properties": {"id": f"{i}_{j}"},
                          "geometry": {"type": "Polygon", "coordinates": [
                              [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}})
    src = os.path.join(tmp, "gridp.geojson")
    with open(src, "w") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f)
    shp = os.path.join(tmp, "gridp.shp")
    if not shutil.which("ogr2ogr"):
        skip("a tolerance below rounding", "ogr2ogr (gdal-bin) missing")
        return
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-a_srs", "EPSG:32650", shp, src],
                   check=True, capture_output=True)
    for snap in (None, "1e-15", "1e-12", "1e-10", "1e-15m"):
        extra = ["--snap", snap] if snap else []
        rc, out, err = run("build", shp, "-o", os.path.join(tmp, "g.gpkg"), "--no-diagnostics",
                           *extra)
        check(f"30x30 UTM grid, {'exact' if not snap else '--snap ' + snap}: all 3422 pairs",
              rc == 0 and summary_pairs(err) == 3422, err)


def main():
    return run_suites("rg-snap-", tests, tests_below_rounding)


if __name__ == "__main__":
    sys.exit(main())
