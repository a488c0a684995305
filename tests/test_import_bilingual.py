"""Importing real documents: bilingual (汉藏对照) Word and text files in their three layouts,
articles with paragraphs (款) and items (项), Word's structure (unnumbered headings, a title
variant, preamble and signature block), and the summary's warnings (OCR noise, Traditional
Chinese, characters the poster fonts lack).

As in test_import.py, every test imports into a copy of the tiny data set, where the village
tashi's current revision (2025-05-10) has the chapters general (总则) and ecology (生态) with the
articles purpose and grazing, both with a draft Tibetan. The Tibetan here is a draft.
"""
from __future__ import annotations

import docx
import pytest

from regpub.importing import main
from regpub.importing.bilingual import bo_marker
from regpub.load import load
from regpub.numbering import article_label

PURPOSE = "为维护本村稳定和谐，制定本村规民约。"
PURPOSE_BO = "གྲོང་ཚོའི་བརྟན་ལྷིང་སྲུང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།"
GRAZING = "草场实行轮牧，禁止超载放牧。"
GRAZING_BO = "རྩྭ་ཐང་ལ་རེས་མོས་འཚོ་སྐྱོང་བྱེད་པ་དང་། ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད།"
FIRE = "冬春季节严禁在草场野外用火。"
FIRE_BO = "དགུན་དཔྱིད་དུས་སུ་རྩྭ་ཐང་དུ་མེ་སྤྱོད་བཀག་འགོག་བྱེད།"
TITLE = "扎西村村规民约"
TITLE_BO = "བཀྲ་ཤིས་གྲོང་ཚོའི་སྒྲིག་སྲོལ།"
SIGNED = "扎西村村民委员会"
SIGNED_BO = "བཀྲ་ཤིས་གྲོང་ཚོའི་ཨུ་ཡོན་ལྷན་ཁང་།"
DATE = "2026-03-01"


@pytest.fixture
def run_import(mini_data, capsys):
    def run(document, *options):
        code = main([str(document), "--data", str(mini_data), "--village", "tashi",
                     "--date", DATE, *options])
        out, err = capsys.readouterr()
        return code, out + err
    return run


def imported(data):
    return next(r for r in load(data).regulations["tashi"].revisions if r.key == DATE)


def texts(revision):
    return [(n.article.id, n.article.text.zh, n.article.text.bo, n.article.text.bo_status)
            for n in revision.numbered()]


def word(path, paragraphs=(), table=(), after=()):
    """A .docx: paragraphs, then a table of (cell, cell) rows, then more paragraphs."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=0, cols=2)
        for left, right in table:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = left, right
    for text in after:
        document.add_paragraph(text)
    document.save(path)
    return path


def text_file(path, lines, encoding="utf-8"):
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


# --- the three bilingual layouts ----------------------------------------------------------------

def test_word_file_with_each_tibetan_paragraph_after_its_chinese(mini_data, run_import, tmp_path):
    document = word(tmp_path / "interleaved.docx", [
        TITLE, TITLE_BO,
        "为加强村民自治，制定本村规民约。", PURPOSE_BO,          # the preamble and its Tibetan
        "第一章 总则", "ལེའུ་དང་པོ། སྤྱི་ཚན།",
        "第一条 " + PURPOSE, f"{article_label(1, 'bo')} {PURPOSE_BO}",
        "第二章 生态", "ལེའུ་གཉིས་པ། སྐྱེ་ཁམས།",
        "第二条 " + GRAZING, GRAZING_BO,                         # the label may be left out
        "第三条 " + FIRE, "དོན་ཚན་གསུམ་པ། " + FIRE_BO,             # or written in words
        SIGNED, SIGNED_BO,
    ])
    code, out = run_import(document)
    assert code == 0, out
    assert "bilingual layout: Tibetan after each Chinese paragraph" in out
    revision = imported(mini_data)
    assert texts(revision) == [
        ("purpose", PURPOSE, PURPOSE_BO, "draft"),
        ("grazing", GRAZING, GRAZING_BO, "draft"),
        ("art-3", FIRE, FIRE_BO, "draft"),  # a new article: the document's Tibetan, a draft
    ]
    assert [(c.id, c.title.bo) for c in revision.chapters] == [
        ("general", "སྤྱི་ཚན།"), ("ecology", "སྐྱེ་ཁམས།")]
    assert (revision.title.zh, revision.title.bo) == (TITLE, TITLE_BO)
    assert (revision.preamble.zh, revision.preamble.bo) == ("为加强村民自治，制定本村规民约。", PURPOSE_BO)
    assert [(t.zh, t.bo) for t in revision.closing] == [(SIGNED, SIGNED_BO)]
    assert "contains Tibetan" not in out


def test_word_file_with_the_languages_in_a_two_column_table(mini_data, run_import, tmp_path):
    document = word(tmp_path / "table.docx", [TITLE], table=[
        ("第一条 " + PURPOSE, "དོན་ཚན་༡། " + PURPOSE_BO),
        (GRAZING_BO, "第二条 " + GRAZING),  # whichever column holds which language
        ("第三条 " + FIRE, FIRE_BO),
    ])
    code, out = run_import(document)
    assert code == 0, out
    assert "bilingual layout: two-column table" in out
    assert texts(imported(mini_data)) == [
        ("purpose", PURPOSE, PURPOSE_BO, "draft"),
        ("grazing", GRAZING, GRAZING_BO, "draft"),
        ("art-3", FIRE, FIRE_BO, "draft"),
    ]


def test_word_file_with_the_whole_tibetan_text_after_the_chinese(mini_data, run_import, tmp_path):
    # Aligned by article number: Tibetan digits, ASCII digits and ordinal words all count.
    new_bo = "ཁྱིམ་ཚང་རེ་རེས་གཙང་སྦྲ་སྲུང་དགོས།"
    document = word(tmp_path / "blocks.docx", [
        TITLE, "第一章 总则", "第一条 " + PURPOSE, "第二章 生态", "第二条 " + GRAZING,
        "第三条 " + FIRE, "第四条 各户应当保持环境卫生。", SIGNED,
        TITLE_BO, "ལེའུ་དང་པོ། སྤྱི་ཚན།", "དོན་ཚན་དང་པོ། " + PURPOSE_BO,
        "ལེའུ་༢། སྐྱེ་ཁམས།", "དོན་ཚན་༢། " + GRAZING_BO,
        "དོན་ཚན་3 " + FIRE_BO, "དོན་ཚན་བཞི་པ། " + new_bo, SIGNED_BO,
    ])
    code, out = run_import(document)
    assert code == 0, out
    assert "bilingual layout: whole Chinese text, then whole Tibetan text" in out
    revision = imported(mini_data)
    assert [(a, bo) for a, _, bo, _ in texts(revision)] == [
        ("purpose", PURPOSE_BO), ("grazing", GRAZING_BO), ("art-3", FIRE_BO), ("art-4", new_bo)]
    assert revision.title.bo == TITLE_BO
    assert [c.title.bo for c in revision.chapters] == ["སྤྱི་ཚན།", "སྐྱེ་ཁམས།"]
    assert [(t.zh, t.bo) for t in revision.closing] == [(SIGNED, SIGNED_BO)]


def test_a_tibetan_article_missing_from_the_tibetan_block_is_named(mini_data, run_import, tmp_path):
    document = word(tmp_path / "gap.docx", [
        TITLE, "第一条 " + PURPOSE, "第二条 " + GRAZING, "第三条 " + FIRE,
        "དོན་ཚན་༡། " + PURPOSE_BO, "དོན་ཚན་༣། " + FIRE_BO])
    code, out = run_import(document)
    assert code == 0, out
    assert "the Tibetan text has no article numbered 2" in out
    assert [(a, s) for a, _, _, s in texts(imported(mini_data))] == [
        ("purpose", "draft"), ("grazing", "draft"), ("art-3", "draft")]  # grazing: carried over


def test_bilingual_text_file_with_items_and_paragraphs(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "bilingual.txt", [
        TITLE, TITLE_BO,
        "第一条 " + PURPOSE, PURPOSE_BO,
        "第二条 草场实行划区轮牧，具体如下：", "དོན་ཚན་༢། རྩྭ་ཐང་ས་ཁུལ་བགོས་ནས་རེས་མོས་འཚོ་སྐྱོང་བྱེད།",
        "（一）冬春草场十一月至次年五月使用；", "༼༡༽ དགུན་དཔྱིད་ཀྱི་རྩྭ་ཐང་།",
        "（二）夏秋草场六月至十月使用。", "༼༢༽ དབྱར་སྟོན་གྱི་རྩྭ་ཐང་།",
        "违反前款规定的，由村民委员会劝阻。", "གོང་གི་གཏན་འབེབས་ལ་འགལ་ན་ཨུ་ཡོན་ལྷན་ཁང་གིས་བཀག་འགོག་བྱེད།",
    ], encoding="utf-8-sig")
    code, out = run_import(document)
    assert code == 0, out
    article = list(imported(mini_data).numbered())[1].article
    assert article.structured
    assert [(p.id, p.text.zh, [(i.id, i.text.zh, i.text.bo) for i in p.items])
            for p in article.paragraphs] == [
        ("p1", "草场实行划区轮牧，具体如下：", [  # the labels （一） ༼༡༽ are not in the text
            ("i1", "冬春草场十一月至次年五月使用；", "དགུན་དཔྱིད་ཀྱི་རྩྭ་ཐང་།"),
            ("i2", "夏秋草场六月至十月使用。", "དབྱར་སྟོན་གྱི་རྩྭ་ཐང་།")]),
        ("p2", "违反前款规定的，由村民委员会劝阻。", []),
    ]
    assert article.paragraphs[0].text.bo == "རྩྭ་ཐང་ས་ཁུལ་བགོས་ནས་རེས་མོས་འཚོ་སྐྱོང་བྱེད།"
    assert article.paragraphs[1].text.bo_status == "draft"


def test_a_tibetan_only_file_is_not_a_new_revision(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "bo.txt", [
        TITLE_BO, "དོན་ཚན་༡། " + PURPOSE_BO, "དོན་ཚན་༢། " + GRAZING_BO])
    code, out = run_import(document)  # with --date: a new revision, which needs the Chinese
    assert code == 1
    assert "2 Tibetan article(s) and no Chinese" in out
    assert "import it without --date" in out and "--revision YYYY-MM-DD" in out
    assert not (mini_data / "villages/tashi/2026-03-01.yaml").exists()


def test_reviewed_tibetan_needs_a_reviewer_role(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "b.txt", ["第一条 " + PURPOSE, PURPOSE_BO])
    code, out = run_import(document, "--bo-status", "reviewed")
    assert code == 1
    assert "--bo-status reviewed needs --reviewer ROLE" in out


def test_tibetan_labels_in_digits_and_words():
    assert bo_marker(article_label(12, "bo") + " ཀ།") == ("article", 12, "ཀ།")
    assert bo_marker("དོན་ཚན་བཅུ་གཉིས་པ། ཀ།")[:2] == ("article", 12)
    assert bo_marker("དོན་ཚན་ཉི་ཤུ་རྩ་གཅིག་པ། ཀ།")[:2] == ("article", 21)
    assert bo_marker("ལེའུ་དང་པོ། སྤྱི་ཚན།") == ("chapter", 1, "སྤྱི་ཚན།")
    assert bo_marker(PURPOSE_BO) is None


# --- items, paragraphs, Word's structure --------------------------------------------------------

def test_sentences_on_their_own_lines_are_paragraphs_and_circled_numbers_items(
        mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "items.txt", [
        TITLE,
        "第一条 本村实行网格化管理。",
        "村民应当配合网格员的工作。",           # after a full stop: a second paragraph
        "第二条 禁止下列行为：①乱扔垃圾；②损坏公共设施。",  # items run together on one line
        "第三条 冬春季节严禁在草场",            # a line wrapped mid-sentence: one paragraph
        "野外用火。",
    ])
    code, out = run_import(document)
    assert code == 0, out
    numbered = [n.article for n in imported(mini_data).numbered()]
    assert [p.text.zh for p in numbered[0].paragraphs] == ["本村实行网格化管理。", "村民应当配合网格员的工作。"]
    assert [i.text.zh for i in numbered[1].paragraphs[0].items] == ["乱扔垃圾；", "损坏公共设施。"]
    assert not numbered[2].structured and numbered[2].text.zh == FIRE


def test_unnumbered_headings_become_chapters(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "headings.txt", [
        TITLE, "总则", "第一条 " + PURPOSE,
        "生态保护", "第二条 " + GRAZING, "第三条 退耕土地可以复垦耕种。",
        "环境卫生", "第四条 禁止乱倒垃圾。",
    ])
    code, out = run_import(document)
    assert code == 0, out
    revision = imported(mini_data)
    assert [(c.id, c.title.zh, [a.text.zh for a in c.articles]) for c in revision.chapters] == [
        ("general", "总则", [PURPOSE]),
        ("ch-2", "生态保护", [GRAZING, "退耕土地可以复垦耕种。"]),  # not "…复垦耕种。\n环境卫生"
        ("ch-3", "环境卫生", ["禁止乱倒垃圾。"]),
    ]
    assert "line 7: '环境卫生' (a heading without a number) starts a chapter" in out


def test_a_title_variant_is_the_title_not_the_preamble(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "variant.txt", [
        "扎西村规村约", "经村民代表大会讨论通过。", "第一条 " + PURPOSE])
    code, out = run_import(document)
    assert code == 0, out
    revision = imported(mini_data)
    assert revision.title.zh == "扎西村规村约"
    assert revision.preamble.zh == "经村民代表大会讨论通过。"
    assert "no title line found" not in out


def test_a_signature_block_becomes_the_closing(mini_data, run_import, tmp_path):
    document = word(tmp_path / "signed.docx", [
        TITLE, "第一条 " + PURPOSE, "第二条 " + GRAZING, SIGNED, "二〇二六年三月一日"])
    code, out = run_import(document)
    assert code == 0, out
    revision = imported(mini_data)
    assert [t.zh for t in revision.closing] == [SIGNED, "二〇二六年三月一日"]
    assert [n.article.text.zh for n in revision.numbered()] == [PURPOSE, GRAZING]
    assert "lines not placed: 0" in out


# --- pointers and warnings ----------------------------------------------------------------------

def test_failure_points_at_the_article_after_articles_of_several_lines(mini_data, run_import,
                                                                       tmp_path):
    lines = [TITLE, "第一条 为维护本村稳定和谐，", "根据有关法律法规，", "制定本村规民约。"]
    lines += [f"第{n}条 第{n}项规定的内容。" for n in "二三四五六七"]
    lines += ["第八条 禁止在草场ཀཀ放牧。", "第九条 第九项规定。", "第十条 第十项规定。"]
    document = text_file(tmp_path / "pointers.txt", lines)
    code, out = run_import(document)
    assert code == 1
    assert "(from line 11 of pointers.txt)" in out  # 第八条 is on line 11
    assert not (mini_data / "villages/tashi/2026-03-01.yaml").exists()


def test_ocr_noise_is_listed_with_its_line(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "scan.txt", [
        TITLE, "第一条 " + PURPOSE,
        "第二条 " + GRAZING, "证告业要餐管头成组维院元点元开",
        "第三条 禁止在村内乱倒垃圾ab。",
    ])
    code, out = run_import(document)
    assert code == 0, out
    assert "2 line(s) look like OCR noise" in out
    assert "line 4: 证告业要餐管头成组维院元点元开 — a run of characters that make no words" in out
    assert "line 5: 第三条禁止在村内乱倒垃圾ab。 — Latin letters inside Chinese ('圾ab')" in out


def test_traditional_chinese_is_converted_on_request(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "trad.txt", ["扎西村村規民約", "第一條 為維護本村穩定和諧，制定本村規民約。"])
    code, out = run_import(document, "--from-traditional")
    assert code == 0, out
    # 規約 in the title; 條為維護穩諧規約 in the article
    assert "converted 10 character(s) from Traditional to Simplified Chinese" in out
    assert texts(imported(mini_data))[0][:2] == ("purpose", PURPOSE)  # so the id is kept


def test_characters_the_poster_fonts_lack_are_summarised_once_each(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "fonts.txt", [
        TITLE, "第一条 村民遵守村規，", "村規民約由村民會議制定。"])
    code, out = run_import(document)
    assert code == 0, out
    listed = [line for line in out.splitlines() if "U+898F" in line]
    assert listed == ["note:   '規' U+898F ×2 (first in line 2)"]  # once, with its count
    assert "4 character(s) the poster fonts cannot print (5 occurrence(s))" in out  # 規約會議
    assert "OCR noise" not in out  # Traditional Chinese is not noise


def test_the_adopted_reviewed_translation_comes_in_reviewed(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "reviewed.txt", ["第一条 " + FIRE, FIRE_BO])
    code, out = run_import(document, "--bo-status", "reviewed", "--reviewer",
                           "county-translation-office")
    assert code == 0, out
    text = list(imported(mini_data).numbered())[0].article.text
    assert (text.bo, text.bo_status, text.review.by) == (FIRE_BO, "reviewed",
                                                         "county-translation-office")


def test_the_tibetan_of_an_unnumbered_heading_is_its_title_and_of_a_stray_line_unplaced(
        mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "heading.txt", [
        TITLE, "总则", "第一条 " + PURPOSE, PURPOSE_BO,
        "第一节 草场", "ས་ཚན་དང་པོ།",                 # lines 5, 6: a section heading is not placed
        "生态保护", "སྐྱེ་ཁམས་སྲུང་སྐྱོབ།", "第二条 " + GRAZING, GRAZING_BO])
    code, out = run_import(document)
    assert code == 0, out
    chapters = imported(mini_data).chapters
    assert [(c.title.zh, c.title.bo) for c in chapters] == [
        ("总则", "སྤྱི་ཚན།"),  # no Tibetan in the document: carried from 2025-05-10
        ("生态保护", "སྐྱེ་ཁམས་སྲུང་སྐྱོབ།")]
    assert "lines not placed: 2" in out
    assert "line 6: ས་ཚན་དང་པོ། — the Tibetan of a line not placed" in out


def test_every_problem_points_at_the_line_of_its_paragraph_or_item(mini_data, run_import,
                                                                    tmp_path):
    document = text_file(tmp_path / "pointers.txt", [
        TITLE,
        "为加强村民自治ཀཀ，制定本村规民约。",        # 2: the preamble
        "第一章 总则ཀཀ",                            # 3: a chapter heading
        "第一条 为维护本村稳定和谐，", "根据有关法律法规，", "制定本村规民约。",
        "第二条 本村实行网格化管理。",
        "村民应当配合网格ཀཀ员的工作。",              # 8: the article's second paragraph
        "第三条 禁止下列行为：", "（一）乱扔垃圾；",
        "（二）损坏ཀཀ公共设施。",                    # 11: the article's second item
    ])
    code, out = run_import(document)
    assert code == 1
    pointed = [line.rsplit("(from ", 1)[1] for line in out.splitlines() if "(from " in line]
    assert pointed == [f"line {n} of pointers.txt)" for n in (2, 3, 8, 11)]


# --- a Tibetan-only document: the translation of an existing revision -------------------------

# The revision the Tibetan-only documents below translate: imported from this Chinese text as
# tashi's 2026-03-01 (a preamble, two chapters, an article of two paragraphs and two items, a
# closing of two lines), its Tibetan missing but for what the 2025-05-10 revision carries.
ZH_DOCUMENT = [
    TITLE, "为加强村民自治，制定本村规民约。",
    "第一章 总则", "第一条 " + PURPOSE,
    "第二章 生态", "第二条 草场实行划区轮牧，具体如下：",
    "（一）冬春草场十一月至次年五月使用；", "（二）夏秋草场六月至十月使用。",
    "违反前款规定的，由村民委员会劝阻。",
    "第三条 " + FIRE, SIGNED, "2026年3月1日",
]
PREAMBLE_BO = "གྲོང་མིའི་རང་སྐྱོང་ཤུགས་ཆེ་རུ་གཏོང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།"
ROTATION_BO = ["རྩྭ་ཐང་ས་ཁུལ་བགོས་ནས་རེས་མོས་འཚོ་སྐྱོང་བྱེད།", "དགུན་དཔྱིད་ཀྱི་རྩྭ་ཐང་།",
               "དབྱར་སྟོན་གྱི་རྩྭ་ཐང་།", "གོང་གི་གཏན་འབེབས་ལ་འགལ་ན་ཨུ་ཡོན་ལྷན་ཁང་གིས་བཀག་འགོག་བྱེད།"]
DATE_BO = "ཕྱི་ལོ་༢༠༢༦ ཟླ་༣ ཚེས་༡"
BO_DOCUMENT = [
    TITLE_BO, PREAMBLE_BO,
    "ལེའུ་དང་པོ། སྤྱི་ཚན།", "དོན་ཚན་༡། " + PURPOSE_BO,
    "ལེའུ་གཉིས་པ། སྐྱེ་ཁམས།", "དོན་ཚན་གཉིས་པ། " + ROTATION_BO[0],
    "༼༡༽ " + ROTATION_BO[1], "༼༢༽ " + ROTATION_BO[2], ROTATION_BO[3],
    "དོན་ཚན་༣། " + FIRE_BO, SIGNED_BO, DATE_BO,
]
TASHI_2025 = "villages/tashi/2025-05-10.yaml"
TASHI_2026 = "villages/tashi/2026-03-01.yaml"


@pytest.fixture
def translate(mini_data, capsys):
    """`python build.py import FILE --village tashi [options]`: no --date."""
    def run(document, *options):
        code = main([str(document), "--data", str(mini_data), "--village", "tashi", *options])
        out, err = capsys.readouterr()
        return code, out + err
    return run


@pytest.fixture
def amended(mini_data, run_import, tmp_path):
    """tashi's revision of 2026-03-01, imported from ZH_DOCUMENT (Chinese only)."""
    code, out = run_import(text_file(tmp_path / "zh.txt", ZH_DOCUMENT))
    assert code == 0, out
    return mini_data


def all_texts(revision):
    """(where, Tibetan, status) of every text the document has: title, preamble, chapter
    titles, every paragraph and item, closing lines."""
    out = [("title", revision.title), ("preamble", revision.preamble)]
    out += [(c.id, c.title) for c in revision.chapters]
    out += [(f"{n.id}/{path}", text) for n in revision.numbered() for path, text in n.article.parts()]
    out += [(f"closing/{k}", text) for k, text in enumerate(revision.closing)]
    return [(where, text.bo, text.bo_status) for where, text in out]


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]


def test_a_tibetan_only_text_file_fills_the_latest_revisions_tibetan(amended, translate, tmp_path):
    before = (amended / TASHI_2026).read_text(encoding="utf-8")
    code, out = translate(text_file(tmp_path / "bo.txt", BO_DOCUMENT))
    assert code == 0, out
    assert "Tibetan only: the Tibetan translation of an existing revision" in out
    assert "revision of 2026-03-01 (the current one): 3 articles aligned by number" in out
    # title, chapter titles and article 1 were carried from 2025-05-10 with this very Tibetan
    assert "as draft: 8 text(s) filled, 0 replaced, 4 unchanged" in out
    revision = imported(amended)
    assert all_texts(revision) == [
        ("title", TITLE_BO, "draft"), ("preamble", PREAMBLE_BO, "draft"),
        ("general", "སྤྱི་ཚན།", "draft"), ("ecology", "སྐྱེ་ཁམས།", "draft"),
        ("purpose/p1", PURPOSE_BO, "draft"),
        ("art-2/p1", ROTATION_BO[0], "draft"), ("art-2/p1/i1", ROTATION_BO[1], "draft"),
        ("art-2/p1/i2", ROTATION_BO[2], "draft"), ("art-2/p2", ROTATION_BO[3], "draft"),
        ("art-3/p1", FIRE_BO, "draft"),
        ("closing/0", SIGNED_BO, "draft"), ("closing/1", DATE_BO, "draft"),
    ]
    # Surgical: the Chinese and every other line stay; only Tibetan fields were added.
    after = (amended / TASHI_2026).read_text(encoding="utf-8")
    kept = [line for line in after.splitlines() if not line.strip().startswith(("bo:", "bo_status:"))]
    assert kept == [line for line in before.splitlines()
                    if not line.strip().startswith(("bo:", "bo_status:"))]


def test_a_tibetan_only_word_file_replaces_a_draft_and_names_it(mini_data, translate, tmp_path):
    new_grazing = "རྩྭ་ཐང་ལ་རེས་མོས་འཚོ་སྐྱོང་བྱེད།"
    document = word(tmp_path / "bo.docx", [
        TITLE_BO, "ལེའུ་དང་པོ།", "སྤྱི་ཚན།",      # a chapter's title on the line after its label
        "དོན་ཚན་དང་པོ།", PURPOSE_BO,                # an article's text after its label
        "ལེའུ་༢། སྐྱེ་ཁམས།", "དོན་ཚན་༢། " + new_grazing])
    before = (mini_data / TASHI_2025).read_text(encoding="utf-8")
    code, out = translate(document)
    assert code == 0, out
    assert "revision of 2025-05-10 (the current one)" in out
    assert "0 text(s) filled, 1 replaced, 4 unchanged" in out
    assert "  replaced: article 2 (was draft)" in out
    after = (mini_data / TASHI_2025).read_text(encoding="utf-8")
    assert changed_lines(before, after) == [(f'        bo: "{GRAZING_BO}"', f'        bo: "{new_grazing}"')]


def test_revision_picks_an_earlier_revision(mini_data, translate, tmp_path):
    # 2020-03-01 has one chapter; its grazing has no Tibetan yet
    document = text_file(tmp_path / "bo.txt", [
        TITLE_BO, "ལེའུ་དང་པོ། སྤྱི་ཚན།", "དོན་ཚན་༡། གྲོང་ཚོའི་སྒྲིག་ལམ་སྲུང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།",
        "དོན་ཚན་༢། རྩྭ་ཐང་ལ་རེས་མོས་འཚོ་སྐྱོང་བྱེད།"])
    current = (mini_data / TASHI_2025).read_bytes()
    code, out = translate(document, "--revision", "2020-03-01")
    assert code == 0, out
    assert "revision of 2020-03-01 (the current one is 2025-05-10)" in out
    assert "1 text(s) filled, 0 replaced, 3 unchanged" in out
    first = load(mini_data).regulations["tashi"].revisions[0]
    assert [(n.id, n.article.text.bo_status) for n in first.numbered()] == [
        ("purpose", "draft"), ("grazing", "draft")]
    assert (mini_data / TASHI_2025).read_bytes() == current  # the current one is untouched


def test_a_revision_that_does_not_exist_is_named_with_those_that_do(mini_data, translate, tmp_path):
    code, out = translate(text_file(tmp_path / "bo.txt", ["དོན་ཚན་༡། " + PURPOSE_BO]),
                          "--revision", "2024-01-01")
    assert code == 1
    assert "no revision of 2024-01-01; its revisions: 2020-03-01, 2025-05-10" in out


def test_articles_that_do_not_line_up_are_refused_naming_the_numbers(mini_data, translate,
                                                                     tmp_path):
    document = text_file(tmp_path / "bo.txt", [
        "དོན་ཚན་༡། " + PURPOSE_BO, "དོན་ཚན་༣། " + GRAZING_BO, "དོན་ཚན་༤། " + FIRE_BO])
    before = (mini_data / TASHI_2025).read_bytes()
    code, out = translate(document)
    assert code == 1
    assert ("the Tibetan has 3 article(s), the revision 2; no Tibetan article numbered 2; "
            "Tibetan article(s) 3, 4 that the revision has not") in out
    assert "nothing was written" in out
    assert (mini_data / TASHI_2025).read_bytes() == before


def test_an_article_of_another_shape_is_refused(amended, translate, tmp_path):
    document = BO_DOCUMENT[:7] + BO_DOCUMENT[8:]  # article 2 lost its second item
    code, out = translate(text_file(tmp_path / "bo.txt", document))
    assert code == 1
    assert ("article 2 (art-2; its Tibetan from line 6) has 2 paragraph(s) and 1 item(s) in "
            "Tibetan, 2 and 2 in Chinese") in out


def test_articles_in_the_right_count_but_mislabelled_are_aligned_by_place(mini_data, translate,
                                                                          tmp_path):
    document = text_file(tmp_path / "bo.txt", ["དོན་ཚན་༡། " + PURPOSE_BO, "དོན་ཚན་༣། " + GRAZING_BO])
    code, out = translate(document)
    assert code == 0, out
    assert "2 articles aligned by place" in out
    assert "note: article labelled 3 is taken as article 2 (its place)" in out


def test_chinese_in_the_tibetan_text_is_refused(mini_data, translate, tmp_path):
    document = text_file(tmp_path / "bo.txt", ["དོན་ཚན་༡། " + PURPOSE_BO + "草场",
                                               "དོན་ཚན་༢། " + GRAZING_BO])
    code, out = translate(document)
    assert code == 1
    assert "Chinese in the Tibetan text, line(s) 1" in out


def test_a_reviewed_tibetan_is_not_overwritten_unless_asked(mini_data, translate, tmp_path):
    first = text_file(tmp_path / "bo.txt", ["དོན་ཚན་༡། " + PURPOSE_BO, "དོན་ཚན་༢། " + GRAZING_BO])
    code, out = translate(first, "--bo-status", "reviewed", "--reviewer", "county-translation-office")
    assert code == 0, out
    assert "as reviewed by county-translation-office: 0 text(s) filled, 2 replaced" in out
    assert "  replaced: article 1 (was draft, now reviewed)" in out
    grazing = list(load(mini_data).regulations["tashi"].current.numbered())[1].article.text
    assert (grazing.bo_status, grazing.review.by) == ("reviewed", "county-translation-office")

    other = "རྩྭ་ཐང་ལ་རེས་མོས་འཚོ་སྐྱོང་བྱེད།"
    second = text_file(tmp_path / "bo2.txt", ["དོན་ཚན་༡། " + PURPOSE_BO, "དོན་ཚན་༢། " + other])
    reviewed = (mini_data / TASHI_2025).read_bytes()
    code, out = translate(second)
    assert code == 1
    assert "1 text(s) already have a reviewed Tibetan that differs from the document's: " \
           "article 2 (line 2)" in out
    assert "--replace-reviewed" in out
    assert (mini_data / TASHI_2025).read_bytes() == reviewed

    code, out = translate(second, "--replace-reviewed")
    assert code == 0, out
    assert "0 text(s) filled, 1 replaced, 1 unchanged" in out  # article 1 stays reviewed
    texts_now = [n.article.text for n in load(mini_data).regulations["tashi"].current.numbered()]
    assert [(t.bo, t.bo_status) for t in texts_now] == [(PURPOSE_BO, "reviewed"), (other, "draft")]


def test_the_lock_takes_a_tibetan_only_import_as_translation_work(mini_data, translate, tmp_path):
    from regpub import lock as lockfile
    lockfile.write_lock(mini_data, load(mini_data))  # 2025-05-10 is published
    document = text_file(tmp_path / "bo.txt", ["དོན་ཚན་༡། " + PURPOSE_BO,
                                               "དོན་ཚན་༢། རྩྭ་ཐང་ལ་རེས་མོས་འཚོ་སྐྱོང་བྱེད།"])
    code, out = translate(document)
    assert code == 0, out
    county = load(mini_data)  # raises if the lock refused the edit
    assert [(c.source, c.texts) for c in county.translation_changes] == [
        (f"regulations/{TASHI_2025}", 1)]


def test_a_problem_of_the_written_tibetan_points_at_its_line(amended, translate, tmp_path):
    document = list(BO_DOCUMENT)
    document[7] = "༼༢༽ དབྱར་ ིསྟོན་གྱི་རྩྭ་ཐང་།"  # line 8: a vowel sign with no letter before it
    before = (amended / TASHI_2026).read_bytes()
    code, out = translate(text_file(tmp_path / "bo.txt", document))
    assert code == 1
    assert "item 'i2': 'bo' has the Tibetan sign U+0F72 with no base letter" in out
    assert "(from line 8 of bo.txt)" in out
    assert (amended / TASHI_2026).read_bytes() == before
