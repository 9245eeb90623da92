#!/usr/bin/env python3
"""Interrupted writes (GitHub issue 7, item 4): every file regiongraph writes appears whole or not
at all.

`build` of the U.S. counties shapefile (tests/data/us-counties) and `export` of its graph to
GeoJSON, GeoPackage, shapefile and GAL are killed at random moments, half with SIGKILL
and half with SIGINT. Before each run the output directory holds a previous complete output
(the founding case, maps/project.ini, built and exported the same way, so that old and new files
differ). After the kill:
- every previous file is still there, and is either byte-identical to before or a complete new
  one: equal to a reference run's output, compared by SHA-256 (GeoPackages by a dump of their
  SQLite contents with GDAL's timestamps blanked, after PRAGMA integrity_check; .dbf files with
  their date bytes blanked);
- every other file in the directory is a complete new output by the same comparison;
- no temporary file is visible under a non-hidden name; after SIGINT (whose handler removes the
  temporaries in progress) no hidden file or directory is left either, and the process died of
  SIGINT (the handler re-raises it).
Kill times are drawn uniformly over the reference run's duration with a fixed seed
(RG_INTERRUPT_SEED, default 20261128); RG_INTERRUPT_KILLS sets the number of kills (default 50).
Then the export is sent two SIGTERMs 5 ms apart (as `timeout` sends them) at
RG_INTERRUPT_DOUBLE_KILLS random moments (default 6), with the checks of SIGINT: no hidden
temporary either, and the process died of SIGTERM.

Usage: test_interrupt.py REGIONGRAPH   (TAP on stdout)
"""
import hashlib
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COUNTIES = os.path.join(SRC, "tests", "data", "us-counties", "counties.shp")
FOUNDING = os.path.join(SRC, "maps", "project.ini")
EXPORT_ARGS = ["--format", "geojson,gpkg,shp", "--network", "gal"]
SEED = int(os.environ.get("RG_INTERRUPT_SEED", "20261128"))
KILLS = int(os.environ.get("RG_INTERRUPT_KILLS", "50"))
DOUBLE_KILLS = int(os.environ.get("RG_INTERRUPT_DOUBLE_KILLS", "6"))

from tap import check, results, run_suites


TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def raw_hash(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def content_digest(path):
    """What a complete output holds, independent of when it was written; None if unreadable."""
    if path.endswith(".gpkg"):
        try:
            con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
            try:
                if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    return None
                h = hashlib.sha256()
                for line in con.iterdump():
                    h.update(TIMESTAMP.sub("T", line).encode())
                return h.hexdigest()
            finally:
                con.close()
        except sqlite3.Error:
            return None
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if path.endswith(".dbf") and len(data) >= 4:
        data[1:4] = b"\0\0\0"  # the date of last update
    return hashlib.sha256(data).hexdigest()


def snapshot(directory):
    """{name: (raw hash, path)} of the non-hidden files of a directory."""
    return {f: raw_hash(os.path.join(directory, f)) for f in sorted(os.listdir(directory))
            if not f.startswith(".")}


def reset_child_signals():
    # a test runner may start us with SIGINT ignored, which the child would inherit
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_to_end(args):
    t0 = time.monotonic()
    p = subprocess.run([BIN, *args, "-q"], capture_output=True, text=True,
                       preexec_fn=reset_child_signals)
    return p.returncode, p.stderr, time.monotonic() - t0


class Scenario:
    def __init__(self, name, args_for, outputs_dir, prev_dir, ref_dir, duration):
        self.name = name
        self.args_for = args_for          # function: work dir -> argument list
        self.outputs_dir = outputs_dir    # function: work dir -> directory the outputs go to
        self.prev = snapshot(prev_dir)
        self.prev_dir = prev_dir
        self.ref = {f: content_digest(os.path.join(ref_dir, f)) for f in snapshot(ref_dir)}
        self.duration = duration


def one_kill(sc, work, sig, delay, count=1):
    """Runs, kills after delay seconds (count signals 5 ms apart, as `timeout` sends a pair),
    returns a list of problems (empty: all well) and what happened ('killed' or 'finished')."""
    out = sc.outputs_dir(work)
    os.makedirs(out, exist_ok=True)
    for f in sc.prev:
        shutil.copy2(os.path.join(sc.prev_dir, f), os.path.join(out, f))
    p = subprocess.Popen([BIN, *sc.args_for(work), "-q"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, preexec_fn=reset_child_signals)
    time.sleep(delay)
    finished_first = p.poll() is not None
    if not finished_first:
        p.send_signal(sig)
        for _ in range(count - 1):
            time.sleep(0.005)
            if p.poll() is None:
                p.send_signal(sig)
    try:
        _, err = p.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        return ["did not end within 120 s of the signal"], "hung"
    problems = []
    what = "finished" if finished_first or p.returncode == 0 else "killed"
    if finished_first or p.returncode == 0:
        if p.returncode != 0:
            problems.append("finished with exit %d: %s" % (p.returncode, err.decode()[:200]))
    elif p.returncode != -sig:
        problems.append("ended with %d, not by %s" % (p.returncode, signal.Signals(sig).name))
    names = sorted(os.listdir(out))
    for f in sc.prev:
        if f not in names:
            problems.append("%s: a previous output disappeared" % f)
    for f in names:
        path = os.path.join(out, f)
        if f.startswith("."):
            if sig in (signal.SIGINT, signal.SIGTERM) or what == "finished":
                problems.append("%s: hidden temporary left after %s" %
                                (f, signal.Signals(sig).name if what == "killed"
                                 else "a complete run"))
            continue
        if f not in sc.prev and f not in sc.ref:
            problems.append("%s: neither a previous nor a new output (a visible temporary?)" % f)
            continue
        if f in sc.prev and raw_hash(path) == sc.prev[f]:
            continue
        if f in sc.ref and content_digest(path) == sc.ref[f]:
            continue
        problems.append("%s: neither the previous file nor a complete new one" % f)
    if what == "finished":
        for f in sc.ref:
            if f not in names:
                problems.append("%s: missing after a complete run" % f)
    return problems, what


def main():
    t_start = time.monotonic()
    status = run_suites("rg-interrupt-", tests, detail_always=True)
    print("# %.1f s in all" % (time.monotonic() - t_start))
    return status


def tests(tmp):
    # the previous outputs (founding case) and the reference new ones (counties)
    prev_build, ref_build = os.path.join(tmp, "prev-build"), os.path.join(tmp, "ref-build")
    prev_export, ref_export = os.path.join(tmp, "prev-export"), os.path.join(tmp, "ref-export")
    for d in (prev_build, ref_build):
        os.makedirs(d)
    rc, err, _ = run_to_end(["build", FOUNDING, "-o", os.path.join(prev_build, "graph.gpkg")])
    check("previous build (founding case)", rc == 0, err)
    rc, err, t_build = run_to_end(["build", COUNTIES, "-o", os.path.join(ref_build, "graph.gpkg")])
    check("reference build (U.S. counties)", rc == 0, "%.2f s %s" % (t_build, err))
    rc, err, _ = run_to_end(["export", os.path.join(prev_build, "graph.gpkg"), "-o", prev_export,
                             *EXPORT_ARGS])
    check("previous export (founding case)", rc == 0, err)
    counties_graph = os.path.join(ref_build, "graph.gpkg")
    rc, err, t_export = run_to_end(["export", counties_graph, "-o", ref_export, *EXPORT_ARGS])
    check("reference export (U.S. counties)", rc == 0, "%.2f s %s" % (t_export, err))
    if not all(ok for _, ok, _ in results):
        return

    scenarios = [
        Scenario("build", lambda w: ["build", COUNTIES, "-o", os.path.join(w, "out", "graph.gpkg")],
                 lambda w: os.path.join(w, "out"), prev_build, ref_build, t_build),
        Scenario("export", lambda w: ["export", counties_graph, "-o", os.path.join(w, "out"),
                                      *EXPORT_ARGS],
                 lambda w: os.path.join(w, "out"), prev_export, ref_export, t_export),
    ]
    rng = random.Random(SEED)
    tally = {}
    for k in range(KILLS):
        sc = scenarios[k % 2]
        sig = signal.SIGKILL if (k // 2) % 2 == 0 else signal.SIGINT
        delay = rng.uniform(0.0, 0.9 * sc.duration)
        work = tempfile.mkdtemp(dir=tmp)
        problems, what = one_kill(sc, work, sig, delay)
        shutil.rmtree(work, ignore_errors=True)
        key = (sc.name, signal.Signals(sig).name, what)
        tally[key] = tally.get(key, 0) + 1
        check("kill %d: %s, %s after %.3f s (%s)" % (k + 1, sc.name, signal.Signals(sig).name,
                                                      delay, what),
              not problems, "\n".join(problems))
    # a second SIGTERM while the first one's handler removes the temporaries (GDAL writing the
    # GeoPackage): it waits, blocked, until the handler re-raises the first (issue 14, item 9)
    for k in range(DOUBLE_KILLS):
        sc = scenarios[1]
        delay = rng.uniform(0.0, 0.9 * sc.duration)
        work = tempfile.mkdtemp(dir=tmp)
        problems, what = one_kill(sc, work, signal.SIGTERM, delay, count=2)
        shutil.rmtree(work, ignore_errors=True)
        check("two SIGTERMs %d: export (GeoJSON, GeoPackage, shapefile, GAL) after %.3f s (%s)"
              % (k + 1, delay, what), not problems, "\n".join(problems))
    check("most kills landed during the run",
          sum(n for (_, _, what), n in tally.items() if what == "killed") >= KILLS * 0.6,
          ", ".join("%s %s %s: %d" % (a, b, c, n) for (a, b, c), n in sorted(tally.items())))


if __name__ == "__main__":
    sys.exit(main())
