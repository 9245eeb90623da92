#!/usr/bin/env node
// RFC 7946 check of GeoJSON files: check.js FILE...
// Structure and types come from @placemarkio/check-geojson (the maintained successor of
// geojsonhint). It deliberately skips the right-hand rule, which RFC 7946 section 3.1.6 asks
// of writers, so the winding of every polygon ring is checked here: exteriors
// counter-clockwise, holes clockwise. Positions must be lon/lat (|lon| <= 180, |lat| <= 90).
// A .geojsons / .geojsonl file is checked one feature per line (RFC 8142, RS optional).
// Exits 1 and prints "FILE: message" lines on any problem; prints nothing when all pass.
"use strict";
const fs = require("fs");
const { getIssues } = require("@placemarkio/check-geojson");

function area2(ring) {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

function checkGeometry(g, where, out) {
  if (!g) return;
  if (g.type === "GeometryCollection") {
    g.geometries.forEach((c, i) => checkGeometry(c, `${where}.geometries[${i}]`, out));
    return;
  }
  const polys = g.type === "Polygon" ? [g.coordinates]
    : g.type === "MultiPolygon" ? g.coordinates : [];
  polys.forEach((poly, p) => poly.forEach((ring, r) => {
    const a = area2(ring);
    if (r === 0 && !(a > 0))
      out.push(`${where}: polygon ${p} exterior ring is not counter-clockwise`);
    if (r > 0 && !(a < 0))
      out.push(`${where}: polygon ${p} hole ${r} is not clockwise`);
  }));
  const walk = (c) => {
    if (typeof c[0] === "number") {
      if (Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90)
        out.push(`${where}: position [${c}] is not lon/lat`);
      return;
    }
    c.forEach(walk);
  };
  if (g.coordinates) walk(g.coordinates);
}

function checkText(text, label, out) {
  let issues = getIssues(text);
  issues.forEach((i) => out.push(`${label}: ${i.message}`));
  if (issues.length) return;
  const obj = JSON.parse(text);
  const feats = obj.type === "FeatureCollection" ? obj.features
    : obj.type === "Feature" ? [obj] : [{ geometry: obj }];
  feats.forEach((f, k) => checkGeometry(f.geometry, `${label}: feature ${k}`, out));
}

let failed = 0;
for (const file of process.argv.slice(2)) {
  const out = [];
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    out.push(`${file}: ${e.message}`);
  }
  if (text !== undefined) {
    if (/\.geojson[sl]$/.test(file)) {
      text.split("\n").forEach((line, n) => {
        line = line.replace(/^\x1e/, "");
        if (line.trim()) checkText(line, `${file}: line ${n + 1}`, out);
      });
    } else {
      checkText(text, file, out);
    }
  }
  out.slice(0, 50).forEach((m) => console.error(m));
  if (out.length > 50) console.error(`${file}: ... and ${out.length - 50} more`);
  if (out.length) failed = 1;
}
process.exit(process.argv.length > 2 ? failed : 2);
