"""The interface messages (plugins/regpub/messages/*.yaml, messages.py): one catalogue per
language, placeholders that decline Tibetan words, one numeral and date style, one term per
concept."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml
from markupsafe import Markup

from regpub import messages
from regpub.messages import Messages, catalogue, catalogue_problems, placeholders

ROOT = Path(__file__).resolve().parent.parent


def test_both_catalogues_have_the_same_keys_and_placeholders():
    zh, bo = catalogue("zh"), catalogue("bo")
    assert set(zh) == set(bo)
    for key in zh:
        assert {n for n, _ in placeholders(zh[key])} == {n for n, _ in placeholders(bo[key])}, key


def test_the_shipped_catalogues_have_no_fault():
    assert catalogue_problems() == []


@pytest.mark.parametrize("bad, fault", [
    ("འབྲེལ་ཡོད་ཚིག་རྐང་།:", "shad"),                 # shad then colon
    ("བསམ་འཆར་ fb-1 ལ་གཞིགས", "raw id 'fb-1'"),       # an id shown as text
    ("ཡིག་སྒྱུར་ཟིན་བྲིས།", "a term ends with a shad"),  # a term's punctuation is the template's
    ("{village:gen}་སྒྲིག་ཁྲིམས་དམངས་གན", "placeholders differ"),
    ("{village:genitive}", "unknown conversion"),
    ("ཡིག་སྒྱུར་ 12", "ASCII digits '12'"),
])
def test_a_faulty_tibetan_message_is_reported(bad, fault):
    zh, bo = dict(catalogue("zh")), dict(catalogue("bo"))
    bo["draft"] = bad
    found = [p for p in catalogue_problems({"zh": zh, "bo": bo}) if "'draft'" in p]
    assert found and any(fault in p for p in found), found


def test_a_key_in_one_catalogue_only_is_reported():
    zh, bo = dict(catalogue("zh")), dict(catalogue("bo"))
    zh["only_here"] = "只在中文"
    assert catalogue_problems({"zh": zh, "bo": bo}) == ["'only_here' is in zh.yaml only"]


def test_the_old_labels_file_is_gone():
    # Messages live in one catalogue per language; a second file would drift from them.
    assert not (ROOT / "plugins/regpub/labels.yaml").exists()


# -- formatting ---------------------------------------------------------------------------------

@pytest.mark.parametrize("place, title", [
    ("ཨ་སངས་གྲོང་ཚོ", "ཨ་སངས་གྲོང་ཚོའི་སྒྲིག་ཁྲིམས་དམངས་གན"),       # open syllable: འི
    ("ཡུལ་མཚོ་ལྷན་ཁང", "ཡུལ་མཚོ་ལྷན་ཁང་གི་སྒྲིག་ཁྲིམས་དམངས་གན"),    # final ང: གི
    ("གཉའ་ལམ་རྫོང་", "གཉའ་ལམ་རྫོང་གི་སྒྲིག་ཁྲིམས་དམངས་གན"),         # a trailing tsheg is ignored
    ("བཀྲ་ཤིས།", "བཀྲ་ཤིས་ཀྱི་སྒྲིག་ཁྲིམས་དམངས་གན"),               # final ས: ཀྱི
])
def test_a_name_takes_the_genitive_its_last_letter_calls_for(place, title):
    assert Messages("bo")("regulation_of", place=place) == title


def test_chinese_messages_leave_the_name_as_it_is():
    assert Messages("zh")("regulation_of", place="阿桑村") == "阿桑村村规民约"


def test_a_chinese_name_on_a_tibetan_page_stays_marked_and_takes_a_free_particle():
    name = Markup('<span lang="zh">{}</span>').format("罗布村")
    title = Messages("bo")("regulation_of", place=name)
    assert isinstance(title, Markup)
    assert title == '<span lang="zh">罗布村</span> ཡི་སྒྲིག་ཁྲིམས་དམངས་གན'


def test_a_value_is_escaped_unless_it_is_markup():
    bo = Messages("bo")
    assert bo("regulation_of", place="<b>") == "<b> ཡི་སྒྲིག་ཁྲིམས་དམངས་གན"  # str: Jinja escapes it
    marked = bo("current_since", date=Markup('<time datetime="2025-03-26">x</time>'))
    assert '<time datetime="2025-03-26">x</time>' in marked and isinstance(marked, Markup)


def test_numbers_dates_and_points_follow_the_numeral_style():
    day = datetime.date(2025, 3, 26)
    bo, arabic, zh = Messages("bo"), Messages("bo", numerals="arabic"), Messages("zh")
    assert bo("n_articles", n=12) == "དོན་ཚན་༡༢"
    assert arabic("n_articles", n=12) == "དོན་ཚན་12"
    assert zh("n_articles", n=12) == "12 条"
    assert bo("n_points", n="\u22125") == "སྐར་གྲངས་\u2212༥"
    assert bo.date(day) == "ཕྱི་ལོ་༢༠༢༥ ཟླ་༣ ཚེས་༢༦"
    assert arabic.date(day) == "ཕྱི་ལོ་2025 ཟླ་3 ཚེས་26"
    assert zh.date(day) == "2025-03-26"  # the Chinese pages keep the dates they always showed
    # a plain placeholder given a number is written in the page's digits too
    assert bo("changes_latest_only", n=200).startswith("འདིར་པར་གཞི་གསར་ཤོས་༢༠༠")


def test_a_count_in_a_sentence_takes_the_particle_its_reading_calls_for():
    intro = Messages("bo")("phrases_intro", villages=44, phrases=37)
    assert intro.startswith("༢༠༢༥ལོར་རྫོང་ཡོངས་ཀྱི་གྲོང་ཚོ་༤༤ཡིས་སྒྲིག་ཁྲིམས་དམངས་གན")
    assert "ཚིག་གསུམ་ཚིག་རྐང་༣༧ལ་" in intro
    # arabic: the catalogue's own numbers follow too, never a mix of styles
    arabic = Messages("bo", numerals="arabic")("phrases_intro", villages=44, phrases=37)
    assert arabic.startswith("2025ལོར་") and "གྲོང་ཚོ་44ཡིས་" in arabic
    assert not re.search("[༠-༩]", arabic)


def test_an_unknown_numeral_style_is_refused():
    with pytest.raises(ValueError, match="tibetan, arabic"):
        Messages("bo", numerals="roman")


def test_a_term_is_punctuated_by_the_rule_of_its_language():
    bo, zh = Messages("bo"), Messages("zh")
    assert zh.term("implements") == "对应三字句："
    assert bo.term("implements") == "འབྲེལ་ཡོད་ཚིག་གསུམ་ཚིག་རྐང་།"  # after ང a tsheg before the shad
    assert bo.term("adopted") == "གཏན་འཁེལ་བའི་ཚེས་གྲངས།"
    assert bo.colon_after("བྱས་ཆོག") == " "  # no shad after a final ག


def test_a_missing_value_or_key_is_named():
    with pytest.raises(messages.MessageError, match=r"needs a value for \{place\}"):
        Messages("bo")("regulation_of")
    with pytest.raises(messages.MessageError, match="'nope' is missing from .*bo.yaml"):
        Messages("bo")("nope")


# -- one term per concept --------------------------------------------------------------------

def _glossary_terms() -> dict[str, str]:
    data = yaml.safe_load((ROOT / "regulations/glossary.yaml").read_text(encoding="utf-8"))
    return {t["zh"]: t["bo"].rstrip("་། ") for t in data["terms"]}


@pytest.mark.sample_data
def test_every_tibetan_message_uses_the_glossary_term_of_its_chinese():
    zh, bo = catalogue("zh"), catalogue("bo")
    terms = _glossary_terms()
    assert {"村规民约", "搜索", "三字句"} <= set(terms)
    wrong = [(key, term) for term, tibetan in terms.items() for key in zh
             if term in zh[key] and tibetan not in bo[key]]
    assert wrong == []


def test_one_word_for_search_and_for_the_regulation_everywhere_in_the_interface():
    bo = "\n".join(catalogue("bo").values())
    theme = (ROOT / "overrides/partials/languages/bo.html").read_text(encoding="utf-8")
    for text in (bo, theme):
        assert "འཚོལ་བཤེར" not in text and not re.search("འཚོལ་བ[\"་]", text)
        assert "སྒྲིག་སྲོལ" not in text
    assert '"search": "འཚོལ་ཞིབ"' in theme


def test_the_tibetan_menu_uses_the_words_of_the_messages():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    menu = dict(re.findall(r"^ {12}(\S+): (\S+)$", config, re.M))
    site_name = re.search(r"^ {10}site_name: (\S+)$", config, re.M).group(1)
    zh, bo = catalogue("zh"), catalogue("bo")
    assert site_name == bo["site_name"]
    shared = [key for key in zh if zh[key] in menu]
    assert len(shared) >= 4
    for key in shared:
        assert menu[zh[key]] == bo[key], key
