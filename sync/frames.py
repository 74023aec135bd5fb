"""Frame helpers shared by the sync stages: provenance columns, column order, canonical values.

Pure pandas; no file, spreadsheet or database access.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from salessheet.schema import ColumnKind, ColumnSpec, SheetSpec
from salessheet.workbook import ROW_COLUMN, with_columns

__all__ = [
    "DUPLICATE_COLUMN",
    "MANAGER",
    "PROVENANCE",
    "REP_COLUMN",
    "ROW_COLUMN",
    "SOURCE_COLUMN",
    "canonical_frame",
    "canonical_text",
    "held_dates",
    "key_series",
    "ordered_columns",
    "plain_column",
    "python_value",
    "row_hashes",
    "text_column",
    "with_columns",
]

SOURCE_COLUMN = "_source"
REP_COLUMN = "_rep"
PROVENANCE: tuple[str, ...] = (SOURCE_COLUMN, REP_COLUMN, ROW_COLUMN)
"""Where each master row came from: source file, rep id and row number in that file."""

DUPLICATE_COLUMN = "_duplicate_of"
"""Pipeline only: deal ids this deal probably duplicates."""

MANAGER = "(manager)"
"""Source and rep of rows the manager typed into the master (targets, assigned tasks)."""


_PLAIN_TYPES = {str, int, bool, dt.date, dt.datetime, type(None)}


def python_value(value: Any) -> Any:
    """A plain Python value for a frame cell: None for every kind of missing value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    return value


def plain_column(series: pd.Series) -> list[Any]:
    """The values of ``series`` as plain Python objects, None where missing (vectorized).

    >>> plain_column(pd.Series([1.5, float("nan")]))
    [1.5, None]
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        dates = series.dt.date.astype(object)
        out: list[Any] = dates.where(series.notna(), None).tolist()
        return out
    if series.dtype == object:
        raw: list[Any] = series.tolist()
        if set(map(type, raw)) <= _PLAIN_TYPES:  # nothing missing but None, nothing to convert
            return raw
    values: list[Any] = series.astype(object).where(series.notna(), None).tolist()
    if series.dtype == object:
        return [v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in values]
    return values


def _stripped_texts(series: pd.Series) -> list[str] | None:
    """Stripped values ("" where missing) of a text column (pandas' str dtype, or object holding
    only text and None), the common case, without pandas' string machinery; None for any
    other column."""
    if isinstance(series.dtype, pd.StringDtype):
        return [v.strip() if isinstance(v, str) else "" for v in series.tolist()]
    if series.dtype != object:
        return None
    raw = series.tolist()
    if not set(map(type, raw)) <= {str, type(None)}:
        return None
    return ["" if v is None else v.strip() for v in raw]


def text_column(series: pd.Series) -> pd.Series:
    """Values as stripped strings, "" where missing (vectorized).

    >>> text_column(pd.Series([" a", None, 2])).tolist()
    ['a', '', '2']
    """
    stripped = _stripped_texts(series)
    if stripped is not None:
        return pd.Series(stripped, index=series.index, dtype=object)
    values = series.astype(object).where(series.notna(), "")
    return values.astype(str).str.strip().astype(object)


_NONE = type(None)
_NUMBER_KINDS = frozenset({ColumnKind.INTEGER, ColumnKind.NUMBER, ColumnKind.MONEY, ColumnKind.PERCENT})
_DATE_YEARS = range(1700, 2200)
"""Years whose dates pandas' nanosecond timestamps hold for sure (outside them it gives NaT)."""


def held_dates(values: list[Any], distinct: set[Any] | None = None) -> bool:
    """True when every value is None or a date (not a datetime) in years that pandas'
    timestamps hold for sure: such a column needs no conversion through pandas.

    >>> held_dates([dt.date(2026, 1, 2), None]), held_dates([dt.date(1600, 1, 1)])
    (True, False)
    """
    if not set(map(type, values)) <= {dt.date, _NONE}:
        return False
    return all(v is None or v.year in _DATE_YEARS for v in (set(values) if distinct is None else distinct))


def _number_texts(rounded: np.ndarray) -> list[str]:
    """Rounded numbers as hashed: their repr, "" for NaN.

    Each distinct number is converted once: a NaN is found again as itself (the same object),
    and the zeros, which a set does not tell apart from minus zero, one by one.
    """
    numbers: list[float] = rounded.tolist()
    texts = {v: "" if v != v else repr(v) for v in set(numbers)}
    out = list(map(texts.__getitem__, numbers))
    for i in np.flatnonzero(rounded == 0).tolist():
        out[i] = repr(numbers[i])
    return out


def _plain_hash_texts(values: pd.Series, kind: ColumnKind | None) -> list[str] | None:
    """What ``_pandas_hash_texts`` gives, made in plain Python for the usual values (text, dates and
    numbers as read); None for anything else. Pandas' conversions cost more than the values on
    the few rows of one changed workbook, which is all a re-run hashes."""
    numbers = kind in _NUMBER_KINDS
    if values.dtype == float and numbers:
        with np.errstate(over="ignore", invalid="ignore"):  # (rounding 1e300 overflows, as in pandas)
            rounded = values.to_numpy().round(9)
        return _number_texts(rounded)
    if values.dtype != object:
        return None
    raw = values.tolist()
    kinds = set(map(type, raw))
    try:
        distinct = set(raw)  # (columns repeat their values: each distinct one is converted once)
    except TypeError:  # an unhashable value: pandas' way
        return None
    if kind is ColumnKind.DATE:
        if held_dates(raw, distinct):
            texts = {v: "" if v is None else v.isoformat() for v in distinct}
            return list(map(texts.__getitem__, raw))
        return None
    if numbers:
        # (pandas turns -0.0 into 0.0 after an int, so a column with -0.0 is left to it)
        if kinds <= {int, float, _NONE} and all(v is None or (-2**63 < v < 2**63 and (v or str(v)[0] != "-"))
                                                for v in distinct):
            with np.errstate(over="ignore", invalid="ignore"):
                rounded = np.array([math.nan if v is None else v for v in raw], dtype=float).round(9)
            return _number_texts(rounded)
        return None
    if kinds <= {str, _NONE}:
        return ["" if v is None else v for v in raw]
    return None


def _pandas_hash_texts(values: pd.Series, kind: ColumnKind | None) -> pd.Series:
    """A column's values as the text its rows are hashed by: dates as YYYY-MM-DD, numbers
    rounded to 9 places, "" where missing (``kind`` None: as text)."""
    if kind is ColumnKind.DATE:
        values = pd.to_datetime(values, errors="coerce").dt.strftime("%Y-%m-%d")
    elif kind in _NUMBER_KINDS:
        values = pd.to_numeric(values, errors="coerce").astype("float64").round(9)
    return values.astype(object).where(values.notna(), "").astype(str)


def _hash_texts(values: pd.Series, kind: ColumnKind | None) -> pd.Series | list[str]:
    plain = _plain_hash_texts(values, kind)
    return plain if plain is not None else _pandas_hash_texts(values, kind)


def row_hashes(
    frame: pd.DataFrame, columns: tuple[ColumnSpec, ...], extra: tuple[str, ...] = ()
) -> list[str]:
    """A stable hash of each row's ``columns`` (typed by kind) and ``extra`` text columns."""
    frame = with_columns(frame, [c.key for c in columns] + list(extra))
    parts = {column.key: _hash_texts(frame[column.key], column.kind) for column in columns}
    parts.update({key: _hash_texts(frame[key], None) for key in extra})
    table = pd.DataFrame(parts, index=frame.index, dtype=object)
    hashed = pd.util.hash_pandas_object(table, index=False)
    return [f"{int(h):016x}" for h in hashed.tolist()]


def _number_text(value: Any) -> str:
    value = python_value(value)
    if value is None or isinstance(value, bool):
        return "" if value is None else str(int(value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return repr(int(number)) if number.is_integer() else repr(number)


def _date_text(value: Any) -> str:
    value = python_value(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _bool_text(value: Any) -> str:
    value = python_value(value)
    if value is None:
        return ""
    return "true" if bool(value) else "false"


def _plain_text(value: Any) -> str:
    value = python_value(value)
    return "" if value is None else str(value)


_TEXT_BY_KIND = {
    ColumnKind.INTEGER: _number_text,
    ColumnKind.NUMBER: _number_text,
    ColumnKind.MONEY: _number_text,
    ColumnKind.PERCENT: _number_text,
    ColumnKind.DATE: _date_text,
    ColumnKind.BOOLEAN: _bool_text,
}


def canonical_text(series: pd.Series, kind: ColumnKind) -> pd.Series:
    """The values of ``series`` as canonical strings ("" when missing) for comparing and hashing.

    >>> canonical_text(pd.Series([1.0, None, 2.5]), ColumnKind.MONEY).tolist()
    ['1', '', '2.5']
    """
    convert = _TEXT_BY_KIND.get(kind, _plain_text)
    return pd.Series([convert(v) for v in series.tolist()], index=series.index, dtype=object)


def canonical_frame(frame: pd.DataFrame, columns: tuple[ColumnSpec, ...]) -> pd.DataFrame:
    """Canonical strings of ``columns`` (see ``canonical_text``), one column per spec."""
    frame = with_columns(frame, [c.key for c in columns])
    return pd.DataFrame({c.key: canonical_text(frame[c.key], c.kind) for c in columns}, index=frame.index)


def key_series(frame: pd.DataFrame, spec: SheetSpec) -> pd.Series:
    """The row key of each row: key column values joined by "|", trimmed and case-folded.

    >>> from salessheet.schema import sheet
    >>> key_series(pd.DataFrame({"deal_id": [" d-1", "D-2"]}), sheet("pipeline")).tolist()
    ['d-1', 'd-2']
    """
    frame = with_columns(frame, list(spec.key_columns))
    if len(spec.key_columns) == 1 and spec.column(spec.key_columns[0]).kind is ColumnKind.TEXT:
        stripped = _stripped_texts(frame[spec.key_columns[0]])
        if stripped is not None:  # text ids: the common case
            return pd.Series([v.casefold() for v in stripped], index=frame.index, dtype=object)
    texts = [canonical_text(frame[k], spec.column(k).kind).tolist() for k in spec.key_columns]
    keys = ["|".join(v.strip().casefold() for v in values) for values in zip(*texts, strict=True)]
    return pd.Series(keys, index=frame.index, dtype=object)


def ordered_columns(frame: pd.DataFrame, spec: SheetSpec) -> list[str]:
    """Registry columns, then the duplicate marker, provenance, then extra columns by name."""
    registry = [c.key for c in spec.columns]
    tail = [DUPLICATE_COLUMN] if spec.key == "pipeline" else []
    tail += list(PROVENANCE)
    known = set(registry) | set(tail)
    extras = sorted(str(c) for c in frame.columns if c not in known)
    return registry + tail + extras
