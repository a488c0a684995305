"""Whatever an editor does to a data file, the loader answers with a clean error or a county,
never a traceback."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regpub.load import DataError, load
from regpub.model import County
from sitecheck import FIXTURES

FILES = sorted(p.relative_to(FIXTURES / "mini").as_posix() for p in (FIXTURES / "mini").rglob("*.yaml"))
# Characters editors really type or paste: YAML syntax, quotes, tabs, CJK and Tibetan punctuation,
# a stray vowel sign, invisible controls, full-width digits.
NOISE = st.sampled_from(list(":-[]{}#&*!|>'\"%@`,\t\n ？：，。、\u0f0b\u0f0d\u0f72\u202e\u200b\ufeff"
                             "０１２null~yesno") + ["  ", "- ", ": ", "\r\n", "id: x", "&a", "*a"])


@st.composite
def mutation(draw):
    name = draw(st.sampled_from(FILES))
    text = (FIXTURES / "mini" / name).read_text(encoding="utf-8")
    edits = draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, 6), NOISE), min_size=1,
                          max_size=4))
    for pos, cut, noise in edits:
        pos = min(pos, len(text))
        text = text[:pos] + noise + text[pos + cut:]
    lines = text.split("\n")
    if draw(st.booleans()) and len(lines) > 2:  # a line moved, as when copying last year's file
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines.insert(j, lines.pop(i))
    return name, "\n".join(lines), draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "gb18030", "utf-16"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation())
def test_a_mutated_file_gives_a_clean_error_or_a_county(case):
    name, text, encoding = case
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "regulations"
        shutil.copytree(FIXTURES / "mini", data)
        (data / name).write_bytes(text.encode(encoding, errors="replace"))
        try:
            result = load(data)
        except DataError as e:
            assert e.problems, "an error without a problem"
            for problem in e.problems:
                assert problem.path.startswith("regulations/") and problem.line >= 1
                assert problem.rule and problem.message
        else:
            assert isinstance(result, County)
