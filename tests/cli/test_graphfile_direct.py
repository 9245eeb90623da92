#!/usr/bin/env python3
"""The graph file read straight through SQLite (issue 13, src/write/graphfile_read_direct.c)
gives what GDAL's OGR reader gives: for the founding case (two levels, coordination data,
agencies, stored measures), the U.S. counties, the file main's writer made at commit 54cd7d8
(GDAL's blobs, an envelope on every border) and a copy of the founding case's graph with every
geometry blob rewritten big-endian, `report --format json` and every exported layer are
byte-identical with and without RG_GRAPHFILE_OGR=1 (which forces the OGR reader), and the
big-endian copy reads as the original. A truncated geometry blob (a region's, a border's) and a
WKB type the direct reader does not take (a GeometryCollection, which GDAL makes polygonal)
give the OGR reader's outcome: exit 1 and the message naming the table and the fid, or the
same outputs."""
import filecmp
import lzma
import os
import shutil
import sqlite3
import struct
import subprocess
import sys

from tap import check, run_suites, skip

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
ROOT = os.environ.get("RG_SOURCE_ROOT") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.environ.get("RG_TEST_DATA") or os.path.join(ROOT, "tests", "data")
PROJECT = os.path.join(ROOT, "maps", "project.ini")
COUNTIES = os.path.join(DATA, "us-counties", "counties.shp")
OLD = os.path.join(DATA, "graphfile-main-54cd7d8.gpkg.xz")


def run(*args, ogr=False):
    env = dict(os.environ)
    env.pop("RG_GRAPHFILE_OGR", None)
    if ogr:
        env["RG_GRAPHFILE_OGR"] = "1"
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=env)
    return p.returncode, p.stdout, p.stderr


def same_tree(a, b):
    """Names of the files that differ between directories a and b (or exist in one only)."""
    names = sorted(set(os.listdir(a)) | set(os.listdir(b)))
    return [n for n in names
            if not (os.path.isfile(os.path.join(a, n)) and os.path.isfile(os.path.join(b, n))
                    and filecmp.cmp(os.path.join(a, n), os.path.join(b, n), shallow=False))]


def both_paths(tmp, name, graph):
    """report --format json and export, direct and OGR: the same bytes. Returns the report."""
    rc1, out1, err1 = run("report", graph, "--format", "json")
    rc2, out2, err2 = run("report", graph, "--format", "json", ogr=True)
    check(f"{name}: report reads with both readers", rc1 == 0 and rc2 == 0, err1 + err2)
    check(f"{name}: report --format json identical", out1 == out2 and len(out1) > 100)
    d1, d2 = os.path.join(tmp, name + "-direct"), os.path.join(tmp, name + "-ogr")
    rc1, _, err1 = run("export", graph, "-o", d1)
    rc2, _, err2 = run("export", graph, "-o", d2, ogr=True)
    check(f"{name}: export with both readers", rc1 == 0 and rc2 == 0, err1 + err2)
    if rc1 == 0 and rc2 == 0:
        diff = same_tree(d1, d2)
        check(f"{name}: {len(os.listdir(d1))} exported files byte-identical",
              not diff and len(os.listdir(d1)) >= 2, diff)
    return out1


def swap_blob(blob):
    """A GeoPackage blob of a (Multi)Polygon, (Multi)LineString or (Multi)Point, little-endian,
    rewritten big-endian (header and WKB)."""
    flags = blob[3]
    env = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}[(flags >> 1) & 7]
    assert flags & 1 == 1
    (srs,) = struct.unpack("<i", blob[4:8])
    out = bytearray(blob[:3]) + bytes([flags & ~1]) + struct.pack(">i", srs)
    out += struct.pack(f">{env}d", *struct.unpack(f"<{env}d", blob[8:8 + 8 * env]))
    pos = 8 + 8 * env

    def geom():
        nonlocal pos, out
        assert blob[pos] == 1
        (kind,) = struct.unpack("<I", blob[pos + 1:pos + 5])
        out += b"\x00" + struct.pack(">I", kind)
        pos += 5
        if kind == 1:
            out += struct.pack(">2d", *struct.unpack("<2d", blob[pos:pos + 16]))
            pos += 16
            return
        (n,) = struct.unpack("<I", blob[pos:pos + 4])
        out += struct.pack(">I", n)
        pos += 4
        if kind in (4, 5, 6):
            for _ in range(n):
                geom()
        elif kind == 2:
            out += struct.pack(f">{2 * n}d", *struct.unpack(f"<{2 * n}d", blob[pos:pos + 16 * n]))
            pos += 16 * n
        elif kind == 3:
            for _ in range(n):
                (m,) = struct.unpack("<I", blob[pos:pos + 4])
                out += struct.pack(">I", m)
                pos += 4
                out += struct.pack(f">{2 * m}d",
                                   *struct.unpack(f"<{2 * m}d", blob[pos:pos + 16 * m]))
                pos += 16 * m
        else:
            raise ValueError(kind)
    geom()
    assert pos == len(blob)
    return bytes(out)


def edited(tmp, graph, name, sql_or_fn):
    path = os.path.join(tmp, name + ".gpkg")
    shutil.copy(graph, path)
    db = sqlite3.connect(path)
    # GDAL's R-tree triggers call its SQL functions; the edits keep each geometry's box, or
    # break it on purpose
    for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                 "name LIKE 'rtree_%'").fetchall():
        db.execute(f'DROP TRIGGER "{trigger}"')
    sql_or_fn(db)
    db.commit()
    db.close()
    return path


def founding(tmp):
    graph = os.path.join(tmp, "founding.gpkg")
    rc, _, err = run("build", PROJECT, "--no-diagnostics", "-o", graph)
    check("build of the founding case", rc == 0, err)
    if rc != 0:
        return
    db = sqlite3.connect(graph)
    check("founding case: two levels, coordination data, agencies, stored measures",
          db.execute("SELECT count(DISTINCT level) FROM borders").fetchone()[0] == 2
          and db.execute("SELECT count(*) FROM agencies").fetchone()[0] > 0
          and db.execute("SELECT count(*) FROM rg_measures").fetchone()[0] > 0)
    db.close()
    report = both_paths(tmp, "founding", graph)

    def big_endian(db):
        for table in ("regions", "borders"):
            for fid, blob in db.execute(f"SELECT fid, geom FROM {table} WHERE geom IS NOT NULL"
                                        ).fetchall():
                db.execute(f"UPDATE {table} SET geom = ? WHERE fid = ?", (swap_blob(blob), fid))
    big = edited(tmp, graph, "big-endian", big_endian)
    db = sqlite3.connect(big)
    check("big-endian copy: every blob big-endian",
          db.execute("SELECT count(*) FROM borders WHERE substr(geom, 9, 1) != x'00' AND "
                     "substr(geom, 41, 1) != x'00'").fetchone()[0] == 0)
    db.close()
    big_report = both_paths(tmp, "big-endian", big)
    check("big-endian copy reads as the original", big_report == report)

    # A truncated blob: the OGR reader's message, naming table and fid, exit 1.
    for table, fid in (("regions", 5), ("borders", 7)):
        bad = edited(tmp, graph, f"truncated-{table}", lambda db: db.execute(
            f"UPDATE {table} SET geom = substr(geom, 1, length(geom) - 20) WHERE fid = {fid}"))
        rc1, _, err1 = run("report", bad)
        rc2, _, err2 = run("report", bad, ogr=True)
        check(f"truncated {table} blob: exit 1 naming table '{table}' and fid {fid}",
              rc1 == 1 and f"table '{table}', fid {fid}:" in err1, err1)
        check(f"truncated {table} blob: the same message with the OGR reader",
              rc2 == 1 and err1 == err2, err1 + err2)

    # A region as a GeometryCollection of its polygons: GDAL's to make polygonal.
    def collection(db):
        (blob,) = db.execute("SELECT geom FROM regions WHERE fid = 3").fetchone()
        head = 8 + {0: 0, 1: 32}[(blob[3] >> 1) & 7]
        assert struct.unpack("<I", blob[head + 1:head + 5])[0] == 6
        db.execute("UPDATE regions SET geom = ? WHERE fid = 3",
                   (blob[:head + 1] + struct.pack("<I", 7) + blob[head + 5:],))
    coll = edited(tmp, graph, "collection", collection)
    coll_report = both_paths(tmp, "collection", coll)
    check("a GeometryCollection region reads as its MultiPolygon", coll_report == report)


def counties(tmp):
    if not os.path.exists(COUNTIES):
        skip("U.S. counties", "tests/data/us-counties missing (tools/make-us-counties)")
        return
    graph = os.path.join(tmp, "counties.gpkg")
    rc, _, err = run("build", COUNTIES, "--no-diagnostics", "-o", graph)
    check("build of the U.S. counties", rc == 0, err)
    if rc == 0:
        both_paths(tmp, "counties", graph)


def old_file(tmp):
    old = os.path.join(tmp, "old.gpkg")
    with lzma.open(OLD) as src, open(old, "wb") as dst:
        shutil.copyfileobj(src, dst)
    both_paths(tmp, "main-54cd7d8", old)


if __name__ == "__main__":
    sys.exit(run_suites("rg-graphfile-direct-", founding, counties, old_file))
