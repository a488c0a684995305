"""MkDocs glue: load the data, add the generated pages, fill them, fix the language switch.

mkdocs-static-i18n runs the whole build once per language; `config.theme["language"]` says which.
Generated files are added after i18n has sorted the docs (`on_files` at priority -110): files it
did not create itself would otherwise be dropped or crash it.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import opendata, search, site
from .config import RegulationsConfig
from .load import load
from .model import County
from .render import Renderer

log = get_plugin_logger(__name__)


def _fingerprint(folder: Path) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in folder.rglob("*.yaml")))


class RegulationsPlugin(BasePlugin[RegulationsConfig]):
    def __init__(self):
        self.county: County | None = None
        self.renderer: Renderer | None = None
        self._fingerprint: tuple = ()
        self.lang = site.DEFAULT_LANG
        self.specs: dict[str, site.PageSpec] = {}
        self.bodies: dict[str, str] = {}
        self._alternate = None

    def on_config(self, config: MkDocsConfig):
        data_dir = Path(config.config_file_path).parent / self.config.data_dir
        if str(data_dir) not in config.watch:
            config.watch.append(str(data_dir))
        fingerprint = _fingerprint(data_dir)
        if self.county is None or fingerprint != self._fingerprint:
            self.county = load(data_dir)  # raises DataError: the build stops with every problem
            overrides = Path(config.config_file_path).parent / "overrides" / "regpub"
            self.renderer = Renderer(self.county, [overrides] if overrides.is_dir() else [],
                                     config.site_url or "")
            self._fingerprint = fingerprint
            log.info(f"loaded {len(self.county.regulations)} regulations")
        return config

    @event_priority(-110)
    def on_files(self, files: Files, config: MkDocsConfig):
        # i18n sets the build's language in its own on_config, which runs after ours.
        self.lang = config.theme["language"]
        self.specs = {}
        for spec in site.pages(self.county):
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
        if self.lang == site.DEFAULT_LANG:  # the open data: one copy, language-independent
            for path, content in opendata.files(self.county, config.site_url or "").items():
                files.append(File.generated(config, path, content=content))
        data = search.build(self.county, self.lang,
                            lambda key, fragment: key + (f"#{fragment}" if fragment else ""))
        files.append(File.generated(config, site.url("search/index.js", self.lang),
                                    content=data.script))
        log.info(f"{self.lang}: {len(self.specs)} pages; search data {len(data.script):,} bytes, "
                 f"{data.gzipped_size:,} gzipped")
        return files

    def on_env(self, env, config, files):
        env.globals["regpub_sample"] = self.county.is_sample
        env.globals["regpub_label"] = lambda key: self.renderer.label(key, self.lang)
        return env

    def on_page_markdown(self, markdown: str, page: Page, config, files):
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        title, body = self.renderer.render(spec, self.lang)
        page.meta["title"] = title
        page.meta.setdefault("hide", ["toc"])
        self.bodies[page.file.src_uri] = body
        return ""

    def on_page_content(self, html: str, page: Page, config, files):
        return self.bodies.pop(page.file.src_uri, html)

    def on_page_context(self, context, page: Page, config, nav):
        """Point the language switch at the same page in the other language."""
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
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
        return output
