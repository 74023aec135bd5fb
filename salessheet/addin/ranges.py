"""Range values as Excel hands them to a formula -> typed Python values, and results -> cells (pure).

Custom functions receive a cell as a scalar and a range as a list of rows, with empty
cells as ``None`` or ``""`` and dates as Excel serial numbers (or text a rep typed).
These helpers flatten and type them with the project's tolerant parsers, so that
``=SALES_...`` formulas accept what the templates accept ("12万", "2026/3/5", "Proposal"
or "报价"). Columns of plain floats, text and blanks take the whole-column fast paths of
``salessheet.addin.fast``; anything else (error cells, numbers as text, ...) is typed cell
by cell, with the same results. Nothing here imports xlwings.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from salessheet.addin import fast
from salessheet.parse import parse_date, parse_number, parse_percent
from salessheet.read.headers import header_lookup, match_header
from salessheet.schema import ColumnKind, WorkbookConfig, fold, label_to_key, sheet

__all__ = [
    "Column",
    "cells",
    "choice_keys",
    "column",
    "dates",
    "numbers",
    "percents",
    "plain",
    "result",
    "scalar",
    "table",
    "texts",
]

_MISSING: Any = object()


def _number(value: Any) -> float | None:
    kind = type(value)
    if kind is float:
        return None if value != value else value
    if kind is int:
        return float(value)
    number: float | None = parse_number(value)[0]
    return number


def _date(value: Any, date_order: str) -> dt.date | None:
    day: dt.date | None = parse_date(value, date_order)[0]
    return day


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
    text = str(value).strip()
    return text or None

try:  # xlwings Lite (Pyodide >= 0.28) hands empty cells over as JsNull
    _JS_NULL: type | None = importlib.import_module("pyodide.ffi").JsNull
except (ImportError, AttributeError):
    _JS_NULL = None


def plain(value: Any) -> Any:
    """One cell as Python: None for empty cells and Excel errors, the number behind a formatted value.

    >>> plain(""), plain({"type": "Error", "errorType": "Div0"}), plain({"type": "Double", "basicValue": 2})
    (None, None, 2)
    """
    if value is None or (type(value) is str and value == ""):
        return None
    if isinstance(value, dict):
        return None if value.get("type") == "Error" else plain(value.get("basicValue"))
    if _JS_NULL is not None and isinstance(value, _JS_NULL):
        return None
    return value


def cells(values: Any) -> list[Any]:
    """A scalar, a row, a column or a block as one flat list (row by row); "" becomes None.

    >>> cells([[1, ""], [None, "a"]]), cells(5), cells(None)
    ([1, None, None, 'a'], [5], [])
    """
    return _cells(values)[0]


def _cells(values: Any) -> tuple[list[Any], set[type] | None]:
    """``cells`` and, when every cell is a plain scalar (``fast.SCALARS``), the cells' types."""
    if values is None:
        return [], set()
    if not isinstance(values, list | tuple):
        return [plain(values)], None
    if not values or not isinstance(values[0], list | tuple):
        flat = values  # already one value per cell (a single row, or a column taken from a table)
    elif (rows := fast.flattened(values)) is not None:
        flat = rows
    elif all(isinstance(item, list | tuple) for item in values):
        flat = [v for row in values for v in row]
    else:
        flat = [v for item in values for v in (item if isinstance(item, list | tuple) else (item,))]
    if (plain_cells := fast.cleaned(flat)) is not None:
        return plain_cells
    # numbers and None as they are, "" -> None; only other values need ``plain``
    return [v if (kind := type(v)) is float or kind is int or v is None else (v or None) if kind is str
            else plain(v) for v in flat], None


def scalar(value: Any) -> Any:
    """The single value of a one-cell range (or the value itself); None for an empty cell.

    >>> scalar([[3]]), scalar([""]), scalar("x")
    (3, None, 'x')
    """
    flat = cells(value)
    return flat[0] if flat else None


def numbers(values: Any) -> list[float | None]:
    """Numbers, money and percentages typed as text ("¥1,200", "12万"); None where blank or not a number.

    >>> numbers([[1], ["12万"], [""], ["x"]])
    [1.0, 120000.0, None, None]
    """
    return _as_list(_numbers(*_cells(values)))


def _as_list(values: list[Any] | np.ndarray) -> list[Any]:
    """A float64 column as Python floats, NaN as None (a list is returned as it is)."""
    if isinstance(values, list):
        return values
    out = values.astype(object)
    out[np.isnan(values)] = None
    listed: list[Any] = out.tolist()
    return listed


def _frame_column(values: np.ndarray) -> list[Any] | np.ndarray:
    """A float64 column as the list of floats and None would be in a DataFrame: all blank -> None."""
    return values if len(values) and not np.isnan(values).all() else [None] * len(values)


def _numbers(flat: list[Any], types: set[type] | None) -> list[float | None] | np.ndarray:
    """``numbers`` of flat cells; a float64 array (NaN for blanks) when the cells are plain numbers."""
    if types is not None and (serials := fast.floats(flat, types)) is not None:
        return _frame_column(serials)
    return [_number(v) for v in flat]


def percents(values: Any) -> list[float | None]:
    """Fractions from "40%", 0.4 or 40 (numbers beyond ±1 are percentage points); None where blank.

    >>> percents([[0.6], ["40%"], [75], [None]])
    [0.6, 0.4, 0.75, None]
    """
    return _as_list(_percents(*_cells(values)))


def _percents(flat: list[Any], types: set[type] | None) -> list[float | None] | np.ndarray:
    """``percents`` of flat cells; a float64 array (NaN for blanks) when the cells are plain numbers."""
    seen: dict[Any, float | None] = {None: None}  # probabilities repeat a few values
    if types is not None and (fractions := fast.floats(flat, types)) is not None:
        # A number within ±1 is its own fraction; larger ones are percentage points, parsed once each.
        for i in np.flatnonzero(np.abs(fractions) > 1):
            v = flat[i]
            fraction = seen[v] if v in seen else seen.setdefault(v, parse_percent(v)[0])
            fractions[i] = np.nan if fraction is None else fraction
        zeros = fractions == 0
        if zeros.any():  # as the memo below: every zero takes the sign of the first (0.0 == -0.0)
            fractions[zeros] = fractions[zeros.argmax()]
        return _frame_column(fractions)
    out: list[float | None] = []
    for v in flat:
        if type(v) is bool or not isinstance(v, Hashable):
            out.append(parse_percent(v)[0])
            continue
        fraction = seen.get(v, _MISSING)
        if fraction is _MISSING:
            fraction = seen[v] = parse_percent(v)[0]
        out.append(fraction)
    return out


def dates(values: Any, date_order: str = "MDY") -> list[dt.date | None]:
    """Dates from Excel serials, ISO/Chinese/slashed text; None where blank or not a date.

    >>> dates([[46086], ["2026年3月6日"], [None]])
    [datetime.date(2026, 3, 5), datetime.date(2026, 3, 6), None]
    """
    return _dates(*_cells(values), date_order)


def _dates(flat: list[Any], types: set[type] | None, date_order: str) -> list[dt.date | None]:
    if types is not None and (serials := fast.floats(flat, types)) is not None:
        return fast.serial_dates(serials)
    seen: dict[Any, dt.date | None] = {}  # a column repeats few distinct dates
    out: list[dt.date | None] = []
    for v in flat:
        if type(v) is bool:
            out.append(None)
            continue
        day = seen.get(v, _MISSING)
        if day is _MISSING:
            day = seen[v] = _date(v, date_order)
        out.append(day)  # type: ignore[arg-type]
    return out


def texts(values: Any) -> list[str | None]:
    """Cell values as trimmed text; None where blank.

    >>> texts([["a "], [2.0], [""]])
    ['a', '2', None]
    """
    return _texts(*_cells(values))


def _texts(flat: list[Any], types: set[type] | None) -> list[str | None]:
    if types is not None and (trimmed := fast.text_map(flat, types, _text)) is not None:
        return trimmed
    return [(v.strip() or None) if type(v) is str else _text(v) for v in flat]


def choice_keys(values: Any, list_name: str, config: WorkbookConfig) -> list[str | None]:
    """Choice labels in English or Chinese (or keys) -> canonical keys; unknown text is kept.

    >>> choice_keys([["Proposal"], ["报价"], ["won"]], "stages", WorkbookConfig())
    ['proposal', 'proposal', 'won']
    """
    return _choice_keys(*_cells(values), list_name, config)


def _choice_keys(
    flat: list[Any], types: set[type] | None, list_name: str, config: WorkbookConfig
) -> list[str | None]:
    lookup = label_to_key(list_name, config)

    def key(value: Any) -> str | None:
        text = _text(value)
        return None if text is None else lookup.get(fold(text), text)

    if types is not None and (keys := fast.text_map(flat, types, key)) is not None:
        return keys
    seen: dict[str | None, str | None] = {None: None}
    out = []
    for text in _texts(flat, types):
        if text not in seen:
            seen[text] = lookup.get(fold(text), text)  # type: ignore[arg-type]
        out.append(seen[text])
    return out


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, str | dt.date):  # numpy scalars
        return _clean(value.item())
    return value


@dataclass(frozen=True)
class Column:
    """A vertical dynamic array still to be shaped: ``result(Column(v))`` is ``result(column(v))``,
    made in one pass instead of two.

    >>> result(Column(pd.Series([1.5, None]))), result(Column([2, None, "a"]))
    ([[1.5], ['']], [[2], [''], ['a']])
    """

    values: Sequence[Any] | pd.Series


_FINAL = frozenset({float, int, str, bool})  # cell types Excel takes as they are (floats other than NaN)


def result(value: Any) -> Any:
    """A formula's answer as the 2D list Excel takes: scalars -> [[v]]; empty and NaN -> "".

    >>> result(None), result([[1.5, float("nan")]]), result(2)
    ([['']], [[1.5, '']], [[2]])
    """
    if isinstance(value, Column):
        return _column_cells(value.values)
    rows = value if isinstance(value, list) else [[value]]
    return [[_cell(c) for c in row] for row in rows]


def _column_cells(values: Sequence[Any] | pd.Series) -> list[list[Any]]:
    if isinstance(values, pd.Series):  # one vectorised pass: NaN, None, NA and NaT -> ""
        flat = values.astype(object).where(values.notna(), "").tolist()
        if fast.kinds(flat) <= _FINAL:
            return [[v] for v in flat]
    else:
        flat = list(values)
        if fast.kinds(flat) <= fast.SCALARS:
            return [["" if v is None or v != v else v] for v in flat]
    return [[_cell(v)] for v in flat]


def _cell(value: Any) -> Any:
    kind = type(value)
    if kind is float:
        return "" if value != value else value
    if kind is int or kind is str or kind is bool:
        return value
    cleaned = _clean(value)
    return "" if cleaned is None else cleaned


def column(values: Sequence[Any] | pd.Series) -> list[list[Any]]:
    """A vertical dynamic array: one row per value; NaN, NA and NaT become empty cells.

    >>> column([1.5, float("nan"), None])
    [[1.5], [None], [None]]
    """
    if isinstance(values, pd.Series):  # one vectorised pass instead of a check per cell
        values = values.astype(object).where(values.notna(), None).tolist()
    return [[(v if v == v else None) if (kind := type(v)) is float else v if kind is int or kind is str
             else _clean(v)] for v in values]


def _typed(
    raw: Sequence[Any], kind: ColumnKind, choices: str | None, config: WorkbookConfig, datetimes: bool
) -> list[Any] | np.ndarray:
    """One column typed, as a list or (plain numbers) a float64 array that makes the same frame column."""
    flat, types = _cells(raw)
    if kind is ColumnKind.PERCENT:
        return _percents(flat, types)
    if kind in (ColumnKind.NUMBER, ColumnKind.MONEY, ColumnKind.INTEGER):
        return _numbers(flat, types)
    if kind is ColumnKind.DATE and datetimes:
        if types is not None and (serials := fast.floats(flat, types)) is not None:
            return fast.serial_datetimes(serials)
        days = pd.Series(_dates(flat, types, config.date_order), dtype="object")
        converted: np.ndarray = pd.to_datetime(days, errors="coerce").astype("datetime64[s]").to_numpy()
        return converted
    if kind is ColumnKind.DATE:
        return _dates(flat, types, config.date_order)
    if choices is not None and choices != "owners":
        return _choice_keys(flat, types, choices, config)
    return _texts(flat, types)


def table(
    sheet_key: str,
    values: Any,
    config: WorkbookConfig,
    keys: Collection[str] | None = None,
    *,
    datetimes: bool = False,
) -> pd.DataFrame:
    """A sheet range whose first row holds the column titles (either language) -> canonical typed rows.

    Known columns get their canonical key and typed values (numbers, dates, choice keys);
    unknown columns are left out; blank rows are dropped. With ``keys``, only those columns
    are typed and returned (a formula reads what its computation uses). With ``datetimes``,
    date columns are datetime64[s] (NaT for blanks), as ``pd.to_datetime`` would make of
    the dates, instead of ``datetime.date`` objects: for computations that convert them anyway.

    Raises:
        ValueError: the first row has fewer than two known column titles.

    >>> rows = [["Deal ID", "阶段", "Amount"], ["D-1", "报价", "12万"], [None, None, None]]
    >>> table("pipeline", rows, WorkbookConfig()).to_dict("records")
    [{'deal_id': 'D-1', 'stage': 'proposal', 'amount': 120000.0}]
    """
    spec = sheet(sheet_key)
    rows = fast.rows(values) or [r if isinstance(r, list | tuple) else [r] for r in (values or [])]
    lookup = header_lookup(spec)
    known: dict[str, int] = {}
    for index, title in enumerate(rows[0] if rows else []):
        key = match_header(title, lookup)
        if key is not None and key not in known:
            known[key] = index
    if len(known) < 2:
        raise ValueError(f"the first row of the range is not a {spec.name_en} header row")
    width = max(known.values()) + 1
    by_column = fast.table_columns(rows[1:], width, _blank_row)
    if by_column is None:
        body = [r for r in rows[1:] if not _blank_row(r)]
        padded = [r if len(r) >= width else [*r, *([None] * (width - len(r)))] for r in body]
        by_column = list(zip(*padded, strict=False)) if padded else [()] * width
    data = {
        key: _typed(by_column[i], spec.column(key).kind, spec.column(key).choices, config, datetimes)
        for key, i in known.items()
        if keys is None or key in keys
    }
    return pd.DataFrame(data, index=range(len(by_column[0]) if by_column else 0))


def _blank_row(row: Sequence[Any]) -> bool:
    return not any(c is not None and c != "" and plain(c) is not None for c in row)
