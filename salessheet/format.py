"""Number formatting for people (CLI tables, report): amounts, short amounts, percentages, days."""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["cell_text", "days", "money", "money_short", "percent", "ratio"]


def money(value: float | None) -> str:
    """Full amount with thousands separators, no decimals.

    >>> money(1234567.891)
    '1,234,568'
    """
    return "–" if value is None else f"{value:,.0f}"


def money_short(value: float | None, lang: str = "en") -> str:
    """Compact amount: 1.2M / 350k in English, 120万 / 1.2亿 in Chinese.

    >>> money_short(1_234_000), money_short(1_234_000, "zh"), money_short(3_500), money_short(800_000)
    ('1.23M', '123.4万', '3,500', '800k')
    """
    if value is None:
        return "–"
    size = abs(value)
    if lang == "zh":
        if size >= 1e8:
            return _trim(f"{value / 1e8:.2f}") + "亿"
        return _trim(f"{value / 1e4:.1f}") + "万" if size >= 1e4 else f"{value:,.0f}"
    if size >= 1e6:
        return _trim(f"{value / 1e6:.2f}") + "M"
    return _trim(f"{value / 1e3:.1f}") + "k" if size >= 1e4 else f"{value:,.0f}"


def _trim(number: str) -> str:
    """Drop trailing zeros after the decimal point: "2.50" -> "2.5", "800.0" -> "800"."""
    return number.rstrip("0").rstrip(".") if "." in number else number


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction as a percentage.

    >>> percent(0.4091)
    '40.9%'
    """
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def ratio(value: float | None) -> str:
    """A coverage-style ratio.

    >>> ratio(2.345)
    '2.35×'
    """
    return "–" if value is None else f"{value:.2f}×"


def days(value: float | None) -> str:
    """A number of days, one decimal.

    >>> days(41.25)
    '41.2'
    """
    return "–" if value is None else f"{value:.1f}"


def cell_text(value: Any, kind: str = "text") -> str:
    """A table cell: money, percent, date or text; blanks as an en dash."""
    if value is None or value == "":
        return "–"
    if kind == "money":
        return money(float(value))
    if kind == "percent":
        return percent(float(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
