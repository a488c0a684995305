"""The Tibetan module (plugins/regpub/tibetan.py), its browser twin, and the loader's check.

Particles are chosen by the final letter of the word; the shad follows the final letter too; the
syllable check knows the structure of a Tibetan syllable and reports what cannot be one.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from regpub import tibetan
from regpub.load import DataError, load

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "docs" / "assets" / "javascripts" / "tibetan.js"
SHIPPED = ROOT / "regulations"


# -- particles -------------------------------------------------------------------------------

@pytest.mark.parametrize("word, expected", [
    ("ཨ་སངས་གྲོང་ཚོ", "ཨ་སངས་གྲོང་ཚོའི"),  # vowel-final: merged
    ("ཁྲོམ་གཞུང་ལྷན་ཁང", "ཁྲོམ་གཞུང་ལྷན་ཁང་གི"),  # ང: གི, with a tsheg
    ("གཉའ་ལམ་རྫོང", "གཉའ་ལམ་རྫོང་གི"),
    ("གཉའ་ལམ་རྫོང་", "གཉའ་ལམ་རྫོང་གི"),  # a trailing tsheg is not doubled
    ("ཡུལ་ཚོ།", "ཡུལ་ཚོའི"),  # nor is a trailing shad kept
    ("ཕྲུག", "ཕྲུག་གི"),
    ("བོད", "བོད་ཀྱི"),
    ("སློབ", "སློབ་ཀྱི"),
    ("ཐོགས", "ཐོགས་ཀྱི"),  # second suffix ས
    ("ཞིང་ཁྱོན", "ཞིང་ཁྱོན་གྱི"),
    ("ས་ཁུལ", "ས་ཁུལ་གྱི"),
    ("དམར", "དམར་གྱི"),
    ("ཁམས", "ཁམས་ཀྱི"),
    ("ལམ", "ལམ་གྱི"),
    ("མཁའ", "མཁའི"),  # suffix འ makes room for the particle
    ("ལྷ", "ལྷའི"),  # a bare root ends in the vowel a
])
def test_genitive_follows_the_final_letter(word, expected):
    assert tibetan.genitive(word) == expected


def test_metrical_genitive_stands_apart_after_a_vowel():
    assert tibetan.genitive("གྲོང་ཚོ", metrical=True) == "གྲོང་ཚོ་ཡི"
    # after a consonant there is no metrical form: the particle is the usual one
    assert tibetan.genitive("ལྷན་ཁང", metrical=True) == "ལྷན་ཁང་གི"


@pytest.mark.parametrize("word, particle, expected", [
    ("གྲོང་ཚོ", "agentive", "གྲོང་ཚོས"),
    ("ལྷན་ཁང", "agentive", "ལྷན་ཁང་གིས"),
    ("བོད", "agentive", "བོད་ཀྱིས"),
    ("ཚོགས་ཆེན", "agentive", "ཚོགས་ཆེན་གྱིས"),
    ("གྲོང་ཚོ", "terminative", "གྲོང་ཚོར"),
    ("ཐོགས", "la_don", "ཐོགས་སུ"),
    ("ཕྱོགས", "dative", "ཕྱོགས་སུ"),
    ("ཕྲུག", "terminative", "ཕྲུག་ཏུ"),
    ("སློབ", "terminative", "སློབ་ཏུ"),
    ("ཁང", "terminative", "ཁང་དུ"),
    ("ཡུལ", "terminative", "ཡུལ་དུ"),
    ("མཁའ", "terminative", "མཁར"),
    ("རྫོང", "ablative", "རྫོང་ནས"),
    ("གྲོང་ཚོ", "ablative", "གྲོང་ཚོ་ནས"),
])
def test_case_particles(word, particle, expected):
    assert tibetan.case(word, particle) == expected


def test_an_unknown_particle_is_refused():
    with pytest.raises(ValueError, match="genitive"):
        tibetan.case("ཁང", "vocative")


@pytest.mark.parametrize("word, final", [
    ("ཁང", "ང"), ("བསྒྲུབས", "ས"), ("འདུག", "ག"), ("གྲོང་ཚོ", ""), ("དགའ", ""), ("ཀ", ""),
    ("ཆོག།", "ག"), ("རྫོང་", "ང"), ("ཟླ་༣", "མ"), ("ཚེས་༡༠", ""), ("༡༠༠༠", "ང"),
])
def test_final_letter(word, final):
    assert tibetan.final_letter(word) == final


def test_a_number_takes_the_particle_of_its_spoken_form_without_a_tsheg():
    assert tibetan.genitive("དོན་ཚན་༣") == "དོན་ཚན་༣གྱི"  # གསུམ
    assert tibetan.genitive("དོན་ཚན་༢") == "དོན་ཚན་༢ཀྱི"  # གཉིས
    assert tibetan.genitive("དོན་ཚན་༤") == "དོན་ཚན་༤ཡི"  # བཞི: nothing to merge into


# -- the shad --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("ཡིན", "ཡིན།"),
    ("སྒྲིག་སྲོལ", "སྒྲིག་སྲོལ།"),
    ("ཁྱིམ་ན་བསྡད་འདུག", "ཁྱིམ་ན་བསྡད་འདུག"),  # a final ག takes no shad
    ("གློག་ཀ", "གློག་ཀ"),  # nor does a final ཀ
    ("བཀག་སྡོམ་བྱེད་ཆོག།", "བཀག་སྡོམ་བྱེད་ཆོག"),
    ("གྲོང་ཚོའི་སྒྲིག་སྲོལ་གསར་པ་ཡོང", "གྲོང་ཚོའི་སྒྲིག་སྲོལ་གསར་པ་ཡོང་།"),  # ང keeps its tsheg
    ("ཡོད་", "ཡོད།"),  # no tsheg before the shad otherwise
    ("འབྲེལ་ཡོད་ཚིག་རྐང་།:", "འབྲེལ་ཡོད་ཚིག་རྐང་།"),  # never shad + colon
    ("ཡིན།།", "ཡིན།"),  # never a double shad
    ("ཐུགས་རྗེ་ཆེ", "ཐུགས་རྗེ་ཆེ།"),
    ("", ""),
])
def test_end_finishes_with_the_right_shad(text, expected):
    assert tibetan.end(text) == expected


def test_punctuation_problems_name_the_fault_and_where():
    text = "ཆད་པ་གཏོང་ཆོག། ལས་ཀ་ཡིན་། འབྲེལ་ཡོད་ཚིག་རྐང་།: ཁང་། ལམ་དང།"
    found = tibetan.punctuation_problems(text)
    assert [what.split(": ")[1] for what, _ in found] == [
        "no shad after a final ག", "a tsheg before a shad only after ང", "a shad followed by a colon",
        "ང takes a tsheg before the shad (ང་།)"]
    assert [text[at:at + 2] for _, at in found] == ["ཆོ", "ཡི", "།:", "དང"]


# -- numerals and dates -------------------------------------------------------------------

def test_numerals_in_both_styles():
    assert tibetan.numeral(2025) == "༢༠༢༥"
    assert tibetan.numeral(-10, style="arabic") == "-10"
    assert tibetan.numeral("༡༢", style="arabic") == "12"
    assert tibetan.to_tibetan_digits("ཟླ་8པའི་ཚེས་1") == "ཟླ་༨པའི་ཚེས་༡"
    assert tibetan.to_arabic_digits("ཟླ་༡༡ཚེས་༡") == "ཟླ་11ཚེས་1"
    with pytest.raises(ValueError):
        tibetan.numeral(3, style="roman")


def test_dates_the_tibetan_way():
    assert tibetan.date(dt.date(2025, 3, 26)) == "ཕྱི་ལོ་༢༠༢༥ ཟླ་༣ ཚེས་༢༦"
    assert tibetan.date("2025-11-05", style="arabic") == "ཕྱི་ལོ་2025 ཟླ་11 ཚེས་5"


def test_tibetan_calendar_date():
    pytest.importorskip("caltib")
    # Losar of the Wood Snake year was on 28 February 2025 (Phugpa): month 1, day 1.
    assert tibetan.tibetan_calendar(dt.date(2025, 2, 28)) == "བོད་ཟླ་༡ ཚེས་༡"
    assert tibetan.date(dt.date(2025, 3, 26), calendar=True) == (
        "ཕྱི་ལོ་༢༠༢༥ ཟླ་༣ ཚེས་༢༦ (བོད་ཟླ་༡ ཚེས་༢༧)")
    # 2024 had a leap sixth month (Phugpa), which comes before the regular one.
    assert tibetan.tibetan_calendar(dt.date(2024, 7, 6)) == "བོད་ཟླ་ལྷག་༦ ཚེས་༡"
    assert tibetan.tibetan_calendar(dt.date(2024, 7, 6), style="arabic") == "བོད་ཟླ་ལྷག་6 ཚེས་1"


# -- syllables and the syllable check ---------------------------------------------------------

def test_syllables_split_on_tsheg_shad_space_and_digits():
    assert tibetan.syllables("ཟླ་༨པའི་ཚེས་1ཉིན། ཡིན") == ["ཟླ", "པའི", "ཚེས", "ཉིན", "ཡིན"]
    assert tibetan.is_syllable_boundary("ཟླ་བ", 2) and not tibetan.is_syllable_boundary("ཟླ་བ", 1)


@pytest.mark.parametrize("syllable", [
    "བསྒྲུབས", "གཡག", "དབྱངས", "བརྒྱད", "འཕྲོད", "སྐྱེས", "རྩྭ", "ཕྱྭ", "གྲྭ", "དགའ", "དགའི", "མིའི",
    "ཁྱེའུ", "ལེའུའི", "ཨོ", "བཀྲ", "བལྟ", "འདྲ", "ཟླ", "བསླབ", "མཁྱེན", "བརླབས", "འདུནད", "ཀྲུང",
])
def test_real_syllables_pass(syllable):
    assert tibetan.check_syllable(syllable) is None


@pytest.mark.parametrize("syllable, reason", [
    ("ཚོཡི", "two vowel signs"),  # གྲོང་ཚོཡི: the genitive written apart without a tsheg
    ("མམཐའ", "tsheg is missing"),  # ཉི་མ་མཐའ་མ
    ("ཉིནནས", "tsheg is missing"),
    ("ཆེནགྱིས", "tsheg is missing"),
    ("བསྤུངས", "prefix བ does not go with སྤ"),
    ("གསྐ", "prefix ག does not go with སྐ"),
    ("རྤ", "ར cannot stand above པ"),
    ("ཀྱྲ", "not a Tibetan letter stack"),
    ("ནགས་", "not made of Tibetan letters"),
    ("ཧཱུྃཕཊ", "Sanskrit"),
])
def test_impossible_syllables_say_why(syllable, reason):
    assert reason in tibetan.check_syllable(syllable)


def test_impossible_syllables_of_a_text_with_offsets():
    text = "ཟླ་རེའི་གཟའ་ཉི་མམཐའ་མར་གྲོང་ཚོཡི་སྐར་གྲངས།"
    found = tibetan.impossible_syllables(text)
    assert found == [("མམཐའ", text.index("མམཐའ")), ("ཚོཡི", text.index("ཚོཡི"))]


def test_loan_syllables_on_the_allow_list_pass():
    assert tibetan.check_syllable("པདྨ") is None  # Sanskrit in names: on the list
    assert tibetan.check_syllable("ཧཱུྃ") is None
    assert tibetan.check_syllable("ཧྥུ") is None  # Chinese f (福建 ཧྥུ་ཅན): an allowed stack
    assert tibetan.check_syllable("ཀྲུང") is None  # Chinese loans mostly fit the model
    assert "Sanskrit" in tibetan.check_syllable("ཧཱུྃཕཊ")  # not on the list


# -- the loader: a warning for a draft, an error for a reviewed text --------------------------

NORBU_2019 = "villages/norbu/2019-08-08.yaml"


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_merged_syllable_in_a_draft_is_a_warning(mini_data):
    _edit(mini_data, NORBU_2019, 'bo: "སྤྱི་ཚན།"', 'bo: "གྲོང་ཚོཡི་སྤྱི་ཚན།"')
    county = load(mini_data)  # the data still loads
    [warning] = [w for w in county.warnings if w.rule == "tibetan-syllable"]
    assert (warning.path, warning.line) == (f"regulations/{NORBU_2019}", 10)
    assert "'ཚོཡི'" in warning.message and "tsheg" in warning.message


def test_a_shad_after_ga_in_a_draft_is_a_warning(mini_data):
    _edit(mini_data, NORBU_2019, 'bo: "སྤྱི་ཚན།"', 'bo: "སྤྱི་ཚན་འཇོག།"')
    [warning] = [w for w in load(mini_data).warnings if w.rule == "tibetan-shad"]
    assert "no shad after a final ག" in warning.message and warning.line == 10


def test_an_impossible_syllable_in_a_reviewed_text_is_an_error(mini_data):
    _edit(mini_data, NORBU_2019, "ས་མཚམས་སྲུང་དགོས།", "ས་མཚམས་བསྤུངས་དགོས།")
    with pytest.raises(DataError) as raised:
        load(mini_data)
    [problem] = [p for p in raised.value.problems if p.rule == "tibetan-syllable"]
    assert (problem.path, problem.line) == (f"regulations/{NORBU_2019}", 14)
    assert "'བསྤུངས'" in problem.message and "prefix བ" in problem.message


def test_the_check_prints_warnings_and_their_count(mini_data):
    _edit(mini_data, NORBU_2019, 'bo: "སྤྱི་ཚན།"', 'bo: "གཟའ་ཉི་མམཐའ་མ་ཆོག།"')
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "--check", "--no-posters",
                          "--data", str(mini_data)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr  # warnings do not stop anything
    lines = [line for line in run.stderr.splitlines()
             if line.startswith("warning: ") and "[tibetan-" in line]
    assert len(lines) == 2 and all(f"regulations/{NORBU_2019}:10: " in line for line in lines)
    assert re.search(r"\d+ warnings \(.*tibetan-shad 1, tibetan-syllable 1", run.stderr)


def test_the_valid_mini_data_has_no_tibetan_warnings(mini_data):
    assert not [w for w in load(mini_data).warnings if w.rule.startswith("tibetan-")]


# -- the browser twin agrees -------------------------------------------------------------------

AGREEMENT_WORDS = [
    "ཨ་སངས་གྲོང་ཚོ", "ཁྲོམ་གཞུང་ལྷན་ཁང", "གཉའ་ལམ་རྫོང་", "བོད", "ཐོགས", "ཡུལ", "མཁའ", "ལྷ",
    "ཡུལ་ཚོ།", "དོན་ཚན་༣", "ཚེས་༡༠", "༡༠༠༠", "ཆོག།", "ཀ", "", "abc", "村", "བསྒྲུབས", "ཁྱེའུ",
]
AGREEMENT_TEXTS = ["ཟླ་༨པའི་ཚེས་1ཉིན། ཡིན", "ཟླ་ 8 པར་", "ཟླ་༡༡ཚེས་༡", "ཧཱུྃ ཨོཾ།", "a་b", "",
                   # one syllable in several spellings: ཱི as U+0F73 or U+0F71 U+0F72, signs out of
                   # order, གྷ precomposed, the deprecated ཷ; normalize gives each one spelling
                   "\u0f64\u0fb2\u0f73", "\u0f64\u0fb2\u0f71\u0f72", "\u0f64\u0fb2\u0f72\u0f71", "\u0f43", "\u0f77", "zha\u0304 草"]


def _run_js(calls: list) -> list:
    node = shutil.which("node") or "/usr/bin/node"
    if not Path(node).exists():
        pytest.skip("node is not installed: the JS twin is not checked")
    script = (f"const t = require({json.dumps(str(JS))});"
              "const calls = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "process.stdout.write(JSON.stringify(calls.map(([f, ...a]) => t[f](...a))));")
    run = subprocess.run([node, "-e", script], input=json.dumps(calls), capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_javascript_twin_agrees_with_python():
    calls, expected = [], []
    for word in AGREEMENT_WORDS:
        calls.append(["finalLetter", word])
        expected.append(tibetan.final_letter(word))
        calls.append(["genitive", word, False])
        expected.append(tibetan.genitive(word))
        calls.append(["genitive", word, True])
        expected.append(tibetan.genitive(word, metrical=True))
        for particle in ("agentive", "terminative", "ablative"):
            calls.append(["caseParticle", word, particle, False])
            expected.append(tibetan.case(word, particle))
    for text in AGREEMENT_TEXTS + AGREEMENT_WORDS:
        calls.append(["syllables", text])
        expected.append(tibetan.syllables(text))
        calls.append(["toTibetanDigits", text])
        expected.append(tibetan.to_tibetan_digits(text))
        calls.append(["toArabicDigits", tibetan.to_tibetan_digits(text)])
        expected.append(tibetan.to_arabic_digits(tibetan.to_tibetan_digits(text)))
        calls.append(["normalize", text])
        expected.append(tibetan.normalize(text))
        for offset in range(len(text) + 1):
            calls.append(["isSyllableBoundary", text, offset])
            expected.append(tibetan.is_syllable_boundary(text, offset))
    got = _run_js(calls)
    differ = [(call, want, have) for call, want, have in zip(calls, expected, got) if want != have]
    assert not differ, differ[:5]


# -- the shipped sample data ---------------------------------------------------------------------

def _shipped_bo_texts() -> list[str]:
    texts: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "bo" and isinstance(value, str):
                    texts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(SHIPPED.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts


@pytest.mark.sample_data
def test_every_shipped_tibetan_syllable_can_be_tibetan():
    texts = _shipped_bo_texts()
    distinct = {s for text in texts for s in tibetan.syllables(text)}
    assert len(distinct) > 500  # the check saw real text, not an empty list
    bad = sorted({s for s in distinct if tibetan.check_syllable(s)})
    assert not bad, bad
    faults = [what for text in texts for what, _ in tibetan.punctuation_problems(text)]
    assert not faults, faults


@pytest.mark.sample_data
def test_shipped_tibetan_texts_use_tibetan_digits_only():
    arabic = [text for text in _shipped_bo_texts() if re.search("[0-9]", text)]
    assert not arabic, arabic[:3]


def test_normalize_spells_alike_what_looks_alike():
    """A query typed with U+0F73 finds a text written U+0F71 U+0F72 (search.py and search.js
    both compare normalized text)."""
    assert tibetan.normalize("\u0f64\u0fb2\u0f73") == tibetan.normalize("\u0f64\u0fb2\u0f71\u0f72")
    assert tibetan.normalize("\u0f64\u0fb2\u0f72\u0f71") == "\u0f64\u0fb2\u0f71\u0f72"  # signs reordered
    assert tibetan.normalize("\u0f77") == "\u0fb2\u0f71\u0f80"
    assert tibetan.normalize("草场 abc") == "草场 abc"
