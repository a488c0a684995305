"""Render a page spec in one language to (title, HTML body) with the Jinja2 templates.

Autoescaping is on for every template: the data is text, never markup.
"""
from __future__ import annotations

import datetime
import re
from functools import cached_property
from typing import Callable
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import changes, numbering, opendata, points, site, translation
from .addresses import Address, Addresses
from .messages import DEFAULT_BO_NUMERALS, Messages
from .diff import ArticleVersion, Comparison, Comparisons, article_histories
from .model import County, Name, Revision, Text

TEMPLATES = Path(__file__).parent / "templates"
LIST_EVERY_VILLAGE_UP_TO = 100  # villages; above, county pages list townships instead
LATEST_REVISIONS = 200  # on /changes/ and in the feed; each village page has its whole history


class Renderer:
    def __init__(self, county: County, template_dirs: list[Path] | None = None,
                 site_url: str = "", comparisons: Comparisons | None = None,
                 bo_numerals: str = DEFAULT_BO_NUMERALS, addresses: Addresses | None = None):
        self.county = county
        self.addresses = addresses or Addresses(site_url)
        loader = jinja2.FileSystemLoader([*(template_dirs or []), TEMPLATES])
        self.env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True)
        # The interface messages of each language (messages.py: placeholders, Tibetan grammar,
        # one numeral style for everything generated on a Tibetan page).
        self.messages = {lang: Messages(lang, bo_numerals) for lang in ("zh", "bo")}
        self.bo_numerals = bo_numerals
        self.comparison: Callable[[Revision, Revision], Comparison] = comparisons or Comparisons()
        self._histories: dict[tuple, dict[str, tuple[ArticleVersion, ...]]] = {}

    # County-wide values the templates need: computed once per build, not once per page (at
    # 2,000 villages that is 24,000 pages).
    @cached_property
    def updated(self):
        return max((r.adopted for reg in self.county.regulations.values() for r in reg.revisions),
                   default=None)

    @cached_property
    def today(self):
        """The build's day: whether a revision is in force, ended or not yet in force (a date
        stated in the future) is said as of the day the site was built."""
        return datetime.date.today()

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

    def histories(self, regulation) -> dict[str, tuple[ArticleVersion, ...]]:
        """A village's article histories, made once per build (each page asks twice per
        language: its title and its body)."""
        key = (regulation.village.id, tuple(r.digest or r.key for r in regulation.revisions))
        if key not in self._histories:
            self._histories[key] = article_histories(regulation, self.comparison)
        return self._histories[key]

    def label(self, key: str, lang: str, /, **values) -> str:
        return self.messages[lang](key, **values)

    def context(self, spec: site.PageSpec | site.FileSpec, lang: str) -> dict:
        here = spec.address
        addr = self.addresses

        def link(target: Address, in_lang: str | None = None) -> str:
            """A relative link from this page to an address of the address book."""
            return addr.link(here, target, lang, in_lang)

        def text(value: Text | Name | None) -> str:
            if value is None:
                return ""
            return value.get(lang) or value.zh

        def title_name(place) -> str:
            """A village's, township's or county's name in a page title (and the header that
            repeats it), where no markup can say which language it is: on a Tibetan page
            without a Tibetan name, its pinyin rather than untagged Chinese."""
            if lang == "bo" and not place.name.bo and place.pinyin:
                return place.pinyin[:1].upper() + place.pinyin[1:]
            return text(place.name)

        def in_page_lang(value: Text | Name) -> str | Markup:
            """A value to put into a message: this page's language, or the Chinese marked as
            such where the Tibetan is missing (a message's `{place:gen}` then adds the particle
            after the Chinese, as a Tibetan writer would)."""
            if lang == "zh" or value.bo:
                return value.get(lang)
            return Markup('<span lang="zh">{}</span>').format(value.zh)

        def excerpt(value: Text) -> str | Markup:
            """The first words of a text, to name it in a link (never its raw id)."""
            whole = in_page_lang(value)
            if isinstance(whole, Markup):
                return Markup('<span lang="zh">{}</span>').format(_first_words(value.zh, "zh"))
            return _first_words(whole, lang)

        extra = dict(getattr(spec, "context", {}))
        if "pair" in extra:
            extra["comparison"] = self.comparison(*extra.pop("pair"))
        if "article_id" in extra:  # an article's history: its versions, from the same comparisons
            extra["versions"] = self.histories(extra["regulation"])[extra["article_id"]]
        return {
            **extra,
            "county": self.county,
            "lang": lang,
            "other_lang": "bo" if lang == "zh" else "zh",
            "addr": addr,
            "absolute": lambda target: addr.absolute(target, lang),
            "updated": self.updated,
            "today": self.today,
            "t": self.messages[lang],
            "tl": self.label,
            "link": link,
            "text": text,
            "article_label": lambda n, in_lang=None: numbering.article_label(
                n, in_lang or lang, self.bo_numerals),
            "chapter_label": lambda n, in_lang=None: numbering.chapter_label(
                n, in_lang or lang, self.bo_numerals),
            "item_label": lambda n, in_lang=None: numbering.item_label(
                n, in_lang or lang, self.bo_numerals),
            "in_page_lang": in_page_lang,
            "title_name": title_name,
            # Codes, file names and examples a reader types as they are (ASCII digits included).
            "code": lambda value: Markup("<code>{}</code>").format(value),
            "data_format_version": opendata.FORMAT_VERSION,
            "excerpt": excerpt,
            # Every generated number of a page in one style (messages.py: Tibetan digits on
            # Tibetan pages unless `bo_numerals: arabic`).
            "number": self.messages[lang].number,
            "phrase_usage": self.phrase_usage,
            "large": self.large,
            "latest_revisions": self.latest_revisions,
            # The changes page: the latest revisions (every one up to LATEST_REVISIONS, so that
            # the page never grows with the county) as a filter index (changes.py).
            "changes_index": lambda: changes.index(self.county, self.latest_revisions, lang,
                                                   self.messages[lang], link, addr),
            "changes_first": changes.FIRST_SHOWN,
            "changes_island": changes.island,
            "phrases_by_id": self.phrases_by_id,
            "points_table": points.table,
            "theme_points": lambda revision: points.theme_counts(self.county, revision),
            "signed": points.signed,
            "translation_report": lambda reg: translation.village_report(self.county, reg),
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


EXCERPT_SYLLABLES = 6  # Tibetan: about a short clause
EXCERPT_CHARACTERS = 12  # Chinese


def _first_words(text: str, lang: str) -> str:
    """'建议写明发现异常向谁报告。' -> '建议写明发现异常向谁报告…' cut at 12 characters; Tibetan cut
    after 6 syllables (at a tsheg), never inside a syllable."""
    text = text.strip()
    if lang == "bo":
        syllables = [s for s in re.split(r"[\u0f0b\u0f0d\s]+", text) if s]
        if len(syllables) <= EXCERPT_SYLLABLES:
            return text
        return "\u0f0b".join(syllables[:EXCERPT_SYLLABLES]) + "\u0f0b…"
    return text if len(text) <= EXCERPT_CHARACTERS else text[:EXCERPT_CHARACTERS] + "…"
