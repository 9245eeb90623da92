#!/usr/bin/env python3
"""`regiongraph suggest` and `render --suggest` from the command line (TAP), on the founding
case: every format parses and agrees with the others, -o writes atomically, --layer writes a
FeatureCollection with the listed steps, usage errors exit 2 and data errors 1, GLPK prints
nothing, and render --suggest draws a picture.

usage: test_suggest_cli.py REGIONGRAPH
"""
import csv
import io
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import check, run_suites  # noqa: E402

rg = os.path.abspath(sys.argv[1])
root = os.environ.get("RG_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")


def run(*args, cwd=None):
    return subprocess.run([rg, *args], capture_output=True, text=True, cwd=cwd)


def suite(tmp):
    graph = os.path.join(tmp, "f.gpkg")
    r = run("build", os.path.join(root, "maps", "project.ini"), "-o", graph, "-q")
    check("build the founding case", r.returncode == 0, r.stderr)

    r = run("suggest", graph, "--format", "json", "--budget", "3")
    check("suggest --format json exits 0, nothing on stderr (GLPK is silent)",
          r.returncode == 0 and r.stderr == "", r.stderr)
    data = json.loads(r.stdout)
    check("json: section, level and a plan", data["section"] == "suggest" and
          data["level"] == "prefectures" and data["plan"]["budget"] == 3, r.stdout[:400])
    plan = data["plan"]
    check("json: the exact program ran and greedy is optimal on 3 steps",
          plan["exact_status"] == "optimal" and plan["greedy_optimal"] is True and
          abs(plan["exact"] - plan["greedy"]) < 1e-6, json.dumps(plan)[:400])
    check("json: greedy steps sum to the greedy total",
          abs(sum(s["gain"] for s in plan["greedy_steps"]) - plan["greedy"]) < 1e-6)
    hh = [m for m in data["mechanisms"] if m["id"] == "huaihai-enforcement"][0]
    check("json: Huaihai's first new member is Shandong, then Henan, then Tai'an",
          [s["region"] for s in hh["members"][:3]] == ["370000", "410000", "370900"],
          [s["region"] for s in hh["members"][:3]])
    check("json: every step explains itself", all(
        s["explanation"] for m in data["mechanisms"] for s in m["members"]))

    r = run("report", graph, "--section", "suggest", "--format", "json", "--top", "5")
    s5 = run("suggest", graph, "--format", "json", "--top", "5")
    check("report --section suggest is the suggest report",
          r.returncode == 0 and s5.returncode == 0 and r.stdout == s5.stdout and
          json.loads(r.stdout)["section"] == "suggest", r.stderr)

    r = run("suggest", graph, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    check("csv: one row per step, as many member rows as json steps",
          r.returncode == 0 and
          sum(1 for x in rows if x["list"] == "member") ==
          sum(len(m["members"]) for m in data["mechanisms"]), r.stderr)
    raw = subprocess.run([rg, "suggest", graph, "--format", "csv"], capture_output=True).stdout
    check("csv: lines end in CRLF", raw.count(b"\r\n") == len(rows) + 1 and
          raw.count(b"\n") == raw.count(b"\r\n"))

    r = run("suggest", graph, "--format", "md", "--top", "2")
    check("md: headings and tables", r.returncode == 0 and "## Suggestions at level" in r.stdout
          and "| rank |" in r.stdout, r.stdout[:300])
    r = run("suggest", graph)
    long = [line for line in r.stdout.splitlines()
            if len(line) > 80 and not line.lstrip().split(" ")[0].rstrip(".").isdigit()]
    check("table: fits 80 columns but for the numbered explanation lines",
          r.returncode == 0 and not long, long)

    out = os.path.join(tmp, "s.json")
    layer = os.path.join(tmp, "suggestions.geojson")
    r = run("suggest", graph, "--format", "json", "-o", out, "--layer", layer, "--top", "2")
    check("-o and --layer write files, nothing on stdout", r.returncode == 0 and r.stdout == "" and
          os.path.exists(out) and os.path.exists(layer), r.stderr)
    check("no temporary file is left", not [n for n in os.listdir(tmp) if ".tmp" in n],
          os.listdir(tmp))
    fc = json.load(open(layer))
    report = json.load(open(out))
    roles = {f["properties"]["role"] for f in fc["features"]}
    types = {f["geometry"]["type"] for f in fc["features"]}
    check("layer: a FeatureCollection of the proposed regions, all MultiPolygons",
          fc["type"] == "FeatureCollection" and roles == {"region"} and types == {"MultiPolygon"},
          (roles, types))
    sides = {}
    for name, want in (("borders", "MultiLineString"), ("contacts", "MultiPoint")):
        path = os.path.join(tmp, "suggestions_%s.geojson" % name)
        sides[name] = json.load(open(path))["features"] if os.path.exists(path) else None
        check("layer: the closed %s beside it in suggestions_%s.geojson, all %ss"
              % (name, name, want), sides[name] is not None and all(
                  f["geometry"]["type"] == want and f["properties"]["role"] == "border"
                  for f in sides[name]), path)
    steps = [st for m in report["mechanisms"] for st in m["members"]] + report["agreements"]
    closed = sum(len(st["closes"]) for st in steps)
    check("layer: borders and contacts together hold as many features as the report's steps "
          "close", sides["borders"] is not None and sides["contacts"] is not None
          and closed > 0 and len(sides["borders"]) + len(sides["contacts"]) == closed,
          (closed, [len(v or []) for v in sides.values()]))

    r = run("suggest", graph, "--actions", "agreements", "--cross-parent", "--format", "json")
    agr = json.loads(r.stdout)["agreements"]
    check("--cross-parent ranks agreements by cross-parent km", r.returncode == 0 and all(
        agr[k]["cross_km"] >= agr[k + 1]["cross_km"] for k in range(len(agr) - 1)))

    for args, why in [(["--format", "xml"], "bad format"), (["--group", "4"], "bad group"),
                      (["--budget", "-1"], "bad budget"), (["--actions", "all,x"], "bad actions"),
                      (["--time-limit", "0"], "bad time limit"), (["a", "b"], "two graphs")]:
        r = run("suggest", graph, *args) if args != ["a", "b"] else run("suggest", "a", "b")
        check(f"usage error exits 2: {why}", r.returncode == 2, r.stderr)
    r = run("suggest", graph, "--weight", "nosuchfield")
    check("an unknown weight field exits 1 naming it", r.returncode == 1 and
          "nosuchfield" in r.stderr, r.stderr)
    r = run("suggest", os.path.join(tmp, "missing.gpkg"))
    check("a missing graph exits 1", r.returncode == 1, r.stderr)

    png = os.path.join(tmp, "s.png")
    r = run("render", graph, "--suggest", "-o", png, "-q")
    check("render --suggest draws a PNG", r.returncode == 0 and
          open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n", r.stderr)


sys.exit(run_suites("rg-suggest-cli-", suite))
