"""The `councilkit` command: a thin click layer.

Commands are registered by dotted path and imported only when invoked, so `councilkit --help` and
`councilkit check` never pay for docx, plotly or duckdb. Each command module in `commands/` only
parses options and calls its pipeline stage; every `CouncilkitError` becomes one Dutch line on
stderr with the exit code of the contract (0 done, 1 findings, 2 bad input). Anything else is a bug
in councilkit: it gets one Dutch line too (exit 3), and the traceback only with COUNCILKIT_DEBUG=1.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
import types

import click

from councilkit import __version__, clicknl
from councilkit.errors import CouncilkitError
from councilkit.gc_tuning import fewer_collections

clicknl.install()

#: name → ("module:attribute", short Dutch help shown in `councilkit --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": (
        "councilkit.commands.kompas:init_command",
        "Maak een nieuw, ingevuld kompas om mee te beginnen.",
    ),
    "check": ("councilkit.commands.kompas:check_command", "Controleer een kompas en meld wat ontbreekt."),
    "schema": ("councilkit.commands.kompas:schema_command", "Toon het JSON-schema van het kompas."),
    "catalogus": (
        "councilkit.commands.catalogus:catalogus_command",
        "Zoek ids van indicatoren en wettelijke onderwerpen.",
    ),
    "data": ("councilkit.commands.data:data_group", "Importeer en bekijk monitorcijfers (CBS, GMSD)."),
    "plan": ("councilkit.commands.plan:plan_command", "Schrijf een concept-beleidsplan vanuit het kompas."),
    "process": (
        "councilkit.commands.process:process_command",
        "Maak de startnotitie en de agenda van een besluitvormingsproces.",
    ),
    "report": (
        "councilkit.commands.report:report_command",
        "Schrijf de resultatenrapportage: resultaten tegen streefwaarden, met bron.",
    ),
    "worksheet": (
        "councilkit.commands.worksheet:worksheet_group",
        "Werkbladen voor raadsleden: maken, ingevuld inlezen en samenvoegen.",
    ),
    "proposal": (
        "councilkit.commands.proposal:proposal_group",
        "Checklist voor raadsvoorstellen en een voortoets van één voorstel.",
    ),
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        target, _ = COMMANDS[cmd_name]
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        _dutch_metavars(command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, help_text) in COMMANDS.items()]
        with formatter.section("Opdrachten"):
            formatter.write_dl(rows)


def _dutch_metavars(command: click.Command) -> None:
    """`[OPTIONS]` and `COMMAND [ARGS]...` in usage lines are click defaults; say them in Dutch."""
    command.options_metavar = "[OPTIES]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "OPDRACHT [ARGUMENTEN]..."
        for sub in command.commands.values():
            _dutch_metavars(sub)


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(
    cls=LazyGroup,
    context_settings=CONTEXT_SETTINGS,
    options_metavar="[OPTIES]",
    subcommand_metavar="OPDRACHT [ARGUMENTEN]...",
)
@click.version_option(__version__, "--version", message="councilkit %(version)s")
def cli() -> None:
    """councilkit — het kompas van de gemeenteraad voor het sociaal domein.

    Leg waarden, leidende principes, maatschappelijke resultaten en kwaliteitseisen vast in YAML,
    koppel ze aan monitorcijfers en maak er werkbladen, beleidsplannen en rapportages van.
    """


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (a `kill`) ends the run like Ctrl-C does, so temporary files are cleaned up."""
    raise KeyboardInterrupt


def _without_pydantic_plugins() -> None:
    """Run no third-party pydantic plugins in the councilkit program.

    Pydantic plugins are observability hooks a developer installs for their own application; in
    councilkit they would only watch it validate its own files. Pydantic looks for them when it
    builds its first validator, through `importlib.metadata`: importing that (with the `email`
    package) and reading every installed package's entry points costs 15–40 ms of every command
    that reads a kompas. An empty plugin loader put in its place answers at once. Only the
    program does this (`main`); councilkit imported as a library leaves pydantic as it finds it.
    `tests/test_startup_light.py` checks that pydantic still asks this loader.
    """
    name = "pydantic.plugin._loader"
    # pydantic's own, documented switch: should its real loader be loaded after all, it finds none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if name in sys.modules:
        return

    def real_attribute(attribute: str) -> object:
        """Anything else a later pydantic asks of its loader comes from the real module, so an
        upgrade can cost the time again but never break a command. Dunder names are what the
        import system probes (`__path__`, `__spec__`): those a plain module simply lacks."""
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        if sys.modules.get(name) is loader:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

    loader = types.ModuleType(name, "councilkit runs no pydantic plugins (see councilkit.cli).")
    setattr(loader, "get_plugins", _no_plugins)  # noqa: B010 (a fresh module: no attribute to type)
    setattr(loader, "__getattr__", real_attribute)  # noqa: B010 (PEP 562: looked up in the module's dict)
    sys.modules[name] = loader


def _no_plugins() -> tuple[()]:
    return ()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the CLI and turn known errors into one Dutch line."""
    _without_pydantic_plugins()
    if argv is None:  # the real console script, not an in-process call
        with contextlib.suppress(ValueError):  # only possible in the main thread
            signal.signal(signal.SIGTERM, _terminate)
    try:
        # Start-up makes objects that live as long as the run; the console script exits after it.
        with fewer_collections(process_ends=argv is None):
            # Without standalone mode click returns (not raises) the code of an explicit Exit.
            code = cli.main(args=argv, prog_name="councilkit", standalone_mode=False)
    except CouncilkitError as exc:
        click.echo(exc.format(), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("fout: afgebroken door de gebruiker", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"fout: {_dutch_usage(exc)}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("fout: afgebroken door de gebruiker", err=True)
        sys.exit(130)
    except OSError as exc:  # read-only folder, disk full, name too long, file-size limit, …
        from councilkit.files import os_error  # only on this path: `--help` stays light (tempfile)

        click.echo(os_error(exc).format(), err=True)
        sys.exit(2)
    except Exception as exc:  # a bug in councilkit, not in the user's input
        if os.environ.get("COUNCILKIT_DEBUG"):
            raise
        click.echo(
            f"fout: interne fout in councilkit ({type(exc).__name__}: {exc}) — dit ligt niet aan uw invoer; "
            "meld het met de opdracht die u gaf (COUNCILKIT_DEBUG=1 toont de details)",
            err=True,
        )
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)


def _dutch_usage(exc: click.ClickException) -> str:
    """A usage error (already Dutch through `clicknl`) with the way to the help text."""
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        return f"{exc.format_message()} — zie '{exc.ctx.command_path} --help'"
    return f"{exc.format_message()} — zie 'councilkit --help'"
