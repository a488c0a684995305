"""villages/<id>/<date>.yaml: one revision of a village's regulation, complete."""
from __future__ import annotations

from pathlib import Path

from yaml.nodes import Node

from .. import model as m
from ..fields import Context, Fields
from ..limits import MAX_ARTICLES, MAX_CHAPTERS
from ..yamlsource import line_of
from .points import read_provisions
from .source import Source
from .text import optional_text, text


class RevisionReader:
    """Reads the revision files of a county whose phrases and points system are known."""

    def __init__(self, source: Source, phrase_ids: set[str], points: m.PointsRules | None):
        self.source = source
        self.phrase_ids = phrase_ids
        self.points = points
        self.kind_lines: dict[str, int] = {}  # revision source -> line of its 'kind'

    def read(self, path: Path, village: str, name_date: str) -> m.Revision | None:
        """The revision in `path` (named `name_date`.yaml, in the folder of `village`); None if
        it has problems that leave no revision to show (all reported)."""
        node, ctx = self.source.open(path)
        if node is None:
            return None
        f = Fields.of(node, ctx, "revision")
        if f is None:
            return None
        sample = f.bool("sample")
        folder_village = f.id("village")
        if folder_village and folder_village != village:
            ctx.report(f.values["village"][1], f"village is '{folder_village}' but the file is in "
                       f"the folder of '{village}'", "fix the village id or move the file",
                       "village-mismatch")
        adopted = f.date("adopted")
        if adopted and adopted.isoformat() != name_date:
            ctx.report(f.values["adopted"][1], f"adopted date {adopted} does not match the file "
                       f"name {name_date}.yaml", f"rename the file to {adopted}.yaml or fix the "
                       "date", "file-name-date")
        kind = f.choice("kind", m.REVISION_KINDS)
        if f.has("kind"):
            self.kind_lines[ctx.path] = line_of(f.values["kind"][1])
        body = text(f.mapping("body"), close=True)
        title = text(f.mapping("title"), close=True)
        summary = text(f.mapping("summary"), close=True)
        votes = _votes(f.mapping("votes", required=False))
        filed = f.date("filed", required=False)
        if filed and adopted and filed < adopted:
            ctx.report(f.values["filed"][1], f"filed {filed} is before adopted {adopted}",
                       "a revision is filed with the township after its meeting adopts it",
                       "date-order")
        review = _review(f.mapping("review", required=kind == "review"))
        if review and kind != "review":
            ctx.report(f.values["review"][0], f"a review record in a revision of kind '{kind}'",
                       "set kind: review, or remove the review record", "review-kind")
        feedback_ids = {fb.id for fb in review.feedback} if review else set()
        chapters = self._chapters(f, ctx, feedback_ids)
        f.done()
        if None in (sample, adopted, kind) or not chapters:
            return None
        return m.Revision(village, adopted, kind, body, title, summary, chapters, sample,
                          votes, filed, review, ctx.path, ctx.digest)

    def _chapters(self, f: Fields, ctx: Context, feedback_ids: set[str]):
        chapters = []
        article_lines: dict[str, int] = {}
        chapter_lines: dict[str, int] = {}
        for c_node in f.list("chapters"):
            c = Fields.of(c_node, ctx, "chapter")
            if c is None:
                continue
            cid = c.unique_id(chapter_lines, "chapter")
            c.where = f"chapter '{cid}'"
            title = text(c.mapping("title"), close=True)
            articles = []
            article_nodes = c.list("articles")
            for a_node in article_nodes:
                article = self._article(a_node, ctx, feedback_ids, article_lines)
                if article:
                    articles.append(article)
            c.done()
            if not article_nodes and c.has("articles"):
                ctx.report(c_node, f"{c.where} has no articles", "add articles or remove the "
                           "chapter", "empty-chapter")
            chapters.append(m.Chapter(cid or "", title, tuple(articles)))
        if f.has("chapters") and not chapters:
            ctx.report(f.values["chapters"][0], "revision has no chapters",
                       "a revision is the complete regulation: list its chapters", "empty-revision")
        if len(chapters) > MAX_CHAPTERS:
            ctx.report(f.values["chapters"][0], f"revision has {len(chapters)} chapters, over the "
                       f"limit of {MAX_CHAPTERS}", "a village regulation has a few chapters; check "
                       "that the file was not pasted twice", "too-many-chapters")
        count = sum(len(c.articles) for c in chapters)
        if count > MAX_ARTICLES:
            ctx.report(f.values["chapters"][0], f"revision has {count:,} articles, over the "
                       f"limit of {MAX_ARTICLES}", "a village regulation has a few dozen "
                       "articles; check that the file was not pasted twice", "too-many-articles")
        return tuple(chapters)

    def _article(self, node: Node, ctx: Context, feedback_ids: set[str],
                 seen: dict[str, int]) -> m.Article | None:
        a = Fields.of(node, ctx, "article")
        if a is None:
            return None
        aid = a.unique_id(seen, "article", "duplicate-article-id")
        a.where = f"article '{aid}'"
        article_text = text(a)
        phrases = []
        for pid, pnode in a.id_list("phrases"):
            if pid not in self.phrase_ids:
                ctx.report(pnode, f"{a.where}: unknown phrase id '{pid}'",
                           "use an id from regulations/phrases.yaml", "unknown-phrase")
            else:
                phrases.append(pid)
        feedback = []
        for fid, fnode in a.id_list("feedback"):
            if fid not in feedback_ids:
                ctx.report(fnode, f"{a.where}: unknown feedback id '{fid}'",
                           "use an id from this revision's review > feedback list",
                           "unknown-feedback")
            else:
                feedback.append(fid)
        reason = optional_text(a, "reason")
        provisions = read_provisions(a, self.points)
        a.done()
        if not aid or not article_text.zh:
            return None
        return m.Article(aid, article_text, tuple(phrases), reason, tuple(feedback), provisions)


def _votes(f: Fields | None) -> m.Votes | None:
    if f is None:
        return None
    votes = m.Votes(f.int("for", required=False), f.int("against", required=False),
                    f.int("abstain", required=False))
    f.done()
    return votes


def _review(f: Fields | None) -> m.ReviewRecord | None:
    """The review record of a revision of kind `review`: its meetings and the feedback."""
    if f is None:
        return None
    meetings = []
    for node in f.list("meetings"):
        mf = Fields.of(node, f.ctx, "meeting")
        if mf is None:
            continue
        meetings.append(m.Meeting(mf.id() or "", mf.date("date"),
                                  mf.int("participants", required=False)))
        mf.done()
    items = []
    seen: set[str] = set()
    for node in f.list("feedback"):
        ff = Fields.of(node, f.ctx, "feedback item")
        if ff is None:
            continue
        fid = ff.id()
        ff.where = f"feedback item '{fid}'"
        if fid and fid in seen:
            f.ctx.report(node, f"feedback id '{fid}' is used twice", "number them fb-1, fb-2 ...",
                         "duplicate-id")
        seen.add(fid)
        items.append(m.FeedbackItem(fid or "", text(ff.mapping("text"), close=True),
                                    ff.choice("outcome", m.FEEDBACK_OUTCOMES) or "",
                                    optional_text(ff, "why")))
        ff.done()
    f.done()
    return m.ReviewRecord(tuple(meetings), tuple(items))
