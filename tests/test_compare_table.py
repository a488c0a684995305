"""The printable old/new table (修改对照表) of each comparison: written by the posters with the
posters, beside its comparison page, A4 landscape, three columns before | after | reason with
both languages, only the rows that changed, the inline changes marked without colour, page
numbers, the two revisions' hashes and a QR code that opens the comparison page."""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from regpub import site
from regpub.diff import compare
from regpub.load import load
from regpub.posters import comparetable, compose, fonts, names
from regpub.posters.compose import PosterRenderer, short_hash
from regpub.posters.fonts import PRINT_TABLE
from regpub.posters.press import press
from sitecheck import FIXTURES
from test_posters import ADDRESSES, SITE_URL, mini_posters, squeeze, text_of  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
A4_LANDSCAPE = (841.9, 595.3)
HEADINGS = ("修改前", "修改后", "修改理由", "མ་བཅོས་གོང", "བཅོས་རྗེས", "བཅོས་རྒྱུ་མཚན")


def pairs(county):
    """Every comparison page's pair of revisions, as the site makes them."""
    return [spec.context["pair"] for spec in site.pages(county, ADDRESSES) if spec.kind == "compare"]


def page_size(pdf: Path) -> tuple[float, float]:
    box = PdfReader(pdf).pages[0].mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


def assert_table_shows_the_comparison(pdf: Path, old, new, tibetan: bool = True) -> None:
    """The headings, the changed articles' text (both sides, both languages where given, or
    the Chinese only), the page numbers and the two hashes are in the PDF's text."""
    reader = PdfReader(pdf)
    text = squeeze("".join(p.extract_text() for p in reader.pages))
    for heading in HEADINGS:
        assert squeeze(heading) in text, (pdf, heading)
    shown = [c for c in compare(old, new).articles if comparetable.shown(c)]
    assert shown, "a comparison page with nothing to show"
    for change in shown:
        if change.status == "unchanged":  # renumbered only: named, not printed twice
            continue
        for article in (change.old, change.new):
            for _, part in article.parts() if article else ():
                # As printed: the dash of "——" as the poster font has it (fonts.PRINT_EQUIVALENTS).
                assert squeeze(part.zh.translate(PRINT_TABLE)) in text, (pdf, change.id)
                if part.bo and tibetan:
                    assert squeeze(part.bo) in text, (pdf, change.id)
    pages = len(reader.pages)
    assert squeeze(f"第 1 页 / 共 {pages} 页") in text
    assert squeeze(f"{short_hash(old)} → {short_hash(new)}") in text


# -- the fixture's tables, written by posters.write ---------------------------------------------

def test_every_comparison_page_has_its_table(mini_posters):
    county, out, summary = mini_posters
    site_dir = out.parent
    tables = [ADDRESSES.compare_table(old, new).key for old, new in pairs(county)]
    assert tables == ["villages/norbu/compare/2019-08-08...2025-10-01/table.pdf",
                      "villages/tashi/compare/2020-03-01...2025-05-10/table.pdf"]
    # Planned with the posters (the build's list of expected files) and written by them.
    assert set(tables) <= set(names(county, ADDRESSES))
    assert set(tables) <= {f.name for f in summary.files}
    for (old, new), key in zip(pairs(county), tables):
        pdf = site_dir / key
        assert page_size(pdf) == A4_LANDSCAPE
        assert_table_shows_the_comparison(pdf, old, new)


def test_table_names_the_village_the_dates_and_the_revisions(mini_posters):
    _, out, _ = mini_posters
    pdf = out.parent / "villages/tashi/compare/2020-03-01...2025-05-10/table.pdf"
    first = squeeze(text_of(pdf, 0))
    assert squeeze("扎西村村规民约修改对照表") in first
    assert squeeze("2020-03-01") in first and squeeze("2025-05-10") in first
    assert squeeze("ཕྱི་ལོ་༢༠༢༥ ཟླ་༥ ཚེས་༡༠") in first  # the Tibetan date too
    # What is only in the newer text is not in the older column and vice versa: the old
    # wording 秩序 and the new 稳定和谐 are both printed, once each.
    assert first.count("秩序") == 1 and first.count("稳定和谐") == 1


def test_table_qr_code_opens_the_comparison_page(mini_posters):
    _, out, _ = mini_posters
    pdf = out.parent / "villages/tashi/compare/2020-03-01...2025-05-10/table.pdf"
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    assert [c.text for c in zxingcpp.read_barcodes(image)] == [
        SITE_URL + "villages/tashi/compare/2020-03-01...2025-05-10/"]


# -- what the rows show (the HTML the press lays out) --------------------------------------------

THIRD = """\
sample: true
village: tashi
adopted: 2025-12-01
kind: revision
body: {zh: 村民代表大会, bo: "དམངས་འཐུས་ཚོགས་ཆེན།", bo_status: draft}
title: {zh: 扎西村村规民约, bo: "བཀྲ་ཤིས་གྲོང་ཚོའི་སྒྲིག་སྲོལ།", bo_status: draft}
summary: {zh: 删去轮牧条款，新增防火条款。, bo: "ཞིབ་བཤེར།", bo_status: draft}
chapters:
  - id: general
    title: {zh: 总则, bo: "སྤྱི་ཚན།", bo_status: draft}
    articles:
      - id: fire
        zh: 严禁在草场上用火。
        bo_status: missing
        reason: {zh: 防火期延长。, bo_status: missing}
      - id: purpose
        zh: 为维护本村稳定和谐，制定本村规民约。
        bo: "གྲོང་ཚོའི་བརྟན་ལྷིང་སྲུང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།"
        bo_status: draft
        phrases: [shou-guo-tu]
removed:
  - article: grazing
    reason: {zh: 轮牧并入草场承包合同。, bo_status: missing}
"""


def third_revision_table(mini_data: Path) -> tuple[str, object]:
    (mini_data / "villages/tashi/2025-12-01.yaml").write_text(THIRD, encoding="utf-8")
    county = load(mini_data)
    revisions = county.regulations["tashi"].revisions
    table = next(t for t in comparetable.plan(county, ADDRESSES)
                 if (t.old, t.new) == (revisions[1], revisions[2]))
    return PosterRenderer(county, ADDRESSES).html(table), table


def test_rows_are_the_changed_added_removed_and_renumbered_articles(mini_data):
    html, _ = third_revision_table(mini_data)
    rows = re.findall(r'<tr class="row row--(\w+)[^"]*" id="row-([\w-]+)"', html)
    # fire added; purpose only renumbered (1 -> 2); grazing removed, with its reason.
    assert rows == [("added", "fire"), ("unchanged", "purpose"), ("removed", "grazing")]
    purpose = html.split('id="row-purpose"')[1].split("</tr>")[0]
    assert "条文内容不变" in purpose and "稳定和谐" not in purpose  # not printed twice
    assert "原第一条 → 第二条" in purpose
    grazing = html.split('id="row-grazing"')[1].split("</tr>")[0]
    assert "轮牧并入草场承包合同。" in grazing and "未说明" not in grazing
    # The deleted article's text is struck through, the new one's underlined.
    assert "<del>草场实行轮牧，禁止超载放牧。</del>" in grazing
    assert "<ins>严禁在草场上用火。</ins>" in html.split('id="row-fire"')[1]
    # A missing translation is said, not left blank.
    assert "poster_translation" not in html and "ཡིག་སྒྱུར" in html.split('id="row-fire"')[1]


def test_inline_changes_are_marked_by_underline_and_strike_not_colour(mini_posters):
    county, _, _ = mini_posters
    table = next(t for t in comparetable.plan(county, ADDRESSES) if t.regulation.village.id == "tashi")
    html = PosterRenderer(county, ADDRESSES).html(table)
    assert "<del>秩序</del>" in html and "<ins>稳定和谐</ins>" in html
    css = (compose.TEMPLATES / "poster-compare.css").read_text(encoding="utf-8")
    ins = css.split(".poster--compare ins {")[1].split("}")[0]
    dele = css.split(".poster--compare del {")[1].split("}")[0]
    assert "underline" in ins and "line-through" in dele
    assert "color" not in ins  # the mark is the line, never a colour


def test_font_check_covers_what_only_a_table_prints(mini_data):
    # An older revision's text is printed by the table only: the font check sees it.
    old = mini_data / "villages/tashi/2020-03-01.yaml"
    old.write_text(old.read_text(encoding="utf-8").replace("秩序", "秩序\U00020001"),
                   encoding="utf-8")
    from regpub.problems import DataError
    from regpub.posters import check_fonts
    with pytest.raises(DataError) as e:
        check_fonts(load(mini_data), mini_data)
    assert "2020-03-01.yaml" in str(e.value.report()) and "U+20001" in str(e.value.report())


# -- the shipped data: every comparison page has its table --------------------------------------

@pytest.fixture(scope="module")
def shipped_tables(tmp_path_factory):
    data = ROOT / "regulations"
    if not (data / "villages").is_dir():
        pytest.skip("regulations/ holds no villages/")
    county = load(data)
    renderer = PosterRenderer(county, ADDRESSES)
    plan = comparetable.plan(county, ADDRESSES)
    out = tmp_path_factory.mktemp("tables")
    css = fonts.font_face_css() + compose.STYLESHEET.read_text(encoding="utf-8")
    files, _ = press([(t.name, renderer.html(t)) for t in plan], out, css=css,
                     base_url=str(compose.TEMPLATES) + "/", font_dir=fonts.FONTS, progress=None)
    return county, out, plan, files


@pytest.mark.sample_data
def test_every_shipped_comparison_has_its_table(shipped_tables):
    county, out, plan, files = shipped_tables
    assert [(t.old, t.new) for t in plan] == pairs(county)
    for table in plan:
        pdf = out / table.name
        assert page_size(pdf) == A4_LANDSCAPE
        # pypdf's text of long Tibetan cells is not always in reading order (tested on the
        # fixture instead, above): the Chinese of every changed article is checked here.
        assert_table_shows_the_comparison(pdf, table.old, table.new, tibetan=False)
    # The example: 原第五条 -> 第六条 and the deleted 第七条 are rows of their own.
    pdf = out / "villages/zhaxigang/compare/2025-04-29...2025-11-06/table.pdf"
    text = squeeze(text_of(pdf))
    assert squeeze("原第五条 → 第六条") in text and squeeze("原第十七条 → 第十六条") in text


# -- the build ----------------------------------------------------------------------------------

def test_the_build_writes_the_tables_and_the_comparison_pages_link_them(tmp_path):
    from sitecheck import run_build

    result = run_build(FIXTURES / "mini", tmp_path / "site")
    assert result.returncode == 0, result.stderr  # the planned-files check knew the tables
    site_dir = tmp_path / "site"
    key = "villages/tashi/compare/2020-03-01...2025-05-10/"
    assert (site_dir / key / "table.pdf").is_file()
    # Files are linked through the site's root (Addresses.link), as the posters are.
    zh = (site_dir / key / "index.html").read_text(encoding="utf-8")
    assert f'href="../../../../{key}table.pdf"' in zh
    # One file for both languages, linked from the Tibetan page too; not in the offline copies.
    bo = (site_dir / "bo" / key / "index.html").read_text(encoding="utf-8")
    assert f'href="../../../../../{key}table.pdf"' in bo
    import zipfile
    for lang in ("zh", "bo"):
        with zipfile.ZipFile(site_dir / f"downloads/nyalam-regulations-{lang}.zip") as z:
            assert not [n for n in z.namelist() if n.endswith(".pdf")]
