#!/usr/bin/env python3
"""CLI test of the command's heap (src/cli/allocator.c): at start the CLI reserves heap address
space and asks for transparent huge pages there, unless the address space or data segment is
limited. Emits TAP for meson. Standard library only; the grid comes from tools/gen_grid.c
(argument 2).

Expected values and where they come from:
- The reservation: min(1.5 GiB, an eighth of the machine's RAM), as allocator.c sizes it; the
  heap grows by that much plus one probe MiB, and the advice covers it in whole 2 MiB pages, so
  while `build` runs, /proc/PID/smaps shows a [heap] mapping at least that large less two huge
  pages (the alignment at either end) whose VmFlags hold "hg" (the kernel's mark for
  madvise(MADV_HUGEPAGE)). Without the reservation the heap of this build stays far below it:
  a grid of 20,000 hexagons needs tens of MiB.
- Under an address-space limit (ulimit -v, here 16 GiB: large enough for the build) there is no
  reservation and no "hg" mapping, and the build gives the same pairs.
- The pairs: the generator prints the exact queen pair count of the grid.
Skipped where the kernel has no transparent huge pages, under a sanitizer (its malloc does not
use the heap) and when this process already runs under such a limit.
"""
import os
import re
import resource
import subprocess
import sys
import time

from tap import check, run_suites, skip

BIN = os.path.abspath(os.environ.get("RG_BIN") or sys.argv[1])
GEN = os.path.abspath(sys.argv[2])
MIB = 1 << 20


def reserve_bytes():
    ram = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return min(1536 * MIB, ram // 8)


def why_skipped():
    if not os.path.exists("/sys/kernel/mm/transparent_hugepage/enabled"):
        return "the kernel has no transparent huge pages"
    with open(BIN, "rb") as f:
        if b"__asan_init" in f.read():
            return "AddressSanitizer build: its malloc does not use the heap"
    for lim in (resource.RLIMIT_AS, resource.RLIMIT_DATA):
        if resource.getrlimit(lim)[0] != resource.RLIM_INFINITY:
            return "this test already runs under a memory limit"
    if reserve_bytes() < 64 * MIB:
        return "too little RAM for a reservation"
    return None


def heap_maps(pid):
    """[(size in bytes, VmFlags)] of the process's [heap] mappings, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps") as f:
            text = f.read()
    except OSError:
        return None
    out, in_heap, size = [], False, 0
    for line in text.splitlines():
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            in_heap = line.rstrip().endswith("[heap]")
        elif in_heap and line.startswith("Size:"):
            size = int(line.split()[1]) * 1024
        elif in_heap and line.startswith("VmFlags:"):
            out.append((size, line.split()[1:]))
    return out


def watch_build(shp, out, limit):
    """Runs build, reading its heap mappings until it exits: (exit code, stderr, the largest
    [heap] mapping marked "hg" in bytes (0 if none), the largest [heap] mapping in bytes)."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    p = subprocess.Popen([BIN, "build", shp, "--id", "id", "-o", out], stderr=subprocess.PIPE,
                         text=True, preexec_fn=cap if limit else None)
    hg = largest = 0
    while p.poll() is None:
        for size, flags in heap_maps(p.pid) or []:
            largest = max(largest, size)
            if "hg" in flags:
                hg = max(hg, size)
        time.sleep(0.002)
    return p.returncode, p.stderr.read(), hg, largest


def pairs_of(err):
    m = re.search(r"(\d+) regions, (\d+) adjacent pairs", err)
    return int(m.group(2)) if m else None


def heap_reservation(tmp):
    why = why_skipped()
    if why:
        skip("build's heap: huge-page reservation", why)
        skip("build's heap: none under an address-space limit", why)
        return
    base = os.path.join(tmp, "hex")
    gen = subprocess.run([GEN, "--hex", "--cell", "100", "20000", base], capture_output=True,
                         text=True, check=True)
    queen = int(dict(kv.split("=") for kv in gen.stdout.split())["queen_pairs"])
    want = reserve_bytes() - 4 * MIB
    rc, err, hg, largest = watch_build(base + ".shp", os.path.join(tmp, "a.gpkg"), 0)
    check(f"build's heap: a [heap] mapping of at least {want >> 20} MiB marked for huge pages",
          rc == 0 and pairs_of(err) == queen and hg >= want,
          f"exit {rc}, pairs {pairs_of(err)} (want {queen}), hg mapping {hg >> 20} MiB, "
          f"largest heap mapping {largest >> 20} MiB")
    rc, err, hg, largest = watch_build(base + ".shp", os.path.join(tmp, "b.gpkg"), 16 << 30)
    check("build's heap: none reserved and none marked under an address-space limit",
          rc == 0 and pairs_of(err) == queen and hg == 0 and largest < want // 2,
          f"exit {rc}, pairs {pairs_of(err)} (want {queen}), hg mapping {hg >> 20} MiB, "
          f"largest heap mapping {largest >> 20} MiB")


if __name__ == "__main__":
    sys.exit(run_suites("rg-allocator-", heap_reservation))
