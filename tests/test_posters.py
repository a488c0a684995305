"""The printed posters, built from the tiny data set: every poster opens, carries the whole
regulation in both languages with the shipped fonts embedded, its QR code opens the exact
revision, long regulations flow onto numbered pages, a village whose regulation has provisions
gets its points table (积分细则) on A4, and a character the fonts lack stops the build with the
file, line and character named."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from regpub import messages, posters
from regpub.addresses import Addresses
from regpub.load import load
from regpub.numbering import bo_number
from regpub.posters import check_fonts, names
from regpub.posters import compose
from regpub.posters.compose import STYLESHEET, TEMPLATES, PosterRenderer, css_string, plan
from regpub.posters.fonts import FONT_FACES, FONTS, font_face_css
from regpub.posters.paper import BOARD_MIN_BO_PT, BOARD_MIN_ZH_PT, PAPERS
from regpub.posters.press import press
from regpub.problems import DataError
from sitecheck import FIXTURES, run_build

SITE_URL = "https://example.org/nyalam/"
ADDRESSES = Addresses(SITE_URL)
A3 = (841.9, 1190.6)  # points, portrait
A4 = (595.3, 841.9)


def build(data: Path, site: Path):
    """The posters of `data`, written where the address book puts them: site/posters/."""
    return posters.write(load(data), ADDRESSES, site, jobs=2, data_dir=data, progress=None)


@pytest.fixture(scope="module")
def mini_posters(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    summary = build(FIXTURES / "mini", site)
    return load(FIXTURES / "mini"), site / "posters", summary


def text_of(pdf: Path, page: int | None = None) -> str:
    reader = PdfReader(pdf)
    pages = reader.pages if page is None else [reader.pages[page]]
    return "".join(p.extract_text() for p in pages)


def squeeze(text: str) -> str:
    """Text to compare: canonical decomposition, no whitespace at all.

    pypdf rebuilds text from glyph positions. Chinese lines wrap anywhere (a newline lands inside
    a sentence), and in Tibetan a vowel sign drawn above or below its letter comes out with a
    space before it (བཀྲ་ཤི ས for བཀྲ་ཤིས): neither script uses spaces between words in the
    articles' text, so dropping every space and newline on both sides compares exactly the
    letters, in order, of both languages. NFD folds the precomposed Tibetan vowels (U+0F73 ...)
    that a stack may come back as."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFD", text))


def page_size(pdf: Path, page: int = 0) -> tuple[float, float]:
    box = PdfReader(pdf).pages[page].mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


# -- every poster ------------------------------------------------------------------------------

def test_every_poster_exists_and_opens(mini_posters):
    county, out, summary = mini_posters
    # norbu's current regulation has provisions (points), tashi's has none: no points poster.
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["norbu.pdf", "norbu-a4.pdf", "norbu-points.pdf", "norbu-board.pdf", "tashi.pdf",
         "tashi-a4.pdf", "tashi-board.pdf", "phrases.pdf"])
    assert [f.name for f in summary.files] == names(county, ADDRESSES)
    assert names(county, ADDRESSES)[:4] == ["posters/norbu.pdf", "posters/norbu-a4.pdf",
                                             "posters/norbu-points.pdf", "posters/norbu-board.pdf"]
    for village in county.regulations:
        assert page_size(out / f"{village}.pdf") == A3
        assert page_size(out / f"{village}-a4.pdf") == A4
    assert page_size(out / "norbu-points.pdf") == A4
    assert page_size(out / "phrases.pdf") == A3
    # The summary the build prints: counts, bytes and pages of what is on disk.
    posters_only = [f for f in summary.files if f.name.startswith("posters/")]
    assert len(posters_only) == 8
    assert sum(f.bytes for f in posters_only) == sum(p.stat().st_size for p in out.iterdir())
    for f in summary.files:
        assert f.pages == len(PdfReader(out.parent / f.name).pages) >= 1
    first, *notes = str(summary).splitlines()
    assert re.fullmatch(rf"posters: {summary.count} files, [\d.]+ MB, in [\d.]+ s \(2 workers\)",
                        first)
    assert "posters: notice boards: 2 on 90 x 120 cm portrait" in notes


@pytest.mark.parametrize("name", ["tashi.pdf", "tashi-a4.pdf", "norbu.pdf", "norbu-a4.pdf"])
def test_poster_carries_the_current_regulation_in_both_languages(mini_posters, name):
    county, out, _ = mini_posters
    regulation = county.regulations[name.split("-")[0].removesuffix(".pdf")]
    revision = regulation.current
    text = squeeze(text_of(out / name))
    numbered = list(revision.numbered())
    for n in (numbered[0], numbered[-1]):
        assert squeeze(n.article.text.zh) in text
        if n.article.text.bo:
            assert squeeze(n.article.text.bo) in text
    assert squeeze(revision.title.zh) in text and squeeze(revision.title.bo) in text
    village = regulation.village.name
    assert village.zh in text
    if village.bo:
        assert squeeze(village.bo) in text
    assert squeeze(county.name.zh) in text and squeeze(county.name.bo) in text
    assert revision.key in text and squeeze(revision.body.zh) in text
    assert revision.digest[:12] in text  # the short content hash
    assert squeeze("示例") in text and squeeze("དཔེ་མཚོན") in text  # sample, both languages


def test_unverified_spelling_and_missing_translation_say_so(mini_posters):
    _, out, _ = mini_posters
    for name in ("tashi.pdf", "tashi-a4.pdf", "tashi-board.pdf"):
        tashi = squeeze(text_of(out / name))
        # tashi's Tibetan name is an unverified spelling: said once, in the footer, naming it;
        # not beside every place the name is printed.
        assert tashi.count("藏文拼写待核实") == 1, name
        assert squeeze("〔藏文拼写待核实〕 གཤམ་གྱི་མིང་གི་དག་ཆ་ར་སྤྲོད་བྱ་རྒྱུ། བཀྲ་ཤིས།") in tashi, name
    # norbu's article 'fire' has no Tibetan: its Tibetan column says so, in Tibetan.
    norbu = squeeze(text_of(out / "norbu.pdf"))
    assert squeeze("དོན་ཚན་༢། དོན་ཚན་འདིའི་བོད་ཡིག་ཡིག་སྒྱུར་ད་དུང་མེད།") in norbu


def test_an_outdated_tibetan_article_says_so_instead_of_the_old_translation(mini_data):
    """A Tibetan that translates an earlier Chinese is not printed as current: its column says
    the translation is being updated (HTML only: no need to lay out a PDF for this)."""
    rev = mini_data / "villages/tashi/2025-05-10.yaml"
    rev.write_text(rev.read_text(encoding="utf-8").replace(
        "        bo_status: draft\n        phrases: [hu-cao-yuan]\n",
        "        bo_status: outdated\n        bo_was: 草场实行轮牧。\n        phrases: [hu-cao-yuan]\n"),
        encoding="utf-8")
    county = load(mini_data)
    html = PosterRenderer(county, ADDRESSES).regulation(county.regulations["tashi"], PAPERS[0])
    assert messages.catalogue("bo")["poster_translation_outdated"] in html
    assert "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ" not in html  # the old Tibetan


def test_phrases_poster_lists_every_phrase_by_theme(mini_posters):
    county, out, _ = mini_posters
    text = squeeze(text_of(out / "phrases.pdf"))
    for theme in county.themes:
        assert squeeze(theme.name.zh) in text and squeeze(theme.name.bo) in text
    for phrase in county.phrases:
        assert squeeze(phrase.text.zh) in text and squeeze(phrase.text.bo) in text
    assert text.index("守国土") < text.index("护草原")  # in the order of the themes


# -- the points table (积分细则) ----------------------------------------------------------------

def test_points_poster_lists_what_earns_and_what_costs_points(mini_posters):
    """norbu's article 'fire' (第二条) has a penalty of 10 points with two measures and a reward
    of 3 points: one row each, in both languages, with the article they come from."""
    _, out, _ = mini_posters
    text = squeeze(text_of(out / "norbu-points.pdf"))
    # the Tibetan title declines the name; norbu has none in Tibetan: its Chinese, then ཡི
    assert squeeze("罗布村积分细则") in text and squeeze("罗布村 ཡི་སྐར་གྲངས་ཀྱི་ཞིབ་ཚགས") in text
    assert squeeze("本表由现行村规民约的条款生成") in text
    earn, cost = text.index("加分项目"), text.index("扣分项目")
    assert earn < text.index("及时扑灭或报告火情的") < text.index("+3") < cost
    assert squeeze("མེ་སྐྱོན་མྱུར་དུ་བསད་པའམ་སྙན་སྐྱེལ་བྱས་ན།") in text
    penalty = text[cost:]
    assert "在草场野外用火的" in penalty and squeeze("རྩྭ་ཐང་དུ་མེ་སྤྱད་ན།") in penalty
    assert "-10" in penalty or "\u221210" in penalty
    assert "批评教育、责令整改" in penalty and squeeze("སྐྱོན་བརྗོད་སློབ་གསོ།") in penalty
    assert text.count("第二条") == 2 and text.count(squeeze("དོན་ཚན་༢།")) == 2
    assert "教育引导" not in text  # no education provision, no empty table


def test_points_poster_names_the_group_the_revision_and_sample_content(mini_posters):
    county, out, _ = mini_posters
    text = squeeze(text_of(out / "norbu-points.pdf"))
    # norbu's group: a leader and three members, and a points supermarket.
    assert squeeze("村规民约执行监督小组　组长 1人　成员 3人　本村设有积分超市。") in text
    assert squeeze("ཚོ་འགོ མི་༡། ཚོ་མི མི་༣།") in text
    revision = county.regulations["norbu"].current
    assert revision.key in text and revision.digest[:12] in text
    assert squeeze("ཕྱི་ལོ་༢༠༢༥ ཟླ་༡༠ ཚེས་༡") in text  # the date in Tibetan too
    assert squeeze("示例") in text and squeeze("དཔེ་མཚོན") in text
    assert squeeze("藏文为译文初稿") in text  # the conditions' Tibetan is a draft


def test_points_poster_qr_code_opens_the_village_points_page(mini_posters):
    _, out, _ = mini_posters
    page = pypdfium2.PdfDocument(out / "norbu-points.pdf")[0]
    codes = zxingcpp.read_barcodes(page.render(scale=200 / 72).to_pil())
    assert [c.text for c in codes] == [SITE_URL + "villages/norbu/points/"]


def test_points_rows_follow_the_articles_and_only_revisions_with_provisions_get_one(mini_data):
    """A reward added to article 1 comes before article 2's; tashi gets a points poster as soon as
    its current regulation has a provision (HTML only: no need to lay out a PDF for this)."""
    rev = mini_data / "villages/norbu/2025-10-01.yaml"
    rev.write_text(rev.read_text(encoding="utf-8").replace(
        "        feedback: [fb-1]\n",
        "        feedback: [fb-1]\n        provisions:\n          - kind: reward\n"
        "            points: 2\n"
        "            condition: {zh: 发现异常及时报告的, bo_status: missing}\n"), encoding="utf-8")
    county = load(mini_data)
    assert "posters/tashi-points.pdf" not in names(county, ADDRESSES)
    html = PosterRenderer(county, ADDRESSES).points(county.regulations["norbu"])
    assert html.index("发现异常及时报告的") < html.index("及时扑灭或报告火情的")
    assert html.index("第一条") < html.index("第二条")
    # No Tibetan for the new condition: its row says so, in Tibetan.
    assert "དོན་ཚན་འདིའི་བོད་ཡིག་ཡིག་སྒྱུར་ད་དུང་མེད།" in html

    rev = mini_data / "villages/tashi/2025-05-10.yaml"
    rev.write_text(rev.read_text(encoding="utf-8").replace(
        "        phrases: [hu-cao-yuan]\n",
        "        phrases: [hu-cao-yuan]\n        provisions:\n          - kind: penalty\n"
        "            points: -5\n"
        "            condition: {zh: 超载放牧的, bo_status: missing}\n"), encoding="utf-8")
    assert "posters/tashi-points.pdf" in names(load(mini_data), ADDRESSES)


def test_a_long_points_table_runs_on_with_its_column_heads(mini_data, tmp_path):
    rev = mini_data / "villages/norbu/2025-10-01.yaml"
    many = "".join(
        f"          - kind: penalty\n            points: -{i}\n"
        f'            condition: {{zh: 第{i}种在草场野外用火的情形, bo: "མེ་སྤྱད་པའི་གནས་ཚུལ་{bo_number(i)}།", '
        "bo_status: draft}\n" for i in range(1, 21))
    rev.write_text(rev.read_text(encoding="utf-8").replace(
        "        provisions:\n", "        provisions:\n" + many), encoding="utf-8")
    county = load(mini_data)
    only_norbu = replace(county, regulations={"norbu": county.regulations["norbu"]})
    posters.write(only_norbu, ADDRESSES, tmp_path, jobs=2, progress=None)
    pdf = tmp_path / "posters/norbu-points.pdf"
    pages = len(PdfReader(pdf).pages)
    assert pages >= 2
    last = squeeze(text_of(pdf, pages - 1))
    later = squeeze("".join(text_of(pdf, k) for k in range(1, pages)))
    # The running header, and the head of the penalties' table again above its rows.
    assert squeeze("罗布村　积分细则 སྐར་གྲངས་ཀྱི་ཞིབ་ཚགས　2025-10-01 ཕྱི་ལོ་༢༠༢༥ ཟླ་༡༠ ཚེས་༡") in last
    assert squeeze("扣分项目 སྐར་གྲངས་འཐེན་པའི་རྣམ་གྲངས") in later and "依据条款" in later
    text = squeeze(text_of(pdf))
    for i in range(1, 21):
        assert f"第{i}种在草场野外用火的情形" in text


def test_data_text_is_printed_as_text_never_markup(mini_data, tmp_path):
    payload = "<b>草场</b>{{ 7*7 }}</style><script>alert(1)</script>"
    rev = mini_data / "villages/tashi/2025-05-10.yaml"
    rev.write_text(rev.read_text(encoding="utf-8").replace(
        "草场实行轮牧，禁止超载放牧。", f"'{payload}'"), encoding="utf-8")
    build(mini_data, tmp_path)
    assert squeeze(payload) in squeeze(text_of(tmp_path / "posters/tashi.pdf"))


def test_css_strings_cannot_end_the_string_or_the_style_element():
    assert css_string('内容 "x" </style>\\') == '"内容 \\22 x\\22  \\3c \\2f style\\3e \\5c "'


# -- fonts ---------------------------------------------------------------------------------------

SHIPPED = {family.replace(" ", "-") + ("-Bold" if weight == 700 else "")
           for family, weight, _ in FONT_FACES}


def embedded_fonts(pdf: Path) -> list[tuple[str, set[str]]]:
    """(name without the subset prefix, font-file keys) of every font the pages use."""
    found = []
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() \
                if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            files = {k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor}
            found.append((str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1], files))
    return found


def test_only_the_shipped_fonts_are_used_and_all_are_embedded(mini_posters):
    _, out, _ = mini_posters
    for pdf in out.iterdir():
        fonts = embedded_fonts(pdf)
        assert fonts, pdf.name
        for name, files in fonts:
            assert files, f"{pdf.name}: {name} is not embedded"
            assert name in SHIPPED, f"{pdf.name}: {name} is not one of the shipped fonts"


def test_a_missing_glyph_never_falls_back_to_a_system_font(tmp_path, mini_data, monkeypatch):
    """Even past the coverage check, a worker sees no font but the shipped ones (this machine may
    have every Noto font installed; CI may have none): the poster looks the same everywhere."""
    rev = mini_data / "villages/tashi/2025-05-10.yaml"
    # U+00A9 COPYRIGHT SIGN: in the system's DejaVu and Noto fonts, not in the shipped subset.
    rev.write_text(rev.read_text(encoding="utf-8").replace("禁止超载放牧", "禁止©超载放牧"),
                   encoding="utf-8")
    monkeypatch.setattr(posters, "check_fonts", lambda *args, **kwargs: None)
    build(mini_data, tmp_path / "out")
    for name, _ in embedded_fonts(tmp_path / "out/posters/tashi.pdf"):
        assert name in SHIPPED


def test_font_check_names_the_character_file_and_line(mini_data, tmp_path):
    rev = mini_data / "villages/tashi/2025-05-10.yaml"
    lines = rev.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "草场实行轮牧" in text)
    rev.write_text(rev.read_text(encoding="utf-8").replace("草场实行轮牧", "草场实行𠀀轮牧"),
                   encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build(mini_data, tmp_path / "out")
    message = str(caught.value)
    assert f"regulations/villages/tashi/2025-05-10.yaml:{line}: article 'grazing' > zh: " \
           "the poster fonts have no glyph for U+20000 '𠀀'" in message
    assert "[font-coverage]" in message
    assert not list((tmp_path / "out").rglob("*.pdf"))  # nothing was rendered
    # `build.py --check` says the same, before anything is built.
    result = run_build(mini_data, tmp_path / "site", "--check")
    assert result.returncode == 1 and "U+20000 '𠀀'" in result.stderr


def test_gb2312_dash_and_middle_dot_print_as_the_subset_has_them(mini_data, tmp_path):
    """— and · as GBK and editors type them (U+2014, U+00B7) are in the subset only under the code
    points Python's gb2312 codec gives the same GB2312 characters (U+2015, U+30FB)."""
    rev = mini_data / "villages/tashi/2025-05-10.yaml"
    rev.write_text(rev.read_text(encoding="utf-8").replace("禁止超载放牧", "禁止超载放牧—扎西·次仁"),
                   encoding="utf-8")
    build(mini_data, tmp_path)  # no font-coverage problem
    assert "禁止超载放牧\u2015扎西\u30fb次仁" in squeeze(text_of(tmp_path / "posters/tashi.pdf"))


def test_font_check_covers_the_messages_a_poster_prints_and_only_those(mini_data, monkeypatch):
    """The messages a poster prints are read from its templates, also those whose key the
    template joins from parts ('kind_' ~ revision.kind); a message no poster prints is no
    poster's business."""
    shipped = messages.catalogue

    def catalogue(lang):
        found = dict(shipped(lang))
        if lang == "zh":
            found["kind_review"] += "𠀀"   # printed: tl('kind_' ~ revision.kind, ...)
            found["supermarkets"] += "𠀁"  # a heading of the website only
        return found

    monkeypatch.setattr(messages, "catalogue", catalogue)
    with pytest.raises(DataError) as caught:
        check_fonts(load(mini_data))
    message = str(caught.value)
    assert "plugins/regpub/messages/zh.yaml:1: message 'kind_review' (zh): the poster fonts " \
           "have no glyph for U+20000 '𠀀'" in message
    assert "U+20001" not in message and "[font-coverage]" in message


def test_font_check_covers_phrases_and_names(mini_data):
    phrases = mini_data / "phrases.yaml"
    phrases.write_text(phrases.read_text(encoding="utf-8").replace("护草原", "护草龘"),
                       encoding="utf-8")
    with pytest.raises(DataError) as caught:
        check_fonts(load(mini_data), mini_data)
    assert "regulations/phrases.yaml:" in str(caught.value)
    assert "phrase 'hu-cao-yuan' > zh" in str(caught.value) and "U+9F98 '龘'" in str(caught.value)


def test_font_check_covers_provisions_and_measures(mini_data):
    rev = mini_data / "villages/norbu/2025-10-01.yaml"
    lines = rev.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "在草场野外用火的" in text)
    rev.write_text(rev.read_text(encoding="utf-8").replace("在草场野外用火的", "在草场野外用𠀀火的"),
                   encoding="utf-8")
    points = mini_data / "points.yaml"
    points.write_text(points.read_text(encoding="utf-8").replace("责令整改", "责令龘整改"),
                      encoding="utf-8")
    with pytest.raises(DataError) as caught:
        check_fonts(load(mini_data), mini_data)
    message = str(caught.value)
    assert f"regulations/villages/norbu/2025-10-01.yaml:{line}: article 'fire' > provision > " \
           "condition > zh: the poster fonts have no glyph for U+20000 '𠀀'" in message
    assert "regulations/points.yaml:" in message
    assert "measure 'correction-order' name > zh" in message and "U+9F98 '龘'" in message


# -- QR code -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["tashi.pdf", "tashi-a4.pdf"])
def test_qr_code_opens_this_exact_revision(mini_posters, name):
    _, out, _ = mini_posters
    page = pypdfium2.PdfDocument(out / name)[0]
    image = page.render(scale=200 / 72).to_pil()  # ~200 dpi, as a phone camera sees a print
    codes = zxingcpp.read_barcodes(image)
    assert [c.text for c in codes] == [SITE_URL + "villages/tashi/2025-05-10/"]


# -- long regulations ----------------------------------------------------------------------------

def long_revision(n: int) -> str:
    """A valid revision of tashi with n articles in three chapters, each text distinct."""
    out = ["sample: true", "village: tashi", "adopted: 2025-12-01", "kind: revision",
           'body: {zh: 村民代表大会, bo: "དམངས་འཐུས་ཚོགས་ཆེན།", bo_status: draft}',
           'title: {zh: 扎西村村规民约, bo: "བཀྲ་ཤིས་གྲོང་ཚོའི་སྒྲིག་སྲོལ།", bo_status: draft}',
           'summary: {zh: 全面修订。, bo: "ཡོངས་རྫོགས་བཅོས་སྒྲིག་བྱས།", bo_status: draft}',
           "chapters:"]
    per = -(-n // 3)
    for c in range(3):
        out += [f"  - id: ch{c}", f'    title: {{zh: 第{c + 1}部分, bo: "ཆ་ཤས་{bo_number(c + 1)}།", '
                'bo_status: draft}', "    articles:"]
        for i in range(c * per + 1, min(n, (c + 1) * per) + 1):
            zh = f"第{i}项：村民应当爱护草场和水源，按时参加村民大会，邻里之间互相帮助，共同维护本村秩序。"
            bo = (f"{bo_number(i)} གྲོང་མི་ཚོས་རྩྭ་ཐང་དང་ཆུ་ཁུངས་ལ་གཅེས་སྲུང་བྱས་ཏེ། དུས་ཐོག་ཏུ་གྲོང་མིའི་"
                  "ཚོགས་ཆེན་ལ་ཞུགས་ཤིང་། ཁྱིམ་མཚེས་ཕན་ཚུན་རོགས་རམ་བྱས་ནས་གྲོང་ཚོའི་སྒྲིག་ལམ་མཉམ་དུ་སྲུང་དགོས།")
            out += [f"      - id: a{i}", f"        zh: {zh}", f'        bo: "{bo}"',
                    "        bo_status: draft"]
    return "\n".join(out) + "\n"


def test_long_regulation_flows_onto_numbered_pages_with_a_running_header(mini_data, tmp_path):
    (mini_data / "villages/tashi/2025-12-01.yaml").write_text(long_revision(60), encoding="utf-8")
    county = load(mini_data)
    build(mini_data, tmp_path)
    for name in ("tashi.pdf", "tashi-a4.pdf"):
        pdf = tmp_path / "posters" / name
        pages = len(PdfReader(pdf).pages)
        assert pages >= 3, f"{name}: {pages} pages"
        for k in range(pages):
            assert f"第 {k + 1} 页 / 共 {pages} 页" in text_of(pdf, k)
        # The running header: village (both scripts), regulation, date; from page 2 on.
        header = squeeze("扎西村 བཀྲ་ཤིས།　村规民约 སྒྲིག་ཁྲིམས་དམངས་གན　2025-12-01 ཕྱི་ལོ་༢༠༢༥ ཟླ་༡༢ ཚེས་༡")
        assert header in squeeze(text_of(pdf, 1)) and header in squeeze(text_of(pdf, pages - 1))
        assert header not in squeeze(text_of(pdf, 0))
        # Nothing is cut off: every article of the 60 is there, whole, in both languages.
        text = squeeze(text_of(pdf))
        for n in county.regulations["tashi"].current.numbered():
            assert squeeze(n.article.text.zh) in text, (name, n.id)
            assert squeeze(n.article.text.bo) in text, (name, n.id)


# -- the build -----------------------------------------------------------------------------------

def test_the_build_writes_the_posters_and_the_pages_link_them(tmp_path):
    result = run_build(FIXTURES / "mini", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert re.search(r"posters: \d+ files, [\d.]+ MB, in [\d.]+ s \(\d+ workers?\)", result.stdout)
    site = tmp_path / "site"
    assert (site / "posters/tashi.pdf").is_file() and (site / "posters/tashi-a4.pdf").is_file()
    assert (site / "posters/tashi-board.pdf").is_file()  # and the planned-files check knew it
    assert "posters: notice boards: 2 on 90 x 120 cm portrait" in result.stdout
    assert "is a placeholder, so the QR codes open nothing" in result.stdout
    zh = (site / "villages/tashi/index.html").read_text(encoding="utf-8")
    assert 'href="../../posters/tashi.pdf"' in zh and 'href="../../posters/tashi-a4.pdf"' in zh
    assert 'href="../../posters/tashi-board.pdf"' in zh  # the notice board too
    bo = (site / "bo/villages/tashi/index.html").read_text(encoding="utf-8")
    assert 'href="../../../posters/tashi-a4.pdf"' in bo  # one set of posters, at the root
    phrases = (site / "phrases/index.html").read_text(encoding="utf-8")
    assert 'href="../posters/phrases.pdf"' in phrases


def test_no_posters_builds_no_posters_and_links_none(tmp_path):
    result = run_build(FIXTURES / "mini", tmp_path / "site", "--no-posters")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site/posters").exists()
    page = (tmp_path / "site/villages/tashi/index.html").read_text(encoding="utf-8")
    assert "posters/" not in page


# -- A3 laid out for its paper -------------------------------------------------------------------

def press_only(county, regulation_id: str, kinds: set[str], out: Path, addresses=ADDRESSES):
    """Lay out only the posters of one village of these kinds (regulation, board ...): the
    press, without the rest of the county's posters."""
    renderer = PosterRenderer(county, addresses)
    pages = [(p.name, renderer.task(p)) for p in plan(county, addresses)
             if p.kind in kinds and p.regulation is county.regulations[regulation_id]]
    css = font_face_css() + STYLESHEET.read_text(encoding="utf-8")
    files, _ = press(pages, out, css=css, base_url=str(TEMPLATES) + "/", font_dir=FONTS,
                     jobs=2, progress=None)
    return {f.name: f for f in files}


def test_a3_is_laid_out_in_columns_and_takes_fewer_pages_than_a4(mini_data, tmp_path):
    """24 articles: A3 puts the bilingual articles in two columns and fills its pages, where A4
    keeps the Chinese | Tibetan table; every article is there, whole, in both languages."""
    (mini_data / "villages/tashi/2025-12-01.yaml").write_text(long_revision(24), encoding="utf-8")
    county = load(mini_data)
    files = press_only(county, "tashi", {"regulation"}, tmp_path)
    a3, a4 = files["posters/tashi.pdf"].pages, files["posters/tashi-a4.pdf"].pages
    assert a3 < a4, (a3, a4)
    text = squeeze(text_of(tmp_path / "posters/tashi.pdf"))
    for n in county.regulations["tashi"].current.numbered():
        assert squeeze(n.article.text.zh) in text and squeeze(n.article.text.bo) in text


# -- the notice board ----------------------------------------------------------------------------

MM = 72 / 25.4


def char_sizes(pdf: Path) -> dict[str, list[float]]:
    """The printed size (pt) of every Chinese and Tibetan character of the PDF, by script:
    the font size times the text matrix's vertical scale, as a print shop's preflight reads it."""
    import pypdfium2.raw as raw

    found: dict[str, list[float]] = {"zh": [], "bo": []}
    matrix = raw.FS_MATRIX()
    for page in pypdfium2.PdfDocument(pdf):
        text = page.get_textpage()
        for i in range(text.count_chars()):
            code = raw.FPDFText_GetUnicode(text, i)
            script = "zh" if 0x4E00 <= code <= 0x9FFF else "bo" if 0x0F40 <= code <= 0x0FBC \
                else None
            if script:
                raw.FPDFText_GetMatrix(text, i, matrix)
                found[script].append(raw.FPDFText_GetFontSize(text, i) * abs(matrix.d))
    return found


def trim_size_mm(pdf: Path) -> tuple[int, int]:
    """The finished size (the trim box: the sheet after the print shop cuts off the bleed)."""
    left, bottom, right, top = pypdfium2.PdfDocument(pdf)[0].get_trimbox()
    return round((right - left) / MM), round((top - bottom) / MM)


def crop_marks_outside(pdf: Path, bleed, trim) -> bool:
    """The sheet's top-left corner, rendered at 10 px per mm: there is ink on the line of the
    trim's left edge outside the bleed box (the crop mark), and none in the band between the
    bleed box and the trim (where the marks used to be drawn, over the bleed)."""
    page = pypdfium2.PdfDocument(pdf)[0]
    media = page.get_mediabox()
    corner = trim[0] - media[0]                      # the sheet's edge to the trim, in points
    width, height = media[2] - media[0], media[3] - media[1]
    image = page.render(scale=10 / MM, crop=(0, height - corner, width - corner, 0)) \
        .to_pil().convert("L")
    px = 10  # per mm

    def dark(x_mm: float, y_mm: float) -> bool:  # from the sheet's top-left corner, in mm
        return image.getpixel((int(x_mm * px), int(y_mm * px))) < 160
    edge, gap = corner / MM, (trim[0] - bleed[0]) / MM  # 13 mm, 3 mm
    mark = any(dark(edge + dx / px, y / px) for dx in (-2, -1, 0, 1, 2)
               for y in range(int((edge - gap) * px)))
    over_bleed = any(dark(x / px, y / px) for x in range(int((edge - gap) * px) + 2, int(edge * px))
                     for y in range(int((edge - gap) * px) + 2, int(edge * px), 2))
    return mark and not over_bleed


def assert_a_board(pdf: Path, size: str):
    assert len(PdfReader(pdf).pages) == 1
    assert trim_size_mm(pdf) == {"90 x 120 cm portrait": (900, 1200),
                                 "120 x 240 cm landscape": (2400, 1200)}[size]
    # 3 mm of bleed round the trimmed sheet, and the crop marks beyond it: drawn on the sheet
    # outside the bleed box only (on the paper the print shop throws away), and up to it.
    page = pypdfium2.PdfDocument(pdf)[0]
    bleed, trim, media = page.get_bleedbox(), page.get_trimbox(), page.get_mediabox()
    for i in range(4):
        assert round(abs(trim[i] - bleed[i]) / MM, 1) == 3.0
        assert abs(media[i] - bleed[i]) / MM >= 8  # room for the marks
    assert crop_marks_outside(pdf, bleed, trim)
    sizes = char_sizes(pdf)
    assert min(sizes["zh"]) >= BOARD_MIN_ZH_PT - .05, min(sizes["zh"])
    assert min(sizes["bo"]) >= BOARD_MIN_BO_PT - .05, min(sizes["bo"])


def test_the_board_is_one_sheet_with_bleed_crop_marks_and_readable_type(mini_posters):
    county, out, summary = mini_posters
    boards = {f.name: f.variant for f in summary.files if f.variant}
    assert boards == {"posters/norbu-board.pdf": "90 x 120 cm portrait",
                      "posters/tashi-board.pdf": "90 x 120 cm portrait"}
    for name, size in boards.items():
        assert_a_board(out.parent / name, size)
    text = squeeze(text_of(out / "norbu-board.pdf"))
    revision = county.regulations["norbu"].current
    for n in revision.numbered():  # the whole current regulation, both languages
        assert squeeze(n.article.text.zh) in text
    assert squeeze(revision.title.bo) in text
    for theme in county.themes:  # the legend of the section colours
        assert squeeze(theme.name.zh) in text
    # The QR code, 12 cm wide: read from a picture at 40 dpi (a phone a step away sees no more).
    page = pypdfium2.PdfDocument(out / "norbu-board.pdf")[0]
    codes = zxingcpp.read_barcodes(page.render(scale=40 / 72).to_pil())
    assert [c.text for c in codes] == [SITE_URL + "villages/norbu/2025-10-01/"]


def test_a_long_regulation_goes_on_the_landscape_board_and_a_longer_one_fails(mini_data,
                                                                              tmp_path):
    (mini_data / "villages/tashi/2025-12-01.yaml").write_text(long_revision(60), encoding="utf-8")
    files = press_only(load(mini_data), "tashi", {"board"}, tmp_path / "60")
    board = files["posters/tashi-board.pdf"]
    assert board.variant == "120 x 240 cm landscape"
    assert_a_board(tmp_path / "60/posters/tashi-board.pdf", board.variant)
    assert compose.board_summary([(board.name, board.variant)]) == [
        "posters: notice boards: 1 on 120 x 240 cm landscape"]

    (mini_data / "villages/tashi/2025-12-01.yaml").write_text(long_revision(160),
                                                              encoding="utf-8")
    with pytest.raises(posters.PosterError) as caught:
        press_only(load(mini_data), "tashi", {"board"}, tmp_path / "160")
    assert str(caught.value).startswith(
        "posters/tashi-board.pdf: the regulation does not fit one 120 x 240 cm landscape "
        "notice board at the minimum type size (Chinese 24 pt, Tibetan 28.8 pt")
    assert "never made smaller" in str(caught.value)


@pytest.mark.sample_data
def test_every_shipped_village_has_a_one_sheet_board(tmp_path):
    county = load(Path(__file__).resolve().parents[1] / "regulations")
    renderer = PosterRenderer(county, ADDRESSES)
    pages = [(p.name, renderer.task(p)) for p in plan(county, ADDRESSES) if p.kind == "board"]
    assert len(pages) == len(county.regulations)
    css = font_face_css() + STYLESHEET.read_text(encoding="utf-8")
    files, _ = press(pages, tmp_path, css=css, base_url=str(TEMPLATES) + "/", font_dir=FONTS,
                     progress=None)
    for f in files:
        assert_a_board(tmp_path / f.name, f.variant)


@pytest.mark.sample_data
def test_the_shipped_phrases_fit_one_a3_sheet(tmp_path):
    """The 37 phrases, in both scripts at sizes that look equal, with the sample and proof
    notes: one sheet to put on a wall, not a second page with a theme on it."""
    county = load(Path(__file__).resolve().parents[1] / "regulations")
    renderer = PosterRenderer(county, ADDRESSES)
    pages = [(p.name, renderer.task(p)) for p in plan(county, ADDRESSES) if p.kind == "phrases"]
    css = font_face_css() + STYLESHEET.read_text(encoding="utf-8")
    files, _ = press(pages, tmp_path, css=css, base_url=str(TEMPLATES) + "/", font_dir=FONTS,
                     progress=None)
    assert [(f.name, f.pages) for f in files] == [("posters/phrases.pdf", 1)]
    assert page_size(tmp_path / "posters/phrases.pdf") == A3
    text = squeeze(text_of(tmp_path / "posters/phrases.pdf"))
    assert all(squeeze(p.text.zh) in text for p in county.phrases)


# -- the two scripts look the same size ----------------------------------------------------------

def glyph_heights(pdf: Path) -> dict[tuple[str, float], list[float]]:
    """The drawn height (pt) of each Chinese character and Tibetan letter, by script and size."""
    import ctypes

    import pypdfium2.raw as raw

    found: dict[tuple[str, float], list[float]] = {}
    box = [ctypes.c_double() for _ in range(4)]
    matrix = raw.FS_MATRIX()
    for page in pypdfium2.PdfDocument(pdf):
        text = page.get_textpage()
        for i in range(text.count_chars()):
            code = raw.FPDFText_GetUnicode(text, i)
            script = "zh" if 0x4E00 <= code <= 0x9FFF else "bo" if 0x0F40 <= code <= 0x0F6C \
                else None
            if script:
                raw.FPDFText_GetCharBox(text, i, *box)
                raw.FPDFText_GetMatrix(text, i, matrix)
                size = round(raw.FPDFText_GetFontSize(text, i) * abs(matrix.d), 1)
                found.setdefault((script, size), []).append(box[3].value - box[2].value)
    return found


@pytest.mark.parametrize("name", ["phrases.pdf", "tashi.pdf", "tashi-a4.pdf", "norbu-points.pdf",
                                  "norbu-board.pdf"])
def test_tibetan_looks_as_tall_as_the_chinese_beside_it(mini_posters, name):
    """The body text and the largest text (the phrases, the title) of each script: Tibetan
    letters drawn at least 80% of the Chinese characters' height (Tibetan at 1.2x the size)."""
    import statistics

    _, out, _ = mini_posters
    heights = glyph_heights(out / name)

    def body(script):  # the size most characters of that script are printed at
        size = max((k for k in heights if k[0] == script), key=lambda k: len(heights[k]))
        return statistics.median(heights[size])

    def largest(script):
        size = max(k for k in heights if k[0] == script)
        return statistics.median(heights[size])

    assert body("bo") >= .8 * body("zh"), (body("bo"), body("zh"))
    assert largest("bo") >= .8 * largest("zh"), (largest("bo"), largest("zh"))


# -- a proof while the address is a placeholder, and a poster without Tibetan --------------------

def test_a_placeholder_address_marks_every_poster_as_a_proof_and_the_build_says_why(mini_posters):
    county, out, summary = mini_posters
    for pdf in out.iterdir():
        text = squeeze(text_of(pdf))
        assert "样稿" in text and squeeze("ཟིན་བྲིས") in text, pdf.name
    assert ("posters: marked 样稿 / ཟིན་བྲིས (proof): site_url https://example.org/nyalam/ is a "
            "placeholder, so the QR codes open nothing; set the real address in mkdocs.yml"
            ) in str(summary).splitlines()


def test_a_real_address_gives_no_proof_mark(mini_data):
    county = load(mini_data)
    real = Addresses("https://nyalam.gov.cn/cgmy/")
    renderer = PosterRenderer(county, real)
    for poster in plan(county, real):
        task = renderer.task(poster)
        for _, html in (task.choices if poster.kind == "board" else [("", task)]):
            assert "样稿" not in html, poster.name
    assert compose.notes(county, real) == []
    assert compose.placeholder_address("https://www.example.org/") is True


def test_a_village_with_no_tibetan_says_so_on_the_poster_and_in_the_build(mini_data, tmp_path):
    """tashi's current revision with every article's Tibetan missing (0%)."""
    rev = mini_data / "villages/tashi/2025-05-10.yaml"
    rev.write_text(re.sub(r"(?m)^( {8})bo: .*\n\1bo_status: \w+$", r"\1bo_status: missing",
                          rev.read_text(encoding="utf-8")), encoding="utf-8")
    county = load(mini_data)
    assert county.regulations["tashi"].current.translation_counts()["missing"] == \
        county.regulations["tashi"].current.article_count
    assert ("posters: tashi: 0% Tibetan (every article's Tibetan is missing); the posters print "
            "the Chinese and say so") in compose.notes(county, ADDRESSES)
    assert not any("norbu" in line for line in compose.notes(county, ADDRESSES))
    files = press_only(county, "tashi", {"regulation"}, tmp_path)
    for name in files:
        text = squeeze(text_of(tmp_path / name))
        assert squeeze("本村规民约尚无藏文译文，以中文为准。") in text, name
        assert squeeze(messages.catalogue("bo")["poster_no_tibetan"]) in text, name
