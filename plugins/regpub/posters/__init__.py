"""Printable PDF posters: each village's current regulation (A3 and A4), its points table (A4)
and the phrases (A3).

A cadre downloads their village's poster, prints it at the township print shop and pins it on
the notice board; a villager scans its QR code and lands on that exact revision's page.

    write(county, addresses, site_dir)   ->  PosterSummary
        each poster at site_dir / its address (addresses.py):
        Addresses.poster(v)               A3 portrait, the current revision, zh | bo side by side
        Addresses.poster(v, "a4")         the same on A4
        Addresses.points_poster(v)        A4 portrait, the points table (积分细则) made from the
                                          current revision's provisions, with the supervision
                                          group; only where the current revision has provisions
        Addresses.board_poster(v)         the notice board (展板): one sheet, 90 x 120 cm, or
                                          120 x 240 cm where it does not fit, bleed and crop
                                          marks; a regulation too long for both: PosterError
        Addresses.phrases_poster()        the phrases by theme, large type, A3
        Addresses.compare_table(old, new) A4 landscape, the old/new table (修改对照表) of each
                                          comparison page: before | after | reason
                                          (comparetable.py)
    check_fonts(county)   raises DataError naming every character the poster fonts lack
    names(county, addresses)   the files write() makes, in order

The rooms: paper.py (paper sizes), fonts.py (the shipped font files, what they cover, the
coverage check), compose.py (the HTML, from the templates), press.py (WeasyPrint in worker
processes that see no font but the shipped ones). Nothing here imports MkDocs.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from .. import messages
from ..addresses import Addresses
from ..model import County
from . import comparetable, compose, fonts
from .press import PosterError, PosterSummary, press

__all__ = ["write", "check_fonts", "names", "PosterError", "PosterSummary"]


def check_fonts(county: County, data_dir: Path | str | None = None) -> None:
    """Refuse, before anything is rendered, a character the poster fonts cannot draw, in the
    data or in the messages a poster prints: DataError, `path:line: ... [font-coverage]` each.
    `data_dir` (the regulations/ folder) lets the message name the line, else it says line 1."""
    fonts.check_coverage(county, compose.labels(), data_dir,
                         extra=comparetable.printed_texts(county))


def names(county: County, addresses: Addresses) -> list[str]:
    """The site-relative path of every poster write() makes, in order."""
    return [poster.name for poster in compose.plan(county, addresses)]


def write(county: County, addresses: Addresses, site_dir: Path | str, *,
          jobs: int | None = None, data_dir: Path | str | None = None,
          bo_numerals: str = messages.DEFAULT_BO_NUMERALS,
          progress: Callable[[str], None] | None = print) -> PosterSummary:
    """Write every poster into site_dir, at its address, rendering in parallel on `jobs`
    processes (default: every core this process may use). Raises DataError (font coverage,
    before anything is rendered) or PosterError; on an error site_dir may hold some posters:
    write into a staging folder."""
    started = time.monotonic()
    check_fonts(county, data_dir)
    renderer = compose.PosterRenderer(county, addresses, bo_numerals)
    pages = [(poster.name, renderer.task(poster)) for poster in compose.plan(county, addresses)]
    css = fonts.font_face_css() + compose.STYLESHEET.read_text(encoding="utf-8")
    files, workers = press(pages, Path(site_dir), css=css, base_url=str(compose.TEMPLATES) + "/",
                           font_dir=fonts.FONTS, jobs=jobs, progress=progress)
    said = compose.board_summary([(f.name, f.variant) for f in files if f.variant])
    return PosterSummary(files, time.monotonic() - started, workers,
                         tuple(said + compose.notes(county, addresses)))
