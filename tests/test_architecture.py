"""The shape of plugins/regpub (docs/ARCHITECTURE.md), read from the imports of its source:
only the MkDocs glue knows MkDocs, no module imports a higher layer, no import circle.

Every module falls into a layer by its name, or by its package's (`readers.text` is in the
layer of `readers`): a new module or package that is in no layer fails the test until it is
given one below.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "regpub"

# Bottom first. A module may import its own layer or a lower one (and never in a circle).
LAYERS: list[tuple[str, set[str]]] = [
    ("shared ground", {"problems", "limits", "paths", "model", "tibetan", "numbering", "workers",
                       "tempfolders"}),
    ("reading YAML, guards", {"yamlsource", "fields", "guards", "syllablecheck", "yamledit",
                              "output"}),
    ("readers and the rules across files", {"readers", "load", "lock", "translation",
                                            "glossary", "messages"}),
    ("derived from the model", {"diff", "points", "addresses"}),
    ("outputs", {"render", "site", "search", "opendata", "posters", "offline", "webfonts", "sitemap",
                 "changes"}),
    ("the pipeline and the other commands", {"pipeline", "commands", "exchange", "importer",
                                             "importing"}),
    ("MkDocs glue", {"plugin", "config", "mkdocs_host"}),
]
GLUE = LAYERS[-1][1]  # the only modules that may know the page generator
GENERATOR_PACKAGES = {"mkdocs", "material", "mkdocs_static_i18n"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    top = module.split(".")[0]
    for number, (_, names) in enumerate(LAYERS):
        if top in names:
            return number
    raise AssertionError(f"plugins/regpub/{module.replace('.', '/')}: in no layer; add "
                         f"{top!r} to LAYERS in tests/test_architecture.py (and to "
                         f"docs/ARCHITECTURE.md)")


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _imports(tree: ast.AST):
    """Every import statement, also inside functions (a lazy import is still a dependency);
    not those under `if TYPE_CHECKING:`, which never run."""
    for node in ast.iter_child_nodes(tree):
        if _type_checking_only(node):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        yield from _imports(node)


def imports_of(module: str) -> tuple[set[str], set[str]]:
    """(modules of regpub it imports, other top-level packages it imports)."""
    path = MODULES[module]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    ours, others = set(), set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "regpub":
                    ours.add(alias.name.removeprefix("regpub").lstrip("."))
                else:
                    others.add(alias.name.split(".")[0])
            continue
        if node.level == 0:
            if (node.module or "").split(".")[0] != "regpub":
                others.add(node.module.split(".")[0])
                continue
            base = node.module.split(".")[1:]
        else:
            base = package[:len(package) - node.level + 1] + (node.module.split(".")
                                                              if node.module else [])
        for alias in node.names:  # `from . import site`: a module; `from .site import url`: not
            candidate = ".".join([*base, alias.name])
            ours.add(candidate if candidate in MODULES else ".".join(base))
    ours.discard(module)
    return {m for m in ours if m}, others


GRAPH = {module: imports_of(module)[0] for module in MODULES if module}


def test_every_module_is_in_a_layer():
    for module in MODULES:
        if module:
            layer_of(module)


def test_only_the_glue_knows_mkdocs_or_material():
    knowing = {module: sorted(imports_of(module)[1] & GENERATOR_PACKAGES) for module in MODULES}
    outside = {m: pkgs for m, pkgs in knowing.items() if pkgs and m.split(".")[0] not in GLUE}
    assert outside == {}, f"only {sorted(GLUE)} may import {sorted(GENERATOR_PACKAGES)}"
    assert knowing["plugin"], "the glue is where MkDocs is: the test reads the imports right"


def test_no_module_imports_a_higher_layer():
    upward = sorted(f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} "
                    f"({LAYERS[layer_of(target)][0]})"
                    for module, targets in GRAPH.items() for target in targets
                    if layer_of(target) > layer_of(module))
    assert upward == []


def test_no_import_circle():
    circles = _circles(GRAPH)
    assert circles == [], "import circles: " + "; ".join(" -> ".join(c) for c in circles)


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_circle_finder_finds_a_circle_and_only_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("source, expected", [
    ("from . import site, pipeline", {"site", "pipeline"}),
    ("from .site import url", {"site"}),
    ("def f():\n    from .posters import check_fonts", {"posters"}),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .fields import Context", set()),
])
def test_the_import_reader_sees_relative_lazy_and_skips_type_only_imports(
        source, expected, tmp_path, monkeypatch):
    # A module at the package's top, as commands.py is: only its place matters.
    monkeypatch.setitem(MODULES, "commands", tmp_path / "commands.py")
    (tmp_path / "commands.py").write_text(source, encoding="utf-8")
    assert imports_of("commands")[0] == expected


def test_an_upward_import_is_named():
    assert layer_of("pipeline") > layer_of("render") > layer_of("addresses") > layer_of("load")
    assert layer_of("readers.text") == layer_of("load")  # a package's modules share its layer
    with pytest.raises(AssertionError, match="in no layer"):
        layer_of("newmodule")
