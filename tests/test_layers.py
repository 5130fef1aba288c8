"""Import layers: nothing imports upward, and there are no import circles between modules.

Layers, lowest first (ARCHITECTURE.md): base (errors, files, resources, kinds, clicknl, taal,
domeinen, gc_tuning, __init__) → model → data / checks / render → documents → commands → cli. A module may import its
own layer and the layers below it (data and checks may use each other's lower parts as noted).
Walks the AST of every module, so function-level imports count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "councilkit"

RANK = {"base": 0, "model": 1, "data": 2, "checks": 2, "render": 2, "documents": 3, "commands": 4, "cli": 5}
#: Known exceptions, each with its reason; the list may only shrink.
ALLOWED_UPWARD: set[tuple[str, str]] = set()
#: Known circles (issue 7 found them in render/, checks/ ↔ model/starter and documents/report*; all gone). May only shrink.
KNOWN_CYCLES: set[frozenset[str]] = set()


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] == "settings":  # the pydantic model of councilkit.yaml
        return "model"
    if len(parts) == 1 or parts[1] in {
        "errors",
        "files",
        "resources",
        "kinds",
        "clicknl",
        "taal",
        "domeinen",
        "gc_tuning",
        "__main__",
    }:
        return "cli" if module == "councilkit.__main__" else "base"
    if parts[1] == "cli":
        return "cli"
    return parts[1]


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts)
        found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path, name: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("councilkit"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if target.startswith("councilkit"):
                out.add(target)
                out.update(f"{target}.{a.name}" for a in node.names)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {i for i in _imports(path, name) if i in modules and i != name}
        for name, path in modules.items()
    }


def test_nothing_imports_upward() -> None:
    upward = sorted(
        (name, target)
        for name, targets in _graph().items()
        for target in targets
        if RANK[_layer(target)] > RANK[_layer(name)] and (name, target) not in ALLOWED_UPWARD
    )
    assert upward == [], upward


def test_model_and_data_never_import_documents_or_commands() -> None:
    bad = sorted(
        (name, target)
        for name, targets in _graph().items()
        if _layer(name) in {"model", "data"}
        for target in targets
        if _layer(target) in {"documents", "commands", "cli"}
    )
    assert bad == [], bad


def test_no_import_circles() -> None:
    graph = _graph()
    # A package importing its own submodules (re-exports) is not a circle of modules.
    edges = {
        n: {t for t in ts if not n.startswith(t + ".") and not t.startswith(n + ".")}
        for n, ts in graph.items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    new = [c for c in cycles if frozenset(c) not in KNOWN_CYCLES]
    assert new == [], new
