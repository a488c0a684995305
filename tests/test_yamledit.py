"""Writing a translation back into a revision file touches the lines of that text only."""
from __future__ import annotations

import pytest

from regpub.yamledit import EditError, reviewed_fields, set_translation

FIELDS = reviewed_fields("ཀ་ཁ།", "2026-12-04", "village-committee", "0123456789")
REVIEWED = ['bo: "ཀ་ཁ།"', "bo_status: reviewed",
            "bo_review: {date: 2026-12-04, by: village-committee, zh: 0123456789}"]
FILE = """\
# a comment that stays
chapters:
  - id: general   # the first chapter
    title: {zh: 总则, bo_status: missing}
    articles:
      - id: fire
        zh: |-
          严禁用火。
          违者处罚。
        bo_status: draft
        bo: |-
          མེ་བཀག
          ཉེས་ཆད།
        phrases: [a]   # tags
        provisions:
          - kind: penalty
            condition:
              zh: 用火的
              bo_status: missing
"""


def test_an_article_with_block_texts_and_fields_in_any_order():
    out = set_translation(FILE, "chapters/general/articles/fire/text", FIELDS)
    lines = FILE.splitlines()
    assert out.splitlines() == lines[:9] + ["        " + f for f in REVIEWED] + lines[13:]


def test_a_flow_mapping_is_rewritten_on_its_line_only():
    out = set_translation(FILE, "chapters/general/title", FIELDS)
    assert out.splitlines()[3] == ("    title: {zh: 总则, " + ", ".join(REVIEWED) + "}")
    assert out.splitlines()[:3] + out.splitlines()[4:] == FILE.splitlines()[:3] + FILE.splitlines()[4:]


def test_a_provision_condition_by_index_and_windows_line_ends_kept():
    crlf = FILE.replace("\n", "\r\n")
    out = set_translation(crlf, "chapters/general/articles/fire/provisions/0/condition", FIELDS)
    assert out.endswith("              zh: 用火的\r\n" + "".join(
        f"              {f}\r\n" for f in REVIEWED))
    assert "\n" not in out.replace("\r\n", "")


def test_a_path_that_leads_nowhere():
    with pytest.raises(EditError):
        set_translation(FILE, "chapters/general/articles/water/text", FIELDS)


@pytest.mark.parametrize("index", ["²", "٣", "9" * 5000], ids=["superscript", "Arabic-Indic", "5,000 digits"])
def test_a_list_index_that_is_not_ascii_digits_names_no_text(index):
    with pytest.raises(EditError, match="no text at"):
        set_translation(FILE, f"chapters/general/articles/fire/provisions/{index}/condition", FIELDS)
