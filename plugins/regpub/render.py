"""Render a page spec in one language to (title, HTML body) with the Jinja2 templates.

Autoescaping is on for every template: the data is text, never markup.
"""
from __future__ import annotations

from functools import cached_property
from typing import Callable
from pathlib import Path

import jinja2
import yaml

from . import numbering, points, site
from .diff import Comparison, Comparisons
from .model import County, Name, Revision, Text

TEMPLATES = Path(__file__).parent / "templates"
LIST_EVERY_VILLAGE_UP_TO = 100  # villages; above, county pages list townships instead
LATEST_REVISIONS = 200  # on /changes/ and in the feed; each village page has its whole history
LABELS = Path(__file__).parent / "labels.yaml"


class Renderer:
    def __init__(self, county: County, template_dirs: list[Path] | None = None,
                 site_url: str = "", comparisons: Comparisons | None = None):
        self.county = county
        self.site_url = site_url.rstrip("/") + "/" if site_url else "/"
        loader = jinja2.FileSystemLoader([*(template_dirs or []), TEMPLATES])
        self.env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True)
        self.labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
        self.comparison: Callable[[Revision, Revision], Comparison] = comparisons or Comparisons()

    # County-wide values the templates need: computed once per build, not once per page (at
    # 2,000 villages that is 24,000 pages).
    @cached_property
    def updated(self):
        return max((r.adopted for reg in self.county.regulations.values() for r in reg.revisions),
                   default=None)

    @cached_property
    def phrases_by_id(self):
        return {p.id: p for p in self.county.phrases}

    @cached_property
    def large(self) -> bool:
        """A prefecture rather than a county: county pages summarise by township instead of
        listing every village, so no page's weight grows with the number of villages."""
        return len(self.county.villages) > LIST_EVERY_VILLAGE_UP_TO

    @cached_property
    def latest_revisions(self):
        return self.county.revisions_newest_first()[:LATEST_REVISIONS]

    @cached_property
    def phrase_usage(self):
        return self.county.phrase_usage()

    def label(self, key: str, lang: str) -> str:
        try:
            return self.labels[key][lang]
        except KeyError:
            raise KeyError(f"label '{key}' ({lang}) is missing from {LABELS.name}") from None

    def context(self, spec: site.PageSpec | site.FileSpec, lang: str) -> dict:
        here = spec.url(lang)

        def link(key: str, fragment: str = "", in_lang: str | None = None) -> str:
            target = site.url(key, in_lang or lang) + (f"#{fragment}" if fragment else "")
            return site.relative(here, target)

        def text(value: Text | Name | None) -> str:
            if value is None:
                return ""
            return value.get(lang) or value.zh

        extra = dict(getattr(spec, "context", {}))
        if "pair" in extra:
            extra["comparison"] = self.comparison(*extra.pop("pair"))
        return {
            **extra,
            "county": self.county,
            "lang": lang,
            "other_lang": "bo" if lang == "zh" else "zh",
            "absolute": lambda key: self.site_url + site.url(key, lang),
            "updated": self.updated,
            "t": lambda key: self.label(key, lang),
            "tl": self.label,
            "link": link,
            "text": text,
            "article_label": lambda n, in_lang=None: numbering.article_label(n, in_lang or lang),
            "chapter_label": lambda n, in_lang=None: numbering.chapter_label(n, in_lang or lang),
            "number": numbering.bo_number if lang == "bo" else str,
            "phrase_usage": self.phrase_usage,
            "large": self.large,
            "latest_revisions": self.latest_revisions,
            "phrases_by_id": self.phrases_by_id,
            "points_table": points.table,
            "theme_points": lambda revision: points.theme_counts(self.county, revision),
            "signed": points.signed,
            "measure": self.county.points.measure if self.county.points else None,
            "group_of": self.county.supervision.get,
        }

    def render_file(self, spec: site.FileSpec, lang: str) -> str:
        return self.env.get_template(spec.template).render(self.context(spec, lang))

    def render(self, spec: site.PageSpec, lang: str) -> tuple[str, str]:
        """(title, HTML body) of a page."""
        return self.title(spec, lang), self.body(spec, lang)

    def title(self, spec: site.PageSpec, lang: str) -> str:
        return "".join(self._blocks(spec, lang, "title")).strip()

    def body(self, spec: site.PageSpec, lang: str) -> str:
        return "".join(self._blocks(spec, lang, "content"))

    def _blocks(self, spec: site.PageSpec, lang: str, block: str):
        template = self.env.get_template(spec.template)
        ctx = template.new_context(self.context(spec, lang))
        ctx.vars["key"] = spec.key
        return template.blocks[block](ctx)
