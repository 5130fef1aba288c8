"""`councilkit --help` and `councilkit check` load only what they use.

Start-up time is measured in `benchmarks/bench_startup.py` (timings stay out of tests); what these
tests pin is the cause of most regressions there: a module-level import that drags a heavy library
or every framework model into a command that does not need it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BREDA

#: Libraries only documents and data commands need.
HEAVY = ("duckdb", "docx", "plotly", "openpyxl", "markdown_it", "jinja2", "babel", "kaleido", "lxml")


def _modules_after(*args: str) -> set[str]:
    code = (
        "import json, sys\n"
        "from councilkit.cli import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _top(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_check_loads_no_heavy_library_and_only_the_wetten_models() -> None:
    loaded = _modules_after("check", str(BREDA / "kompas.yaml"))
    assert "councilkit.checks.kompas" in loaded  # the check really ran
    assert not _top(loaded) & set(HEAVY)
    # the other framework models (worksheets, criteria, proceskader) are not built for a kompas
    assert "councilkit.model.frameworks" not in loaded
    assert not {name for name in loaded if name.startswith(("councilkit.documents", "councilkit.data"))}


def test_help_loads_neither_pydantic_nor_yaml() -> None:
    # The empty pydantic plugin loader of `cli._without_pydantic_plugins` is councilkit's own module.
    loaded = _modules_after("--help") - {"pydantic.plugin._loader"}
    assert "click" in loaded
    assert not _top(loaded) & {*HEAVY, "pydantic", "yaml"}


def test_data_show_reads_no_yaml_once_the_frameworks_are_cached(tmp_path: Path) -> None:
    """`data show` without a kompas reads only shipped frameworks; from the cache it needs no PyYAML."""
    from councilkit.data.store import open_store

    export = tmp_path / "a.csv"
    export.write_text("regio;jaar;wmo_clienten\nGM0758;2022;11250\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    with open_store(store, create=True, read_only=False) as db:
        db.import_file(export)
    args = ("data", "show", "wmo-clienten", "--regio", "GM0758", "--store", str(store))
    _modules_after(*args)  # fills the framework cache (COUNCILKIT_CACHE_DIR, see conftest)
    loaded = _modules_after(*args)
    assert "councilkit.data.figures" in loaded  # the figure really was read
    assert "yaml" not in _top(loaded)
    assert not _top(loaded) & {"docx", "plotly", "openpyxl", "markdown_it", "jinja2"}


def test_data_show_of_a_cbs_table_reads_no_yaml_once_cached(tmp_path: Path) -> None:
    """The CBS table titles (`frameworks/cbs-tabellen.yaml`) come through the same framework cache."""
    from councilkit.data.store import open_store

    export = tmp_path / "a.csv"
    export.write_text(
        "indicator;regio;periode;waarde;tabel\ninwoners;GM0758;2020;184069;84799NED\n", encoding="utf-8"
    )
    store = tmp_path / "s.duckdb"
    with open_store(store, create=True, read_only=False) as db:
        db.import_file(export)
    args = ("data", "show", "inwoners", "--regio", "GM0758", "--store", str(store))
    _modules_after(*args)
    loaded = _modules_after(*args)
    assert "councilkit.model.facts" in loaded  # the title really was looked up
    assert "yaml" not in _top(loaded)


#: What only importing needs: the import code, the importers, the measure mapping, the file readers.
IMPORT_ONLY = (
    "councilkit.data.store_import",
    "councilkit.data.importers",
    "councilkit.data.mapping",
    "councilkit.data.sources",
    "councilkit.data.store",
)


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_data_show_loads_no_import_code_and_no_pydantic(tmp_path: Path) -> None:
    """`data show` only reads: no importer module, and (once the frameworks' facts are cached) no
    pydantic and no framework model — the catalogue, gemeenten and CBS titles come from
    `model.facts`. A flagged figure (a small count, a known break) takes the same road."""
    from councilkit.data.store import open_store

    export = tmp_path / "a.csv"
    export.write_text(
        "indicator;regio;periode;waarde;tabel\n"
        "wmo-clienten;GM0034;2022;11940;85318NED\nwmo-clienten;GM0034;2023;9375;85618NED\n"
        "wmo-clienten;WK003401;2023;5;85618NED\ninwoners;WK003401;2023;900;85618NED\n",
        encoding="utf-8",
    )
    store = tmp_path / "s.duckdb"
    with open_store(store, create=True, read_only=False) as db:
        db.import_file(export)
    for regio in ("GM0034", "WK003401"):
        args = ("data", "show", "wmo-clienten", "--regio", regio, "--store", str(store))
        _modules_after(*args)  # fills the framework cache (COUNCILKIT_CACHE_DIR, see conftest)
        loaded = _modules_after(*args)
        assert "councilkit.data.figures" in loaded  # the figures really were read
        assert not {m for m in loaded if _within(m, IMPORT_ONLY)}
        # (the program's empty plugin loader, `pydantic.plugin._loader`, is not pydantic itself)
        assert not loaded & {"pydantic", "pydantic_core", "yaml"}
        assert not {
            m
            for m in loaded
            if m.startswith("councilkit.model.")
            and m not in {"councilkit.model.facts", "councilkit.model.shipped"}
        }
    listed = _modules_after("data", "list", "--store", str(store))
    assert "councilkit.data.store_read" in listed
    assert not {m for m in listed if _within(m, IMPORT_ONLY)}


def test_pydantic_fields_use_a_plain_function_as_empty_default() -> None:
    """`Field(default_factory=list)` makes pydantic parse `list`'s text signature with the tokenize
    module for every such field (5–10 ms of `check`); `model.common.empty_list` costs nothing."""
    import ast

    from tests.conftest import ROOT

    found = []
    for path in sorted((ROOT / "councilkit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Field":
                for keyword in node.keywords:
                    value = keyword.value
                    builtin = isinstance(value, ast.Name) and value.id in {"list", "dict", "set"}
                    if keyword.arg == "default_factory" and builtin:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "gebruik empty_list/empty_dict uit councilkit.model.common:\n" + "\n".join(found)


def test_a_plan_without_charts_loads_no_event_loop(tmp_path: Path) -> None:
    """asyncio (with ssl) is only for drawing a docx chart picture; a Markdown plan does not pay for it."""
    loaded = _modules_after("plan", str(BREDA / "kompas.yaml"), "-o", str(tmp_path / "plan.md"))
    assert (tmp_path / "plan.md").is_file()  # the plan really was written
    assert not _top(loaded) & {"asyncio", "ssl", "plotly", "kaleido", "duckdb"}


def test_a_markdown_plan_loads_only_the_markdown_writer(tmp_path: Path) -> None:
    """A plan needs the wetten models, not every framework model, and a Markdown plan needs neither
    the HTML page code, LibreOffice's driver nor the chart code (the Breda plan has no chart)."""
    loaded = _modules_after("plan", str(BREDA / "kompas.yaml"), "-o", str(tmp_path / "plan.md"))
    assert (tmp_path / "plan.md").is_file()
    assert "councilkit.render.markdown" in loaded  # the Markdown writer really ran
    unused = {
        "councilkit.model.frameworks",
        "councilkit.render.html",
        "councilkit.render.pdf",
        "councilkit.render.chart",
        "councilkit.render.docx",
        # without --data no monitor lookup: the kompas's own figures pass disclosure alone
        "councilkit.data.figures",
        "councilkit.data.store_read",
    }
    assert not loaded & unused
    # pydantic's plugin search (importlib.metadata and the email package) is not run, and numbers
    # and dates are written without babel's locale data (`render.nl`; compared with babel in
    # `tests/test_render_nl.py`)
    assert not {"importlib.metadata", "email", "babel.localedata", "babel.dates"} & loaded


def test_pydantic_still_asks_the_plugin_loader_councilkit_replaces() -> None:
    """`cli._without_pydantic_plugins` replaces `pydantic.plugin._loader`; if a pydantic release
    looked for plugins elsewhere, the replacement would silently stop working (and cost again)."""
    import inspect

    from pydantic.plugin import _schema_validator

    source = inspect.getsource(_schema_validator.create_schema_validator)
    assert "from ._loader import get_plugins" in source
    assert "get_plugins()" in source


def test_the_program_runs_no_pydantic_plugin_but_a_library_user_keeps_them() -> None:
    code = (
        "import sys\n"
        "import councilkit.cli, councilkit.model.kompas\n"
        "print('pydantic.plugin._loader' in sys.modules)\n"
        "councilkit.cli._without_pydantic_plugins()\n"
        "from pydantic.plugin._loader import get_plugins\n"
        "print(list(get_plugins()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "[]"]


def test_the_empty_plugin_loader_hands_anything_else_to_pydantics_own() -> None:
    """A pydantic release that imports another name from its loader must still work."""
    code = (
        "import os, sys\n"
        "import councilkit.cli\n"
        "councilkit.cli._without_pydantic_plugins()\n"
        "from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP, get_plugins\n"
        "print(PYDANTIC_ENTRY_POINT_GROUP, list(get_plugins()), os.environ['PYDANTIC_DISABLE_PLUGINS'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["pydantic", "[]", "__all__"]


def test_a_command_runs_with_fewer_garbage_collections_and_restores_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`cli.main` runs the command with the collector's young threshold raised (start-up objects
    live as long as the run; `gc_tuning`), and gives the old setting back afterwards."""
    import gc

    from councilkit import cli

    seen: list[tuple[int, ...]] = []

    def command(**kwargs: object) -> int:
        seen.append(gc.get_threshold())
        return 0

    before = gc.get_threshold()
    monkeypatch.setattr(cli.cli, "main", command)
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert seen and seen[0][0] >= 100_000 > before[0]
    assert gc.get_threshold() == before


def test_only_the_exiting_console_script_freezes_its_objects_for_the_collector() -> None:
    """An in-process run leaves every object collectable; the console script, which exits right
    after, moves them to the permanent generation so the restored threshold does not start a
    collection over everything the run made (`gc_tuning.fewer_collections(process_ends=True)`)."""
    import gc

    from councilkit.gc_tuning import fewer_collections

    assert gc.get_freeze_count() == 0
    with fewer_collections():
        pass
    assert gc.get_freeze_count() == 0
    before = gc.get_threshold()
    try:
        with fewer_collections(process_ends=True):
            kept = [object() for _ in range(10)]
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == before
    finally:
        gc.unfreeze()
    assert kept


def test_importing_a_long_csv_loads_no_pydantic(tmp_path: Path) -> None:
    """Importing a file needs the catalogue's source names and the CBS tables' facts, not their
    pydantic models: once the frameworks' facts are cached (see `model.facts`), `data import` of a
    long export loads neither pydantic nor any framework model (it cost ~0,13 s CPU per import)."""
    export = tmp_path / "lang.csv"
    export.write_text(
        "indicator;regio;periode;waarde\nWmoClienten;GM0758;2022;11250\ninwoners;GM0758;2022;184069\n",
        encoding="utf-8",
    )
    for n in (1, 2):  # the first run fills the framework cache (COUNCILKIT_CACHE_DIR, see conftest)
        loaded = _modules_after("data", "import", str(export), "--store", str(tmp_path / f"{n}.duckdb"))
    from councilkit.data.store import open_store

    with open_store(tmp_path / "2.duckdb") as db:
        stored = db.con.execute("SELECT DISTINCT indicator FROM observaties ORDER BY 1").fetchall()
    assert stored == [("inwoners",), ("wmo-clienten",)]  # the source name really was mapped
    assert "councilkit.data.store_import" in loaded
    assert not loaded & {"pydantic", "pydantic_core", "yaml"}
    assert not {
        m
        for m in loaded
        if m.startswith("councilkit.model.")
        and m not in {"councilkit.model.facts", "councilkit.model.shipped"}
    }
