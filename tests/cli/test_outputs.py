#!/usr/bin/env python3
"""Outputs never replace inputs (issue 14, item 7).

Every command is run with each of its outputs pointed at each of its inputs: by the same name,
through a symbolic link, through a hard link, and (export) as a directory that holds the input
under the name of one of its outputs, or holds a file the graph was built from. Each run must
exit with code 1 and a message saying it refuses to replace the input, every file of the folder
must be byte-identical afterwards, and no file may be added (no output, no temporary).
Controls: the same commands with fresh outputs succeed, and exporting twice into one folder
works (a previous export is no input). Last, failures once found after earlier outputs were
written (a bad --diagnostics path, an unknown --t_srs, ids GAL cannot hold) leave the folder
as it was.

Usage: test_outputs.py REGIONGRAPH   (TAP on stdout; RG_SOURCE_ROOT points at the source tree)
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOOD = os.path.join(SRC, "tests", "data", "bad", "good")

from tap import check, run_suites

REFUSAL = "refusing to replace"


def run(args, cwd):
    p = subprocess.run([BIN, *args], cwd=cwd,
                       capture_output=True, text=True, errors="replace", timeout=120)
    return p.returncode, p.stderr


def snapshot(d):
    """Every entry of d (names, hidden ones too) with its kind and, for files, a hash."""
    out = {}
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if os.path.islink(p):
            out[name] = ("link", os.readlink(p))
        elif os.path.isdir(p):
            out[name] = ("dir", tuple(sorted(snapshot(p).items())))
        else:
            with open(p, "rb") as f:
                out[name] = ("file", hashlib.sha256(f.read()).hexdigest())
    return out


def refused(name, args, cwd, expect=REFUSAL):
    """args must fail with exit 1 and a message holding expect, leaving cwd as it was."""
    before = snapshot(cwd)
    rc, err = run(args, cwd)
    after = snapshot(cwd)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    check(name, rc == 1 and expect in err and not changed,
          f"exit {rc}, stderr: {err.strip()}\nchanged: {changed}")


def make_link(cwd, kind, target, name):
    p = os.path.join(cwd, name)
    if os.path.lexists(p):
        os.remove(p)
    if kind == "symlink":
        os.symlink(target, p)
    else:
        os.link(os.path.join(cwd, target), p)
    return name


def suite_build(tmp):
    d = os.path.join(tmp, "build")
    shutil.copytree(GOOD, d)
    inputs = sorted(os.listdir(d))  # project.ini, regions.*, the three CSVs
    for output in ("-o", "--diagnostics"):
        for target in inputs:
            extra = [] if output == "-o" else ["-o", "g.gpkg"]
            refused(f"build -o/--diagnostics {output} {target}",
                    ["build", "project.ini", *extra, output, target], d)
            for kind in ("symlink", "hardlink"):
                link = make_link(d, kind, target, f"via-{kind}.out")
                refused(f"build {output} {kind} to {target}",
                        ["build", "project.ini", *extra, output, link], d)
                os.remove(os.path.join(d, link))
    # a single layer with its coordination files by flag
    flags = ["--mechanisms", "mechanisms.csv", "--members", "members.csv",
             "--agencies", "agencies.csv"]
    for target in ("regions.shp", "regions.dbf", "members.csv"):
        refused(f"build regions.shp -o {target}", ["build", "regions.shp", *flags, "-o", target], d)
    # an output that is a directory holding the inputs: a file is expected there
    refused("build -o DIR (the inputs' folder)", ["build", "project.ini", "-o", "."], d,
            "is a directory")
    refused("build --diagnostics DIR", ["build", "project.ini", "-o", "g.gpkg",
                                        "--diagnostics", "."], d, "is a directory")
    # -o and --diagnostics naming one file: a usage error (2), before anything is written
    before = snapshot(d)
    rc, err = run(["build", "project.ini", "-o", "x.gpkg", "--diagnostics", "x.gpkg"], d)
    check("build -o and --diagnostics the same file: usage error, nothing written",
          rc == 2 and "same file" in err and snapshot(d) == before, f"exit {rc}: {err}")
    # control: fresh outputs are written
    rc, err = run(["build", "project.ini", "-o", "g.gpkg", "--diagnostics", "d.geojson"], d)
    check("build with fresh outputs succeeds", rc == 0 and os.path.exists(os.path.join(d, "g.gpkg")),
          err)


def suite_graph_commands(tmp):
    """report, render and suggest read one graph and write one file."""
    d = os.path.join(tmp, "graph")
    shutil.copytree(GOOD, d)
    rc, err = run(["build", "project.ini", "-o", "g.gpkg"], d)
    check("graph for report/render/suggest built", rc == 0, err)
    commands = {"report": ("g.gpkg", "r.md"), "suggest": ("g.gpkg", "s.md"),
                "render": (None, "map.png")}  # render wants a picture's extension
    for cmd, (direct, ext_name) in commands.items():
        if direct:
            refused(f"{cmd} g.gpkg -o g.gpkg", [cmd, "g.gpkg", "-o", direct], d)
        for kind in ("symlink", "hardlink"):
            link = make_link(d, kind, "g.gpkg", ext_name)
            refused(f"{cmd} -o {kind} to the graph", [cmd, "g.gpkg", "-o", link], d)
            os.remove(os.path.join(d, link))
        os.mkdir(os.path.join(d, "dir-" + ext_name))  # a folder with a name the command takes
        refused(f"{cmd} -o DIR", [cmd, "g.gpkg", "-o", "dir-" + ext_name], d, "is a directory")
        rc, err = run([cmd, "g.gpkg", "-o", ext_name], d)
        check(f"{cmd} with a fresh output succeeds", rc == 0, err)
        os.remove(os.path.join(d, ext_name))


EXPORT_ALL = ["--format", "geojson,geojsonseq,gpkg,fgb,shp", "--network", "all"]
EXPORT_NAMES = ["regions.geojson", "borders.geojson", "links.geojson", "gaps.geojson",
                "agencies.geojson", "regions.geojsons", "gaps.geojsons", "layers.gpkg",
                "regions.fgb", "borders.shp", "regions.dbf", "agencies.prj", "links.cpg",
                "network.graphml", "weights.gal", "weights.gwt", "edges.csv"]


def suite_export(tmp):
    d = os.path.join(tmp, "export")
    shutil.copytree(GOOD, d)
    rc, err = run(["build", "project.ini", "-o", "g.gpkg"], d)
    check("graph for export built", rc == 0, err)
    # the graph itself under the name of each output, in the output folder
    for name in EXPORT_NAMES:
        sub = os.path.join(d, "into-" + name)
        os.mkdir(sub)
        shutil.copy(os.path.join(d, "g.gpkg"), os.path.join(sub, name))
        refused(f"export {name} -o its folder", ["export", name, "-o", ".", *EXPORT_ALL], sub)
        for kind in ("symlink", "hardlink"):
            os.mkdir(os.path.join(sub, kind))
            target = os.path.join(sub, name) if kind == "hardlink" else os.path.join("..", name)
            if kind == "symlink":
                os.symlink(target, os.path.join(sub, kind, name))
            else:
                os.link(target, os.path.join(sub, kind, name))
            refused(f"export -o DIR holding a {kind} to the graph as {name}",
                    ["export", name, "-o", kind, *EXPORT_ALL], sub)
    # the files the graph was built from: a GeoJSON source, then a shapefile
    g = os.path.join(d, "geo")
    os.mkdir(g)
    rc, err = run(["export", "../g.gpkg", "-o", "."], g)  # regions.geojson to build from
    rc2, err2 = run(["build", "regions.geojson", "-o", "../from-geojson.gpkg"], g)
    check("graph built from a GeoJSON source", rc == 0 and rc2 == 0, err + err2)
    refused("export -o . in the folder of its GeoJSON source",
            ["export", "../from-geojson.gpkg", "-o", "."], g)
    os.mkdir(os.path.join(d, "viasym"))
    os.symlink(os.path.join(g, "regions.geojson"), os.path.join(d, "viasym", "regions.geojson"))
    refused("export -o DIR holding a symlink to its GeoJSON source",
            ["export", "from-geojson.gpkg", "-o", "viasym"], d)
    refused("export --format shp -o . in the folder of its shapefile source",
            ["export", "g.gpkg", "-o", ".", "--format", "shp"], d)
    # controls: a fresh folder, then the same folder again (a previous export is no input)
    for k in (1, 2):
        rc, err = run(["export", "g.gpkg", "-o", "out", *EXPORT_ALL], d)
        check(f"export into a fresh folder, run {k}", rc == 0, err)


def suite_late(tmp):
    """Failures once found after some outputs were written (issue 14, item 9) now come first."""
    d = os.path.join(tmp, "late")
    shutil.copytree(GOOD, d)
    refused("build with a --diagnostics path in no directory writes no graph",
            ["build", "project.ini", "-o", "g2.gpkg", "--diagnostics", "nodir/d.geojson"], d,
            "nodir/d.geojson")
    rc, err = run(["build", "project.ini", "-o", "g.gpkg"], d)
    check("graph for the late failures built", rc == 0, err)
    refused("export with an unknown --t_srs writes no GeoJSON layer first",
            ["export", "g.gpkg", "-o", ".", "--format", "geojson,gpkg", "--t_srs", "EPSG:99999"],
            d, "--t_srs 'EPSG:99999'")
    # ids with white space, which GAL cannot hold: refused before the GeoJSON and GraphML
    with open(os.path.join(d, "spaces.geojson"), "w") as f:
        f.write('{"type":"FeatureCollection","features":['
                '{"type":"Feature","properties":{"id":"a 1"},"geometry":{"type":"Polygon",'
                '"coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},'
                '{"type":"Feature","properties":{"id":"b 2"},"geometry":{"type":"Polygon",'
                '"coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}')
    rc, err = run(["build", "spaces.geojson", "-o", "sp.gpkg"], d)
    check("graph with spaces in its ids built", rc == 0, err)
    refused("export --network all with ids GAL cannot hold writes nothing first",
            ["export", "sp.gpkg", "-o", ".", "--network", "all"], d, "weights.gal: region id 'a 1'")


def suite_text(tmp):
    """Names that would run as spreadsheet formulas or break XML (issue 14, item 8)."""
    import csv
    import xml.etree.ElementTree as ET
    d = os.path.join(tmp, "text")
    os.mkdir(d)
    feats = []
    for k, (rid, name) in enumerate([("=1+2", "=HYPERLINK(\"x\")"), ("-3.5", "bad \ufffe\uffff"),
                                     ("@c", "plain")]):
        feats.append({"type": "Feature", "properties": {"id": rid, "name": name},
                      "geometry": {"type": "Polygon", "coordinates": [
                          [[k, 0], [k + 1, 0], [k + 1, 1], [k, 1], [k, 0]]]}})
    with open(os.path.join(d, "t.geojson"), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, ensure_ascii=False)
    rc, err = run(["build", "t.geojson", "-o", "t.gpkg"], d)
    rc2, err2 = run(["export", "t.gpkg", "-o", "out", "--network", "graphml,csv"], d)
    check("names with formulas and noncharacters: built and exported", rc == 0 and rc2 == 0,
          err + err2)
    if rc2 != 0:
        return
    try:
        ET.parse(os.path.join(d, "out", "network.graphml"))
        ok, why = True, ""
    except ET.ParseError as e:
        ok, why = False, str(e)
    check("GraphML with U+FFFE/U+FFFF in a name is well-formed XML", ok, why)
    with open(os.path.join(d, "out", "edges.csv"), newline="", encoding="utf-8") as f:
        cells = [c for row in csv.reader(f) for c in row]
    check("edges.csv: formula ids get a leading quote, a numeric id stays a number",
          "'=1+2" in cells and "'@c" in cells and "-3.5" in cells and "=1+2" not in cells, cells)


if __name__ == "__main__":
    sys.exit(run_suites("rg-outputs-", suite_build, suite_graph_commands, suite_export,
                        suite_late, suite_text))
