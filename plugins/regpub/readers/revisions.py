"""villages/<id>/<date>.yaml: one revision of a village's regulation, complete."""
from __future__ import annotations

from pathlib import Path

from yaml.nodes import Node

from .. import model as m
from ..fields import Context, Fields
from ..limits import MAX_ARTICLES, MAX_CHAPTERS, MAX_CLOSING_LINES, MAX_ITEMS, MAX_PARAGRAPHS
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
        self.in_force_lines: dict[str, int] = {}  # revision source -> line of its 'in_force'

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
        # When it takes effect, if the text says so (自2025年5月1日起施行); never before adoption.
        in_force = f.date("in_force", required=False)
        if f.has("in_force"):
            self.in_force_lines[ctx.path] = line_of(f.values["in_force"][1])
        if in_force and adopted and in_force < adopted:
            ctx.report(f.values["in_force"][1], f"in_force {in_force} is before adopted {adopted}",
                       "a revision takes effect on its adoption or later; leave in_force out to "
                       "mean the adoption date", "date-order")
        review = _review(f.mapping("review", required=kind == "review"))
        if review and kind != "review":
            ctx.report(f.values["review"][0], f"a review record in a revision of kind '{kind}'",
                       "set kind: review, or remove the review record", "review-kind")
        feedback_ids = {fb.id for fb in review.feedback} if review else set()
        preamble = optional_text(f, "preamble")
        closing = _closing(f)
        chapters = self._chapters(f, ctx, feedback_ids)
        removed = _removed(f, ctx, feedback_ids, {a.id for c in chapters for a in c.articles})
        f.done()
        if None in (sample, adopted, kind) or not chapters:
            return None
        return m.Revision(village, adopted, kind, body, title, summary, chapters, sample,
                          votes, filed, review, ctx.path, ctx.digest,
                          preamble=preamble if preamble and preamble.zh else None,
                          closing=closing, in_force=in_force, removed=removed)

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
        paragraphs: tuple[m.Paragraph, ...] = ()
        if a.has("paragraphs"):
            paragraphs = _paragraphs(a, ctx)
            article_text = None if paragraphs else m.Text("")
        else:
            article_text = text(a)
        phrases = []
        for pid, pnode in a.id_list("phrases"):
            if pid not in self.phrase_ids:
                ctx.report(pnode, f"{a.where}: unknown phrase id '{pid}'",
                           "use an id from regulations/phrases.yaml", "unknown-phrase")
            else:
                phrases.append(pid)
        feedback = known_feedback(a, feedback_ids, ctx)
        reason = optional_text(a, "reason")
        provisions = read_provisions(a, self.points)
        a.done()
        if not aid or (article_text is not None and not article_text.zh):
            return None
        return m.Article(aid, article_text, tuple(phrases), reason, tuple(feedback), provisions,
                         paragraphs)


def known_feedback(f: Fields, feedback_ids: set[str], ctx: Context) -> list[str]:
    """The `feedback:` ids of an article or a removed article that name an item of this
    revision's review; each other id is a problem."""
    feedback = []
    for fid, fnode in f.id_list("feedback"):
        if fid not in feedback_ids:
            ctx.report(fnode, f"{f.where}: unknown feedback id '{fid}'",
                       "use an id from this revision's review > feedback list", "unknown-feedback")
        else:
            feedback.append(fid)
    return feedback


def _paragraphs(a: Fields, ctx: Context) -> tuple[m.Paragraph, ...]:
    """An article's `paragraphs:` (款), each with its `items:` (项). A paragraph's id is unique
    within the article, an item's within its paragraph (the comparison, the lock and the
    translation exchange name a part by its path, p1/i2); a part without Chinese is reported
    (missing-field) and left out."""
    mixed = [k for k in ("zh", "bo", "bo_status") if a.has(k)]
    if mixed:
        ctx.report(a.values[mixed[0]][0], f"{a.where} has both '{mixed[0]}' and 'paragraphs'",
                   "an article is either one text (zh, bo, bo_status) or a list of paragraphs: "
                   "move the text into its first paragraph", "paragraphs-and-text")
        for k in mixed:
            a.used.add(k)
    seen: dict[str, int] = {}
    nodes = a.list("paragraphs")
    if len(nodes) > MAX_PARAGRAPHS:
        ctx.report(a.values["paragraphs"][1], f"{a.where} has {len(nodes)} paragraphs, over the "
                   f"limit of {MAX_PARAGRAPHS}", "split it into several articles",
                   "too-many-paragraphs")
        return ()
    if not nodes:
        ctx.report(a.values["paragraphs"][1], f"{a.where} has no paragraphs",
                   "list its paragraphs, or write its text in zh/bo", "empty-article")
    out = []
    for p_node in nodes:
        p = Fields.of(p_node, ctx, f"{a.where} > paragraph")
        if p is None:
            continue
        pid = p.unique_id(seen, "paragraph")
        p.where = f"{a.where} > paragraph '{pid}'"
        p_text = text(p)
        items = []
        item_seen: dict[str, int] = {}
        item_nodes = p.list("items", required=False)
        if len(item_nodes) > MAX_ITEMS:
            ctx.report(p.values["items"][1], f"{p.where} has {len(item_nodes)} items, over the "
                       f"limit of {MAX_ITEMS}", "split the paragraph or the article",
                       "too-many-items")
            item_nodes = []
        for i_node in item_nodes:
            i = Fields.of(i_node, ctx, f"{p.where} > item")
            if i is None:
                continue
            iid = i.unique_id(item_seen, "item")
            i.where = f"{p.where} > item '{iid}'"
            i_text = text(i, close=True)
            if iid and i_text.zh:
                items.append(m.Item(iid, i_text))
        p.done()
        if pid and p_text.zh:
            out.append(m.Paragraph(pid, p_text, tuple(items)))
    return tuple(out)


def _removed(f: Fields, ctx: Context, feedback_ids: set[str],
             article_ids: set[str]) -> tuple[m.Removal, ...]:
    """`removed:` the articles of the previous revision this one deletes, each with its reason
    and the feedback behind it (a deleted article has no text left to carry them):

        removed:
          - article: patrol
            reason: {zh: ..., bo: ..., bo_status: draft}
            feedback: [fb-2]
    """
    out = []
    seen: set[str] = set()
    for node in f.list("removed", required=False):
        r = Fields.of(node, ctx, "removed article")
        if r is None:
            continue
        aid = r.id("article")
        r.where = f"removed article '{aid}'"
        if aid in article_ids:
            ctx.report(node, f"{r.where} is still an article of this revision",
                       "list under removed: only articles this revision deletes",
                       "removed-article-present")
        elif aid in seen:
            ctx.report(node, f"{r.where} is listed twice", "keep one entry per article",
                       "duplicate-id")
        feedback = known_feedback(r, feedback_ids, ctx)
        reason = optional_text(r, "reason")
        r.done()
        if aid and aid not in article_ids and aid not in seen:
            out.append(m.Removal(aid, reason, tuple(feedback)))
        seen.add(aid or "")
    return tuple(out)


def _closing(f: Fields) -> tuple[m.Text, ...]:
    """The closing lines after the last article (落款): the adopting body, the date ... one
    bilingual text a line, in the order they are printed."""
    nodes = f.list("closing", required=False)
    if len(nodes) > MAX_CLOSING_LINES:
        f.ctx.report(f.values["closing"][1], f"the closing has {len(nodes)} lines, over the "
                     f"limit of {MAX_CLOSING_LINES}", "the closing is the adopting body and the "
                     "date: move other text into the preamble or an article", "long-closing")
        return ()
    lines = []
    for k, node in enumerate(nodes, 1):
        line = Fields.of(node, f.ctx, f"closing line {k}")
        if line is not None:
            value = text(line, close=True)
            if value.zh:
                lines.append(value)
    return tuple(lines)


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
