"""TAP reporting shared by the command-line tests. Results are collected while the tests run and
printed at the end, plan first, so that nothing a test prints on the way can come before the
TAP header that meson reads."""
import shutil
import tempfile

results = []


def check(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def skip(name, why):
    results.append((f"{name} # SKIP {why}", True, ""))


def run_suites(prefix, *suites, detail_always=False):
    """Runs each suite(tmp) in one temporary directory (removed at the end), prints the TAP
    report and returns the exit status: 0 when every check passed. A failed check's detail is
    printed as comments (every check's with detail_always)."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    try:
        for suite in suites:
            suite(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report(detail_always)


def report(detail_always=False):
    """Prints the TAP report of the checks recorded so far and returns the exit status: 0 when
    every check passed."""
    print("TAP version 13")
    print(f"1..{len(results)}")
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if (detail_always or not ok) and detail:
            for line in str(detail).splitlines():
                print(f"# {line}")
    return 0 if all(ok for _, ok, _ in results) else 1
