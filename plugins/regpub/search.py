"""The search data a phone downloads, one file per language: what can be found, and where it lands.

What is indexed, and why:
- every article of every village's *current* regulation, landing on its anchor; superseded
  revisions and comparison pages are left out: they repeat the same clauses up to three times
  and would push the law in force off the first results. History is one tap away on each
  village page;
- the villages and townships, findable by Chinese name, pinyin (full and initials), Tibetan name
  and recorded aliases;
- the 37 phrases with their explanations.

Chinese is segmented here with jieba; the words found become the vocabulary the browser uses to
split a typed query (so 草场纠纷 matches 草场 ... 纠纷 even when the two are apart). Tibetan is
split into syllables at tsheg and shad, in the browser as here.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass

from . import numbering
from .model import County, Name

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")
VILLAGE_SUFFIXES = ("社区居民委员会", "居民委员会", "村", "乡", "镇")
KIND_PLACE, KIND_ARTICLE, KIND_PHRASE = 0, 1, 2


@dataclass(frozen=True)
class SearchData:
    lang: str
    payload: bytes  # UTF-8 JSON

    @property
    def script(self) -> bytes:
        """The data as a script: a <script> tag loads it where fetch() cannot (file:// copies)."""
        return (f"window.rpSearchData=window.rpSearchData||{{}};window.rpSearchData[{json.dumps(self.lang)}]="
                .encode() + self.payload + b";\n")

    @property
    def gzipped_size(self) -> int:
        return len(gzip.compress(self.script, 9))


def base_name(zh: str) -> str:
    for suffix in VILLAGE_SUFFIXES:
        if zh.endswith(suffix) and len(zh) > len(suffix):
            return zh[: -len(suffix)]
    return zh


def pinyin_keys(name: Name, pinyin: str) -> list[str]:
    """Full pinyin and initials: 扎西岗村 -> zhaxigang, zxg (pypinyin for the syllables)."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(base_name(name.zh))
    keys = {pinyin, "".join(syllables), "".join(s[0] for s in syllables if s)}
    return sorted(k for k in keys if k)


def _name(name: Name, lang: str) -> str:
    return name.get(lang)


def build(county: County, lang: str, url) -> SearchData:
    """`url(key, fragment)` gives the page URL relative to the language's root."""
    docs: list[list] = []
    for township in county.townships:
        docs.append([KIND_PLACE, url(f"townships/{township.id}/", ""), _name(township.name, lang),
                     " ".join([township.name.zh, township.name.bo or "", *township.aliases,
                               *pinyin_keys(township.name, township.pinyin)])])
        for village in township.villages:
            docs.append([KIND_PLACE, url(f"villages/{village.id}/", ""), _name(village.name, lang),
                         " ".join([village.name.zh, village.name.bo or "", *village.aliases,
                                   *pinyin_keys(village.name, village.pinyin),
                                   township.name.get(lang)])])
    for phrase in county.phrases:
        docs.append([KIND_PHRASE, url("phrases/", f"p-{phrase.id}"), phrase.text.get(lang) or phrase.text.zh,
                     (phrase.explanation.get(lang) or phrase.explanation.zh)])
    for village in county.villages:
        regulation = county.regulations.get(village.id)
        if regulation is None:
            continue
        for n in regulation.current.numbered():
            title = f"{_name(village.name, lang)} {numbering.article_label(n.number, lang)}"
            text = n.article.text.get(lang) or n.article.text.zh
            docs.append([KIND_ARTICLE, url(f"villages/{village.id}/", f"a-{n.id}"), title, text])
    payload = {"lang": lang, "docs": docs}
    if lang == "zh":
        payload["words"] = vocabulary(d[3] for d in docs)
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return SearchData(lang, data)


def vocabulary(texts) -> list[str]:
    """Every multi-character word jieba finds in the indexed Chinese text."""
    import jieba

    jieba.setLogLevel(60)  # its dictionary-loading chatter is not build progress
    words: set[str] = set()
    for text in texts:
        for run in HAN_RUN.findall(text):
            words.update(w for w in jieba.cut(run) if len(w) > 1)
    return sorted(words)
