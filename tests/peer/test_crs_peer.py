#!/usr/bin/python3
"""CRS handling against the peers on the files they ship (issue 14), TAP.

usage: test_crs_peer.py REGIONGRAPH

- SIDS counties (sf's nc.shp, lon/lat on NAD27): border km built from the file as it is, from
  the file projected by ogr2ogr (NAD27 / North Carolina, EPSG:32019, and an Albers on NAD27)
  and built with --geodesic, and from nc_datum_reference.py (geopandas + pyproj, with the
  datum shift): all within 1e-9 relative (without the shift, up to 3e-5 apart).

- spData's auckland.shp and eire.shp (planar, no .prj) and libpysal's mexicojoin.shp (a 0-byte
  .prj) build with the warning that says what was assumed, and give the queen pairs of libpysal
  (Queen.from_dataframe) and of spdep (poly2nb) on the same files; eire with --s_srs (UTM 30 in
  km, the units of its coordinates) measures its borders in km: the same numbers as the map
  units, since a map unit is a km there, and 1000 times those with +units=m.

Each part skips when its data (R's sf, spData) or a Python module is missing.
"""
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile

from peer_tap import finish, skip, tap


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
    # map-unit graphs (no .prj, not lon/lat) name the column length_mu
    key = "length_mu" if rows and "length_mu" in rows[0] else "length_km"
    return {tuple(sorted((r["id_a"], r["id_b"]))): float(r[key]) for r in rows
            if float(r[key]) > 0}, b.stderr


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


def pairs_of(tmp, source, name, extra):
    got, err = borders(tmp, source, name, extra)
    return got, err


def libpysal_pairs(path, id_field):
    try:
        import geopandas
        import libpysal
        import warnings
        warnings.filterwarnings("ignore")
    except ImportError as e:
        return None, str(e)
    df = geopandas.read_file(path)
    if id_field is None:
        ids = [str(k + 1) for k in range(len(df))]
    else:
        ids = [str(v) for v in df[id_field]]
    w = libpysal.weights.Queen.from_dataframe(df, silence_warnings=True)
    return {tuple(sorted((ids[i], ids[j]))) for i, nb in w.neighbors.items() for j in nb}, ""


def spdep_pairs(path, id_field):
    if not shutil.which("Rscript"):
        return None, "Rscript missing"
    idexpr = "seq_len(nrow(x))" if id_field is None else "as.character(x$%s)" % id_field
    code = ("suppressMessages({library(sf); library(spdep)}); x <- st_read('%s', quiet=TRUE); "
            "ids <- %s; nb <- poly2nb(x, queen=TRUE); "
            "for (i in seq_along(nb)) for (j in nb[[i]]) if (j > i) cat(ids[i], ids[j], '\\n')"
            % (path, idexpr))
    p = run(["Rscript", "-e", code])
    if p.returncode != 0:
        return None, p.stderr.strip()[-200:]
    out = set()
    for line in p.stdout.splitlines():
        a, b = line.split()
        out.add(tuple(sorted((a, b))))
    return out, ""


def no_prj(tmp):
    cases = [("auckland", os.path.join(SPDATA, "auckland.shp"), None,
              "no .prj: assuming a planar CRS in unknown map units"),
             ("eire", os.path.join(SPDATA, "eire.shp"), "names",
              "no .prj: assuming a planar CRS in unknown map units"),
             ("mexicojoin", "/usr/lib/python3/dist-packages/libpysal/examples/mexico/"
              "mexicojoin.shp", "POLY_ID", "mexicojoin.prj: empty: treated as missing")]
    for name, path, id_field, warning in cases:
        if not os.path.exists(path):
            skip(name, "%s is not installed" % path)
            continue
        source = path
        if id_field is None:
            # auckland has no unique field: number the records, as the peers do
            source = os.path.join(tmp, name + "_ids.shp")
            p = run(["ogr2ogr", source, path, "-sql",
                     "SELECT FID + 1 AS id, * FROM %s" % name])
            if p.returncode != 0:
                tap(False, "%s: ogr2ogr numbering the records" % name, [p.stderr.strip()])
                continue
        got, err = pairs_of(tmp, source, name, ["--id", id_field or "id"])
        tap(got is not None and warning in err, "%s builds with the warning '%s'" % (name, warning),
            [err.strip()])
        if got is None:
            continue
        queen = set()
        gpkg = os.path.join(tmp, name + ".gpkg")
        e = run([RG, "export", gpkg, "-o", os.path.join(tmp, name + "-all"), "--network", "csv",
                 "-q"])
        with open(os.path.join(tmp, name + "-all", "edges.csv"), encoding="utf-8") as fp:
            queen = {tuple(sorted((r["id_a"], r["id_b"]))) for r in csv.DictReader(fp)
                     if r["type"] == "adjacent"}
        for peer, fn in (("libpysal", libpysal_pairs), ("spdep", spdep_pairs)):
            want, why = fn(path, id_field)
            if want is None:
                skip("%s: %s's pairs" % (name, peer), why)
                continue
            tap(queen == want, "%s: the %d queen pairs of %s" % (name, len(want), peer),
                ["only ours: %s" % sorted(queen - want)[:5],
                 "only %s: %s" % (peer, sorted(want - queen)[:5])])
        if name == "eire":
            km, err = pairs_of(tmp, path, "eire_km", ["--id", "names", "--s_srs",
                                                      "+proj=utm +zone=30 +ellps=intl +units=km"])
            m, err2 = pairs_of(tmp, path, "eire_m", ["--id", "names", "--s_srs",
                                                     "+proj=utm +zone=30 +ellps=intl +units=m"])
            tap(km is not None and m is not None and "no .prj" not in err and
                worst(km, got)[0] <= 1e-12 and worst(m, {k: v / 1000 for k, v in got.items()})[0]
                <= 1e-12, "eire --s_srs: km coordinates give the map-unit numbers as km, metre "
                "coordinates a thousandth of them", [err.strip(), err2.strip()])


tmp = tempfile.mkdtemp(prefix="rg-crs-peer-")
try:
    sids(tmp)
    no_prj(tmp)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
finish()
