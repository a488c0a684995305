"""The search data a phone downloads, per language: what can be found, and where it lands.

What is indexed, and why:
- every article of every village's *current* regulation, landing on its anchor; superseded
  revisions and comparison pages are left out: they repeat the same clauses up to three times
  and would push the law in force off the first results. History is one tap away on each
  village page;
- the villages and townships, findable by Chinese name, pinyin (full and initials), Tibetan name
  and recorded aliases;
- the county's phrases with their explanations.

Chinese is segmented here with jieba; the words found become the vocabulary the browser uses to
split a typed query (so 草场纠纷 matches 草场 ... 纠纷 even when the two are apart). Tibetan needs
no vocabulary: the data holds the texts as written, and the browser (search.js) splits texts and
queries into syllables at tsheg and shad.

A county's index is one file per language. A prefecture's would outgrow a phone, so above a
size budget the articles are split by township (see `build`).
"""
from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from . import messages, numbering, tibetan
from .addresses import Addresses
from .model import County, Name

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")
VILLAGE_SUFFIXES = ("社区居民委员会", "居民委员会", "村", "乡", "镇")
KIND_PLACE, KIND_ARTICLE, KIND_PHRASE = 0, 1, 2
SHARD_ABOVE = 250 * 1024  # gzip bytes: the page-weight budget of one language's search data


@dataclass(frozen=True)
class SearchFile:
    """One file of search data: a script that stores its payload under `key`."""
    path: str      # in the language's tree: Addresses.search_data() (the index, or a shard)
    key: str       # window.rpSearchData[key]: "zh", or "zh/<township-id>" for a shard
    payload: bytes  # UTF-8 JSON

    @cached_property
    def script(self) -> bytes:
        """The data as a script: a <script> tag loads it where fetch() cannot (file:// copies)."""
        return (f"window.rpSearchData=window.rpSearchData||{{}};window.rpSearchData[{json.dumps(self.key)}]="
                .encode() + self.payload + b";\n")

    @cached_property
    def gzipped_size(self) -> int:
        """What a phone downloads from a server that gzips (level 6, the usual default)."""
        return len(gzip.compress(self.script, 6))


def base_name(zh: str) -> str:
    for suffix in VILLAGE_SUFFIXES:
        if zh.endswith(suffix) and len(zh) > len(suffix):
            return zh[: -len(suffix)]
    return zh


def pinyin_keys(name: Name, pinyin: str) -> list[str]:
    """Full pinyin and initials: 扎西岗村 -> zhaxigang, zxg (pypinyin for the syllables); a
    recorded pinyin with tone marks is stored without them (search.js strips them from a query)."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(base_name(name.zh))
    keys = {toneless(pinyin), "".join(syllables), "".join(s[0] for s in syllables if s)}
    return sorted(k for k in keys if k)


def phrase_keys(text: str) -> list[str]:
    """A phrase's pinyin, full and initials (守边境 -> shoubianjing, sbj)."""
    from pypinyin import lazy_pinyin

    syllables = [s for s in lazy_pinyin(text) if s.isalpha() and s.isascii()]
    return sorted({"".join(syllables), "".join(s[0] for s in syllables)} - {""})


def toneless(text: str) -> str:
    """zhāxīgǎng -> zhaxigang; ü -> v as pinyin keyboards type it."""
    text = unicodedata.normalize("NFD", (text or "").lower().replace("ü", "v"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace(" ", "")


def _name(name: Name, lang: str) -> str:
    return name.get(lang)


def _documents(county: County, lang: str, addresses: Addresses) -> tuple[list[list], dict[str, list[list]]]:
    """(places and phrases, the articles of each township's villages); each lands on its
    address within the language's tree (`Address.local`), as search.js resolves it.

    A place is [0, address, name, what a result shows, the keys it is found by (pinyin,
    initials: never shown), the index of its township's place (-1 for a township), its id];
    an article (or a preamble) [1, address, title, text, the index of its village's place]; a
    phrase [2, address, text, explanation, pinyin keys]. The indexes let search.js put the reader's own
    village and township first and group results by village. Texts are `tibetan.normalize`d:
    search.js normalizes a query the same way."""
    common: list[list] = []
    village_index: dict[str, int] = {}
    for township in county.townships:
        township_index = len(common)
        common.append([KIND_PLACE, addresses.township(township).local, _name(township.name, lang),
                       _shown(township.name, lang), " ".join([*township.aliases,
                                                            *pinyin_keys(township.name, township.pinyin)]),
                       -1, township.id])
        for village in township.villages:
            village_index[village.id] = len(common)
            common.append([KIND_PLACE, addresses.village(village).local, _name(village.name, lang),
                           " · ".join([_shown(village.name, lang), township.name.get(lang)]),
                           " ".join([*village.aliases, *pinyin_keys(village.name, village.pinyin)]),
                           township_index, village.id])
    for phrase in county.phrases:
        common.append([KIND_PHRASE, addresses.phrases(phrase).local, phrase.text.get(lang) or phrase.text.zh,
                       (phrase.explanation.get(lang) or phrase.explanation.zh),
                       " ".join(phrase_keys(phrase.text.zh))])
    articles: dict[str, list[list]] = {}
    say = messages.Messages(lang)
    for township in county.townships:
        docs = articles[township.id] = []
        for village in township.villages:
            regulation = county.regulations.get(village.id)
            if regulation is None:
                continue
            current = regulation.current
            # The preamble says what the regulation is for, in words a reader may search for;
            # the closing (the adopting body, the date) would only match every village alike.
            if current.preamble:
                title = say("village_article", village=_name(village.name, lang),
                            article=say("preamble"))
                docs.append([KIND_ARTICLE,
                             addresses.village(village).at(addresses.PREAMBLE_ANCHOR).local, title,
                             current.preamble.get(lang) or current.preamble.zh,
                             village_index[village.id]])
            for n in current.numbered():
                # "ཨ་སངས་གྲོང་ཚོའི་དོན་ཚན་༣།": the name declined, never glued (messages.py)
                title = say("village_article", village=_name(village.name, lang),
                            article=numbering.article_label(n.number, lang))
                text = n.article.text.get(lang) or n.article.text.zh
                docs.append([KIND_ARTICLE, addresses.village(village, n).local, title, text,
                             village_index[village.id]])
    for doc in common + [d for docs in articles.values() for d in docs]:
        doc[2], doc[3] = tibetan.normalize(doc[2]), tibetan.normalize(doc[3])
    return common, articles


def _shown(name: Name, lang: str) -> str:
    """A place's names as a result shows them: both languages, the page's first."""
    names = [name.get(lang), name.zh, name.bo or ""]
    return " · ".join(dict.fromkeys(n for n in names if n))


def chinese_texts(county: County) -> dict[str, list[str]]:
    """The Chinese text each part of the index holds ("" for places and phrases, else a
    township id): what `vocabularies` segments, possibly in another process."""
    common, articles = _documents(county, "zh", Addresses())
    return {"": [d[3] for d in common], **{t: [d[3] for d in docs] for t, docs in articles.items()}}


def build(county: County, lang: str, addresses: Addresses, words: dict[str, list[str]] | None = None,
          shard_above: int = SHARD_ABOVE) -> list[SearchFile]:
    """The search files of one language, each at its address within the language's tree.
    `words` is `vocabularies(chinese_texts(county))` when computed ahead.

    While the whole index gzips to at most `shard_above` bytes it is one file: any query
    searches the county. Above that (a prefecture, a region) the articles are split into one
    file per township, loaded when the reader picks that township (by default the township of
    the page the search starts from); places and phrases stay in the first file, so any
    village is still found by name.
    """
    common, articles = _documents(county, lang, addresses)
    if lang == "zh" and words is None:
        words = vocabularies(chinese_texts(county))

    def payload(value: dict) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def merged(*groups: str) -> list[str]:
        return sorted(set().union(*(words[g] for g in groups)))

    whole: dict = {"lang": lang, "docs": common + [d for docs in articles.values() for d in docs]}
    if lang == "zh":
        whole["words"] = merged("", *articles)
    single = SearchFile(addresses.search_data().key, lang, payload(whole))
    if single.gzipped_size <= shard_above:
        return [single]
    index: dict = {"lang": lang, "docs": common,
                   "shards": [{"id": t.id, "name": _name(t.name, lang), "villages": len(t.villages)}
                              for t in county.townships if articles[t.id]]}
    if lang == "zh":
        index["words"] = merged("")
    files = [SearchFile(addresses.search_data().key, lang, payload(index))]
    for township_id, docs in articles.items():
        if docs:
            # "township" tells search.js that the docs' village indexes point into the first file
            shard: dict = {"lang": lang, "township": township_id, "docs": docs}
            if lang == "zh":
                shard["words"] = merged(township_id)
            files.append(SearchFile(addresses.search_data(township_id).key, f"{lang}/{township_id}",
                                    payload(shard)))
    return files


def vocabularies(texts: dict[str, list[str]]) -> dict[str, list[str]]:
    """`vocabulary` of each group of texts."""
    return {group: vocabulary(group_texts) for group, group_texts in texts.items()}


def vocabulary(texts) -> list[str]:
    """Every multi-character word jieba finds in the indexed Chinese text."""
    import jieba

    jieba.setLogLevel(60)  # its dictionary-loading chatter is not build progress
    words: set[str] = set()
    for text in texts:
        for run in HAN_RUN.findall(text):
            words.update(w for w in jieba.cut(run) if len(w) > 1)
    return sorted(words)
