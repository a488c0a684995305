"""Load `regulations/` into the model, collecting every problem of the run.

`load(root)` returns a `County` or raises `DataError` listing all problems at once, each as
`path:line: what is wrong (how to fix) [rule]`.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from yaml.nodes import Node

from . import lock
from . import model as m
from . import glossary, translation
from .fields import ID_PATTERN, Context, Fields, is_plain
from .guards import check_script
from .problems import DataError, Problem
from .syllablecheck import check_bo
from .yamlsource import line_of, read_with_digest

REVISION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.yaml$")
# Size limits of one revision, reported like any rule (the shipped ones have at most 26 articles
# in 8 chapters): a page, a poster and a comparison of a regulation this long are unreadable, and
# a pasted-twice file is caught before it is published.
MAX_ARTICLES = 500
MAX_CHAPTERS = 50
MAX_REVISIONS = 50  # of one village: n revisions make n(n-1)/2 comparison pages
HEAD_COUNT = re.compile(r"^[0-9]+$")  # ASCII digits only: `²` or `５` is not a head-count


def load(root: Path | str, verify_lock: bool = True) -> m.County:
    """`verify_lock=False` is for `build.py lock --migrate` only, which verifies it itself."""
    root = Path(root)
    problems: list[Problem] = []
    loader = _Loader(root, problems)
    county = loader.county()
    if county is not None:
        corrections, withdrawals = loader.corrections(), loader.withdrawals()
        if verify_lock:
            county = lock.check(root, loader.shown(root), county, corrections, withdrawals,
                                problems)
        else:
            county = replace(county, withdrawals=tuple(withdrawals))
    if problems or county is None:
        raise DataError(problems)
    # Warnings do not stop the build: the build prints them and the dashboard counts them.
    return replace(county, warnings=tuple(sorted(set(loader.warnings))))


class _Loader:
    def __init__(self, root: Path, problems: list[Problem]):
        self.root = root
        self.problems = problems
        self.warnings: list[Problem] = []  # reported, but the data still loads
        self.glossary: tuple = ()
        # Paths in messages are relative to the folder that holds regulations/.
        self.base = root.resolve().parent
        self.kind_lines: dict[str, int] = {}  # revision source -> line of its 'kind'
        self.village_lines: dict[str, int] = {}  # village id -> its line in divisions.yaml
        self.divisions_path = "regulations/divisions.yaml"
        self.points: m.PointsRules | None = None

    def shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.base).as_posix()
        except ValueError:
            return path.as_posix()

    def open(self, path: Path) -> tuple[Node | None, Context]:
        ctx = Context(self.shown(path), self.problems)
        ctx.digest = ""
        ctx.warnings = self.warnings
        ctx.glossary = self.glossary  # glossary terms a reviewed text must use (glossary.py)
        if not path.is_file():
            ctx.report(1, "file is missing", f"create {path.name} (see regulations/README.md)",
                       "missing-file")
            return None, ctx
        node, found, ctx.digest = read_with_digest(path, ctx.path)
        self.problems.extend(found)
        return node, ctx

    # -- the whole county ------------------------------------------------------------------

    def county(self) -> m.County | None:
        node, ctx = self.open(self.root / "divisions.yaml")
        divisions = self.divisions(node, ctx) if node is not None else None
        node, ctx = self.open(self.root / "phrases.yaml")
        themes, phrases, phrases_sample = self.phrases(node, ctx) if node is not None else ((), (), False)
        if divisions is None:
            return None
        code, name, pinyin, townships = divisions
        villages = {v.id: v for t in townships for v in t.villages}
        phrase_ids = {p.id for p in phrases}
        self.points = self.points_rules()
        names = [(t.id, t.name) for t in townships] + [(v.id, v.name) for v in villages.values()]
        # Before the revisions: a reviewed text is checked against the glossary as it is read.
        self.glossary = glossary.read(self, names, phrases, self.points)
        regulations = self.regulations(villages, phrase_ids)
        supervision = self.supervision(regulations, set(villages))
        county = m.County(code, name, pinyin, townships, themes, phrases, regulations,
                          phrases_sample, self.points, supervision)
        return replace(county, glossary=self.glossary)

    # -- points.yaml: the county's points system --------------------------------------------

    def points_rules(self) -> m.PointsRules | None:
        path = self.root / "points.yaml"
        if not path.exists():
            return None
        node, ctx = self.open(path)
        top = Fields.of(node, ctx, "points rules") if node is not None else None
        if top is None:
            return None
        limits = top.mapping("range")
        low = high = 0
        if limits:
            low = limits.int("min", minimum=None) or 0
            high = limits.int("max", minimum=None) or 0
            if low > high:  # every provision would then be "outside the range 20..-20"
                ctx.report(limits.node, f"points range: min {low} is above max {high}",
                           "write the lower bound as min, e.g. range: {min: -50, max: 50}",
                           "points-range")
            limits.done()
        measures, seen = [], {}
        for item in top.list("measures"):
            f = Fields.of(item, ctx, "measure")
            if f is None:
                continue
            mid = f.unique_id(seen, "measure")
            measure = m.Measure(mid or "", self.text(f.mapping("name"), close=True))
            f.done()
            if mid:
                measures.append(measure)
        top.done()
        return m.PointsRules(low, high, tuple(measures))

    def provisions(self, a: Fields) -> tuple[m.Provision, ...]:
        out = []
        for node in a.list("provisions", required=False):
            f = Fields.of(node, a.ctx, f"{a.where} > provision")
            if f is None:
                continue
            if self.points is None:
                a.ctx.report(node, f"{a.where}: provisions but no regulations/points.yaml",
                             "create points.yaml with the county's range and measures",
                             "points-range")
                continue
            kind = f.choice("kind", m.PROVISION_KINDS)
            points = f.int("points", required=False, minimum=None)
            rules = self.points
            if points is not None and not rules.minimum <= points <= rules.maximum:
                a.ctx.report(f.values["points"][1], f"{f.where}: {points} points is outside the "
                             f"county's range {rules.minimum}..{rules.maximum}",
                             "the range is set once for the county in regulations/points.yaml",
                             "points-range")
            elif points is not None and kind == "reward" and points <= 0 or \
                    points is not None and kind == "penalty" and points >= 0 or \
                    points is not None and kind == "education":
                sign = {"reward": "more than 0", "penalty": "less than 0",
                        "education": "left out"}[kind]
                a.ctx.report(f.values["points"][1], f"{f.where}: a {kind} with {points} points",
                             f"points of a {kind} are {sign}", "points-sign")
            measures = []
            known = {x.id for x in rules.measures}
            for mid, mnode in f.id_list("measures"):
                if mid not in known:
                    a.ctx.report(mnode, f"{f.where}: unknown measure '{mid}'",
                                 f"use one of: {', '.join(sorted(known))}" if known else
                                 "add the measure to regulations/points.yaml", "unknown-measure")
                else:
                    measures.append(mid)
            if kind == "penalty" and points is None and not measures:
                a.ctx.report(node, f"{f.where}: a penalty with neither points nor measures",
                             "give its points (e.g. -5) or its measures", "missing-field")
            condition = self.text(f.mapping("condition"), close=True)
            f.done()
            out.append(m.Provision(kind or "", condition, points, tuple(measures)))
        return tuple(out)

    # -- supervision.yaml: the villages' supervision groups ----------------------------------

    ROLES = ("leader", "deputy", "member", "liaison")

    def supervision(self, regulations: dict[str, m.Regulation],
                    villages: set[str]) -> dict[str, m.SupervisionGroup]:
        path = self.root / "supervision.yaml"
        if not path.exists():
            return {}
        node, ctx = self.open(path)
        top = Fields.of(node, ctx, "supervision groups") if node is not None else None
        if top is None:
            return {}
        groups: dict[str, m.SupervisionGroup] = {}
        for item in top.list("groups"):
            f = Fields.of(item, ctx, "supervision group")
            if f is None:
                continue
            vid = f.id("village")
            f.where = f"supervision group of '{vid}'"
            if vid and vid not in villages:
                ctx.report(f.values["village"][1], f"{f.where}: '{vid}' is not a village in "
                           "divisions.yaml", "use a village id from divisions.yaml", "unknown-village")
            roles = []
            roles_f = f.mapping("roles")
            if roles_f:
                for role, (key_node, value) in roles_f.values.items():
                    roles_f.used.add(role)
                    if role not in self.ROLES:
                        ctx.report(key_node, f"{f.where}: unknown role '{role}'",
                                   f"roles are: {', '.join(self.ROLES)} (head-counts only)",
                                   "unknown-field")
                        continue
                    # scalar(): a single value that passed the content guards, like any field
                    count = roles_f.scalar(role)
                    if count is None:
                        pass
                    elif not (count.value.isdigit() and is_plain(count)):
                        ctx.report(value, f"{f.where}: role '{role}' is '{count.value}'"
                                   ", which looks like a person's name", "list head-counts only, e.g. "
                                   f"{role}: 3; names of people never go on the site", "personal-data")
                    elif not HEAD_COUNT.match(count.value):  # ², ５: digits, not a number
                        ctx.report(value, f"{f.where}: role '{role}' is '{count.value}', not a "
                                   "head-count", f"write the number in digits 0-9, e.g. {role}: 3",
                                   "wrong-type")
                    elif len(count.value) > 4:  # also keeps int() off a 5,000-digit number
                        ctx.report(value, f"{f.where}: role '{role}' has {len(count.value)} digits, "
                                   "not a head-count", f"write how many people are {role}, e.g. "
                                   f"{role}: 3", "out-of-range")
                    else:
                        roles.append((role, int(count.value)))
            regulation = regulations.get(vid)
            records = []
            for rnode in f.list("enforcement", required=False):
                r = Fields.of(rnode, ctx, f"{f.where} > enforcement")
                if r is None:
                    continue
                start, end = r.date("from"), r.date("to")
                article = r.id("article")
                if article and start and regulation:
                    self.check_record_article(r, regulation, start, article)
                if start and end and end < start:
                    ctx.report(r.values["to"][1], f"{r.where}: the period ends before it starts",
                               "check the dates", "date-order")
                records.append(m.EnforcementRecord(start, end, article or "",
                                                   r.int("dissuaded", required=False) or 0,
                                                   r.int("corrected", required=False) or 0))
                r.done()
            supermarket = bool(f.bool("supermarket", required=False))
            f.done()
            if vid in groups:
                ctx.report(item, f"{f.where}: a second group for the same village",
                           "one supervision group per village", "duplicate-id")
            elif vid:
                groups[vid] = m.SupervisionGroup(vid, tuple(roles), tuple(records), supermarket)
        top.done()
        return groups

    def check_record_article(self, r: Fields, regulation: m.Regulation, start, article: str):
        """A record refers to an article of the revision in force when its period began (the
        points page links it there, with that revision's number): a later revision that drops
        or renames the article leaves the record valid."""
        folder = self.shown(self.root / "villages" / regulation.village.id) + "/"
        if any(p.path.startswith(folder) for p in self.problems):
            return  # a revision with problems may have lost the article, or itself, to them
        in_force = regulation.in_force(start)
        if in_force is None:
            r.ctx.report(r.values["from"][1], f"{r.where}: the period starts on {start}, before "
                         f"the village's first regulation ({regulation.revisions[0].adopted})",
                         "check the dates", "date-order")
        elif article not in {n.id for n in in_force.numbered()}:
            r.ctx.report(r.values["article"][1], f"{r.where}: article '{article}' is not in the "
                         f"regulation in force on {start} (revision of {in_force.adopted})",
                         f"use an article id of {in_force.source}", "unknown-article")

    # -- corrections.yaml and withdrawn.yaml: recorded changes of published revisions ------
    # Read here, with the data's own rules; lock.check decides whether they hold.

    def corrections(self) -> list[m.Correction]:
        out = []
        for f, file in self.records(lock.CORRECTIONS_NAME, "corrections", "correction"):
            out.append(m.Correction(file, f.date("date"), f.text("sha256") or "",
                                    self.text(f.mapping("reason"), close=True), f.ctx.path, f.line))
            f.done()
        return out

    def withdrawals(self) -> list[m.Withdrawal]:
        out = []
        for f, file in self.records(lock.WITHDRAWN_NAME, "withdrawn", "withdrawal"):
            named = lock.KEY.fullmatch(file)
            try:
                adopted = date.fromisoformat(named.group(2)) if named else None
            except ValueError:  # 2025-02-30.yaml: lock.check reports it as no revision file
                adopted = None
            out.append(m.Withdrawal(file, adopted, f.date("date"),
                                    self.text(f.mapping("reason"), close=True), f.ctx.path, f.line))
            f.done()
        return out

    def records(self, name: str, key: str, what: str):
        """The items of the list `key` in the optional file `name`, with their 'file' field."""
        path = self.root / name
        if not path.exists():
            return
        node, ctx = self.open(path)
        top = Fields.of(node, ctx, f"{name}") if node is not None else None
        if top is None:
            return
        for item in top.list(key):
            f = Fields.of(item, ctx, what)
            if f is None:
                continue
            file = f.text("file") or ""
            f.where = f"{what} of '{file}'"
            yield f, file
        top.done()

    # -- divisions.yaml --------------------------------------------------------------------

    def name(self, f: Fields | None, fallback: str = "") -> m.Name:
        if f is None:
            return m.Name(fallback)
        zh = f.text("zh") or fallback
        bo = f.text("bo", required=False)
        status = f.choice("bo_status", m.NAME_STATUSES, required=bo is not None)
        if bo is not None:
            check_script(f.ctx, f.values["bo"][1], bo, "bo", f"{f.where}: 'bo'")
            check_bo(f.ctx, f.values["bo"][1], f.where, bo, status)
        if status and bo is None:
            f.ctx.report(f.values["bo_status"][1], f"{f.where}: bo_status without a 'bo' spelling",
                         "add the Tibetan spelling or remove bo_status", "status-without-text")
        f.done()
        return m.Name(zh, bo, status if bo else None)

    def divisions(self, node: Node, ctx: Context):
        top = Fields.of(node, ctx, "divisions")
        if top is None:
            return None
        county = top.mapping("county")
        code = name = pinyin = None
        if county:
            code = county.text("code")
            name = self.name(county.mapping("name"))
            pinyin = county.text("pinyin")
            county.done()
        townships = []
        seen: dict[str, int] = {}
        township_ids: dict[str, int] = {}
        self.divisions_path = ctx.path
        for t_node in top.list("townships"):
            t = Fields.of(t_node, ctx, "township")
            if t is None:
                continue
            tid = t.unique_id(township_ids, "township")
            t.where = f"township '{tid}'"
            villages = []
            for v_node in t.list("villages"):
                v = Fields.of(v_node, ctx, f"village in {t.where}")
                if v is None:
                    continue
                vid = v.unique_id(seen, "village")
                v.where = f"village '{vid}'"
                village = m.Village(vid or "", v.text("code") or "",
                                    v.choice("kind", ("village", "residents_committee")) or "",
                                    self.name(v.mapping("name")), v.text("pinyin") or "",
                                    tid or "", self.aliases(v))
                v.done()
                if vid:
                    self.village_lines[vid] = seen[vid]
                    villages.append(village)
            townships.append(m.Township(tid or "", t.text("code") or "",
                                        t.choice("kind", ("town", "township")) or "",
                                        self.name(t.mapping("name")), t.text("pinyin") or "",
                                        tuple(villages), self.aliases(t)))
            t.done()
        top.done()
        if code is None or name is None:
            return None
        return code, name, pinyin or "", tuple(townships)

    @staticmethod
    def aliases(f: Fields) -> tuple[str, ...]:
        return f.text_list("aliases")  # other names people search by: guarded like any text

    # -- phrases.yaml ----------------------------------------------------------------------

    def phrases(self, node: Node, ctx: Context):
        top = Fields.of(node, ctx, "phrases file")
        if top is None:
            return (), (), False
        sample = bool(top.bool("sample"))
        themes = []
        seen_themes: dict[str, int] = {}
        for t_node in top.list("themes"):
            t = Fields.of(t_node, ctx, "theme")
            if t is None:
                continue
            tid = t.unique_id(seen_themes, "theme")
            t.where = f"theme '{tid}'"
            theme = m.Theme(tid or "", self.text(t.mapping("name")))
            t.done()
            if tid:
                themes.append(theme)
        theme_ids = {t.id for t in themes}
        phrases: list[m.Phrase] = []
        seen: dict[str, int] = {}
        for p_node in top.list("phrases"):
            p = Fields.of(p_node, ctx, "phrase")
            if p is None:
                continue
            pid = p.unique_id(seen, "phrase")
            p.where = f"phrase '{pid}'"
            theme = p.id("theme")
            if theme and theme not in theme_ids:
                ctx.report(p.values["theme"][1], f"{p.where}: unknown theme '{theme}'",
                           f"use one of: {', '.join(sorted(theme_ids))}", "unknown-theme")
            phrase = m.Phrase(pid or "", theme or "", self.text(p), self.text(p.mapping("explanation")))
            p.done()
            if pid:
                phrases.append(phrase)
        top.done()
        return tuple(themes), tuple(phrases), sample

    # -- bilingual text --------------------------------------------------------------------

    @staticmethod
    def text(f: Fields | None, close: bool = False) -> m.Text:
        """Read zh / bo / bo_status from `f` (the mapping may hold other fields too)."""
        if f is None:
            return m.Text("")
        zh = f.text("zh") or ""
        if zh:
            check_script(f.ctx, f.values["zh"][1], zh, "zh", f"{f.where}: 'zh'")
        status = f.choice("bo_status", m.TRANSLATION_STATUSES)  # None: absent or invalid
        bo = f.text("bo", required=status in ("draft", "reviewed", "outdated"))
        if bo is not None:
            check_script(f.ctx, f.values["bo"][1], bo, "bo", f"{f.where}: 'bo'")
            check_bo(f.ctx, f.values["bo"][1], f.where, bo, status or "draft")
            if status == "missing":
                f.ctx.report(f.values["bo"][1], f"{f.where}: has 'bo' text but bo_status is "
                             "missing", "set bo_status: draft (or reviewed once a translator "
                             "checked it)", "status-mismatch")
        status = status or ("draft" if bo else "missing")  # the problem is already reported
        text = translation.read_lifecycle(f, zh, bo, status)  # bo_review, bo_was; outdated
        if close:
            f.done()
        return text

    def optional_text(self, f: Fields, name: str) -> m.Text | None:
        sub = f.mapping(name, required=False)
        return self.text(sub, close=True) if sub else None

    # -- villages/<id>/<date>.yaml ---------------------------------------------------------

    def regulations(self, villages: dict[str, m.Village], phrase_ids: set[str]):
        folder = self.root / "villages"
        out: dict[str, m.Regulation] = {}
        if not folder.is_dir():
            self.problems.append(Problem(self.shown(folder), 1, "folder is missing",
                                         "create regulations/villages/<village-id>/", "missing-file"))
            return out
        for stray in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
            self.problems.append(Problem(
                self.shown(stray), 1, "file directly in regulations/villages/",
                "revision files go into their village's folder: villages/<village-id>/",
                "file-name"))
        for vdir in sorted(p for p in folder.iterdir() if p.is_dir()):
            shown = self.shown(vdir)
            if vdir.name not in villages:
                self.problems.append(Problem(
                    shown, 1, f"folder '{vdir.name}' is not a village in divisions.yaml",
                    "rename it to a village id from divisions.yaml", "unknown-village"))
                continue
            revisions = []
            for path in sorted(vdir.iterdir()):
                if path.name.startswith("."):
                    continue
                if path.is_dir():
                    self.problems.append(Problem(
                        self.shown(path), 1, "folder inside a village folder",
                        "keep only YYYY-MM-DD.yaml revision files in a village's folder",
                        "file-name"))
                    continue
                match = REVISION_NAME.match(path.name)
                if not match:
                    self.problems.append(Problem(
                        self.shown(path), 1, f"'{path.name}' is not named as a revision",
                        "name revision files by adoption date: YYYY-MM-DD.yaml", "file-name"))
                    continue
                revision = self.revision(path, vdir.name, match.group(1), phrase_ids)
                if revision:
                    revisions.append(revision)
            if not revisions:
                if not any(REVISION_NAME.match(p.name) for p in vdir.iterdir()):
                    self.problems.append(Problem(
                        shown, 1, f"village folder '{vdir.name}' has no revision",
                        "add its regulation as YYYY-MM-DD.yaml or delete the folder",
                        "empty-village"))
                continue
            self.check_order(revisions)
            if len(revisions) > MAX_REVISIONS:  # the site compares every pair of them
                self.problems.append(Problem(
                    shown, 1, f"village folder '{vdir.name}' has {len(revisions)} revisions, over "
                    f"the limit of {MAX_REVISIONS}", "a village adopts a revision every few years; "
                    "check for copies of the same revision under other dates", "too-many-revisions"))
            out[vdir.name] = m.Regulation(villages[vdir.name], tuple(revisions))
        for vid in villages:
            if vid not in out and not (folder / vid).is_dir():
                self.problems.append(Problem(
                    self.divisions_path, self.village_lines.get(vid, 1),
                    f"village '{vid}' has no regulation folder",
                    f"create regulations/villages/{vid}/ with its revisions", "missing-village"))
        return out

    def check_order(self, revisions: list[m.Revision]) -> None:
        """File names order the revisions (each name is its date); kinds must agree."""
        for r in revisions[1:]:
            if r.kind == "initial":
                self.problems.append(Problem(
                    r.source, self.kind_lines.get(r.source, 1), f"kind 'initial' on {r.adopted}, after the revision of "
                    f"{revisions[0].adopted}", "only the oldest revision is 'initial': use "
                    "'revision' or 'review', or check the adopted date", "revision-order"))

    def revision(self, path: Path, village: str, name_date: str, phrase_ids: set[str]):
        node, ctx = self.open(path)
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
        body = self.text(f.mapping("body"), close=True)
        title = self.text(f.mapping("title"), close=True)
        summary = self.text(f.mapping("summary"), close=True)
        votes = self.votes(f.mapping("votes", required=False))
        filed = f.date("filed", required=False)
        if filed and adopted and filed < adopted:
            ctx.report(f.values["filed"][1], f"filed {filed} is before adopted {adopted}",
                       "a revision is filed with the township after its meeting adopts it",
                       "date-order")
        review = self.review(f.mapping("review", required=kind == "review"))
        if review and kind != "review":
            ctx.report(f.values["review"][0], f"a review record in a revision of kind '{kind}'",
                       "set kind: review, or remove the review record", "review-kind")
        feedback_ids = {fb.id for fb in review.feedback} if review else set()
        chapters = self.chapters(f, ctx, phrase_ids, feedback_ids)
        f.done()
        if None in (sample, adopted, kind) or not chapters:
            return None
        return m.Revision(village, adopted, kind, body, title, summary, chapters, sample,
                          votes, filed, review, ctx.path, ctx.digest)

    def votes(self, f: Fields | None) -> m.Votes | None:
        if f is None:
            return None
        votes = m.Votes(f.int("for", required=False), f.int("against", required=False),
                        f.int("abstain", required=False))
        f.done()
        return votes

    def review(self, f: Fields | None) -> m.ReviewRecord | None:
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
            items.append(m.FeedbackItem(fid or "", self.text(ff.mapping("text"), close=True),
                                        ff.choice("outcome", m.FEEDBACK_OUTCOMES) or "",
                                        self.optional_text(ff, "why")))
            ff.done()
        f.done()
        return m.ReviewRecord(tuple(meetings), tuple(items))

    def chapters(self, f: Fields, ctx: Context, phrase_ids: set[str], feedback_ids: set[str]):
        chapters = []
        article_lines: dict[str, int] = {}
        chapter_lines: dict[str, int] = {}
        for c_node in f.list("chapters"):
            c = Fields.of(c_node, ctx, "chapter")
            if c is None:
                continue
            cid = c.unique_id(chapter_lines, "chapter")
            c.where = f"chapter '{cid}'"
            title = self.text(c.mapping("title"), close=True)
            articles = []
            article_nodes = c.list("articles")
            for a_node in article_nodes:
                article = self.article(a_node, ctx, phrase_ids, feedback_ids, article_lines)
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
            ctx.report(f.values["chapters"][0], f"revision has {count:,} articles, over the limit of "
                       f"{MAX_ARTICLES}", "a village regulation has a few dozen articles; check "
                       "that the file was not pasted twice", "too-many-articles")
        return tuple(chapters)

    def article(self, node: Node, ctx: Context, phrase_ids: set[str], feedback_ids: set[str],
                seen: dict[str, int]) -> m.Article | None:
        a = Fields.of(node, ctx, "article")
        if a is None:
            return None
        aid = a.unique_id(seen, "article", "duplicate-article-id")
        a.where = f"article '{aid}'"
        text = self.text(a)
        phrases = []
        for pid, pnode in a.id_list("phrases"):
            if pid not in phrase_ids:
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
        reason = self.optional_text(a, "reason")
        provisions = self.provisions(a)
        a.done()
        if not aid or not text.zh:
            return None
        return m.Article(aid, text, tuple(phrases), reason, tuple(feedback), provisions)


def text_of(f: Fields | None) -> m.Text:
    """A bilingual text mapping on its own (zh, bo, bo_status and nothing else)."""
    return _Loader.text(f, close=True)


__all__ = ["load", "text_of", "DataError", "ID_PATTERN"]
