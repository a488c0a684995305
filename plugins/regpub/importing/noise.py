"""Warnings about the document's characters, for the summary: lines that look like OCR noise,
and the characters the poster fonts cannot print, once per character with a count.

Neither stops the import (a person decides); both point at the document's line or paragraph.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .sources import Line

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Latin letters glued to Chinese (扎西村NT规定, 开NT): OCR reading a stain or a seal as letters.
LATIN_IN_CHINESE = re.compile(f"[{HAN}][A-Za-z]+|[A-Za-z]+[{HAN}]")
# A run of Chinese characters without punctuation, long enough to judge by its words.
RUN = re.compile(f"[{HAN}]{{10,}}")
SINGLES = 0.6  # share of a run's characters that stand alone as words from which it is noise


def _jieba():
    try:
        import jieba
    except ImportError:  # pragma: no cover - the requirements install it
        return None
    jieba.setLogLevel(60)  # its "Building prefix dict" chatter is not the importer's to print
    return jieba


def _simplifier():
    try:
        import opencc
        return opencc.OpenCC("t2s").convert
    except ImportError:  # pragma: no cover - the requirements install it
        return lambda text: text


def suspicious(lines: list[Line]) -> list[tuple[int, str, str]]:
    """(line, text, why) for each line that looks like OCR noise: Latin letters inside Chinese,
    or a long run of characters that make no words (证告业要餐管头成组维院元点元开: jieba cuts
    real text into words of two or more characters; noise falls apart into single ones)."""
    jieba = None
    simplified = _simplifier()
    out = []
    for line in lines:
        latin = LATIN_IN_CHINESE.search(line.text)
        if latin:
            out.append((line.no, line.text, f"Latin letters inside Chinese ('{latin.group()}')"))
            continue
        for run in RUN.findall(line.text):
            jieba = jieba or _jieba()
            if jieba is None:
                break
            # jieba's words are Simplified: a Traditional run (村規民約) is judged as such
            singles = sum(1 for word in jieba.lcut(simplified(run), HMM=False) if len(word) == 1)
            if singles / len(run) >= SINGLES:
                out.append((line.no, line.text, f"a run of characters that make no words ('{run}')"))
                break
    return out


def outside_fonts(lines: list[Line]) -> list[tuple[str, int, int]] | None:
    """(character, count, first line) for each character the poster fonts cannot print, in
    order of first appearance; None when the fonts cannot be read here (then the build's
    font check says it)."""
    try:
        from ..posters.fonts import covered_characters
        covered = covered_characters()
    except Exception:  # no fontTools, or fonts/ missing: nothing to say before the build
        return None
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for line in lines:
        for ch in line.text:
            if ord(ch) in covered or unicodedata.category(ch) in ("Cc", "Cf", "Zs"):
                continue
            counts[ch] += 1
            first.setdefault(ch, line.no)
    return [(ch, counts[ch], first[ch]) for ch in first]


def warnings(lines: list[Line], unit: str) -> list[str]:
    """The summary's warnings about the document's characters."""
    out = []
    noisy = suspicious(lines)
    if noisy:
        out.append(f"{len(noisy)} line(s) look like OCR noise: check them against the paper "
                   "document")
        for no, text, why in noisy:
            shown = text if len(text) <= 40 else text[:39] + "…"
            out.append(f"  {unit} {no}: {shown} — {why}")
    missing = outside_fonts(lines)
    if missing:
        total = sum(n for _, n, _ in missing)
        out.append(f"{len(missing)} character(s) the poster fonts cannot print ({total} "
                   "occurrence(s)); a poster would show empty boxes: use the common form, or "
                   "import with --from-traditional if the document is in Traditional Chinese")
        for ch, n, no in missing[:40]:
            out.append(f"  '{ch}' U+{ord(ch):04X} ×{n} (first in {unit} {no})")
        if len(missing) > 40:
            out.append(f"  … and {len(missing) - 40} more")
    return out
