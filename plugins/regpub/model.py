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
class Item:
    """A numbered item (项) of a paragraph; its label (（一）, (༡)) is derived from its order."""

    id: str  # stable within its paragraph
    text: Text


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (款) of an article, with the numbered items (项) it introduces, if any."""

    id: str  # stable within its article
    text: Text
    items: tuple[Item, ...] = ()


# How the status of an article's parts sums up to the article's: the first that any part has.
_STATUS_PRECEDENCE = ("missing", "outdated", "draft", "reviewed")


def joined_text(texts: tuple[Text, ...]) -> Text:
    """The texts of an article's paragraphs and items as one, a line each: for the consumers
    that show or count an article as a whole (search, the CSV, the dashboard). Its status is
    the weakest of its parts' (missing, else outdated, else draft, else reviewed)."""
    if len(texts) == 1:
        return texts[0]
    status = next(s for s in _STATUS_PRECEDENCE if any(t.bo_status == s for t in texts))
    bo = "\n".join(t.bo for t in texts) if all(t.bo for t in texts) else None
    old = ("\n".join(t.bo or t.outdated_bo or "" for t in texts)
           if status == "outdated" else None)
    return Text("\n".join(t.zh for t in texts), None if status == "outdated" else bo, status,
                outdated_bo=old)


@dataclass(frozen=True)
class Article:
    """An article (条). A plain article is one paragraph (id "p1") whose text is `text`; an
    article written with `paragraphs:` gets `text` joined from its paragraphs and items."""

    id: str
    text: Text | None
    phrases: tuple[str, ...] = ()
    reason: Text | None = None
    feedback: tuple[str, ...] = ()
    provisions: tuple[Provision, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()

    def __post_init__(self) -> None:
        if not self.paragraphs:
            object.__setattr__(self, "paragraphs", (Paragraph("p1", self.text or Text("")),))
        if self.text is None:
            object.__setattr__(self, "text", joined_text(tuple(t for _, t in self.parts())))

    @property
    def structured(self) -> bool:
        """Written with several paragraphs or with items (else a plain text, shown as before)."""
        return len(self.paragraphs) > 1 or bool(self.paragraphs[0].items)

    def parts(self) -> Iterator[tuple[str, Text]]:
        """Every paragraph and item in reading order with its path in the article: "p1",
        "p1/i2" (the YAML's ids; what the lock, the exchange and the comparison name)."""
        for p in self.paragraphs:
            yield p.id, p.text
            for item in p.items:
                yield f"{p.id}/{item.id}", item.text


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
class Removal:
    """An article of the previous revision that a revision deletes: why, and the feedback
    items of its review behind the deletion."""

    article: str  # the deleted article's id
    reason: Text | None
    feedback: tuple[str, ...] = ()


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
    # What the adopted document says before chapter 1 (序言), and its closing lines after the
    # last article (落款: the adopting body, the date), one Text a line. Both are optional and
    # adopted like the articles: their Chinese is locked, their Tibetan is translation work.
    preamble: Text | None = None
    closing: tuple[Text, ...] = ()
    # Why articles of the previous revision are gone from this one (`removed:`): a deleted
    # article has no place left in the text to carry its reason, so the revision that deletes
    # it does. Adopted like the articles (locked when present).
    removed: tuple["Removal", ...] = ()
    # The date it takes effect when the revision states one (`in_force:`, e.g. 自2025年5月1日起
    # 施行); None: from its adoption. Adopted like the rest: the lock covers it.
    in_force: date | None = None

    def removal(self, article_id: str) -> "Removal | None":
        """This revision's reason for deleting an article of the previous one, if it gives one."""
        return next((r for r in self.removed if r.article == article_id), None)

    @property
    def key(self) -> str:
        return self.adopted.isoformat()

    @property
    def in_force_from(self) -> date:
        """The first day it was in force: its stated date, else its adoption date."""
        return self.in_force or self.adopted

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
        """The revision in force on `day`: the last one in force from that day or before (None
        before the first). Records of the past (enforcement figures) refer to the articles of
        that one. A withdrawn revision counts as never in force (withdrawal voids it: see
        withdrawn_on); the loader keeps the in-force dates in the order of adoption."""
        found = None
        for revision in self.revisions:
            if revision.in_force_from <= day:
                found = revision
        return found

    def in_force_until(self, revision: Revision) -> date | None:
        """The first day `revision` was no longer in force: when the next revision took effect
        (None: still in force, or not yet)."""
        after = self.successor(revision)
        return after.in_force_from if after else None

    def in_force_status(self, revision: Revision, day: date) -> str:
        """On `day`: "pending" (not yet in force), "in-force" (现行有效) or "ended" (已失效)."""
        if day < revision.in_force_from:
            return "pending"
        until = self.in_force_until(revision)
        return "ended" if until is not None and until <= day else "in-force"

    def withdrawn_on(self, day: date) -> tuple[Withdrawal, ...]:
        """Withdrawn revisions adopted by `day` and not yet withdrawn on it: a reader asking
        what was in force then is told of them besides the answer of in_force."""
        return tuple(w for w in self.withdrawn
                     if w.adopted and w.date and w.adopted <= day < w.date)

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
