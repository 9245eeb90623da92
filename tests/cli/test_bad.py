#!/usr/bin/env python3
"""The corpus of broken inputs (tests/data/bad/, made by tools/make-bad-corpus; GitHub issue 7).

For every case in tests/data/bad/cases.json, each command listed for it is run with its output
(-o) in a fresh empty directory, and must
- exit with code 1 (not 0, not a usage error, not a signal), within a time limit;
- print a message on stderr that holds every expected substring (the file, and the record or
  line where the defect is: written down by hand in the generator from how each file was broken);
- leave the output directory empty: no output, and no temporary file, hidden or not;
- do all this within 1 GiB of address space (RG_BAD_MEMORY_LIMIT_MB; not for ASan builds).
The control good/ must build, so that each case fails for its own defect only.

Every file in tests/data/bad/fuzz/ (inputs that once failed under tools/fuzz, named after the
harness that found them: shapefile-*, dbf-*, csv-*, project-*, graphfile-*, encoding-*) is laid
out as its harness lays it out and fed to the command that reaches the same reader, with a
generic expectation: exit 0 or 1, never a signal or a hang, and nothing left in the output
directory after a failure.

Usage: test_bad.py REGIONGRAPH   (TAP on stdout; RG_SOURCE_ROOT points at the source tree)
"""
import json
import os
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


def run(args, cwd):
    try:
        p = subprocess.run([BIN, *args], capture_output=True, text=True, errors="replace",
                           cwd=cwd, timeout=TIMEOUT, preexec_fn=PREEXEC)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def describe(rc):
    if rc == "timeout":
        return "timed out after %d s" % TIMEOUT
    if isinstance(rc, int) and rc < 0:
        return "killed by %s" % signal.Signals(-rc).name
    return "exit %s" % rc


def leftovers(out):
    found = []
    for root, dirs, files in os.walk(out):
        found += [os.path.relpath(os.path.join(root, f), out) for f in dirs + files]
    return sorted(found)


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
        case_dir = os.path.join(BAD, name)
        for args in c["run"]:
            out = tempfile.mkdtemp(dir=tmp)
            argv = expand(args, case_dir, out)
            rc, stdout, err = run(argv, tmp)
            label = "%s: %s" % (name, args[0])
            check(label + ": exit 1", rc == 1, "%s; %s" % (describe(rc), err.strip()[:300]))
            missing = [s for s in c["expect"] if s not in err]
            check(label + ": message names " + ", ".join(repr(s) for s in c["expect"]),
                  not missing, "missing %s in: %s" % (missing, err.strip()[:300]))
            left = leftovers(out)
            check(label + ": nothing left in the output directory", not left, " ".join(left))


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
