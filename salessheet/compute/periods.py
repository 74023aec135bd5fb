"""Reporting periods: parse "2026-Q3"-style labels into first and last day."""

from __future__ import annotations

import calendar
import datetime as dt
import re

__all__ = ["Period", "PeriodError", "parse_period"]

_PATTERN = re.compile(
    r"^(?P<fy>FY)?(?P<year>\d{4})(?:-(?:(?P<q>Q[1-4])|(?P<h>H[12])|(?P<w>W\d{1,2})|(?P<m>\d{1,2})))?$",
    re.IGNORECASE,
)


class PeriodError(ValueError):
    """A period label that is not one of the documented forms (``message_zh``: the same in Chinese)."""

    def __init__(self, message: str, message_zh: str | None = None) -> None:
        super().__init__(message)
        self.message_zh = message_zh or message


class Period:
    """A named span of days, inclusive at both ends."""

    __slots__ = ("end", "label", "start")

    def __init__(self, label: str, start: dt.date, end: dt.date) -> None:
        self.label = label
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Period({self.label!r}, {self.start}, {self.end})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Period) and (self.start, self.end) == (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def contains(self, day: dt.date) -> bool:
        """True if ``day`` falls inside the period."""
        return self.start <= day <= self.end


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def _span(first: dt.date, months: int) -> tuple[dt.date, dt.date]:
    return first, _add_months(first, months) - dt.timedelta(days=1)


def parse_period(label: str, fiscal_year_start_month: int = 1) -> Period:
    """Parse a period label.

    Forms: ``2026`` (calendar year), ``2026-H1``, ``2026-Q3``, ``2026-07``, ``2026-W27``
    (ISO week), and fiscal forms ``FY2026``, ``FY2026-Q1``, ``FY2026-H2``, where fiscal
    year 2026 is the one that ends in calendar 2026 (it starts in 2025 unless the
    fiscal year starts in January).

    Raises:
        PeriodError: the label is not one of the forms above.

    >>> parse_period("2026-Q3")
    Period('2026-Q3', 2026-07-01, 2026-09-30)
    >>> parse_period("FY2026-Q1", fiscal_year_start_month=4)
    Period('FY2026-Q1', 2025-04-01, 2025-06-30)
    """
    text = str(label).strip().upper()
    match = _PATTERN.match(text)
    if not match:
        raise PeriodError(f"unknown period {label!r}", f"无法识别的期间 {label!r}")
    year = int(match["year"])
    fiscal = bool(match["fy"])
    if fiscal:
        start_year = year if fiscal_year_start_month == 1 else year - 1
        year_start = dt.date(start_year, fiscal_year_start_month, 1)
    else:
        year_start = dt.date(year, 1, 1)
    try:
        if match["q"]:
            start, end = _span(_add_months(year_start, 3 * (int(match["q"][1]) - 1)), 3)
        elif match["h"]:
            start, end = _span(_add_months(year_start, 6 * (int(match["h"][1]) - 1)), 6)
        elif match["w"]:
            if fiscal:
                raise PeriodError(f"fiscal weeks are not supported: {label!r}", f"不支持财年周：{label!r}")
            week = int(match["w"][1:])
            start = dt.date.fromisocalendar(year, week, 1)
            end = start + dt.timedelta(days=6)
        elif match["m"]:
            if fiscal:
                raise PeriodError(f"fiscal months are not supported: {label!r}", f"不支持财年月：{label!r}")
            month = int(match["m"])
            start = dt.date(year, month, 1)
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            start, end = _span(year_start, 12)
    except PeriodError:
        raise
    except ValueError as exc:  # a week or month the year does not have
        raise PeriodError(f"unknown period {label!r}: {exc}", f"无法识别的期间 {label!r}（{exc}）") from exc
    return Period(text, start, end)
