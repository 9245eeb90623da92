#!/usr/bin/env python3
"""The graph file written through SQLite (issue 13): the regions and borders rows go in by
prepared multi-row statements instead of GDAL's feature-by-feature writes. Expected values come
from a file the previous writer made (tests/data/graphfile-main-54cd7d8.gpkg.xz: `regiongraph
build` of the founding case by main at commit 54cd7d8, GDAL writing every feature): the new
file's regions and borders rows must be byte-identical to it (geometry blobs included, but
for the envelope this writer leaves out of borders of at most two points), its
feature counts, geometry columns, CRS, extensions, schema and application id the same, its
extents equal to 1e-9, its R-trees pass SQLite's rtreecheck(); the old file still reads, with
the same report as the new one; ogrinfo opens the new one. A map of one level keeps its
level's name on every border (scripts read it from there) and reads back; its borders have no
envelope, and GDAL reads them and finds them through the R-tree."""
import lzma
import os
import shutil
import sqlite3
import struct
import subprocess
import sys

from tap import check, run_suites

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
ROOT = os.environ.get("RG_SOURCE_ROOT") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.environ.get("RG_TEST_DATA") or os.path.join(ROOT, "tests", "data")
PROJECT = os.path.join(ROOT, "maps", "project.ini")
OLD = os.path.join(DATA, "graphfile-main-54cd7d8.gpkg.xz")


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def rows(db, sql):
    return db.execute(sql).fetchall()


def wkb_points(wkb):
    """Points of a little- or big-endian WKB MultiPoint or MultiLineString."""
    order = "<" if wkb[0] == 1 else ">"
    kind, parts = struct.unpack(order + "II", wkb[1:9])
    if kind == 4:
        return parts
    pos, points = 9, 0
    for _ in range(parts):
        (n,) = struct.unpack(order + "I", wkb[pos + 5:pos + 9])
        points += n
        pos += 9 + 16 * n
    return points


def without_small_envelopes(row):
    """A border row of GDAL's file as this writer stores it: a geometry of at most two points
    loses its header's envelope (flags bits 1-3 to 0, the 32 bytes after the srs_id)."""
    geom = row[1]
    if geom is None or geom[:2] != b"GP" or (geom[3] >> 1) & 7 != 1:
        return row
    if wkb_points(geom[40:]) > 2:
        return row
    return (row[0], geom[:3] + bytes([geom[3] & ~0x0E]) + geom[4:8] + geom[40:]) + row[2:]


def founding(tmp):
    old = os.path.join(tmp, "old.gpkg")
    with lzma.open(OLD) as src, open(old, "wb") as dst:
        shutil.copyfileobj(src, dst)
    new = os.path.join(tmp, "new.gpkg")
    rc, _, err = run("build", PROJECT, "--no-diagnostics", "-o", new)
    check("build of the founding case", rc == 0, err)

    o, n = sqlite3.connect(old), sqlite3.connect(new)
    o.text_factory = n.text_factory = bytes
    for table, count in (("regions", 406), ("borders", 1040)):
        a = rows(o, f"SELECT * FROM {table} ORDER BY fid")
        b = rows(n, f"SELECT * FROM {table} ORDER BY fid")
        if table == "borders":
            short = sum(1 for r in a if without_small_envelopes(r) != r)
            check("borders: GDAL's file has envelopes on every border, 3 of at most two "
                  "points", short == 3 and all(r[1][3] == 3 for r in a if r[1]), short)
            a = [without_small_envelopes(r) for r in a]
        check(f"{table}: {count} rows, byte-identical to GDAL's (geometry blobs included; "
              "borders of at most two points without the envelope)",
              len(a) == count and a == b,
              (len(a), len(b), [k for k, (x, y) in enumerate(zip(a, b)) if x != y][:5]))
        check(f"{table}: the R-tree passes rtreecheck and holds every row",
              rows(n, f"SELECT rtreecheck('rtree_{table}_geom')") == [(b"ok",)] and
              rows(n, f"SELECT count(*) FROM rtree_{table}_geom") == [(count,)])
        ext_o = rows(o, "SELECT min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents WHERE "
                        f"table_name = '{table}'")[0]
        ext_n = rows(n, "SELECT min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents WHERE "
                        f"table_name = '{table}'")[0]
        check(f"{table}: extent and srs_id in gpkg_contents as GDAL's",
              ext_o[4] == ext_n[4] and all(abs(x - y) < 1e-9 for x, y in zip(ext_o, ext_n)),
              (ext_o, ext_n))
    for what, sql in (
            ("feature counts", "SELECT * FROM gpkg_ogr_contents ORDER BY table_name"),
            ("geometry columns", "SELECT * FROM gpkg_geometry_columns ORDER BY table_name"),
            ("extensions", "SELECT * FROM gpkg_extensions ORDER BY table_name, extension_name"),
            ("CRS", "SELECT * FROM gpkg_spatial_ref_sys ORDER BY srs_id"),
            ("schema (tables, indexes, triggers)",
             "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"),
            ("application id and version", "PRAGMA application_id"),
            ("user version", "PRAGMA user_version"),
            ("every other table", "SELECT (SELECT group_concat(key || value) FROM rg_meta WHERE "
                                  "key NOT IN ('inputs', 'source')), (SELECT count(*) FROM rg_measures), "
                                  "(SELECT count(*) FROM members), (SELECT count(*) FROM "
                                  "coverage), (SELECT count(*) FROM agencies)")):
        check(f"{what} as GDAL wrote them", rows(o, sql) == rows(n, sql),
              (rows(o, sql)[:3], rows(n, sql)[:3]))
    o.close()
    n.close()

    rc_o, rep_o, err_o = run("report", old)
    rc_n, rep_n, err_n = run("report", new)
    check("the file of the previous writer reads, with the same report as the new one",
          rc_o == 0 and rc_n == 0 and rep_o == rep_n and
          "adjacent pairs          112       970" in rep_n, err_o + err_n + rep_n[:600])
    ogr = subprocess.run(["ogrinfo", "-ro", "-al", "-so", new], capture_output=True, text=True)
    check("ogrinfo opens the new file: 406 regions, 1040 borders",
          ogr.returncode == 0 and "Feature Count: 406" in ogr.stdout and
          "Feature Count: 1040" in ogr.stdout, ogr.stdout[-2000:] + ogr.stderr)


def one_level(tmp):
    g = os.path.join(tmp, "grid.gpkg")
    rc, _, err = run("build", os.path.join(DATA, "grid3x3.shp"), "--no-diagnostics", "-o", g)
    check("build of grid3x3", rc == 0, err)
    db = sqlite3.connect(g)
    check("one level: the level's name on every border (20 pairs)",
          rows(db, "SELECT count(*), count(level), min(level), max(level) FROM borders") ==
          [(20, 20, "grid3x3", "grid3x3")])
    check("one level: every border of the grid has at most two points and no envelope "
          "(flags 1: little endian, envelope kind 0)",
          rows(db, "SELECT count(*) FROM borders WHERE hex(substr(geom, 1, 4)) = '47500001'") ==
          [(20,)])
    db.close()
    ogr = subprocess.run(["ogrinfo", "-ro", "-q", g, "borders", "-fid", "1"],
                         capture_output=True, text=True)
    check("GDAL reads an envelope-less border: r0c0|r0c1 is the edge x = 501000 m of the 1 km "
          "cells", "MULTILINESTRING ((501000 3803000,501000 3802000))" in ogr.stdout,
          ogr.stdout + ogr.stderr)
    ogr = subprocess.run(["ogrinfo", "-ro", "-q", g, "borders", "-spat", "500900", "3802900",
                          "501100", "3803100"], capture_output=True, text=True)
    check("and a window query through the R-tree: around (501000, 3803000) only that border",
          ogr.stdout.count("OGRFeature(borders)") == 1 and
          "OGRFeature(borders):1" in ogr.stdout, ogr.stdout + ogr.stderr)
    rc, out, err = run("report", g)
    check("and the file reads back: 9 regions, 20 pairs, 12 km of border",
          rc == 0 and "regions 9, neighbouring pairs 20, shared border 12.0 km" in out,
          out[:500] + err)


if __name__ == "__main__":
    sys.exit(run_suites("rg-graphfile-sql-", founding, one_level))
