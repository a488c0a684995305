"""A translator's round trip: `python build.py translations export` writes XLIFF 1.2 or PO, the
translator edits it in a CAT tool (here: translate-toolkit's API, which OmegaT-like tools
amount to), `translations import` writes the edited Tibetan back as reviewed. Also the county's
translation memory (TMX) and glossary (TBX).
"""
from __future__ import annotations

import difflib
import io
from datetime import date
from pathlib import Path

from translate.storage import factory, tbx, tmx

from regpub.exchange import main
from regpub.load import load
from regpub.translation import fingerprint

TASHI = "villages/tashi/2025-05-10.yaml"
PURPOSE = f"{TASHI}#chapters/general/articles/purpose/text"
ECOLOGY = f"{TASHI}#chapters/ecology/title"  # a flow mapping: {zh: 生态, bo: ..., bo_status: draft}


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.yaml")}


def edit_targets(path: Path, targets: dict[str, str]) -> None:
    """What a translator does in a CAT tool: change some targets, save."""
    data = io.BytesIO(path.read_bytes())
    data.name = path.name
    store = factory.getobject(data)
    for unit in store.units:
        uid = unit.getcontext() if path.suffix == ".po" else unit.getid().split("\x04")[-1]
        if uid in targets:
            unit.target = targets[uid]
    path.write_bytes(bytes(store))


def test_export_edit_two_import_exactly_those_two_become_reviewed(mini_data, tmp_path, capsys):
    xlf = tmp_path / "tashi.xlf"
    code, out = run(capsys, "export", "--data", mini_data, "--village", "tashi", "--out", xlf)
    assert code == 0, out
    text = xlf.read_text(encoding="utf-8")
    assert 'xmlns="urn:oasis:names:tc:xliff:document:1.2"' in text and 'version="1.2"' in text
    assert f'id="{PURPOSE}"' in text
    assert "article 1 (purpose), text" in text and "village: 扎西村 (tashi)" in text
    before = snapshot(mini_data)

    new_purpose = "གྲོང་ཚོའི་བརྟན་ལྷིང་དང་མཐུན་སྒྲིལ་སྲུང་ཕྱིར་སྒྲིག་ཁྲིམས་དམངས་གན་འདི་བཟོས།"
    new_ecology = "སྐྱེ་ཁམས་སྲུང་སྐྱོབ།"
    edit_targets(xlf, {PURPOSE: new_purpose, ECOLOGY: new_ecology})
    code, out = run(capsys, "import", xlf, "--data", mini_data, "--reviewer", "township-government")
    assert code == 0, out
    assert "2 texts now reviewed by township-government" in out

    revision = load(mini_data).regulations["tashi"].current
    reviewed = {(c.id, a.id) for c in revision.chapters for a in c.articles
                if a.text.bo_status == "reviewed"}
    assert reviewed == {("general", "purpose")}
    purpose = revision.chapters[0].articles[0].text
    assert purpose.bo == new_purpose
    assert (purpose.review.date, purpose.review.by, purpose.review.zh) == (
        date.today(), "township-government", fingerprint(purpose.zh))
    assert revision.chapters[1].title.bo_status == "reviewed"
    assert [c.title.bo_status for c in revision.chapters] == ["draft", "reviewed"]

    after = snapshot(mini_data)
    assert {k for k in after if after[k] != before[k]} == {TASHI}  # no other file touched
    old_lines = before[TASHI].decode().splitlines()
    new_lines = after[TASHI].decode().splitlines()
    changed = [d for d in difflib.ndiff(old_lines, new_lines) if d[:1] in "+-"]
    removed = sorted(d[2:].strip() for d in changed if d[0] == "-")
    added = sorted(d[2:].strip() for d in changed if d[0] == "+")
    assert removed == sorted(['bo: "གྲོང་ཚོའི་བརྟན་ལྷིང་སྲུང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།"', "bo_status: draft",
                              'title: {zh: 生态, bo: "སྐྱེ་ཁམས།", bo_status: draft}'])
    assert added == sorted([
        f'bo: "{new_purpose}"', "bo_status: reviewed",
        f"bo_review: {{date: {date.today()}, by: township-government, zh: {fingerprint(purpose.zh)}}}",
        f'title: {{zh: 生态, bo: "{new_ecology}", bo_status: reviewed, bo_review: '
        f'{{date: {date.today()}, by: township-government, zh: {fingerprint("生态")}}}}}'])


def test_a_stale_file_is_refused_whole(mini_data, tmp_path, capsys):
    xlf = tmp_path / "all.xlf"
    assert run(capsys, "export", "--data", mini_data, "--out", xlf)[0] == 0
    edit_targets(xlf, {PURPOSE: "གྲོང་ཚོའི་སྒྲིག་ཁྲིམས་དམངས་གན།"})
    path = mini_data / "villages/tashi/2025-05-10.yaml"  # the Chinese changes after the export
    path.write_text(path.read_text(encoding="utf-8").replace("草场实行轮牧，", "草场实行划区轮牧，"),
                    encoding="utf-8")
    before = snapshot(mini_data)
    code, out = run(capsys, "import", xlf, "--data", mini_data)
    assert code == 1
    assert "is stale" in out and "Nothing was imported" in out
    assert "草场实行划区轮牧" in out  # which unit, and its Chinese now
    assert snapshot(mini_data) == before


def test_a_reviewer_must_be_a_role(mini_data, tmp_path, capsys):
    xlf = tmp_path / "t.xlf"
    run(capsys, "export", "--data", mini_data, "--out", xlf)
    code, out = run(capsys, "import", xlf, "--data", mini_data, "--reviewer", "Tenzin")
    assert code == 1 and "not a reviewer role" in out


def test_chinese_in_a_target_is_refused(mini_data, tmp_path, capsys):
    xlf = tmp_path / "t.xlf"
    run(capsys, "export", "--data", mini_data, "--out", xlf)
    edit_targets(xlf, {PURPOSE: "扎西村"})
    before = snapshot(mini_data)
    code, out = run(capsys, "import", xlf, "--data", mini_data)
    assert code == 1 and "contains Chinese characters" in out
    assert snapshot(mini_data) == before


def test_po_round_trip(mini_data, tmp_path, capsys):
    po = tmp_path / "tashi.po"
    code, out = run(capsys, "export", "--data", mini_data, "--village", "tashi",
                    "--status", "draft", "--out", po)
    assert code == 0, out
    text = po.read_text(encoding="utf-8")
    assert f'msgctxt "{PURPOSE}"' in text and "#, fuzzy" in text  # drafts wait for review
    edit_targets(po, {PURPOSE: "གྲོང་ཚོའི་བརྟན་ལྷིང་སྲུང་ཕྱིར་སྒྲིག་ཁྲིམས་དམངས་གན་འདི་བཟོས།"})
    code, out = run(capsys, "import", po, "--data", mini_data)
    assert code == 0, out
    purpose = load(mini_data).regulations["tashi"].current.chapters[0].articles[0]
    assert (purpose.text.bo_status, purpose.text.review.by) == ("reviewed", "county-translation-office")


def test_outdated_texts_carry_the_chinese_before_and_after(mini_data, tmp_path, capsys):
    path = mini_data / "villages/norbu/2025-10-01.yaml"
    old_zh = "村民应当守护边境，发现异常及时报告。"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "        bo_status: draft\n        phrases: [shou-guo-tu]",
        f"        bo_status: outdated\n        bo_was: {old_zh}\n        phrases: [shou-guo-tu]", 1),
        encoding="utf-8")
    border = "villages/norbu/2025-10-01.yaml#chapters/general/articles/border/text"
    xlf = tmp_path / "outdated.xlf"
    code, out = run(capsys, "export", "--data", mini_data, "--status", "outdated", "--out", xlf)
    assert code == 0 and "1 texts (outdated)" in out, out
    text = xlf.read_text(encoding="utf-8")
    assert f"Chinese before: {old_zh}" in text
    assert "Chinese now: 村民应当守护边境，发现异常及时向村委会和护边员报告。" in text
    assert "<target" in text  # the old Tibetan, to start from

    edit_targets(xlf, {border: "གྲོང་མི་ཚོས་ས་མཚམས་སྲུང་དགོས། རྒྱུན་ལྡན་མིན་པ་མཐོང་ན་གྲོང་ཚོའི་ཨུ་ཡོན་ལྷན་ཁང་ལ་སྙན་སྐྱེལ་བྱེད།"})
    assert run(capsys, "import", xlf, "--data", mini_data)[0] == 0
    text = load(mini_data).regulations["norbu"].current.chapters[0].articles[0].text
    assert (text.bo_status, text.was_zh) == ("reviewed", None)
    assert "bo_was" not in path.read_text(encoding="utf-8")


def test_memory_and_glossary_for_cat_tools(mini_data, tmp_path, capsys):
    (mini_data / "glossary.yaml").write_text(
        "also: [phrases, points]\nterms:\n  - id: cun-gui-min-yue\n    zh: 村规民约\n"
        "    bo: སྒྲིག་ཁྲིམས་དམངས་གན\n    bo_status: draft\n", encoding="utf-8")
    memory, terms = tmp_path / "memory.tmx", tmp_path / "glossary.tbx"
    code, out = run(capsys, "export", "--data", mini_data, "--tmx", memory, "--tbx", terms)
    assert code == 0, out
    units = tmx.tmxfile.parsestring(memory.read_bytes()).units
    pairs = {(str(u.source), str(u.target)) for u in units}
    assert ("村民代表大会", "དམངས་འཐུས་ཚོགས་ཆེན།") in pairs
    assert ("村民应当守护边境，发现异常及时报告。", "གྲོང་མི་ཚོས་ས་མཚམས་སྲུང་དགོས།") in pairs  # reviewed
    glossary = {(str(u.source), str(u.target)) for u in tbx.tbxfile.parsestring(terms.read_bytes()).units}
    assert ("村规民约", "སྒྲིག་ཁྲིམས་དམངས་གན") in glossary
    assert ("批评教育", "སྐྱོན་བརྗོད་སློབ་གསོ།") in glossary  # a measure, from points.yaml
    county = load(mini_data)
    assert len(glossary) == 1 + len(county.phrases) + len(county.points.measures)


def test_the_county_texts_phrases_and_measures_with_shared(mini_data, tmp_path, capsys):
    xlf = tmp_path / "county.xlf"
    code, out = run(capsys, "export", "--data", mini_data, "--village", "tashi", "--shared",
                    "--out", xlf)
    assert code == 0, out
    text = xlf.read_text(encoding="utf-8")
    assert 'id="phrases.yaml#phrases/shou-guo-tu/text"' in text
    assert 'id="points.yaml#measures/criticism/name"' in text
    before = snapshot(mini_data)
    edit_targets(xlf, {"points.yaml#measures/criticism/name": "སྐྱོན་བརྗོད་སློབ་གསོ་བྱེད་པ།"})
    assert run(capsys, "import", xlf, "--data", mini_data)[0] == 0
    after = snapshot(mini_data)
    assert {k for k in after if after[k] != before[k]} == {"points.yaml"}
    measure = load(mini_data).points.measure("criticism").name
    assert (measure.bo, measure.bo_status) == ("སྐྱོན་བརྗོད་སློབ་གསོ་བྱེད་པ།", "reviewed")


def test_a_draft_confirmed_as_it_stands_becomes_reviewed(mini_data, tmp_path, capsys):
    """In Poedit, clearing "needs work" (fuzzy) on a right draft confirms it without an edit."""
    po = tmp_path / "tashi.po"
    run(capsys, "export", "--data", mini_data, "--village", "tashi", "--out", po)
    data = io.BytesIO(po.read_bytes())
    data.name = po.name
    store = factory.getobject(data)
    [unit] = [u for u in store.units if u.getcontext() == ECOLOGY]
    unit.markfuzzy(False)
    po.write_bytes(bytes(store))
    code, out = run(capsys, "import", po, "--data", mini_data)
    assert code == 0 and "1 texts now reviewed" in out, out
    title = load(mini_data).regulations["tashi"].current.chapters[1].title
    assert (title.bo, title.bo_status) == ("སྐྱེ་ཁམས།", "reviewed")


def test_a_reviewed_text_edited_in_place_is_exported_with_the_chinese_it_was_reviewed_against(
        mini_data, tmp_path, capsys):
    # tashi's purpose article was reviewed against its 2020 Chinese; the 2025 revision reworded
    # it by hand and kept the review record (no bo_was): the loader finds it outdated
    old_zh = "为维护本村秩序，制定本村规民约。"  # villages/tashi/2020-03-01.yaml
    current = mini_data / "villages/tashi/2025-05-10.yaml"
    current.write_text(current.read_text(encoding="utf-8").replace(
        "        bo_status: draft\n        phrases: [shou-guo-tu]",
        "        bo_status: reviewed\n        bo_review: {date: 2020-04-01, by: village-committee, "
        f"zh: {fingerprint(old_zh)}}}\n        phrases: [shou-guo-tu]", 1), encoding="utf-8")
    xlf = tmp_path / "o.xlf"
    code, out = run(capsys, "export", "--data", mini_data, "--status", "outdated", "--out", xlf)
    assert code == 0 and "1 texts" in out, out
    text = xlf.read_text(encoding="utf-8")
    assert f"Chinese before: {old_zh}" in text
    assert "Chinese now: 为维护本村稳定和谐，制定本村规民约。" in text
