"""What a new revision keeps of the village's previous one (matched by id, see ids.py) and of
the county's translation memory.

The Tibetan of each text follows `translation.carry` (kept when the Chinese is the same after
normalising; `outdated` with the old Chinese in `bo_was` when it changed; a `draft` from memory
for a text with nothing to continue). Phrase tags are about the subject and stay with the
article even when it was reworded; provisions stay too, flagged for a check when the text
changed (the points are stated in the text). Reasons and feedback links are not carried: they
explain the earlier revision. The summary gives every count, so nothing is lost silently.
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
    texts: dict[str, m.Text] = field(default_factory=dict)  # "title", "body", "chapter:<id>", "article:<id>"
    how: dict[str, str] = field(default_factory=dict)  # "article:<id>" -> kept/outdated/memory/missing
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # article id -> phrase ids
    provisions: dict[str, tuple[m.Provision, ...]] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # provisions carried from a changed article
    before: dict[str, int] = field(default_factory=dict)  # counts in the previous revision
    feedback_left: int = 0  # feedback links not carried (they belong to the earlier review)
    note: str | None = None  # why nothing could be carried

    def text(self, key: str, zh: str) -> m.Text:
        carried = self.texts.get(key)
        return carried if carried is not None and carried.zh == zh else m.Text(zh)

    def count(self, how: str) -> int:
        return sum(1 for k, v in self.how.items() if k.startswith("article:") and v == how)


def carry_over(plan: Plan, previous: m.Revision | None, memory: translation.Memory | None,
               title: str, body: str) -> Carried:
    """For every text of the plan, what it keeps of `previous` and `memory`: articles and
    chapters by id, the title and the adopting body by their Chinese (see the module's doc)."""
    out = Carried(previous.key if previous else None)
    old_articles = {n.article.id: n.article for n in previous.numbered()} if previous else {}
    old_chapters = {c.id: c for c in previous.chapters} if previous else {}
    if previous:
        out.before = {"tibetan": sum(1 for a in old_articles.values() if a.text.bo or a.text.outdated_bo),
                      "provisions": previous.provision_count,
                      "phrases": sum(len(a.phrases) for a in old_articles.values())}
    out.texts["title"], _ = translation.carry(previous.title if previous else None, title, memory)
    out.texts["body"], _ = translation.carry(previous.body if previous else None, body, memory)
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
            if old.provisions:
                out.provisions[aid] = old.provisions
                if translation.normalise(old.text.zh) != translation.normalise(text):
                    out.changed.add(aid)
    return out


def carried_for(county: m.County | None, village_id: str, when: str, plan: Plan, title: str,
                body: str) -> Carried:
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
                      title, body)


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
        lines.append(f"  feedback links not carried: {carried.feedback_left} (they belong to "
                     f"the review of {carried.previous})")
    return "\n".join(lines)
