"""Amending a regulation by importing its next revision: ids, Tibetan, phrase tags, provisions
and feedback links carry over; near misses are listed for a person to confirm; an unchanged
text and a mistyped date are refused; and a revision exported to Word comes back the same.

Imports go into a copy of the tiny data set (tests/fixtures/mini): tashi's current revision is
2025-05-10 (articles purpose, grazing); norbu's is 2025-10-01 (articles border, with feedback
fb-1, and fire, with two provisions).
"""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml

from build import main as build_main
from regpub.importing.cli import parser, prepare
from regpub.importing.ids import align, similarity
from regpub.load import load

FIXTURES = Path(__file__).parent / "fixtures"

# Three articles of a base revision, and the same three with one sentence appended to each
# (similarity 0.86, 0.62, 0.73: a fixed 0.85 threshold kept one id of three).
BASE = ["村民应当爱护公共设施，不得损坏道路、路灯和水渠。",
        "严禁在河道倾倒垃圾和建筑废料。",
        "村民建房应当向村委会申请，经批准后方可施工。"]
APPENDED = ["损坏的，照价赔偿。", "违者由村委会责令限期清理，并通报批评。", "未经批准擅自施工的，责令停止施工。"]
REWRITTEN = "河道两岸十米内禁止堆放杂物，严禁在河道倾倒垃圾、建筑废料和动物尸体，违者由村委会责令限期清理。"


def text_file(path, lines):
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def document(path, articles, title="扎西村村规民约"):
    return text_file(path, [title] + [f"第{'一二三四五六'[k]}条 {a}" for k, a in enumerate(articles)])


@pytest.fixture
def run(mini_data, capsys):
    """`python build.py import|export ...` on the mini data set: (exit code, what it printed)."""
    def call(*argv):
        code = build_main([*map(str, argv), "--data", str(mini_data)])
        out, err = capsys.readouterr()
        return code, out + err
    return call


def revision(data, village, when):
    return next(r for r in load(data).regulations[village].revisions if r.key == when)


def ids_and_texts(rev):
    return [(n.article.id, n.article.text.zh) for n in rev.numbered()]


@pytest.fixture
def base(mini_data, run, tmp_path):
    """tashi's revision of 2026-03-01: the three BASE articles (ids art-1, art-2, art-3)."""
    code, out = run("import", document(tmp_path / "base.txt", BASE), "--village", "tashi",
                    "--date", "2026-03-01")
    assert code == 0, out
    return mini_data


# --- ids of amended articles --------------------------------------------------------------------

def test_articles_with_one_appended_sentence_keep_their_ids(base, run, tmp_path):
    amended = [a + s for a, s in zip(BASE, APPENDED)]
    code, out = run("import", document(tmp_path / "amended.txt", amended), "--village", "tashi",
                    "--date", "2026-09-01")
    assert code == 0, out
    assert ids_and_texts(revision(base, "tashi", "2026-09-01")) == [
        ("art-1", amended[0]), ("art-2", amended[1]), ("art-3", amended[2])]
    assert "ids kept from the revision of 2026-03-01: 3 of 3 articles" in out
    assert "art-2 (line 3): similar text, 0.62" in out
    assert "near misses (similarity 0.35 to 0.60, given a new id): 0" in out


def test_alignment_follows_the_order_of_both_texts():
    old = BASE
    new = [BASE[0], "全新条文：村内禁止燃放烟花爆竹。", BASE[1] + APPENDED[1], BASE[2]]
    assert [p and (p[0], round(p[1], 2)) for p in align(new, old)] == [
        (0, 1.0), None, (1, 0.62), (2, 1.0)]
    assert similarity("草场 实行轮牧。", "草场实行轮牧") == 1.0  # spaces and punctuation do not count


def test_a_near_miss_is_listed_and_confirm_keeps_its_id(base, run, tmp_path):
    amended = [BASE[0], REWRITTEN, BASE[2]]
    code, out = run("import", document(tmp_path / "near.txt", amended), "--village", "tashi",
                    "--date", "2026-09-01")
    assert code == 0, out
    assert [a for a, _ in ids_and_texts(revision(base, "tashi", "2026-09-01"))] == [
        "art-1", "art-20260901-2", "art-3"]  # art-2 is taken: the new article never reuses it
    assert "near misses (similarity 0.35 to 0.60, given a new id): 1" in out
    assert ("article 2 (art-20260901-2) may continue art-2: similarity 0.46; --confirm art-2=2"
            in out)
    written = (base / "villages/tashi/2026-09-01.yaml").read_text(encoding="utf-8")
    assert "# near miss: may continue art-2 of 2026-03-01 (similarity 0.46)" in written

    (base / "villages/tashi/2026-09-01.yaml").unlink()  # not published: import again, confirmed
    code, out = run("import", tmp_path / "near.txt", "--village", "tashi", "--date", "2026-09-01",
                    "--confirm", "art-2=2")
    assert code == 0, out
    assert [a for a, _ in ids_and_texts(revision(base, "tashi", "2026-09-01"))] == [
        "art-1", "art-2", "art-3"]
    assert "art-2 (line 3): confirmed (--confirm), similarity 0.46" in out


@pytest.mark.parametrize("confirm, message", [
    ("art-2", "write it as OLD_ID=NEW_NUMBER"),
    ("nothing=2", "nothing: not an article id of the revision of 2026-03-01"),
    ("art-2=9", "the document has articles 1 to 3, not 9"),
])
def test_a_wrong_confirm_is_refused(base, run, tmp_path, confirm, message):
    code, out = run("import", document(tmp_path / "x.txt", [BASE[0], REWRITTEN, BASE[2]]),
                    "--village", "tashi", "--date", "2026-09-01", "--confirm", confirm)
    assert code == 1 and message in out
    assert not (base / "villages/tashi/2026-09-01.yaml").exists()


# --- what an amended article keeps --------------------------------------------------------------

def test_tags_provisions_feedback_and_tibetan_carry_over(mini_data, run, tmp_path):
    border = "村民应当守护边境，发现异常及时向村委会和护边员报告。"
    fire = "冬春季节严禁在草场野外用火。"
    code, out = run("import", text_file(tmp_path / "norbu.txt", [
        "罗布村村规民约", "第一条 " + border, "第二条 " + fire + "违者按积分制扣分。"]),
        "--village", "norbu", "--date", "2026-05-01")
    assert code == 0, out
    rev = revision(mini_data, "norbu", "2026-05-01")
    border_article, fire_article = (n.article for n in rev.numbered())
    assert (border_article.id, fire_article.id) == ("border", "fire")
    assert border_article.phrases == ("shou-guo-tu",) and fire_article.phrases == ("hu-cao-yuan",)
    assert border_article.text.bo_status == "draft"  # the same Chinese: the Tibetan stays
    assert [(p.kind, p.points) for p in fire_article.provisions] == [("penalty", -10), ("reward", 3)]
    written = (mini_data / "villages/norbu/2026-05-01.yaml").read_text(encoding="utf-8")
    # the feedback item belongs to the 2025-10-01 review: kept beside its article as a note
    assert "# feedback in 2025-10-01: fb-1" in written
    assert "check the points against the new text" in written
    assert "check the provisions of fire" in out


def test_a_lightly_edited_article_keeps_its_id_and_its_tibetan_as_outdated(mini_data, run, tmp_path):
    purpose = "为维护本村稳定和谐，制定本村规民约。"
    code, out = run("import", text_file(tmp_path / "t.txt", [
        "扎西村村规民约", "第一章 总则", "第一条 " + purpose, "第二章 生态",
        "第二条 草场实行轮牧，禁止超载放牧。超载的，限期出栏。"]),
        "--village", "tashi", "--date", "2026-03-01")
    assert code == 0, out
    grazing = revision(mini_data, "tashi", "2026-03-01").chapters[1].articles[0]
    assert grazing.id == "grazing" and grazing.text.bo_status == "outdated"
    assert grazing.text.was_zh == "草场实行轮牧，禁止超载放牧。"
    assert grazing.phrases == ("hu-cao-yuan",)


# --- refusals -----------------------------------------------------------------------------------

def test_an_unchanged_reimport_is_refused(base, run, tmp_path):
    # other spaces and punctuation, the same text
    same = [a.replace("，", ", ").replace("。", "") for a in BASE]
    code, out = run("import", document(tmp_path / "same.txt", same), "--village", "tashi",
                    "--date", "2026-09-01")
    assert code == 1
    assert "same.txt is identical to 2026-03-01" in out
    assert not (base / "villages/tashi/2026-09-01.yaml").exists()


def test_a_date_before_the_latest_revision_is_refused(base, run, tmp_path):
    code, out = run("import", document(tmp_path / "old.txt", BASE[:2]), "--village", "tashi",
                    "--date", "2025-11-06")
    assert code == 1
    assert "--date 2025-11-06 is before the village's latest revision (2026-03-01)" in out
    assert "--insert-into-history" in out
    assert not (base / "villages/tashi/2025-11-06.yaml").exists()


def test_an_inserted_revision_is_allowed_with_the_flag_and_listed(base, run, tmp_path):
    # Adopted 2025-11-06 but filed late: grazing and BASE[0], which 2026-03-01 also has.
    code, out = run("import", text_file(tmp_path / "late.txt", [
        "扎西村村规民约", "第一条 草场实行轮牧，禁止超载放牧。", "第二条 " + BASE[0]]),
        "--village", "tashi", "--date", "2025-11-06", "--insert-into-history")
    assert code == 0, out
    # grazing continues 2025-05-10; the new article takes its id from 2026-03-01, so the later
    # comparison 2025-11-06 -> 2026-03-01 shows it unchanged, not deleted and added again
    assert [a for a, _ in ids_and_texts(revision(base, "tashi", "2025-11-06"))] == [
        "grazing", "art-1"]
    assert "note: inserted into history (--insert-into-history): between 2025-05-10 and " \
           "2026-03-01" in out
    assert "art-1 (line 3): as in the following revision of 2026-03-01" in out


# --- the round trip through Word ----------------------------------------------------------------

def imported_yaml(data, path, when):
    """What importing `path` would write, parsed (prepare: nothing is written)."""
    args = parser().parse_args([str(path), "--village", "tashi", "--date", when, "--data", str(data)])
    return yaml.safe_load(prepare(args).content)


def test_an_export_reads_back_as_the_same_revision(mini_data, run, tmp_path):
    out_file = tmp_path / "tashi.docx"
    code, out = run("export", "--village", "tashi", "--out", out_file)
    assert code == 0, out
    paragraphs = [p.text for p in docx.Document(str(out_file)).paragraphs]
    assert paragraphs[:4] == ["扎西村村规民约", "བཀྲ་ཤིས་གྲོང་ཚོའི་སྒྲིག་སྲོལ།", "第一章 总则", "ལེའུ་༡། སྤྱི་ཚན།"]
    assert paragraphs[4].startswith("第一条 为维护") and paragraphs[5].startswith("དོན་ཚན་༡། ")

    source = yaml.safe_load((mini_data / "villages/tashi/2025-05-10.yaml").read_text(encoding="utf-8"))
    back = imported_yaml(mini_data, out_file, "2026-03-01")
    assert back["title"] == {k: source["title"][k] for k in ("zh", "bo", "bo_status")}

    def shape(data):
        return [(c["id"], c["title"]["zh"], c["title"].get("bo"),
                 [(a["id"], a["zh"], a.get("bo"), a["bo_status"], a.get("phrases"))
                  for a in c["articles"]]) for c in data["chapters"]]
    assert shape(back) == shape(source)

    # and importing it unchanged is refused: it is the current revision
    code, out = run("import", out_file, "--village", "tashi", "--date", "2026-03-01")
    assert code == 1 and "tashi.docx is identical to 2025-05-10" in out


def test_an_export_amended_in_word_imports_as_the_next_revision(mini_data, run, tmp_path):
    out_file = tmp_path / "tashi.docx"
    assert run("export", "--village", "tashi", "--revision", "2025-05-10", "--out", out_file)[0] == 0
    word = docx.Document(str(out_file))
    grazing = next(p for p in word.paragraphs if p.text.startswith("第二条"))
    grazing.add_run("超载的，限期出栏。")  # the cadre's amendment; the Tibetan is not touched
    word.save(str(out_file))

    code, out = run("import", out_file, "--village", "tashi", "--date", "2026-03-01")
    assert code == 0, out
    rev = revision(mini_data, "tashi", "2026-03-01")
    assert [(c.id, [a.id for a in c.articles]) for c in rev.chapters] == [
        ("general", ["purpose"]), ("ecology", ["grazing"])]
    purpose, grazing = (n.article for n in rev.numbered())
    assert purpose.text.bo_status == "draft"  # unchanged: its Tibetan stays current
    # amended: the Tibetan beside it in Word translates the old Chinese, so it is outdated
    assert grazing.text.bo_status == "outdated" and grazing.text.bo is None


def test_export_refuses_an_unknown_village_or_date(run, tmp_path):
    code, out = run("export", "--village", "nowhere", "--out", tmp_path / "x.docx")
    assert code == 1 and "--village nowhere: no regulation for this id" in out
    code, out = run("export", "--village", "tashi", "--revision", "2024-01-01",
                    "--out", tmp_path / "x.docx")
    assert code == 1 and "2020-03-01, 2025-05-10" in out
    assert not (tmp_path / "x.docx").exists()


def test_paragraphs_items_preamble_and_closing_survive_the_round_trip(mini_data, run, tmp_path):
    structured = FIXTURES / "amend/tashi-2026-01-01.yaml"  # preamble, 2 paragraphs, 2 items, closing
    (mini_data / "villages/tashi/2026-01-01.yaml").write_bytes(structured.read_bytes())
    out_file = tmp_path / "tashi.docx"
    assert run("export", "--village", "tashi", "--out", out_file)[0] == 0
    paragraphs = [p.text for p in docx.Document(str(out_file)).paragraphs]
    assert "（一）冬春草场十二月至次年五月使用；" in paragraphs  # an item: its own paragraph
    assert paragraphs[-3:] == ["扎西村村民代表大会", "བཀྲ་ཤིས་གྲོང་ཚོའི་དམངས་འཐུས་ཚོགས་ཆེན།", "2026年1月1日"]

    source = yaml.safe_load(structured.read_text(encoding="utf-8"))
    back = imported_yaml(mini_data, out_file, "2026-03-01")
    for key in ("preamble", "chapters", "closing"):
        assert back[key] == source[key], key  # ids, texts, Tibetan and statuses, tags
