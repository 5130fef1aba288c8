"""Councilkit's own modules are imported at the top of a module; where one is imported inside a
function, a comment says why (almost always start-up: the import would pull DuckDB, python-docx,
plotly, openpyxl, Jinja2, markdown-it or pydantic into `--help` or `check`).

A reason counts when it is a comment on the import line, a comment directly above the block of
imports, or — for a module whose every function defers its imports for one reason (the option
parsers in `commands/`) — one `# Deferred imports: …` line at the top of the module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

_MODULE_REASON = re.compile(r"^# Deferred imports: \S")
_IMPORT_LINE = re.compile(r"^\s*(from \S+ import|import \S)")


def _own_imports_in_functions(tree: ast.Module) -> list[ast.ImportFrom | ast.Import]:
    found: list[ast.ImportFrom | ast.Import] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                own = (
                    isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("councilkit")
                ) or (
                    isinstance(inner, ast.Import)
                    and any(a.name.startswith("councilkit") for a in inner.names)
                )
                if own and inner not in found:
                    found.append(inner)  # type: ignore[arg-type]
    return found


def _has_reason(lines: list[str], node: ast.ImportFrom | ast.Import) -> bool:
    if "#" in lines[node.lineno - 1]:
        return True
    index = node.lineno - 2
    while index >= 0:
        text = lines[index].strip()
        if text.startswith("#"):
            return True
        # Walk up through the rest of the import block (and the lines of a wrapped import).
        if _IMPORT_LINE.match(lines[index]) or text == "" or text == ")" or text.endswith(","):
            index -= 1
            continue
        return False
    return False


def unexplained() -> list[str]:
    out = []
    for path in sorted((ROOT / "councilkit").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if any(_MODULE_REASON.match(line) for line in lines):
            continue
        for node in _own_imports_in_functions(ast.parse(text)):
            if not _has_reason(lines, node):
                out.append(f"{path.relative_to(ROOT)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return out


def test_every_function_level_own_import_says_why() -> None:
    missing = unexplained()
    assert not missing, "import at the top, or say why not:\n" + "\n".join(missing)


def test_the_rule_sees_a_bare_import(tmp_path: Path) -> None:
    """The check itself: a bare function-level import is caught, a commented one is not."""
    bare = "def f():\n    x = 1\n    from councilkit.render import nl\n    return nl\n"
    told = "def f():\n    # deferred: babel is heavy\n    from councilkit.render import nl\n    return nl\n"
    for source, expected in ((bare, False), (told, True)):
        tree = ast.parse(source)
        (node,) = _own_imports_in_functions(tree)
        assert _has_reason(source.splitlines(), node) is expected
