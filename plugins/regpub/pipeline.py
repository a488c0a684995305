"""The build: load the data once, then make every output from the model, inside the safety
wrapper of output.py (lock, staging folder, completeness check, swap).

    regulations/ --load--> County ---+--> pages ........ render.Renderer + site.pages, written by
    (one read, lock           + the  |                    a PageHost (MkDocs + Material + i18n)
     checked, one diff        address+--> feed, search . search.build (jieba on the second core)
     per pair, memoised)      book   +--> open data .... opendata.files
                                     +--> posters ...... posters.write (process pool)
                                     +--> offline ...... offline.write_zip (from the pages written)

Nothing here knows MkDocs. The page generator is a `PageHost` handed in by the caller (build.py
passes mkdocs_host.MkDocsHost): it reads its configuration into `Options` and writes the pages
of a prepared `Model`. Every other output is written by this module straight into the staging
folder, so it is the same whatever generator hosts the pages.
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from . import offline, opendata, output, search, site, sitemap, webfonts
from .addresses import DEFAULT_LANG, LANGS, Addresses
from .commands import print_warnings
from .diff import Comparisons
from .load import DataError, load
from .messages import DEFAULT_BO_NUMERALS
from .model import County
from .render import Renderer
from .workers import exit_with_parent

# The full font the web font is cut from (the posters embed the same file).
TIBETAN_FONT = Path(__file__).resolve().parents[2] / "fonts" / "NotoSerifTibetan-Regular.ttf"


@dataclass(frozen=True)
class Options:
    """What a build is asked to make; the page host reads them from its configuration."""

    data_dir: Path  # divisions.yaml, phrases.yaml, villages/, published.lock
    site_url: str = ""  # the published address: absolute links, the feed, QR codes
    templates: tuple[Path, ...] = ()  # folders of templates that override the shipped ones
    bo_numerals: str = DEFAULT_BO_NUMERALS  # digits on Tibetan pages and posters
    preview_lang: str | None = None  # a one-language preview: the other keeps county pages
    search_shard_above: int = search.SHARD_ABOVE  # gzipped bytes per language, see search.py
    posters: bool = False  # the pages link the posters: only a build that makes them

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages built whole (every page)."""
        return (self.preview_lang,) if self.preview_lang else LANGS

    def is_whole(self, lang: str) -> bool:
        return lang in self.languages


@dataclass
class Model:
    """The loaded county and what every output shares: the address book, the page renderer
    (its comparisons are computed once per pair), the Chinese search vocabulary (a Future:
    jieba segments it in another process while the pages render)."""

    options: Options
    fingerprint: tuple
    county: County
    addresses: Addresses
    renderer: Renderer
    words: Future


# --- one load, shared by the pipeline and the page host -------------------------------------

def fingerprint(folder: Path) -> tuple:
    """Every file of the data folder (the YAML and published.lock), as the loader reads them."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in folder.rglob("*") if p.is_file()))


log = logging.getLogger(__name__)
_prepared: dict[Options, Model] = {}  # one entry: the last build's (a preview rebuilds often)
_comparisons = Comparisons()  # by file digests: unchanged pairs survive a reload of the data
_worker: ProcessPoolExecutor | None = None  # the second core: jieba there, pages here


def _second_core() -> ProcessPoolExecutor:
    global _worker
    if _worker is None:
        _worker = ProcessPoolExecutor(1, initializer=exit_with_parent, initargs=(os.getpid(),))
    return _worker


def prepare(options: Options) -> Model:
    """The model of `options.data_dir`, loaded once: again only when a file of the data folder
    changed (a live preview rebuilds on every edit, also of a template or a page). Raises
    DataError with every problem of the data."""
    current = fingerprint(options.data_dir)
    cached = _prepared.get(options)
    if cached is not None and cached.fingerprint == current:
        return cached
    county = load(options.data_dir)
    _prepared.clear()
    words = _second_core().submit(search.vocabularies, search.chinese_texts(county))
    addresses = Addresses(options.site_url)
    renderer = Renderer(county, list(options.templates), options.site_url, _comparisons,
                        bo_numerals=options.bo_numerals, addresses=addresses)
    # Read by phrases.html, points.html and village.html: link the posters or not.
    renderer.env.globals["posters"] = options.posters
    model = _prepared[options] = Model(options, current, county, addresses, renderer, words)
    log.info(f"loaded {len(county.regulations)} regulations")
    return model


# --- the outputs that are not pages ---------------------------------------------------------

def write_files(model: Model, site_dir: Path, lang: str, log: Callable[[str], None]) -> list[str]:
    """The feed of `lang`, its search data (a whole language only) and, once, the open data,
    into `site_dir`; returns their site-relative paths. Called per language, by the pipeline
    after the pages, or by the page host when the generator drives (a live preview)."""
    written = {}
    for spec in site.files():
        written[spec.url(lang)] = model.renderer.render_file(spec, lang).encode("utf-8")
    if lang == DEFAULT_LANG and model.options.is_whole(lang):  # language-independent
        written.update(opendata.files(model.county, model.addresses, model.renderer.comparison))
    if model.options.is_whole(lang):
        data = search.build(model.county, lang, model.addresses, words=model.words.result(),
                            shard_above=model.options.search_shard_above)
        written.update((site.url(d.path, lang), d.script) for d in data)
        raw, gzipped = sum(len(d.script) for d in data), sum(d.gzipped_size for d in data)
        pages = sum(1 for _ in site.pages(model.county, model.addresses))
        log(f"{lang}: {pages} pages; search data {len(data)} file{'s' if len(data) > 1 else ''}, "
            f"{raw:,} bytes, {gzipped:,} gzipped")
    for path, content in written.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return list(written)


def make_posters(model: Model, site_dir: Path) -> list[str]:
    """The PDF posters into the staging folder, each at its address; their site-relative paths."""
    from . import posters

    options = model.options
    print(posters.write(model.county, model.addresses, site_dir, data_dir=options.data_dir,
                        bo_numerals=options.bo_numerals), flush=True)
    return posters.names(model.county, model.addresses)


def place_names(model: Model) -> set[str]:
    """The Tibetan names of the county, its townships and villages: what a Chinese page shows
    in Tibetan (webfonts gives the pages that show nothing else a smaller font)."""
    county = model.county
    named = [county, *county.townships, *county.villages]
    return {place.name.bo for place in named if place.name.bo}


def make_offline_copies(model: Model, site_dir: Path) -> list[str]:
    """One zip per language for a USB stick or a phone, opened from a folder (file://), made
    from the pages written; their site-relative paths."""
    def one(lang: str) -> str:
        out = site_dir / model.addresses.offline_copy(lang).key
        count = offline.write_zip(site_dir, lang, out, model.options.site_url)
        return f"offline copy {lang}: {count} files, {out.stat().st_size / 1e6:.1f} MB"

    with ThreadPoolExecutor(2) as pool:  # zlib works outside the GIL: the two zips overlap
        for line in pool.map(one, LANGS):
            print(line)
    return [model.addresses.offline_copy(lang).key for lang in LANGS]


# --- the page host --------------------------------------------------------------------------

class HostProblem(Exception):
    """The page host's configuration is missing or invalid, or it failed to write the pages:
    one line, with what to do."""


class PageHost(Protocol):
    """A static-site generator that writes the pages (mkdocs_host.MkDocsHost)."""

    site_dir: Path  # its default output folder
    docs_dir: Path  # its hand-written pages: never an output folder
    config_dir: Path  # the folder of its configuration file: never an output folder

    def options(self, data_dir: Path, posters: bool) -> Options: ...

    def write_pages(self, model: Model, site_dir: Path) -> set[str]:
        """Write every page of `model` (and the host's own files: assets, hand-written pages,
        404, sitemap) into site_dir; return the site-relative path of every file it planned."""


# --- the build ------------------------------------------------------------------------------

def key_files(languages: tuple[str, ...], addresses: Addresses) -> set[str]:
    """Files every complete site has, whatever the host says it planned (site-relative), for the
    languages built whole (a one-language preview builds one)."""
    keys = {"404.html", "sitemap.xml"}
    for lang in languages:
        keys.update(address.path(lang) + name for address, name in (
            (addresses.home(), "index.html"), (addresses.phrases(), "index.html")))
        keys.update(a.path(lang) for a in (addresses.feed(), addresses.search_data()))
    if DEFAULT_LANG in languages:  # the open data, once for both languages
        keys.update(a.key for a in (addresses.data_index(), addresses.articles_csv(),
                                    addresses.points_csv()))
    return keys


@dataclass
class Build:
    """One build, as build.py asks for it."""

    host: PageHost
    data_dir: Path
    site_dir: Path | None = None  # default: the host's
    posters: bool = True
    wait: float = 0.0  # seconds to wait for another build of the same folder
    version: str = "unknown"  # written into the marker of the built site
    project_dirs: tuple[Path, ...] = field(default_factory=tuple)

    def run(self) -> int:
        """Build into a fresh folder beside the target and swap it in only when the build
        succeeded and is complete, so a failed or interrupted build leaves the previous site
        whole. The posters are part of the build: a poster that fails fails the build. See
        output.py for where the site may be written, and the lock that keeps to one build at a
        time. Returns the exit status."""
        started = time.monotonic()
        try:
            def checked() -> Path:
                return output.safe_target(Path(self.site_dir or self.host.site_dir),
                                          data_dir=self.data_dir, docs_dir=self.host.docs_dir,
                                          project_dirs=(*self.project_dirs, self.host.config_dir))

            target = checked()
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise output.io_error(f"create the folder of {target}", e) from None
            with output.BuildLock(target, self.wait,
                                  notice=lambda line: print(line, file=sys.stderr, flush=True)):
                for line in output.recover(target):
                    print(line, file=sys.stderr)
                target = checked()  # again: the folder may have changed while this build waited
                return self._locked(target, started)
        except (HostProblem, output.OutputError) as e:
            print(f"build refused: {e}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:  # while waiting for another build, or before building
            print("build stopped before it began; nothing changed", file=sys.stderr)
            return 130

    def _locked(self, target: Path, started: float) -> int:
        """The build itself, holding the lock on `target`."""
        from concurrent.futures.process import BrokenProcessPool

        from .posters import PosterError
        from .tempfolders import remove_orphans

        for folder in remove_orphans():
            print(f"removed {folder}, left by a stopped build or preview", file=sys.stderr)
        staging = output.new_staging(target)
        try:
            options = self.host.options(self.data_dir, self.posters)
            model = prepare(options)  # raises DataError: every problem at once, nothing built
            planned = self.host.write_pages(model, staging)
            for lang in LANGS:
                planned.update(write_files(model, staging, lang, print))
            if self.posters:
                planned.update(make_posters(model, staging))
            # After every text is written, before the offline copies take the font along.
            print(webfonts.write(staging, TIBETAN_FONT, place_names(model)), flush=True)
            planned.discard(webfonts.BOLD_FILE)  # one weight (webfonts.py says why)
            # Over the host's, which lists only its hand-written pages.
            pages = {spec.key for spec in site.pages(model.county, model.addresses)}
            (staging / sitemap.FILE).write_bytes(sitemap.sitemap(
                pages | sitemap.host_page_keys(planned), model.addresses))
            (staging / (sitemap.FILE + ".gz")).unlink(missing_ok=True)  # the host's, stale
            planned.discard(sitemap.FILE + ".gz")
            planned.update(make_offline_copies(model, staging))
            (staging / output.MARKER).write_text(output.marker_text(self.version), encoding="utf-8")
            # Every generated page in each language built whole at least; `planned` adds the
            # host's hand-written pages and assets, and every file written here.
            languages = options.languages
            output.verify_complete(
                staging, planned | key_files(languages, model.addresses) | {output.MARKER},
                min_pages=len(languages) * sum(1 for _ in site.pages(model.county, model.addresses)))
            output.swap_in(staging, target)
        except DataError as e:
            shutil.rmtree(staging, ignore_errors=True)
            print(e.report(), file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"build stopped, {target} left as it was", file=sys.stderr)
            return 130
        except (HostProblem, PosterError, BrokenProcessPool, output.OutputError) as e:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"build failed, {target} left as it was: {e}", file=sys.stderr)
            return 1
        except OSError as e:  # a full disk, a folder made read-only while building...
            shutil.rmtree(staging, ignore_errors=True)
            error = output.io_error(f"write the site in {target.parent}", e)
            print(f"build failed, {target} left as it was: {error}", file=sys.stderr)
            return 1
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        pages = sum(1 for _ in target.rglob("*.html"))
        size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
        print_warnings(model.county)
        print(f"built {target}: {pages} pages, {size / 1e6:.1f} MB, in "
              f"{time.monotonic() - started:.1f} s")
        return 0
