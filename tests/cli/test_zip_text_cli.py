#!/usr/bin/env python3
"""CLI tests of zipped shapefiles without .cpg read through GDAL (issue 14): the .dbf's bytes
are guessed as the shapelib reader guesses them. Emits TAP for meson. Standard library only.

Expected values (tests/data/README.md): gbk_nocpg and utf8_nocpg hold the prefectures 徐州市,
宿州市, 枣庄市 (ids 320300, 341300, 370400) in GBK and in UTF-8, with neither .cpg nor
language byte; latin1_nocpg holds Zürich, Genève, São João, Ñuñoa in ISO-8859-1 (valid GBK too,
so it tests that Latin-1 text is not taken for Chinese); gbk has a .cpg (CP936), which GDAL
reads itself. Each is zipped here and read as `x.zip` and as `/vsizip/x.zip/name.shp`.
"""
import json
import os
import struct
import subprocess
import sys
import zipfile

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DATA = os.path.join(SRC, "tests", "data")

from tap import check, run_suites

CHINESE = {"320300": "徐州市", "341300": "宿州市", "370400": "枣庄市"}
LATIN = ["Zürich", "Genève", "São João", "Ñuñoa"]
HINT = "no .cpg and no language byte: the text reads as"


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def zipped(tmp, name):
    path = os.path.join(tmp, name + ".zip")
    with zipfile.ZipFile(path, "w") as z:
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            f = os.path.join(DATA, f"{name}.{ext}")
            if os.path.exists(f):
                z.write(f, f"{name}.{ext}")
    return path


def names(tmp, source, tag, *opts):
    """(rc, {id: name} from build + export regions.geojson, build's stderr)."""
    g = os.path.join(tmp, tag + ".gpkg")
    rc, _, err = run("build", source, "-o", g, *opts)
    if rc != 0:
        return rc, None, err
    out = os.path.join(tmp, tag)
    rc, _, err2 = run("export", g, "-o", out, "-q")
    if rc != 0:
        return rc, None, err + err2
    with open(os.path.join(out, "regions.geojson"), encoding="utf-8") as f:
        feats = json.load(f)["features"]
    return 0, {ft["properties"]["id"]: ft["properties"]["name"] for ft in feats}, err


def suite(tmp):
    gbk = zipped(tmp, "gbk_nocpg")
    utf8 = zipped(tmp, "utf8_nocpg")
    latin = zipped(tmp, "latin1_nocpg")
    cpg = zipped(tmp, "gbk")
    for label, source, tag in (("GBK .zip", gbk, "gbk"),
                               ("GBK /vsizip/", f"/vsizip/{gbk}/gbk_nocpg.shp", "gbkvsi"),
                               ("UTF-8 .zip", utf8, "utf8"),
                               ("UTF-8 /vsizip/", f"/vsizip/{utf8}/utf8_nocpg.shp", "utf8vsi")):
        rc, got, err = names(tmp, source, tag)
        enc = "GB18030" if "GBK" in label else "UTF-8"
        check(f"{label}, no .cpg: build and export give the Chinese names", got == CHINESE,
              f"{got}\n{err}")
        check(f"{label}: the warning says {enc} and names --encoding",
              f"{HINT} {enc}" in err and "--encoding" in err and
              "not a valid UTF-8" not in err, err)
    rc, got, err = names(tmp, gbk, "gbkforced", "--encoding", "CP936")
    check("GBK .zip with --encoding CP936: the names, no guess warning",
          got == CHINESE and HINT not in err and "ignored" not in err, f"{got}\n{err}")
    rc, got, err = names(tmp, latin, "latin")
    check("Latin-1 .zip (valid GBK bytes too): stays ISO-8859-1, no warning",
          got is not None and sorted(got.values()) == sorted(LATIN) and HINT not in err,
          f"{got}\n{err}")
    rc, got, err = names(tmp, cpg, "cpg")
    check("GBK .zip with a .cpg: GDAL decodes it, no guess warning",
          got == CHINESE and HINT not in err, f"{got}\n{err}")
    rc, out, err = run("info", f"/vsizip/{gbk}/gbk_nocpg.shp")
    check("info on the GBK /vsizip/ path: the guess under problems:",
          rc == 0 and "  problems: no .cpg or language byte: text guessed as GB18030" in out, out + err)
    rc, out, err = run("info", utf8)
    check("info on the UTF-8 .zip: the guess under problems:",
          rc == 0 and "text guessed as UTF-8" in out, out + err)
    rc, out, err = run("info", latin)
    check("info on the Latin-1 .zip: no guess", rc == 0 and "guessed" not in out, out + err)
    # info --json maps x.zip to /vsizip/ as info and build do (it said "not a vector file")
    for source, file in ((utf8, f"/vsizip/{utf8}"),
                         (f"/vsizip/{utf8}/utf8_nocpg.shp", f"/vsizip/{utf8}/utf8_nocpg.shp")):
        rc, out, err = run("info", "--json", source)
        try:
            got = json.loads(out)
        except ValueError:
            got = {}
        layers = got.get("layers") or [{}]
        check(f"info --json {os.path.basename(source)}: file {file}, the shapefile's 3 features",
              rc == 0 and got.get("file") == file and got.get("driver") == "ESRI Shapefile" and
              layers[0].get("feature_count") == 3, out + err)
    rc, out, err = run("info", "--json", os.path.join(tmp, "none.zip"))
    check("info --json on a missing .zip: no such file, naming it",
          rc == 1 and "none.zip: no such file" in err and not out, out + err)

    agency_layer_tests(tmp)


# Agencies from a zipped point shapefile without .cpg or language byte, written here: the
# field names are ASCII but one (名称, "name") is Chinese, and the values are Chinese, in GBK
# or in UTF-8. Positions are the prefectures' lon/lat.
OFFICES = [("ag1", "徐州市市场监督管理局", "municipal", "320300", 117.18, 34.26),
           ("ag2", "宿州市市场监督管理局", "municipal", "341300", 116.98, 33.64)]
WGS84 = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,'
         '298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')


def point_shapefile(encoding):
    """{extension: bytes} of a point shapefile of OFFICES, text in encoding, no .cpg."""
    n = len(OFFICES)
    xs, ys = [o[4] for o in OFFICES], [o[5] for o in OFFICES]
    bbox = struct.pack("<4d", min(xs), min(ys), max(xs), max(ys)) + bytes(32)

    def header(length):
        return struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length // 2) + \
            struct.pack("<2i", 1000, 1) + bbox
    shp = header(100 + 28 * n) + b"".join(
        struct.pack(">2i", k + 1, 10) + struct.pack("<i2d", 1, o[4], o[5])
        for k, o in enumerate(OFFICES))
    shx = header(100 + 8 * n) + b"".join(struct.pack(">2i", (100 + 28 * k) // 2, 10)
                                         for k in range(n))
    fields = [(b"id", 10), ("名称".encode(encoding), 60), (b"level", 12), (b"jur", 20)]
    reclen = 1 + sum(w for _, w in fields)
    dbf = struct.pack("<B3BIHH", 3, 126, 12, 6, n, 32 + 32 * len(fields) + 1, reclen) + bytes(20)
    for name, width in fields:
        dbf += name.ljust(11, b"\0") + b"C" + bytes(4) + bytes([width, 0]) + bytes(14)
    dbf += b"\r"
    for o in OFFICES:
        dbf += b" " + b"".join(v.encode(encoding).ljust(w) for v, (_, w) in zip(o[:4], fields))
    return {"shp": shp, "shx": shx, "dbf": dbf + b"\x1a", "prj": WGS84.encode()}


def agency_layer_tests(tmp):
    regions = zipped(tmp, "gbk_nocpg")
    with open(os.path.join(tmp, "mechanisms.csv"), "w") as f:
        f.write("id,name,kind,year\nm1,Pact,memorandum,2019\n")
    with open(os.path.join(tmp, "members.csv"), "w") as f:
        f.write("mechanism,member\nm1,320300\nm1,341300\nm1,ag1\n")
    for encoding, guess, cpg in (("gbk", "GB18030", None), ("utf-8", "UTF-8", None),
                                 ("gbk", None, "GBK")):
        tag = "offices-" + encoding + ("-cpg" if cpg else "")
        offices = os.path.join(tmp, tag + ".zip")
        with zipfile.ZipFile(offices, "w") as z:
            for ext, data in point_shapefile(encoding).items():
                z.writestr(tag + "." + ext, data)
            if cpg:
                z.writestr(tag + ".cpg", cpg)
        project = os.path.join(tmp, tag + ".ini")
        with open(project, "w", encoding="utf-8") as f:
            f.write(f"[layer prefectures]\nfile = {regions}\nid = code\nname = name\n\n"
                    f"[coordination]\nmechanisms = mechanisms.csv\nmembers = members.csv\n"
                    f"agency_layer = {offices}\nagency_id = id\nagency_name = 名称\n"
                    f"agency_level = level\nagency_jurisdiction = jur\n")
        # info --json gives the build's guess and the field names it decodes
        rc, out, err = run("info", "--json", offices)
        try:
            layer = json.loads(out)["layers"][0]
        except (ValueError, KeyError, IndexError):
            layer = {}
        names = [f.get("name") for f in layer.get("fields", [])]
        check(f"info --json on the {encoding} point layer{' with .cpg' if cpg else ''}: "
              f"encoding_guess {guess}, field 名称 decoded",
              rc == 0 and layer.get("encoding_guess") == guess and "名称" in names,
              out + err)
        graph = os.path.join(tmp, tag + ".gpkg")
        rc, _, err = run("build", project, "-o", graph)
        out = os.path.join(tmp, tag)
        rc2, _, err2 = run("export", graph, "-o", out, "-q") if rc == 0 else (rc, "", "")
        got = {}
        path = os.path.join(out, "agencies.geojson")
        if rc2 == 0 and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                got = {ft["properties"]["id"]: ft["properties"]["name"]
                       for ft in json.load(f)["features"]}
        want = {o[0]: o[1] for o in OFFICES}
        if cpg:
            # the remedy the warning gives: a .cpg beside the .dbf, and no warning then
            check(f"agency layer in a .zip, {encoding} with a .cpg ({cpg}): the Chinese names, "
                  "no guess",
                  rc == 0 and rc2 == 0 and got == want and f"{tag}.zip: {HINT}" not in err,
                  f"{got}\n{err}{err2}")
            continue
        check(f"agency layer in a .zip, {encoding} without .cpg: the Chinese names (field 名称)",
              rc == 0 and rc2 == 0 and got == want, f"{got}\n{err}{err2}")
        # --encoding is the region layers' option: the agency layer's remedy is a .cpg
        check(f"agency layer, {encoding}: the warning names the zip, {guess} and a .cpg, "
              "not --encoding", any(f"{tag}.zip: {HINT} {guess}" in line and ".cpg file naming "
                                    "the encoding" in line and "--encoding" not in line
                                    for line in err.splitlines()), err)


if __name__ == "__main__":
    sys.exit(run_suites("rg-ziptext-", suite))
