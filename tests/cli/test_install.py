#!/usr/bin/env python3
"""The installed library (issue 15): `meson install --destdir D` into a temporary directory, then
- D holds the shared library (with its soname link), the static one, every public header with the
  umbrella and the generated version.h, regiongraph.pc, the man pages, bash and zsh completion,
  LICENSE and the example project under share/regiongraph;
- the shared library exports exactly the functions the public headers mark RG_API (nm -D): no
  rg_i_ internal, nothing without the rg_ prefix;
- examples/coverage_summary.c compiles with `pkg-config --cflags --libs regiongraph` against D
  and, run on the installed example project, prints the founding case's known numbers: 406
  regions (34 provinces + 372 prefectures, maps/README.md), 970 adjacent prefecture pairs
  (maps/README.md), 46 prefectures covered (the 41 prefectures of Shanghai, Jiangsu, Zhejiang
  and Anhui in the YRD memorandum, plus the 10 Huaihai cities less the 5 of them in Jiangsu and
  Anhui);
- the installed binary has no path of the build or source tree in its data, and `build` with no
  argument in an empty directory fails with a usage message naming the installed example;
- the bash completion offers the options of the tables.

Usage: test_install.py MESON BUILD_ROOT SOURCE_ROOT   (TAP on stdout)
"""
import glob
import os
import re
import shutil
import subprocess
import sys

from tap import check, run_suites, skip

MESON, BUILD, SOURCE = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def one(dest, pattern):
    found = sorted(glob.glob(os.path.join(dest, "**", pattern), recursive=True))
    return found[0] if found else None


def public_functions():
    names = set()
    for h in glob.glob(os.path.join(SOURCE, "include", "regiongraph", "*.h")):
        with open(h, encoding="utf-8") as f:
            for m in re.finditer(r"^RG_API\b[^(;]*?\b(rg_\w+)\s*\(", f.read(), re.M):
                names.add(m.group(1))
    return names


def suite(tmp):
    dest = os.path.join(tmp, "dest")
    p = run([MESON, "install", "-C", BUILD, "--no-rebuild", "--quiet", "--destdir", dest])
    check("meson install --destdir succeeds", p.returncode == 0, p.stdout + p.stderr)
    if p.returncode != 0:
        return
    shared = one(dest, "libregiongraph.so.*.*.*")
    check("shared library installed", shared)
    check("soname link installed", one(dest, "libregiongraph.so.0"))
    check("static library installed", one(dest, "libregiongraph.a"))
    pc = one(dest, "regiongraph.pc")
    check("regiongraph.pc installed", pc)
    umbrella = one(dest, "regiongraph.h")
    check("umbrella header installed", umbrella)
    incdir = os.path.dirname(umbrella) if umbrella else ""
    want = sorted(os.path.basename(h) for h in glob.glob(os.path.join(SOURCE, "include",
                                                                      "regiongraph", "*.h")))
    missing = [h for h in want + ["version.h"]
               if not os.path.exists(os.path.join(incdir, "regiongraph", h))]
    check("every public header and version.h installed", not missing, missing)
    pages = [os.path.basename(x) for x in glob.glob(os.path.join(dest, "**", "man1", "*.1"),
                                                    recursive=True)]
    check("man pages installed: regiongraph(1) and one per command",
          "regiongraph.1" in pages and "regiongraph-build.1" in pages and len(pages) >= 7, pages)
    bash = one(dest, os.path.join("bash-completion", "completions", "regiongraph"))
    zsh = one(dest, os.path.join("site-functions", "_regiongraph"))
    check("bash and zsh completion installed", bash and zsh)
    share = one(dest, os.path.join("regiongraph", "LICENSE"))
    check("LICENSE installed under share/regiongraph", share)
    project = os.path.join(os.path.dirname(share), "maps", "project.ini") if share else ""
    check("example project installed under share/regiongraph/maps", os.path.exists(project))

    if shutil.which("nm") and shared:
        p = run(["nm", "-D", "--defined-only", shared])
        syms = {line.split()[-1] for line in p.stdout.splitlines()
                if len(line.split()) == 3 and line.split()[1] in "TDBRVW"}
        syms -= {"_init", "_fini", "_edata", "_end", "__bss_start"}
        check("nm -D shows only rg_ symbols", syms and all(s.startswith("rg_") for s in syms),
              sorted(s for s in syms if not s.startswith("rg_")))
        check("no rg_i_ internal exported", not [s for s in syms if s.startswith("rg_i_")],
              sorted(s for s in syms if s.startswith("rg_i_")))
        public = public_functions()
        check("exports are exactly the RG_API functions of the headers", syms == public,
              f"exported, not declared: {sorted(syms - public)}\n"
              f"declared, not exported: {sorted(public - syms)}")
    else:
        skip("nm -D", "nm not found")

    cc = shutil.which("cc") or shutil.which("gcc")
    if not (cc and shutil.which("pkg-config") and pc):
        skip("example client", "cc or pkg-config missing")
    else:
        prefix = os.path.dirname(incdir)  # D/usr/local of D/usr/local/include
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pc))
        flags = run(["pkg-config", f"--define-variable=prefix={prefix}", "--cflags", "--libs",
                     "regiongraph"], env=env)
        check("pkg-config --cflags --libs regiongraph", flags.returncode == 0
              and "-lregiongraph" in flags.stdout, flags.stdout + flags.stderr)
        exe = os.path.join(tmp, "coverage_summary")
        src = os.path.join(SOURCE, "examples", "coverage_summary.c")
        # a library built with -Db_sanitize needs its client built so too (the sanitizer
        # runtime must come first), as a program linking it would be
        nm = shutil.which("nm")
        sanitized = nm and "__asan_init" in run([nm, "-D", shared]).stdout
        p = run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", src, "-o", exe]
                + (["-fsanitize=address,undefined"] if sanitized else [])
                + flags.stdout.split())
        check("examples/coverage_summary.c compiles against the installed library",
              p.returncode == 0, p.stderr)
        if p.returncode == 0:
            libdir = os.path.dirname(shared)
            p = run(["ldd", exe], env=dict(os.environ, LD_LIBRARY_PATH=libdir))
            check("the example links the installed shared library",
                  os.path.join(libdir, "libregiongraph.so.0") in p.stdout, p.stdout)
            p = run([exe, project], env=dict(os.environ, LD_LIBRARY_PATH=libdir))
            out = p.stdout
            check("the example runs", p.returncode == 0, p.stderr)
            check("example: 406 regions", "regions 406\n" in out, out)
            check("example: 970 prefecture pairs", re.search(r"^pairs 970 ", out, re.M), out)
            check("example: 46 of 372 prefectures covered", "covered 46 of 372\n" in out, out)
            check("example: library and header versions agree",
                  re.match(r"library (\S+) \(headers \1\)", out), out)

    binary = one(dest, os.path.join("bin", "regiongraph"))
    check("regiongraph installed", binary)
    if binary:
        if shutil.which("objcopy"):
            ro = os.path.join(tmp, "rodata")
            run(["objcopy", "-O", "binary", "--only-section=.rodata", binary, ro])
            with open(ro, "rb") as f:
                data = f.read()
            check("no build or source path in the binary's data",
                  data and SOURCE.encode() not in data and BUILD.encode() not in data)
        empty = os.path.join(tmp, "empty")
        os.mkdir(empty)
        p = run([binary, "build"], cwd=empty)
        check("build with no project in sight: usage error (2)", p.returncode == 2, p.stderr)
        check("build with no project in sight: says what to do and where the example is",
              "regiongraph build PROJECT.ini" in p.stderr
              and "share/regiongraph/maps/project.ini" in p.stderr, p.stderr)
        check("... and writes nothing", os.listdir(empty) == [])
    if bash and shutil.which("bash"):
        script = (f"source {bash}; COMP_WORDS=(regiongraph export --fo); COMP_CWORD=2; "
                  "_regiongraph; echo \"${COMPREPLY[*]}\"; "
                  "COMP_WORDS=(regiongraph re); COMP_CWORD=1; _regiongraph; "
                  "echo \"${COMPREPLY[*]}\"")
        p = run(["bash", "-c", script])
        lines = p.stdout.splitlines()
        check("bash completion: export --fo -> --format",
              lines and lines[0].split() == ["--format"], p.stdout + p.stderr)
        check("bash completion: re -> render report",
              len(lines) > 1 and sorted(lines[1].split()) == ["render", "report"], p.stdout)
    if zsh and shutil.which("zsh"):
        p = run(["zsh", "-n", zsh])
        check("zsh completion parses (zsh -n)", p.returncode == 0, p.stderr)
    else:
        skip("zsh completion parses", "zsh not installed")


if __name__ == "__main__":
    sys.exit(run_suites("rg-install-", suite))
