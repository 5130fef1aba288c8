"""The seams between layers are typed: a monitor store, its DuckDB connection and the frameworks
a document is built from are never `Any`, so mypy checks every call across them."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

#: Parameter names that carry a seam between layers, and the importers' connection and staged rows
#: (an aggregate's row is read through `importers.common.aggregate`, not through `Any`).
SEAMS = {"store", "db", "wetten", "catalogue", "con", "staged"}


def test_no_seam_parameter_is_any() -> None:
    untyped = []
    for path in sorted((ROOT / "councilkit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            for arg in args:
                if arg.arg in SEAMS and (arg.annotation is None or "Any" in ast.unparse(arg.annotation)):
                    untyped.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}({arg.arg})")
            opener = node.name in {"_open_store", "open_data", "open_store"}
            if opener and node.returns is not None and "Any" in ast.unparse(node.returns):
                untyped.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} -> Any")
    assert not untyped, untyped


def test_the_store_keeps_a_typed_connection() -> None:
    from councilkit.data.store import Store
    from councilkit.data.store_read import StoreReads

    assert Store.__init__.__annotations__["con"] == "DuckDBPyConnection"
    assert StoreReads.__annotations__["con"] == "DuckDBPyConnection"
    from councilkit.data.store_import import StoreImports

    assert StoreImports.__annotations__["con"] == "DuckDBPyConnection"
