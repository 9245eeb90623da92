#!/usr/bin/env python3
"""Progress on a terminal only (issue 13): `export`, `report` and `render` show the step they
are in ("reading GRAPH", "writing into DIR") on a terminal while it runs, on a line that the next
step or a result replaces, so that what stays on the screen is what the same command prints when
stderr is a file; with stderr not a terminal, or with -q, no step is shown. The terminal is a
pseudo-terminal (Python's pty); what stays on its screen is worked out by a small model of the
two controls used (carriage return and newline; a line is erased by spaces)."""
import os
import pty
import re
import select
import subprocess
import sys

from tap import check, run_suites, skip

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
PROJECT = os.path.join(os.environ.get("RG_SOURCE_ROOT") or
                       os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."),
                       "maps", "project.ini")


def run_pipe(*args, cwd=None):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def run_tty(*args, cwd=None):
    """Runs the command with stdout and stderr on a pseudo-terminal: (exit code, raw text)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([BIN, *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
                         cwd=cwd, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return p.wait(), b"".join(chunks).decode("utf-8", "replace")


def screen(raw):
    """The lines left on a terminal by raw text (carriage returns and newlines), trailing
    spaces cut as a screen shows them."""
    lines, line, col = [], [], 0
    for tok in raw:
        if tok == "\r":
            col = 0
        elif tok == "\n":
            lines.append("".join(line).rstrip())
            line, col = [], 0
        else:
            if col < len(line):
                line[col] = tok
            else:
                line.append(tok)
            col += 1
    lines.append("".join(line).rstrip())
    return ours(lines)


def ours(lines):
    """Our lines only (a sanitizer build adds its own report after them)."""
    return [l for l in lines if l.startswith("regiongraph:")]


def seconds_out(lines):
    return [re.sub(r"\(\d+\.\d s\)", "(T s)", l) for l in lines]


def tests(tmp):
    try:
        for fd in os.openpty():
            os.close(fd)
    except OSError as e:  # a machine without pseudo-terminals
        skip("progress on a terminal", f"no pseudo-terminal: {e}")
        return
    g = os.path.join(tmp, "g.gpkg")
    rc, _, err = run_pipe("build", PROJECT, "--no-diagnostics", "-q", "-o", g)
    check("build the founding case", rc == 0, err)

    rc, raw = run_tty("export", g, "-o", "t1", cwd=tmp)
    rc2, _, err = run_pipe("export", g, "-o", "t1", cwd=tmp)
    check("export on a terminal shows the read while it runs",
          rc == 0 and "regiongraph: reading " + g in raw, raw)
    check("export on a terminal shows the writing while it runs",
          "regiongraph: writing into t1" in raw, raw)
    check("export on a terminal leaves on the screen what it prints into a file (9 layers)",
          rc2 == 0 and screen(raw) == ours(err.splitlines()) and len(ours(err.splitlines())) == 9,
          (screen(raw), err))
    check("export into a file shows no step and no carriage return",
          "reading" not in err and "writing into" not in err and "\r" not in err, err)
    rc, raw = run_tty("export", g, "-o", "t2", "-q", cwd=tmp)
    check("export -q on a terminal shows nothing", rc == 0 and "regiongraph" not in raw and
          "\r " not in raw, repr(raw))

    rc, raw = run_tty("report", g, "--section", "coverage", "-o", "r.txt", cwd=tmp)
    rc2, out, err = run_pipe("report", g, "--section", "coverage", "-o", "r2.txt", cwd=tmp)
    check("report on a terminal shows the read, then leaves what it prints into a file",
          rc == 0 and rc2 == 0 and "regiongraph: reading " + g in raw and
          screen(raw) == [l.replace("r2.txt", "r.txt") for l in ours(err.splitlines())],
          (raw, err))

    rc, raw = run_tty("render", g, "-o", "m.png", cwd=tmp)
    rc2, _, err = run_pipe("render", g, "-o", "m2.png", cwd=tmp)
    check("render on a terminal shows the read, then leaves what it prints into a file",
          rc == 0 and rc2 == 0 and "regiongraph: reading " + g in raw and
          seconds_out(screen(raw)) == seconds_out([l.replace("m2.png", "m.png")
                                                   for l in ours(err.splitlines())]),
          (raw, err))


if __name__ == "__main__":
    sys.exit(run_suites("rg-progress-", tests))
