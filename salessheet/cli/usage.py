"""Wrong usage of the command line (an unknown option, a missing argument, a value of the wrong
kind) as one line in English and Chinese, with where to look for the right usage."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

try:  # typer >= 0.20 ships its own copy of click
    from typer._click import Context as click_context
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older typer with click installed
    from click import Context as click_context  # type: ignore[no-redef,import-not-found,assignment]
    from click import exceptions as click_exceptions  # type: ignore[no-redef,import-not-found]

__all__ = ["args_language", "click_context", "click_exceptions", "usage_message"]

_NO_COMMAND = re.compile(r"^No such command '(?P<name>.*)'\.(?: Did you mean '(?P<close>[^']*)'\?)?$")
_EXTRA = re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<extra>.*)\)$")
_ONE_OF = re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.*?)\.?$")


def args_language(args: Sequence[str]) -> str:
    """The language a command line asks for (its last ``--lang``, else ``SALESSHEET_LANG``),
    known before the command line is understood: an error in it is reported in that language."""
    chosen = os.environ.get("SALESSHEET_LANG", "")
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            chosen = args[index + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    return "zh" if chosen.lower().startswith("zh") else "en"


def _value_problem(hint: str, cause: BaseException | None) -> tuple[str, str] | None:
    """What is wrong with an option's value, from typer's (pydantic's) check of its type."""
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return None
    try:
        found: list[dict[str, Any]] = errors(include_url=False)
    except TypeError:
        return None
    if not found:
        return None
    error = found[0]
    kind, given, bounds = error.get("type"), error.get("input"), error.get("ctx") or {}
    shown = repr(given) if isinstance(given, str) else str(given)
    for bound, english, chinese in (("ge", "at least", "不小于"), ("le", "at most", "不大于"),
                                    ("gt", "more than", "大于"), ("lt", "less than", "小于")):
        if bound in bounds:  # (a number, shown as typed)
            limit = bounds[bound]
            return (f"{hint} must be {english} {limit}, not {given}",
                    f"{hint} 须{chinese} {limit}，而不是 {given}")
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return f"{hint} must be a whole number, not {shown}", f"{hint} 须为整数，而不是 {shown}"
    if kind in ("float_parsing", "float_type"):
        return f"{hint} must be a number, not {shown}", f"{hint} 须为数字，而不是 {shown}"
    one_of = _ONE_OF.search(str(error.get("msg", "")))
    if one_of:
        choices = [c.strip().strip("'") for c in one_of["choices"].split(",")]
        return (f"{hint} must be one of {', '.join(choices)}; not {one_of['value']!r}",
                f"{hint} 须为 {'、'.join(choices)} 之一，而不是 {one_of['value']!r}")
    return None


def _hint(exc: click_exceptions.UsageError) -> str:
    param = getattr(exc, "param", None)
    hint = getattr(exc, "param_hint", None) or (param.get_error_hint() if param is not None else "")
    if isinstance(hint, list | tuple):
        hint = " / ".join(hint)
    return str(hint).strip("'")


def _messages(exc: click_exceptions.UsageError) -> tuple[str, str]:
    english = exc.format_message()
    if isinstance(exc, click_exceptions.NoSuchOption):
        name = exc.option_name
        close = sorted(exc.possibilities or [])
        if close:
            return (f"no such option: {name} (did you mean {', '.join(close)}?)",
                    f"没有选项 {name}（是否要用 {'、'.join(close)}？）")
        return f"no such option: {name}", f"没有选项 {name}"
    if isinstance(exc, click_exceptions.BadOptionUsage):
        name = exc.option_name
        if "does not take a value" in english:
            return f"option {name} does not take a value", f"选项 {name} 不接受值"
        return f"option {name} needs a value", f"选项 {name} 需要一个值"
    if isinstance(exc, click_exceptions.MissingParameter):
        hint = _hint(exc)
        if (exc.param_type or getattr(exc.param, "param_type_name", "")) == "option":
            return f"missing option {hint}", f"缺少选项 {hint}"
        return f"missing argument {hint.upper()}", f"缺少参数 {hint.upper()}"
    if isinstance(exc, click_exceptions.BadParameter):
        hint = _hint(exc)
        found = _value_problem(hint, exc.__cause__)
        return found or (english, f"{hint} 的值无效：{exc.message}")
    command = _NO_COMMAND.match(exc.message)
    if command:
        if command["close"]:
            return (f"no such command {command['name']!r} (did you mean {command['close']!r}?)",
                    f"没有命令 {command['name']!r}（是否要用 {command['close']!r}？）")
        return f"no such command {command['name']!r}", f"没有命令 {command['name']!r}"
    extra = _EXTRA.match(exc.message)
    if extra:
        return f"unexpected extra argument(s): {extra['extra']}", f"多余的参数：{extra['extra']}"
    if exc.message == "Missing command.":
        return "missing command", "缺少命令"
    return english, english


def usage_message(exc: click_exceptions.UsageError, lang: str) -> str:
    """One line for a wrong command line, in ``lang``, naming the help to read.

    >>> from typer._click.exceptions import NoSuchOption
    >>> usage_message(NoSuchOption("--jsn", possibilities=["--json"]), "zh")
    '没有选项 --jsn（是否要用 --json？）（用法见 salessheet --help）'
    """
    english, chinese = _messages(exc)
    command = exc.ctx.command_path if exc.ctx is not None else "salessheet"
    if lang == "zh":
        return f"{chinese}（用法见 {command} --help）"
    return f"{english} (see {command} --help)"
