#!/usr/bin/env python3
"""CLI tests of the default diagnostics at scale (issue 13): on clean maps `build` reports no near
miss and no tolerance hint, and a deliberately dense map builds, exports and renders within a
memory bound. Emits TAP for meson. Standard library only; the grids come from tools/gen_grid.c
(argument 2).

Expected values and where they come from:
- Square and hexagonal grids of 900 cells (30 x 30), cells 10 m to 10 km wide: the generator
  prints the exact queen and rook pair counts (its header comment gives the formulas), and a
  clean tessellation has no near miss, no overlap and so nothing to hint. With the old fixed
  1 km radius a 200 m grid had 133,222 "near misses" and the hint `try --snap 2000m`.
- Rook contiguity on a square grid: diagonal cells touch at a corner (0 m) but are not rook
  neighbours; they share two neighbours, so they are not near misses either.
- maps/project.ini (the founding case) and the U.S. counties (tests/data/us-counties): clean
  administrative maps; the counties have 5 overlaps (Louisiana parishes, up to 367 m, a known
  misfit of the source), too few for a hint, and no near miss between regions without a common
  neighbour.
- The memory bound: "no input of 100k regions makes build, export or render use more than 2 GB"
  (issue 13). The dense map here is 10,000 hexagons 1 m wide (all of them inside the old 1 km
  radius of each other: the old diagnostics kept one record per pair of segments within it,
  about 1.8e9 records, and were killed at 24 GB on 100,000 such cells). Each command runs under
  an address-space limit of 2 GB (not under AddressSanitizer, which reserves terabytes of
  address space) and its peak resident set, scaled linearly to 100k regions, must stay below
  2 GB, i.e. 200 MB at 10k. The 100k case itself is measured by tools/bench-peers (peak RSS of
  build, export and render; docs/performance.md).
- Diagnostics time: `-v` prints the contiguity and diagnostics times; on the dense map the
  diagnostics must take at most twice the contiguity plus 0.5 s (wall times, beside the graph
  file's write: a loose bound for a loaded machine, where 1.4x was measured; the CPU ratios are in
  docs/performance.md).
"""
import os
import re
import resource
import subprocess
import sys

from tap import check, run_suites, skip

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
GEN = os.path.abspath(sys.argv[2])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COUNTIES = os.path.join(SRC, "tests", "data", "us-counties", "counties.shp")
LIMIT = 2 << 30


def sanitized():
    """True when the binary is built with AddressSanitizer (address-space limits break it)."""
    try:
        out = subprocess.run(["ldd", BIN], capture_output=True, text=True).stdout
    except OSError:
        return False
    if "libasan" in out:
        return True
    with open(BIN, "rb") as f:
        return b"__asan_init" in f.read()


ASAN = sanitized()


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def run(*args, limit=False):
    """(exit code, stdout, stderr, peak RSS in MB of this child, from wait4)."""
    import tempfile
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen([BIN, *args], stdout=out, stderr=err,
                             preexec_fn=limit_memory if limit and not ASAN else None)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (p.returncode, out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"), usage.ru_maxrss / 1024.0)


def grid(tmp, kind, cell, n, name):
    out = os.path.join(tmp, name)
    args = [GEN, "--cell", str(cell), str(n), out]
    if kind == "hex":
        args.insert(1, "--hex")
    p = subprocess.run(args, capture_output=True, text=True, check=True)
    counts = dict(kv.split("=") for kv in p.stdout.split())
    return out + ".shp", int(counts["queen_pairs"]), int(counts["rook_pairs"])


def pairs_of(err):
    m = re.search(r"(\d+) regions, (\d+) adjacent pairs", err)
    return int(m.group(2)) if m else None


def clean_grids(tmp):
    for kind in ("square", "hex"):
        for cell in (10, 200, 1000, 10000):
            shp, queen, rook = grid(tmp, kind, cell, 900, f"{kind}{cell}")
            rc, _, err, _ = run("build", shp, "--id", "id", "-o", os.path.join(tmp, "g.gpkg"))
            check(f"clean {kind} grid, {cell} m cells: {queen} queen pairs, no near miss, no hint",
                  rc == 0 and pairs_of(err) == queen and not re.search(r"\d+ near miss", err)
                  and "overlap" not in err and "try --snap" not in err, err)
    shp, queen, rook = grid(tmp, "square", 200, 900, "rook200")
    rc, _, err, _ = run("build", shp, "--id", "id", "--contiguity", "rook",
                        "-o", os.path.join(tmp, "g.gpkg"))
    check(f"clean square grid, rook: {rook} pairs; corner contacts are not near misses",
          rc == 0 and pairs_of(err) == rook and not re.search(r"\d+ near miss", err) and "try --snap" not in err,
          err)


def shipped_maps(tmp):
    rc, _, err, _ = run("build", os.path.join(SRC, "maps", "project.ini"),
                        "-o", os.path.join(tmp, "fc.gpkg"))
    check("founding case: 970 prefecture pairs, no near miss, no hint",
          rc == 0 and "372 regions, 970 adjacent pairs" in err and not re.search(r"\d+ near miss", err)
          and "try --snap" not in err, err)
    if not os.path.exists(COUNTIES):
        skip("U.S. counties: no hint", "tests/data/us-counties missing (tools/make-us-counties)")
        return
    rc, _, err, _ = run("build", COUNTIES, "--id", "id", "-o", os.path.join(tmp, "c.gpkg"))
    check("U.S. counties: 9339 pairs, 5 overlaps, no near miss, no hint",
          rc == 0 and "3231 regions, 9339 adjacent pairs" in err and "5 overlaps" in err
          and not re.search(r"\d+ near miss", err) and "try --snap" not in err, err)


def dense_map(tmp):
    shp, queen, _ = grid(tmp, "hex", 1, 10000, "dense")
    gpkg = os.path.join(tmp, "dense.gpkg")
    bound = 200.0  # MB: 2 GB scaled from 100k regions to 10k
    rc, _, err, rss = run("build", shp, "--id", "id", "-v", "-o", gpkg, limit=True)
    check(f"dense map (10k hexagons 1 m wide): build with diagnostics in {LIMIT >> 30} GB of "
          f"address space, {queen} pairs, no near miss",
          rc == 0 and pairs_of(err) == queen and not re.search(r"\d+ near miss", err), err[-2000:])
    m = re.search(r"contiguity ([\d.]+) s, diagnostics ([\d.]+) s", err)
    check("dense map: diagnostics within 2x the contiguity time (+0.5 s)",
          m and float(m.group(2)) <= 2 * float(m.group(1)) + 0.5, m.group(0) if m else err)
    if not ASAN:
        check(f"dense map: build peak RSS below {bound:.0f} MB", rss < bound, f"{rss:.1f} MB")
    rc, _, err, rss = run("export", gpkg, "-o", os.path.join(tmp, "layers"), limit=True)
    check("dense map: export within the limit", rc == 0, err[-2000:])
    if not ASAN:
        check(f"dense map: export peak RSS below {bound:.0f} MB", rss < bound, f"{rss:.1f} MB")
    rc, _, err, rss = run("render", gpkg, "-o", os.path.join(tmp, "dense.png"), limit=True)
    check("dense map: render within the limit", rc == 0 and os.path.getsize(
        os.path.join(tmp, "dense.png")) > 1000, err[-2000:])
    if not ASAN:
        check(f"dense map: render peak RSS below {bound:.0f} MB", rss < bound, f"{rss:.1f} MB")


def progress(tmp):
    """On a terminal the diagnostics step shows its percentage like the contiguity step: written
    after the step's text, rewritten with \\r, wiped when the step ends."""
    import shutil
    script = shutil.which("script")
    if not script or subprocess.run([script, "-qec", "true", "/dev/null"], capture_output=True,
                                    stdin=subprocess.DEVNULL).returncode != 0:
        skip("diagnostics progress on a terminal", "script (util-linux) or a pseudo-terminal missing")
        return
    shp, _, _ = grid(tmp, "hex", 1, 10000, "tty")
    cmd = f"'{BIN}' build '{shp}' --id id -o '{os.path.join(tmp, 'tty.gpkg')}'"
    p = subprocess.run([script, "-qec", cmd, "/dev/null"], capture_output=True,
                       stdin=subprocess.DEVNULL)
    text = p.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
    visible = [line.split("\r")[-1] for line in text.split("\n")]
    check("terminal: the diagnostics step shows a percentage, rewritten in place",
          p.returncode == 0 and re.search(r"looking for near misses, overlaps and isolated regions "
                                          r"\(tty\) +\d+%\r", text), repr(text[-2000:]))
    check("terminal: the diagnostics step ends on its own line, no percentage left",
          any(v == "regiongraph: looking for near misses, overlaps and isolated regions (tty)"
              for v in visible) and not any(re.search(r"\d+%\s*$", v) for v in visible),
          repr(text[-2000:]))


if __name__ == "__main__":
    sys.exit(run_suites("rg-diagnose-", clean_grids, shipped_maps, dense_map, progress))
