"""Whole-column fast paths behind ``ranges``, for ranges holding only plain floats, text and blanks.

Excel hands a custom function its ranges as lists of Python floats, strings, booleans and
None. When a column holds only such values, these helpers type it in a few passes in C
(``set(map(type, ...))``, ``list.count``, numpy) or with one parse per distinct value,
instead of one parse per cell. Each returns None when its column holds anything else (an
error cell, a date object, a number as text, ...), and ``ranges`` then takes its general
path. Results are the general path's, value for value and dtype for dtype
(``tests/addin/test_fast.py`` holds them to it). Pure Python, numpy and the standard
library: this runs under xlwings Lite (Pyodide) too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import Any

import numpy as np

__all__ = [
    "SCALARS", "cleaned", "flattened", "floats", "kinds", "rows", "serial_dates", "serial_datetimes",
    "table_columns", "text_map",
]

_NONE = type(None)
SCALARS = frozenset({float, int, str, bool, _NONE})
"""Cell types that ``ranges.plain`` keeps as they are ("" aside, which is blank)."""
_NUMERIC = frozenset({float, int, _NONE})
_TEXT = frozenset({str, _NONE})
_ROWS = frozenset({list, tuple})
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31, as salessheet.parse
_NAN = float("nan")
_UNIX_SERIAL = 25569  # Excel's serial of 1970-01-01


def kinds(values: Iterable[Any]) -> set[type]:
    """The distinct types of ``values`` (one pass in C)."""
    return set(map(type, values))


def rows(values: Any) -> list[Any] | None:
    """A range's rows as a list, when every item is a list or tuple (else None; [] stays falsy)."""
    if isinstance(values, list | tuple) and kinds(values) <= _ROWS:
        return list(values)
    return None


def flattened(values: Sequence[Any]) -> list[Any] | None:
    """Rows of cells as one flat list, row by row, when every item is a list or tuple."""
    if kinds(values) <= _ROWS:
        return list(chain.from_iterable(values))
    return None


def cleaned(flat: Sequence[Any]) -> tuple[list[Any], set[type]] | None:
    """The cells with "" as None and their types, when every cell is a plain scalar (else None).

    The list is what ``ranges.cells`` returns; the types let the typing helpers pick a path
    without another pass.
    """
    types = kinds(flat)
    if not types <= SCALARS:
        return None
    if str in types and "" in flat:
        out = [(v or None) if type(v) is str else v for v in flat]
        return out, kinds(out)
    return list(flat), types


def floats(flat: Sequence[Any], types: set[type]) -> np.ndarray | None:
    """The cells as float64 (None -> NaN), when every cell is a float, an int or None."""
    if not types <= _NUMERIC:
        return None
    try:
        if _NONE in types:
            return np.fromiter((_NAN if v is None else v for v in flat), dtype=np.float64, count=len(flat))
        return np.array(flat, dtype=np.float64)
    except (OverflowError, ValueError, TypeError):  # an int beyond float range: the general path
        return None


def serial_dates(serials: np.ndarray) -> list[dt.date | None]:
    """Excel serial numbers (NaN for blanks) -> dates as ``salessheet.parse.parse_date`` reads them.

    Serials outside 1..2958465 (9999-12-31) and NaN give None; the fraction (time of day)
    is dropped. One ``datetime.date`` is made per distinct day.
    """
    valid = (serials >= 1) & (serials <= _MAX_SERIAL)
    days, inverse = np.unique(np.trunc(serials[valid]), return_inverse=True)
    made = np.empty(len(days), dtype=object)
    made[:] = [_EXCEL_EPOCH + dt.timedelta(days=int(d)) for d in days]
    out = np.full(len(serials), None, dtype=object)
    out[valid] = made[inverse]
    result: list[dt.date | None] = out.tolist()
    return result


def serial_datetimes(serials: np.ndarray) -> np.ndarray:
    """``serial_dates`` as datetime64[s] (NaT where ``serial_dates`` gives None), no date objects."""
    valid = (serials >= 1) & (serials <= _MAX_SERIAL)
    out = np.full(len(serials), np.datetime64("NaT"), dtype="datetime64[s]")
    days = np.trunc(serials[valid]).astype(np.int64) - _UNIX_SERIAL
    out[valid] = (days * 86_400).astype("datetime64[s]")
    return out


def text_map(flat: Sequence[Any], types: set[type], convert: Callable[[str | None], Any]) -> list[Any] | None:
    """``convert`` of each cell, called once per distinct value, when every cell is text or None."""
    if not types <= _TEXT:
        return None
    memo = {value: convert(value) for value in set(flat)}
    return list(map(memo.__getitem__, flat))


def _blank(value: Any) -> bool:
    return value is None or (type(value) is str and value == "")


def table_columns(
    body: list[Any], width: int, blank_row: Callable[[Sequence[Any]], bool]
) -> list[tuple[Any, ...]] | None:
    """The columns of the non-blank rows of ``body`` (at least ``width`` of them), or None.

    Applies when every row is a list or tuple at least ``width`` long and some column holds
    only plain scalars (``SCALARS``): a row is blank only if that column's cell is blank, so
    only those few rows are checked with ``blank_row`` (the general rule, which also knows
    error cells). Returns None otherwise, for the general path.
    """
    if not body or not kinds(body) <= _ROWS or min(map(len, body)) < width:
        return None
    columns = list(zip(*body, strict=False))
    best: tuple[int, int] | None = None  # (blank cells, column index) of the fullest plain column
    for index, column in enumerate(columns):
        blanks = column.count(None) + column.count("")
        if best is not None and blanks >= best[0]:
            continue
        if kinds(column) <= SCALARS:
            best = (blanks, index)
            if blanks == 0:
                return columns
    if best is None:
        return None
    candidates = [i for i, v in enumerate(columns[best[1]]) if _blank(v)]
    drop = {i for i in candidates if blank_row(body[i])}
    if not drop:
        return columns
    kept = [row for i, row in enumerate(body) if i not in drop]
    return list(zip(*kept, strict=False)) if kept else None
