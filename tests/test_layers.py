"""The house by role: every import points down, no import cycles, the product never imports ``evals``.

Imports are read with ``ast`` (module level and inside functions alike: a lazy import is still a
dependency; so is ``__import__("…")``), so the check needs no import of the modules themselves.
"""

from __future__ import annotations

import ast
from pathlib import Path

from assistant.settings import REPO_ROOT

PACKAGE = REPO_ROOT / "assistant"
# Which roles each role may import (besides itself). Base modules sit under everything.
BASE = {"settings", "errors", "domain", "protocols", "yamldata"}
ALLOWED = {
    "base": {"base"},
    "knowledge": {"base"},
    "engine": {"base", "knowledge"},
    "exercises": {"base", "knowledge"},
    "stores": {"base", "exercises"},
    "pipeline": {"base", "knowledge", "engine"},
    "live": {"base", "pipeline", "knowledge.versions"},  # the Assistant a server keeps (index switches)
    "ui": {"base", "pipeline", "live", "stores", "exercises", "knowledge.corpus", "knowledge.badges",
           "knowledge.status"},  # the admin's corpus status (ui/admin_api.py)
    "cli": {"base", "knowledge", "engine", "exercises", "stores", "pipeline", "live", "ui"},
    "package": {"base", "pipeline"},  # the public face re-exports Assistant (lazily)
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path) -> dict[str, set[str]]:
    """{module: the ``assistant``/``evals`` modules it imports} for every .py file under ``root``."""
    modules = {module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                base = node.module
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in modules else base)
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) and (
                    (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                    or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")):
                targets.add(node.args[0].value)  # __import__("assistant.x") hides an import from a reader
        graph[name] = {t for t in targets if t.split(".")[0] in ("assistant", "evals") and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan 1972): each is an import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def role(module: str) -> str:
    parts = module.split(".")
    if module == "assistant":
        return "package"
    if len(parts) >= 2 and parts[1] in BASE:
        return "base"
    return parts[1] if len(parts) >= 2 else "package"


def _allowed(src: str, dst: str) -> bool:
    a, b = role(src), role(dst)
    if a == b:
        return True
    allowed = ALLOWED[a]
    return b in allowed or ".".join(dst.split(".")[1:3]) in allowed


def test_no_import_cycles():
    graph = import_graph(PACKAGE)
    assert cycles(graph) == []


def test_every_import_points_down():
    graph = import_graph(PACKAGE)
    wrong = sorted(f"{src} → {dst}" for src, targets in graph.items() for dst in targets
                   if dst.startswith("assistant") and not _allowed(src, dst))
    assert wrong == []


def test_the_product_never_imports_its_evaluation_suite():
    graph = import_graph(PACKAGE)
    wrong = [f"{src} → {dst}" for src, targets in graph.items() for dst in targets if dst.startswith("evals")]
    assert wrong == []


def test_the_ui_never_reaches_into_the_index():
    graph = import_graph(PACKAGE)
    assert {dst for src, targets in graph.items() if src.startswith("assistant.ui") for dst in targets
            if dst.startswith(("assistant.knowledge.index", "assistant.knowledge.retrieval"))} == set()


def test_cycle_finder_finds_a_cycle_by_hand():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
