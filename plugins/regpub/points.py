"""The points table (积分细则) of a revision, generated from its articles' provisions.

Nothing here is typed by hand: what earns, what costs and how many points always come from the
articles, so the table cannot disagree with the regulation it belongs to.

    table(revision)             -> PointsTable: rows by kind, in article order
    theme_counts(county, rev)   -> {theme id: articles with provisions touching that theme}
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import PROVISION_KINDS, County, NumberedArticle, Provision, Revision


@dataclass(frozen=True)
class PointsRow:
    article: NumberedArticle
    provision: Provision


@dataclass(frozen=True)
class PointsTable:
    reward: tuple[PointsRow, ...]
    penalty: tuple[PointsRow, ...]
    education: tuple[PointsRow, ...]

    def __bool__(self) -> bool:
        return bool(self.reward or self.penalty or self.education)

    def sections(self) -> list[tuple[str, tuple[PointsRow, ...]]]:
        """(kind, rows) for each kind that has rows: rewards, then penalties, then education."""
        return [(kind, getattr(self, kind)) for kind in PROVISION_KINDS if getattr(self, kind)]


def table(revision: Revision) -> PointsTable:
    rows: dict[str, list[PointsRow]] = {kind: [] for kind in PROVISION_KINDS}
    for numbered in revision.numbered():
        for provision in numbered.article.provisions:
            rows[provision.kind].append(PointsRow(numbered, provision))
    return PointsTable(**{kind: tuple(r) for kind, r in rows.items()})


def theme_counts(county: County, revision: Revision) -> dict[str, int]:
    """For each theme, the articles with provisions that implement one of its phrases (an
    article implementing phrases of two themes counts under both)."""
    theme_of = {p.id: p.theme for p in county.phrases}
    counts = {t.id: 0 for t in county.themes}
    for numbered in revision.numbered():
        if numbered.article.provisions:
            for theme in {theme_of[p] for p in numbered.article.phrases if p in theme_of}:
                counts[theme] += 1
    return counts


def signed(points: int | None, minus: str = "\u2212") -> str:
    """+3, −10 (a real minus sign unless told otherwise), or '' when a provision gives none."""
    if points is None:
        return ""
    return f"+{points}" if points > 0 else f"{minus}{-points}"
