"""Content guards: what no text of the data may contain, whatever field it is in.

`fields.Fields` runs `check_text` on every scalar it hands to the loader (texts, ids, dates,
numbers, flags, list items), so a new field cannot forget the checks. This module only looks at
strings and reports through the `Context` it is given; it knows nothing of the schema.

- personal data: resident ID-card numbers and phone numbers, in the forms people type them
  (spaced, hyphenated, in brackets, with +86, in full-width or Tibetan digits);
- characters that corrupt a page, a poster or a terminal without anyone seeing them;
- the script of a `zh` or `bo` text, and Tibetan marks without a base letter.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fields.py imports this module: only its type is needed here
    from yaml.nodes import Node

    from .fields import Context

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TIBETAN_LETTER = re.compile(r"[\u0f40-\u0f6c\u0f88-\u0f8c]")
TIBETAN_ANY = re.compile(r"[\u0f00-\u0fff]")
# Vowel signs, subjoined letters and other marks that must follow a Tibetan base letter...
TIBETAN_MARK = re.compile(r"[\u0f71-\u0f84\u0f86\u0f87\u0f8d-\u0fbc]")
# ... that is, a letter or another mark of the same stack.
TIBETAN_BASE_OR_MARK = re.compile(r"[\u0f40-\u0f6c\u0f71-\u0f87\u0f88-\u0fbc]")
BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

# Characters that corrupt a page or a poster without anyone seeing them in an editor: C0/C1
# controls (but newline), direction controls, byte-order marks, private-use (old Tibetan fonts),
# surrogates, replacement and non-characters. One regex: this runs on every text of the county.
BAD_CHARACTER = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                           "\u2066-\u2069\ud800-\udfff\ue000-\uf8ff\ufeff\ufffd-\uffff"
                           "\U000f0000-\U0010ffff]")


# -- personal data -------------------------------------------------------------------------------
#
# Numbers are matched on a normalised view of the text, one character for one character:
# every Unicode decimal digit (full-width ０-９, Tibetan ༠-༩ ...) becomes its ASCII digit, the
# separators people put inside a number (spaces, hyphens and dashes, dots, brackets) become
# SEP, a plus sign stays, ASCII letters become LETTER and everything else BREAK. A number is a
# chain of digit groups joined by at most MAX_SEP separators; each contiguous run of groups
# of the chain is tried as an ID-card or phone number.
#
# False positives are kept low by the shape of the groups, not by a list of exceptions:
# - every group of a phone or ID-card number has at least 3 digits (the last group of an
#   ID card may be shorter: `...0112 3X`): dates (2025-05-01), decimals (1.5) and ranges of
#   small numbers never combine;
# - the whole run must be the number: digits just before or after it belong to something else
#   (a 12-digit division code is not a phone number with a digit more);
# - a group touching a Latin letter is part of a code or hash (a sha256), not a number typed
#   on its own;
# - ID cards need a real birth date (1900 up to this year) and a plausible area code, phones
#   the shape of a Chinese mobile (1[3-9] + 9 digits) or area code + local number.
SEP, LETTER, BREAK, PLUS = " ", "a", "|", "+"
MAX_SEP = 3
SEPARATORS = frozenset(
    " \u00a0\u2002\u2003\u2009\u3000"  # spaces, also no-break, thin and full-width
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"  # hyphens, dashes, minus
    ".\uff0e\u00b7\u30fb"  # dots
    "()\uff08\uff09[]\uff3b\uff3d")  # brackets around an area code
X_LETTERS = frozenset("Xx\uff38\uff58")  # the check character of an ID card, also full-width
# Seven digits (any script: \d is every Unicode decimal digit) with at most MAX_SEP other
# characters between two of them: the shortest number worth a closer look.
SEVEN_DIGITS = re.compile(r"\d(?:\D{0,%d}\d){6}" % MAX_SEP)
# Digits, and the check character X when it ends the group and no word goes on after it.
GROUP = re.compile(r"[0-9]+(?:X(?![Xa]))?")
MAX_GROUPS = 6  # `5402 3519 8001 0112 3X`; also bounds the work on a long list of numbers

ID_CARD_18 = re.compile(r"^[1-9][0-9]{5}((?:19|20)[0-9]{6})[0-9]{3}[0-9X]$")
ID_CARD_15 = re.compile(r"^[1-9][0-9]{5}([0-9]{6})[0-9]{3}$")
MOBILE = re.compile(r"^(?:\+?86|0086)?1[3-9][0-9]{9}$")
# 0 + area code (010, 02x, 0xxx) + a local number of 7-8 digits not starting with 0 or 1;
# written abroad as +86 / 0086 and the area code without its 0.
LANDLINE = re.compile(r"^(?:0|\+86|0086)(?:[12][0-9]|[3-9][0-9]{2})[2-9][0-9]{6,7}$")
# The old 15-digit cards (no century, no check digit) look like a 12-digit division code with
# three digits more (540235900201 + 001 "is born" 1990-02-01): they count only where the text
# says it is an ID card. Likewise a local number without its area code is only a phone number
# when the text says so.
ID_WORD = re.compile(r"身份证|证件|证号|身份号码|ID|ཐོབ་ཐང་ལག་ཁྱེར|ངོ་སྤྲོད་ལག་ཁྱེར", re.IGNORECASE)
LOCAL = re.compile(r"^[2-9][0-9]{6,7}$")
PHONE_WORD = re.compile(r"(?:电话|手机|热线|联系方式|座机|tel|phone|ཁ་པར|☎)[\s:：]*$",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    kind: str  # "ID-card number" or "phone number"
    masked: str  # the number with its middle hidden, for the message


def _view(text: str) -> str:
    out = []
    for ch in text:
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(str(digit))
        elif ch in X_LETTERS:
            out.append("X")
        elif ch in SEPARATORS:
            out.append(SEP)
        elif ch in "+\uff0b":
            out.append(PLUS)
        elif ch.isascii() and ch.isalpha():
            out.append(LETTER)
        else:
            out.append(BREAK)
    return "".join(out)


def _chains(view: str) -> list[list[tuple[int, int]]]:
    """(start, end) of digit groups, in chains joined only by short runs of separators."""
    chains: list[list[tuple[int, int]]] = []
    for m in GROUP.finditer(view):
        between = view[chains[-1][-1][1]:m.start()] if chains else ""
        if chains and 0 < len(between) <= MAX_SEP and set(between) == {SEP}:
            chains[-1].append(m.span())
        else:
            chains.append([m.span()])
    return chains


def _real_birth_date(yyyymmdd: str) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return born <= date.today()


def _classify(groups: list[str], plus: bool, before: str) -> tuple[str, str] | None:
    """What the digit groups are together, with the national number; None for anything else."""
    prefix = ""
    if len(groups) > 1 and groups[0] in ("86", "0086"):
        prefix, groups = groups[0], groups[1:]
    if any(len(g) < 3 for g in groups[:-1]):
        return None
    number = "".join(groups)
    if len(groups[-1]) < 3 and not (len(groups) > 1 and number.endswith("X")):
        return None
    if not plus and not prefix:
        m = ID_CARD_18.match(number)
        if m and _real_birth_date(m.group(1)):
            return "ID-card number", number
        m = ID_CARD_15.match(number)
        if m and _real_birth_date("19" + m.group(1)) and ID_WORD.search(before):
            return "ID-card number", number
    if number.endswith("X"):
        return None
    full = ("+" if plus else "") + prefix + number
    if MOBILE.match(full):
        return "phone number", number[-11:]  # without a +86 written in the same group
    if LANDLINE.match(full):
        return "phone number", number
    if not plus and not prefix and LOCAL.match(number) and PHONE_WORD.search(before):
        return "phone number", number
    return None


def mask(number: str) -> str:
    """`13812345678` -> `138****5678`: enough to find it in the file, not enough to use it."""
    head, tail = (3, 4) if len(number) >= 11 else (2, 2)
    return number[:head] + "*" * (len(number) - head - tail) + number[-tail:]


def find_personal_data(text: str) -> Finding | None:
    """The first ID-card or phone number in `text`, or None."""
    if not SEVEN_DIGITS.search(text):  # the common case, at C speed: no number long enough
        return None
    view = _view(text)
    for chain in _chains(view):
        for i, (start, _) in enumerate(chain):
            if view[start - 1:start] in (LETTER, "X"):
                continue  # part of a code or hash (a sha256), not a number on its own
            plus = view[start - 1:start] == PLUS
            for j in range(i, min(len(chain), i + MAX_GROUPS)):
                end = chain[j][1]
                if view[end:end + 1] in (LETTER, "X"):
                    continue
                groups = [view[s:e] for s, e in chain[i:j + 1]]
                found = _classify(groups, plus, text[max(0, start - 12):start])
                if found:
                    return Finding(found[0], mask(found[1]))
    return None


def check_personal_data(ctx: Context, node: Node, value: str, what: str) -> bool:
    """Report an ID-card or phone number in `value`; True when one was found."""
    found = find_personal_data(value)
    if found is None:
        return False
    hint = "personal data never goes on the site: remove it"
    if found.kind == "phone number":
        hint += "; give an office, not a person's number"
    article = "an" if found.kind.startswith("ID") else "a"
    ctx.report(node, f"{what} contains what looks like {article} {found.kind}: {found.masked}",
               hint, "personal-data")
    return True


# -- characters and scripts ----------------------------------------------------------------------

def check_characters(ctx: Context, node: Node, value: str, what: str) -> None:
    m = BAD_CHARACTER.search(value)
    if m is None:
        return
    ch = m.group()
    if BIDI_CONTROL.match(ch):
        ctx.report(node, f"{what} contains the invisible direction control U+{ord(ch):04X}",
                   "delete it; retype the text around it if unsure", "control-character")
    else:
        ctx.report(node, f"{what} contains the control or invalid character U+{ord(ch):04X}",
                   "delete it; it often comes from copying out of another program",
                   "control-character")


def check_text(ctx: Context, node: Node, value: str, what: str) -> bool:
    """Every guard on one scalar of the data; False when it holds personal data (the caller
    then drops the value, so that no later message repeats it)."""
    check_characters(ctx, node, value, what)
    return not check_personal_data(ctx, node, value, what)


def check_script(ctx: Context, node: Node, value: str, lang: str, what: str) -> None:
    """A zh field holds Chinese, a bo field holds Tibetan, and Tibetan marks have a base."""
    if lang == "zh":
        if TIBETAN_ANY.search(value):
            ctx.report(node, f"{what} (Chinese) contains Tibetan text",
                       "move the Tibetan into the 'bo' field", "wrong-script")
        return
    if HAN.search(value):
        ctx.report(node, f"{what} (Tibetan) contains Chinese characters",
                   "move the Chinese into the 'zh' field", "wrong-script")
    elif not TIBETAN_LETTER.search(value):
        ctx.report(node, f"{what} (Tibetan) contains no Tibetan letters",
                   "write the Tibetan text, or set bo_status: missing and remove 'bo'",
                   "wrong-script")
    for m in TIBETAN_MARK.finditer(value):
        before = value[m.start() - 1] if m.start() else ""
        if not before or not TIBETAN_BASE_OR_MARK.match(before):
            ctx.report(node, f"{what} has the Tibetan sign U+{ord(m.group()):04X} with no base "
                       f"letter before it (position {m.start() + 1})",
                       "retype the syllable: the vowel sign must follow its letter",
                       "orphan-mark")
            break
