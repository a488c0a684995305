"""The content model: the county, its villages, the phrases and the regulations.

Vocabulary follows the FRBR split used for legal texts: a village's *Regulation* is the work;
each adopted *Revision* is an expression of it (one adopted date, both languages inside);
pages, posters and JSON are manifestations made elsewhere. Nothing here knows about MkDocs,
HTML or files on disk beyond the path a revision was read from (for error messages).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

LANGS = ("zh", "bo")
# outdated: a Tibetan translation of a Chinese text that has changed since (see translation.py);
# pages show it as outdated, never as the current translation.
TRANSLATION_STATUSES = ("missing", "draft", "reviewed", "outdated")
NAME_STATUSES = ("published", "unverified")
REVISION_KINDS = ("initial", "revision", "review")
FEEDBACK_OUTCOMES = ("adopted", "partly", "not-adopted")


@dataclass(frozen=True)
class Review:
    """Who reviewed a Tibetan translation, when, and against which Chinese (`bo_review`)."""

    date: date
    by: str  # a role from translation.REVIEWER_ROLES, never a person's name
    zh: str  # fingerprint of the Chinese the translation was reviewed against


@dataclass(frozen=True)
class Text:
    """A text in Chinese with its Tibetan translation and the translation's status.

    `bo` is the Tibetan to show. An `outdated` translation (its Chinese changed since) is never
    shown as current: `bo` is None and the old Tibetan is in `outdated_bo`, with the Chinese it
    translated in `was_zh` when the file kept it."""

    zh: str
    bo: str | None = None
    bo_status: str = "missing"
    review: Review | None = None
    outdated_bo: str | None = None
    was_zh: str | None = None

    def get(self, lang: str) -> str | None:
        return self.zh if lang == "zh" else self.bo


@dataclass(frozen=True)
class Name:
    """A place name; the Tibetan spelling is `published` or `unverified` (or absent)."""

    zh: str
    bo: str | None = None
    bo_status: str | None = None

    @property
    def bo_verified(self) -> bool:
        return self.bo is not None and self.bo_status == "published"

    def get(self, lang: str) -> str:
        """The name to show in `lang`; Chinese stands in where no Tibetan spelling exists."""
        if lang == "bo" and self.bo:
            return self.bo
        return self.zh


@dataclass(frozen=True)
class Theme:
    id: str
    name: Text


@dataclass(frozen=True)
class Phrase:
    id: str
    theme: str
    text: Text
    explanation: Text


@dataclass(frozen=True)
class Village:
    id: str
    code: str
    kind: str  # village | residents_committee
    name: Name
    pinyin: str
    township: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Township:
    id: str
    code: str
    kind: str  # town | township
    name: Name
    pinyin: str
    villages: tuple[Village, ...]
    aliases: tuple[str, ...] = ()


PROVISION_KINDS = ("reward", "penalty", "education")


@dataclass(frozen=True)
class Measure:
    """A measure other than points, from the county's list (批评教育, 责令整改 ...)."""

    id: str
    name: Text


@dataclass(frozen=True)
class Provision:
    """What an article's breach costs or its observance earns in the points system (积分制)."""

    kind: str  # reward | penalty | education
    condition: Text
    points: int | None = None  # + for a reward, - for a penalty
    measures: tuple[str, ...] = ()  # Measure ids


@dataclass(frozen=True)
class Article:
    id: str
    text: Text
    phrases: tuple[str, ...] = ()
    reason: Text | None = None
    feedback: tuple[str, ...] = ()
    provisions: tuple[Provision, ...] = ()


@dataclass(frozen=True)
class Chapter:
    id: str
    title: Text
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class NumberedArticle:
    """An article with the number and chapter it has in one revision (numbering is derived)."""

    number: int
    chapter: Chapter
    article: Article

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True)
class Votes:
    for_: int | None = None
    against: int | None = None
    abstain: int | None = None


@dataclass(frozen=True)
class Meeting:
    id: str
    date: date
    participants: int | None = None


@dataclass(frozen=True)
class FeedbackItem:
    id: str
    text: Text
    outcome: str
    why: Text | None = None


@dataclass(frozen=True)
class ReviewRecord:
    meetings: tuple[Meeting, ...]
    feedback: tuple[FeedbackItem, ...]


@dataclass(frozen=True)
class Correction:
    """A recorded correction of a published revision file (see lock.py)."""

    file: str  # villages/<id>/<date>.yaml
    date: date | None
    sha256: str
    reason: Text
    source: str = ""  # where it is recorded (corrections.yaml) and on which line, for messages
    line: int = 1


@dataclass(frozen=True)
class Withdrawal:
    """A published revision withdrawn: its file is deleted, this record (withdrawn.yaml) stays,
    and the village's history says when and why (see lock.py)."""

    file: str  # villages/<id>/<date>.yaml
    adopted: date | None  # the withdrawn revision's adoption date, from its file name
    date: date | None  # when it was withdrawn
    reason: Text
    source: str = ""
    line: int = 1

    @property
    def village(self) -> str:
        return self.file.split("/")[1] if self.file.count("/") == 2 else ""


@dataclass(frozen=True)
class Revision:
    """One adopted revision of a village's regulation: a complete snapshot."""

    village: str
    adopted: date
    kind: str
    body: Text
    title: Text
    summary: Text
    chapters: tuple[Chapter, ...]
    sample: bool
    votes: Votes | None = None
    filed: date | None = None
    review: ReviewRecord | None = None
    source: str = ""  # path it was read from, for messages
    digest: str = ""  # SHA-256 of the file's bytes: what a poster or a lock names it by
    corrections: tuple[Correction, ...] = ()

    @property
    def key(self) -> str:
        return self.adopted.isoformat()

    def numbered(self) -> Iterator[NumberedArticle]:
        """Articles in order with their numbers: 1, 2, 3 ... across chapters."""
        n = 0
        for chapter in self.chapters:
            for article in chapter.articles:
                n += 1
                yield NumberedArticle(n, chapter, article)

    def translation_counts(self) -> dict[str, int]:
        """How many articles have a missing, draft or reviewed Tibetan translation."""
        counts = dict.fromkeys(TRANSLATION_STATUSES, 0)
        for chapter in self.chapters:
            for article in chapter.articles:
                counts[article.text.bo_status] += 1
        return counts

    @property
    def article_count(self) -> int:
        return sum(len(c.articles) for c in self.chapters)

    @property
    def provision_count(self) -> int:
        """Reward, penalty and education provisions of all its articles (积分制)."""
        return sum(len(a.provisions) for c in self.chapters for a in c.articles)


@dataclass(frozen=True)
class Regulation:
    """A village's regulation across time: its revisions, oldest first."""

    village: Village
    revisions: tuple[Revision, ...]
    withdrawn: tuple[Withdrawal, ...] = ()  # published revisions since withdrawn, oldest first

    @property
    def current(self) -> Revision:
        return self.revisions[-1]

    def in_force(self, day: date) -> Revision | None:
        """The revision in force on `day`: the last one adopted on or before it (None before the
        first). Records of the past (enforcement figures) refer to the articles of that one."""
        found = None
        for revision in self.revisions:
            if revision.adopted <= day:
                found = revision
        return found

    def successor(self, revision: Revision) -> Revision | None:
        i = self.revisions.index(revision)
        return self.revisions[i + 1] if i + 1 < len(self.revisions) else None

    def predecessor(self, revision: Revision) -> Revision | None:
        i = self.revisions.index(revision)
        return self.revisions[i - 1] if i > 0 else None


@dataclass(frozen=True)
class PointsRules:
    """The county's points system: one range for every village, and the list of measures."""

    minimum: int
    maximum: int
    measures: tuple[Measure, ...]

    def measure(self, measure_id: str) -> Measure:
        return next(m for m in self.measures if m.id == measure_id)


@dataclass(frozen=True)
class SupervisionGroup:
    """A village's 村规民约执行监督小组: roles and head-counts only, never names."""

    village: str
    roles: tuple[tuple[str, int], ...]  # (role id, head-count)
    enforcement: tuple["EnforcementRecord", ...] = ()
    supermarket: bool = False  # the village runs a points supermarket (积分超市)

    @property
    def size(self) -> int:
        return sum(n for _, n in self.roles)


@dataclass(frozen=True)
class EnforcementRecord:
    """Aggregated figures for one period and article: 劝导 (dissuaded) and 整改 (corrected)."""

    period_start: date
    period_end: date
    article: str
    dissuaded: int = 0
    corrected: int = 0


@dataclass(frozen=True)
class County:
    code: str
    name: Name
    pinyin: str
    townships: tuple[Township, ...]
    themes: tuple[Theme, ...]
    phrases: tuple[Phrase, ...]
    regulations: dict[str, Regulation] = field(default_factory=dict)
    phrases_sample: bool = False
    points: PointsRules | None = None
    supervision: dict[str, SupervisionGroup] = field(default_factory=dict)
    # Problems that do not stop the build (problems.Problem): outdated translations, glossary
    # conflicts, suspicious Tibetan syllables. Printed by the build, counted on the dashboard.
    warnings: tuple = ()
    glossary: tuple = ()  # glossary.Term: the fixed Tibetan of terms (regulations/glossary.yaml)
    withdrawals: tuple[Withdrawal, ...] = ()  # every withdrawn revision of the county
    # Information lines of the check, not problems. Printed by `build.py --check`.
    notices: tuple[str, ...] = ()
    # lock.TranslationChange: locked revisions whose Tibetan changed since `build.py lock` last
    # recorded it. `build.py --check` lists them, or sums them up when there are many.
    translation_changes: tuple = ()

    @property
    def villages(self) -> tuple[Village, ...]:
        return tuple(v for t in self.townships for v in t.villages)

    def village(self, village_id: str) -> Village:
        return next(v for v in self.villages if v.id == village_id)

    def township(self, township_id: str) -> Township:
        return next(t for t in self.townships if t.id == township_id)

    def phrase(self, phrase_id: str) -> Phrase:
        return next(p for p in self.phrases if p.id == phrase_id)

    def phrase_usage(self) -> dict[str, list[tuple[Regulation, NumberedArticle]]]:
        """For each phrase id, the articles of current regulations that implement it."""
        usage: dict[str, list[tuple[Regulation, NumberedArticle]]] = {p.id: [] for p in self.phrases}
        for township in self.townships:
            for village in township.villages:
                regulation = self.regulations.get(village.id)
                if regulation is None:
                    continue
                for numbered in regulation.current.numbered():
                    for phrase_id in numbered.article.phrases:
                        usage.setdefault(phrase_id, []).append((regulation, numbered))
        return usage

    def theme_coverage(self, regulation: Regulation) -> dict[str, tuple[int, int]]:
        """For each theme: how many of its phrases the current revision implements, of how many."""
        used = {pid for n in regulation.current.numbered() for pid in n.article.phrases}
        coverage = {}
        for theme in self.themes:
            ids = [p.id for p in self.phrases if p.theme == theme.id]
            coverage[theme.id] = (sum(1 for pid in ids if pid in used), len(ids))
        return coverage

    def translation_totals(self) -> dict[str, int]:
        """Articles of the current regulations by Tibetan translation status."""
        totals = dict.fromkeys(TRANSLATION_STATUSES, 0)
        for regulation in self.regulations.values():
            for status, n in regulation.current.translation_counts().items():
                totals[status] += n
        return totals

    def enforcement_totals(self) -> dict[str, int]:
        """County figures of the supervision groups, computed from the records."""
        records = [r for g in self.supervision.values() for r in g.enforcement]
        return {"groups": len(self.supervision),
                "members": sum(g.size for g in self.supervision.values()),
                "supermarkets": sum(1 for g in self.supervision.values() if g.supermarket),
                "dissuaded": sum(r.dissuaded for r in records),
                "corrected": sum(r.corrected for r in records)}

    def revisions_newest_first(self) -> list[tuple[Regulation, Revision]]:
        pairs = [(reg, rev) for reg in self.regulations.values() for rev in reg.revisions]
        return sorted(pairs, key=lambda p: (p[1].adopted, p[0].village.id), reverse=True)

    def reviews(self) -> list[tuple[Regulation, Revision]]:
        """The 回头看 review revisions, in township and village order."""
        return [(self.regulations[v.id], rev) for v in self.villages if v.id in self.regulations
                for rev in self.regulations[v.id].revisions if rev.kind == "review"]

    def township_totals(self, township: Township) -> dict[str, int]:
        """A township's figures: the rows of the county pages when they summarise by township."""
        regulations = [self.regulations[v.id] for v in township.villages if v.id in self.regulations]
        reviews = [r for reg in regulations for r in reg.revisions if r.kind == "review"]
        return {"villages": len(township.villages),
                "revisions": sum(len(reg.revisions) for reg in regulations),
                "reviews": len(reviews),
                "feedback": sum(len(r.review.feedback) for r in reviews),
                "provisions": sum(reg.current.provision_count for reg in regulations)}

    def review_totals(self) -> dict[str, int]:
        """County figures of the 回头看, computed from the review records, never typed in."""
        reviews = [rev for _, rev in self.reviews()]
        items = [item for rev in reviews for item in rev.review.feedback]
        totals = {
            "reviews": len(reviews),
            "meetings": len({m.id for rev in reviews for m in rev.review.meetings}),
            "feedback": len(items),
        }
        for outcome in FEEDBACK_OUTCOMES:
            totals[outcome] = sum(1 for item in items if item.outcome == outcome)
        return totals

    @property
    def is_sample(self) -> bool:
        return self.phrases_sample or any(
            r.sample for reg in self.regulations.values() for r in reg.revisions)
