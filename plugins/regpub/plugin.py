"""MkDocs glue: add the generated pages to MkDocs, fill them, fix the language switch.

The model comes from the pipeline (pipeline.py), never loaded here: in `python build.py` the
pipeline prepares it and hands it over (`hand_over`, called by mkdocs_host.py); when MkDocs
drives (`python build.py serve`, plain `mkdocs build`) the plugin asks `pipeline.prepare`
itself, which loads the data again only when a file of it changed, and writes the feed, search
data and open data through `pipeline.write_files` after each language's pages.

mkdocs-static-i18n runs the whole build once per language; `config.theme["language"]` says which.
Generated files are added after i18n has sorted the docs (`on_files` at priority -110): files it
did not create itself would otherwise be dropped or crash it.
"""
from __future__ import annotations

import re
from pathlib import Path

import jinja2
import jinja2.bccache

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import pipeline, site
from .config import RegulationsConfig

log = get_plugin_logger(__name__)
_INDENT = re.compile(r"\n\s+")


def options_of(config: MkDocsConfig, plugin: RegulationsPlugin, **given) -> pipeline.Options:
    """The pipeline's options from mkdocs.yml; `given` (the command line's) win."""
    base = Path(config.config_file_path).parent
    overrides = base / "overrides" / "regpub"
    found = dict(data_dir=base / plugin.config.data_dir, site_url=config.site_url or "",
                 templates=(overrides,) if overrides.is_dir() else (),
                 bo_numerals=plugin.config.bo_numerals, preview_lang=plugin.config.preview_lang,
                 search_shard_above=plugin.config.search_shard_above_kb * 1024)
    return pipeline.Options(**{**found, **given})


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
        self.model: pipeline.Model | None = None
        self.handed_over: pipeline.Model | None = None  # by the pipeline: it writes the rest
        self.lang = site.DEFAULT_LANG
        self.specs: dict[str, site.PageSpec] = {}
        self._alternate = None

    def hand_over(self, model: pipeline.Model) -> None:
        """The pipeline's model: build its pages; the pipeline writes every other output."""
        self.handed_over = model

    def on_config(self, config: MkDocsConfig):
        options = self.handed_over.options if self.handed_over else options_of(config, self)
        if str(options.data_dir) not in config.watch:
            config.watch.append(str(options.data_dir))
        # raises DataError: the build stops with every problem
        self.model = self.handed_over or pipeline.prepare(options)
        return config

    @event_priority(-110)
    def on_files(self, files: Files, config: MkDocsConfig):
        # i18n sets the build's language in its own on_config, which runs after ours.
        self.lang = config.theme["language"]
        self.specs = {}
        options = self.model.options
        # A one-language preview gives the other language its county pages only (the menu's).
        partial = not options.is_whole(self.lang)
        if partial:
            log.info(f"{self.lang}: previewing {options.preview_lang}: county pages only")
        for spec in site.pages(self.model.county, self.model.addresses):
            if partial and (spec.township or spec.kind == "township"):
                continue
            # Like i18n's own files: one source name in every language, the output in the
            # language's tree (Address.path).
            src_uri = spec.key + "index.md"
            file = File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            file.dest_uri = spec.url(self.lang) + "index.html"
            files.append(file)
            self.specs[src_uri] = spec
        return files

    def on_post_build(self, config: MkDocsConfig):
        """When MkDocs drives (a preview), the files that are not pages: the pipeline's."""
        if self.handed_over is None:
            pipeline.write_files(self.model, Path(config.site_dir), self.lang, log.info)

    def on_env(self, env, config, files):
        env.bytecode_cache = _compiled_templates
        env.globals["regpub_sample"] = self.model.county.is_sample
        # The theme's own templates (overrides/) name our pages through the address book too.
        env.globals["regpub_addresses"] = self.model.addresses
        # The digits of numbers the browser writes (search.js): as the generated pages'.
        env.globals["regpub_numerals"] = self.model.renderer.messages[self.lang].numerals
        env.globals["regpub_label"] = lambda key, **values: self.model.renderer.label(key, self.lang,
                                                                                **values)
        return env

    # A page's body is rendered just before the theme needs it and dropped once written:
    # MkDocs would otherwise hold every page's HTML until the last one is written (at 2,000
    # villages, 24,000 pages and gigabytes).
    def on_page_markdown(self, markdown: str, page: Page, config, files):
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        page.meta["title"] = self.model.renderer.title(spec, self.lang)
        page.meta["regpub_township"] = spec.township
        page.meta["regpub_village"] = spec.village
        page.meta.setdefault("hide", ["toc"])
        return ""

    def on_page_context(self, context, page: Page, config, nav):
        """Point the language switch at the same page in the other language."""
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            page.content = self.model.renderer.body(spec, self.lang)
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
