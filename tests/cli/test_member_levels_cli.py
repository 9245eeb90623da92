#!/usr/bin/env python3
"""A member id that names a region on two levels (issue 14, item 9): `build` says which level it
takes, naming file, line, mechanism and both levels, for the first ten such members, then how
many more. Emits TAP for meson. Standard library only.

The layers are the corpus case tests/data/bad/hostile-member-two-levels: prefectures 320300 and
341300, and counties 320300 (its own parent, as a city district may share its prefecture's
code), 320301 and 341302. Expected lines are counted by hand from the members file written here.
"""
import os
import re
import shutil
import subprocess
import sys

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
SRC = os.environ.get("RG_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CASE = os.path.join(SRC, "tests", "data", "bad", "hostile-member-two-levels")

from tap import check, run_suites


def build(tmp, members):
    work = os.path.join(tmp, "w%d" % len(os.listdir(tmp)))
    shutil.copytree(CASE, work)
    nmech = max(int(m[1:]) for m, _ in members)
    with open(os.path.join(work, "mechanisms.csv"), "w") as f:
        f.write("id,name,kind,year\n" + "".join("m%d,M%d,pact,2019\n" % (k, k)
                                                  for k in range(1, nmech + 1)))
    with open(os.path.join(work, "members.csv"), "w") as f:
        f.write("mechanism,member\n" + "".join("%s,%s\n" % m for m in members))
    p = subprocess.run([BIN, "build", os.path.join(work, "project.ini"), "-o",
                        os.path.join(work, "g.gpkg")], capture_output=True, text=True)
    return p.returncode, p.stderr


def suite(tmp):
    # line 2: 341300 (one level only), lines 3-14: 320300 in m1..m12
    members = [("m1", "341300")] + [("m%d" % k, "320300") for k in range(1, 13)]
    rc, err = build(tmp, members)
    said = re.findall(r"members\.csv: line (\d+): member '320300' of mechanism '(m\d+)' names a "
                      r"region on two levels, 'prefectures' and 'counties' \(a unit that is its "
                      r"own parent\): taken as the one of level 'prefectures', which covers that "
                      r"of level 'counties'", err)
    check("build takes the members (exit 0)", rc == 0, err)
    check("the first ten are said with their line and mechanism (lines 3-12, m1-m10)",
          said == [(str(k + 2), "m%d" % k) for k in range(1, 11)], err)
    check("then one line: 2 more", "2 more members name a region of two levels, each taken as "
          "the higher one" in err, err)
    check("341300 (one level) is not said", "'341300'" not in err, err)
    rc, err = build(tmp, [("m1", "341300"), ("m1", "320301")])
    check("members of one level each: no warning", rc == 0 and "two levels" not in err, err)


if __name__ == "__main__":
    sys.exit(run_suites("rg-memberlevels-", suite))
