"""Article and chapter numbers as readers expect them: 第十二条 in Chinese, ༡༢ in Tibetan."""
from __future__ import annotations

_ZH_DIGITS = "零一二三四五六七八九"
_BO_DIGITS = "༠༡༢༣༤༥༦༧༨༩"


def zh_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (as in 第一百零五条)."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 20:
        return "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _ZH_DIGITS[n // 10] + "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _ZH_DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _ZH_DIGITS[rest]
        # 110 is 一百一十, not 一百十
        return head + (("一" + zh_number(rest)) if rest < 20 else zh_number(rest))
    raise ValueError(f"{n} is beyond the numbering of a village regulation")


def bo_number(n: int) -> str:
    """Tibetan digits: 12 -> ༡༢."""
    return "".join(_BO_DIGITS[int(d)] for d in str(n))


def article_label(n: int, lang: str) -> str:
    return f"第{zh_number(n)}条" if lang == "zh" else f"དོན་ཚན་{bo_number(n)}།"


def chapter_label(n: int, lang: str) -> str:
    return f"第{zh_number(n)}章" if lang == "zh" else f"ལེའུ་{bo_number(n)}།"
