"""Importing a regulation from Word or text files: `python build.py import <file> --village <id>
--date <YYYY-MM-DD>` writes a new revision file, keeping the ids of articles that stay the same.

Every test imports into a copy of the tiny data set, where the village tashi's current revision
(2025-05-10) has the chapters general (总则) and ecology (生态) with the articles
purpose (为维护本村稳定和谐，制定本村规民约。) and grazing (草场实行轮牧，禁止超载放牧。).
"""
from __future__ import annotations

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from regpub.importing import main
from regpub.importing.ids import match_texts
from regpub.load import load
from regpub.numbering import zh_number, zh_value

PURPOSE = "为维护本村稳定和谐，制定本村规民约。"
GRAZING = "草场实行轮牧，禁止超载放牧。"
DATE = "2026-03-01"


def word(path, paragraphs, numbered=()):
    """A .docx with one paragraph per item; the indexes in `numbered` are numbered by Word
    itself as 第一条, 第二条 ... (automatic numbering, not typed)."""
    document = docx.Document()
    if numbered:
        numbering = document.part.numbering_part.element
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0">'
            '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="第%1条"/></w:lvl></w:abstractNum>'))
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for i, text in enumerate(paragraphs):
        paragraph = document.add_paragraph(text)
        if i in numbered:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_numId().val = 90
            num_pr.get_or_add_ilvl().val = 0
    document.save(path)
    return path


def text_file(path, lines, encoding="utf-8"):
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


@pytest.fixture
def run_import(mini_data, capsys):
    """Import into the mini data set; returns (exit code, what it printed)."""
    def run(document, *options, village="tashi", date=DATE):
        argv = [str(document), "--data", str(mini_data)]
        argv += ["--village", village] if village else []
        argv += ["--date", date] if date else []
        code = main(argv + list(options))
        out, err = capsys.readouterr()
        return code, out + err
    return run


def imported(data, village="tashi", date=DATE):
    """The imported revision as the site loads it."""
    revisions = load(data).regulations[village].revisions
    return next(r for r in revisions if r.key == date)


def articles(revision):
    return [(n.article.id, n.article.text.zh) for n in revision.numbered()]


# --- what is recognised --------------------------------------------------------------------------

def test_word_document_with_chapters(mini_data, run_import, tmp_path):
    document = word(tmp_path / "扎西村村规民约.docx", [
        "扎西村村规民约",
        "为进一步加强村民自治，根据有关法律法规，结合本村实际，制定本村规民约。",
        "第一章 总则",
        "第一条 " + PURPOSE,
        "第二条 村民应当遵守下列规定：",
        "（一）爱护公共设施；（二）维护邻里团结。",
        "第二章 草场管护",
        "第三条 " + GRAZING,
        "第四条　冬春季节严禁在草场野外用火。",
    ])
    code, out = run_import(document)
    assert code == 0, out

    revision = imported(mini_data)
    assert not revision.sample
    assert revision.kind == "revision"  # tashi has revisions before 2026-03-01
    assert revision.title.zh == "扎西村村规民约"
    assert revision.body.zh == "村民代表大会"
    assert revision.summary.zh == "由扎西村村规民约.docx导入，待核对。"
    assert [(c.id, c.title.zh, len(c.articles)) for c in revision.chapters] == [
        ("general", "总则", 2),  # the same title as in 2025-05-10: the chapter keeps its id
        ("ch-2", "草场管护", 2),
    ]
    assert articles(revision) == [
        ("purpose", PURPOSE),
        ("art-2", "村民应当遵守下列规定：\n爱护公共设施；\n维护邻里团结。"),  # one paragraph, two items
        ("grazing", GRAZING),  # the text of tashi's grazing article: it keeps its id
        ("art-4", "冬春季节严禁在草场野外用火。"),
    ]
    # unchanged articles keep their Tibetan and phrase tags; the new ones have none yet
    assert [(n.article.text.bo_status, n.article.phrases) for n in revision.numbered()] == [
        ("draft", ("shou-guo-tu",)), ("missing", ()), ("draft", ("hu-cao-yuan",)), ("missing", ())]

    assert sorted(p.name for p in (mini_data / "villages/tashi").iterdir()) == [
        "2020-03-01.yaml", "2025-05-10.yaml", "2026-03-01.yaml"]  # no temporary file left
    written = (mini_data / "villages/tashi/2026-03-01.yaml").read_text(encoding="utf-8")
    assert written.startswith("# Imported from 扎西村村规民约.docx by `python build.py import`")
    assert "sample: false" in written
    assert "read 扎西村村规民约.docx as Word document" in out
    assert "2 chapters, 4 articles" in out
    assert "2 of 4 articles" in out
    assert "lines not placed: 0" in out
    # the text before the first article is the preamble; （一）（二） are the items of article 2
    assert revision.preamble.zh == "为进一步加强村民自治，根据有关法律法规，结合本村实际，制定本村规民约。"
    items = list(revision.numbered())[1].article.paragraphs[0].items
    assert [i.text.zh for i in items] == ["爱护公共设施；", "维护邻里团结。"]


def test_word_automatic_numbering(mini_data, run_import, tmp_path):
    # 第一条 / 第二条 drawn by Word's list numbering are not in the paragraph's text
    document = word(tmp_path / "numbered.docx",
                    ["扎西村村规民约", PURPOSE, GRAZING, "村民应当爱护公共设施。"],
                    numbered={1, 2, 3})
    code, out = run_import(document)
    assert code == 0, out
    assert articles(imported(mini_data)) == [
        ("purpose", PURPOSE), ("grazing", GRAZING), ("art-3", "村民应当爱护公共设施。")]


def test_gbk_text_without_chapters(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "tashi.txt", [
        "扎西村村规民约",
        "",
        "第一条 " + PURPOSE,
        "第二条 草场实行轮牧，禁止超载放牧，",
        "牲畜数量不得超过核定载畜量。",  # a line wrapped inside the sentence
        "第三条 本村规民约自村民代表大会通过之日起施行。",
    ], encoding="gbk")
    code, out = run_import(document)
    assert code == 0, out
    assert "read tashi.txt as GB18030 (GBK)" in out

    revision = imported(mini_data)
    assert [(c.id, c.title.zh) for c in revision.chapters] == [("main", "正文")]
    assert articles(revision) == [
        ("purpose", PURPOSE),
        # an appended clause (similarity 0.70): aligned in sequence, the same article amended
        ("grazing", "草场实行轮牧，禁止超载放牧，牲畜数量不得超过核定载畜量。"),
        ("art-3", "本村规民约自村民代表大会通过之日起施行。"),
    ]
    assert "lines not placed: 0" in out


def test_utf8_text_numbered_with_chinese_numerals(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "bom.txt", [
        "\ufeff扎西村村规民约",  # saved by Notepad as "UTF-8 with BOM"
        "一、" + PURPOSE,
        "二、" + GRAZING,
        "三、红白喜事从简办理。",
    ])
    code, out = run_import(document)
    assert code == 0, out
    assert "as UTF-8 (with BOM)" in out
    assert "articles numbered 一、" in out
    revision = imported(mini_data)
    assert revision.title.zh == "扎西村村规民约"
    assert articles(revision) == [
        ("purpose", PURPOSE), ("grazing", GRAZING), ("art-3", "红白喜事从简办理。")]


def test_text_numbered_with_digits(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "digits.txt", [
        "扎西村村规民约",
        "1. " + PURPOSE,
        "2、禁止下列行为：",
        "（1）乱扔垃圾；",
        "（2）损坏公共设施。",
        "3. " + GRAZING,
    ])
    code, out = run_import(document)
    assert code == 0, out
    assert articles(imported(mini_data)) == [
        ("purpose", PURPOSE),
        ("art-2", "禁止下列行为：\n乱扔垃圾；\n损坏公共设施。"),  # (1) (2): its items
        ("grazing", GRAZING),
    ]


def test_chinese_numerals_as_chapter_headings(mini_data, run_import, tmp_path):
    # 一、总则 followed by 1. 2. ...: the short headings are chapters, the digits articles
    document = text_file(tmp_path / "sections.txt", [
        "一、总则", "1. " + PURPOSE, "二、生态", "1. " + GRAZING, "2. 禁止在河道倾倒垃圾。"])
    code, out = run_import(document)
    assert code == 0, out
    revision = imported(mini_data)
    assert [(c.id, [a.id for a in c.articles]) for c in revision.chapters] == [
        ("general", ["purpose"]), ("ecology", ["grazing", "art-3"])]
    assert "no title line found: the title is 扎西村村规民约" in out  # from the previous revision


def test_lines_that_cannot_be_placed_are_reported(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "messy.txt", [
        "扎西村村规民约",                               # 1 the title
        "（2026年3月1日村民代表大会通过）",             # 2 preamble
        "第一章 总则",                                  # 3
        "本章规定本村规民约的目的。",                   # 4 between heading and first article
        "第一条 " + PURPOSE,                            # 5
        "第一节 草场",                                  # 6 a section heading
        "第二条 " + GRAZING,                            # 7
        "扎西村村民委员会",                             # 8 signature
        "2026年3月1日",                                 # 9 date
    ])
    code, out = run_import(document)
    assert code == 0, out
    assert "lines not placed: 2" in out
    for line in ("line 4: 本章规定本村规民约的目的。",
                 "line 6: 第一节草场"):  # spaces between Chinese characters are dropped
        assert line in out
    revision = imported(mini_data)
    assert articles(revision) == [("purpose", PURPOSE), ("grazing", GRAZING)]
    # before the first article: the preamble; the signature and the date: the closing
    assert revision.preamble.zh == "（2026年3月1日村民代表大会通过）"
    assert [t.zh for t in revision.closing] == ["扎西村村民委员会", "2026年3月1日"]


def test_a_skipped_article_number_is_pointed_out(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "gap.txt", ["第一条 " + PURPOSE, "第三条 " + GRAZING])
    code, out = run_import(document)
    assert code == 0, out
    assert "line 2: article numbered 3 where 2 was expected" in out


# --- ids ---------------------------------------------------------------------------------------

def test_a_reworded_article_keeps_its_id(mini_data, run_import, tmp_path):
    reworded = "草场实行划区轮牧，禁止超载放牧。"
    document = text_file(tmp_path / "reworded.txt", ["第一条 " + reworded, "第二条 村民应当孝敬老人。"])
    code, out = run_import(document)
    assert code == 0, out
    assert articles(imported(mini_data)) == [("grazing", reworded), ("art-2", "村民应当孝敬老人。")]
    assert "grazing (line 1): similar text, 0.92" in out  # difflib ratio, 0.85 is enough


def test_each_old_article_gives_its_id_once_best_match_first(mini_data, run_import, tmp_path):
    close, closer = "草场实行划区轮牧，禁止超载放牧。", "草场实行轮牧，禁止超载放牧羊。"  # 0.92, 0.96
    document = text_file(tmp_path / "twice.txt", ["第一条 " + close, "第二条 " + closer])
    code, out = run_import(document)
    assert code == 0, out
    assert articles(imported(mini_data)) == [("art-1", close), ("grazing", closer)]


def test_a_later_import_keeps_the_ids_of_an_earlier_one(mini_data, run_import, tmp_path):
    first = text_file(tmp_path / "2026.txt", ["第一条 甲条文内容很长很长。", "第二条 乙条文内容很长很长。"])
    assert run_import(first)[0] == 0
    second = text_file(tmp_path / "2027.txt", [
        "第一条 甲条文内容很长很长。", "第二条 新增丙条文。", "第三条 乙条文内容很长很长。"])
    code, out = run_import(second, date="2027-01-01")
    assert code == 0, out
    # art-2 is乙's id since 2026: the new article gets an id the village never used
    assert [a for a, _ in articles(imported(mini_data, date="2027-01-01"))] == [
        "art-1", "art-20270101-2", "art-2"]


def test_a_previous_revision_the_loader_refuses_still_gives_its_ids(mini_data, run_import, tmp_path):
    # Saved by Notepad as "UTF-8 with BOM": the site refuses it until it is fixed, but its
    # articles are the same, so the import keeps their ids instead of handing out new ones.
    previous = mini_data / "villages/tashi/2025-05-10.yaml"
    previous.write_bytes(b"\xef\xbb\xbf" + previous.read_bytes())
    document = text_file(tmp_path / "same.txt", ["第一条 " + PURPOSE, "第二条 " + GRAZING])
    code, out = run_import(document)
    assert code == 0, out
    assert "ids kept from the revision of 2025-05-10: 2 of 2 articles" in out
    assert "purpose (line 1): same text" in out and "grazing (line 2): same text" in out
    assert "already had 1 problem(s) before this import" in out


def test_a_previous_revision_no_parser_can_read_is_named_not_fatal(mini_data, run_import, tmp_path):
    # 200 KB of '[': a YAML parser that recursed on it would crash the import.
    (mini_data / "villages/tashi/2025-05-10.yaml").write_text("[" * 200_000, encoding="utf-8")
    document = text_file(tmp_path / "x.txt", ["第一条 " + GRAZING])
    code, out = run_import(document)
    assert "could not read 2025-05-10.yaml to keep article ids" in out
    assert "Traceback" not in out


def test_a_divisions_file_of_the_wrong_shape_is_refused_with_a_message(mini_data, run_import,
                                                                     tmp_path):
    (mini_data / "divisions.yaml").write_text("townships: {tashi: 1}\n", encoding="utf-8")
    code, out = run_import(text_file(tmp_path / "x.txt", ["第一条 " + GRAZING]))
    assert code == 1
    assert "divisions.yaml cannot be read: run python build.py --check" in out


def test_matching_rules():
    assert [m and (m.old, m.how) for m in match_texts(
        ["草场 实行轮牧 禁止超载放牧", "全新的条文", GRAZING], [GRAZING, PURPOSE])] == [
        (0, "same"), None, None]  # whitespace and punctuation do not count; once per old text
    assert zh_value("九十九") == 99 and zh_value("十二") == 12 and zh_value("１２") == 12
    assert zh_value("一百零五") == 105 and zh_number(21) == "二十一"


# --- what is refused ---------------------------------------------------------------------------

def test_an_existing_revision_is_never_overwritten(mini_data, run_import, tmp_path):
    existing = mini_data / "villages/tashi/2025-05-10.yaml"
    before = existing.read_bytes()
    document = text_file(tmp_path / "x.txt", ["第一条 " + GRAZING])
    code, out = run_import(document, date="2025-05-10")
    assert code != 0
    assert "2025-05-10.yaml already exists: a revision is never overwritten" in out
    assert existing.read_bytes() == before


@pytest.mark.parametrize("date", ["2026-3-1", "2026-02-30", "20260301", "1.3.2026"])
def test_a_date_that_is_not_iso_is_refused(mini_data, run_import, tmp_path, date):
    document = text_file(tmp_path / "x.txt", ["第一条 " + GRAZING])
    code, out = run_import(document, date=date)
    assert code != 0 and "--date" in out
    assert sorted(p.name for p in (mini_data / "villages/tashi").iterdir()) == [
        "2020-03-01.yaml", "2025-05-10.yaml"]


def test_an_unknown_village_is_refused(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "x.txt", ["第一条 " + GRAZING])
    code, out = run_import(document, village="tashii")
    assert code != 0
    assert "'tashii' is not a village id" in out and "did you mean tashi" in out
    assert not (mini_data / "villages/tashii").exists()


def test_a_document_without_articles_is_refused(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "prose.txt", ["扎西村村规民约", "村民应当遵纪守法。"])
    code, out = run_import(document)
    assert code != 0 and "no articles found" in out
    assert not (mini_data / "villages/tashi/2026-03-01.yaml").exists()


def test_a_failing_validation_leaves_no_file(mini_data, run_import, tmp_path):
    # A phone number is personal data, which the loader refuses on the site.
    document = text_file(tmp_path / "phone.txt", [
        "扎西村村规民约", "第一条 " + GRAZING, "第二条 发现火情请拨打13812345678报告。"])
    code, out = run_import(document)
    assert code != 0
    assert "[personal-data]" in out and "(from line 3 of phone.txt)" in out
    assert sorted(p.name for p in (mini_data / "villages/tashi").iterdir()) == [
        "2020-03-01.yaml", "2025-05-10.yaml"]  # no revision, no temporary file


def test_a_problem_the_new_file_causes_elsewhere_also_removes_it(mini_data, run_import, tmp_path):
    # Imported as tashi's first regulation, before 2020-03-01, which is 'initial' too.
    document = text_file(tmp_path / "old.txt", ["第一条 草场实行轮牧。"])
    code, out = run_import(document, "--insert-into-history", date="2019-01-01")
    assert code != 0 and "[revision-order]" in out
    assert not (mini_data / "villages/tashi/2019-01-01.yaml").exists()
    load(mini_data)  # the data folder is as it was


def test_review_kind_writes_a_review_record_to_fill_in(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "review.txt", ["第一条 " + GRAZING])
    code, out = run_import(document, "--kind", "review", "--body", "村民大会")
    assert code == 0, out
    revision = imported(mini_data)
    assert revision.kind == "review" and revision.body.zh == "村民大会"
    assert revision.review.meetings == () and revision.review.feedback == ()


# --- documents that are damaged, mislabelled or too large (issue 13) ---------------------------
# Each is refused with a message naming the file, before anything is written; the first ones
# used to end in a UnicodeDecodeError traceback, the large .docx in minutes of work and a GB.

def refused(run_import, mini_data, document) -> str:
    code, out = run_import(document)
    assert code == 1 and out.startswith("import refused: " + document.name), out
    assert "Traceback" not in out
    assert sorted(p.name for p in (mini_data / "villages/tashi").iterdir()) == [
        "2020-03-01.yaml", "2025-05-10.yaml"]
    return out


@pytest.mark.parametrize("name, data, message", [
    ("bom-then-invalid.txt", b"\xef\xbb\xbf" + "第一条 草场实行轮牧。\n".encode() + b"\xff\xfe\x80 x\n",
     "bom-then-invalid.txt:2: not valid UTF-8: byte 0xff"),
    ("odd-utf16.txt", b"\xff\xfe" + "第一条 草场实行轮牧。".encode("utf-16-le") + b"\x00",
     "an odd number of bytes long"),
    ("utf16-bad-surrogate.txt", b"\xff\xfe" + "第一条\n".encode("utf-16-le") + b"\x00\xdc\x41\x00",
     "utf16-bad-surrogate.txt:2: not valid UTF-16"),
    ("utf16-without-bom.txt", "第一条 草场实行轮牧。\n".encode("utf-16-le"), "contains zero bytes"),
])
def test_a_text_file_in_no_readable_encoding_is_refused(mini_data, run_import, tmp_path, name, data,
                                                       message):
    document = tmp_path / name
    document.write_bytes(data)
    assert message in refused(run_import, mini_data, document)


def test_a_utf16_text_with_its_byte_order_mark_is_read(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "notepad.txt", ["第一条 " + PURPOSE, "第二条 " + GRAZING],
                         encoding="utf-16")  # Notepad's "Unicode": a BOM, then UTF-16-LE
    code, out = run_import(document)
    assert code == 0, out
    assert "as UTF-16" in out
    assert articles(imported(mini_data)) == [("purpose", PURPOSE), ("grazing", GRAZING)]


@pytest.mark.parametrize("content", [
    b"Just some text, renamed to .docx",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,  # an old .doc (OLE) renamed
])
def test_a_docx_that_is_not_a_zip_archive_is_refused(mini_data, run_import, tmp_path, content):
    document = tmp_path / "regulation.docx"
    document.write_bytes(content)
    assert "not a Word document" in refused(run_import, mini_data, document)


def test_a_truncated_docx_is_refused(mini_data, run_import, tmp_path):
    whole = word(tmp_path / "whole.docx", ["第一条 " + PURPOSE]).read_bytes()
    document = tmp_path / "cut.docx"
    document.write_bytes(whole[: len(whole) // 2])  # a download that stopped half way
    assert "not a Word document" in refused(run_import, mini_data, document)


def test_a_docx_with_a_damaged_part_is_refused(mini_data, run_import, tmp_path):
    import zipfile
    good = zipfile.ZipFile(word(tmp_path / "good.docx", ["第一条 " + PURPOSE]))
    document = tmp_path / "damaged.docx"
    with zipfile.ZipFile(document, "w") as out:
        for name in good.namelist():
            out.writestr(name, b"<w:document><<<" if name == "word/document.xml" else good.read(name))
    assert "cannot be read as a Word document" in refused(run_import, mini_data, document)


def test_a_docx_of_500000_paragraphs_is_refused_at_once(mini_data, run_import, tmp_path):
    import time
    import zipfile
    good = zipfile.ZipFile(word(tmp_path / "good.docx", ["第一条 " + PURPOSE]))
    body = good.read("word/document.xml").replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 500_000)
    document = tmp_path / "huge.docx"  # about 150 KB on disk
    with zipfile.ZipFile(document, "w", zipfile.ZIP_DEFLATED) as out:
        for name in good.namelist():
            out.writestr(name, body if name == "word/document.xml" else good.read(name))
    start = time.monotonic()
    out = refused(run_import, mini_data, document)
    assert time.monotonic() - start < 10  # was over 5 minutes
    assert "more than 20,000 paragraphs" in out


def test_a_text_file_of_too_many_lines_is_refused(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "long.txt", ["第一条 " + PURPOSE] + ["。"] * 20_000)
    assert "20,001 lines, over the importer's limit of 20,000" in refused(run_import, mini_data,
                                                                           document)


def test_a_text_file_over_5_mb_is_refused(mini_data, run_import, tmp_path):
    document = text_file(tmp_path / "big.txt", ["第一条 " + "草" * 2_000_000])
    assert "over the importer's limit of 5,000,000" in refused(run_import, mini_data, document)


@pytest.mark.parametrize("part, old, new", [
    ("word/numbering.xml", b'<w:start w:val="1"/>', '<w:start w:val="²"/>'.encode()),
    ("word/numbering.xml", b'<w:start w:val="1"/>', b'<w:start w:val="' + b"9" * 5_000 + b'"/>'),
    ("word/numbering.xml", b'<w:lvl w:ilvl="0">', b'<w:lvl w:ilvl="x">'),
    ("word/document.xml", b'<w:ilvl w:val="0"/>', b'<w:ilvl w:val="zz"/>'),
    ("word/document.xml", b'<w:numId w:val="90"/>', b'<w:numId w:val="abc"/>'),
], ids=["superscript start", "5,000-digit start", "level named x", "paragraph level zz",
        "list id abc"])
def test_numbering_values_word_never_writes_do_not_stop_the_import(mini_data, run_import, tmp_path,
                                                                   part, old, new):
    # Each was a ValueError traceback in reading Word's automatic numbering. The typed 第一条
    # still makes an article; the paragraphs whose number cannot be read keep their text.
    import zipfile
    good = zipfile.ZipFile(word(tmp_path / "good.docx", ["第一条 " + PURPOSE, GRAZING], numbered=(1,)))
    document = tmp_path / "odd-numbering.docx"
    with zipfile.ZipFile(document, "w") as out:
        for name in good.namelist():
            data = good.read(name)
            if name == part:
                assert old in data
                data = data.replace(old, new)
            out.writestr(name, data)
    code, out = run_import(document)
    assert "Traceback" not in out
    assert code == 0, out
    first_text = articles(imported(mini_data))[0][1]
    assert first_text.startswith(PURPOSE)  # the second paragraph, if unnumbered, continues it


def test_any_bytes_are_read_or_refused_with_a_message(tmp_path):
    """Random bytes as a .txt, and a Word document with random bytes overwritten: a Source or
    ImportFailed, never another exception."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from regpub.importing import ImportFailed
    from regpub.importing.sources import read_source

    good = word(tmp_path / "good.docx", ["第一条 " + PURPOSE, GRAZING], numbered=(1,)).read_bytes()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(txt=st.binary(max_size=200), where=st.integers(0, len(good) - 1),
           noise=st.binary(min_size=1, max_size=16))
    def read_both(txt, where, noise):
        for name, data in (("x.txt", txt), ("x.docx", good[:where] + noise + good[where + len(noise):])):
            path = tmp_path / name
            path.write_bytes(data)
            try:
                read_source(path)
            except ImportFailed as e:
                assert str(e).startswith(name)

    read_both()
