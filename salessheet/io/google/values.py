"""Python values -> what the Sheets API stores with valueInputOption RAW. Pure."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

__all__ = ["EPOCH", "to_cell", "to_serial"]

EPOCH = dt.date(1899, 12, 30)
"""Day zero of spreadsheet date serials."""


def to_serial(value: dt.date | dt.datetime) -> float | int:
    """Spreadsheet serial of a date (int) or datetime (float, fraction of a day).

    >>> to_serial(dt.date(2020, 1, 1)), to_serial(dt.datetime(2020, 1, 1, 12))
    (43831, 43831.5)
    """
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - dt.datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400
    return (value - EPOCH).days


def to_cell(value: Any) -> Any:
    """A JSON value for RAW input: numbers and booleans as is, dates as serials, blanks as "".

    Text stays text even when it starts with "=" (RAW never evaluates it: no formula injection
    from rep data).

    >>> [to_cell(v) for v in (None, float("nan"), 3.0, Decimal("1.5"), dt.date(2020, 1, 1), "=1+1")]
    ['', '', 3, 1.5, 43831, '=1+1']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return to_serial(value)
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return "" if value != value else to_serial(value.to_pydatetime())
    if hasattr(value, "item"):  # numpy scalars
        return to_cell(value.item())
    return str(value)
