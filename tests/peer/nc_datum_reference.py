#!/usr/bin/python3
"""Independent reference for the SIDS counties' border lengths with the datum shift (issue 14).

usage: nc_datum_reference.py NC.SHP > reference.csv

Reads sf's nc.shp (lon/lat on NAD27) with geopandas, shapely and pyproj only: for each pair of counties
whose boundaries share a stretch, the shared lines (GEOS's intersection of the two boundaries),
their vertices shifted from NAD27 to WGS84 by pyproj (the operation PROJ picks, as GDAL does),
then the geodesic length of each segment on the WGS84 ellipsoid (pyproj.Geod). Prints
FIPS_A,FIPS_B,KM rows, FIPS_A < FIPS_B. No regiongraph code is involved.
"""
import sys

import geopandas
import pyproj


def main(path):
    df = geopandas.read_file(path)
    polys, ids = list(df.geometry), [str(v) for v in df["FIPS"]]
    shift = pyproj.Transformer.from_crs("EPSG:4267", "EPSG:4326", always_xy=True)
    geod = pyproj.Geod(ellps="WGS84")
    for i, p in enumerate(polys):
        for j in range(i + 1, len(polys)):
            if not p.intersects(polys[j]):
                continue
            shared = p.boundary.intersection(polys[j].boundary)
            lines = [g for g in getattr(shared, "geoms", [shared]) if g.geom_type == "LineString" and not g.is_empty]
            if not lines:
                continue
            km = 0.0
            for line in lines:
                xs, ys = shift.transform(*zip(*line.coords))
                for k in range(1, len(xs)):
                    km += geod.inv(xs[k - 1], ys[k - 1], xs[k], ys[k])[2] / 1000.0
            a, b = sorted((ids[i], ids[j]))
            print("%s,%s,%.17g" % (a, b, km))


if __name__ == "__main__":
    main(sys.argv[1])
