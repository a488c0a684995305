"""What a new revision keeps of the village's previous one (matched by id, see ids.py) and of
the county's translation memory.

The Tibetan of each text follows `translation.carry` (kept when the Chinese is the same after
normalising; `outdated` with the old Chinese in `bo_was` when it changed; a `draft` from memory
for a text with nothing to continue). Phrase tags are about the subject and stay with the
article even when it was reworded; provisions stay too, flagged for a check when the text
changed (the points are stated in the text). Reasons are not carried: they explain the earlier
revision. Feedback links name the earlier revision's review items (a link to an item this
revision does not have would not load), so they are kept as a comment at their article, for the
person who fills in this revision's review. The summary gives every count: nothing is lost
silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import model as m
from .. import translation
from .ids import Plan


@dataclass
class Carried:
    """What the new revision takes from the previous one (same id) and the county's memory."""

    previous: str | None = None  # the revision carried from
    # "title", "body", "preamble", "closing:<k>" (k from 0), "chapter:<id>", "article:<id>"
    texts: dict[str, m.Text] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)  # "article:<id>" -> kept/outdated/memory/missing
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # article id -> phrase ids
    provisions: dict[str, tuple[m.Provision, ...]] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # provisions carried from a changed article
    # The previous revision's articles by id (the writer continues a paragraph's Tibetan from
    # its part), and their feedback links, written as a comment (they name that review's items).
    old_articles: dict[str, m.Article] = field(default_factory=dict)
    feedback: dict[str, tuple[str, ...]] = field(default_factory=dict)
    before: dict[str, int] = field(default_factory=dict)  # counts in the previous revision
    feedback_left: int = 0  # feedback links of the articles carried (written as comments)
    note: str | None = None  # why nothing could be carried

    def text(self, key: str, zh: str) -> m.Text:
        carried = self.texts.get(key)
        return carried if carried is not None and carried.zh == zh else m.Text(zh)

    def count(self, how: str) -> int:
        return sum(1 for k, v in self.how.items() if k.startswith("article:") and v == how)


def carry_over(plan: Plan, previous: m.Revision | None, memory: translation.Memory | None,
               title: str, body: str, preamble: str | None = None,
               closing: tuple[str, ...] = ()) -> Carried:
    """For every text of the plan, what it keeps of `previous` and `memory`: articles and
    chapters by id, the title and the adopting body by their Chinese (see the module's doc);
    the preamble continues the previous preamble, and a closing line the previous line with
    the same Chinese (the adopting body), else the line in its place (a new date: `outdated`,
    the old Tibetan kept for the translator)."""
    out = Carried(previous.key if previous else None)
    old_articles = {n.article.id: n.article for n in previous.numbered()} if previous else {}
    out.old_articles = old_articles
    old_chapters = {c.id: c for c in previous.chapters} if previous else {}
    if previous:
        out.before = {"tibetan": sum(1 for a in old_articles.values() if a.text.bo or a.text.outdated_bo),
                      "provisions": previous.provision_count,
                      "phrases": sum(len(a.phrases) for a in old_articles.values())}
    out.texts["title"], _ = translation.carry(previous.title if previous else None, title, memory)
    out.texts["body"], _ = translation.carry(previous.body if previous else None, body, memory)
    if preamble:
        out.texts["preamble"], _ = translation.carry(previous.preamble if previous else None,
                                                     preamble, memory)
    old_closing = previous.closing if previous else ()
    for k, line in enumerate(closing):
        same = [x for x in old_closing if translation.normalise(x.zh) == translation.normalise(line)]
        old_line = same[0] if same else (old_closing[k] if k < len(old_closing) else None)
        out.texts[f"closing:{k}"], _ = translation.carry(old_line, line, memory)
    for cid, ctitle, articles in plan.chapters:
        old_chapter = old_chapters.get(cid)
        out.texts[f"chapter:{cid}"], _ = translation.carry(
            old_chapter.title if old_chapter else None, ctitle, memory)
        for aid, text, _, _ in articles:
            old = old_articles.get(aid)
            key = f"article:{aid}"
            out.texts[key], out.how[key] = translation.carry(old.text if old else None, text, memory)
            if old is None:
                continue
            out.phrases[aid] = old.phrases
            out.feedback_left += len(old.feedback)
            if old.feedback:
                out.feedback[aid] = old.feedback
            if old.provisions:
                out.provisions[aid] = old.provisions
                if translation.normalise(old.text.zh) != translation.normalise(text):
                    out.changed.add(aid)
    return out


def carried_for(county: m.County | None, village_id: str, when: str, plan: Plan, title: str,
                body: str, preamble: str | None = None, closing: tuple[str, ...] = ()) -> Carried:
    """The carry-over from the village's latest revision before `when` and the county's memory;
    nothing when the data folder does not load (the summary says so)."""
    if county is None:
        carried = Carried()
        carried.note = ("the data folder has problems (python build.py --check), so no Tibetan, "
                        "phrase tag or provision was carried over")
        return carried
    regulation = county.regulations.get(village_id)
    earlier = [r for r in regulation.revisions if r.key < when] if regulation else []
    return carry_over(plan, earlier[-1] if earlier else None, translation.memory_of(county),
                      title, body, preamble, closing)


def carry_summary(carried: Carried, plan: Plan) -> str:
    """What the new revision kept, in figures: nothing is lost without the summary saying so."""
    if carried.note:
        return f"note: {carried.note}"
    count = sum(len(a) for _, _, a in plan.chapters)
    before = carried.before
    kept_provisions = sum(len(p) for p in carried.provisions.values())
    kept_phrases = sum(len(p) for p in carried.phrases.values())
    lines = [f"Tibetan of the {count} articles: kept {carried.count(translation.KEPT)}"
             f"/{before.get('tibetan', 0)} from {carried.previous or 'no earlier revision'}, "
             f"outdated {carried.count(translation.OUTDATED)} (the Chinese changed: old Tibetan "
             f"kept for the translator, not shown as current), from memory "
             f"{carried.count(translation.FROM_MEMORY)} (draft), missing "
             f"{carried.count(translation.MISSING)}",
             f"provisions kept {kept_provisions}/{before.get('provisions', 0)}, phrase tags kept "
             f"{kept_phrases}/{before.get('phrases', 0)}"]
    outdated = [k.split(":", 1)[1] for k, v in carried.how.items() if v == translation.OUTDATED]
    if outdated:
        lines.append(f"  outdated: {', '.join(outdated)}")
    if carried.changed:
        lines.append(f"  check the provisions of {', '.join(sorted(carried.changed))}: carried "
                     "from an article whose text changed")
    if carried.feedback_left:
        lines.append(f"  feedback links: {carried.feedback_left}, kept as a comment at their "
                     f"article (they name the feedback of the review of {carried.previous})")
    return "\n".join(lines)
