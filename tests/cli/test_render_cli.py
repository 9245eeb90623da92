#!/usr/bin/env python3
"""`regiongraph render` pictures (issue 15, part 4), as TAP:

- Chinese labels (--labels name_zh on the founding case) are real glyphs: the PNG is compared with
  the same picture without labels (blank) and with fontconfig restricted to a font that has no
  CJK glyph (Pango then draws tofu boxes): the label pixels differ from both, and the ink has the
  stroke complexity of Han characters (more ink runs per dark pixel than the boxes); the PDF embeds
  the CJK font that fontconfig found, the tofu PDF does not.
- --labels FIELD: an unknown field fails with exit 1 naming the fields; id and name work.
- The U.S. counties' default window frames the contiguous states (the -v line), not the Pacific.

Peers: a PNG decoder on the standard library (zlib), fc-list for the fonts present.

usage: test_render_cli.py REGIONGRAPH
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import check, run_suites, skip  # noqa: E402

rg = os.path.abspath(sys.argv[1])
root = os.environ.get("RG_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
DATA = os.environ.get("RG_TEST_DATA") or os.path.join(root, "tests", "data")


def run(*args, cwd=None, env=None):
    return subprocess.run([rg, *args], capture_output=True, text=True, cwd=cwd, env=env)


def read_png(path):
    """(width, height, rows of (r, g, b) bytes) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(v for i, v in enumerate(line) if i % 4 != 3))
        prev = line
    return w, h, rows


def cjk_suite(tmp):
    if not shutil.which("fc-list"):
        skip("CJK labels", "fontconfig's fc-list is missing")
        return
    cjk = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True).stdout
    latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not cjk.strip() or not os.path.exists(latin):
        skip("CJK labels", "no CJK font (tools/setup installs fonts-wqy-zenhei) or no DejaVu Sans")
        return
    graph = os.path.join(tmp, "fc.gpkg")
    r = run("build", os.path.join(root, "maps", "project.ini"), "-o", graph, "-q")
    check("build the founding case", r.returncode == 0, r.stderr)
    # Six Huaihai cities, big labels: width 1600 sets them at 16.7 px.
    common = [graph, "--bbox", "116.5,33.6,119.4,35", "--width", "1600", "--title", "t"]
    zh, blank, tofu = (os.path.join(tmp, n) for n in ("zh.png", "blank.png", "tofu.png"))
    r1 = run("render", *common, "--labels", "name_zh", "-o", zh)
    r2 = run("render", *common, "--no-labels", "-o", blank)
    # fontconfig limited to one Latin font: every Han character becomes a box
    conf = os.path.join(tmp, "fonts.conf")
    with open(conf, "w") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
                f'<dir>{os.path.dirname(latin)}</dir><cachedir>{tmp}/fc-cache</cachedir>'
                '</fontconfig>\n')
    env = dict(os.environ, FONTCONFIG_FILE=conf)
    r3 = run("render", *common, "--labels", "name_zh", "-o", tofu, env=env)
    ok = r1.returncode == r2.returncode == r3.returncode == 0
    check("render --labels name_zh, --no-labels, and with a Latin-only font: exit 0", ok,
          r1.stderr + r2.stderr + r3.stderr)
    if not ok:
        return
    w, h, a = read_png(zh)
    _, _, b = read_png(blank)
    _, _, t = read_png(tofu)
    top = (1600 + 10) // 20  # below the title band

    def label_ink(img):
        """Pixels the labels changed, and among them the dark ones (the text is rgb 0.1)."""
        changed = [(x, y) for y in range(top, h) for x in range(w)
                   if img[y][3 * x:3 * x + 3] != b[y][3 * x:3 * x + 3]]
        return changed, {(x, y) for x, y in changed if sum(img[y][3 * x:3 * x + 3]) < 3 * 110}

    changed, zh_ink = label_ink(a)
    _, tofu_ink = label_ink(t)
    check(f"the Chinese labels change pixels of the picture ({len(changed)} > 3000) and put ink on "
          f"it ({len(zh_ink)} dark pixels > 500)", len(changed) > 3000 and len(zh_ink) > 500,
          (len(changed), len(zh_ink)))
    diff_tofu = sum(1 for x, y in changed if a[y][3 * x:3 * x + 3] != t[y][3 * x:3 * x + 3])
    check(f"the CJK labels differ from the tofu boxes in most label pixels ({diff_tofu} of {len(changed)})",
          diff_tofu > 0.5 * len(changed), (diff_tofu, len(changed)))

    # Ink complexity: runs of dark pixels along rows and columns per dark pixel. Han strokes are
    # short and cut each row and column many times (about 1.2 here); a box is long straight
    # edges around four tiny hex digits (about 0.9).
    def complexity(inked):
        runs = sum(1 for x, y in inked if (x - 1, y) not in inked)
        runs += sum(1 for x, y in inked if (x, y - 1) not in inked)
        return runs / max(1, len(inked))

    cz, ct = complexity(zh_ink), complexity(tofu_ink)
    check(f"the CJK ink is that of glyphs, not boxes: {cz:.2f} ink runs per dark pixel against "
          f"{ct:.2f} for the tofu", cz > 1.1 * ct and cz > 1.0, (cz, ct, len(zh_ink), len(tofu_ink)))

    # The PDF names the font the glyphs came from.
    pdf, pdf_tofu = os.path.join(tmp, "zh.pdf"), os.path.join(tmp, "tofu.pdf")
    r1 = run("render", *common, "--labels", "name_zh", "-o", pdf)
    r3 = run("render", *common, "--labels", "name_zh", "-o", pdf_tofu, env=env)
    fonts = set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", open(pdf, "rb").read())) if r1.returncode == 0 else set()
    fonts_tofu = set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", open(pdf_tofu, "rb").read())) if r3.returncode == 0 else set()
    check("the PDF embeds the CJK font fontconfig found (WenQuanYi or another with Han glyphs); "
          "the Latin-only one does not",
          any(b"WenQuanYi" in f or b"Noto" in f and b"CJK" in f for f in fonts) and
          not any(b"WenQuanYi" in f for f in fonts_tofu), (fonts, fonts_tofu))


def labels_suite(tmp):
    graph = os.path.join(tmp, "fc.gpkg")
    r = run("render", graph, "-o", os.path.join(tmp, "x.png"), "--labels", "nope")
    check("--labels with an unknown field: exit 1 naming it and the fields there are",
          r.returncode == 1 and "nope" in r.stderr and "name_zh" in r.stderr and "code" in r.stderr
          and not os.path.exists(os.path.join(tmp, "x.png")), r.stderr)
    for field in ("id", "name", "name_en", "code"):
        svg = os.path.join(tmp, f"l-{field}.svg")
        r = run("render", graph, "-o", svg, "--labels", field, "-q")
        check(f"--labels {field}: exit 0, an SVG", r.returncode == 0 and
              open(svg, encoding="utf-8").read().startswith("<?xml"), r.stderr)
    r = run("render", "-h")
    check("render -h documents --labels", r.returncode == 0 and "--labels FIELD" in r.stdout, r.stdout)


def window_suite(tmp):
    graph = os.path.join(tmp, "us.gpkg")
    r = run("build", os.path.join(DATA, "us-counties", "counties.shp"), "--no-diagnostics", "-o",
            graph, "-q")
    check("build the U.S. counties", r.returncode == 0, r.stderr)
    png = os.path.join(tmp, "us.png")
    r = run("render", graph, "-o", png, "-v", "--no-labels")
    m = re.search(r"window x (\S+)\.\.(\S+), y (\S+)\.\.(\S+) \(the default\)", r.stderr)
    win = tuple(float(v) for v in m.groups()) if m else None
    # The contiguous states: 124.7 W (Cape Alava) to 66.9 W (West Quoddy Head), 24.5 N (Key West)
    # to 49.4 N (Northwest Angle); Alaska, Hawaii, Puerto Rico and the Pacific territories out.
    check("U.S. counties: the default window is the contiguous states, within "
          "[-126,-65] x [23.5,50.5] and reaching beyond [-123,-69] x [26,48]",
          r.returncode == 0 and win and -126 <= win[0] <= -123 and -69 <= win[1] <= -65 and
          23.5 <= win[2] <= 26 and 48 <= win[3] <= 50.5, (win, r.stderr))
    w, h, _ = read_png(png) if r.returncode == 0 else (0, 0, None)
    check(f"U.S. counties: the picture is landscape, as the lower 48 are ({w} x {h})",
          w == 1200 and 500 < h < 900, (w, h))
    r = run("render", graph, "-o", png, "-v", "--bbox", "-180,15,-60,72")
    check("--bbox wins over the default window (no window line)",
          r.returncode == 0 and "window x" not in r.stderr, r.stderr)


def suite(tmp):
    cjk_suite(tmp)
    labels_suite(tmp)
    window_suite(tmp)


if __name__ == "__main__":
    sys.exit(run_suites("rg-render-", suite))
