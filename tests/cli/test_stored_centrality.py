#!/usr/bin/env python3
"""Centrality computed once (issue 13): `build` stores the default centrality in the graph file
and `export`, `render` and `report` read it instead of computing it again; they compute only
when asked for other options or when the file holds none (a file from an older build). Whether
a command computed is told by its -v lines: "centrality: betweenness" when it computes, and
"centrality: centrality stored in the graph file" when it reads. Expected values: the same file
with its stored table removed (Python's sqlite3) must export byte-identical layers by computing;
the stored table has a row per node of the adjacency network (387 on the founding case: 372
prefectures and the 15 agencies, as its key says) and the input file is never modified."""
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys

from tap import check, run_suites

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
PROJECT = os.path.join(os.environ.get("RG_SOURCE_ROOT") or
                       os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."),
                       "maps", "project.ini")
STORED = "centrality: centrality stored in the graph file"
COMPUTED = "centrality: betweenness"


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tests(tmp):
    g = os.path.join(tmp, "g.gpkg")
    rc, _, err = run("build", PROJECT, "--no-diagnostics", "-v", "-o", g)
    check("build with coordination stores the centrality", rc == 0 and
          "centrality (stored for export, render and report)" in err, err)
    db = sqlite3.connect(g)
    meta = dict(db.execute("SELECT key, value FROM rg_meta"))
    rows = db.execute("SELECT count(*) FROM rg_measures").fetchone()[0]
    cols = [r[1] for r in db.execute("PRAGMA table_info(rg_measures)")]
    db.close()
    check("rg_measures: a row per network node (387), node and the 14 measures", rows == 387 and
          "nodes 387;" in meta.get("measures_key", "") and "betweenness" in cols and
          "louvain" in cols and len(cols) == 16, (rows, cols, meta.get("measures_key")))
    ogr = subprocess.run(["ogrinfo", "-ro", "-so", g, "rg_measures"], capture_output=True,
                         text=True)
    check("ogrinfo reads rg_measures", ogr.returncode == 0 and "Feature Count: 387" in ogr.stdout,
          ogr.stdout + ogr.stderr)
    before = digest(g)

    outs = []
    for k in (1, 2):
        d = os.path.join(tmp, f"e{k}")
        rc, _, err = run("export", g, "-o", d, "-v")
        check(f"export {k} reads the stored centrality and computes none",
              rc == 0 and STORED in err and COMPUTED not in err, err)
        outs.append(digest(os.path.join(d, "regions.geojson")))
    check("both exports write the same regions", outs[0] == outs[1])

    rc, _, err = run("render", g, "--shade", "betweenness", "-o", os.path.join(tmp, "b.svg"),
                     "-v")
    check("render of a measure reads the stored centrality",
          rc == 0 and STORED in err and COMPUTED not in err, err)
    rc, out, err = run("report", g, "--section", "centrality", "--cutoff", "0", "-v")
    check("report (--cutoff 0 = exact, as stored) reads the stored centrality",
          rc == 0 and STORED in err and COMPUTED not in err and "betweenness" in out, err)
    rc, _, err = run("export", g, "-o", os.path.join(tmp, "c2"), "--cutoff", "2", "-v")
    check("export with other options (--cutoff 2) computes",
          rc == 0 and COMPUTED in err and STORED not in err, err)
    rc, _, err = run("render", g, "--shade", "closeness", "-o", os.path.join(tmp, "c.svg"),
                     "--cutoff", "2", "-v")
    check("render computes only the measure it shows",
          rc == 0 and "centrality: closeness" in err and COMPUTED not in err and
          "harmonic" not in err, err)
    check("export, render and report leave the graph file as it was", digest(g) == before)

    # the same file without the stored table, as an older build wrote it: computed, same layers
    old = os.path.join(tmp, "old.gpkg")
    shutil.copy(g, old)
    db = sqlite3.connect(old)
    db.execute("DELETE FROM rg_meta WHERE key LIKE 'measures_%'")
    db.execute("DROP TABLE rg_measures")
    db.execute("DELETE FROM gpkg_contents WHERE table_name = 'rg_measures'")
    db.execute("DELETE FROM gpkg_ogr_contents WHERE table_name = 'rg_measures'")
    db.commit()
    db.close()
    d = os.path.join(tmp, "e-old")
    rc, _, err = run("export", old, "-o", d, "-v")
    check("a file without stored centrality: export computes it",
          rc == 0 and COMPUTED in err and STORED not in err, err)
    check("computed and stored centrality give byte-identical regions",
          rc == 0 and digest(os.path.join(d, "regions.geojson")) == outs[0])


if __name__ == "__main__":
    sys.exit(run_suites("rg-stored-centrality-", tests))
