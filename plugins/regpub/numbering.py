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
