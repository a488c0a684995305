"""The press: lays out HTML as PDF with WeasyPrint, in worker processes, one poster per task.

Each worker runs with a fontconfig configuration that knows the given font folder and no other
font (no system font, no user font), so a poster looks the same on a machine with every Noto font
installed and on a bare CI machine; a character those fonts lack would print as a blank box
(fonts.py checks that before anything reaches the press). Everything the workers write to a temp
folder goes into one folder of ours (tempfolders.owned_folder), removed as a whole, or by the
next build if this one is killed.

Nothing here knows the model or the templates: it takes (file name, HTML) pairs.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
import time
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence
from xml.sax.saxutils import escape as xml_escape

from ..tempfolders import owned_folder
from ..workers import exit_with_parent


class PosterError(Exception):
    """A poster could not be made (a layout or template bug, a font file missing from the
    checkout): not a data problem."""


@dataclass(frozen=True)
class OneSheet:
    """A poster that must fit one sheet: each (label, HTML) of `choices` is laid out in turn
    and the first that fits one page is written (the notice board: portrait, then landscape).
    None fits: PosterError, saying so; the type is never shrunk to make it fit."""
    choices: tuple[tuple[str, str], ...]
    too_long: str  # the message when none fits, after the poster's file name

    def __len__(self) -> int:  # the press's load balancing: the longest task first
        return len(self.choices[0][1])


@dataclass(frozen=True)
class PosterFile:
    name: str
    bytes: int
    pages: int
    seconds: float
    variant: str = ""  # the OneSheet choice written (the board's size)


@dataclass(frozen=True)
class PosterSummary:
    files: tuple[PosterFile, ...]
    seconds: float
    workers: int
    notes: tuple[str, ...] = ()  # lines the build prints after the totals (poster warnings)

    @property
    def count(self) -> int:
        return len(self.files)

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    def __str__(self) -> str:
        return "\n".join([
            f"posters: {self.count} files, {self.bytes / 1e6:.1f} MB, in {self.seconds:.1f} s "
            f"({self.workers} worker{'s' if self.workers != 1 else ''})", *self.notes])


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def press(pages: Sequence[tuple[str, str | OneSheet]], out_dir: Path, *, css: str, base_url: str,
          font_dir: Path, jobs: int | None = None,
          progress: Callable[[str], None] | None = print) -> tuple[tuple[PosterFile, ...], int]:
    """Write each (file path, HTML or OneSheet) of `pages` as out_dir/<file path>, on `jobs` processes
    (default: every core this process may use), styled by `css` with only the fonts of
    `font_dir`; relative URLs resolve against `base_url`. Returns the files, in the order of
    `pages`, and the number of workers. Raises PosterError on the first poster that fails; the
    others are cancelled, and out_dir may hold some posters: press into a staging folder."""
    out_dir = Path(out_dir)
    for folder in {(out_dir / name).parent for name, _ in pages}:
        folder.mkdir(parents=True, exist_ok=True)
    order = {name: i for i, (name, _) in enumerate(pages)}
    tasks = sorted(pages, key=lambda t: len(t[1]), reverse=True)  # longest first: load balance
    workers = max(1, min(jobs or default_jobs(), len(tasks)))
    done: list[PosterFile] = []
    # fork where there is one (Linux, macOS): fast, and it works from any __main__ (a script,
    # pytest, python -c); each worker sets up its own fontconfig either way (_init_worker).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with owned_folder("posters") as folder, \
            ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                initargs=(str(_isolated_fontconfig(folder, font_dir)), css,
                                          base_url, os.getpid())) as pool:
        futures = [pool.submit(_render, name, html, str(out_dir / name)) for name, html in tasks]
        pending = set(futures)
        while pending:
            try:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            except KeyboardInterrupt:  # Ctrl-C or `kill`: stop now, not after every poster
                for other in futures:
                    other.cancel()
                raise
            for future in finished:
                error = future.exception()
                if error is not None:
                    for other in pending:
                        other.cancel()
                    raise error
                done.append(future.result())
                if progress:
                    progress(f"posters: {len(done)}/{len(tasks)}")
    done.sort(key=lambda f: order[f.name])
    return tuple(done), workers


# -- in the worker processes -------------------------------------------------------------------

_worker: dict = {}


def _isolated_fontconfig(folder: Path, font_dir: Path) -> Path:
    """A fontconfig file that knows only the fonts of font_dir (no system fonts, no user fonts)."""
    conf = folder / "fonts.conf"
    (folder / "cache").mkdir(exist_ok=True)
    (folder / "tmp").mkdir(exist_ok=True)  # the workers' temp folder (_init_worker)
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{xml_escape(str(font_dir))}</dir>"
        f"<cachedir>{xml_escape(str(folder / 'cache'))}</cachedir></fontconfig>\n",
        encoding="utf-8")
    return conf


def _init_worker(fontconfig_file: str, css: str, base_url: str, parent: int) -> None:
    exit_with_parent(parent)
    # WeasyPrint puts each FontConfiguration's fonts in a `weasyprint-*` temp folder that only
    # its garbage collection removes, which a pool worker never reaches: keep it in our folder,
    # removed as a whole (or by the next build if this one is killed; tempfolders.py).
    private_tmp = str(Path(fontconfig_file).parent / "tmp")
    os.environ["TMPDIR"] = private_tmp
    tempfile.tempdir = private_tmp
    # Before WeasyPrint (and so fontconfig) is first imported in this process.
    os.environ["FONTCONFIG_FILE"] = fontconfig_file
    os.environ.pop("FONTCONFIG_PATH", None)
    # A forked worker inherits the build's INFO logging: WeasyPrint's steps are noise there.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    _worker.update(font_config=font_config, base_url=base_url,
                   css=CSS(string=css, base_url=base_url, font_config=font_config))


def print_bleed(document, pdf) -> None:
    """Each page's BleedBox at the print bleed (PRINT_BLEED_MM round the TrimBox): WeasyPrint
    puts it at 10 pt or the CSS bleed, which here also holds the crop marks (paper.py)."""
    from .paper import PRINT_BLEED_MM

    bleed = PRINT_BLEED_MM * 72 / 25.4
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/Page" and "TrimBox" in obj:
            media, (left, bottom, right, top) = obj["MediaBox"], obj["TrimBox"]
            if media[0] < left - bleed:  # a sheet with marks round it
                obj["BleedBox"] = type(obj["TrimBox"])(
                    [left - bleed, bottom - bleed, right + bleed, top + bleed])


def _render(name: str, html: str | OneSheet, target: str) -> PosterFile:
    from weasyprint import HTML

    started = time.monotonic()
    choices = html.choices if isinstance(html, OneSheet) else (("", html),)
    try:
        for variant, text in choices:
            document = HTML(string=text, base_url=_worker["base_url"]).render(
                stylesheets=[_worker["css"]], font_config=_worker["font_config"])
            if not isinstance(html, OneSheet) or len(document.pages) == 1:
                break
        else:
            raise PosterError(f"{name}: {html.too_long}")
        document.write_pdf(target, finisher=print_bleed)
    except PosterError:
        raise
    except Exception as e:  # a layout or template bug: say which poster
        raise PosterError(f"{name}: {type(e).__name__}: {e}") from None
    return PosterFile(name, Path(target).stat().st_size, len(document.pages),
                      time.monotonic() - started, variant)
