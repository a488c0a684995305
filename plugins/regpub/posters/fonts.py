"""The poster fonts: the files shipped in fonts/, the characters they can draw, the check that
every character a poster prints is among them, and the @font-face rules that name them.

Only the shipped font files are used (press.py runs WeasyPrint with a fontconfig that knows no
other), so a character they lack would print as a blank box: `check_coverage` refuses it
before anything is rendered, naming the file, line and character. Nothing here imports MkDocs.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from .. import messages
from ..model import County, Name, Text
from ..problems import DataError, Problem
from .press import PosterError

REPOSITORY = Path(__file__).resolve().parents[3]  # the package is installed with -e
FONTS = REPOSITORY / "fonts"

# (CSS family, weight, file). Distinct family names: the CJK subset's own name, "Noto Sans CJK
# SC", is also the name of the complete system font where fonts-noto-cjk is installed.
FONT_FACES = (
    ("Poster SC", 400, "NotoSansSC-Regular-GB2312.otf"),
    ("Poster SC", 700, "NotoSansSC-Bold-GB2312.otf"),
    ("Poster Tibetan", 400, "NotoSerifTibetan-Regular.ttf"),
    ("Poster Tibetan", 700, "NotoSerifTibetan-Bold.ttf"),
)

# GB2312 characters that Unicode maps two ways: A1AA (the dash of "——") is U+2014 in GBK and
# GB18030 but U+2015 in Python's gb2312 codec, which cut the CJK subset; A1A4 (the middle dot
# of "扎西·次仁") likewise U+00B7 / U+30FB. The subset has the glyph under the second code point
# only: posters print it, the data keeps what the editor typed.
PRINT_EQUIVALENTS = {"\u2014": "\u2015", "\u00b7": "\u30fb"}
PRINT_TABLE = str.maketrans(PRINT_EQUIVALENTS)


def font_paths() -> list[Path]:
    paths = [FONTS / file for _, _, file in FONT_FACES]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise PosterError(f"poster font missing: {missing[0]} (the posters use only the fonts "
                          "shipped in fonts/; see fonts/README.md)")
    return paths


@lru_cache(maxsize=1)
def covered_characters() -> frozenset[int]:
    """Characters every weight of a poster family can draw: a run falls back from one family
    to the other (Chinese to Tibetan and back), never to a system font."""
    from fontTools.ttLib import TTFont

    families: dict[str, set[int] | None] = {}
    for (family, _, _), path in zip(FONT_FACES, font_paths()):
        with TTFont(path, lazy=True) as font:
            cmap = set(font.getBestCmap())
        families[family] = cmap if families.get(family) is None else families[family] & cmap
    covered = frozenset().union(*families.values())
    return covered | {ord(a) for a, b in PRINT_EQUIVALENTS.items() if ord(b) in covered}


def font_face_css() -> str:
    rules = []
    for (family, weight, _), path in zip(FONT_FACES, font_paths()):
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                     f'font-style: normal; src: url("{path.as_uri()}"); }}')
    return "\n".join(rules) + "\n"


# -- the coverage check --------------------------------------------------------------------------

def check_coverage(county: County, labels: Iterable[str],
                   data_dir: Path | str | None = None,
                   extra: Iterable[tuple[str, str, Text, str]] = ()) -> None:
    """Refuse, before anything is rendered, a character the poster fonts cannot draw: in the
    data a poster prints, or in the messages `labels` (keys of both catalogues) it prints.

    Raises DataError with one problem per field and character, `path:line: ... [font-coverage]`;
    `data_dir` (the regulations/ folder) lets the message name the line, else it says line 1.
    `extra`: more texts printed, as (file, what the field is, text, a line it comes after).
    """
    covered = covered_characters()
    base = Path(data_dir).resolve().parent if data_dir is not None else None
    label = Path(data_dir).name if data_dir is not None else "regulations"
    problems = []
    fields = [*_poster_fields(county, label), *_label_fields(sorted(labels)),
              *(f for path, where, text, anchor in extra
                for f in _text_fields(text, path, where, anchor))]
    for field in fields:
        seen = set()
        for ch in field.value:
            if ord(ch) in covered or _invisible(ch) or ch in seen:
                continue
            seen.add(ch)
            name = unicodedata.name(ch, "unnamed character")
            problems.append(Problem(
                field.path, _line_of(base, field, ch),
                f"{field.where}: the poster fonts have no glyph for U+{ord(ch):04X} '{ch}' "
                f"({name}); a printed poster would show an empty box",
                _hint(ch), "font-coverage"))
    if problems:
        raise DataError(problems)


def _invisible(ch: str) -> bool:
    # Line breaks, tabs and format characters (ZWSP, ZWJ, ...) are never drawn as glyphs.
    return unicodedata.category(ch) in ("Cc", "Cf")


def _hint(ch: str) -> str:
    return ("use the common form of the character if there is one; otherwise add it to the poster "
            "font (fonts/make_fonts.py, which subsets Noto Sans CJK SC to GB2312)")


@dataclass(frozen=True)
class _Field:
    path: str         # as the loader shows it: regulations/villages/x/2025-05-10.yaml
    where: str        # what the field is, in the loader's words
    value: str
    anchor: str = ""  # a line of the file after which the field comes (e.g. "id: grazing")


def _text_fields(text: Text | Name | None, path: str, where: str,
                 anchor: str = "") -> Iterator[_Field]:
    if text is None:
        return
    for lang in ("zh", "bo"):
        value = getattr(text, lang)
        if value:
            yield _Field(path, f"{where} > {lang}", value, anchor)


def _poster_fields(county: County, data_label: str) -> Iterator[_Field]:
    """Every text of the data a poster prints, with the file and field it comes from."""
    divisions = f"{data_label}/divisions.yaml"
    yield from _text_fields(county.name, divisions, "county name")
    for township in county.townships:
        yield from _text_fields(township.name, divisions, f"township '{township.id}' name",
                                f"id: {township.id}")
        for village in township.villages:
            if village.id in county.regulations:
                yield from _text_fields(village.name, divisions, f"village '{village.id}' name",
                                        f"id: {village.id}")
    phrases = f"{data_label}/phrases.yaml"
    for theme in county.themes:
        yield from _text_fields(theme.name, phrases, f"theme '{theme.id}' name", f"id: {theme.id}")
    for phrase in county.phrases:
        yield from _text_fields(phrase.text, phrases, f"phrase '{phrase.id}'", f"id: {phrase.id}")
    for regulation in county.regulations.values():
        rev = regulation.current
        for name, value in (("title", rev.title), ("body", rev.body)):
            yield from _text_fields(value, rev.source, name, f"{name}:")
        for chapter in rev.chapters:
            yield from _text_fields(chapter.title, rev.source, f"chapter '{chapter.id}' title",
                                    f"id: {chapter.id}")
            for article in chapter.articles:
                yield from _text_fields(article.text, rev.source, f"article '{article.id}'",
                                        f"id: {article.id}")
                for provision in article.provisions:
                    yield from _text_fields(provision.condition, rev.source,
                                            f"article '{article.id}' > provision > condition",
                                            f"id: {article.id}")
    if county.points is not None:
        for measure in county.points.measures:
            yield from _text_fields(measure.name, f"{data_label}/points.yaml",
                                    f"measure '{measure.id}' name", f"id: {measure.id}")


def _label_fields(keys: list[str]) -> Iterator[_Field]:
    """The messages a poster prints, in both languages."""
    for lang in messages.LANGS:
        catalogue = messages.catalogue(lang)
        path = messages.catalogue_path(lang).resolve().relative_to(REPOSITORY).as_posix()
        for key in keys:
            yield _Field(path, f"message '{key}' ({lang})", catalogue[key], f"{key}:")


def _line_of(base: Path | None, field: _Field, ch: str) -> int:
    """The line of the file where the character appears in that field, as near as we can tell."""
    if base is None:
        return 1
    root = REPOSITORY if field.path.startswith("plugins/") else base
    path = root / field.path
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    start = 0
    if field.anchor:  # "id: grazing" matches "- id: grazing", not "- id: grazing-2"
        anchor = re.compile(rf"^\s*(?:-\s+)?{re.escape(field.anchor)}\s*(?:#.*)?$")
        start = next((i for i, line in enumerate(lines) if anchor.match(line)
                      or (field.anchor.endswith(":") and line.startswith(field.anchor))), 0)
    for i in range(start, len(lines)):
        if ch in lines[i]:
            return i + 1
    return start + 1
