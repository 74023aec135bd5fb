"""The typer app, global options and the error boundary shared by every command."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from salessheet import __version__
from salessheet.cli.help_zh import chinese_help
from salessheet.cli.usage import args_language, click_exceptions, usage_message
from salessheet.errors import ExitCode, SalessheetError, UsageError

if TYPE_CHECKING:
    from salessheet.compute.periods import Period

__all__ = ["app", "console", "err_console", "run", "settings"]

EXIT_CODES_HELP = (
    "Exit codes: 0 ok; 1 problems found in the data; 2 an input file could not be read; "
    "3 a write was refused or could not be done (file open or locked, folder not writable); "
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


def usage_line(text: str, lang: str) -> Text:
    """``usage: <text>`` (``用法错误: <text>``): a command line that cannot be run as given."""
    return labelled("用法错误" if lang == "zh" else "usage", text)


PERIOD_FORMS = "2026, 2026-Q3, 2026-H1, 2026-07, 2026-W27, FY2026-Q1"
"""The period forms ``--period`` takes (``compute.periods``), as the help and errors list them."""


def day_option(value: str | None, option: str = "--today") -> dt.date | None:
    """The date a YYYY-MM-DD option gives; None when it is not given.

    Raises:
        UsageError: not a date.
    """
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{option} must be a date YYYY-MM-DD, not {value!r}",
                         f"{option} 须为 YYYY-MM-DD 格式的日期，而不是 {value!r}") from exc


def period_option(value: str, fiscal_year_start_month: int, option: str = "--period") -> Period:
    """The period ``--period`` names.

    Raises:
        UsageError: not one of the forms of ``PERIOD_FORMS``.
    """
    from salessheet.compute.periods import PeriodError, parse_period  # (pandas: loaded only when used)

    try:
        return parse_period(value, fiscal_year_start_month)
    except PeriodError as exc:
        forms_zh = PERIOD_FORMS.replace(", ", "、")
        raise UsageError(f"{option}: {exc}; use a form such as {PERIOD_FORMS}",
                         f"{option}：{exc.message_zh}；请用 {forms_zh} 等形式") from exc


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
    command = typer.main.get_command(app)  # (made afresh: a Chinese run's help is put into this one)
    try:
        with chinese_help(command) if args_language(args) == "zh" else contextlib.nullcontext():
            result = command.main(args=args, prog_name="salessheet", standalone_mode=False)
    except SalessheetError as exc:
        if debug:
            raise
        line = usage_line if exc.exit_code == ExitCode.USAGE else error_line
        err_console.print(line(exc.message(settings.lang), settings.lang), highlight=False)
        return int(exc.exit_code)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except click_exceptions.NoArgsIsHelpError as exc:
        if exc.message:  # (rich help is printed as it is made, and the message is then empty)
            console.print(exc.message, highlight=False)
        return int(ExitCode.OK)
    except click_exceptions.UsageError as exc:
        lang = args_language(args)
        err_console.print(usage_line(usage_message(exc, lang), lang), highlight=False)
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
