"""Article and chapter numbers as readers expect them: 第十二条 in Chinese, ༡༢ in Tibetan."""
from __future__ import annotations

_ZH_DIGITS = "零一二三四五六七八九"
_BO_DIGITS = "༠༡༢༣༤༥༦༧༨༩"


def zh_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 105 -> 一百零五 (as in 第一百零五条), 1010 -> 一千零一十,
    10010 -> 一万零一十: any whole number, so that no count of articles can stop a build."""
    if n < 0:
        raise ValueError(n)
    return _zh(n, leading=True) if n else _ZH_DIGITS[0]


_GROUPS = ((10 ** 8, "亿"), (10 ** 4, "万"))
_PLACES = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))


def _zh(n: int, leading: bool) -> str:
    """n > 0 in words; `leading`: nothing comes before it, so 10..19 are 十.. not 一十.."""
    for size, unit in _GROUPS:
        if n >= size:
            high, low = divmod(n, size)
            out = _zh(high, leading) + unit
            if low:  # a gap below the group is read as one 零: 一万零五, 一亿零一万
                out += ("零" if low < size // 10 else "") + _zh(low, leading=False)
            return out
    out, gap = "", False
    for size, unit in _PLACES:
        digit = n // size % 10
        if not digit:
            gap = gap or bool(out)  # zeros inside the number, not after its last digit
            continue
        if gap:
            out, gap = out + "零", False
        if digit == 1 and size == 10 and not out and leading:
            out += "十"
        else:
            out += _ZH_DIGITS[digit] + unit
    return out


_ZH_VALUES = {c: i for i, c in enumerate(_ZH_DIGITS)} | {"〇": 0, "两": 2}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10 ** 4, "亿": 10 ** 8}
_FULL_WIDTH_DIGITS = {0xFF10 + i: str(i) for i in range(10)}


def zh_value(text: str) -> int:
    """The inverse of `zh_number`, as numbers are typed in documents: 十二 -> 12, 一百零五 -> 105,
    两百 -> 200, 12 and １２ -> 12; without a 十/百/千/万/亿 digit by digit, as years are written
    (二〇二六 -> 2026). ValueError for anything else."""
    text = text.translate(_FULL_WIDTH_DIGITS)
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(c not in _ZH_VALUES and c not in _ZH_SMALL and c not in _ZH_BIG
                       for c in text):
        raise ValueError(f"not a number: {text!r}")
    if not any(c in _ZH_SMALL or c in _ZH_BIG for c in text):
        return int("".join(str(_ZH_VALUES[c]) for c in text))
    return _zh_value(text)


def _zh_value(text: str) -> int:
    # As `_zh` writes them: the last 亿 (else 万) splits the number into the part it multiplies
    # (itself perhaps with 万 or 亿: 一亿零一万亿) and the rest below it (after a 零 for a gap).
    for unit in ("亿", "万"):
        if unit in text:
            high, _, low = text.rpartition(unit)
            if not high:
                raise ValueError(f"not a number: {text!r}")
            low = low.lstrip("零〇")
            return _zh_value(high) * _ZH_BIG[unit] + (_zh_value(low) if low else 0)
    total = digit = 0
    for c in text:
        if c in _ZH_VALUES:
            digit = _ZH_VALUES[c]
        else:
            total += (digit or 1) * _ZH_SMALL[c]  # a bare 十 is 一十
            digit = 0
    return total + digit


def bo_number(n: int) -> str:
    """Tibetan digits: 12 -> ༡༢."""
    return "".join(_BO_DIGITS[int(d)] for d in str(n))


def _bo_digits(n: int, numerals: str) -> str:
    # The numeral style of the Tibetan pages (messages.NUMERAL_STYLES; `bo_numerals` option).
    return bo_number(n) if numerals == "tibetan" else str(n)


def article_label(n: int, lang: str, numerals: str = "tibetan") -> str:
    """第十二条 | དོན་ཚན་༡༢། (a heading of its own: it ends with a shad, which a digit takes)."""
    return f"第{zh_number(n)}条" if lang == "zh" else f"དོན་ཚན་{_bo_digits(n, numerals)}།"


def chapter_label(n: int, lang: str, numerals: str = "tibetan") -> str:
    """第二章 | ལེའུ་༢།"""
    return f"第{zh_number(n)}章" if lang == "zh" else f"ལེའུ་{_bo_digits(n, numerals)}།"


def item_label(n: int, lang: str, numerals: str = "tibetan") -> str:
    """The label of an article's n-th item (项), derived from its order like article numbers:
    （三） | (༣) (Tibetan translations of Chinese law put the digit in brackets)."""
    return f"（{zh_number(n)}）" if lang == "zh" else f"({_bo_digits(n, numerals)})"
