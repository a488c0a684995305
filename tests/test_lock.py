"""A published revision never changes silently: the lock, its messages, and recorded corrections."""
from __future__ import annotations

import hashlib

import pytest

from regpub.load import DataError, load
from sitecheck import ROOT, run_build

TASHI_2025 = "villages/tashi/2025-05-10.yaml"


def lock(data):
    import subprocess
    import sys
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "lock", "--data", str(data)],
                          capture_output=True, text=True)


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_lock_records_every_revision_once(mini_data):
    first = lock(mini_data)
    assert first.returncode == 0
    assert "4 revisions added to published.lock" in first.stdout
    text = (mini_data / "published.lock").read_text(encoding="utf-8")
    assert f"sha256: {sha256(mini_data / TASHI_2025)}" in text
    again = lock(mini_data)
    assert "0 revisions added" in again.stdout
    assert (mini_data / "published.lock").read_text(encoding="utf-8") == text


def test_an_edited_published_revision_is_refused_with_what_changed(mini_data):
    lock(mini_data)
    path = mini_data / TASHI_2025
    path.write_text(path.read_text(encoding="utf-8").replace("禁止超载放牧", "禁止放牧"), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load(mini_data)
    [problem] = error.value.problems
    assert problem.rule == "locked-revision"
    assert problem.path == "regulations/villages/tashi/2025-05-10.yaml"
    assert "published revision was edited: article 'grazing' changed" in problem.message
    assert f"sha256: {sha256(path)}" in problem.hint  # what a correction entry would need


def test_a_changed_points_value_is_named_as_a_change_of_its_article(mini_data):
    lock(mini_data)
    path = mini_data / "villages/norbu/2025-10-01.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("points: -10", "points: -15"), encoding="utf-8")
    with pytest.raises(DataError, match="published revision was edited: article 'fire' changed"):
        load(mini_data)


def test_even_a_formatting_change_is_noticed(mini_data):
    lock(mini_data)
    path = mini_data / TASHI_2025
    path.write_text(path.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    with pytest.raises(DataError, match="formatting or comments only"):
        load(mini_data)


def test_a_recorded_correction_is_accepted_and_shown(mini_data, tmp_path):
    lock(mini_data)
    path = mini_data / TASHI_2025
    path.write_text(path.read_text(encoding="utf-8").replace("制定本村规民约", "制定本规约"), encoding="utf-8")
    (mini_data / "corrections.yaml").write_text(
        "corrections:\n"
        f"  - file: {TASHI_2025}\n"
        "    date: 2025-06-01\n"
        f"    sha256: {sha256(path)}\n"
        "    reason: {zh: 更正笔误。, bo: \"ཡི་གེའི་ནོར་འཁྲུལ་བཅོས།\", bo_status: draft}\n",
        encoding="utf-8")
    county = load(mini_data)
    assert [c.reason.zh for c in county.regulations["tashi"].current.corrections] == ["更正笔误。"]
    result = run_build(mini_data, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/villages/tashi/2025-05-10/index.html").read_text(encoding="utf-8")
    assert 'id="corrections"' in page and "更正笔误。" in page


def test_a_correction_for_a_file_that_is_not_a_revision(mini_data):
    (mini_data / "corrections.yaml").write_text(
        "corrections:\n  - file: villages/tashi/2025-5-10.yaml\n    date: 2025-06-01\n"
        "    sha256: abc\n    reason: {zh: 更正。, bo_status: missing}\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load(mini_data)
    assert [p.rule for p in error.value.problems] == ["unknown-correction"]
