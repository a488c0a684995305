"""The Tibetan translation lifecycle: statuses, review records, source fingerprints, memory.

A bilingual text mapping in the data carries, besides `zh` and `bo`:

    bo_status: missing | draft | reviewed | outdated
    bo_review: {date: 2026-12-04, by: county-translation-office, zh: 3f1c0a9b2e}
    bo_was: <the Chinese the outdated Tibetan translated>

`bo_review.zh` is the fingerprint of the Chinese the translation was reviewed against. When the
Chinese changes, the fingerprint no longer matches and the loader treats the text as `outdated`
(a warning, never shown as current). The importer writes `outdated` explicitly, with `bo_was`,
when a new revision changes an article's Chinese. Every field starting with `bo` is translation:
the lock (lock.py) lets a published file change in those fields without a correction.

Nothing here imports MkDocs.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from . import model as m
from .glossary import conflicts, missing_terms
from .problems import Problem
from .yamlsource import line_of

STATUSES = m.TRANSLATION_STATUSES  # missing, draft, reviewed, outdated
# Who may mark a translation reviewed: offices and roles, never a person's name (the site is
# public and names of people never go on it).
REVIEWER_ROLES = (
    "county-translation-office",     # 县翻译室 / 编译局
    "county-civil-affairs-bureau",   # 县民政局
    "township-government",           # 乡镇人民政府
    "village-committee",             # 村（居）民委员会
    "translation-contractor",        # 受委托的翻译机构
)
FINGERPRINT_LENGTH = 10
FINGERPRINT = re.compile(rf"^[0-9a-f]{{{FINGERPRINT_LENGTH}}}$")


def normalise(text: str) -> str:
    """Chinese for comparison: NFKC (full-width folded), no whitespace, punctuation or symbols.

    The importer matches articles with the same rule, so "unchanged" means the same thing for
    ids, for carried-over translations and for review fingerprints."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] not in "PSZC")


def fingerprint(zh: str) -> str:
    """A short fingerprint of the Chinese a translation was reviewed against."""
    return hashlib.sha256(normalise(zh).encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def effective(zh: str, bo: str | None, status: str, review: m.Review | None,
              was: str | None) -> m.Text:
    """The Text the site uses: a reviewed translation whose Chinese changed since its review is
    outdated, and an outdated translation is never the Tibetan to show."""
    if status == "reviewed" and review is not None and review.zh != fingerprint(zh):
        status = "outdated"
    if status == "outdated":
        return m.Text(zh, None, "outdated", review, bo, was)
    return m.Text(zh, bo if status != "missing" else None, status, review)


# --- the county's translation memory -----------------------------------------------------------

@dataclass
class Memory:
    """Chinese (normalised) -> the best Tibetan the county already has for it: reviewed before
    draft, the newest revision first. Exact matches only: a legal text is not guessed."""

    entries: dict[str, tuple[int, str, str, str]] = field(default_factory=dict)  # rank, zh, bo, where

    RANK = {"reviewed": 2, "draft": 1}

    def add(self, text: m.Text, where: str) -> None:
        """Add in date order: a later text of the same rank replaces an earlier one."""
        if text.bo_status not in self.RANK or not text.bo or not text.zh:
            return
        key = normalise(text.zh)
        rank = self.RANK[text.bo_status]
        old = self.entries.get(key)
        if old is None or rank >= old[0]:
            self.entries[key] = (rank, text.zh, text.bo, where)

    def lookup(self, zh: str) -> str | None:
        hit = self.entries.get(normalise(zh))
        return hit[2] if hit else None

    def units(self) -> list[tuple[str, str, str]]:
        """(Chinese, Tibetan, where it comes from), for a TMX file."""
        return [(zh, bo, where) for _, zh, bo, where in sorted(self.entries.values(),
                                                             key=lambda e: e[3])]


def texts_of(revision: m.Revision):
    """Every bilingual text of a revision with its place: (label, Text)."""
    yield "title", revision.title
    yield "summary", revision.summary
    yield "body", revision.body
    if revision.preamble:
        yield "preamble", revision.preamble
    for chapter in revision.chapters:
        yield f"chapters/{chapter.id}/title", chapter.title
        for article in chapter.articles:
            base = f"chapters/{chapter.id}/articles/{article.id}"
            if article.structured:  # a unit per paragraph and item, by its YAML path
                for path, part in article.parts():
                    pid, _, iid = path.partition("/")
                    yield f"{base}/paragraphs/{pid}{f'/items/{iid}' if iid else ''}/text", part
            else:
                yield f"{base}/text", article.text
            if article.reason:
                yield f"{base}/reason", article.reason
            for k, provision in enumerate(article.provisions):
                yield f"{base}/provisions/{k}/condition", provision.condition
    for k, line in enumerate(revision.closing):  # after the articles, as printed
        yield f"closing/{k}", line
    if revision.review:
        for item in revision.review.feedback:
            yield f"review/feedback/{item.id}/text", item.text
            if item.why:
                yield f"review/feedback/{item.id}/why", item.why


def memory_of(county: m.County) -> Memory:
    """Every draft or reviewed Tibetan of every revision of every village, and the phrases."""
    memory = Memory()
    for phrase in county.phrases:
        memory.add(phrase.text, f"phrases.yaml#{phrase.id}")
    for village_id in sorted(county.regulations):
        for revision in county.regulations[village_id].revisions:  # oldest first: newer wins
            for where, text in texts_of(revision):
                memory.add(text, f"{revision.source}#{where}")
    return memory



# --- reading the lifecycle fields of a text mapping (called by readers/text.py) -----------------

def warn(ctx, node_or_line, message: str, hint: str, rule: str) -> None:
    """A warning: printed by the build and counted on the dashboard, but the build goes on.
    Contexts made outside the loader (lock.py's corrections) have no list: nothing to show."""
    warnings = getattr(ctx, "warnings", None)
    if warnings is not None:
        line = node_or_line if isinstance(node_or_line, int) else line_of(node_or_line)
        warnings.append(Problem(ctx.path, line, message, hint, rule))


def read_lifecycle(f, zh: str, bo: str | None, status: str | None) -> m.Text:
    """bo_review and bo_was of the mapping `f` (a fields.Fields), checked against its status;
    returns the Text as the site uses it (see `effective`)."""
    review = None
    sub = f.mapping("bo_review", required=False)
    if sub is not None:
        when = sub.date("date")
        by = sub.text("by")
        source_print = sub.text("zh")
        if by is not None and by not in REVIEWER_ROLES:
            f.ctx.report(sub.values["by"][1], f"{f.where}: bo_review 'by' is '{by}', not a "
                         "reviewer role", f"write the reviewing office's role, one of: "
                         f"{', '.join(REVIEWER_ROLES)}; never a person's name", "reviewer-role")
            by = None
        if source_print is not None and not FINGERPRINT.match(source_print):
            f.ctx.report(sub.values["zh"][1], f"{f.where}: bo_review 'zh' is '{source_print}', not a "
                         "fingerprint", f"it is {FINGERPRINT_LENGTH} hex digits written by "
                         "`python build.py translations import`; for this Chinese it is "
                         f"{fingerprint(zh)}", "review-record")
            source_print = None
        sub.done()
        if when and by and source_print:
            review = m.Review(when, by, source_print)
        if status in ("draft", "missing"):
            f.ctx.report(f.values["bo_review"][0], f"{f.where}: a review record on a {status} "
                         "translation", "set bo_status: reviewed, or remove bo_review",
                         "review-record")
    elif status == "reviewed":
        f.ctx.report(f.values["bo_status"][1], f"{f.where}: reviewed, but no bo_review record",
                     f"add bo_review: {{date: YYYY-MM-DD, by: <role>, zh: {fingerprint(zh)}}} "
                     "(python build.py translations import writes it)", "review-record")
    was = f.text("bo_was", required=False)
    if was is not None and status != "outdated":
        f.ctx.report(f.values["bo_was"][1], f"{f.where}: bo_was on a {status} translation",
                     "bo_was keeps the old Chinese of an outdated translation: remove it",
                     "review-record")
        was = None
    text = effective(zh, bo, status or "missing", review, was)
    if text.bo_status == "reviewed":
        for term in missing_terms(text, getattr(f.ctx, "glossary", ())):
            warn(f.ctx, f.values["bo"][1], f"{f.where}: the Chinese has the glossary term "
                 f"{term.zh} but the Tibetan does not have {term.core}",
                 f"use the county's term ({term.source}) or change the glossary", "glossary-term")
    if status == "reviewed" and text.bo_status == "outdated":
        warn(f.ctx, f.values["bo_status"][1], f"{f.where}: the Tibetan was reviewed against "
             "other Chinese: the Chinese changed since, so it is shown as outdated",
             "have it translated again: python build.py translations export --status outdated",
             "outdated-translation")
    return text


# --- carry-over into a new revision (the importer; by hand the same rules apply) ---------------

KEPT, OUTDATED, FROM_MEMORY, MISSING = "kept", "outdated", "memory", "missing"


def carry(old: m.Text | None, zh: str, memory: Memory | None = None) -> tuple[m.Text, str]:
    """The Tibetan a new revision gets for the Chinese `zh`, given the text it continues (`old`:
    the same id in the previous revision, or None), and how: kept / outdated / memory / missing.

    - the Chinese is unchanged (after `normalise`): the Tibetan with its status and review;
    - the Chinese changed: the old Tibetan is kept as `outdated` with the Chinese it translated,
      so the translator sees both and the site never shows it as current;
    - nothing to continue: an exact match in the county's memory, as a `draft` suggestion only
      (a review is of one text in one place, it does not travel)."""
    if old is not None and normalise(old.zh) == normalise(zh):
        if old.bo_status != "missing":
            return m.Text(zh, old.bo, old.bo_status, old.review, old.outdated_bo, old.was_zh), KEPT
    elif old is not None and (old.bo or old.outdated_bo):
        if old.bo_status == "outdated":  # already outdated: it still translates the older Chinese
            return m.Text(zh, None, "outdated", old.review, old.outdated_bo, old.was_zh or old.zh), OUTDATED
        return m.Text(zh, None, "outdated", old.review, old.bo, old.zh), OUTDATED
    suggestion = memory.lookup(zh) if memory else None
    if suggestion:
        return m.Text(zh, suggestion, "draft"), FROM_MEMORY
    return m.Text(zh), MISSING


# --- the dashboard's view of one village -------------------------------------------------------

@dataclass(frozen=True)
class VillageReport:
    counts: dict  # missing / draft / reviewed / outdated articles of the current revision
    outdated: tuple  # NumberedArticle: their Tibetan must be redone
    conflicts: tuple  # (NumberedArticle, glossary.Term): a reviewed text that departs from a term
    tibetan_warnings: int  # syllable and shad warnings of the current revision file (tibetan.py)
    tibetan_articles: tuple = ()  # NumberedArticle: the articles those warnings are about

    @property
    def issues(self) -> int:
        return len(self.outdated) + len(self.conflicts) + self.tibetan_warnings


def village_report(county: m.County, regulation: m.Regulation) -> VillageReport:
    current = regulation.current
    numbered = list(current.numbered())
    spelling = [w for w in county.warnings
                if w.path == current.source and w.rule.startswith("tibetan-")]
    # A warning names its place first ("article 'fire' > provision > condition: ..."): enough
    # to link the article without keeping line numbers in the model.
    named = {m.group(1) for w in spelling if (m := ARTICLE_NAMED.match(w.message))}
    return VillageReport(
        current.translation_counts(),
        tuple(n for n in numbered if n.article.text.bo_status == "outdated"),
        tuple(conflicts(county, regulation)),
        len(spelling),
        tuple(n for n in numbered if n.id in named))


ARTICLE_NAMED = re.compile(r"^article '([a-z0-9][a-z0-9-]*)'")
