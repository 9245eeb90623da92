#!/usr/bin/env python3
"""The corpus of broken inputs (tests/data/bad/, made by tools/make-bad-corpus; GitHub issue 7).

For every case in tests/data/bad/cases.json, each command listed for it is run with its output
(-o) in a directory that already holds a file of someone else's, and must
- exit with the case's code (1: refused; 0: taken, with a warning where there is one), not a
  usage error or a signal, within a time limit;
- print messages on stderr that hold every expected substring (the file, and the record or
  line where the defect is: written down by hand in the generator from how each file was broken);
  for a case taken (exit 0), on the stderr of its commands together;
- never write a raw ESC byte (a terminal escape) in a message (stderr);
- when refused, leave the output directory exactly as it was (the same names, the same bytes):
  no output, and no temporary file, hidden or not;
- when taken, write outputs that all parse back: JSON and GeoJSON with a JSON parser, CSV with
  a CSV reader, GraphML with an XML parser, GeoPackages by SQLite's integrity check, and every
  text file (and stdout) as UTF-8;
- do all this within 1 GiB of address space (RG_BAD_MEMORY_LIMIT_MB; not for ASan builds).
A case taken runs its commands in turn in one output directory (export reads the graph the
build before it wrote); a refused case gives each command a directory of its own.
The control good/ must build, so that each case fails for its own defect only.

Every file in tests/data/bad/fuzz/ (inputs that once failed under tools/fuzz, named after the
harness that found them: shapefile-*, dbf-*, csv-*, project-*, graphfile-*, encoding-*) is laid
out as its harness lays it out and fed to the command that reaches the same reader, with a
generic expectation: exit 0 or 1, never a signal or a hang, and nothing left in the output
directory after a failure.

Usage: test_bad.py REGIONGRAPH   (TAP on stdout; RG_SOURCE_ROOT points at the source tree)
"""
import csv
import io
import json
import os
import sqlite3
import xml.etree.ElementTree as ET
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BAD = os.path.join(SRC, "tests", "data", "bad")
TIMEOUT = 120  # seconds per command: a hang, not a slow run (cases take about a second under ASan)

from tap import check, run_suites


# Bounds before allocation: every case runs with its address space capped (a hostile header
# that made regiongraph reserve gigabytes would then fail with "out of memory" instead of the
# expected message). Sanitizer builds reserve terabytes of shadow memory: no cap for them.
MEMORY_LIMIT = int(os.environ.get("RG_BAD_MEMORY_LIMIT_MB", "1024")) * 1024 * 1024


def sanitized():
    with open(BIN, "rb") as f:
        return b"__asan_init" in f.read()


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


PREEXEC = None if sanitized() else limit_memory


def run(args, cwd, raw=False, timeout=TIMEOUT):
    """(exit code, stdout, stderr), as text with undecodable bytes replaced, or as bytes."""
    try:
        p = subprocess.run([BIN, *args], capture_output=True, cwd=cwd, timeout=timeout,
                           preexec_fn=PREEXEC)
    except subprocess.TimeoutExpired:
        return "timeout", b"" if raw else "", b"" if raw else ""
    if raw:
        return p.returncode, p.stdout, p.stderr
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def describe(rc, timeout=TIMEOUT):
    if rc == "timeout":
        return "timed out after %d s" % timeout
    if isinstance(rc, int) and rc < 0:
        return "killed by %s" % signal.Signals(-rc).name
    return "exit %s" % rc


def leftovers(out):
    found = []
    for root, dirs, files in os.walk(out):
        found += [os.path.relpath(os.path.join(root, f), out) for f in dirs + files]
    return sorted(found)


# What a refused command must leave alone: a file of someone else's, already in the output
# directory. The snapshot is every name under the directory with its bytes.
BEFORE = {"notes.txt": b"kept as it was\n", ".hidden": b"\x00\x01"}


def prepared_output(tmp):
    out = tempfile.mkdtemp(dir=tmp)
    for name, data in BEFORE.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    return out


def snapshot(out):
    found = {}
    for root, dirs, files in os.walk(out):
        for d in dirs:
            found[os.path.relpath(os.path.join(root, d), out) + "/"] = None
        for f in files:
            path = os.path.join(root, f)
            with open(path, "rb") as fh:
                found[os.path.relpath(path, out)] = fh.read()
    return found


def parse_output(path):
    """'' when the file parses back as its kind, else why not."""
    with open(path, "rb") as f:
        data = f.read()
    ext = os.path.splitext(path)[1].lower()
    try:
        if ext == ".gpkg":
            con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
            try:
                ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                con.close()
            return "" if ok == "ok" else "integrity check: " + ok
        if ext in (".png", ".pdf"):
            return ""
        text = data.decode("utf-8")
        if ext in (".json", ".geojson"):
            json.loads(text)
        elif ext == ".csv":
            # a cell may list 20,000 mechanism ids: beyond the reader's default 128 kB limit
            csv.field_size_limit(1 << 30)
            list(csv.reader(io.StringIO(text, newline="")))
        elif ext in (".graphml", ".xml", ".gexf", ".svg"):
            ET.fromstring(data)
        return ""
    except (UnicodeDecodeError, ValueError, csv.Error, ET.ParseError, sqlite3.Error) as e:
        return "%s: %s" % (type(e).__name__, e)


def expand(args, case_dir, out):
    return [a.replace("{case}", case_dir).replace("{out}", out) for a in args]


def corpus_tests(tmp):
    with open(os.path.join(BAD, "cases.json")) as f:
        cases = json.load(f)
    check("corpus: at least 40 cases", len(cases) >= 40, "%d cases" % len(cases))

    out = tempfile.mkdtemp(dir=tmp)
    rc, _, err = run(["build", os.path.join(BAD, "good", "project.ini"), "-q", "-o",
                      os.path.join(out, "graph.gpkg")], tmp)
    check("control good/project.ini builds", rc == 0, err.strip())

    for name in sorted(cases):
        c = cases[name]
        if c.get("exit", 1) == 0:
            taken_case(tmp, name, c)
        else:
            refused_case(tmp, name, c)


def no_escape(label, stdout, err):
    # messages go to the terminal: names in them are cleaned always; stdout is cleaned only when
    # it is a terminal (a pipe or file gets the names' bytes as they are), so it is not checked
    check(label + ": no raw ESC in the messages", b"\x1b" not in err, repr(err[:200]))


def polygon_shapefile(shapes):
    """(.shp, .shx) bytes of polygons, each a list of rings of (x, y)."""
    contents = []
    for rings in shapes:
        pts = [p for ring in rings for p in ring]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        c = struct.pack("<i4d2i", 5, min(xs), min(ys), max(xs), max(ys), len(rings), len(pts))
        start = 0
        for ring in rings:
            c += struct.pack("<i", start)
            start += len(ring)
        contents.append(c + b"".join(struct.pack("<2d", x, y) for x, y in pts))
    body, index, offset = b"", b"", 100
    for k, c in enumerate(contents):
        body += struct.pack(">2i", k + 1, len(c) // 2) + c
        index += struct.pack(">2i", offset // 2, len(c) // 2)
        offset += 8 + len(c)
    allx = [p[0] for rings in shapes for ring in rings for p in ring]
    ally = [p[1] for rings in shapes for ring in rings for p in ring]

    def header(length):
        return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length // 2) + struct.pack("<2i", 1000, 5)
                + struct.pack("<8d", min(allx), min(ally), max(allx), max(ally), 0, 0, 0, 0))
    return header(100 + len(body)) + body, header(100 + len(index)) + index


def square(x0, y0, d=0.1):
    return [(x0, y0), (x0, y0 + d), (x0 + d, y0 + d), (x0 + d, y0), (x0, y0)]


def make_files(tmp, name, c):
    """The case's directory, or a copy of it with the files of its "make" made there: a FIFO
    (git keeps none), or a shapefile too large to keep."""
    case_dir = os.path.join(BAD, name)
    if not c.get("make"):
        return case_dir
    parent = tempfile.mkdtemp(dir=tmp)
    work = os.path.join(parent, name)
    if os.path.isdir(case_dir):
        shutil.copytree(case_dir, work, symlinks=True)
    else:
        os.makedirs(work)  # a case of made files only: git keeps no empty directory
    os.symlink(GOOD, os.path.join(parent, "good"))  # projects name ../good/regions.shp
    for fname, spec in c["make"].items():
        path = os.path.join(work, fname)
        if spec == "fifo":
            os.mkfifo(path)
        elif spec[0] == "collinear-ring":
            # the squares a, b, c of good/, a's edge shared with b (x = 117.1, from y = 34.1
            # down to 34.0) cut into spec[1] - 4 stretches by collinear vertices
            n = spec[1] - 4
            edge = [(117.1, 34.1 - 0.1 * k / n) for k in range(1, n)]
            a = square(117.0, 34.0)
            a = a[:3] + edge + a[3:]
            shp, shx = polygon_shapefile([[a], [square(117.1, 34.0)], [square(117.2, 34.0)]])
            write(path, shp)
            write(path[:-4] + ".shx", shx)
        else:
            raise ValueError("unknown make: %r" % (spec,))
    return work


def refused_case(tmp, name, c):
    case_dir = make_files(tmp, name, c)
    timeout = c.get("timeout", TIMEOUT)
    for args in c["run"]:
        out = prepared_output(tmp)
        before = snapshot(out)
        argv = expand(args, case_dir, out)
        rc, stdout, raw_err = run(argv, tmp, raw=True, timeout=timeout)
        err = raw_err.decode("utf-8", "replace")
        label = "%s: %s%s" % (name, args[0], " --json" if "--json" in args else "")
        check(label + ": exit 1", rc == 1, "%s; %s" % (describe(rc, timeout),
                                                      err.strip()[:300]))
        missing = [s for s in c["expect"] if s not in err]
        check(label + ": message names " + ", ".join(repr(s) for s in c["expect"]),
              not missing, "missing %s in: %s" % (missing, err.strip()[:300]))
        no_escape(label, stdout, raw_err)
        after = snapshot(out)
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        check(label + ": the output directory is left as it was", not changed,
              " ".join(changed))


def taken_case(tmp, name, c):
    case_dir = make_files(tmp, name, c)
    timeout = c.get("timeout", TIMEOUT)
    out = prepared_output(tmp)
    errs = ""
    for args in c["run"]:
        argv = expand(args, case_dir, out)
        rc, stdout, raw_err = run(argv, tmp, raw=True, timeout=timeout)
        err = raw_err.decode("utf-8", "replace")
        errs += err
        label = "%s: %s" % (name, args[0])
        check(label + ": exit 0", rc == 0, "%s; %s" % (describe(rc, timeout),
                                                      err.strip()[:300]))
        no_escape(label, stdout, raw_err)
        try:
            stdout.decode("utf-8")
            bad = ""
        except UnicodeDecodeError as e:
            bad = str(e)
        check(label + ": stdout is UTF-8", not bad, bad)
    missing = [s for s in c["expect"] if s not in errs]
    check(name + ": warnings name " + ", ".join(repr(s) for s in c["expect"]), not missing,
          "missing %s in: %s" % (missing, errs.strip()[:300]))
    outputs = sorted(k for k, v in snapshot(out).items()
                     if v is not None and k not in BEFORE)
    check(name + ": wrote outputs", bool(outputs), "nothing written")
    for rel in outputs:
        why = parse_output(os.path.join(out, rel))
        check("%s: %s parses back" % (name, rel), not why, why)
    for rel, want in sorted(c.get("outputs", {}).items()):
        path = os.path.join(out, rel)
        text = open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) \
            else ""
        missing = [w for w in want if w not in text]
        check("%s: %s holds %s" % (name, rel, ", ".join(repr(w) for w in want)), not missing,
              "missing %s in: %s" % (missing, text[:300]))


# Fuzz inputs are named HARNESS-HASH after the harness of tests/fuzz that found them; a
# multi-file input is the files joined by FUZZ_SEP (tests/fuzz/fuzz_common.h), a missing part a
# missing file. Each is laid out here as its harness lays it out, and given to the command that
# reaches the same reader. (Prefixes shp-, shx-, ini- and gpkg- name single raw files.)
FUZZ_SEP = b"\n--rgfuzz--\n"
GOOD = os.path.join(BAD, "good")


def fuzz_split(data, most):
    parts = data.split(FUZZ_SEP, most - 1)
    return parts


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def null_shapes(n):
    """A polygon .shp/.shx of n null shapes, as tests/fuzz/fuzz_dbf.c writes them."""
    shp_len, shx_len = 100 + 12 * n, 100 + 8 * n
    heads = []
    for length in (shp_len, shx_len):
        heads.append(struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length // 2) +
                     struct.pack("<2i", 1000, 5) + bytes(64))
    shp = heads[0] + b"".join(struct.pack(">2i", i + 1, 2) + struct.pack("<i", 0)
                              for i in range(n))
    shx = heads[1] + b"".join(struct.pack(">2i", (100 + 12 * i) // 2, 2) for i in range(n))
    return shp, shx


ENCODINGS = ["UTF-8", "CP936", "GB18030", "CP950", "CP932", "CP949", "CP1252", "ISO-8859-1",
             "CP437", "CP866", "KOI8-R", "EUC-JP", "CP1256", "MACINTOSH", "ISO-8859-7", "CP874"]


def copy_good(work, names):
    for f in names:
        shutil.copy(os.path.join(GOOD, f), os.path.join(work, f))


def fuzz_command(fname, work, out):
    prefix = fname.split("-", 1)[0]
    with open(os.path.join(BAD, "fuzz", fname), "rb") as f:
        data = f.read()
    graph = os.path.join(out, "g.gpkg")
    if prefix == "shapefile":
        parts = fuzz_split(data, 5)
        for k, ext in enumerate(("shp", "shx", "dbf", "cpg", "prj")):
            if k < len(parts):
                write(os.path.join(work, "f." + ext), parts[k])
        return ["build", os.path.join(work, "f.shp"), "-q", "-o", graph]
    if prefix == "dbf":
        parts = fuzz_split(data, 2)
        nrec = struct.unpack("<I", parts[0][4:8])[0] if len(parts[0]) >= 8 else 0
        shp, shx = null_shapes(min(nrec, 256))
        write(os.path.join(work, "f.shp"), shp)
        write(os.path.join(work, "f.shx"), shx)
        write(os.path.join(work, "f.dbf"), parts[0])
        if len(parts) > 1:
            write(os.path.join(work, "f.cpg"), parts[1])
        return ["build", os.path.join(work, "f.shp"), "-q", "-o", graph]
    if prefix == "encoding":
        # one record whose name holds the bytes, in the encoding the first byte picks
        if len(data) < 2:
            return ["info", os.path.join(GOOD, "regions.shp")]
        text = data[2:][:200]
        fields = [("id", "C", 10), ("name", "C", 200)]
        head = struct.pack("<B3BIHH", 3, 124, 1, 1, 1, 32 + 32 * 2 + 1, 211) + bytes(17)
        head += bytes([data[1]]) + bytes(2)
        for name, typ, width in fields:
            head += name.encode().ljust(11, b"\0") + typ.encode() + bytes(4)
            head += bytes([width, 0]) + bytes(14)
        dbf = head + b"\r" + b" " + b"a".ljust(10) + text.ljust(200) + b"\x1a"
        shp, shx = null_shapes(1)
        write(os.path.join(work, "f.shp"), shp)
        write(os.path.join(work, "f.shx"), shx)
        write(os.path.join(work, "f.dbf"), dbf)
        return ["build", os.path.join(work, "f.shp"), "--encoding",
                ENCODINGS[data[0] % len(ENCODINGS)], "-q", "-o", graph]
    if prefix in ("shp", "shx"):
        copy_good(work, ["regions.shp", "regions.shx", "regions.dbf", "regions.prj",
                         "regions.cpg"])
        write(os.path.join(work, "regions." + prefix), data)
        return ["build", os.path.join(work, "regions.shp"), "-q", "-o", graph]
    if prefix == "csv":
        copy_good(work, ["regions.shp", "regions.shx", "regions.dbf", "regions.prj",
                         "regions.cpg"])
        parts = fuzz_split(data, 3)
        project = (b"[project]\nname = fuzz\n\n[layer regions]\nfile = regions.shp\nid = id\n"
                   b"name = name\n\n[coordination]\nmechanisms = mechanisms.csv\n"
                   b"members = members.csv\n")
        write(os.path.join(work, "mechanisms.csv"), parts[0])
        write(os.path.join(work, "members.csv"), parts[1] if len(parts) > 1 else b"")
        if len(parts) > 2:
            write(os.path.join(work, "agencies.csv"), parts[2])
            project += b"agencies = agencies.csv\n"
        write(os.path.join(work, "project.ini"), project)
        return ["build", os.path.join(work, "project.ini"), "-q", "-o", graph]
    if prefix in ("project", "ini"):
        copy_good(work, ["regions.shp", "regions.shx", "regions.dbf", "regions.prj",
                         "regions.cpg", "mechanisms.csv", "members.csv", "agencies.csv"])
        write(os.path.join(work, "project.ini"), data)
        return ["build", os.path.join(work, "project.ini"), "-q", "-o", graph]
    if prefix in ("graphfile", "gpkg"):
        write(os.path.join(work, "graph.gpkg"), data)
        return ["export", os.path.join(work, "graph.gpkg"), "-q", "-o", out]
    return None


def fuzz_tests(tmp):
    fuzz = os.path.join(BAD, "fuzz")
    if not os.path.isdir(fuzz):
        return
    for fname in sorted(os.listdir(fuzz)):
        if fname.startswith(".") or fname.lower().startswith("readme"):
            continue
        work = tempfile.mkdtemp(dir=tmp)
        out = tempfile.mkdtemp(dir=tmp)
        argv = fuzz_command(fname, work, out)
        if argv is None:
            check("fuzz/%s: known reader prefix" % fname, False, "unknown prefix")
            continue
        rc, _, err = run(argv, tmp)
        check("fuzz/%s: exit 0 or 1" % fname, rc in (0, 1),
              "%s; %s" % (describe(rc), err.strip()[:300]))
        if rc == 1:
            left = leftovers(out)
            check("fuzz/%s: nothing left after the failure" % fname, not left, " ".join(left))


def main():
    return run_suites("rg-bad-", corpus_tests, fuzz_tests)


if __name__ == "__main__":
    sys.exit(main())
