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


_SLOW = object()  # marks cells the inline fast paths leave to the full parser
_NUMERIC_TYPES = (float, int)


def _finish(out: list[Any], values: Sequence[Any], parse: Callable[[Any], tuple[Any, bool]]) -> Converted:
    """Run ``parse`` on the cells marked _SLOW; return the values and the positions that failed."""
    bad: list[int] = []
    for position, value in enumerate(out):
        if value is _SLOW:
            parsed, ok = parse(values[position])
            out[position] = parsed
            if not ok:
                bad.append(position)
    return out, bad


def _generic(values: Sequence[Any], parse: Callable[[Any], tuple[Any, bool]]) -> Converted:
    return _finish([None if v == "" or v is None else _SLOW for v in values], values, parse)


def _numbers(values: Sequence[Any]) -> Converted:
    out = [float(v) if type(v) in _NUMERIC_TYPES else (None if v == "" or v is None else _SLOW)
           for v in values]
    return _finish(out, values, parse_number)


def _dates(values: Sequence[Any], date_order: str) -> Converted:
    """Equal dates come out as one object: a column repeats its dates, and pickling a workbook
    (for the cache and between processes) writes a repeated object once instead of each copy."""
    shared: dict[dt.date, dt.date] = {}
    keep = shared.setdefault
    out = [keep(v, v) if type(v) is dt.date else (None if v == "" or v is None else _SLOW) for v in values]
    return _finish(out, values, lambda v: parse_date(v, date_order))


def _texts(values: Sequence[Any]) -> list[Any]:
    out = [(v.strip() or None) if type(v) is str else (None if v is None else _SLOW) for v in values]
    return _finish(out, values, parse_text)[0]


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
