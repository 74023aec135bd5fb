"""CSV injection guard: cells that a spreadsheet would run as a formula are escaped before writing."""

from __future__ import annotations

from typing import Any

__all__ = ["csv_safe", "csv_safe_row"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """``value`` with a leading apostrophe when its text starts with = + - @ tab or CR.

    Numbers are returned unchanged (a negative number is data, not a formula).

    >>> csv_safe("=HYPERLINK(\\"http://x\\")"), csv_safe(-5), csv_safe("-5"), csv_safe("ok")
    ('\\'=HYPERLINK("http://x")', -5, "'-5", 'ok')
    """
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def csv_safe_row(row: list[Any]) -> list[Any]:
    """``csv_safe`` applied to every cell of a row."""
    return [csv_safe(cell) for cell in row]
