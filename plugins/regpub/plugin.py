"""MkDocs glue: load the data, add the generated pages, fill them, fix the language switch.

mkdocs-static-i18n runs the whole build once per language; `config.theme["language"]` says which.
Generated files are added after i18n has sorted the docs (`on_files` at priority -110): files it
did not create itself would otherwise be dropped or crash it.
"""
from __future__ import annotations

import os
import re
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.bccache

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import opendata, search, site
from .config import RegulationsConfig
from .diff import Comparisons
from .load import load
from .model import County
from .render import Renderer
from .workers import exit_with_parent

log = get_plugin_logger(__name__)
_INDENT = re.compile(r"\n\s+")


def _fingerprint(folder: Path) -> tuple:
    """Every file of the data folder (the YAML and published.lock), as the loader reads them."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in folder.rglob("*") if p.is_file()))


# i18n builds each language with fresh plugin instances; the loaded data, the renderer and its
# comparisons are kept here so that the second language (and `mkdocs serve` rebuilds while the
# data is unchanged) reuse them. One entry: the last build's.
@dataclass
class _Loaded:
    fingerprint: tuple
    county: County
    renderer: Renderer
    words: Future  # the Chinese search vocabulary, segmented by jieba in another process


_loaded: dict[tuple, _Loaded] = {}
_comparisons = Comparisons()  # by file digests: unchanged pairs survive a reload of the data
# The second core: jieba there while pages render here.
_workers = ProcessPoolExecutor(1, initializer=exit_with_parent, initargs=(os.getpid(),))


def _load(data_dir: Path, templates: list[Path], site_url: str, bo_numerals: str) -> _Loaded:
    key = (data_dir, tuple(templates), site_url, bo_numerals)
    fingerprint = _fingerprint(data_dir)
    cached = _loaded.get(key)
    if cached is None or cached.fingerprint != fingerprint:
        county = load(data_dir)  # raises DataError: the build stops with every problem
        _loaded.clear()
        words = _workers.submit(search.vocabularies, search.chinese_texts(county))
        _loaded[key] = _Loaded(fingerprint, county,
                               Renderer(county, templates, site_url, _comparisons,
                                        bo_numerals=bo_numerals), words)
        log.info(f"loaded {len(county.regulations)} regulations")
    return _loaded[key]


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process, not once per language: i18n gives each
    language a new Jinja environment. Jinja checks the source's checksum, so an edited template
    is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_compiled_templates = _CompiledTemplates()


class RegulationsPlugin(BasePlugin[RegulationsConfig]):
    def __init__(self):
        self.loaded: _Loaded | None = None
        self.county: County | None = None
        self.renderer: Renderer | None = None
        self.lang = site.DEFAULT_LANG
        self.specs: dict[str, site.PageSpec] = {}
        self._alternate = None

    def on_config(self, config: MkDocsConfig):
        data_dir = Path(config.config_file_path).parent / self.config.data_dir
        if str(data_dir) not in config.watch:
            config.watch.append(str(data_dir))
        overrides = Path(config.config_file_path).parent / "overrides" / "regpub"
        self.loaded = _load(data_dir, [overrides] if overrides.is_dir() else [], config.site_url or "",
                            self.config.bo_numerals)
        self.county, self.renderer = self.loaded.county, self.loaded.renderer
        return config

    @event_priority(-110)
    def on_files(self, files: Files, config: MkDocsConfig):
        # i18n sets the build's language in its own on_config, which runs after ours.
        self.lang = config.theme["language"]
        self.specs = {}
        # A one-language preview gives the other language its county pages only (the menu's).
        partial = self.config.preview_lang not in (None, self.lang)
        if partial:
            log.info(f"{self.lang}: previewing {self.config.preview_lang}: county pages only")
        for spec in site.pages(self.county):
            if partial and (spec.township or spec.key.startswith("townships/")):
                continue
            # Like i18n's own files: one source name in every language, the output under bo/.
            src_uri = spec.key + "index.md"
            file = File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            file.dest_uri = spec.url(self.lang) + "index.html"
            files.append(file)
            self.specs[src_uri] = spec
        for spec in site.files():
            file = File.generated(config, spec.url(self.lang),
                                  content=self.renderer.render_file(spec, self.lang))
            files.append(file)
        if self.lang == site.DEFAULT_LANG and not partial:  # the open data, language-independent
            for path, content in opendata.files(self.county, config.site_url or "",
                                                    self.renderer.comparison).items():
                files.append(File.generated(config, path, content=content))
        if partial:
            return files
        search_files = search.build(self.county, self.lang,
                                    lambda key, fragment: key + (f"#{fragment}" if fragment else ""),
                                    words=self.loaded.words.result(),
                                    shard_above=self.config.search_shard_above_kb * 1024)
        for data in search_files:
            files.append(File.generated(config, site.url(data.path, self.lang), content=data.script))
        raw, gzipped = (sum(len(d.script) for d in search_files),
                        sum(d.gzipped_size for d in search_files))
        log.info(f"{self.lang}: {len(self.specs)} pages; search data {len(search_files)} "
                 f"file{'s' if len(search_files) > 1 else ''}, {raw:,} bytes, {gzipped:,} gzipped")
        return files

    def on_env(self, env, config, files):
        env.bytecode_cache = _compiled_templates
        env.globals["regpub_sample"] = self.county.is_sample
        # The digits of numbers the browser writes (search.js): as the generated pages'.
        env.globals["regpub_numerals"] = self.renderer.messages[self.lang].numerals
        env.globals["regpub_label"] = lambda key, **values: self.renderer.label(key, self.lang,
                                                                                **values)
        return env

    # A page's body is rendered just before the theme needs it and dropped once written:
    # MkDocs would otherwise hold every page's HTML until the last one is written (at 2,000
    # villages, 24,000 pages and gigabytes).
    def on_page_markdown(self, markdown: str, page: Page, config, files):
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        page.meta["title"] = self.renderer.title(spec, self.lang)
        page.meta["regpub_township"] = spec.township
        page.meta.setdefault("hide", ["toc"])
        return ""

    def on_page_context(self, context, page: Page, config, nav):
        """Point the language switch at the same page in the other language."""
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            page.content = self.renderer.body(spec, self.lang)
            # i18n keeps its per-page copy as an attribute of config.extra (what the theme
            # reads first), so replace that attribute, not the dict item.
            current = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
            alternates = [dict(a) for a in current or []]
            for alternate in alternates:
                alternate["link"] = site.url(spec.key, alternate["lang"]) or "./"
            self._alternate = current
            config.extra.alternate = alternates
        return context

    def on_post_page(self, output: str, page: Page, config):
        # Later templates (404.html, sitemap) must not inherit this page's language links.
        if page.file.src_uri in self.specs:
            config.extra.alternate = self._alternate
            page.content = None
            # The theme's indentation is a tenth of a page's bytes; whitespace stays whitespace
            # (our pages have no <pre>), so nothing renders differently.
            output = _INDENT.sub("\n", output)
        return output
