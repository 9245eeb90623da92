#!/usr/bin/env python3
"""Every exported layer opened in QGIS (issue 15), headless (QT_QPA_PLATFORM=offscreen).

The founding case (maps/project.ini, with coordination: nine layers) and the U.S. counties
(tests/data/us-counties, no coordination: regions, borders and 398 corner contacts) are exported
in every layer format (GeoJSON, GeoJSONSeq, GeoPackage, FlatGeobuf, Shapefile). PyQGIS then opens
each layer of each file through its OGR provider and checks:
- the file is one layer (one sublayer: QGIS splits a file of mixed geometry types into several)
  and valid;
- its geometry type is the layer's one type: regions MultiPolygon, borders, links and gaps
  MultiLineString, contacts and gap_contacts MultiPoint, agencies Point (an empty GeoJSON layer
  declares none and is only checked to open with no feature);
- its feature count is the GeoJSON's (the U.S. counties' borders + contacts are the graph's 9339
  pairs in every format, the Shapefile too; FlatGeobuf holds no feature without geometry, so
  the county 51610, whose sliver polygon has no area once rounded, is not in regions.fgb); every geometry is valid for GEOS after QGIS's
  makeValid-free check (isGeosValid) on borders and contacts;
- field types: the booleans (covered, isolated, articulation, coordinated, cross_parent) are
  Boolean in GeoPackage and FlatGeobuf (a Shapefile has no boolean: integer there), counts are
  integers, km are reals; dates only in start/end (mechanisms, links, coverage) and the
  regions' covered_from, typed as dates even when all empty; lists only in the list fields;
- an empty layer (the founding case's agencies, contacts, gap_contacts) keeps its fields.
The layers written beside the bundle (build --diagnostics, suggest --layer) are one geometry
type per file too, with the expected counts (one_type_layers). Then the founding case's regions
layer is rendered styled by coverage (graduated on
`mechanisms`: none, one, two) to a PNG in the build directory (docs/qgis-founding-case.png is that picture), and
the PNG must show the classes' colours.

Usage: test_qgis.py REGIONGRAPH   (TAP on stdout; skips when python3-qgis is missing)
"""
import json
import os
import subprocess
import sys
import tempfile
import shutil

BIN = os.path.abspath(sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD = os.environ.get("RG_BUILD_ROOT") or os.getcwd()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:
    from qgis.core import (QgsApplication, QgsVectorLayer, QgsWkbTypes, QgsMapSettings,
                           QgsMapRendererParallelJob, QgsGraduatedSymbolRenderer,
                           QgsRendererRange, QgsSymbol)
    from qgis.PyQt.QtCore import QSize, QVariant
    from qgis.PyQt.QtGui import QColor, QImage
except ImportError as e:
    print("1..0 # SKIP python3-qgis is not installed (%s); tools/setup --peers installs it" % e)
    sys.exit(0)

results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))


TYPES = {"regions": "MultiPolygon", "borders": "MultiLineString", "contacts": "MultiPoint",
         "links": "MultiLineString", "gaps": "MultiLineString", "gap_contacts": "MultiPoint",
         "agencies": "Point", "mechanisms": "MultiPolygon", "coverage": "NoGeometry"}
# the only list fields (JSON arrays; JSON text in GeoPackage, FlatGeobuf and Shapefile) and the
# only date fields (a mechanism's start and end, on its links too, and the day a region was
# first covered: ISO 8601 days)
LISTS = {"mech_ids", "mech_via", "stops"}
DATES = {"mechanisms": ["start", "end"], "coverage": ["start", "end"], "links": ["start", "end"],
         "regions": ["covered_from"]}
BOOLEANS = {"regions": ["isolated", "covered", "articulation"], "borders": ["coordinated",
            "cross_parent"], "contacts": ["coordinated", "cross_parent"],
            "gaps": ["cross_parent"], "gap_contacts": ["cross_parent"]}
INTEGERS = {"regions": ["degree", "mechanisms"], "borders": ["shared"], "gaps": ["rank"],
            "agencies": ["mechanisms"]}
REALS = {"regions": ["border_km"], "borders": ["length_km"], "gaps": ["length_km"]}


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(" ".join(args) + ": " + p.stderr)


def geojson_count(path):
    with open(path, encoding="utf-8") as f:
        return len(json.load(f)["features"])


def uri(directory, fmt, name):
    if fmt == "shp" and name == "coverage":  # a table: a lone .dbf
        return os.path.join(directory, name + ".dbf")
    if fmt == "gpkg":
        return os.path.join(directory, "layers.gpkg") + "|layername=" + name
    return os.path.join(directory, name + "." + fmt)


def check_layer(case, directory, fmt, name, count):
    label = "%s %s %s" % (case, fmt, name)
    path = uri(directory, fmt, name)
    if fmt == "geojsons" and count == 0:
        check(label + ": an empty sequence is not written", not os.path.exists(path))
        return None
    layer = QgsVectorLayer(path, name, "ogr")
    check(label + ": opens as a valid layer", layer.isValid(), path)
    if not layer.isValid():
        return None
    subs = layer.dataProvider().subLayers()
    check(label + ": one layer (one sublayer)", len(subs) <= 1, subs)
    gtype = QgsWkbTypes.displayString(layer.wkbType())
    if fmt in ("geojson", "geojsons") and count == 0:
        check(label + ": empty, as the GeoJSON", layer.featureCount() == 0)
        return layer
    want = TYPES[name]
    if want == "NoGeometry":
        ok = gtype in ("NoGeometry", "Unknown") and all(
            not f.hasGeometry() for f in layer.getFeatures())
    elif fmt == "shp" and want == "MultiLineString":
        ok = gtype in ("MultiLineString", "LineString")  # a .shp arc is either to QGIS
    elif fmt == "shp" and want == "MultiPolygon":
        ok = gtype in ("MultiPolygon", "Polygon")
    else:
        ok = gtype == want
    check(label + ": geometry type " + want, ok, gtype)
    if fmt == "fgb":  # FlatGeobuf holds no feature without geometry (export warns)
        with open(os.path.join(directory, name + ".geojson"), encoding="utf-8") as f:
            count -= sum(g["geometry"] is None for g in json.load(f)["features"])
    check(label + ": %d features" % count, layer.featureCount() == count, layer.featureCount())
    fields = {f.name(): f for f in layer.fields()}
    dated = [f.name() for f in layer.fields() if f.type() in (QVariant.Date, QVariant.DateTime)]
    listed = [f.name() for f in layer.fields() if f.type() in (QVariant.List, QVariant.StringList,
                                                              QVariant.Map)]
    dates = [d[:10] if fmt == "shp" else d for d in DATES.get(name, [])]
    check(label + ": dates only where the layer has them, lists only in the list fields",
          set(dated) <= set(dates) and set(listed) <= LISTS, (dated, listed))
    if name in ("mechanisms", "links") and fmt in ("gpkg", "fgb", "shp") and count:
        check(label + ": start and end typed as dates (the Temporal Controller's fields)",
              sorted(dated) == sorted(dates), [f.typeName() for f in layer.fields()])
    if name == "regions" and case == "founding case" and fmt in ("gpkg", "fgb", "shp"):
        check(label + ": covered_from typed as a date (the Temporal Controller's field)",
              dated == dates, [f.typeName() for f in layer.fields()])
    if fmt in ("gpkg", "fgb", "geojson"):
        for b in BOOLEANS.get(name, []):
            if b in fields:
                check(label + ": %s is Boolean" % b, fields[b].type() == QVariant.Bool,
                      fields[b].typeName())
    for n in INTEGERS.get(name, []):
        key = n[:10] if fmt == "shp" else n
        if key in fields:
            check(label + ": %s is an integer" % n,
                  fields[key].type() in (QVariant.Int, QVariant.LongLong), fields[key].typeName())
    for n in REALS.get(name, []):
        key = n[:10] if fmt == "shp" else n
        if key in fields:
            check(label + ": %s is a real" % n, fields[key].type() == QVariant.Double,
                  fields[key].typeName())
    if count == 0:
        check(label + ": the empty layer keeps its fields", len(fields) >= 3, list(fields))
    return layer


def check_single(label, path, want, count):
    """A file outside the bundle, opened as QGIS opens it: one layer of the one type, count
    features (an empty GeoJSON declares no type: only its count is checked)."""
    layer = QgsVectorLayer(path, label, "ogr")
    check(label + ": opens as a valid layer", layer.isValid(), path)
    if not layer.isValid():
        return
    subs = layer.dataProvider().subLayers()
    check(label + ": one layer (one sublayer)", len(subs) <= 1, subs)
    gtype = QgsWkbTypes.displayString(layer.wkbType())
    if count:
        check(label + ": geometry type " + want, gtype == want, gtype)
    check(label + ": %d features" % count, layer.featureCount() == count, layer.featureCount())


def one_type_layers(tmp, graph):
    """The layers written beside the bundle, one geometry type per file too: build's
    --diagnostics and suggest's --layer.

    Diagnostics on four 0.01-degree squares at the equator (about 1.1 km): B is A moved
    0.0098 east and 0.001 north, so its corner lies 0.0002 degrees (22 m) inside A (an overlap,
    and their boundaries cross: a near miss at 0 m); C starts 0.0003 (33 m) east of B (a near
    miss); D is far away. No pair touches: the 4 regions are isolated, each with a line to its
    nearest. So 2 near misses + 4 isolated lines in the file asked for, 1 overlap point beside
    it, as build's summary says."""
    squares = [("A", 0, 0), ("B", 0.0098, 0.001), ("C", 0.0201, 0.001), ("D", 0.5, 0.5)]
    src = os.path.join(tmp, "squares.geojson")
    with open(src, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"id": i, "name": "R" + i}, "geometry": {
                "type": "Polygon", "coordinates": [[[x, y], [x + .01, y], [x + .01, y + .01],
                                                    [x, y + .01], [x, y]]]}}
            for i, x, y in squares]}, f)
    diag = os.path.join(tmp, "diag.geojson")
    p = subprocess.run([BIN, "build", src, "--id", "id", "-o", os.path.join(tmp, "sq.gpkg"),
                        "--diagnostics", diag], capture_output=True, text=True)
    check("diagnostics: build's summary counts 2 near misses, 1 overlap, 4 regions without "
          "neighbours", p.returncode == 0 and "2 near misses" in p.stderr and "1 overlap " in p.stderr
          and "4 regions without neighbours" in p.stderr, p.stderr)
    check_single("diagnostics diag.geojson (near misses, isolated)", diag, "MultiLineString", 6)
    check_single("diagnostics diag_overlaps.geojson", os.path.join(tmp, "diag_overlaps.geojson"),
                 "Point", 1)
    # suggestions of the founding case: the counts are the JSON report's regions and closed pairs
    layer, report = os.path.join(tmp, "suggestions.geojson"), os.path.join(tmp, "s.json")
    run("suggest", graph, "--format", "json", "-o", report, "--layer", layer, "--top", "3")
    with open(report, encoding="utf-8") as f:
        data = json.load(f)
    steps = [st for m in data["mechanisms"] for st in m["members"]] + data["agreements"]
    regions = sum(len(st["regions"]) for st in steps)
    closed = sum(len(st["closes"]) for st in steps)
    counts = {n: geojson_count(os.path.join(tmp, "suggestions_%s.geojson" % n))
              for n in ("borders", "contacts")}
    check("suggestions: regions and closed pairs to show (%d, %d)" % (regions, closed),
          regions > 0 and closed > 0 and counts["borders"] + counts["contacts"] == closed, counts)
    check_single("suggestions.geojson (regions)", layer, "MultiPolygon", regions)
    check_single("suggestions_borders.geojson", os.path.join(tmp, "suggestions_borders.geojson"),
                 "MultiLineString", counts["borders"])
    check_single("suggestions_contacts.geojson", os.path.join(tmp, "suggestions_contacts.geojson"),
                 "MultiPoint", counts["contacts"])


def suite(tmp):
    fc, us = os.path.join(tmp, "fc"), os.path.join(tmp, "us")
    run("build", os.path.join(SRC, "maps", "project.ini"), "-o", fc + ".gpkg", "-q")
    run("export", fc + ".gpkg", "-o", fc, "--format", "geojson,geojsonseq,gpkg,fgb,shp", "-q")
    run("build", os.path.join(SRC, "tests", "data", "us-counties", "counties.shp"),
        "-o", us + ".gpkg", "-q")
    run("export", us + ".gpkg", "-o", us, "--format", "geojson,geojsonseq,gpkg,fgb,shp", "-q")
    for case, directory, names in (("founding case", fc, list(TYPES)),
                                   ("U.S. counties", us, ["regions", "borders", "contacts"])):
        counts = {n: geojson_count(os.path.join(directory, n + ".geojson")) for n in names}
        for fmt in ("geojson", "geojsons", "gpkg", "fgb", "shp"):
            for n in names:
                if n == "coverage" and fmt == "fgb":
                    continue  # FlatGeobuf holds no feature without geometry: no table there
                check_layer(case, directory, fmt, n, counts[n])
        if case == "U.S. counties":
            check("U.S. counties: borders + contacts are the 9339 pairs, 398 of them corner "
                  "contacts", counts["borders"] + counts["contacts"] == 9339
                  and counts["contacts"] == 398, counts)
            shp = sum(QgsVectorLayer(uri(us, "shp", n), n, "ogr").featureCount()
                      for n in ("borders", "contacts"))
            check("U.S. counties: the Shapefile export loses no pair (9339)", shp == 9339, shp)
            bad = 0
            for n in ("borders", "contacts"):
                for f in QgsVectorLayer(uri(us, "gpkg", n), n, "ogr").getFeatures():
                    bad += not f.geometry().isGeosValid()
            check("U.S. counties: every border and contact geometry is valid (GEOS)", bad == 0, bad)

    one_type_layers(tmp, fc + ".gpkg")

    # the picture: regions styled by coverage (number of mechanisms covering each prefecture)
    layer = QgsVectorLayer(uri(fc, "gpkg", "regions"), "regions", "ogr")
    # classes of the number of mechanisms covering a prefecture: none, one, two
    ranges = []
    for low, high, colour, label in ((-0.5, 0.5, "#f2f0ea", "not covered"),
                                     (0.5, 1.5, "#f4a259", "1 mechanism"),
                                     (1.5, 9.5, "#b3261e", "2 mechanisms (YRD and Huaihai)")):
        symbol = QgsSymbol.defaultSymbol(layer.geometryType())
        symbol.setColor(QColor(colour))
        ranges.append(QgsRendererRange(low, high, symbol, label))
    renderer = QgsGraduatedSymbolRenderer("mechanisms", ranges)
    layer.setRenderer(renderer)
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputSize(QSize(900, 700))
    extent = layer.extent()
    settings.setExtent(extent)
    settings.setDestinationCrs(layer.crs())
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    out = os.path.join(BUILD, "qgis-founding-case.png")
    saved = image.save(out, "PNG")
    colours = set()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colours.add(QColor(image.pixel(x, y)).name())
    classes = {"#f2f0ea", "#f4a259", "#b3261e"}
    check("QGIS renders the regions styled by coverage to " + out + ": the three classes' "
          "colours (none, one, two mechanisms) are in the picture",
          saved and classes <= colours, (saved, sorted(classes - colours)))


def main():
    qgs = QgsApplication([], False)
    qgs.initQgis()
    tmp = tempfile.mkdtemp(prefix="rg-qgis-")
    try:
        suite(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % len(results))
    for k, (name, ok, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", k, name))
        if not ok and detail != "":
            for line in str(detail).splitlines():
                print("# " + line)
    qgs.exitQgis()
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
