"""Target decomposition (目标拆解): year -> quarters -> months -> ISO weeks, and by rep.

Every split is done in integer cents with largest-remainder rounding, so the parts of a
parent always add up to the parent exactly. Leftover cents go to the parts with the
largest fractional share; ties go to the earlier part (earlier period, or the rep id
that sorts first), so the result is deterministic.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

import pandas as pd

from salessheet.compute.periods import parse_period

__all__ = [
    "SplitMethod",
    "allocate",
    "decompose_by_rep",
    "decompose_target",
    "month_weights",
    "split_by_rep",
    "working_days",
]

SplitMethod = Literal["equal", "seasonality", "history", "working_days"]
_CENT = Decimal("0.01")
_COLUMNS = ["level", "period", "parent", "period_start", "period_end", "value", "cents"]


def _to_cents(total: float | Decimal | int) -> int:
    return int((Decimal(str(total)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _ratios(weights: Sequence[float | Fraction]) -> tuple[list[int], list[int]]:
    """Numerators and denominators of the weights in lowest terms, as ``Fraction`` gives them."""
    if set(map(type, weights)) <= {float, int}:  # floats and ints know their ratio: no Fraction per weight
        ratios = [w.as_integer_ratio() for w in weights]
    else:
        ratios = [(f.numerator, f.denominator) for f in (Fraction(w) for w in weights)]
    numerators = [n for n, _ in ratios]
    return numerators, [d for _, d in ratios]


def _allocate_cents(cents: int, weights: Sequence[float | Fraction]) -> list[int]:
    numerators, denominators = _ratios(weights)
    if not numerators:
        raise ValueError("at least one weight is needed")
    if min(numerators) < 0:
        raise ValueError("weights must not be negative")
    # Exact integer arithmetic: scale the weights to integers over a common denominator.
    scale = math.lcm(*denominators)
    ints = numerators if scale == 1 else [n * (scale // d)
                                          for n, d in zip(numerators, denominators, strict=True)]
    whole = sum(ints)
    if whole == 0:
        raise ValueError("weights must not all be zero")
    sign, cents = (-1 if cents < 0 else 1), abs(cents)
    parts = [cents * w // whole for w in ints]
    remainders = [cents * w % whole for w in ints]
    leftover = cents - sum(parts)
    # Largest remainder first, ties to the earlier part: a stable sort keeps equal keys in order.
    order = sorted(range(len(parts)), key=remainders.__getitem__, reverse=True)
    for i in order[:leftover]:
        parts[i] += 1
    return parts if sign == 1 else [-p for p in parts]


def allocate(total: float | Decimal | int, weights: Sequence[float]) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights``, to the cent, summing exactly to ``total``.

    Args:
        total: the amount to split; rounded half-up to the cent first.
        weights: non-negative weights, not all zero; their scale does not matter.

    Returns:
        One Decimal amount (two decimal places) per weight.

    Raises:
        ValueError: no weights, a negative weight, or all weights zero.

    >>> allocate(100, [1, 1, 1])
    [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
    >>> sum(allocate(1000.01, [0.2, 0.3, 0.5]))
    Decimal('1000.01')
    """
    if any(w != w for w in weights):  # NaN
        raise ValueError("weights must be numbers")
    return [Decimal(p) * _CENT for p in _allocate_cents(_to_cents(total), weights)]


def working_days(start: dt.date, end: dt.date, holidays: Iterable[dt.date] = ()) -> int:
    """Monday-to-Friday days from ``start`` to ``end`` inclusive, minus ``holidays``.

    >>> working_days(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    22
    >>> working_days(dt.date(2026, 6, 1), dt.date(2026, 6, 30), [dt.date(2026, 6, 19)])
    21
    """
    if end < start:
        return 0
    days = pd.bdate_range(start, end)
    holidays = list(holidays)
    if set(map(type, holidays)) <= {dt.date}:  # plain dates: compare dates, no Timestamp per holiday
        dates = set(holidays)
        return sum(1 for d in days.date if d not in dates)
    skip = {pd.Timestamp(h) for h in holidays}
    return int(sum(1 for d in days if d not in skip))


def _fiscal_months(fiscal_year: int, start_month: int) -> list[tuple[dt.date, dt.date]]:
    year = parse_period(f"FY{fiscal_year}", start_month)
    months = []
    first = year.start
    for _ in range(12):
        nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        months.append((first, nxt - dt.timedelta(days=1)))
        first = nxt
    return months


def month_weights(
    fiscal_year: int,
    method: SplitMethod = "equal",
    weights: Sequence[float] | None = None,
    *,
    fiscal_year_start_month: int = 1,
    holidays: Iterable[dt.date] = (),
) -> list[float]:
    """The twelve month weights of a fiscal year, in fiscal order, for a split method.

    Args:
        fiscal_year: the fiscal year, named by the calendar year it ends in.
        method: ``equal`` (1 per month); ``seasonality`` (``weights`` gives 12 month weights
            or 4 quarter weights, a quarter's weight shared equally by its months);
            ``history`` (``weights`` gives last year's 12 monthly actuals; their shares are
            used); ``working_days`` (Mon-Fri days of the month minus ``holidays``).
        weights: see ``method``.
        fiscal_year_start_month: month the fiscal year starts (1 = January).
        holidays: days that are not working days (``working_days`` only).

    Raises:
        ValueError: weights missing or of the wrong length for the method.

    >>> month_weights(2026, "seasonality", [1, 1, 2, 4])
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 4.0, 4.0, 4.0]
    """
    if method == "equal":
        return [1.0] * 12
    if method == "working_days":
        days = list(holidays)
        months = _fiscal_months(fiscal_year, fiscal_year_start_month)
        return [float(working_days(a, b, days)) for a, b in months]
    if weights is None:
        raise ValueError(f"method {method!r} needs weights")
    values = [float(w) for w in weights]
    if method == "seasonality" and len(values) == 4:
        return [values[m // 3] for m in range(12)]
    if len(values) != 12:
        raise ValueError(f"method {method!r} needs 12 monthly values, got {len(values)}")
    if method not in ("seasonality", "history"):
        raise ValueError(f"unknown split method {method!r}")
    return values


def _labels(fiscal_year: int, start_month: int) -> tuple[str, str]:
    prefix = str(fiscal_year) if start_month == 1 else f"FY{fiscal_year}"
    return prefix, prefix + "-Q{}"


def _week_parts(
    first: dt.date, last: dt.date, by_working_days: bool, holidays: list[dt.date]
) -> list[tuple[str, dt.date, dt.date, int]]:
    """(label, start, end, weight) of the ISO weeks overlapping one month, clipped to it."""
    parts = []
    day = first
    while day <= last:
        week_end = min(day + dt.timedelta(days=6 - day.weekday()), last)
        iso = day.isocalendar()
        days = (week_end - day).days + 1
        weight = working_days(day, week_end, holidays) if by_working_days else days
        parts.append((f"{iso.year}-W{iso.week:02d}", day, week_end, weight))
        day = week_end + dt.timedelta(days=1)
    if by_working_days and not any(p[3] for p in parts):
        parts = [(p[0], p[1], p[2], (p[2] - p[1]).days + 1) for p in parts]
    return parts


def decompose_target(
    total: float | Decimal | int,
    fiscal_year: int,
    *,
    method: SplitMethod = "equal",
    weights: Sequence[float] | None = None,
    fiscal_year_start_month: int = 1,
    holidays: Iterable[dt.date] = (),
    weeks: bool = True,
) -> pd.DataFrame:
    """Decompose an annual target into quarters, months and (optionally) ISO weeks.

    The year is split into quarters by the sum of their months' weights (see
    ``month_weights``), each quarter into its months by their weights; each month is split
    into the ISO weeks that
    overlap it, in proportion to the days (working days for ``working_days``) of the week
    that fall in the month. A week spanning two months therefore has one row per month,
    each with that month as parent, so weeks always add up to their month.

    Args:
        total: the annual target.
        fiscal_year: the fiscal year, named by the calendar year it ends in.
        method, weights, holidays: see ``month_weights``.
        fiscal_year_start_month: month the fiscal year starts (1 = January).
        weeks: include the week rows.

    Returns:
        A frame with columns level (year/quarter/month/week), period (label accepted by
        ``parse_period``), parent (label of the parent row), period_start, period_end,
        value (float, to the cent) and cents (int, exact).

    >>> plan = decompose_target(1000, 2026, weeks=False)
    >>> plan[plan.level == "quarter"].value.tolist()
    [250.0, 250.0, 250.0, 250.0]
    >>> plan[plan.level == "month"].value.tolist()[:3]  # 25000 cents / 3: 1 cent left over
    [83.34, 83.33, 83.33]
    >>> int(plan[plan.level == "month"].cents.sum())
    100000
    """
    layout = _layout(fiscal_year, method, weights, fiscal_year_start_month, holidays, weeks)
    return _frame(layout, _layout_cents(_to_cents(total), layout))


@dataclass(frozen=True)
class _Layout:
    """The rows of a decomposition without amounts, and the weights that split them."""

    rows: list[tuple[str, str, str | None, dt.date, dt.date]]
    month_weights: list[float]
    week_weights: list[list[int]]  # per month; empty lists without weeks


def _layout(
    fiscal_year: int, method: SplitMethod, weights: Sequence[float] | None, start_month: int,
    holidays: Iterable[dt.date], weeks: bool,
) -> _Layout:
    holiday_list = list(holidays)
    month_w = month_weights(
        fiscal_year, method, weights, fiscal_year_start_month=start_month, holidays=holiday_list
    )
    months = _fiscal_months(fiscal_year, start_month)
    year_label, quarter_fmt = _labels(fiscal_year, start_month)
    rows: list[tuple[str, str, str | None, dt.date, dt.date]] = [
        ("year", year_label, None, months[0][0], months[-1][1])
    ]
    rows += [("quarter", quarter_fmt.format(q + 1), year_label, months[3 * q][0], months[3 * q + 2][1])
             for q in range(4)]
    week_w: list[list[int]] = []
    for i, (first, last) in enumerate(months):
        month_label = f"{first.year}-{first.month:02d}"
        rows.append(("month", month_label, quarter_fmt.format(i // 3 + 1), first, last))
        parts = _week_parts(first, last, method == "working_days", holiday_list) if weeks else []
        rows += [("week", part[0], month_label, part[1], part[2]) for part in parts]
        week_w.append([part[3] for part in parts])
    return _Layout(rows, month_w, week_w)


def _layout_cents(cents: int, layout: _Layout) -> list[int]:
    """Cents of every layout row, in row order."""
    month_w = layout.month_weights
    # Year -> quarters by the quarters' summed weights, then each quarter -> its months, so a
    # quarter gets its exact share and its months add up to it.
    quarter_w = [sum(Fraction(w) for w in month_w[3 * q:3 * q + 3]) for q in range(4)]
    quarter_cents = _allocate_cents(cents, quarter_w)
    out = [cents, *quarter_cents]
    for q in range(4):
        weights_q = month_w[3 * q:3 * q + 3]
        for i, month_cents in enumerate(_allocate_cents(quarter_cents[q], weights_q if any(weights_q)
                                                        else [1, 1, 1])):
            out.append(month_cents)
            if layout.week_weights[3 * q + i]:
                out += _allocate_cents(month_cents, layout.week_weights[3 * q + i])
    return out


def _frame(layout: _Layout, cents: list[int]) -> pd.DataFrame:
    frame = pd.DataFrame(layout.rows, columns=["level", "period", "parent", "period_start", "period_end"])
    frame["cents"] = cents
    frame["value"] = frame["cents"] / 100
    return frame[_COLUMNS]


def split_by_rep(total: float | Decimal | int, shares: Mapping[str, float]) -> dict[str, Decimal]:
    """Split ``total`` between reps by their shares; leftover cents go by rep id order on ties.

    >>> split_by_rep(100, {"bob": 1, "alice": 1, "carol": 1})
    {'alice': Decimal('33.34'), 'bob': Decimal('33.33'), 'carol': Decimal('33.33')}
    """
    reps = sorted(shares)
    return dict(zip(reps, allocate(total, [shares[r] for r in reps]), strict=True))


def decompose_by_rep(
    total: float | Decimal | int,
    shares: Mapping[str, float],
    fiscal_year: int,
    *,
    team_owner: str = "TEAM",
    method: SplitMethod = "equal",
    weights: Sequence[float] | None = None,
    fiscal_year_start_month: int = 1,
    holidays: Iterable[dt.date] = (),
    weeks: bool = True,
) -> pd.DataFrame:
    """Split an annual team target between reps, then decompose each rep's part over time.

    Each rep's periods add up exactly to the rep's annual part; the ``team_owner`` row of
    each period is the sum of the reps' rows, so rows add up in both directions. (That
    team row can differ by a few cents from decomposing the team total directly.)

    Args:
        total: the team's annual target.
        shares: rep id -> share (any positive scale).
        fiscal_year: see ``decompose_target``.
        team_owner: owner key of the team rows.
        method, weights, fiscal_year_start_month, holidays, weeks: as for ``decompose_target``.

    Returns:
        The ``decompose_target`` columns plus ``owner``, team rows first, then reps by id.

    >>> plan = decompose_by_rep(1000, {"alice": 3, "bob": 1}, 2026, weeks=False)
    >>> plan[plan.level == "year"][["owner", "value"]].to_string(index=False)
    'owner  value\\n TEAM 1000.0\\nalice  750.0\\n  bob  250.0'
    """
    parts = split_by_rep(total, shares)
    layout = _layout(fiscal_year, method, weights, fiscal_year_start_month, holidays, weeks)
    cents = [c for amount in parts.values() for c in _layout_cents(_to_cents(amount), layout)]
    reps = _frame(
        _Layout(layout.rows * len(parts), layout.month_weights, layout.week_weights), cents
    )
    reps.insert(0, "owner", [rep for rep in parts for _ in layout.rows])
    keys = ["level", "period", "parent", "period_start", "period_end"]
    team = reps.groupby(keys, sort=False, dropna=False, as_index=False)["cents"].sum()
    team["value"] = team["cents"] / 100
    team.insert(0, "owner", team_owner)
    return pd.concat([team[reps.columns], reps], ignore_index=True)
