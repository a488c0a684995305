"""Whatever an editor does to a data file, the loader answers with a clean error or a county,
never a traceback."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regpub import opendata, site
from regpub.addresses import Addresses
from regpub.load import DataError, load
from regpub.model import County
from regpub.posters.compose import PosterRenderer, plan
from regpub.render import Renderer
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


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


# --- shapes: any kind of value in any place of any file kind -----------------------------------
# Where the mini data set has a value, put another: a list where a mapping belongs and the other
# way round, every kind of YAML scalar (numbers of 5,000 digits, dates that do not exist, tags,
# Unicode digits, very long texts), deep nesting; also where a key belongs. The answer is a
# DataError listing problems, or a county that then renders every page: `--check` never accepts
# what the build refuses.

SLOT = "odd-value-slot"  # stands for the value in the dumped YAML, replaced by the raw snippet
SCALARS = [
    "0", "-7", "42", "9" * 5_000, "-" + "9" * 4_400, "1.5", "-0.0", "1e400", ".inf", ".nan", "0x1F",
    "0o17", "1_000", "true", "false", "True", "yes", "no", "on", "null", "~", "", "''", '""',
    "2025-06-18", "2025-02-30", "2025-06-18T10:00:00Z", "2025-06-18 10:00:00.5 +08:00",
    "!!binary aGVsbG8gd29ybGQ=", "!!str 12", "!!int abc", "!!timestamp 2025-13-45",
    "!!python/object/apply:os.system [echo]", "!!set {a, b}", "'" + "长" * 12_000 + "'",
    "x" * 70, "²", "༣", "３", "٣", "'¹²'", '"\\a"', '"\\ud800"', '"\\U0010FFFF"', "a\u3000b",
    "\u202eabc", "\u0f72", "'=HYPERLINK(\"x\")'", "<script>", "13812345678",
]
STRUCTURES = [
    "[]", "{}", "[a, b]", "[1, [2, [3]]]", "{a: 1}", "{zh: 中文, bo_status: missing}",
    "[{id: x, zh: 文, bo_status: missing}]", "{[a]: 1}", "[" * 80 + "]" * 80,
    "{a: " * 80 + "1" + "}" * 80,
]
# File kinds the mini data set has no file of, with one plausible entry each.
EXTRA = {
    "corrections.yaml": {"corrections": [{
        "file": "villages/tashi/2025-05-10.yaml", "date": "2025-06-01", "sha256": "0" * 64,
        "reason": {"zh": "更正笔误。", "bo_status": "missing"}}]},
    "withdrawn.yaml": {"withdrawn": [{
        "file": "villages/tashi/2020-03-01.yaml", "date": "2025-06-01",
        "reason": {"zh": "误发。", "bo_status": "missing"}}]},
}
KINDS = FILES + sorted(EXTRA)


def _data_of(name: str):
    if name in EXTRA:
        return EXTRA[name]
    return yaml.safe_load((FIXTURES / "mini" / name).read_text(encoding="utf-8"))


def _places(data, path=()):
    """Every place of a value (path, False) and of a key (path, True) in a loaded YAML tree."""
    yield path, False
    if isinstance(data, dict):
        for key, value in data.items():
            yield path + (key,), True
            yield from _places(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _places(value, path + (i,))


def _with_slot(data, path, as_key: bool):
    if not path:
        return SLOT
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        if as_key and not rest:
            return {(SLOT if k == head else k): v for k, v in data.items()}
        return {k: (_with_slot(v, rest, as_key) if k == head else v) for k, v in data.items()}
    return [(_with_slot(v, rest, as_key) if i == head else v) for i, v in enumerate(data)]


@st.composite
def reshaped(draw):
    name = draw(st.sampled_from(KINDS))
    data = _data_of(name)
    path, as_key = draw(st.sampled_from(list(_places(data))))
    snippet = draw(st.sampled_from(SCALARS + STRUCTURES))
    text = yaml.safe_dump(_with_slot(data, path, as_key), allow_unicode=True, sort_keys=False,
                          width=1_000_000)
    return name, text.replace(SLOT, snippet), (path, as_key, snippet[:40])


def _render_everything(county: County) -> None:
    """What the build makes of a county, short of writing it: every page and file in both
    languages, the open data, the search data and the posters' HTML."""
    renderer = Renderer(county, site_url="https://example.org/nyalam/")
    renderer.env = _SHARED.setdefault("env", renderer.env)  # templates compiled once per run
    for lang in ("zh", "bo"):
        for spec in site.pages(county):
            renderer.render(spec, lang)
        for spec in site.files():
            renderer.render_file(spec, lang)
    opendata.files(county, "https://example.org/nyalam/")
    addresses = Addresses("https://example.org/nyalam/")
    posters = PosterRenderer(county, addresses)
    for poster in plan(county, addresses):
        posters.html(poster)


_SHARED: dict = {}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """One copy of the mini data set (and the extra files' folder) for all examples."""
    data = tmp_path_factory.mktemp("shapes") / "regulations"
    shutil.copytree(FIXTURES / "mini", data)
    return data


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=reshaped())
def test_any_value_anywhere_gives_problems_or_a_county_that_renders(scratch, case):
    name, text, where = case
    target = scratch / name
    before = target.read_bytes() if target.exists() else None
    target.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        try:
            county = load(scratch)
        except DataError as e:
            assert e.problems, where
            for problem in e.problems:
                assert problem.path.startswith("regulations/") and problem.line >= 1, where
                assert problem.rule and problem.message, where
                str(problem)  # printable, whatever the value
        else:
            _render_everything(county)
    finally:
        if before is None:
            target.unlink()
        else:
            target.write_bytes(before)


def test_every_scalar_kind_in_a_number_date_flag_id_and_text_field(mini_data):
    """The same values, deterministically, in one field of each type of a revision."""
    fields = {"votes: {for: 40,": "votes: {for: %s,", "filed: 2025-05-20": "filed: %s",
              "sample: true": "sample: %s", "village: tashi": "village: %s",
              "zh: 草场实行轮牧，禁止超载放牧。": "zh: %s"}
    path = mini_data / "villages/tashi/2025-05-10.yaml"
    original = path.read_text(encoding="utf-8")
    for old, new in fields.items():
        for snippet in SCALARS + STRUCTURES:
            path.write_text(original.replace(old, new % snippet, 1), encoding="utf-8")
            try:
                _render_everything(load(mini_data))
            except DataError as e:
                assert e.problems and all(p.rule for p in e.problems), (old, snippet)
    path.write_text(original, encoding="utf-8")


# --- what --check accepts, the build builds ---------------------------------------------------

def test_a_record_of_an_article_a_later_revision_renamed_builds(mini_data, tmp_path):
    """An enforcement record refers to the revision in force when its period began; once it
    named an article the current revision lacks, passed --check and crashed the build on the
    points page (UndefinedError). Now it builds, and the page links the older revision."""
    from sitecheck import run_build

    edit = {"supervision.yaml": ("from: 2025-07-01, to: 2025-09-30", "from: 2021-07-01, to: 2021-09-30"),
            "villages/tashi/2025-05-10.yaml": ("      - id: grazing\n", "      - id: pasture\n")}
    for name, (old, new) in edit.items():
        path = mini_data / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = run_build(mini_data, tmp_path / "site", "--no-posters")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    page = (tmp_path / "site/villages/tashi/points/index.html").read_text(encoding="utf-8")
    assert 'href="../2020-03-01/#a-grazing">第二条</a>' in page


def test_every_place_of_every_file_kind_gets_an_odd_value(scratch):
    """Deterministic companion of the fuzz above: each place (value or key) of each file kind
    gets one of the odd values in turn, so that no field is left out by chance."""
    values = SCALARS + STRUCTURES
    turn = 0
    for name in KINDS:
        data = _data_of(name)
        target = scratch / name
        before = target.read_bytes() if target.exists() else None
        for path, as_key in _places(data):
            snippet = values[turn % len(values)]
            turn += 1
            text = yaml.safe_dump(_with_slot(data, path, as_key), allow_unicode=True,
                                  sort_keys=False, width=1_000_000).replace(SLOT, snippet)
            target.write_text(text, encoding="utf-8", errors="surrogatepass")
            try:
                _render_everything(load(scratch))
            except DataError as e:
                assert e.problems and all(p.rule and p.line >= 1 for p in e.problems), (name, path)
        if before is None:
            target.unlink()
        else:
            target.write_bytes(before)
    assert turn > 300  # every place of the mini data set and the extra file kinds
