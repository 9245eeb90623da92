#!/usr/bin/python3
"""CRS handling against the peers on the files they ship (issue 14), TAP.

usage: test_crs_peer.py REGIONGRAPH

- SIDS counties (sf's nc.shp, lon/lat on NAD27): border km built from the file as it is, from
  the file projected by ogr2ogr (NAD27 / North Carolina, EPSG:32019, and an Albers on NAD27)
  and built with --geodesic, and from nc_datum_reference.py (geopandas + pyproj, with the
  datum shift): all within 1e-9 relative (without the shift, up to 3e-5 apart).

Each part skips when its data (R's sf, spData) or a Python module is missing.
"""
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile

results = []


def tap(ok, desc, comments=()):
    results.append((bool(ok), desc, list(comments)))


def skip(desc, why):
    results.append((True, "%s # SKIP %s" % (desc, why), []))


def finish():
    print("1..%d" % len(results))
    failed = 0
    for k, (ok, desc, comments) in enumerate(results, 1):
        for c in comments if not ok else ():
            print("# " + c)
        print("%s %d - %s" % ("ok" if ok else "not ok", k, desc))
        failed += 0 if ok else 1
    sys.exit(1 if failed else 0)


if len(sys.argv) != 2:
    sys.exit("usage: test_crs_peer.py REGIONGRAPH")
RG = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
NC = "/usr/lib/R/site-library/sf/shape/nc.shp"
SPDATA = "/usr/lib/R/site-library/spData/shapes"


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def borders(tmp, source, name, extra=()):
    """{(id_a, id_b): km} of the shared borders (km > 0) of a build of source, and its stderr."""
    gpkg, out = os.path.join(tmp, name + ".gpkg"), os.path.join(tmp, name)
    b = run([RG, "build", source, "-o", gpkg] + list(extra))
    if b.returncode != 0:
        return None, b.stderr
    e = run([RG, "export", gpkg, "-o", out, "--network", "csv", "-q"])
    if e.returncode != 0:
        return None, e.stderr
    with open(os.path.join(out, "edges.csv"), encoding="utf-8") as fp:
        rows = [r for r in csv.DictReader(fp) if r["type"] == "adjacent"]
    return {tuple(sorted((r["id_a"], r["id_b"]))): float(r["length_km"]) for r in rows
            if float(r["length_km"]) > 0}, b.stderr


def worst(got, want):
    """Largest relative difference over want's pairs, and the pairs that differ in presence."""
    if set(got) != set(want):
        return math.inf, sorted(set(got) ^ set(want))[:5]
    return max(abs(got[k] - want[k]) / want[k] for k in want), []


def sids(tmp):
    if not os.path.exists(NC):
        skip("SIDS counties", "R's sf (nc.shp) is not installed")
        return
    if not shutil.which("ogr2ogr"):
        skip("SIDS counties", "ogr2ogr is not installed")
        return
    base, err = borders(tmp, NC, "nc", ["--id", "FIPS", "-q"])
    tap(base is not None and len(base) == 231, "nc.shp (NAD27 lon/lat) builds: 231 shared borders",
        [err.strip()] if base is None else ["%d borders" % len(base)])
    if base is None:
        return
    for label, srs in [("NAD27 / North Carolina (EPSG:32019)", "EPSG:32019"),
                       ("Albers on NAD27", "+proj=aea +lat_1=34 +lat_2=36.5 +lat_0=33 "
                        "+lon_0=-79 +datum=NAD27 +units=m +no_defs")]:
        shp = os.path.join(tmp, "nc_%d.shp" % len(label))
        p = run(["ogr2ogr", "-t_srs", srs, shp, NC])
        if p.returncode != 0:
            tap(False, "ogr2ogr to %s" % label, [p.stderr.strip()])
            continue
        got, err = borders(tmp, shp, "nc_%d" % len(label), ["--id", "FIPS", "--geodesic", "-q"])
        rel, odd = worst(got or {}, base)
        tap(rel <= 1e-9, "nc.shp projected to %s, --geodesic: the same km within 1e-9 (worst %.3g)"
            % (label, rel), [err.strip()] + ["pair %s %s" % o for o in odd])
    ref = run([PY, os.path.join(HERE, "nc_datum_reference.py"), NC])
    if ref.returncode != 0:
        skip("SIDS pyproj reference", "nc_datum_reference.py failed: %s"
             % ref.stderr.strip().splitlines()[-1:])
        return
    want = {}
    for line in ref.stdout.split():
        a, b, km = line.split(",")
        want[(a, b)] = float(km)
    rel, odd = worst(base, want)
    tap(rel <= 1e-9, "nc.shp: border km = pyproj's NAD27->WGS84 shift + geodesic, within 1e-9 "
        "(worst %.3g)" % rel, ["pair %s %s" % o for o in odd])


tmp = tempfile.mkdtemp(prefix="rg-crs-peer-")
try:
    sids(tmp)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
finish()
