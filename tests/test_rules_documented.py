"""Every rule name the code can print as `[rule]` has a row in the table "Rules" of
regulations/README.md, and every row names a rule the code can print.

The rule names are read from the source with `ast`, not from a run: a rule that only a rare
input triggers counts as much as a common one. A problem is made by a *constructor*: a class
with a field named `rule` (problems.Problem, syllablecheck.Fault) or a function or method with
a parameter named `rule` (fields.Context.report, translation.warn, Fields.unique_id ...). Each
call of one gives its rule as

- a string constant, or a conditional expression of them;
- a module-level string constant of the same file (`RULE = "x"`);
- the caller's own parameter `rule` (it forwards: the calls of the caller are checked instead),
  or the `.rule` of a problem already made (checked where that one was made).

Anything else cannot be listed, so the test fails and says where.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "plugins" / "regpub"
README = ROOT / "regulations" / "README.md"
TABLE_TITLE = "## Rules"


@dataclass(frozen=True)
class Slot:
    """Where a constructor takes its rule: the position among the call's arguments."""
    position: int
    default: str | None


def _sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"), str(path))
            for path in sorted(PACKAGE.rglob("*.py"))}


def _class_slot(cls: ast.ClassDef) -> Slot | None:
    """A dataclass or NamedTuple with a field `rule`: its fields in order are its arguments."""
    fields = [s for s in cls.body
              if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
    for i, s in enumerate(fields):
        if s.target.id == "rule":
            default = s.value.value if isinstance(s.value, ast.Constant) else None
            return Slot(i, default)
    return None


def _function_slot(fn: ast.FunctionDef, method: bool) -> Slot | None:
    args = fn.args.posonlyargs + fn.args.args
    names = [a.arg for a in args]
    if "rule" not in names:
        return None
    defaults = dict(zip(names[len(names) - len(fn.args.defaults):], fn.args.defaults))
    default = defaults.get("rule")
    # Called as obj.method(...): `self` is not among the call's arguments.
    position = names.index("rule") - (1 if method and names[0] in ("self", "cls") else 0)
    return Slot(position, default.value if isinstance(default, ast.Constant) else None)


def constructors(trees: dict[Path, ast.Module]) -> dict[str, list[Slot]]:
    """Name -> the rule slots of every constructor of the package (a name may have several)."""
    found: dict[str, list[Slot]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            slot = None
            if isinstance(node, ast.ClassDef):
                slot = _class_slot(node)
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        if (method := _function_slot(item, method=True)) is not None:
                            found.setdefault(item.name, []).append(method)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                slot = _function_slot(node, method=False)
            if slot is not None:
                found.setdefault(node.name, []).append(slot)
    return found


class Collector(ast.NodeVisitor):
    """The rule names of one file's constructor calls; what it cannot read goes to `unresolved`."""

    def __init__(self, path: Path, tree: ast.Module, known: dict[str, list[Slot]]):
        self.path = path.relative_to(ROOT).as_posix()
        self.known = known
        self.rules: set[str] = set()
        self.unresolved: list[str] = []
        self.constants = {t.id: s.value.value for s in tree.body if isinstance(s, ast.Assign)
                          for t in s.targets if isinstance(t, ast.Name)
                          and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)}
        self.functions: list[ast.FunctionDef] = []  # the enclosing functions, innermost last

    def visit_FunctionDef(self, node):
        self.functions.append(node)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else \
            node.func.attr if isinstance(node.func, ast.Attribute) else None
        for arg in self._rule_arguments(node, self.known.get(name, [])):
            self._resolve(arg, node)
        self.generic_visit(node)

    @staticmethod
    def _rule_arguments(node: ast.Call, slots: list[Slot]) -> list[ast.expr]:
        """The expressions given as `rule`; `rule=` counts in a call of anything
        (dataclasses.replace(problem, rule=...) too)."""
        keyword = [k.value for k in node.keywords if k.arg == "rule"]
        if keyword:
            return keyword
        out = []
        for slot in slots:
            if any(isinstance(a, ast.Starred) for a in node.args[:slot.position + 1]):
                out.append(node)  # *args: which one is the rule cannot be told; unresolved
            elif slot.position < len(node.args):
                out.append(node.args[slot.position])
        return out

    def _resolve(self, arg: ast.expr, call: ast.Call) -> None:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            if arg.value:
                self.rules.add(arg.value)
        elif isinstance(arg, ast.IfExp):
            self._resolve(arg.body, call)
            self._resolve(arg.orelse, call)
        elif isinstance(arg, ast.Name) and arg.id in self.constants:
            self.rules.add(self.constants[arg.id])
        elif isinstance(arg, ast.Name) and arg.id == "rule" and self._is_parameter("rule"):
            pass  # forwarded: the enclosing function is a constructor, its callers are checked
        elif isinstance(arg, ast.Attribute) and arg.attr == "rule":
            pass  # the rule of a problem already made, checked where it was made
        else:
            self.unresolved.append(f"{self.path}:{call.lineno}: rule given as "
                                   f"`{ast.unparse(arg)}` in `{ast.unparse(call)[:80]}`")

    def _is_parameter(self, name: str) -> bool:
        if not self.functions:
            return False
        args = self.functions[-1].args
        return name in [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]


def rules_in_code() -> tuple[set[str], list[str]]:
    trees = _sources()
    known = constructors(trees)
    rules: set[str] = {s.default for slots in known.values() for s in slots if s.default}
    unresolved: list[str] = []
    for path, tree in trees.items():
        collector = Collector(path, tree, known)
        collector.visit(tree)
        rules |= collector.rules
        unresolved += collector.unresolved
    return rules, unresolved


def rules_in_readme() -> list[str]:
    """The first column of the table under "## Rules", e.g. `| `missing-file` | ... |`."""
    lines = README.read_text(encoding="utf-8").splitlines()
    assert TABLE_TITLE in lines, f"regulations/README.md has no section '{TABLE_TITLE}'"
    rows = []
    for line in lines[lines.index(TABLE_TITLE) + 1:]:
        if line.startswith("## "):
            break
        cell = re.match(r"^\|\s*`([^`]+)`\s*\|", line)
        if cell:
            rows.append(cell.group(1))
    return rows


def test_every_rule_argument_can_be_read_from_the_source():
    _, unresolved = rules_in_code()
    assert not unresolved, ("rule names the test cannot list: give them as a string constant or "
                            "a module constant\n" + "\n".join(unresolved))


def test_every_rule_the_code_prints_is_in_the_readme_table_and_back():
    code, _ = rules_in_code()
    table = rules_in_readme()
    assert len(table) == len(set(table)), "a rule has two rows: " + \
        ", ".join(sorted({r for r in table if table.count(r) > 1}))
    assert not code - set(table), "rules missing from regulations/README.md's table: " + \
        ", ".join(sorted(code - set(table)))
    assert not set(table) - code, "rows of regulations/README.md's table no code prints: " + \
        ", ".join(sorted(set(table) - code))


def test_the_collector_finds_rules_given_every_way_the_code_gives_them():
    """The collector itself, on a made-up module: constants, forwarding, defaults, module
    constants, conditional rules, `rule=` in any call; and it refuses what it cannot read."""
    source = '''
RULE = "from-a-constant"
class Problem:
    path: str
    line: int
    message: str
    hint: str = ""
    rule: str = ""
def warn(ctx, line, message, hint, rule):
    ctx.append(Problem(ctx.path, line, message, hint, rule))
def unique(seen, what, rule="from-a-default"):
    warn(seen, 1, what, "", rule)
warn(None, 1, "m", "h", "positional")
Problem("p", 1, "m", "h", RULE)
Problem("p", 1, "m", rule="keyword" if x else "other-branch")
replace(problem, rule="in-replace")
Problem("p", 1, "m", "h", problem.rule)
Problem("p", 1, "m", "h", kind)
'''
    tree = ast.parse(source)
    known = constructors({Path("made-up.py"): tree})
    assert {name: [s.position for s in slots] for name, slots in known.items()} == \
        {"Problem": [4], "warn": [4], "unique": [2]}
    collector = Collector(PACKAGE / "made-up.py", tree, known)
    collector.visit(tree)
    assert collector.rules == {"positional", "from-a-constant", "keyword", "other-branch",
                               "in-replace"}
    assert [u.split(": ", 1)[1] for u in collector.unresolved] == \
        ["rule given as `kind` in `Problem('p', 1, 'm', 'h', kind)`"]
    assert {s.default for slots in known.values() for s in slots if s.default} == \
        {"from-a-default"}
