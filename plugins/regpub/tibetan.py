"""Tibetan text: syllables, case particles, the shad, numerals, dates and a syllable check.

Generated Tibetan (labels, titles, dates, points) is built with these functions instead of
gluing strings, so that a particle agrees with the word it follows (`གྲོང་ཚོའི`, `ལྷན་ཁང་གི`)
and a sentence ends with the right shad. The browser twin is docs/assets/javascripts/tibetan.js
(tests/test_tibetan.py checks that the two agree).

The syllable model follows standard Tibetan orthography (sum rtags): an optional prefix, an
optional superscript, the root, optional subscripts, at most one vowel sign, an optional suffix
and an optional second suffix, with the combinations the grammar allows. `check_syllable` says why
a syllable cannot be written that way; transliterated Sanskrit and Chinese loan syllables that
break the model are listed in LOANS.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from typing import Iterator

TSHEG = "\u0f0b"  # ་ syllable separator
SHAD = "\u0f0d"  # །

# -- characters ---------------------------------------------------------------------------

# Base consonants U+0F40..U+0F6C, subjoined consonants U+0F90..U+0FBC, vowel signs and the
# marks that sit on a syllable (anusvara, visarga, virama, a-chung ...).
_LETTER = "\u0f40-\u0f6c\u0f71-\u0f87\u0f90-\u0fbc\u0f35\u0f37\u0f39\u0f3e\u0f3f\u0fc6"
_SYLLABLE = re.compile(f"[{_LETTER}]+")
_LETTER_CHARS = frozenset(ch for ch in map(chr, range(0x0F00, 0x1000)) if _SYLLABLE.fullmatch(ch))
_BASE = re.compile("[\u0f40-\u0f6c]")
_SUB = re.compile("[\u0f90-\u0fbc]")

# The native vowel signs; everything else on a syllable (long vowels, anusvara, visarga ...)
# only occurs in Sanskrit transliteration.
VOWELS = frozenset("\u0f72\u0f74\u0f7a\u0f7c")  # ི ུ ེ ོ
A_CHUNG = "\u0f71"
# Retroflex and aspirated-voiced letters, the fixed-form ra and kssa: Sanskrit only.
_SANSKRIT_LETTERS = set("ཊཋཌཎཥ\u0f43\u0f4d\u0f52\u0f57\u0f5c\u0f69\u0f6a\u0f6b\u0f6c")

_TIB_DIGITS = "༠༡༢༣༤༥༦༧༨༩"
_TO_TIB = str.maketrans("0123456789", _TIB_DIGITS)
_TO_ARABIC = str.maketrans(_TIB_DIGITS, "0123456789")

# Shads and other marks that close a clause (U+0F0D..U+0F12, plus the gter tsheg and colon-like
# marks); a tsheg stands only between syllables.
_CLOSERS = "\u0f0d\u0f0e\u0f0f\u0f10\u0f11\u0f12\u0f14"
_TRAILING = re.compile(f"[\\s{TSHEG}\u0f0c{_CLOSERS}:：]+$")


def _subjoin(letter: str) -> str:
    """The subjoined form of a base consonant (ཀ -> ྐ)."""
    return chr(ord(letter) + 0x50)


def _base(letter: str) -> str:
    """The base form of a subjoined consonant (ྐ -> ཀ); the fixed forms ྺ ྻ ྼ map to ཝ ཡ ར."""
    fixed = {"\u0fba": "ཝ", "\u0fbb": "ཡ", "\u0fbc": "ར"}
    return fixed.get(letter) or chr(ord(letter) - 0x50)


# -- splitting ------------------------------------------------------------------------------

def syllables(text: str) -> list[str]:
    """The syllables of `text`: runs of letters and vowel signs between tshegs, shads, spaces,
    digits and anything else (`ཟླ་༨པའི་` -> `['ཟླ', 'པའི']`)."""
    return _SYLLABLE.findall(text or "")


def _syllable_spans(text: str) -> Iterator[tuple[str, int]]:
    for match in _SYLLABLE.finditer(text or ""):
        yield match.group(), match.start()


def is_syllable_boundary(text: str, offset: int) -> bool:
    """True when `offset` does not fall inside a syllable (a search hit or a line break may
    start or end there)."""
    if offset <= 0 or offset >= len(text):
        return True
    inside = _SYLLABLE.fullmatch
    return not (inside(text[offset - 1]) and inside(text[offset]))


# Vowel signs Unicode decomposes only as compatibility characters (deprecated, but typed by some
# keyboards): ཷ ཹ spelled out, as NFD spells out ཱི (U+0F73) as U+0F71 U+0F72.
_TIBETAN_DECOMPOSITIONS = str.maketrans({"\u0f77": "\u0fb2\u0f71\u0f80", "\u0f79": "\u0fb3\u0f71\u0f80"})


def normalize(text: str) -> str:
    """One spelling for what looks the same, so that search compares like with like: NFD (U+0F73
    becomes U+0F71 U+0F72, གྷ becomes ག + ྷ, signs in canonical order) after the two Tibetan
    decompositions NFD leaves out. search.py writes the data so; tibetan.js `normalize` reads a
    query so."""
    return unicodedata.normalize("NFD", str(text or "").translate(_TIBETAN_DECOMPOSITIONS))


def to_tibetan_digits(s: str) -> str:
    return str(s).translate(_TO_TIB)


def to_arabic_digits(s: str) -> str:
    return str(s).translate(_TO_ARABIC)


def numeral(n: int | str, style: str = "tibetan") -> str:
    """`n` written in the numeral style of Tibetan pages: "tibetan" (༢༠༢༥) or "arabic"."""
    if style not in ("tibetan", "arabic"):
        raise ValueError(f"unknown numeral style {style!r} (tibetan or arabic)")
    text = str(n)
    return to_tibetan_digits(text) if style == "tibetan" else to_arabic_digits(text)


# -- the structure of a syllable --------------------------------------------------------------

PREFIXES = set("གདབམའ")
SUPERSCRIPTS = set("རལས")
SUBSCRIPTS = set("ཡརལཝ")
SUFFIXES = set("གངདནབམའརལས")
SECOND_SUFFIX = {"ས": set("གངབམ"), "ད": set("ནརལ")}  # second suffix -> suffixes it may follow

# Which roots each superscript may stand on (ར་མགོ 12, ལ་མགོ 10, ས་མགོ 11).
SUPERSCRIPT_ROOTS = {
    "ར": set("ཀགངཇཉཏདནབམཙཛ"),
    "ལ": set("ཀགངཅཇཏདཔབཧ"),
    "ས": set("ཀགངཉཏདནཔབམཙ"),
}
# Which roots each subscript may hang under (ཡ་བཏགས 7, ར་བཏགས 14, ལ་བཏགས 6, ཝ་ཟུར).
SUBSCRIPT_ROOTS = {
    "ཡ": set("ཀཁགཔཕབམ"),
    "ར": set("ཀཁགཏཐདཔཕབམཤསཧ"),
    "ལ": set("ཀགབཟརས"),
    "ཝ": set("ཀཁགཅཉཏདཙཚཞཟརལཤསཧ"),
}
# Superscript + root + subscript stacks (རྐྱ, སྒྲ, རྩྭ ...); the others are not Tibetan.
SUPER_SUB = {("ར", "ཀ", "ཡ"), ("ར", "ག", "ཡ"), ("ར", "མ", "ཡ"), ("ར", "ཙ", "ཝ"),
             ("ས", "ཀ", "ཡ"), ("ས", "ག", "ཡ"), ("ས", "པ", "ཡ"), ("ས", "བ", "ཡ"), ("ས", "མ", "ཡ"),
             ("ས", "ཀ", "ར"), ("ས", "ག", "ར"), ("ས", "པ", "ར"), ("ས", "བ", "ར"), ("ས", "མ", "ར")}

# Which stacks each prefix may precede, written as the stack without the prefix.
PREFIX_STACKS = {
    "ག": set("ཅཉཏདནཙཞཟཡཤས"),
    "ད": {*"ཀགངཔབམ", "ཀྱ", "གྱ", "པྱ", "བྱ", "མྱ", "ཀྲ", "གྲ", "པྲ", "བྲ"},
    "བ": {*"ཀགཅཏདཙཞཟཤས", "ཀྱ", "གྱ", "ཀྲ", "གྲ", "ཀླ", "གླ", "ཟླ", "རླ", "སླ", "སྲ",
          "རྐ", "རྒ", "རྔ", "རྗ", "རྙ", "རྟ", "རྡ", "རྣ", "རྩ", "རྫ", "ལྟ",
          "སྐ", "སྒ", "སྔ", "སྙ", "སྟ", "སྡ", "སྣ", "སྩ",
          "རྐྱ", "རྒྱ", "སྐྱ", "སྒྱ", "སྐྲ", "སྒྲ"},
    "མ": {*"ཁགངཆཇཉཐདནཚཛ", "ཁྱ", "གྱ", "ཁྲ", "གྲ"},
    "འ": {*"ཁགཆཇཐདཕབཚཛ", "ཁྱ", "གྱ", "ཕྱ", "བྱ", "ཁྲ", "གྲ", "དྲ", "ཕྲ", "བྲ"},
}

# Particles merged into a vowel-final syllable: -འི (genitive), -འུ (diminutive), -འོ (final),
# -འང (also), -འམ (or), and the agentive/terminative after -འུ.
MERGED_TAILS = ("འི", "འུ", "འོ", "འང", "འམ", "འུས", "འུར", "འུའི", "འིའོ")

# Loan syllables the native model refuses but Tibetan writes so on purpose: Sanskrit in personal
# and religious names (པདྨ, ཀརྨ, རཏྣ, བཛྲ), seed syllables, and the stack ཧྥ with which Chinese
# names write f (ཧྥུ་ཅན 福建). Chinese loans otherwise fit the model (ཀྲུང, ཧྲན, ཅིན, ཏང).
LOANS = frozenset({"པདྨ", "ཀརྨ", "རཏྣ", "བཛྲ", "ཤྲཱི", "ཨོཾ", "ཧཱུྃ", "ཨཱཿ", "ཧྲཱིཿ"})
LOAN_STACKS = frozenset({"ཧྥ"})


def _stacks(syllable: str) -> list[tuple[str, str, str]] | None:
    """Split a syllable into stacks (base consonant, subjoined consonants, signs)."""
    stacks: list[list[str]] = []
    for ch in syllable:
        if _BASE.fullmatch(ch):
            stacks.append([ch, "", ""])
        elif not stacks:
            return None  # a sign or subjoined letter with nothing to sit on
        elif _SUB.fullmatch(ch):
            if stacks[-1][2]:
                return None  # a subjoined letter after a vowel sign
            stacks[-1][1] += _base(ch)
        else:
            stacks[-1][2] += ch
    return [(b, s, v) for b, s, v in stacks]


def _write(stack: tuple[str, str, str]) -> str:
    base, subs, signs = stack
    return base + "".join(_subjoin(x) for x in subs) + signs


def _root_stack(base: str, subs: str) -> str | None:
    """None when base+subjoined letters make a valid Tibetan stack, else why not."""
    if not subs:
        return None
    letters = _write((base, subs, ""))
    if letters in LOAN_STACKS:
        return None
    if base in SUPERSCRIPTS and subs[0] in SUPERSCRIPT_ROOTS[base]:
        root, below = subs[0], subs[1:]
        if not below:
            return None
        if len(below) == 1 and (base, root, below) in SUPER_SUB:
            return None
        return f"{letters}: superscript {base} with {root} takes no subscript {below}"
    if base in SUPERSCRIPTS and subs[0] not in SUBSCRIPTS:
        return f"{letters}: {base} cannot stand above {subs[0]}"
    below = subs
    if len(below) == 2 and below[1] == "ཝ" and below[0] in "ཡར" and base in "ཕག":
        return None  # ཕྱྭ, གྲྭ
    if len(below) != 1 or below not in SUBSCRIPTS:
        return f"{letters} is not a Tibetan letter stack"
    if base not in SUBSCRIPT_ROOTS[below]:
        return f"{letters}: {below} cannot be written under {base}"
    return None


def _tail_problem(tail: list[tuple[str, str, str]], root_vowel: str) -> str | None:
    """None when the letters after the root are a valid suffix (+ second suffix) or merged
    particle, else why not."""
    if not tail:
        return None
    letters = "".join(_write(stack) for stack in tail)
    if any(s for _, s, _ in tail):
        return f"{letters} after the root: a tsheg is missing"
    if letters in MERGED_TAILS:
        return None
    if any(v for _, _, v in tail):
        if root_vowel:
            return "two vowel signs in one syllable: a tsheg is missing"
        return f"{letters} after the root: a tsheg is missing"
    first = tail[0][0]
    if first not in SUFFIXES:
        return f"{first} cannot end a syllable: a tsheg is missing"
    if first == "འ" and root_vowel and len(tail) == 1:
        return f"a vowel sign followed by {first}: a tsheg or a vowel is missing"
    if len(tail) == 1:
        return None
    second = tail[1][0]
    if len(tail) == 2 and first in SECOND_SUFFIX.get(second, ()):
        return None
    if len(tail) == 2 and second in SECOND_SUFFIX:
        return f"{second} cannot follow the suffix {first}"
    return f"{letters} cannot end a syllable: a tsheg is missing"


def _native_problem(syllable: str) -> str | None:
    stacks = _stacks(syllable)
    if stacks is None:
        return "a vowel sign or subjoined letter without a letter to sit on"
    for base, subs, signs in stacks:
        for sign in signs:
            if sign not in VOWELS and sign != A_CHUNG:
                return f"the sign {sign} is used only in Sanskrit"
        if len(signs) > 1:
            return "two vowel signs on one letter"
        if base in _SANSKRIT_LETTERS or any(x in _SANSKRIT_LETTERS for x in subs):
            return f"{base} is used only in Sanskrit"
    reasons: list[str] = []
    # The root is the first or (after a prefix) the second stack; a stack with subjoined
    # letters is the root for sure. One parse that fits is enough.
    candidates = [r for r in (0, 1) if r < len(stacks)]
    stacked = [r for r in candidates if stacks[r][1]]
    for r in stacked[:1] or candidates:
        base, subs, vowel = stacks[r]
        before, after = stacks[:r], stacks[r + 1:]
        if any(v or s for _, s, v in before):
            reasons.append("two vowel signs in one syllable: a tsheg is missing")
            continue
        stack_problem = _root_stack(base, subs)
        if stack_problem:
            reasons.append(stack_problem)
            continue
        if base == "ཨ" and (subs or before):
            reasons.append("ཨ takes no prefix, superscript or subscript")
            continue
        if before:
            prefix, stack = before[0][0], _write((base, subs, ""))
            if prefix not in PREFIXES:
                reasons.append(f"{prefix} before {stack}: {prefix} is not a prefix letter")
                continue
            if stack not in PREFIX_STACKS[prefix]:
                reasons.append(f"the prefix {prefix} does not go with {stack}")
                continue
            if not vowel and not after and not subs:
                # Prefix + root alone reads as root + suffix (དག is dag, not d-ga): a root
                # after a prefix needs a vowel or a suffix (དགའ).
                reasons.append(f"{prefix}{stack} reads as root + suffix")
                continue
        tail_problem = _tail_problem(after, vowel)
        if tail_problem:
            reasons.append(tail_problem)
            continue
        return None
    return _best_reason(reasons)


def _best_reason(reasons: list[str]) -> str:
    # Most impossible syllables in real text are two syllables glued together: a reason that
    # names the missing tsheg is the most useful one to show.
    for reason in reasons:
        if "tsheg" in reason:
            return reason
    return reasons[0] if reasons else "not a Tibetan syllable"


def check_syllable(s: str) -> str | None:
    """None when `s` can be a Tibetan syllable (or is an allowed loan), else a short reason.

    >>> check_syllable("བསྒྲུབས") is None
    True
    >>> check_syllable("ཚོཡི")
    'two vowel signs in one syllable: a tsheg is missing'
    """
    if not s or s in LOANS:
        return None
    if _SYLLABLE.fullmatch(s) is None:
        return "not made of Tibetan letters"
    return _checked(s)


@functools.lru_cache(maxsize=16384)  # a county's texts repeat a few thousand syllables
def _checked(syllable: str) -> str | None:
    return None if syllable in LOANS else _native_problem(syllable)


def impossible_syllables(text: str) -> list[tuple[str, int]]:
    """The syllables of `text` that cannot be Tibetan, as (syllable, offset in text)."""
    # Most texts have no bad syllable: look at each distinct syllable once, find offsets only
    # when one is bad (the loader runs this on every Tibetan text of the county).
    bad = {s for s in set(_SYLLABLE.findall(text or "")) if _checked(s) is not None}
    if not bad:
        return []
    return [(s, at) for s, at in _syllable_spans(text) if s in bad]


# Punctuation faults a reader notices at once: a shad after a final ག/ཀ (its stroke is the
# shad already), a tsheg before a shad except after ང, ང without it, a shad and a colon.
_SHAD_COLON = re.compile(f"[{_CLOSERS}][:：]")


def punctuation_problems(text: str) -> list[tuple[str, int]]:
    """Shad faults in `text`, as (what is wrong, offset of the syllable before the shad)."""
    text = text or ""
    found: list[tuple[str, int]] = []
    at = text.find(SHAD)
    while at >= 0:  # a text has a few shads: look back from each
        tsheg = at > 0 and text[at - 1] == TSHEG
        end = at - 1 if tsheg else at
        start = end
        while start > 0 and text[start - 1] in _LETTER_CHARS:
            start -= 1
        final, shown = text[end - 1:end] if end > start else "", text[start:at + 1]
        if final in ("ག", "ཀ"):
            found.append((f"'{shown}': no shad after a final {final}", start))
        elif final == "ང" and not tsheg:
            found.append((f"'{shown}': ང takes a tsheg before the shad (ང་།)", start))
        elif final and final != "ང" and tsheg:
            found.append((f"'{shown}': a tsheg before a shad only after ང", start))
        at = text.find(SHAD, at + 1)
    for match in _SHAD_COLON.finditer(text):
        found.append((f"'{match.group()}': a shad followed by a colon", match.start()))
    return sorted(found, key=lambda item: item[1])


# -- particles -------------------------------------------------------------------------------

# How a number is read decides its particle: the last spoken word of 1..9, 10s, 100s, 1000s.
# གཅིག གཉིས གསུམ བཞི ལྔ དྲུག བདུན བརྒྱད དགུ
_DIGIT_FINAL = {"1": "ག", "2": "ས", "3": "མ", "4": "", "5": "",
                "6": "ག", "7": "ན", "8": "ད", "9": ""}
# Round numbers by their count of zeros: བཅུ/ཤུ/ཅུ, བརྒྱ, སྟོང, ཁྲི, འབུམ, ས་ཡ
_ZEROS_FINAL = {1: "", 2: "", 3: "ང", 4: "", 5: "མ", 6: ""}


def final_letter(word: str) -> str:
    """The letter that chooses the particle after `word`: its suffix (or second suffix), or ""
    when the word ends in a vowel (ཚོ, ལྷ, and the suffix འ: མཁའ).

    Trailing tshegs, shads and spaces are ignored; a word that ends in a number is read aloud
    (༣ གསུམ -> མ; ༡༠ བཅུ -> "").
    """
    text = _TRAILING.sub("", word or "")
    if not text:
        return ""
    digits = re.search(r"[0-9༠-༩]+$", text)
    if digits:
        return _number_final(to_arabic_digits(digits.group()))
    found = syllables(text)
    if not found or not text.endswith(found[-1]):
        return ""
    last = found[-1]
    stacks = _stacks(last) or []
    if not stacks:
        return ""
    letter = stacks[-1][0]
    if stacks[-1][2] or stacks[-1][1]:
        return ""  # ends in a vowel sign or a stack: no suffix
    if len(stacks) == 1:
        return ""  # a bare root (ཀ) ends in the vowel a
    if letter == "འ" or letter not in SUFFIXES:
        return ""
    return letter


def _number_final(digits: str) -> str:
    digits = digits.lstrip("0") or "0"
    if digits == "0":
        return "ར"  # ཀླད་ཀོར
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros:
        return _ZEROS_FINAL.get(zeros, "")
    return _DIGIT_FINAL[digits[-1]]


# Particle forms by final letter. "" is a vowel-final word (or the suffix འ), merged into it.
_PARTICLES = {
    "genitive": {"ག": "གི", "ང": "གི", "ད": "ཀྱི", "བ": "ཀྱི", "ས": "ཀྱི",
                 "ན": "གྱི", "མ": "གྱི", "ར": "གྱི", "ལ": "གྱི", "": "འི"},
    "agentive": {"ག": "གིས", "ང": "གིས", "ད": "ཀྱིས", "བ": "ཀྱིས", "ས": "ཀྱིས",
                 "ན": "གྱིས", "མ": "གྱིས", "ར": "གྱིས", "ལ": "གྱིས", "": "ས"},
    # la don (terminative / dative / locative): སུ after ས, ཏུ after ག བ, དུ after ང ད ན མ ར ལ,
    # ར (merged) after a vowel.
    "terminative": {"ག": "ཏུ", "བ": "ཏུ", "ས": "སུ", "ང": "དུ", "ད": "དུ", "ན": "དུ",
                    "མ": "དུ", "ར": "དུ", "ལ": "དུ", "": "ར"},
    # Invariable particles, joined with a tsheg.
    "ablative": "ནས",
    "la": "ལ",
    "na": "ན",
    "and": "དང",
}
_PARTICLES["la_don"] = _PARTICLES["terminative"]
_PARTICLES["dative"] = _PARTICLES["terminative"]
# The metrical forms after a vowel (verse, or where a merged form would be unreadable).
_METRICAL = {"genitive": "ཡི", "agentive": "ཡིས",
             "terminative": "རུ", "la_don": "རུ", "dative": "རུ"}

PARTICLE_NAMES = tuple(_PARTICLES)


def case(word: str, particle: str, metrical: bool = False) -> str:
    """`word` followed by the case particle `particle`, in the form its final letter asks for.

    Particles: genitive (ཀྱི གྱི གི འི ཡི), agentive (ཀྱིས གྱིས གིས ས ཡིས), terminative (alias
    la_don, dative: སུ ཏུ དུ ར རུ), ablative (ནས), la (ལ), na (ན), and (དང). After a vowel the
    particle merges into the word (ཚོ -> ཚོའི, མཁའ -> མཁའི); `metrical=True` writes the separate
    form instead (ཚོ་ཡི). Trailing tshegs and shads of `word` are dropped.

    >>> case("ལྷན་ཁང", "genitive")
    'ལྷན་ཁང་གི'
    """
    if particle not in _PARTICLES:
        raise ValueError(f"unknown particle {particle!r}; one of {', '.join(PARTICLE_NAMES)}")
    text = _TRAILING.sub("", word or "")
    forms = _PARTICLES[particle]
    if isinstance(forms, str):
        return _join(text, forms)
    final = final_letter(text)
    ends_in_number = bool(re.search(r"[0-9༠-༩]$", text))
    ends_in_tibetan = bool(text) and _SYLLABLE.fullmatch(text[-1]) is not None
    if final == "" and (metrical or ends_in_number or not ends_in_tibetan):
        # Nothing to merge into: the metrical form stands on its own.
        return _join(text, _METRICAL[particle])
    if final == "":
        return _merge(text, forms[""])
    return _join(text, forms[final])


def _join(text: str, particle: str) -> str:
    if not text:
        return particle
    if re.search(r"[0-9༠-༩]$", text):
        return text + particle  # no tsheg after a numeral (༣ཡི)
    if _SYLLABLE.fullmatch(text[-1]) is None:
        return f"{text} {particle}"  # after Latin, Chinese or punctuation
    return text + TSHEG + particle


def _merge(text: str, particle: str) -> str:
    """Merge a vowel-final particle (འི, ས, ར) into the last syllable; a suffix འ makes room
    for it (མཁའ + ར -> མཁར, མཁའ + འི -> མཁའི)."""
    stacks = _stacks(syllables(text)[-1]) or []
    if len(stacks) > 1 and stacks[-1] == ("འ", "", ""):
        text = text[:-1]
    return text + particle


def genitive(word: str, metrical: bool = False) -> str:
    """`word` + genitive particle: ཨ་སངས་གྲོང་ཚོ -> ཨ་སངས་གྲོང་ཚོའི, ལྷན་ཁང -> ལྷན་ཁང་གི."""
    return case(word, "genitive", metrical)


def agentive(word: str, metrical: bool = False) -> str:
    return case(word, "agentive", metrical)


def la_don(word: str, metrical: bool = False) -> str:
    return case(word, "terminative", metrical)


def ablative(word: str) -> str:
    return case(word, "ablative")


# -- the shad --------------------------------------------------------------------------------

def end(text: str) -> str:
    """Finish a sentence or label with a shad: `ཡིན` -> `ཡིན།`, `ཁང` -> `ཁང་།` (a tsheg
    before the shad only after ང), `ཆོག` -> `ཆོག` (a final ག or ཀ takes no shad: its stroke is
    one). Existing tshegs, shads, colons and spaces at the end are replaced, never doubled."""
    body = _TRAILING.sub("", text or "")
    if not body:
        return ""
    last = body[-1]
    if last in "གཀ" and _SYLLABLE.fullmatch(body[-1]):
        return body
    if last == "ང":
        return body + TSHEG + SHAD
    return body + SHAD


# -- dates -----------------------------------------------------------------------------------

def date(d: _dt.date | str, style: str = "tibetan", calendar: bool = False) -> str:
    """A date the Tibetan way: `ཕྱི་ལོ་༢༠༢༥ ཟླ་༣ ཚེས་༢༦` (Western year, month, day; no
    zero padding). `calendar=True` adds the Tibetan calendar (Phugpa) month and day in
    parentheses when the caltib package is installed: `... (བོད་ཟླ་༡ ཚེས་༢༧)`."""
    if isinstance(d, str):
        d = _dt.date.fromisoformat(d[:10])
    n = lambda v: numeral(v, style)  # noqa: E731
    text = f"ཕྱི་ལོ་{n(d.year)} ཟླ་{n(d.month)} ཚེས་{n(d.day)}"
    if calendar:
        tib = tibetan_calendar(d, style)
        if tib:
            text += f" ({tib})"
    return text


def tibetan_calendar(d: _dt.date, style: str = "tibetan") -> str | None:
    """The Tibetan calendar (Phugpa) month and day of `d`: `བོད་ཟླ་༡ ཚེས་༢༧`, a leap month
    as `བོད་ཟླ་ལྷག་༦` (draft wording); None when caltib is not installed."""
    day = _caltib_day(d)
    if day is None:
        return None
    month = numeral(day.month, style)
    month = f"ལྷག་{month}" if day.is_leap_month else month
    return f"བོད་ཟླ་{month} ཚེས་{numeral(day.tithi, style)}"


def _caltib_day(d: _dt.date):
    try:
        import warnings
        with warnings.catch_warnings():
            # caltib's engine tables warn about their own parameters on import.
            warnings.simplefilter("ignore")
            import caltib
            return caltib.day_info(d, engine="phugpa").tibetan
    except ImportError:
        return None
