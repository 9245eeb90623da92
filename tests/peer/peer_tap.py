"""The TAP lines of the peer tests: tap() records a check, skip() one that could not run here,
finish() prints them all (the details of a failed check under it) and exits 1 if any failed."""
import sys

results = []  # (ok, description, details)


def tap(ok, desc, comments=()):
    results.append((bool(ok), desc, list(comments)))


def skip(desc, why):
    results.append((True, "%s # SKIP %s" % (desc, why), []))


def finish():
    print("1..%d" % len(results))
    for k, (ok, desc, comments) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", k, desc))
        for c in comments[:20] if not ok else ():
            print("# " + str(c))
    sys.exit(0 if all(ok for ok, _, _ in results) else 1)
