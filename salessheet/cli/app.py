"""The typer app, global options and the error boundary shared by every command."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from salessheet import __version__
from salessheet.errors import ExitCode, SalessheetError

try:  # typer >= 0.20 ships its own copy of click
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older typer with click installed
    from click import exceptions as click_exceptions  # type: ignore[no-redef,import-not-found]

__all__ = ["app", "console", "err_console", "run", "settings"]

EXIT_CODES_HELP = (
    "Exit codes: 0 ok; 1 problems found in the data; 2 an input file could not be read; "
    "3 a write was refused to protect existing data (file open or locked); "
    "4 bad configuration; 5 a required program (Chromium for PDF) is missing; 64 wrong usage; "
    "130 interrupted."
)

app = typer.Typer(
    name="salessheet",
    help="Validate, compute and consolidate sales-team workbooks.\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _width() -> int | None:
    """Output to a file or pipe is laid out 160 columns wide, not rich's 80, so a log keeps the
    tables' file names whole; a terminal, or COLUMNS, sets its own width."""
    terminal = sys.stdout is not None and sys.stdout.isatty()  # (no stdout at all under pythonw)
    return None if terminal or "COLUMNS" in os.environ else 160


console = Console(width=_width(), markup=False)
err_console = Console(stderr=True, soft_wrap=True, markup=False)
"""Errors are one line each, however long (a log or grep sees the whole located message).

Neither console reads rich markup: file names, cell values and messages are printed as they
are (a file named ``[draft] dana.xlsx`` keeps its brackets); styles are given as ``Text``."""


def labelled(label: str, text: str, style: str = "red") -> Text:
    """``error: <text>`` with the label styled and the text as it is."""
    return Text.assemble((label + ":", style), " ", text)


def language(lang: str | None) -> str:
    """A command's ``--lang`` (``zh``, ``zh-CN``, ``en``...) as ``zh`` or ``en``; else the run's."""
    return ("zh" if lang.lower().startswith("zh") else "en") if lang else settings.lang


def wrote(path: Path | str, lang: str) -> str:
    """``wrote <path>`` (``已写入 <path>``): the line for each file a command writes."""
    return f"{'已写入' if lang == 'zh' else 'wrote'} {path}"


def error_line(text: str, lang: str) -> Text:
    """``error: <text>`` (``错误: <text>`` in a Chinese run)."""
    return labelled("错误" if lang == "zh" else "error", text)


@dataclass
class Settings:
    """Options given before the subcommand."""

    debug: bool = False
    lang: str = "en"


settings = Settings()


def _version(value: bool) -> None:
    if value:
        console.print(f"salessheet {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    lang: Annotated[
        str,
        typer.Option("--lang", help="Language of messages: en or zh.", envvar="SALESSHEET_LANG"),
    ] = "en",
) -> None:
    settings.debug = debug or os.environ.get("SALESSHEET_DEBUG") == "1"
    settings.lang = language(lang) if lang else "en"


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and turn every failure into one line and a documented exit code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or os.environ.get("SALESSHEET_DEBUG") == "1"
    try:
        result = app(args=args, prog_name="salessheet", standalone_mode=False)
    except SalessheetError as exc:
        if debug:
            raise
        err_console.print(error_line(exc.message(settings.lang), settings.lang), highlight=False)
        return int(exc.exit_code)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except click_exceptions.NoArgsIsHelpError as exc:
        console.print(exc.ctx.get_help() if exc.ctx else "", highlight=False)
        return int(ExitCode.OK)
    except click_exceptions.UsageError as exc:
        err_console.print(labelled("usage", exc.format_message()), highlight=False)
        return int(ExitCode.USAGE)
    except typer.Abort:
        return int(ExitCode.INTERRUPTED)
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
    except Exception as exc:  # the last line of defence: one line, no traceback
        if debug:
            raise
        err_console.print(labelled("internal error", f"{type(exc).__name__}: {exc} "
                                   "(run with --debug for details)"), highlight=False)
        return 70
    return int(result) if isinstance(result, int) else 0
