"""Options of the `regulations` MkDocs plugin (mkdocs.yml > plugins > regulations)."""
from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from .messages import DEFAULT_BO_NUMERALS, NUMERAL_STYLES
from .search import SHARD_ABOVE


class RegulationsConfig(Config):
    # The folder holding divisions.yaml, phrases.yaml and villages/ (relative to mkdocs.yml).
    data_dir = c.Type(str, default="regulations")
    # Above this many gzipped kilobytes per language the search data is split by township
    # (the default is search.py's page-weight budget).
    search_shard_above_kb = c.Type(int, default=SHARD_ABOVE // 1024)
    # `python build.py serve --lang zh|bo`: generate the pages of this language only, for a
    # quick preview while editing (the other language's generated pages are left out).
    preview_lang = c.Optional(c.Choice(("zh", "bo")))
    # The digits of every generated number, date and point on the Tibetan pages and posters:
    # tibetan (༢༠༢༥) or arabic (2025). The default lives with the messages (messages.py).
    bo_numerals = c.Choice(NUMERAL_STYLES, default=DEFAULT_BO_NUMERALS)
