"""A published revision never changes or disappears silently: the lock, its evidence, its
messages, recorded corrections and withdrawals, and translation work on published revisions."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest

from regpub import lock as lockfile
from regpub.load import DataError, load
from sitecheck import ROOT, run_build

TASHI_2025 = "villages/tashi/2025-05-10.yaml"
NORBU_2025 = "villages/norbu/2025-10-01.yaml"
SHOWN_TASHI = "regulations/villages/tashi/2025-05-10.yaml"
SHOWN_LOCK = "regulations/published.lock"


def lock(data):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "lock", "--data", str(data)],
                          capture_output=True, text=True)


def check(data, *options):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--check", "--no-posters",
                           "--data", str(data), *options], capture_output=True, text=True)


def lock_now(data) -> None:
    """`python build.py lock`, in this process."""
    lockfile.write_lock(data, load(data))


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit(data, name: str, old: str, new: str) -> None:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(data):
    with pytest.raises(DataError) as error:
        load(data)
    return error.value.problems


def only(problems, rule):
    found = [p for p in problems if p.rule == rule]
    assert found, [str(p) for p in problems]
    return found


# -- locking ---------------------------------------------------------------------------------------

def test_lock_records_every_revision_once_with_its_evidence(mini_data):
    first = lock(mini_data)
    assert first.returncode == 0, first.stderr
    assert "4 revisions added to published.lock" in first.stdout
    text = (mini_data / "published.lock").read_text(encoding="utf-8")
    assert f"sha256: {sha256(mini_data / TASHI_2025)}" in text
    evidence = (mini_data / "published.lock.sum").read_text(encoding="utf-8")
    assert "entries: 4\n" in evidence
    again = lock(mini_data)
    assert "0 revisions added" in again.stdout
    assert (mini_data / "published.lock").read_text(encoding="utf-8") == text
    assert (mini_data / "published.lock.sum").read_text(encoding="utf-8") == evidence


# -- edits of the adopted text are refused, and said -----------------------------------------------

def test_an_edited_published_revision_is_refused_with_what_changed(mini_data):
    lock_now(mini_data)
    edit(mini_data, TASHI_2025, "禁止超载放牧", "禁止放牧")
    [problem] = problems_of(mini_data)
    assert problem.rule == "locked-revision"
    assert problem.path == SHOWN_TASHI
    assert "published revision was edited: article 'grazing' text changed" in problem.message
    assert f"sha256: {sha256(mini_data / TASHI_2025)}" in problem.hint  # what a correction needs


SUBSTANTIVE_EDITS = {
    "chapter title": (TASHI_2025, "title: {zh: 总则,", "title: {zh: 总纲,", "chapter 'general' title changed"),
    "reason": (TASHI_2025, "reason: {zh: 明确禁止超载。", "reason: {zh: 明确禁止。", "article 'grazing' reason changed"),
    "review outcome": (NORBU_2025, "outcome: not-adopted", "outcome: partly",
                       "feedback 'fb-2' outcome changed from not-adopted to partly"),
    "feedback why": (NORBU_2025, "why: {zh: 便于执行。", "why: {zh: 便于落实。", "feedback 'fb-1' why changed"),
    "sample flag": (TASHI_2025, "sample: true", "sample: false", "sample changed from true to false"),
    "votes": (TASHI_2025, "against: 1,", "against: 0,",
              "votes changed from for 40, against 1, abstain 2 to for 40, against 0, abstain 2"),
    "filed date": (TASHI_2025, "filed: 2025-05-20", "filed: 2025-05-21",
                   "filed changed from 2025-05-20 to 2025-05-21"),
    "kind": (TASHI_2025, "kind: revision", "kind: initial", "kind changed from revision to initial"),
    # The date a revision takes effect is adopted: stating it afterwards changes the law.
    "in force added": (TASHI_2025, "filed: 2025-05-20\n", "filed: 2025-05-20\nin_force: 2025-06-01\n",
                       "in_force added"),
    "title": (TASHI_2025, "title: {zh: 扎西村村规民约", "title: {zh: 扎西村规约", "title changed"),
    "article feedback": (NORBU_2025, "feedback: [fb-1]", "feedback: [fb-1, fb-2]",
                         "article 'border' feedback changed from fb-1 to fb-1, fb-2"),
    "provisions": (NORBU_2025, "points: -10", "points: -15", "article 'fire' provisions changed"),
    "provision condition": (NORBU_2025, "condition: {zh: 在草场野外用火的", "condition: {zh: 在草场用火的",
                            "article 'fire' provisions changed"),
    "phrases": (TASHI_2025, "phrases: [hu-cao-yuan]", "phrases: [hu-cao-yuan, shou-guo-tu]",
                "article 'grazing' phrases changed from hu-cao-yuan to hu-cao-yuan, shou-guo-tu"),
    "review meeting": (NORBU_2025, "participants: 40", "participants: 41", "meetings changed"),
    "reason removed": (TASHI_2025, "        reason: {zh: 明确禁止超载。, bo: \"ཚད་བརྒལ་བཀག་འགོག་གསལ་པོར་བཀོད།\", bo_status: draft}\n",
                       "", "article 'grazing' reason removed"),
}


@pytest.mark.parametrize("case", SUBSTANTIVE_EDITS.values(), ids=SUBSTANTIVE_EDITS.keys())
def test_each_substantive_edit_is_said_never_formatting(mini_data, case):
    name, old, new, said = case
    lock_now(mini_data)
    edit(mini_data, name, old, new)
    [problem] = only(problems_of(mini_data), "locked-revision")
    assert said in problem.message
    assert "formatting" not in problem.message


# Every field of a revision's model, and where the lock sees it. A field added to the model
# must be added to lock.fingerprints (adopted or translation) and here; Text's fields other than
# `zh` are translation by rule (lock._translation_print reads them all, whatever they are).
SEEN_BY_THE_LOCK = {
    "Revision": {"kind", "body", "title", "summary", "chapters", "sample", "votes", "filed", "review",
                 "village", "adopted",  # the file's name: the lock's key
                 "source", "digest", "corrections",  # where it was read, its hash, its records
                 "preamble", "closing",
                 "in_force",
                 "removed"},  # each entry: "removed '<article id>'" reason and feedback
    "Removal": {"article", "reason", "feedback"},
    "Chapter": {"id", "title", "articles"},
    "Article": {"id", "text", "phrases", "reason", "feedback", "provisions", "paragraphs"},
    "Paragraph": {"id", "text", "items"},  # ids and order: the article's `parts`
    "Item": {"id", "text"},
    "Provision": {"kind", "condition", "points", "measures"},
    "ReviewRecord": {"meetings", "feedback"},
    "Meeting": {"id", "date", "participants"},
    "FeedbackItem": {"id", "text", "outcome", "why"},
    "Votes": {"for_", "against", "abstain"},
}


def test_every_field_of_the_revision_model_is_seen_by_the_lock():
    import dataclasses

    from regpub import model
    for name, seen in SEEN_BY_THE_LOCK.items():
        assert {f.name for f in dataclasses.fields(getattr(model, name))} == seen, name
    assert [f.name for f in dataclasses.fields(model.Text)][0] == "zh"


def test_moved_added_and_removed_articles_are_named(mini_data):
    lock_now(mini_data)
    path = mini_data / TASHI_2025
    text = path.read_text(encoding="utf-8")
    purpose = text[text.index("      - id: purpose"):text.index("  - id: ecology")]
    # purpose moves to the end of the ecology chapter: chapter and number change
    text = text.replace(purpose, "").rstrip("\n") + "\n" + purpose
    text = text.replace("- id: purpose", "- id: aim")
    path.write_text(text, encoding="utf-8")
    problems = problems_of(mini_data)
    [problem] = only(problems, "locked-revision")
    assert "article 'grazing' number changed from 2 to 1" in problem.message
    assert "article 'aim' added" in problem.message
    assert "article 'purpose' removed" in problem.message


def test_even_a_formatting_change_is_noticed_and_said_so(mini_data):
    lock_now(mini_data)
    path = mini_data / TASHI_2025
    path.write_text(path.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    [problem] = problems_of(mini_data)
    assert problem.rule == "locked-revision"
    assert "formatting or comments only" in problem.message


# -- translation work on published revisions -----------------------------------------------------

def test_a_tibetan_only_edit_is_accepted_and_reported_as_translation_work(mini_data):
    lock_now(mini_data)
    edit(mini_data, TASHI_2025, "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད།", "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད་དགོས།")
    edit(mini_data, TASHI_2025, "summary: {zh: 按三字句重新编排。, bo: \"ཚིག་གསུམ་ཚིག་རྐང་ལྟར་བསྐྱར་སྒྲིག་བྱས།\", "
         "bo_status: draft}", "summary: {zh: 按三字句重新编排。, bo_status: missing}")  # a withdrawn draft
    county = load(mini_data)
    assert county.translation_changes == (lockfile.TranslationChange(SHOWN_TASHI, 2),)
    result = check(mini_data)
    assert result.returncode == 0, result.stderr
    said = f"{SHOWN_TASHI}: Tibetan translation changed in 2 texts since locked"
    assert said in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1].startswith("ok: ")  # the ok line is last


def test_a_chinese_edit_beside_a_tibetan_edit_is_refused_naming_the_chinese_only(mini_data):
    lock_now(mini_data)
    edit(mini_data, TASHI_2025, "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད།", "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད་དགོས།")
    edit(mini_data, TASHI_2025, "为维护本村稳定和谐", "为维护本村和谐")
    [problem] = problems_of(mini_data)
    assert problem.rule == "locked-revision"
    assert problem.message.endswith("published revision was edited: article 'purpose' text changed")


def test_changes_tells_adopted_from_translation_parts(mini_data):
    """The helper translation tools use: which parts of a locked revision changed."""
    lock_now(mini_data)
    edit(mini_data, NORBU_2025, "bo: \"རྩྭ་ཐང་དུ་མེ་སྤྱད་ན།\"", "bo: \"རྩྭ་ཐང་དུ་མེ་སྤྱད་པ།\"")
    county = load(mini_data)
    changed = lockfile.changes_since_locked(mini_data, county)
    assert set(changed) == {NORBU_2025, TASHI_2025, "villages/norbu/2019-08-08.yaml",
                            "villages/tashi/2020-03-01.yaml"}
    assert changed[NORBU_2025].adopted == ()
    assert changed[NORBU_2025].translation == ("article 'fire' provisions changed",)
    assert changed[NORBU_2025].bytes_changed and not changed[NORBU_2025].formatting_only
    assert changed[TASHI_2025] == lockfile.Changes((), (), False)


TIBETAN_OLD, TIBETAN_NEW = "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད།", "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད་དགོས།"


def test_lock_records_translation_work_and_the_check_stops_saying_it(mini_data):
    lock_now(mini_data)
    before = lockfile.read_lock(mini_data, "regulations", []).entries[TASHI_2025]
    edit(mini_data, TASHI_2025, TIBETAN_OLD, TIBETAN_NEW)
    assert load(mini_data).translation_changes == (lockfile.TranslationChange(SHOWN_TASHI, 1),)

    recorded = lock(mini_data)
    assert recorded.returncode == 0, recorded.stderr
    assert "recorded Tibetan translation changes in 1 revision\n" in recorded.stdout
    assert "0 revisions added to published.lock" in recorded.stdout
    after = lockfile.read_lock(mini_data, "regulations", []).entries[TASHI_2025]
    county = load(mini_data)  # the lock and its .sum verify
    now = lockfile.fingerprints(county.regulations["tashi"].current)
    assert after.sha256 == sha256(mini_data / TASHI_2025) != before.sha256
    assert after.translation == now.translation != before.translation
    assert after.adopted == before.adopted  # never rewritten
    assert county.translation_changes == ()
    assert [line for line in check(mini_data).stdout.splitlines() if "Tibetan" in line] == []

    text = (mini_data / "published.lock").read_bytes()
    again = lock(mini_data)  # nothing left to record: nothing written
    assert "recorded Tibetan" not in again.stdout
    assert (mini_data / "published.lock").read_bytes() == text


def test_lock_refuses_and_touches_nothing_when_an_adopted_part_changed(mini_data):
    lock_now(mini_data)
    edit(mini_data, TASHI_2025, TIBETAN_OLD, TIBETAN_NEW)
    edit(mini_data, TASHI_2025, "为维护本村稳定和谐", "为维护本村和谐")
    saved = {name: (mini_data / name).read_bytes() for name in ("published.lock", "published.lock.sum")}
    refused = lock(mini_data)
    assert refused.returncode == 1
    assert "article 'purpose' text changed" in refused.stderr and "[locked-revision]" in refused.stderr
    assert {name: (mini_data / name).read_bytes() for name in saved} == saved
    # and the writer itself never records such an entry, whoever calls it
    entry = lockfile.read_lock(mini_data, "regulations", []).entries[TASHI_2025]
    revision = load(mini_data, verify_lock=False).regulations["tashi"].current
    assert lockfile.with_translation(entry, revision) is None


def test_lock_records_translation_work_on_a_corrected_revision(mini_data):
    lock_now(mini_data)
    published = sha256(mini_data / TASHI_2025)
    # a correction that mends the Chinese and its Tibetan together
    edit(mini_data, TASHI_2025, "制定本村规民约", "制定本规约")
    edit(mini_data, TASHI_2025, TIBETAN_OLD, TIBETAN_NEW)
    correction(mini_data, sha256(mini_data / TASHI_2025))
    recorded = lock(mini_data)
    assert recorded.returncode == 0, recorded.stderr
    assert f"recorded the correction of {TASHI_2025}" in recorded.stdout
    assert "recorded Tibetan translation changes in 1 revision" in recorded.stdout
    entry = lockfile.read_lock(mini_data, "regulations", []).entries[TASHI_2025]
    # the file is the corrected one byte for byte: the lock keeps the published sha256, or the
    # correction would name the lock's own hash and "correct nothing"
    assert entry.sha256 == published
    assert load(mini_data).translation_changes == ()

    edit(mini_data, TASHI_2025, TIBETAN_NEW, TIBETAN_OLD)  # translation work goes on
    assert lock(mini_data).stdout.count("recorded Tibetan translation changes in 1 revision") == 1
    assert lockfile.read_lock(mini_data, "regulations", []).entries[TASHI_2025].sha256 == \
        sha256(mini_data / TASHI_2025)
    assert load(mini_data).translation_changes == ()


def test_the_check_sums_up_many_files_of_translation_work():
    many = [lockfile.TranslationChange(f"regulations/villages/v{i}/2025-05-10.yaml", i + 1)
            for i in range(6)]
    assert lockfile.translation_report(many) == [
        "Tibetan translation changed since locked in 6 revision files (21 texts); "
        "`python build.py lock` records it; `--check --verbose` lists them"]
    assert lockfile.translation_report(many, verbose=True) == [str(c) for c in many]
    assert lockfile.translation_report(many[:5]) == [str(c) for c in many[:5]]
    assert str(many[0]) == ("regulations/villages/v0/2025-05-10.yaml: Tibetan translation "
                            "changed in 1 text since locked")


def test_check_verbose_lists_each_file_and_ends_with_ok(mini_data):
    lock_now(mini_data)
    edit(mini_data, TASHI_2025, TIBETAN_OLD, TIBETAN_NEW)
    edit(mini_data, NORBU_2025, "bo: \"རྩྭ་ཐང་དུ་མེ་སྤྱད་ན།\"", "bo: \"རྩྭ་ཐང་དུ་མེ་སྤྱད་པ།\"")
    lines = check(mini_data, "--verbose").stdout.splitlines()
    assert lines[:-1] == ["regulations/villages/norbu/2025-10-01.yaml: Tibetan translation changed "
                          "in 1 text since locked",
                          f"{SHOWN_TASHI}: Tibetan translation changed in 1 text since locked"]
    assert lines[-1].startswith("ok: ")


@pytest.mark.sample_data
def test_the_shipped_lock_records_the_shipped_tibetan():
    """`python build.py lock` was run after the Tibetan drafts were fixed: no translation work
    is left unrecorded, and the check ends with its ok line."""
    result = check(ROOT / "regulations")
    assert result.returncode == 0, result.stderr
    assert "Tibetan translation changed" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith("ok: ")


# -- line endings ------------------------------------------------------------------------------------

@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_line_endings_alone_are_never_an_edit(mini_data, ending):
    lock_now(mini_data)
    path = mini_data / TASHI_2025
    path.write_bytes(path.read_bytes().replace(b"\n", ending.encode()))
    county = load(mini_data)
    assert county.translation_changes == ()
    assert county.regulations["tashi"].current.digest == lockfile.read_lock(
        mini_data, "regulations", []).entries[TASHI_2025].sha256


@pytest.mark.sample_data
def test_the_shipped_lock_verifies_and_gitattributes_keeps_lf():
    county = load(ROOT / "regulations")
    assert sum(len(r.revisions) for r in county.regulations.values()) >= 100
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert "*.yaml text eol=lf" in attributes and "*.lock text eol=lf" in attributes


# -- a published revision never disappears silently ---------------------------------------------

def test_a_deleted_revision_is_named(mini_data):
    lock_now(mini_data)
    (mini_data / TASHI_2025).unlink()
    [problem] = problems_of(mini_data)
    assert problem.rule == "missing-revision"
    assert problem.path == SHOWN_LOCK and problem.line > 1  # the entry's line in the lock
    assert f"published revision {TASHI_2025} is missing" in problem.message
    assert "withdrawn.yaml" in problem.hint


def test_a_renamed_revision_is_named_with_its_new_name(mini_data):
    lock_now(mini_data)
    (mini_data / TASHI_2025).rename(mini_data / "villages/tashi/2025-05-11.yaml")
    [problem] = only(problems_of(mini_data), "missing-revision")
    assert f"{TASHI_2025} is missing: it was renamed to villages/tashi/2025-05-11.yaml" in problem.message


def test_a_revision_hidden_as_a_dot_file_is_named(mini_data):
    lock_now(mini_data)
    (mini_data / TASHI_2025).rename(mini_data / "villages/tashi/.2025-05-10.yaml")
    [problem] = problems_of(mini_data)
    assert problem.rule == "missing-revision"
    assert "renamed and hidden to villages/tashi/.2025-05-10.yaml" in problem.message


def test_a_deleted_village_folder_names_each_locked_revision(mini_data):
    lock_now(mini_data)
    shutil.rmtree(mini_data / "villages/norbu")
    missing = only(problems_of(mini_data), "missing-revision")
    assert {p.message.split()[2] for p in missing} == {"villages/norbu/2019-08-08.yaml", NORBU_2025}


WITHDRAWAL = (
    "withdrawn:\n"
    f"  - file: {TASHI_2025}\n"
    "    date: 2025-09-01\n"
    "    reason: {zh: 经乡镇审查程序不合规予以撤回。, bo: \"བསྐྱར་ཞིབ་བྱས་རྗེས་ཕྱིར་བསྡུས།\", bo_status: draft}\n")


def test_a_withdrawn_revision_is_recorded_and_shown(mini_data, tmp_path):
    lock_now(mini_data)
    (mini_data / TASHI_2025).unlink()
    (mini_data / "withdrawn.yaml").write_text(WITHDRAWAL, encoding="utf-8")
    county = load(mini_data)
    [withdrawn] = county.regulations["tashi"].withdrawn
    assert (withdrawn.adopted.isoformat(), withdrawn.date.isoformat()) == ("2025-05-10", "2025-09-01")
    assert county.withdrawals == (withdrawn,)
    result = run_build(mini_data, tmp_path / "site", "--no-posters")
    assert result.returncode == 0, result.stderr
    for page in ("villages/tashi/index.html", "changes/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert "通过的版本已于" in html and "经乡镇审查程序不合规予以撤回。" in html, page
        assert 'datetime="2025-05-10"' in html and 'datetime="2025-09-01"' in html


def test_a_withdrawal_of_a_file_still_there_or_never_published_is_refused(mini_data):
    lock_now(mini_data)
    tashi_2020 = "villages/tashi/2020-03-01.yaml"
    (mini_data / tashi_2020).unlink()
    (mini_data / "withdrawn.yaml").write_text(
        WITHDRAWAL  # the file is still there
        + WITHDRAWAL[11:].replace(TASHI_2025, "villages/tashi/2024-01-01.yaml")  # never locked
        + WITHDRAWAL[11:].replace(TASHI_2025, tashi_2020).replace("2025-09-01", "2019-01-01"),
        encoding="utf-8")
    problems = problems_of(mini_data)
    assert [p.rule for p in problems] == ["withdrawn-present", "unknown-withdrawal", "date-order"]
    assert all(p.path == "regulations/withdrawn.yaml" for p in problems)
    assert [p.line for p in problems] == [2, 5, 8]


# -- the lock itself cannot be tampered with ------------------------------------------------------

def test_editing_a_file_and_its_sha256_in_the_lock_is_caught_by_the_fingerprints(mini_data):
    lock_now(mini_data)
    old = sha256(mini_data / TASHI_2025)
    edit(mini_data, TASHI_2025, "禁止超载放牧", "禁止放牧")
    path = mini_data / "published.lock"
    path.write_text(path.read_text(encoding="utf-8").replace(old, sha256(mini_data / TASHI_2025)),
                    encoding="utf-8")
    # ... and even the evidence, recomputed as an informed forger would
    entries = lockfile.read_lock(mini_data, "regulations", []).entries
    (mini_data / "published.lock.sum").write_text(
        f"entries: {len(entries)}\nsha256: {lockfile.Lock('file', entries).digest()}\n", encoding="utf-8")
    [problem] = problems_of(mini_data)
    assert problem.rule == "locked-revision" and problem.path == SHOWN_TASHI
    assert "article 'grazing' text changed; its sha256 in published.lock was changed to match" in problem.message


def test_an_edited_lock_entry_breaks_its_evidence(mini_data):
    lock_now(mini_data)
    edit(mini_data, "published.lock", "sample=true", "sample=false")
    rules = {p.rule for p in problems_of(mini_data)}
    assert rules == {"lock-evidence", "locked-revision"}


def test_a_duplicate_lock_entry_is_refused(mini_data):
    lock_now(mini_data)
    path = mini_data / "published.lock"
    text = path.read_text(encoding="utf-8")
    first = text[text.index("villages/"):text.index("villages/", text.index("villages/") + 1)]
    path.write_text(text + first, encoding="utf-8")
    [problem] = problems_of(mini_data)
    assert problem.rule == "duplicate-key" and problem.path == SHOWN_LOCK
    assert problem.line == len(text.splitlines()) + 1


def test_an_emptied_lock_is_refused(mini_data):
    lock_now(mini_data)
    (mini_data / "published.lock").write_text(lockfile.LOCK_HEADER, encoding="utf-8")
    [problem] = problems_of(mini_data)
    assert problem.rule == "lock-missing"
    assert "published.lock has no entries, but published.lock.sum records 4" in problem.message


def test_a_deleted_lock_is_refused_while_its_evidence_is_there(mini_data):
    lock_now(mini_data)
    (mini_data / "published.lock").unlink()
    [problem] = problems_of(mini_data)
    assert problem.rule == "lock-missing" and "is missing" in problem.message


def test_a_deleted_evidence_file_is_refused(mini_data):
    lock_now(mini_data)
    (mini_data / "published.lock.sum").unlink()
    [problem] = problems_of(mini_data)
    assert problem.rule == "lock-evidence" and "--migrate" in problem.hint


def test_a_lock_replaced_by_a_folder_is_refused(mini_data):
    lock_now(mini_data)
    (mini_data / "published.lock").unlink()
    (mini_data / "published.lock").mkdir()
    [problem] = problems_of(mini_data)
    assert problem.rule == "lock-missing" and "is a folder" in problem.message


def git_repo_with_the_lock_committed(data) -> None:
    def git(*args):
        subprocess.run(["git", "-C", str(data.parent), "-c", "user.name=t", "-c",
                        "user.email=t@example.org", *args], check=True, capture_output=True)

    lock_now(data)
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "locked")


def forge_evidence(data) -> None:
    """The .sum recomputed for the lock as it is, as an informed forger would."""
    entries = lockfile.read_lock(data, "regulations", []).entries
    (data / "published.lock.sum").write_text(
        f"entries: {len(entries)}\nsha256: {lockfile.Lock('file', entries).digest()}\n", encoding="utf-8")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_head_shows_a_lock_deleted_with_its_evidence(mini_data):
    git_repo_with_the_lock_committed(mini_data)
    load(mini_data)  # as committed: fine
    (mini_data / "published.lock").unlink()
    (mini_data / "published.lock.sum").unlink()
    [problem] = problems_of(mini_data)
    assert problem.rule == "lock-history"
    assert "published.lock differs from the one at git HEAD: 4 entries are gone" in problem.message


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_head_allows_a_recorded_translation_change_of_the_sha256(mini_data):
    git_repo_with_the_lock_committed(mini_data)
    edit(mini_data, TASHI_2025, "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད།", "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད་དགོས།")
    recorded = lock(mini_data)
    assert recorded.returncode == 0, recorded.stderr
    assert "recorded Tibetan translation changes in 1 revision" in recorded.stdout
    # the entry's sha256 now differs from HEAD's, its adopted prints do not: accepted
    assert load(mini_data).translation_changes == ()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_head_refuses_changed_adopted_prints_even_with_forged_evidence(mini_data):
    git_repo_with_the_lock_committed(mini_data)
    # the Chinese edited, and the lock's prints rewritten to match
    edit(mini_data, TASHI_2025, "禁止超载放牧", "禁止放牧")
    revision = load(mini_data, verify_lock=False).regulations["tashi"].current
    entries = lockfile.read_lock(mini_data, "regulations", []).entries
    entries[TASHI_2025] = lockfile.Entry(revision.digest, lockfile.fingerprints(revision).adopted,
                                         lockfile.fingerprints(revision).translation)
    lockfile._write(mini_data, entries)  # the lock and its .sum, as `lock` writes them
    [problem] = problems_of(mini_data)  # only git still knows
    assert problem.rule == "lock-history"
    assert f"the adopted fingerprints of {TASHI_2025} were changed" in problem.message

    # a lock rewritten with another file's hash: the entry's prints no longer match the file
    committed = subprocess.run(["git", "-C", str(mini_data), "show", "HEAD:./published.lock"],
                               capture_output=True, text=True, check=True).stdout
    (mini_data / TASHI_2025).write_text(subprocess.run(
        ["git", "-C", str(mini_data), "show", f"HEAD:./{TASHI_2025}"],
        capture_output=True, text=True, check=True).stdout, encoding="utf-8")
    (mini_data / "published.lock").write_text(
        committed.replace(sha256(mini_data / TASHI_2025), "0" * 64), encoding="utf-8")
    forge_evidence(mini_data)
    [problem] = problems_of(mini_data)
    assert problem.rule == "locked-revision" and "formatting or comments only" in problem.message


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_head_refuses_a_recorded_correction_rewritten_in_place(mini_data):
    lock_now(mini_data)
    edit(mini_data, TASHI_2025, "制定本村规民约", "制定本规约")
    correction(mini_data, sha256(mini_data / TASHI_2025))
    git_repo_with_the_lock_committed(mini_data)  # records the correction, then commits
    assert lockfile.read_lock(mini_data, "regulations", []).entries[TASHI_2025].corrected
    # the corrected Chinese edited again, and the recorded correction's prints made to match
    edit(mini_data, TASHI_2025, "制定本规约", "制定本约")
    revision = load(mini_data, verify_lock=False).regulations["tashi"].current
    entries = lockfile.read_lock(mini_data, "regulations", []).entries
    fixed = entries[TASHI_2025].corrected[0]
    entries[TASHI_2025] = replace(entries[TASHI_2025],
                                  corrected=(fixed, lockfile.fingerprints(revision).adopted))
    lockfile._write(mini_data, entries)
    [history] = only(problems_of(mini_data), "lock-history")
    assert f"the adopted fingerprints of {TASHI_2025} were changed" in history.message


# A lock `build.py lock` did not write: every shape is a path:line problem, never a traceback.
MALFORMED = {
    "syntax error": (b"villages/tashi/2025-05-10.yaml: {sha256: [\n", "yaml-syntax", 2),
    "a list": (b"- villages/tashi/2025-05-10.yaml\n", "lock-format", 1),
    "a string entry": (b"villages/tashi/2025-05-10.yaml: abc\n", "lock-format", 1),
    "invalid UTF-8": (b"# \xff\xfe\nvillages/tashi/2025-05-10.yaml: abc\n", "encoding", 1),
    "python tag": (b"villages/tashi/2025-05-10.yaml: !!python/object:os.system {}\n", "lock-format", 1),
    "sha256 a list": (b"villages/tashi/2025-05-10.yaml:\n  sha256: [a]\n  adopted: {}\n  translation: {}\n",
                      "lock-format", 2),
    "short sha256": (b"villages/tashi/2025-05-10.yaml:\n  sha256: deadbeef\n  adopted: {}\n  translation: {}\n",
                     "lock-format", 2),
    "prints a mapping": (b"villages/tashi/2025-05-10.yaml:\n  sha256: " + b"a" * 64 +
                         b"\n  adopted: {revision: {kind: x}}\n  translation: {}\n", "lock-format", 3),
    "a print without =": (b"villages/tashi/2025-05-10.yaml:\n  sha256: " + b"a" * 64 +
                          b"\n  adopted: {revision: kind}\n  translation: {}\n", "lock-format", 3),
    "no fingerprints": (b"villages/tashi/2025-05-10.yaml:\n  sha256: " + b"a" * 64 + b"\n", "lock-format", 2),
    "not a revision key": (b"../../etc/passwd: {}\n", "lock-format", 1),
    "an unknown field": (b"villages/tashi/2025-05-10.yaml:\n  sha256: " + b"a" * 64 +
                         b"\n  adopted: {}\n  translation: {}\n  note: x\n", "lock-format", 5),
    "an anchor": (b"a: &x {}\nvillages/tashi/2025-05-10.yaml: *x\n", "yaml-syntax", 1),
    "the old format": (b"villages/tashi/2025-05-10.yaml:\n  sha256: " + b"a" * 64 +
                       b"\n  articles: {purpose: abc}\n", "lock-format", 1),
}


@pytest.mark.parametrize("case", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_lock_is_a_path_line_problem(mini_data, case):
    raw, rule, line = case
    (mini_data / "published.lock").write_bytes(raw)
    problems = problems_of(mini_data)
    assert (rule, SHOWN_LOCK, line) in [(p.rule, p.path, p.line) for p in problems], \
        [str(p) for p in problems]


@pytest.mark.parametrize("count", ["9" * 5000, "²", "٣", "-1", "4.0"],
                         ids=["5,000 digits", "superscript two", "Arabic-Indic three", "negative", "a float"])
def test_a_malformed_entry_count_in_the_evidence_is_a_problem_not_a_crash(mini_data, count):
    lock_now(mini_data)
    path = mini_data / "published.lock.sum"
    path.write_text(path.read_text(encoding="utf-8").replace("entries: 4", f"entries: {count}"),
                    encoding="utf-8")
    [problem] = problems_of(mini_data)
    assert (problem.rule, problem.path) == ("lock-format", "regulations/published.lock.sum")
    assert "must hold 'entries: <count>'" in problem.message


def test_a_deeply_nested_lock_is_a_problem_not_a_crash(mini_data):
    (mini_data / "published.lock").write_text("a: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    assert all(p.path == SHOWN_LOCK for p in problems_of(mini_data))


# -- corrections -------------------------------------------------------------------------------------

def correction(data, sha: str, date: str = "2025-06-01", file: str = TASHI_2025) -> None:
    (data / "corrections.yaml").write_text(
        "corrections:\n"
        f"  - file: {file}\n"
        f"    date: {date}\n"
        f"    sha256: \"{sha}\"\n"
        "    reason: {zh: 更正笔误。, bo: \"ཡི་གེའི་ནོར་འཁྲུལ་བཅོས།\", bo_status: draft}\n",
        encoding="utf-8")


def test_a_recorded_correction_is_accepted_and_shown(mini_data, tmp_path):
    lock_now(mini_data)
    edit(mini_data, TASHI_2025, "制定本村规民约", "制定本规约")
    correction(mini_data, sha256(mini_data / TASHI_2025))
    county = load(mini_data)
    assert [c.reason.zh for c in county.regulations["tashi"].current.corrections] == ["更正笔误。"]
    result = run_build(mini_data, tmp_path / "site", "--no-posters")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/villages/tashi/2025-05-10/index.html").read_text(encoding="utf-8")
    assert 'id="corrections"' in page and "更正笔误。" in page


def test_translation_work_goes_on_after_a_correction_once_lock_recorded_it(mini_data):
    lock_now(mini_data)
    edit(mini_data, TASHI_2025, "制定本村规民约", "制定本规约")
    correction(mini_data, sha256(mini_data / TASHI_2025))
    recorded = lock(mini_data)
    assert f"recorded the correction of {TASHI_2025}" in recorded.stdout, recorded.stderr
    edit(mini_data, TASHI_2025, "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད།", "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད་དགོས།")
    [change] = load(mini_data).translation_changes
    assert str(change) == f"{SHOWN_TASHI}: Tibetan translation changed in 1 text since locked"
    edit(mini_data, TASHI_2025, "制定本规约", "制定本约")  # the corrected Chinese is locked too
    [problem] = problems_of(mini_data)
    assert problem.rule == "locked-revision"
    assert problem.message.endswith("published revision was edited: article 'purpose' text changed")


def test_before_lock_records_it_a_correction_pins_the_whole_file(mini_data):
    lock_now(mini_data)
    edit(mini_data, TASHI_2025, "制定本村规民约", "制定本规约")
    correction(mini_data, sha256(mini_data / TASHI_2025))
    edit(mini_data, TASHI_2025, "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད།", "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད་དགོས།")
    [problem] = problems_of(mini_data)
    assert problem.rule == "correction-hash" and "does not match the file" in problem.message


def test_a_correction_for_a_file_that_is_not_a_revision(mini_data):
    (mini_data / "corrections.yaml").write_text(
        "corrections:\n  - file: villages/tashi/2025-5-10.yaml\n    date: 2025-06-01\n"
        "    sha256: abc\n    reason: {zh: 更正。, bo_status: missing}\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load(mini_data)
    assert [p.rule for p in error.value.problems] == ["unknown-correction"]


@pytest.mark.parametrize("sha", ["deadbeef", "<b>x</b>", "A" * 64, "0" * 64],
                         ids=["short", "markup", "upper case", "another file's"])
def test_a_bogus_correction_hash_for_an_unedited_file_is_refused(mini_data, sha):
    lock_now(mini_data)
    correction(mini_data, sha)
    [problem] = problems_of(mini_data)
    assert problem.rule == "correction-hash"
    assert problem.path == "regulations/corrections.yaml" and problem.line == 2


def test_a_correction_naming_the_locked_file_itself_corrects_nothing(mini_data):
    lock_now(mini_data)
    correction(mini_data, sha256(mini_data / TASHI_2025))
    [problem] = problems_of(mini_data)
    assert problem.rule == "correction-hash" and "corrects nothing" in problem.message


def test_a_correction_dated_before_the_adoption_is_refused(mini_data):
    lock_now(mini_data)
    edit(mini_data, TASHI_2025, "制定本村规民约", "制定本规约")
    correction(mini_data, sha256(mini_data / TASHI_2025), date="2025-05-09")
    [problem] = problems_of(mini_data)
    assert problem.rule == "date-order" and "before the revision was adopted" in problem.message


# -- migrating a lock of the old format ------------------------------------------------------------

def old_format_lock(data, wrong: str = "") -> str:
    text = "".join(f"{key}:\n  sha256: {'0' * 64 if key == wrong else sha256(data / key)}\n"
                   "  articles: {purpose: 0123456789abcdef}\n"
                   for key in ("villages/norbu/2019-08-08.yaml", NORBU_2025,
                               "villages/tashi/2020-03-01.yaml", TASHI_2025))
    (data / "published.lock").write_text(text, encoding="utf-8")
    return text


def test_migrate_rewrites_an_old_lock_only_when_every_file_verifies(mini_data):
    old = old_format_lock(mini_data, wrong=TASHI_2025)
    refused = subprocess.run([sys.executable, str(ROOT / "build.py"), "lock", "--migrate",
                              "--data", str(mini_data)], capture_output=True, text=True)
    assert refused.returncode == 1
    assert f"{SHOWN_TASHI}:1: published revision was edited since it was locked" in refused.stderr
    assert (mini_data / "published.lock").read_text(encoding="utf-8") == old  # left as it was
    assert not (mini_data / "published.lock.sum").exists()

    old_format_lock(mini_data)
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "lock", "--migrate",
                           "--data", str(mini_data)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "4 entries, each checked against its file" in done.stdout
    county = load(mini_data)  # the new lock and its evidence verify
    entry = lockfile.read_lock(mini_data, "regulations", []).entries[TASHI_2025]
    assert entry.adopted == lockfile.fingerprints(county.regulations["tashi"].current).adopted
