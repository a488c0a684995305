"""What the loader says about broken data: one realistic mistake per case.

Every case starts from the valid mini data set (tests/fixtures/mini, copied by the `mini_data`
fixture), makes ONE edit of the kind people make by hand, loads, and checks the message an editor
would see: the rule, the file, the line of the offending value and the gist of the message.

Line numbers refer to the fixture files; for orientation, villages/tashi/2025-05-10.yaml is:

     1 sample  2 village  3 adopted  4 kind  5 body  6 votes  7 filed  8 title  9 summary
    10 chapters:  11 - id: general  12 title  13 articles:  14 - id: purpose  15 zh  16 bo
    17 bo_status  18 phrases  19 - id: ecology  20 title  21 articles:  22 - id: grazing
    23 zh  24 bo  25 bo_status  26 phrases  27 reason
"""
from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from regpub.load import DataError, load
from regpub.numbering import article_label, bo_number, chapter_label, zh_number
from regpub.problems import Problem

PLUGIN = Path(__file__).resolve().parent.parent / "plugins" / "regpub"
SHIPPED = Path(__file__).resolve().parent.parent / "regulations"

DIVISIONS = "divisions.yaml"
PHRASES = "phrases.yaml"
TASHI_2020 = "villages/tashi/2020-03-01.yaml"
TASHI_2025 = "villages/tashi/2025-05-10.yaml"
NORBU_2019 = "villages/norbu/2019-08-08.yaml"


# -- helpers -------------------------------------------------------------------------------------

def edit(root: Path, name: str, old: str, new: str, *, to_end: bool = False) -> None:
    """Replace `old` (which must occur exactly once) by `new` in regulations/`name`.

    With to_end=True everything from `old` to the end of the file is replaced.
    """
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}, not once"
    start = text.index(old)
    end = len(text) if to_end else start + len(old)
    path.write_text(text[:start] + new + text[end:], encoding="utf-8")


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(DataError) as error:
        load(root)
    return error.value.problems


def listing(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


def check(problems: list[Problem], rule: str, file: str, line: int, message: str,
          hint: str = "", also: tuple[str, ...] = ()) -> Problem:
    """Exactly one problem of `rule`, where and what we expect; other problems only of `also`."""
    found = [p for p in problems if p.rule == rule]
    assert len(found) == 1, f"expected one [{rule}] problem, got:\n{listing(problems)}"
    problem = found[0]
    assert (problem.path, problem.line) == ("regulations/" + file, line), str(problem)
    assert message in problem.message, str(problem)
    assert hint in problem.hint, str(problem)
    others = sorted(p.rule for p in problems if p is not problem)
    assert others == sorted(also), f"unexpected other problems:\n{listing(problems)}"
    return problem


REVIEW_RECORD = """\
review:
  meetings:
    - {id: m-1, date: 2025-04-20, participants: 55}
  feedback:
    - id: fb-1
      text: {zh: 希望明确禁止超载放牧。, bo_status: missing}
      outcome: adopted
    - id: fb-2
      text: {zh: 建议取消轮牧。, bo_status: missing}
      outcome: not-adopted
      why: {zh: 轮牧保护草场。, bo_status: missing}
"""


def make_review(root: Path) -> None:
    """Turn tashi's 2025 revision into a valid review (回头看) revision.

    The review record takes lines 10-20, so chapters starts on line 21 and the article
    'grazing' (line 33) has phrases on line 37 and `feedback: [fb-1]` on line 38.
    """
    edit(root, TASHI_2025, "kind: revision", "kind: review")
    edit(root, TASHI_2025, "chapters:\n", REVIEW_RECORD + "chapters:\n")
    edit(root, TASHI_2025, "phrases: [hu-cao-yuan]\n",
         "phrases: [hu-cao-yuan]\n        feedback: [fb-1]\n")


def test_mini_data_is_valid(mini_data):
    county = load(mini_data)
    assert sorted(county.regulations) == ["norbu", "tashi"]
    assert [r.key for r in county.regulations["tashi"].revisions] == ["2020-03-01", "2025-05-10"]


def test_the_review_base_is_valid(mini_data):
    make_review(mini_data)
    revision = load(mini_data).regulations["tashi"].current
    assert revision.kind == "review"
    assert [fb.id for fb in revision.review.feedback] == ["fb-1", "fb-2"]
    assert revision.chapters[1].articles[0].feedback == ("fb-1",)


def test_a_problem_reads_path_line_message_hint_rule(mini_data):
    edit(mini_data, TASHI_2025, "village: tashi", "village: norbu")
    [problem] = problems_of(mini_data)
    assert str(problem) == (
        "regulations/villages/tashi/2025-05-10.yaml:2: village is 'norbu' but the file is in the "
        "folder of 'tashi' (fix the village id or move the file) [village-mismatch]")


# -- one edit in one file ------------------------------------------------------------------------

@dataclass(frozen=True)
class Edit:
    """In `file`, `old` becomes `new`; the loader reports `rule` at `line` saying `message`."""

    rule: str
    file: str
    old: str
    new: str
    line: int
    message: str
    hint: str = ""
    also: tuple[str, ...] = ()  # problems that follow legitimately from the same edit
    to_end: bool = False  # replace from `old` to the end of the file
    review: bool = False  # start from the review revision made by make_review()
    at: str = ""  # the path shown, when it is not `file` (relative to regulations/)


TIBETAN_PURPOSE = "གྲོང་ཚོའི་བརྟན་ལྷིང་སྲུང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།"  # tashi 2025, line 16

EDITS = {
    # reading the file
    "colon in plain text": Edit(
        "yaml-syntax", TASHI_2025, "zh: 草场实行轮牧，", "zh: 草场实行轮牧: ", 23,
        "mapping values are not allowed"),
    "anchor": Edit(
        "yaml-syntax", TASHI_2025, "body: {", "body: &meeting {", 5,
        "anchor &meeting is not allowed"),
    "alias": Edit(
        "yaml-syntax", TASHI_2025, "title: {zh: 扎西村村规民约, bo: \"བཀྲ་ཤིས་གྲོང་ཚོའི་སྒྲིག་སྲོལ།\", "
        "bo_status: draft}", "title: *title", 8, "alias *title is not allowed"),
    "alias bomb": Edit(
        "yaml-syntax", TASHI_2025, "sample: true\n",
        "sample: true\nlol: &a [x, x, x, x, x, x, x, x, x]\nlol2: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        "lol3: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", 2, "anchor &a is not allowed"),
    "id that escapes its folder": Edit(
        "bad-id", TASHI_2025, "village: tashi", "village: ../norbu", 2,
        "id '../norbu' is not a valid id"),
    "tab indent": Edit(
        "tab", TASHI_2025, "        phrases: [hu-cao-yuan]", "\tphrases: [hu-cao-yuan]", 26,
        "tab used for indentation"),
    "duplicate key": Edit(
        "duplicate-key", TASHI_2025, "bo_status: draft\n        phrases: [hu-cao-yuan]",
        "bo_status: draft\n        bo_status: draft\n        phrases: [hu-cao-yuan]", 26,
        "duplicate key 'bo_status' (first on line 25)"),
    # fields and types
    "misspelt field": Edit(
        "unknown-field", TASHI_2025, "filed: 2025-05-20", "filled: 2025-05-20", 7,
        "unknown field 'filled'", hint="filed"),
    "article without zh": Edit(
        "missing-field", TASHI_2020, "        zh: 草场实行轮牧。\n", "", 16,
        "article 'grazing': required field 'zh' is missing"),
    "draft without bo": Edit(
        "missing-field", TASHI_2020, "bo: \"ཐེངས་དང་པོར་བཟོས།\", ", "", 7,
        "required field 'bo' is missing"),
    "empty title": Edit(
        "missing-field", TASHI_2020, "title: {zh: 扎西村村规民约, bo: \"བཀྲ་ཤིས་གྲོང་ཚོའི་སྒྲིག་སྲོལ།\", "
        "bo_status: draft}", "title:", 6, "'title' is empty"),
    "word for a vote count": Edit(
        "wrong-type", TASHI_2025, "votes: {for: 40,", "votes: {for: many,", 6,
        "'for' is 'many', not a whole number"),
    "braces for a list": Edit(
        "wrong-type", TASHI_2025, "phrases: [hu-cao-yuan]", "phrases: {hu-cao-yuan}", 26,
        "'phrases' must be a list (lines starting with '- '), found a mapping"),
    "quoted vote count": Edit(
        "wrong-type", TASHI_2025, "abstain: 2}", "abstain: \"2\"}", 6,
        "'abstain' is '2', not a whole number"),
    "yes for true": Edit(
        "wrong-type", TASHI_2025, "sample: true", "sample: yes", 1,
        "'sample' is 'yes', not true or false"),
    "negative vote count": Edit(
        "out-of-range", TASHI_2025, "against: 1,", "against: -1,", 6,
        "'against' is -1, out of range"),
    # values
    "capital in an id": Edit(
        "bad-id", TASHI_2020, "id: purpose", "id: Purpose", 12, "id 'Purpose' is not a valid id"),
    "spaces in a phrase id": Edit(
        "bad-id", TASHI_2025, "phrases: [shou-guo-tu]", "phrases: [shou guo tu]", 18,
        "'shou guo tu' in 'phrases' is not a valid id"),
    "unknown kind": Edit(
        "bad-choice", TASHI_2025, "kind: revision", "kind: amendment", 4,
        "'kind' is 'amendment'", hint="initial, revision, review"),
    "unknown bo_status": Edit(
        "bad-choice", NORBU_2019, "bo_status: missing}", "bo_status: none}", 7,
        "'bo_status' is 'none'", hint="missing, draft, reviewed"),
    "day that does not exist": Edit(
        "bad-date", TASHI_2025, "filed: 2025-05-20", "filed: 2025-02-30", 7,
        "'filed' 2025-02-30 does not exist"),
    "slashes in a date": Edit(
        "bad-date", TASHI_2025, "adopted: 2025-05-10", "adopted: 2025/05/10", 3,
        "'adopted' is '2025/05/10', not a date", hint="YYYY-MM-DD"),
    # a revision and its place
    "adopted date not the file name": Edit(
        "file-name-date", TASHI_2025, "adopted: 2025-05-10", "adopted: 2025-05-01", 3,
        "adopted date 2025-05-01 does not match the file name 2025-05-10.yaml"),
    "copied from another village": Edit(
        "village-mismatch", TASHI_2025, "village: tashi", "village: norbu", 2,
        "village is 'norbu' but the file is in the folder of 'tashi'"),
    "initial after a revision": Edit(
        "revision-order", TASHI_2025, "kind: revision", "kind: initial", 4,
        "kind 'initial' on 2025-05-10, after the revision of 2020-03-01"),
    "filed before adopted": Edit(
        "date-order", TASHI_2025, "filed: 2025-05-20", "filed: 2025-05-01", 7,
        "filed 2025-05-01 is before adopted 2025-05-10"),
    "review record on a plain revision": Edit(
        "review-kind", TASHI_2025, "chapters:\n", REVIEW_RECORD.replace("fb-", "x-") + "chapters:\n",
        10, "a review record in a revision of kind 'revision'"),
    "chapter with no articles": Edit(
        "empty-chapter", NORBU_2019, "    articles:\n", "    articles: []\n", 9,
        "chapter 'general' has no articles", to_end=True),
    "revision with no chapters": Edit(
        "empty-revision", NORBU_2019, "chapters:\n", "chapters: []\n", 8,
        "revision has no chapters", to_end=True),
    # ids and references
    "article id reused": Edit(
        "duplicate-article-id", TASHI_2020, "id: grazing", "id: purpose", 16,
        "article id 'purpose' is used twice (also line 12)"),
    "chapter id reused": Edit(
        "duplicate-id", TASHI_2025, "id: ecology", "id: general", 19,
        "chapter id 'general' is used twice (also line 11)"),
    "phrase id reused": Edit(
        "duplicate-id", PHRASES, "id: hu-cao-yuan", "id: shou-guo-tu", 14,
        "phrase id 'shou-guo-tu' is used twice (also line 8)",
        also=("unknown-phrase", "unknown-phrase")),  # tashi and norbu still name hu-cao-yuan
    "village id reused": Edit(
        "duplicate-id", DIVISIONS, "id: norbu", "id: tashi", 17,
        "village id 'tashi' is used twice (also line 12)",
        also=("unknown-village", "unknown-village")),  # norbu's folder and supervision group
                                                       # now belong to no village
    "feedback id reused": Edit(
        "duplicate-id", TASHI_2025, "- id: fb-2", "- id: fb-1", 17,
        "feedback id 'fb-1' is used twice", review=True),
    "misspelt phrase id": Edit(
        "unknown-phrase", TASHI_2025, "[hu-cao-yuan]", "[hu-cao-yaun]", 26,
        "article 'grazing': unknown phrase id 'hu-cao-yaun'"),
    "feedback id not in the review": Edit(
        "unknown-feedback", TASHI_2025, "feedback: [fb-1]", "feedback: [fb-3]", 38,
        "article 'grazing': unknown feedback id 'fb-3'", review=True),
    "misspelt theme": Edit(
        "unknown-theme", PHRASES, "theme: shengtai", "theme: ecology", 15,
        "phrase 'hu-cao-yuan': unknown theme 'ecology'", hint="shengtai, wending"),
    "village without a folder": Edit(
        "missing-village", DIVISIONS, "        pinyin: luobu\n",
        "        pinyin: luobu\n      - id: dawa\n        code: \"540235900203\"\n"
        "        kind: village\n        name: {zh: 达瓦村}\n        pinyin: dawa\n", 22,
        "village 'dawa' has no regulation folder"),
    # Tibetan and Chinese text
    "bo text while bo_status missing": Edit(
        "status-mismatch", TASHI_2025, "\"ཚད་བརྒལ་བཀག་འགོག་གསལ་པོར་བཀོད།\", bo_status: draft}",
        "\"ཚད་བརྒལ་བཀག་འགོག་གསལ་པོར་བཀོད།\", bo_status: missing}", 27,
        "article 'grazing' > reason: has 'bo' text but bo_status is missing"),
    "place name status without a spelling": Edit(
        "status-without-text", DIVISIONS, "name: {zh: 测试乡}",
        "name: {zh: 测试乡, bo_status: unverified}", 9, "bo_status without a 'bo' spelling"),
    "Tibetan pasted into zh": Edit(
        "wrong-script", TASHI_2025, "制定本村规民约。\n", "制定本村规民约。སྒྲིག་སྲོལ།\n", 15,
        "article 'purpose': 'zh' (Chinese) contains Tibetan text"),
    "Chinese pasted into bo": Edit(
        "wrong-script", TASHI_2025, TIBETAN_PURPOSE, "为维护本村稳定和谐，制定本村规民约。", 16,
        "article 'purpose': 'bo' (Tibetan) contains Chinese characters"),
    "placeholder in bo": Edit(
        "wrong-script", TASHI_2020, "bo: \"གྲོང་ཚོའི་སྒྲིག་ལམ་སྲུང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།\"",
        "bo: \"TODO\"", 14, "'bo' (Tibetan) contains no Tibetan letters"),
    "Latin place name in bo": Edit(
        "wrong-script", DIVISIONS, "bo: \"བཀྲ་ཤིས།\"", "bo: \"Tashi\"", 15,
        "'bo' (Tibetan) contains no Tibetan letters"),
    "vowel sign after a tsheg": Edit(
        "orphan-mark", TASHI_2025, "\"གྲོང་ཚོའི་བརྟན", "\"གྲོང་\u0f72ཚོའི་བརྟན", 16,
        "Tibetan sign U+0F72 with no base letter before it (position 6)"),
    "vowel sign at the start": Edit(
        "orphan-mark", TASHI_2020, "bo: \"གྲོང་ཚོའི་སྒྲིག", "bo: \"\u0f72གྲོང་ཚོའི་སྒྲིག", 14,
        "Tibetan sign U+0F72 with no base letter before it (position 1)"),
    "bell character (written as an escape)": Edit(
        "control-character", TASHI_2025, f"\"{TIBETAN_PURPOSE}", f"\"\\a{TIBETAN_PURPOSE}", 16,
        "control or invalid character U+0007"),
    "legacy-font private-use character": Edit(
        "control-character", TASHI_2025, "བརྟན་ལྷིང་", "བརྟན་\uf0a1ལྷིང་", 16,
        "control or invalid character U+F0A1"),
    "right-to-left override": Edit(
        "control-character", TASHI_2025, "禁止超载放牧", "禁止\u202e超载放牧", 23,
        "invisible direction control U+202E"),
}


@pytest.mark.parametrize("case", EDITS.values(), ids=EDITS.keys())
def test_one_edit(mini_data, case: Edit):
    if case.review:
        make_review(mini_data)
    edit(mini_data, case.file, case.old, case.new, to_end=case.to_end)
    check(problems_of(mini_data), case.rule, case.at or case.file, case.line, case.message,
          case.hint, case.also)


# -- files and folders ---------------------------------------------------------------------------

def resave(name: str, encoding: str) -> Callable[[Path], None]:
    def action(root: Path) -> None:
        path = root / name
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding, errors="replace"))
    return action


def write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def action(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return action


def append(name: str, content: str) -> Callable[[Path], None]:
    def action(root: Path) -> None:
        with open(root / name, "a", encoding="utf-8") as out:
            out.write(content)
    return action


def rename(name: str, new_name: str) -> Callable[[Path], None]:
    return lambda root: (root / name).rename(root / new_name)


def delete(name: str) -> Callable[[Path], None]:
    def action(root: Path) -> None:
        path = root / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return action


def delete_all(folder: str, pattern: str) -> Callable[[Path], None]:
    def action(root: Path) -> None:
        for path in (root / folder).glob(pattern):
            path.unlink()
    return action


def copy_folder(name: str, new_name: str) -> Callable[[Path], None]:
    return lambda root: shutil.copytree(root / name, root / new_name)


@dataclass(frozen=True)
class FileEdit:
    rule: str
    action: Callable[[Path], None]
    path: str  # as shown, relative to regulations/
    line: int
    message: str
    hint: str = ""
    also: tuple[str, ...] = ()


FILE_EDITS = {
    # Windows Notepad "Unicode" is UTF-16 with a BOM
    "saved as UTF-16": FileEdit(
        "encoding", resave(TASHI_2025, "utf-16"), TASHI_2025, 1, "file is UTF-16, not UTF-8",
        hint="UTF-8"),
    "saved as UTF-8 with BOM": FileEdit(
        "encoding", resave(TASHI_2025, "utf-8-sig"), TASHI_2025, 1,
        "starts with a UTF-8 byte-order mark", hint="without BOM"),
    # "ANSI" on a Chinese Windows is GBK: the Chinese survives, the Tibetan becomes '?'
    "saved as GBK": FileEdit(
        "encoding", resave(TASHI_2025, "gbk"), TASHI_2025, 5,
        "file is not UTF-8, looks like GBK", hint="iconv -f GBK -t UTF-8"),
    "huge file": FileEdit(
        "file-size", append(TASHI_2025, "# " + "x" * 1_000_000 + "\n"), TASHI_2025, 1,
        "over the 1,000,000 limit"),
    "only a comment": FileEdit(
        "empty-file", write(TASHI_2025, "# 2025 revision: to be written\n"), TASHI_2025, 1,
        "file is empty"),
    "revision files deleted": FileEdit(
        "empty-village", delete_all("villages/norbu", "*.yaml"), "villages/norbu", 1,
        "village folder 'norbu' has no revision"),
    "folder named by pinyin": FileEdit(
        "unknown-village", copy_folder("villages/norbu", "villages/luobu"), "villages/luobu", 1,
        "folder 'luobu' is not a village in divisions.yaml"),
    "notes next to the revisions": FileEdit(
        "file-name", write("villages/tashi/notes.yaml", "todo: ask the township\n"),
        "villages/tashi/notes.yaml", 1, "'notes.yaml' is not named as a revision",
        hint="YYYY-MM-DD.yaml"),
    "date without leading zeros": FileEdit(
        "file-name", rename(TASHI_2025, "villages/tashi/2025-5-10.yaml"),
        "villages/tashi/2025-5-10.yaml", 1, "'2025-5-10.yaml' is not named as a revision"),
    "divisions deleted": FileEdit(
        "missing-file", delete(DIVISIONS), DIVISIONS, 1, "file is missing"),
    "villages folder deleted": FileEdit(
        "missing-file", delete("villages"), "villages", 1, "folder is missing"),
}


@pytest.mark.parametrize("case", FILE_EDITS.values(), ids=FILE_EDITS.keys())
def test_one_file_edit(mini_data, case: FileEdit):
    case.action(mini_data)
    check(problems_of(mini_data), case.rule, case.path, case.line, case.message, case.hint,
          case.also)


# Rules with a test file of their own.
RULES_TESTED_ELSEWHERE = {
    "locked-revision", "unknown-correction", "missing-revision", "lock-format", "lock-missing",
    "lock-evidence", "lock-history", "correction-hash", "unknown-withdrawal",
    "withdrawn-present",  # tests/test_lock.py
    "font-coverage",  # tests/test_posters.py
    "points-range", "points-sign", "unknown-measure", "personal-data", "unknown-article",  # test_points.py
    "review-record", "reviewer-role",  # test_translation.py
    "tibetan-syllable", "tibetan-shad",  # test_tibetan.py
}


def test_every_rule_of_the_loader_has_a_case():
    """A new rule in plugins/regpub needs a case above."""
    rules = set()
    for source in PLUGIN.glob("*.py"):
        for call in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):
                continue
            name = getattr(call.func, "attr", getattr(call.func, "id", ""))
            position = {"report": 3, "Problem": 4}.get(name)
            if position is not None and len(call.args) > position:
                rule = call.args[position]
                if isinstance(rule, ast.Constant):
                    rules.add(rule.value)
    covered = {c.rule for c in EDITS.values()} | {c.rule for c in FILE_EDITS.values()}
    covered |= RULES_TESTED_ELSEWHERE
    covered |= {c.rule for c in LIMIT_EDITS.values()}
    covered |= {"too-many-articles", "too-many-chapters", "too-many-revisions",
                "unreadable"}  # tests at the end of this file
    assert len(rules) > 30
    assert rules - covered == set()


# -- all at once ---------------------------------------------------------------------------------

def test_all_problems_of_all_files_come_in_one_run_sorted(mini_data):
    edit(mini_data, TASHI_2025, "against: 1,", "against: -1,")  # line 6
    edit(mini_data, TASHI_2025, "village: tashi", "village: norbu")  # line 2
    edit(mini_data, NORBU_2019, "kind: initial", "kind: first")  # line 4
    edit(mini_data, PHRASES, "theme: shengtai", "theme: ecology")  # line 15
    edit(mini_data, TASHI_2020, "id: grazing", "id: purpose")  # line 16
    (mini_data / "villages/tashi/notes.yaml").write_text("x: 1\n", encoding="utf-8")

    problems = problems_of(mini_data)

    assert [(p.path, p.line, p.rule) for p in problems] == [
        ("regulations/phrases.yaml", 15, "unknown-theme"),
        ("regulations/villages/norbu/2019-08-08.yaml", 4, "bad-choice"),
        ("regulations/villages/tashi/2020-03-01.yaml", 16, "duplicate-article-id"),
        ("regulations/villages/tashi/2025-05-10.yaml", 2, "village-mismatch"),
        ("regulations/villages/tashi/2025-05-10.yaml", 6, "out-of-range"),
        ("regulations/villages/tashi/notes.yaml", 1, "file-name"),
    ]
    assert str(problems[0]).startswith("regulations/phrases.yaml:15: phrase 'hu-cao-yuan': ")


def test_the_error_text_lists_every_problem_and_a_count(mini_data):
    edit(mini_data, TASHI_2025, "against: 1,", "against: -1,")
    edit(mini_data, NORBU_2019, "kind: initial", "kind: first")
    with pytest.raises(DataError) as error:
        load(mini_data)
    lines = str(error.value).splitlines()
    assert lines[0].startswith("regulations/villages/norbu/2019-08-08.yaml:4: ")
    assert lines[1].startswith("regulations/villages/tashi/2025-05-10.yaml:6: ")
    assert lines[2] == "2 problems found; nothing was built."


# -- YAML 1.1 surprises do not happen ------------------------------------------------------------

def test_plain_no_and_dates_in_text_stay_text(mini_data):
    edit(mini_data, TASHI_2020, "zh: 草场实行轮牧。", "zh: no")
    edit(mini_data, TASHI_2025, "title: {zh: 扎西村村规民约,", "title: {zh: 2025-05-10,")
    edit(mini_data, NORBU_2019, "zh: 村民应当守护边境，发现异常及时报告。", "zh: 1:20")

    county = load(mini_data)

    grazing = county.regulations["tashi"].revisions[0].chapters[0].articles[1]
    assert grazing.text.zh == "no"
    assert county.regulations["tashi"].current.title.zh == "2025-05-10"
    assert county.regulations["norbu"].revisions[0].chapters[0].articles[0].text.zh == "1:20"


def test_dates_and_numbers_are_typed(mini_data):
    revision = load(mini_data).regulations["tashi"].current
    assert revision.adopted.isoformat() == "2025-05-10"
    assert revision.filed.isoformat() == "2025-05-20"
    assert (revision.votes.for_, revision.votes.against, revision.votes.abstain) == (40, 1, 2)
    assert revision.sample is True


# -- the shipped data ----------------------------------------------------------------------------

@pytest.mark.sample_data
def test_the_shipped_regulations_load():
    try:
        county = load(SHIPPED)
    except DataError as error:
        pytest.fail(f"the shipped data has problems:\n{error}")
    assert county.regulations


# -- numbers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("n, label", [
    (1, "第一条"), (2, "第二条"), (10, "第十条"), (11, "第十一条"), (19, "第十九条"),
    (20, "第二十条"), (21, "第二十一条"), (99, "第九十九条"), (100, "第一百条"),
    (105, "第一百零五条"), (110, "第一百一十条"), (115, "第一百一十五条"), (120, "第一百二十条"),
    (999, "第九百九十九条"),
    # beyond 999 (a 1,002-article revision once passed --check and crashed the build here)
    (1000, "第一千条"), (1001, "第一千零一条"), (1002, "第一千零二条"), (1010, "第一千零一十条"),
    (1100, "第一千一百条"), (1105, "第一千一百零五条"), (2019, "第二千零一十九条"),
    (9999, "第九千九百九十九条"), (10000, "第一万条"), (10010, "第一万零一十条"),
    (100000, "第十万条"), (110005, "第十一万零五条"),
])
def test_chinese_article_numbers(n, label):
    assert article_label(n, "zh") == label


def test_tibetan_numbers():
    assert article_label(12, "bo") == "དོན་ཚན་༡༢།"
    assert chapter_label(3, "bo") == "ལེའུ་༣།"
    assert bo_number(105) == "༡༠༥"
    assert chapter_label(2, "zh") == "第二章"


def test_every_whole_number_has_a_chinese_numeral():
    assert zh_number(0) == "零"
    assert all(zh_number(n) for n in range(0, 20_000, 7))  # no count of articles stops a build
    with pytest.raises(ValueError):
        zh_number(-1)


# -- loader bugs found while writing these tests, now fixed ------------------------------------

def test_raw_bell_character_is_reported_on_its_line(mini_data):
    edit(mini_data, TASHI_2025, "禁止超载放牧", "禁止\a超载放牧")  # line 23
    problems = problems_of(mini_data)
    assert [(p.path, p.line) for p in problems] == [("regulations/" + TASHI_2025, 23)]


def test_a_misspelt_bo_status_is_one_problem(mini_data):
    edit(mini_data, TASHI_2025, "bo_status: draft\n        phrases: [shou-guo-tu]",
         "bo_status: done\n        phrases: [shou-guo-tu]")
    check(problems_of(mini_data), "bad-choice", TASHI_2025, 17, "'bo_status' is 'done'")


def test_a_broken_article_does_not_empty_its_chapter(mini_data):
    edit(mini_data, TASHI_2025, "id: grazing", "id: purpose")
    check(problems_of(mini_data), "duplicate-article-id", TASHI_2025, 22,
          "article id 'purpose' is used twice")


def test_a_meeting_needs_an_id_so_joint_meetings_count_once(mini_data):
    make_review(mini_data)
    edit(mini_data, TASHI_2025, "{id: m-1, date: 2025-04-20,", "{date: 2025-04-20,")
    problems = problems_of(mini_data)
    assert [(p.rule, "'id' is missing" in p.message) for p in problems] == [("missing-field", True)]


def test_feedback_items_without_ids_are_only_missing_ids(mini_data):
    make_review(mini_data)
    edit(mini_data, TASHI_2025, "- id: fb-1\n      text:", "- text:")
    edit(mini_data, TASHI_2025, "- id: fb-2\n      text:", "- text:")
    edit(mini_data, TASHI_2025, "        feedback: [fb-1]\n", "")
    problems = problems_of(mini_data)
    assert [p.rule for p in problems] == ["missing-field", "missing-field"], listing(problems)


def test_township_id_reused(mini_data):
    edit(mini_data, DIVISIONS, "        pinyin: luobu\n",
         "        pinyin: luobu\n  - id: test-xiang\n    code: \"540235901000\"\n"
         "    kind: township\n    name: {zh: 乙乡}\n    pinyin: yixiang\n    villages: []\n")
    check(problems_of(mini_data), "duplicate-id", DIVISIONS, 22, "'test-xiang'")


def test_theme_id_reused(mini_data):
    edit(mini_data, PHRASES, "id: shengtai", "id: wending")
    check(problems_of(mini_data), "duplicate-id", PHRASES, 5, "'wending'",
          also=("unknown-theme",))  # hu-cao-yuan's theme shengtai is gone


def test_revision_outside_its_village_folder_is_reported(mini_data):
    shutil.copy(mini_data / TASHI_2025, mini_data / "villages/2025-06-01.yaml")
    problems = problems_of(mini_data)
    assert [p.path for p in problems] == ["regulations/villages/2025-06-01.yaml"]


def test_full_width_digits_are_not_a_date(mini_data):
    edit(mini_data, TASHI_2025, "filed: 2025-05-20", "filed: ２０２５-０５-２０")
    check(problems_of(mini_data), "bad-date", TASHI_2025, 7, "not a date")


def test_vowel_sign_after_a_non_breaking_tsheg(mini_data):
    edit(mini_data, TASHI_2025, "\"གྲོང་ཚོའི་བརྟན", "\"གྲོང\u0f0c\u0f72ཚོའི་བརྟན")
    check(problems_of(mini_data), "orphan-mark", TASHI_2025, 16, "U+0F72")


# -- sizes and shapes that once ended in a traceback (issue 13) --------------------------------
# Each of these printed a Python traceback (or crashed the interpreter) instead of a problem.

LIMIT_EDITS = {
    # libyaml's composer recursed once per level: 100,000 `[` was a segmentation fault
    "100,000 nested lists": Edit(
        "nesting-depth", TASHI_2025, "phrases: [hu-cao-yuan]",
        "phrases: " + "[" * 100_000 + "]" * 100_000, 26, "nest more than 64 levels deep"),
    "5,000 unclosed brackets": Edit(
        "nesting-depth", TASHI_2025, "phrases: [hu-cao-yuan]", "phrases: " + "[" * 5_000, 26,
        "nest more than 64 levels deep"),
    "nested block lists on one line": Edit(
        "nesting-depth", TASHI_2025, "phrases: [hu-cao-yuan]", "phrases:\n          " + "- " * 70
        + "x", 27, "nest more than 64 levels deep"),
    "a list as a key": Edit(
        "wrong-type", TASHI_2025, "phrases: [hu-cao-yuan]", "[phrases]: [hu-cao-yuan]", 26,
        "a key is a list or a mapping, not a name"),
    # int() refuses more than 4,300 digits with a ValueError
    "vote count of 5,000 digits": Edit(
        "out-of-range", TASHI_2025, "for: 40,", "for: " + "9" * 5_000 + ",", 6,
        "'for' has 5,000 digits, out of range"),
    "superscript digit as a vote count": Edit(
        "wrong-type", TASHI_2025, "for: 40,", "for: ²,", 6, "'for' is '²', not a whole number"),
    "Tibetan digit as a vote count": Edit(
        "wrong-type", TASHI_2025, "for: 40,", "for: ༤༠,", 6, "'for' is '༤༠', not a whole number"),
    "enforcement figure of 5,000 digits": Edit(
        "out-of-range", "supervision.yaml", "dissuaded: 2,", "dissuaded: " + "1" * 5_000 + ",", 7,
        "'dissuaded' has 5,000 digits"),
    # supervision roles: head-counts by role, in a mapping (each was a traceback)
    "roles as a list": Edit(
        "wrong-type", "supervision.yaml", "roles: {leader: 1, deputy: 1, member: 5}",
        "roles: [leader, deputy, member]", 5, "roles must be a mapping (key: value lines), found a list"),
    "a role's count as a mapping": Edit(
        "wrong-type", "supervision.yaml", "roles: {leader: 1, deputy: 1, member: 5}",
        "roles: {leader: {count: 1}, deputy: 1, member: 5}", 5,
        "'leader' must be a single value, found a mapping"),
    "superscript head-count": Edit(
        "wrong-type", "supervision.yaml", "leader: 1, deputy", "leader: ², deputy", 5,
        "role 'leader' is '²'"),
    "head-count of 5,000 digits": Edit(
        "out-of-range", "supervision.yaml", "leader: 1, deputy", "leader: " + "1" * 5_000 + ", deputy",
        5, "role 'leader' has 5000 digits"),
    # ids become folder names: a 4,401-character village id was an OSError (name too long)
    "village id of 4,401 characters": Edit(
        "bad-id", DIVISIONS, "id: norbu", "id: " + "n" * 4_401, 17,
        "id 'nnnnnnnnnnnnnnnnnnnn…' is 4,401 characters long, over the 64 limit",
        also=("unknown-village", "unknown-village")),  # norbu's folder and supervision group
    "id of 4,401 characters": Edit(
        "bad-id", TASHI_2020, "id: purpose", "id: " + "a" * 4_401, 12,
        "is 4,401 characters long, over the 64 limit"),
    "phrase id of 100 characters": Edit(
        "bad-id", TASHI_2025, "[hu-cao-yuan]", "[" + "h" * 100 + "]", 26,
        "is 100 characters long, over the 64 limit"),
    "article text of 10,001 characters": Edit(
        "text-too-long", TASHI_2025, "zh: 草场实行轮牧，禁止超载放牧。", "zh: " + "草" * 10_001, 23,
        "'zh' is 10,001 characters long, over the 10,000 limit"),
    # The points page links each record to its article: one the revision in force when the
    # period began does not have passed --check and then crashed the build (UndefinedError).
    "enforcement naming an article the revision in force lacks": Edit(
        "unknown-article", TASHI_2025, "      - id: grazing\n", "      - id: pasture\n", 7,
        "article 'grazing' is not in the regulation in force on 2025-07-01 (revision of "
        "2025-05-10)", hint=TASHI_2025, at="supervision.yaml"),
    "enforcement before the first regulation": Edit(
        "date-order", "supervision.yaml", "from: 2025-07-01", "from: 2019-07-01", 7,
        "the period starts on 2019-07-01, before the village's first regulation (2020-03-01)"),
}


@pytest.mark.parametrize("case", LIMIT_EDITS.values(), ids=LIMIT_EDITS.keys())
def test_limits_and_shapes(mini_data, case: Edit):
    edit(mini_data, case.file, case.old, case.new, to_end=case.to_end)
    check(problems_of(mini_data), case.rule, case.at or case.file, case.line, case.message,
          case.hint, case.also)


def test_enforcement_of_an_article_a_later_revision_renamed_is_valid(mini_data):
    # The record of 2025-07-01 belongs to the revision of 2025-05-10, which has 'grazing'; a
    # revision adopted later without it leaves the record (history) as it was.
    edit(mini_data, "supervision.yaml", "from: 2025-07-01, to: 2025-09-30",
         "from: 2021-07-01, to: 2021-09-30")
    edit(mini_data, TASHI_2025, "      - id: grazing\n", "      - id: pasture\n")
    group = load(mini_data).supervision["tashi"]
    assert [(r.article, r.period_start.isoformat()) for r in group.enforcement] == [
        ("grazing", "2021-07-01")]


def articles_file(chapters: int, per_chapter: int) -> str:
    """The chapters of a revision with `chapters` x `per_chapter` short articles."""
    lines = ["chapters:"]
    for c in range(1, chapters + 1):
        lines += [f"  - id: c{c}", f"    title: {{zh: 第{c}部分, bo_status: missing}}", "    articles:"]
        lines += [f"      - {{id: a{c}-{a}, zh: 第{a}项。, bo_status: missing}}"
                  for a in range(1, per_chapter + 1)]
    return "\n".join(lines) + "\n"


def test_a_revision_of_more_than_500_articles_is_refused(mini_data):
    # 1,002 articles passed --check and then stopped the build in the numbering (第一千零一条).
    edit(mini_data, NORBU_2019, "chapters:\n", articles_file(2, 501), to_end=True)
    check(problems_of(mini_data), "too-many-articles", NORBU_2019, 8,
          "revision has 1,002 articles, over the limit of 500")


def test_a_revision_of_500_articles_loads(mini_data):
    edit(mini_data, NORBU_2019, "chapters:\n", articles_file(5, 100), to_end=True)
    revision = load(mini_data).regulations["norbu"].revisions[0]
    assert [n.number for n in revision.numbered()][-1] == 500


def test_a_revision_of_more_than_50_chapters_is_refused(mini_data):
    edit(mini_data, NORBU_2019, "chapters:\n", articles_file(51, 1), to_end=True)
    check(problems_of(mini_data), "too-many-chapters", NORBU_2019, 8,
          "revision has 51 chapters, over the limit of 50")


def test_a_points_range_upside_down_is_reported_where_it_is_written(mini_data):
    edit(mini_data, "points.yaml", "range: {min: -20, max: 20}", "range: {min: 20, max: -20}")
    problems = problems_of(mini_data)
    assert str(problems[0]) == ("regulations/points.yaml:3: points range: min 20 is above max -20 "
                                "(write the lower bound as min, e.g. range: {min: -50, max: 50}) "
                                "[points-range]")


def test_a_file_that_cannot_be_read_is_a_problem(mini_data, monkeypatch):
    # (a test cannot take its own read permission away when it runs as root: the refusal is
    # simulated for this one file)
    unreadable = mini_data / TASHI_2025
    read_bytes = Path.read_bytes

    def refuse(path):
        if path == unreadable:
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    check(problems_of(mini_data), "unreadable", TASHI_2025, 1,
          "file cannot be read (Permission denied)", hint="permissions")


def test_a_village_of_more_than_50_revisions_is_refused(mini_data):
    # Each pair of revisions has a comparison page: 1,000 copies would be 499,500 pages.
    text = (mini_data / TASHI_2025).read_text(encoding="utf-8")
    for year in range(2026, 2075):
        adopted = f"{year}-05-10"
        (mini_data / f"villages/tashi/{adopted}.yaml").write_text(
            text.replace("adopted: 2025-05-10", f"adopted: {adopted}")
                .replace("filed: 2025-05-20\n", ""), encoding="utf-8")
    check(problems_of(mini_data), "too-many-revisions", "villages/tashi", 1,
          "village folder 'tashi' has 51 revisions, over the limit of 50")
