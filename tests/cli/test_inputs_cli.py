#!/usr/bin/env python3
"""CLI tests of how files arrive (issue 14): CRS without a .prj and --s_srs, an empty .prj, a
graph whose CRS has no path to WGS84, zipped data through GDAL (/vsizip/, .zip) and '-' as
stdin/stdout. Emits TAP for meson. Standard library plus zip from Python.

Expected values and where they come from:
- grid3x3: 3x3 squares of 1 km in EPSG:32650 (tests/data/README.md): queen 20 pairs, every
  border 1000 m. Without its .prj the coordinates (500000, 3800000...) cannot be lon/lat, so the
  lengths are in map units (metres here): 1000 each; with --s_srs EPSG:32650, 1 km each.
- tjunction: lon/lat; without its .prj every coordinate fits lon/lat, so it is read as WGS84 and
  gives the lengths it gives with its .prj (left-right 11.09233 km, tests/data/README.md).
"""
import csv
import os
import shutil
import subprocess
import sys
import zipfile

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DATA = os.path.join(SRC, "tests", "data")
MAPS = os.path.join(SRC, "maps")

from tap import check, run_suites, skip


def run(*args, cwd=None, stdin=None):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=cwd, input=stdin)
    return p.returncode, p.stdout, p.stderr


def copy_layer(name, tmp, new, exts=("shp", "shx", "dbf", "cpg", "prj")):
    for e in exts:
        src = os.path.join(DATA, f"{name}.{e}")
        if os.path.exists(src):
            shutil.copy(src, os.path.join(tmp, f"{new}.{e}"))
    return os.path.join(tmp, f"{new}.shp")


def borders(graph, tmp, extra=()):
    """{(id_a, id_b): length} from export --network csv, or None with stderr."""
    out = graph + ".net"
    rc, _, err = run("export", graph, "-o", out, "--network", "csv", "-q", *extra)
    if rc != 0:
        return None, err
    with open(os.path.join(out, "edges.csv"), encoding="utf-8") as f:
        # map-unit graphs name the column length_mu (docs/commands.md)
        return {(r["id_a"], r["id_b"]): float(r.get("length_km") or r["length_mu"])
                for r in csv.DictReader(f)
                if r["type"] == "adjacent"}, err


def crs_tests(tmp):
    noprj = copy_layer("grid3x3", tmp, "noprj", exts=("shp", "shx", "dbf", "cpg"))
    g = os.path.join(tmp, "noprj.gpkg")
    rc, _, err = run("build", noprj, "-o", g)
    check("no .prj, planar coordinates: builds with a warning naming map units and --s_srs",
          rc == 0 and "no .prj: assuming a planar CRS in unknown map units" in err
          and "--s_srs" in err, err)
    b, err = borders(g, tmp)
    check("no .prj, planar: 20 pairs, each 1000 map units (metres, not taken as km or degrees)",
          b is not None and len(b) == 20 and all(abs(v - 1000.0) < 1e-9 for v in b.values()
                                                  if v > 0), err)
    rc, out, err = run("report", g)
    check("report on that graph: a warning that the fields named km hold map units",
          rc == 0 and "its lengths are in map units, not km" in err, err)
    g2 = os.path.join(tmp, "declared.gpkg")
    rc, _, err = run("build", noprj, "--s_srs", "EPSG:32650", "-o", g2)
    b, err2 = borders(g2, tmp)
    check("--s_srs EPSG:32650 on the same file: no CRS warning, 20 pairs of 1 km",
          rc == 0 and "no .prj" not in err and b is not None and len(b) == 20
          and all(abs(v - 1.0) < 1e-12 for v in b.values() if v > 0), err + err2)
    rc, _, err = run("build", noprj, "--s_srs", "EPSG:0", "-o", os.path.join(tmp, "x.gpkg"))
    check("--s_srs GDAL does not know: exit 1 quoting it",
          rc == 1 and "--s_srs 'EPSG:0': not a coordinate reference system" in err, err)
    rc, out, err = run("info", noprj)
    check("info: no .prj shown with the guess and the --s_srs hint under problems:",
          rc == 0 and "crs: none (no .prj: read as planar in unknown map units" in out
          and "problems: no .prj (read as planar in unknown map units" in out, out + err)
    rc, out, err = run("info", noprj, "--s_srs", "EPSG:32650")
    check("info --s_srs: the declared CRS, no problem left",
          rc == 0 and "crs: WGS 84 / UTM zone 50N (projected, metre), from --s_srs" in out
          and "problems: none" in out, out + err)

    empty = copy_layer("grid3x3", tmp, "emptyprj")
    open(os.path.join(tmp, "emptyprj.prj"), "w").close()
    rc, _, err = run("build", empty, "-o", os.path.join(tmp, "empty.gpkg"))
    check("a 0-byte .prj: a warning, treated as missing, the build goes on",
          rc == 0 and "emptyprj.prj: empty: treated as missing" in err, err)
    rc, out, err = run("info", empty)
    check("info: a 0-byte .prj is a problem, not an error",
          rc == 0 and "empty .prj (treated as missing)" in out, out + err)

    tj = copy_layer("tjunction", tmp, "tj", exts=("shp", "shx", "dbf", "cpg"))
    rc, _, err = run("build", tj, "-o", os.path.join(tmp, "tj.gpkg"))
    b, _ = borders(os.path.join(tmp, "tj.gpkg"), tmp)
    rc2, _, _ = run("build", os.path.join(DATA, "tjunction.shp"), "-o", os.path.join(tmp, "tj2.gpkg"), "-q")
    b2, _ = borders(os.path.join(tmp, "tj2.gpkg"), tmp)
    check("no .prj, coordinates that fit lon/lat: WGS84 with the hint, the .prj's lengths",
          rc == 0 and "assuming lon/lat WGS84 (EPSG:4326), as every coordinate fits" in err
          and b is not None and b == b2, (err, b, b2))

    # A graph in the unknown planar CRS has no lon/lat: network files yes, layers no.
    out = os.path.join(tmp, "local-net")
    rc, _, err = run("export", g, "-o", out, "--network", "gal,csv")
    check("export of a graph with no path to WGS84: the network files are written, a warning "
          "says the layers are not",
          rc == 0 and sorted(os.listdir(out)) == ["edges.csv", "weights.gal"]
          and "no layers written" in err and "--s_srs" in err and "--t_srs" in err, err)
    out = os.path.join(tmp, "local-layers")
    rc, _, err = run("export", g, "-o", out)
    check("export of its layers alone: exit 1 naming --s_srs and --t_srs, nothing written",
          rc == 1 and "--s_srs" in err and "--t_srs" in err and not os.path.exists(out), err)
    rc, _, err = run("build", noprj, "--geodesic", "-o", os.path.join(tmp, "geo.gpkg"))
    check("--geodesic on an unknown CRS: exit 1 saying to declare it with --s_srs",
          rc == 1 and "no transformation to lon/lat WGS84" in err and "--s_srs" in err, err)
    ini = os.path.join(tmp, "p.ini")
    with open(ini, "w") as f:
        f.write("[layer grid]\nfile = noprj.shp\nid = id\ns_srs = EPSG:32650\n")
    rc, _, err = run("build", ini, "-o", os.path.join(tmp, "p.gpkg"))
    b, _ = borders(os.path.join(tmp, "p.gpkg"), tmp)
    check("project key s_srs declares a layer's CRS", rc == 0 and "no .prj" not in err
          and b is not None and all(abs(v - 1.0) < 1e-12 for v in b.values() if v > 0), err)


def gdal_path_tests(tmp):
    z = os.path.join(tmp, "grid.zip")
    with zipfile.ZipFile(z, "w") as f:
        for e in ("shp", "shx", "dbf", "cpg", "prj"):
            f.write(os.path.join(DATA, f"grid3x3.{e}"), f"grid3x3.{e}")
    rc, _, _ = run("build", os.path.join(DATA, "grid3x3.shp"), "-o", os.path.join(tmp, "ref.gpkg"), "-q")
    ref, _ = borders(os.path.join(tmp, "ref.gpkg"), tmp)
    for k, name in enumerate([f"/vsizip/{z}/grid3x3.shp", z, f"/vsizip/{z}"]):
        g = os.path.join(tmp, f"z{k}.gpkg")
        rc, _, err = run("build", name, "-o", g, "-q")
        b, err2 = borders(g, tmp)
        check(f"build {name.replace(tmp, 'TMP')}: the shapefile's 20 pairs and lengths",
              rc == 0 and b == ref and len(ref) == 20, err + err2)
        rc, out, err = run("info", name)
        check(f"info {name.replace(tmp, 'TMP')}: layer grid3x3 through GDAL, 9 features",
              rc == 0 and "layer: grid3x3" in out and "features: 9" in out, out + err)
    gz = os.path.join(tmp, "graph.zip")
    with zipfile.ZipFile(gz, "w") as f:
        f.write(os.path.join(tmp, "z0.gpkg"), "z0.gpkg")
    out = os.path.join(tmp, "zexport")
    rc, _, err = run("export", f"/vsizip/{gz}/z0.gpkg", "-o", out, "-q")
    check("export from a graph file inside a zip (/vsizip/): regions and borders written",
          rc == 0 and sorted(os.listdir(out)) == ["borders.geojson", "contacts.geojson", "regions.geojson"], err)
    rc, _, err = run("info", f"/vsizip/{z}/nothing.shp")
    check("a missing member of a zip: exit 1, no such file", rc == 1 and "no such file" in err, err)


def stream_tests(tmp):
    cli = os.path.join(DATA, "cli")
    base = ["build", os.path.join(MAPS, "provinces.shp"), "--id", "code", "--name", "name_en",
            "--mechanisms", os.path.join(cli, "mechanisms.csv"),
            "--agency-layer", os.path.join(cli, "offices.geojson"),
            "--agency-fields", "code,title,rank,area", "-q"]
    g1, g2 = os.path.join(tmp, "file.gpkg"), os.path.join(tmp, "stdin.gpkg")
    rc1, _, e1 = run(*base, "--members", os.path.join(cli, "members.csv"), "-o", g1)
    with open(os.path.join(cli, "members.csv"), encoding="utf-8") as f:
        rc2, _, e2 = run(*base, "--members", "-", "-o", g2, stdin=f.read())
    r1 = run("report", g1, "-q")
    r2 = run("report", g2, "-o", "-", "-q", cwd=tmp)
    check("--members - reads stdin; report -o - writes to stdout: the same report as from the "
          "file to plain stdout", rc1 == 0 and rc2 == 0 and r1[0] == 0 and r2[0] == 0
          and r1[1] == r2[1] and "241.3" in r2[1], (e1, e2, r1[2], r2[2]))
    check("report -o - leaves no file named '-'", not os.path.exists(os.path.join(tmp, "-")))
    rc, out, err = run("report", g1, "-o", "-", "--format", "csv", "--section", "coverage", "-q")
    check("report -o - --format csv: CSV on stdout", rc == 0 and out.count("\n") > 1
          and "," in out.splitlines()[0], err)
    for cmd in (["build", os.path.join(DATA, "grid3x3.shp"), "-o", "-"],
                ["export", g1, "-o", "-"],
                ["render", g1, "-o", "-"]):
        rc, _, err = run(*cmd, cwd=tmp)
        check(f"{cmd[0]} -o -: a usage error saying a stream cannot serve, no file '-'",
              rc == 2 and "-o -:" in err and not os.path.exists(os.path.join(tmp, "-")), err)
    rc, _, err = run(*base, "--members", "-", "--mechanisms", "-", "-o", g2)
    check("--mechanisms - with --members -: usage error", rc == 2 and "stdin" in err, err)


def main():
    return run_suites("rg-inputs-", crs_tests, gdal_path_tests, stream_tests)


if __name__ == "__main__":
    sys.exit(main())
