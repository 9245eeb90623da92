#!/usr/bin/env python3
"""Man pages and -h texts from the commands' option tables (src/cli/options.h, docs/man).

For each command with a table (those given on the command line, the list of docs/man/meson.build):
- its -h text offers -h, -q and -v, and every long option it lists is accepted: given alone
  (with a placeholder argument when the -h text names one) before -h, it is never an unknown
  option nor one missing its argument;
- the man page built by meson is what `regiongraph help --man CMD` prints, names every long option
  of the -h text (as \\-\\-NAME), has the sections of a man page and only the macros the
  generator uses, renders without a warning (groff -ww -man; mandoc -T lint when mandoc is there)
  and shows in man -l when man-db is there;
- every command that prints a man page is in the list, so that a command that gets a table
  gets its page installed too.
The overview page regiongraph(1) lists every command and refers to each command's page.

Usage: test_man.py REGIONGRAPH MAN_DIR CMD...   (TAP on stdout)
"""
import os
import re
import shutil
import subprocess
import sys

from tap import check, run_suites, skip

BIN = os.path.abspath(sys.argv[1])
MAN_DIR = sys.argv[2]
COMMANDS = sys.argv[3:]
# the requests the generator writes (options.c); anything else would be a mistake in it
MACROS = {"TH", "SH", "PP", "TP", "IP", "RS", "RE", "PD", "B", "nf", "fi", "br"}


def run(*args, env=None):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=env)
    return p.returncode, p.stdout, p.stderr


def help_options(text):
    """The long options of a -h text: {name: takes an argument}."""
    opts = {}
    for m in re.finditer(r"^  (?:-\w, )?--([\w-]+)( [^ ]\S*)?", text, re.M):
        opts[m.group(1)] = m.group(2) is not None
    return opts


def structure_problems(page):
    problems = []
    lines = page.splitlines()
    if not lines or not lines[0].startswith(".TH "):
        problems.append("does not start with .TH")
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION"):
        if f".SH {section}" not in lines:
            problems.append(f"no .SH {section}")
    for n, line in enumerate(lines, 1):
        if line.startswith(".") or line.startswith("'"):
            request = line[1:].split(" ")[0]
            if line.startswith("'") or request not in MACROS:
                problems.append(f"line {n}: unexpected request {line!r}")
    if "\n\n" in page:
        problems.append("a blank line (roff makes it a blank output line)")
    return problems


def render_warnings(path):
    """Warnings of every checker that is installed: (name, text) pairs; None when none is.
    (man -l is not one: man-db's --warnings reaches its troff, but the warnings can come after man
    has exited, so they are not read reliably.)"""
    found = []
    if shutil.which("groff"):
        p = subprocess.run(["groff", "-Tutf8", "-z", "-ww", "-man", path], capture_output=True,
                           text=True)
        found.append(("groff", p.stderr + ("" if p.returncode == 0 else f"exit {p.returncode}")))
    if shutil.which("mandoc"):
        p = subprocess.run(["mandoc", "-T", "lint", "-W", "warning", path], capture_output=True,
                           text=True)
        found.append(("mandoc -T lint", p.stdout + p.stderr))
    return found or None


def page_checks(name, path, printed):
    try:
        with open(path, encoding="utf-8") as f:
            page = f.read()
    except OSError as e:
        check(f"{name}: meson built it", False, str(e))
        return None
    check(f"{name}: the built page is what the binary prints", page == printed)
    check(f"{name}: the structure of a man page", not structure_problems(page),
          "\n".join(structure_problems(page)))
    warnings = render_warnings(path)
    if warnings is None:
        skip(f"{name}: renders without a warning", "neither groff nor mandoc is installed")
    for tool, text in warnings or []:
        check(f"{name}: {tool} renders it without a warning", text.strip() == "", text)
    if shutil.which("man"):
        env = dict(os.environ, MANWIDTH="80")
        p = subprocess.run(["man", "-l", path], capture_output=True, text=True, env=env)
        check(f"{name}: man -l shows it", p.returncode == 0 and "\nNAME\n" in p.stdout
              and name.rsplit(".", 1)[0] in p.stdout, p.stdout[:300] + p.stderr)
    else:
        skip(f"{name}: man -l shows it", "man-db is not installed")
    return page


def tests(tmp):
    rc, overview, err = run("help")
    listed = re.findall(r"^  (\w+) ", overview.split("commands:\n", 1)[-1], re.M)
    check("the overview lists the commands", rc == 0 and len(listed) >= 5, overview + err)
    with_page = [c for c in listed if run("help", "--man", c)[0] == 0]
    check("every command that has a man page is installed by docs/man/meson.build",
          sorted(with_page) == sorted(COMMANDS), f"printed: {with_page}, installed: {COMMANDS}")
    rc, _, err = run("help", "--man", "frobnicate")
    check("help --man of an unknown command is a usage error (exit 2)", rc == 2, err)

    rc, printed, err = run("help", "--man")
    page = page_checks("regiongraph.1", os.path.join(MAN_DIR, "regiongraph.1"), printed)
    if page is not None:
        check("regiongraph.1 lists every command",
              all(f"\\fB{c}\\fR" in page for c in listed), page)
        check("regiongraph.1 refers to every command's page",
              all(f"\\fBregiongraph\\-{c}\\fR(1)" in page for c in COMMANDS), page)

    for cmd in COMMANDS:
        rc, text, err = run(cmd, "-h")
        check(f"{cmd} -h prints its usage", rc == 0 and text.startswith(f"usage: regiongraph {cmd}"),
              text + err)
        opts = help_options(text)
        check(f"{cmd} -h offers --help, --quiet and --verbose (and -h, -q, -v)",
              all(o in opts for o in ("help", "quiet", "verbose"))
              and all(f"  -{s}, --" in text for s in "hqv"), text)
        check(f"{cmd} -h lists its long options", len(opts) >= 3, text)
        for opt, takes_arg in opts.items():
            args = [f"--{opt}", "x"] if takes_arg else [f"--{opt}"]
            rc, out, err = run(cmd, *args, "-h")
            check(f"{cmd} accepts --{opt}",
                  rc in (0, 2) and "unknown option" not in err and "needs an argument" not in err
                  and (rc == 0) == out.startswith(f"usage: regiongraph {cmd}"), f"rc {rc}: {err}")
        rc, printed, err = run("help", "--man", cmd)
        check(f"help --man {cmd} prints a page", rc == 0 and err == "", err)
        page = page_checks(f"regiongraph-{cmd}.1", os.path.join(MAN_DIR, f"regiongraph-{cmd}.1"),
                           printed)
        if page is not None:
            missing = [o for o in opts if "\\-\\-" + o.replace("-", "\\-") not in page]
            check(f"regiongraph-{cmd}.1 names every long option of {cmd} -h", not missing,
                  f"missing: {missing}")
            check(f"regiongraph-{cmd}.1 has the summary of the overview",
                  any(line.startswith(f"  {cmd} ") and line.split(None, 1)[1].replace("-", "\\-")
                      in page for line in overview.splitlines()), page[:300])


if __name__ == "__main__":
    sys.exit(run_suites("rg-man-", tests))
