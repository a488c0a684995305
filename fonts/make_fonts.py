#!/usr/bin/env python3
"""Build the font files used by the website and the printed (PDF) posters.

Why
---
The site is bilingual (Chinese / Tibetan). Readers' phones and PCs often have
no Tibetan font, and the PDF posters must embed fonts, so we ship our own:

* Noto Serif Tibetan (OFL 1.1). Tibetan stacked letters (e.g. བསྒྲུབས, སྐྱོང)
  are built by the OpenType GSUB/GPOS tables, so the web subset keeps every
  layout feature, every script and every glyph reachable by GSUB closure.
* Noto Sans CJK SC (OFL 1.1), cut down to the GB2312 repertoire so that the
  PDF tool chain gets a Simplified Chinese font of a few MB instead of the
  full 65535-glyph collection.

Tibetan Machine Uni and the Monlam fonts are deliberately not used: they are
GPL-licensed without a font-embedding exception (see README.md).

Inputs (nothing is downloaded)
------------------------------
* Noto Sans CJK: Debian package ``fonts-noto-cjk``
  (/usr/share/fonts/opentype/noto/NotoSansCJK-{Regular,Bold}.ttc and its
  copyright file /usr/share/doc/fonts-noto-cjk/copyright, which also holds
  the full OFL 1.1 text).
* Noto Serif Tibetan: Debian package ``fonts-noto-core``. Either installed
  (/usr/share/fonts/truetype/noto/) or a downloaded .deb, which is unpacked
  with ``dpkg-deb -x`` into a temporary folder (``apt-get download
  fonts-noto-core`` fetches it).

Outputs
-------
fonts/NotoSerifTibetan-{Regular,Bold}.ttf      unchanged copies (PDF posters)
fonts/NotoSansSC-{Regular,Bold}-GB2312.otf     GB2312 subsets of the SC face
docs/assets/fonts/noto-serif-tibetan.woff2      web subset, Tibetan block
docs/assets/fonts/noto-serif-tibetan-bold.woff2
fonts/OFL.txt, docs/assets/fonts/OFL.txt        licence + copyright notices

Usage
-----
    python3 fonts/make_fonts.py --noto-core-deb /path/fonts-noto-core_*.deb

Needs fontTools (>= 4.40) and brotli (for woff2).
"""

from __future__ import annotations

import argparse
import glob
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPO = Path(__file__).resolve().parent.parent

CJK_DIR = Path("/usr/share/fonts/opentype/noto")
CJK_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
NOTO_CORE_FONT_DIR = "usr/share/fonts/truetype/noto"
NOTO_CORE_COPYRIGHT = "usr/share/doc/fonts-noto-core/copyright"
CJK_FAMILY = "Noto Sans CJK SC"  # the Simplified Chinese face of the TTC

# Copyright notice of the upstream noto-cjk LICENSE file (not shipped by
# Debian). It declares "Source" as Reserved Font Name; our files keep the
# name "Noto Sans CJK SC", which does not use it.
CJK_UPSTREAM_NOTICE = (
    "Copyright 2014-2021 Adobe (http://www.adobe.com/), "
    "with Reserved Font Name 'Source'."
)

# --- character sets ---------------------------------------------------------


def gb2312_chars() -> set[int]:
    """Every character encodable in GB2312 (EUC-CN): ASCII + rows A1-F7."""
    chars = set(range(0x20, 0x7F))
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                pass  # unassigned code point
    return chars


CHINESE_NUMERALS = "〇零一二三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟萬億两廿卅"


def cjk_unicodes() -> set[int]:
    chars = gb2312_chars()
    chars |= set(range(0x20, 0x7F))         # ASCII
    chars |= {0xA0}                          # no-break space
    chars |= set(range(0x3000, 0x3040))     # CJK Symbols and Punctuation
    chars |= set(range(0xFF00, 0xFFF0))     # Halfwidth and Fullwidth Forms
    chars |= {ord(c) for c in CHINESE_NUMERALS}
    return chars


TIBETAN_UNICODES = (
    set(range(0x0F00, 0x1000))               # Tibetan block
    | {0x20, 0xA0, 0x200B, 0x200C, 0x200D}   # space, NBSP, ZWSP, ZWNJ, ZWJ
    # Dotted circle: HarfBuzz inserts it before an invalid (orphan) mark,
    # taken from the same font, so the broken cluster stays visible.
    | {0x25CC}
)

# Layout features kept in the CJK subset: fontTools' defaults (ccmp, locl,
# liga, calt, kern, mark, halt, palt, vert, vrt2, vhal, vpal, vkrn, ...)
# plus the width variants reachable from CSS font-variant-east-asian.
# aalt / dlig / hist / ruby are dropped: they only pull in extra glyphs.
CJK_EXTRA_FEATURES = ["fwid", "hwid", "pwid"]

# Only the default and the Simplified Chinese (ZHS) language systems are kept:
# the JAN/KOR/ZHT/ZHH 'locl' lookups would add ~5,800 Japanese, Korean and
# Traditional Chinese glyph variants that a zh-Hans text never uses.
CJK_LANGSYS = ("dflt", "ZHS")

# --- helpers ----------------------------------------------------------------


def show(path: Path) -> str:
    """Path (relative to the repository if inside it) and its size."""
    try:
        name = path.resolve().relative_to(REPO)
    except ValueError:
        name = path
    size = path.stat().st_size
    return f"{name}: {size:>10,d} B ({size / 1024:,.0f} KiB)"


def find_face(ttc: Path, family: str) -> int:
    """Index of the face in a TTC whose (typographic) family name is family."""
    collection = TTCollection(str(ttc), lazy=True)
    for index, font in enumerate(collection.fonts):
        name = font["name"]
        fam = name.getDebugName(16) or name.getDebugName(1)
        if fam == family:
            return index
    raise SystemExit(f"{ttc}: no face with family name {family!r}")


def name_notices(font_path: Path, font_number: int = 0) -> list[str]:
    """Copyright (name ID 0) and trademark (name ID 7) strings of a font."""
    font = TTFont(str(font_path), fontNumber=font_number, lazy=True)
    return [s for s in (font["name"].getDebugName(i) for i in (0, 7)) if s]


def debian_copyright_lines(path: Path) -> list[str]:
    """'Copyright:' values of the 'Files: *' paragraph of a DEP-5 file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out, in_star, in_copyright = [], False, False
    for line in lines:
        if line.startswith("Files:"):
            in_star = line.split(":", 1)[1].strip() == "*"
            in_copyright = False
        elif in_star and line.startswith("Copyright:"):
            in_copyright = True
            value = line.split(":", 1)[1].strip()
            if value:
                out.append(value)
        elif in_copyright and line.startswith(" "):
            out.append(line.strip())
        else:
            in_copyright = False
    return out


def debian_license_text(path: Path, name: str) -> str:
    """Unfold the stand-alone 'License: <name>' paragraph of a DEP-5 file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    # The stand-alone paragraph follows a blank line; "License:" fields
    # inside "Files:" paragraphs do not.
    start = next(i for i, line in enumerate(lines)
                 if line == f"License: {name}" and i and not lines[i - 1].strip()) + 1
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    text = "\n".join(body).strip("\n") + "\n"
    if "SIL OPEN FONT LICENSE Version 1.1" not in text:
        raise SystemExit(f"{path}: License: {name} is not the OFL 1.1 text")
    return text


def layout_scripts(font_path: Path, font_number: int,
                   langsys: tuple[str, ...]) -> list[str]:
    """fontTools 'script.lang' tags keeping only langsys for every script."""
    font = TTFont(str(font_path), fontNumber=font_number, lazy=True)
    scripts = set()
    for table in ("GSUB", "GPOS"):
        if table in font:
            scripts |= {r.ScriptTag.strip() for r in
                        font[table].table.ScriptList.ScriptRecord}
    return [f"{s}.{lang}" for s in sorted(scripts) for lang in langsys]


def subset_font(src: Path, dst: Path, unicodes: set[int],
                options: subset.Options, font_number: int = 0) -> None:
    # recalcTimestamp=False keeps head.modified, so reruns give equal bytes.
    font = TTFont(str(src), fontNumber=font_number, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.flavor = options.flavor
    font.save(str(dst))


# --- build steps ------------------------------------------------------------


def build_cjk(cjk_dir: Path, out_dir: Path) -> list[str]:
    options = subset.Options()
    options.layout_features = list(options.layout_features) + CJK_EXTRA_FEATURES
    options.name_IDs = ["*"]          # keep copyright/licence/trademark strings
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    unicodes = cjk_unicodes()
    notices = []
    for style in ("Regular", "Bold"):
        ttc = cjk_dir / f"NotoSansCJK-{style}.ttc"
        index = find_face(ttc, CJK_FAMILY)
        options.layout_scripts = layout_scripts(ttc, index, CJK_LANGSYS)
        dst = out_dir / f"NotoSansSC-{style}-GB2312.otf"
        subset_font(ttc, dst, unicodes, options, font_number=index)
        glyphs = TTFont(str(dst), lazy=True)["maxp"].numGlyphs
        print(f"{show(dst)}  "
              f"[{ttc.name} face {index}, {len(unicodes)} code points, "
              f"{glyphs} glyphs]")
        notices += name_notices(ttc, index)
    return notices


def build_tibetan(tib_dir: Path, out_dir: Path, web_dir: Path) -> list[str]:
    options = subset.Options()
    options.layout_features = ["*"]   # stacks need every GSUB/GPOS feature
    options.layout_scripts = ["*"]
    options.layout_closure = True     # keep glyphs reachable through GSUB
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.hinting = True
    options.flavor = "woff2"
    notices = []
    for style, web_name in (("Regular", "noto-serif-tibetan.woff2"),
                            ("Bold", "noto-serif-tibetan-bold.woff2")):
        src = tib_dir / f"NotoSerifTibetan-{style}.ttf"
        copy = out_dir / src.name
        shutil.copyfile(src, copy)
        print(f"{show(copy)}  [copy]")
        web = web_dir / web_name
        subset_font(src, web, TIBETAN_UNICODES, options)
        glyphs = TTFont(str(web), lazy=True)["maxp"].numGlyphs
        total = TTFont(str(src), lazy=True)["maxp"].numGlyphs
        print(f"{show(web)}  "
              f"[{glyphs} of {total} glyphs]")
        notices += name_notices(src)
    return notices


def write_ofl(paths: list[Path], ofl_text: str, tib_notices: list[str],
              tib_debian: list[str], cjk_notices: list[str],
              cjk_debian: list[str]) -> None:
    def unique(items):
        return list(dict.fromkeys(items))

    parts = [
        "Fonts shipped with this project: copyright notices",
        "=================================================",
        "",
        "Noto Serif Tibetan  (fonts/NotoSerifTibetan-*.ttf,",
        "                     docs/assets/fonts/noto-serif-tibetan*.woff2)",
        *(f"  {s}" for s in unique(tib_notices)),
        "  Debian fonts-noto-core copyright file:",
        *(f"    Copyright {s}" for s in tib_debian),
        "",
        "Noto Sans CJK SC  (fonts/NotoSansSC-*-GB2312.otf)",
        *(f"  {s}" for s in unique(cjk_notices)),
        "  Upstream noto-cjk LICENSE file:",
        *textwrap.wrap(CJK_UPSTREAM_NOTICE, 72, initial_indent="    ",
                       subsequent_indent="    "),
        "  Debian fonts-noto-cjk copyright file:",
        *(f"    Copyright {s}" for s in cjk_debian),
        "",
        "The subset files (.otf, .woff2) are Modified Versions made with",
        "fontTools (see fonts/make_fonts.py); they keep their original names,",
        "none of which is a Reserved Font Name.",
        "",
        "This Font Software is licensed under the SIL Open Font License,",
        "Version 1.1. This license is copied below, and is also available",
        "with a FAQ at: https://openfontlicense.org",
        "",
        "",
    ]
    text = "\n".join(parts) + ofl_text
    for path in paths:
        path.write_text(text, encoding="utf-8")
        print(f"{show(path)}")


def locate_noto_core(args, tmp: Path) -> Path:
    """Root folder holding usr/share/{fonts,doc} of fonts-noto-core."""
    if args.noto_core_root:
        return Path(args.noto_core_root)
    debs = sorted(glob.glob(args.noto_core_deb)) if args.noto_core_deb else []
    if debs:
        subprocess.run(["dpkg-deb", "-x", debs[-1], str(tmp)], check=True)
        print(f"unpacked {debs[-1]}")
        return tmp
    if (Path("/") / NOTO_CORE_FONT_DIR / "NotoSerifTibetan-Regular.ttf").exists():
        return Path("/")
    raise SystemExit("Noto Serif Tibetan not found: pass --noto-core-deb")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="See fonts/README.md.")
    parser.add_argument(
        "--noto-core-deb", default="/tmp/fonts-noto-core_*.deb",
        help="fonts-noto-core .deb (glob allowed; default: %(default)s); "
             "unpacked with dpkg-deb -x into a temporary folder")
    parser.add_argument(
        "--noto-core-root", default=None,
        help="instead of the .deb: a folder holding usr/share/fonts/truetype/"
             "noto and usr/share/doc/fonts-noto-core (e.g. / when installed)")
    parser.add_argument("--cjk-dir", type=Path, default=CJK_DIR,
                        help="folder of NotoSansCJK-*.ttc (default: %(default)s)")
    parser.add_argument("--cjk-copyright", type=Path, default=CJK_COPYRIGHT,
                        help="Debian copyright file of fonts-noto-cjk "
                             "(default: %(default)s)")
    parser.add_argument("--out-dir", type=Path, default=REPO / "fonts")
    parser.add_argument("--web-dir", type=Path,
                        default=REPO / "docs" / "assets" / "fonts")
    args = parser.parse_args()

    args.out_dir.mkdir(parents=True, exist_ok=True)
    args.web_dir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        root = locate_noto_core(args, Path(tmp))
        tib_notices = build_tibetan(root / NOTO_CORE_FONT_DIR,
                                    args.out_dir, args.web_dir)
        tib_debian = debian_copyright_lines(root / NOTO_CORE_COPYRIGHT)

    cjk_notices = build_cjk(args.cjk_dir, args.out_dir)
    cjk_debian = debian_copyright_lines(args.cjk_copyright)
    ofl_text = debian_license_text(args.cjk_copyright, "SIL-1.1")
    write_ofl([args.out_dir / "OFL.txt", args.web_dir / "OFL.txt"], ofl_text,
              tib_notices, tib_debian, cjk_notices, cjk_debian)
    return 0


if __name__ == "__main__":
    sys.exit(main())
