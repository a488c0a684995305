"""Size limits of one village's regulation, reported like any rule.

The bottom layer (imports nothing of ours). The shipped revisions have at most 26 articles in 8
chapters: a page, a poster and a comparison of a regulation this long are unreadable, and a
pasted-twice file is caught before it is published.
"""
from __future__ import annotations

MAX_ARTICLES = 500  # of one revision
MAX_CHAPTERS = 50  # of one revision
MAX_PARAGRAPHS = 30  # of one article (款): a longer one is several articles
MAX_ITEMS = 50  # of one paragraph (项)
MAX_CLOSING_LINES = 10  # of one revision's closing (落款): the adopting body and a date or two
MAX_REVISIONS = 50  # of one village: n revisions make n(n-1)/2 comparison pages
