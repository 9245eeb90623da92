"""The peer tests' TAP calls on the command-line tests' reporter (tests/cli/tap.py): tap()
records a check with its details (the first 20 shown if it fails), skip() one that could not run
here, finish() prints them all and exits 1 if any failed."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import tap as _tap  # noqa: E402

skip = _tap.skip


def tap(ok, desc, comments=()):
    _tap.check(desc, ok, "\n".join(str(c) for c in list(comments)[:20]))


def finish():
    sys.exit(_tap.report())
