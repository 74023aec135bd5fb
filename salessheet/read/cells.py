"""Column converters: a column's raw cell values -> typed values, with the cells that failed (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from salessheet.parse import parse_bool, parse_date, parse_integer, parse_number, parse_percent, parse_text
from salessheet.schema import ColumnKind, fold

__all__ = ["CHECK_BY_KIND", "convert_column"]

Converted = tuple[list[Any], list[int]]

CHECK_BY_KIND: dict[ColumnKind, str] = {
    ColumnKind.NUMBER: "not_a_number",
    ColumnKind.MONEY: "not_a_number",
    ColumnKind.PERCENT: "not_a_number",
    ColumnKind.INTEGER: "not_an_integer",
    ColumnKind.DATE: "not_a_date",
    ColumnKind.BOOLEAN: "not_a_boolean",
}
"""Issue check reported when a cell of a kind cannot be parsed."""


def _generic(values: Sequence[Any], parse: Callable[[Any], tuple[Any, bool]]) -> Converted:
    out: list[Any] = []
    bad: list[int] = []
    for position, value in enumerate(values):
        if value == "" or value is None:
            out.append(None)
            continue
        parsed, ok = parse(value)
        out.append(parsed)
        if not ok:
            bad.append(position)
    return out, bad


def _numbers(values: Sequence[Any]) -> Converted:
    out: list[Any] = []
    bad: list[int] = []
    for position, value in enumerate(values):
        kind = type(value)
        if kind is float or kind is int:
            out.append(float(value))
            continue
        if value == "" or value is None:
            out.append(None)
            continue
        parsed, ok = parse_number(value)
        out.append(parsed)
        if not ok:
            bad.append(position)
    return out, bad


def _dates(values: Sequence[Any], date_order: str) -> Converted:
    out: list[Any] = []
    bad: list[int] = []
    for position, value in enumerate(values):
        kind = type(value)
        if kind is dt.date:
            out.append(value)
            continue
        if value == "" or value is None:
            out.append(None)
            continue
        parsed, ok = parse_date(value, date_order)
        out.append(parsed)
        if not ok:
            bad.append(position)
    return out, bad


def _texts(values: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if type(value) is str:
            value = value.strip()
            out.append(value or None)
        else:
            out.append(parse_text(value)[0])
    return out


def _choices(values: Sequence[Any], lookup: dict[str, str], renames: dict[str, str]) -> list[Any]:
    """Labels in either language -> choice keys; unknown values are kept as typed for the validator."""
    out: list[Any] = []
    memo: dict[str, Any] = {}
    for text in _texts(values):
        if text is None:
            out.append(None)
            continue
        if text not in memo:
            folded = fold(text)
            key = lookup.get(folded)
            if key is None and folded in renames:
                key = lookup.get(fold(renames[folded]))
            memo[text] = key if key is not None else text
        out.append(memo[text])
    return out


def convert_column(
    values: Sequence[Any],
    kind: ColumnKind,
    *,
    date_order: str = "MDY",
    choices: dict[str, str] | None = None,
    renames: dict[str, str] | None = None,
) -> Converted:
    """Typed values of one column and the positions of cells that could not be parsed.

    Args:
        values: raw cell values, one per kept row.
        kind: the column's kind.
        date_order: how to read ambiguous dates.
        choices: folded label -> key, for choice columns with a fixed or configured list.
        renames: folded old value -> current label, for older template versions.

    >>> convert_column(["12万", "x", ""], ColumnKind.MONEY)
    ([120000.0, None, None], [1])
    """
    if kind in (ColumnKind.NUMBER, ColumnKind.MONEY):
        return _numbers(values)
    if kind is ColumnKind.PERCENT:
        return _generic(values, parse_percent)
    if kind is ColumnKind.INTEGER:
        return _generic(values, parse_integer)
    if kind is ColumnKind.DATE:
        return _dates(values, date_order)
    if kind is ColumnKind.BOOLEAN:
        return _generic(values, parse_bool)
    if kind is ColumnKind.CHOICE and choices is not None:
        return _choices(values, choices, renames or {}), []
    return _texts(values), []
