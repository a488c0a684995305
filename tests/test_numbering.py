"""Chinese and Tibetan numbers: 第十二条 on the pages, and the numbers of typed documents read back."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regpub.numbering import zh_number, zh_value


@pytest.mark.parametrize("text, value", [
    ("十", 10), ("十二", 12), ("二十一", 21), ("九十九", 99), ("一百零五", 105), ("两百", 200),
    ("一千零一十", 1010), ("一万零五", 10005), ("一亿零一万", 100010000),
    ("12", 12), ("１２", 12),  # digits, also full-width as Chinese input methods type them
    ("二〇二六", 2026), ("一二", 12),  # without 十/百, digit by digit, as years are written
])
def test_numbers_as_documents_write_them(text, value):
    assert zh_value(text) == value


@given(st.integers(min_value=0, max_value=10 ** 17))
def test_every_number_the_pages_write_reads_back(n):
    assert zh_value(zh_number(n)) == n


@pytest.mark.parametrize("text", ["", "第一", "十二条", "²", "一.5"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        zh_value(text)
