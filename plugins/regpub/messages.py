"""Interface messages: one catalogue per language, with placeholders that know Tibetan grammar.

    messages/zh.yaml, messages/bo.yaml   key: "message", the same keys and placeholders in both

A message is never glued together from pieces: a template asks for the whole sentence and
passes the values, and the Tibetan catalogue says how each value is declined:

    regulation_of:  zh: "{place}村规民约"     bo: "{place:gen}་སྒྲིག་ཁྲིམས་དམངས་གན"
    t("regulation_of", place="ཨ་སངས་གྲོང་ཚོ")   ->  "ཨ་སངས་གྲོང་ཚོའི་སྒྲིག་ཁྲིམས་དམངས་གན"
    t("regulation_of", place="ཡུལ་མཚོ་ལྷན་ཁང")  ->  "ཡུལ་མཚོ་ལྷན་ཁང་གི་སྒྲིག་ཁྲིམས་དམངས་གན"

Placeholders are `{name}` or `{name:conversion}`; the conversions are

    gen    the genitive particle chosen by the word's last letter (ཀྱི/གྱི/གི/འི/ཡི)
    erg    the agentive particle (ཀྱིས/གྱིས/གིས/ས/ཡིས)
    la     the la-don (terminative/locative) particle (སུ/ཏུ/དུ/ར/ན/ལ)
    num    a number in the page's numeral style (Tibetan digits by default on Tibetan pages)
    date   a date the Tibetan way (ཕྱི་ལོ་༢༠༢༥ ཟླ་༣ ཚེས་༢༦); Chinese pages keep ISO dates (2025-03-26)

A Tibetan term (a label whose Chinese does not end a sentence) has no final shad in the
catalogue: `Messages.term(key)` punctuates it where it introduces a value (通过日期： |
གཏན་འཁེལ་བའི་ཚེས་གྲངས།), by tibetan.end()'s rules, so no page shows `།:`.

In Chinese the case conversions leave the word as it is. A plain `{n}` given a number or a date
formats it as `num`/`date` would, so no number reaches a Tibetan page in the wrong digits.
The Tibetan rules themselves (particles, shad, digits, dates) live in tibetan.py.

A value may be markup (markupsafe.Markup, e.g. a <time> element): the message is then escaped
and returned as Markup, so a template can put a link or a <time> inside a sentence.

Nothing here imports MkDocs.
"""
from __future__ import annotations

import datetime
import re
import string
from functools import lru_cache
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from . import tibetan


CATALOGUES = Path(__file__).parent / "messages"
LANGS = ("zh", "bo")
NUMERAL_STYLES = ("tibetan", "arabic")
# Generated numbers, dates and points on Tibetan pages and posters: one style for all of them.
# The MkDocs option `bo_numerals` (config.py) can choose arabic instead.
DEFAULT_BO_NUMERALS = "tibetan"
CONVERSIONS = ("gen", "erg", "la", "num", "date")
# The conversions' particles as tibetan.case() names them.
_CASE_PARTICLE = {"gen": "genitive", "erg": "agentive", "la": "la_don"}
# After a word that is not Tibetan: the forms that stand after an open syllable.
_FREE_PARTICLE = {"gen": "ཡི", "erg": "ཡིས", "la": "ལ"}


class MessageError(KeyError):
    """A key missing from a catalogue, or a placeholder without a value."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


def _is_tibetan(ch: str) -> bool:
    return "\u0f00" <= ch <= "\u0fff"


def catalogue_path(lang: str) -> Path:
    return CATALOGUES / f"{lang}.yaml"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """key -> message of one language, as written in messages/<lang>.yaml."""
    if lang not in LANGS:
        raise ValueError(f"no message catalogue for language {lang!r}")
    data = yaml.safe_load(catalogue_path(lang).read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in data.items()}


def placeholders(message: str) -> list[tuple[str, str]]:
    """[(name, conversion)] of a message, in order: '{village:gen} ...' -> [('village', 'gen')].
    Raises ValueError on a malformed message or an unknown conversion."""
    found = []
    for _literal, name, spec, _conv in string.Formatter().parse(message):
        if name is None:
            continue
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"placeholder {{{name}}} is not a plain name")
        if spec and spec not in CONVERSIONS:
            raise ValueError(f"placeholder {{{name}:{spec}}}: unknown conversion '{spec}' "
                             f"(one of {', '.join(CONVERSIONS)})")
        found.append((name, spec or ""))
    return found


class _Formatter(string.Formatter):
    def __init__(self, messages: "Messages", markup: bool):
        self.messages = messages
        self.markup = markup

    def format_field(self, value, spec: str):
        text = self.messages.convert(value, spec)
        return text if isinstance(text, Markup) or not self.markup else escape(text)


class Messages:
    """The messages of one language, formatted: `Messages("bo")("key", village=name)`."""

    def __init__(self, lang: str, numerals: str = DEFAULT_BO_NUMERALS):
        if numerals not in NUMERAL_STYLES:
            raise ValueError(f"numeral style must be one of {', '.join(NUMERAL_STYLES)}, "
                             f"not {numerals!r}")
        self.lang = lang
        self.numerals = numerals if lang == "bo" else "arabic"
        self.messages = catalogue(lang)
        if self.lang == "bo" and self.numerals == "arabic":
            # The catalogue writes its own numbers (༢༠༢༥ལོར) in Tibetan digits: one style.
            self.messages = {k: tibetan.to_arabic_digits(v) for k, v in self.messages.items()}

    def __call__(self, key: str, /, **values) -> str:
        try:
            message = self.messages[key]
        except KeyError:
            raise MessageError(f"message '{key}' is missing from "
                               f"plugins/regpub/messages/{self.lang}.yaml") from None
        markup = any(isinstance(v, Markup) for v in values.values())
        try:
            text = _Formatter(self, markup).vformat(str(escape(message)) if markup else message,
                                                    (), values)
        except KeyError as missing:
            raise MessageError(f"message '{key}' ({self.lang}) needs a value for "
                               f"{{{missing.args[0]}}}") from None
        return Markup(text) if markup else text

    # -- conversions -----------------------------------------------------------------------

    def convert(self, value, spec: str = ""):
        if spec in ("gen", "erg", "la"):
            return self.case(value, spec)
        if spec == "num" or (not spec and isinstance(value, int) and not isinstance(value, bool)):
            return self.number(value)
        if spec == "date" or (not spec and isinstance(value, datetime.date)):
            return self.date(value)
        if spec:
            raise ValueError(f"unknown conversion '{spec}'")
        return value if isinstance(value, Markup) else str(value)

    def case(self, word, which: str):
        """The word with the case particle its last letter takes: ཚོ -> ཚོའི, ཁང -> ཁང་གི.
        A word that is not Tibetan (a Chinese name where no Tibetan is known, marked up as
        <span lang="zh">) takes the particle's free-standing form after a space: 阿桑村 ཡི."""
        if self.lang != "bo":
            return word if isinstance(word, Markup) else str(word)
        if isinstance(word, int) and not isinstance(word, bool):
            # ༤༤ཡིས, 44ཡིས: the particle as the number is read, in either digits
            return tibetan.case(self.number(word), _CASE_PARTICLE[which])
        plain = word.striptags() if isinstance(word, Markup) else str(word)
        if not plain or not _is_tibetan(plain[-1]):
            return word + " " + _FREE_PARTICLE[which]
        declined = tibetan.case(plain, _CASE_PARTICLE[which])
        if not isinstance(word, Markup):
            return declined
        # Markup around Tibetan: the particle goes after the markup, the text stays as it is.
        return word + (declined[len(plain):] if declined.startswith(plain) else declined)

    def number(self, n) -> str:
        """Digits of the page's style: ༡༢ on Tibetan pages (unless arabic is configured), 12 on
        Chinese ones. A signed number keeps its sign: −༥."""
        text = str(n)
        return tibetan.to_tibetan_digits(text) if self.numerals == "tibetan" else text

    def date(self, d: datetime.date) -> str:
        """ཕྱི་ལོ་༢༠༢༥ ཟླ་༣ ཚེས་༢༦ on Tibetan pages; the Chinese pages keep the ISO dates they
        have always shown (2025-03-26, also the revisions' names in their addresses)."""
        if self.lang == "bo":
            return tibetan.date(d, self.numerals)
        return d.isoformat()

    # -- punctuation around labels ---------------------------------------------------------

    def term(self, key: str, /, **values) -> str:
        """A label introducing a value ("adopted: 2025-03-26"): 通过日期： in Chinese; in Tibetan
        the label closed by a shad as tibetan.end() writes it (no colon after a shad: `།:` is
        wrong), e.g. གཏན་འཁེལ་བའི་ཚེས་གྲངས།"""
        text = self(key, **values)
        return text + self.colon_after(text).rstrip()

    def colon_after(self, text: str) -> str:
        """What follows `text` when it introduces something: "：" in Chinese; in Tibetan the
        shad as tibetan.end() would close the text ("" after a final ག or a shad already
        there, "་།" after ང), a space after a text that is not Tibetan."""
        text = str(text)
        if self.lang == "zh":
            return "" if text.endswith(("：", ":")) else "："
        if not text or not _is_tibetan(text[-1]):
            return " "
        ended = tibetan.end(text)
        return ended[len(text):] + " " if ended.startswith(text) else " "

    def sentence(self, key: str, /, **values) -> str:
        """A message that ends a sentence: 。 in Chinese, the shad by tibetan.end()'s rules."""
        text = self(key, **values)
        if self.lang == "zh":
            return text if text.endswith(("。", "！", "？", "）")) else text + "。"
        return tibetan.end(text)


# -- checks of the catalogues (tests/test_messages.py) -----------------------------------------

SENTENCE_END_ZH = ("。", "！", "？", "：")
# An id as the data writes it (fb-1, m-2): a message shows what an id stands for, never the id.
RAW_ID = re.compile(r"(?<![\w-])[a-z]{1,3}-\d+(?![\w-])")
# A code such as A3, UTF-8 or SHA-256 keeps its digits; a number alone does not.
LATIN_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/+-]*")


def catalogue_problems(catalogues: dict[str, dict[str, str]] | None = None) -> list[str]:
    """Every fault of the catalogues (all languages' messages by key), one line each; [] when
    they are fine. The rules:
      - the same keys in every language, with the same placeholder names
      - known conversions only (CONVERSIONS)
      - no raw id (fb-1) in a message, no ASCII number in a Tibetan one
      - Tibetan punctuation as tibetan.punctuation_problems() checks it (no `།:`, no shad
        after a final ག, a tsheg before a shad only after ང)
      - a Tibetan term (its Chinese does not end a sentence) carries no final shad: the template
        punctuates it (Messages.term); a Tibetan sentence ends as tibetan.end() ends it
    """
    catalogues = catalogues or {lang: catalogue(lang) for lang in LANGS}
    zh, bo = catalogues["zh"], catalogues["bo"]
    out = []
    for key in sorted(set(zh) ^ set(bo)):
        out.append(f"'{key}' is in {'zh' if key in zh else 'bo'}.yaml only")
    for key in sorted(set(zh) & set(bo)):
        names = {}
        for lang, message in (("zh", zh[key]), ("bo", bo[key])):
            try:
                names[lang] = sorted({name for name, _ in placeholders(message)})
            except ValueError as e:
                out.append(f"{lang}.yaml '{key}': {e}")
                names[lang] = None
            if RAW_ID.search(message):
                out.append(f"{lang}.yaml '{key}': shows a raw id "
                           f"'{RAW_ID.search(message).group()}'")
        if None not in names.values() and names["zh"] != names["bo"]:
            out.append(f"'{key}': placeholders differ: zh {names['zh']}, bo {names['bo']}")
        message = bo[key]
        bare = [t for t in LATIN_TOKEN.findall(message)
                if re.search("[0-9]", t) and not re.search("[A-Za-z]", t)]
        if bare:
            out.append(f"bo.yaml '{key}': ASCII digits '{bare[0]}' (write Tibetan digits, or a "
                       "{n:num} placeholder: Messages turns them into the configured style)")
        for what, offset in tibetan.punctuation_problems(message):
            out.append(f"bo.yaml '{key}': {what} at '{message[max(0, offset - 6):offset + 4]}'")
        if not zh[key].endswith(SENTENCE_END_ZH):
            if message.endswith(tibetan.SHAD):
                out.append(f"bo.yaml '{key}': a term ends with a shad (the template adds the "
                           "punctuation a term needs: Messages.term)")
        elif message and _is_tibetan(message[-1]) and tibetan.end(message) != message:
            out.append(f"bo.yaml '{key}': a sentence should end as "
                       f"'{tibetan.end(message)[-6:]}', not '{message[-6:]}'")
    return out
