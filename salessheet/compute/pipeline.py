"""Pipeline figures: weighted pipeline, forecast, attainment, coverage, win rate, funnel, cycle.

Every function takes the Pipeline rows (canonical column keys, stage keys, dates as
``datetime.date``) and the team's ``WorkbookConfig``. Row-level figures (win probability,
weighted amount, forecast category in effect, staleness) come from
``compute.columns.pipeline_columns``; ``prepare_deals`` adds them once so that a caller
computing many figures pays for them once.

Period semantics: a period runs from its first to its last day, both inclusive. "To date"
means up to ``as_of = min(today, period end)``. A won deal counts when its actual close
date is in ``[period start, as_of]``; an open deal counts for a period when its expected
close date is in the period. Open deals whose expected close date has passed before the
period started ("slipped") count in no period until the rep moves the date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from salessheet.compute.columns import _days, pipeline_columns
from salessheet.compute.periods import Period, parse_period
from salessheet.schema.config import StageState, WorkbookConfig

__all__ = [
    "Forecast",
    "WinRate",
    "as_of",
    "attainment",
    "closed_won",
    "coverage",
    "coverage_ratio",
    "forecast",
    "gap_to_target",
    "open_deals",
    "prepare_deals",
    "run_rate_projection",
    "weighted_pipeline",
    "win_rate",
]

_STATE = "_state"


def _period(period: Period | str, config: WorkbookConfig) -> Period:
    return period if isinstance(period, Period) else parse_period(period, config.fiscal_year_start_month)


def _col(df: pd.DataFrame, key: str) -> pd.Series:
    return df[key] if key in df.columns else pd.Series(None, index=df.index, dtype="object")


def prepare_deals(deals: pd.DataFrame, config: WorkbookConfig, today: dt.date) -> pd.DataFrame:
    """The deals with the computed columns and the helpers every figure here needs.

    Adds ``pipeline_columns`` (win_probability, weighted_amount, forecast, ...) and
    ``_state`` (open/won/lost; NaN for an unknown stage), ``_amount`` (float, blank = 0),
    ``_created``, ``_expected``, ``_closed`` (datetime64) and ``_days_open`` (open deals:
    days from created to ``today``). Calling it on a prepared frame returns it unchanged.

    >>> deals = pd.DataFrame({"stage": ["demo", "won"], "amount": [1000.0, 500.0],
    ...     "created_date": [dt.date(2026, 7, 1)] * 2})
    >>> d = prepare_deals(deals, WorkbookConfig(), dt.date(2026, 7, 31))
    >>> d[["_state", "weighted_amount", "_days_open"]].values.tolist()
    [['open', 400.0, 30], ['won', 500.0, <NA>]]
    >>> prepare_deals(d, WorkbookConfig(), dt.date(2026, 7, 31)) is d
    True
    """
    if _STATE in deals.columns:
        return deals
    out = deals.copy(deep=False)  # copy on write: adding columns leaves ``deals`` as it is
    # The same input values in faster dtypes for pipeline_columns: its per-row stage lookups
    # run several times faster on object than on string dtype, and dates parse only once.
    fast = pd.DataFrame(index=deals.index)
    fast["stage"] = _col(deals, "stage").astype("object")
    for key in ("amount", "probability"):
        if key in deals.columns:
            fast[key] = deals[key]
    if "forecast_category" in deals.columns:
        fast["forecast_category"] = deals["forecast_category"].astype("object")
    for key in ("created_date", "expected_close_date", "actual_close_date", "last_activity_date"):
        if key in deals.columns:
            fast[key] = pd.to_datetime(deals[key], errors="coerce").astype("datetime64[s]")
    for key, values in pipeline_columns(fast, config, today).items():
        out[key] = values
    # A categorical: the many selections by state compare small codes, not strings.
    states = {s.key: s.state.value for s in config.stages}
    out[_STATE] = pd.Categorical(fast["stage"].map(states), categories=[s.value for s in StageState])
    out["_amount"] = pd.to_numeric(_col(deals, "amount"), errors="coerce").fillna(0.0).astype(float)
    out["_weighted"] = pd.to_numeric(out["weighted_amount"], errors="coerce").fillna(0.0).astype(float)
    for key, src in (("_created", "created_date"), ("_expected", "expected_close_date"),
                     ("_closed", "actual_close_date")):
        out[key] = fast[src] if src in fast.columns else pd.Series(pd.NaT, index=deals.index,
                                                                   dtype="datetime64[s]")
    out["_days_open"] = _days(pd.Timestamp(today), out["_created"], out[_STATE] == StageState.OPEN.value)
    return out


def as_of(period: Period, today: dt.date) -> dt.date:
    """The last day counted "to date" in ``period``: ``today``, or the period end if earlier.

    >>> today = dt.date(2026, 8, 15)
    >>> as_of(parse_period("2026-Q3"), today), as_of(parse_period("2026-Q2"), today)
    (datetime.date(2026, 8, 15), datetime.date(2026, 6, 30))
    """
    return min(today, period.end)


def _between(series: pd.Series, first: dt.date, last: dt.date) -> pd.Series:
    """Whether each date of a prepared date column lies in ``[first, last]`` (False where missing)."""
    values = series.to_numpy(dtype="datetime64[s]")  # NaT compares False
    inside = (values >= np.datetime64(first, "s")) & (values <= np.datetime64(last, "s"))
    return pd.Series(inside, index=series.index)


def _won_to_date(d: pd.DataFrame, period: Period, today: dt.date) -> pd.Series:
    return (d[_STATE] == StageState.WON.value) & _between(d["_closed"], period.start, as_of(period, today))


def _closed_to_date(d: pd.DataFrame, period: Period, today: dt.date) -> pd.Series:
    closed = d[_STATE].isin([StageState.WON.value, StageState.LOST.value])
    return closed & _between(d["_closed"], period.start, as_of(period, today))


def _open(d: pd.DataFrame) -> pd.Series:
    return d[_STATE] == StageState.OPEN.value


def open_deals(
    deals: pd.DataFrame, config: WorkbookConfig, today: dt.date, period: Period | str | None = None
) -> pd.DataFrame:
    """Open deals (stage state open), and with ``period`` only those expected to close in it.

    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "stage": ["demo", "lead", "won"],
    ...     "expected_close_date": [dt.date(2026, 8, 1), dt.date(2026, 12, 1), None]})
    >>> open_deals(deals, WorkbookConfig(), dt.date(2026, 7, 1), "2026-Q3").deal_id.tolist()
    ['D1']
    """
    d = prepare_deals(deals, config, today)
    mask = _open(d)
    if period is not None:
        p = _period(period, config)
        mask &= _between(d["_expected"], p.start, p.end)
    return d[mask]


def weighted_pipeline(
    deals: pd.DataFrame, config: WorkbookConfig, today: dt.date, period: Period | str | None = None
) -> float:
    """Sum of amount × win probability over open deals (expected to close in ``period`` if given).

    >>> deals = pd.DataFrame({"stage": ["proposal", "demo", "won"], "amount": [1000.0, 500.0, 800.0],
    ...     "probability": [None, 0.5, None]})
    >>> weighted_pipeline(deals, WorkbookConfig(), dt.date(2026, 8, 1))  # 1000*0.6 + 500*0.5
    850.0
    """
    d = open_deals(deals, config, today, period)
    return round(float(d["_weighted"].sum()), 2)


def closed_won(deals: pd.DataFrame, config: WorkbookConfig, period: Period | str, today: dt.date) -> float:
    """Amount of won deals whose actual close date is in the period, up to ``today``.

    >>> deals = pd.DataFrame({"stage": ["won", "won", "lost"], "amount": [100.0, 200.0, 50.0],
    ...     "actual_close_date": [dt.date(2026, 7, 3), dt.date(2026, 6, 30), dt.date(2026, 7, 9)]})
    >>> closed_won(deals, WorkbookConfig(), "2026-Q3", dt.date(2026, 8, 1))
    100.0
    """
    d = prepare_deals(deals, config, today)
    return round(float(d.loc[_won_to_date(d, _period(period, config), today), "_amount"].sum()), 2)


@dataclass(frozen=True)
class Forecast:
    """Forecast of a period by category (amounts, unweighted).

    Individual parts: ``closed_won`` (won to date), and the open deals expected to close in
    the period whose forecast category in effect is ``commit``, ``best_case``,
    ``pipeline`` or ``omitted``. Cumulative roll-ups: ``commit_total`` = closed won +
    commit; ``best_case_total`` = commit_total + best case; ``pipeline_total`` =
    best_case_total + pipeline. Omitted deals are in no roll-up.
    """

    closed_won: float
    commit: float
    best_case: float
    pipeline: float
    omitted: float

    @property
    def commit_total(self) -> float:
        """Closed won plus open commit."""
        return round(self.closed_won + self.commit, 2)

    @property
    def best_case_total(self) -> float:
        """Commit total plus open best case."""
        return round(self.commit_total + self.best_case, 2)

    @property
    def pipeline_total(self) -> float:
        """Best-case total plus open pipeline."""
        return round(self.best_case_total + self.pipeline, 2)


def forecast(deals: pd.DataFrame, config: WorkbookConfig, period: Period | str, today: dt.date) -> Forecast:
    """Forecast of ``period`` by category; the category is the rep's override, else the stage's.

    >>> deals = pd.DataFrame({"stage": ["won", "negotiation", "proposal", "demo", "demo"],
    ...     "amount": [100.0, 200.0, 300.0, 400.0, 50.0],
    ...     "forecast_category": [None, None, None, "best_case", None],
    ...     "actual_close_date": [dt.date(2026, 7, 1), None, None, None, None],
    ...     "expected_close_date": [None] + [dt.date(2026, 9, 1)] * 4})
    >>> f = forecast(deals, WorkbookConfig(), "2026-Q3", dt.date(2026, 8, 1))
    >>> f.commit, f.best_case, f.pipeline, (f.commit_total, f.best_case_total, f.pipeline_total)
    (200.0, 700.0, 50.0, (300.0, 1000.0, 1050.0))
    """
    p = _period(period, config)
    prepared = prepare_deals(deals, config, today)
    d = open_deals(prepared, config, today, p)
    by_category = d.groupby(d["forecast"].astype("object").fillna("omitted"))["_amount"].sum()

    def part(key: str) -> float:
        return round(float(by_category.get(key, 0.0)), 2)

    return Forecast(closed_won(prepared, config, p, today), part("commit"), part("best_case"),
                    part("pipeline"), part("omitted"))


def attainment(actual: float, target: float | None) -> float | None:
    """Actual ÷ target as a fraction (1.0 = 100%); None without a positive target.

    >>> attainment(75_000, 100_000), attainment(10, 0)
    (0.75, None)
    """
    if target is None or target <= 0:
        return None
    return actual / target


def gap_to_target(target: float | None, actual: float) -> float | None:
    """What is still missing to reach the target: max(target − actual, 0); None without target.

    >>> gap_to_target(100_000, 75_000), gap_to_target(100_000, 120_000)
    (25000.0, 0.0)
    """
    if target is None:
        return None
    return round(max(float(target) - actual, 0.0), 2)


def coverage(
    deals: pd.DataFrame,
    config: WorkbookConfig,
    period: Period | str,
    today: dt.date,
    gap: float | None,
    *,
    weighted: bool = False,
) -> float | None:
    """Pipeline coverage: open pipeline closing in the rest of the period ÷ the gap to target.

    The rest of the period is ``[max(today, start), end]``; the pipeline is the amount
    (or the weighted amount with ``weighted=True``) of open deals expected to close then.
    None when the gap is None or zero, or the period is over.

    >>> deals = pd.DataFrame({"stage": ["proposal", "demo"], "amount": [30_000.0, 20_000.0],
    ...     "expected_close_date": [dt.date(2026, 9, 1), dt.date(2026, 7, 20)]})
    >>> coverage(deals, WorkbookConfig(), "2026-Q3", dt.date(2026, 8, 1), 10_000.0)
    3.0
    >>> coverage(deals, WorkbookConfig(), "2026-Q3", dt.date(2026, 8, 1), 10_000.0, weighted=True)
    1.8
    """
    p = _period(period, config)
    d = prepare_deals(deals, config, today)
    amount = d.loc[_remaining(d, p, today), "_weighted" if weighted else "_amount"].sum()
    return coverage_ratio(float(amount), gap, p, today)


def _remaining(d: pd.DataFrame, period: Period, today: dt.date) -> pd.Series:
    """Open deals expected to close in the rest of the period, ``[max(today, start), end]``."""
    return _open(d) & _between(d["_expected"], max(today, period.start), period.end)


def coverage_ratio(pipeline_amount: float, gap: float | None, period: Period, today: dt.date) -> float | None:
    """``pipeline_amount ÷ gap``; None when the gap is None or zero or the period is over.

    >>> coverage_ratio(30_000.0, 10_000.0, parse_period("2026-Q3"), dt.date(2026, 8, 1))
    3.0
    """
    if gap is None or gap <= 0 or today > period.end:
        return None
    return pipeline_amount / gap


def run_rate_projection(closed_to_date: float, period: Period, today: dt.date) -> float | None:
    """Closed won to date extrapolated linearly over the whole period (calendar days).

    ``closed_to_date × period days ÷ elapsed days``, elapsed days counting ``start`` to
    ``as_of`` inclusive. None before the period starts.

    >>> run_rate_projection(31_000, parse_period("2026-07"), dt.date(2026, 7, 10))
    96100.0
    """
    if today < period.start:
        return None
    elapsed = (as_of(period, today) - period.start).days + 1
    total = (period.end - period.start).days + 1
    return round(closed_to_date * total / elapsed, 2)


@dataclass(frozen=True)
class WinRate:
    """Won ÷ (won + lost) among deals closed in the period to date, by count and by value."""

    won: int
    lost: int
    won_amount: float
    lost_amount: float

    @property
    def by_count(self) -> float | None:
        """Won deals ÷ closed deals; None when none closed."""
        closed = self.won + self.lost
        return self.won / closed if closed else None

    @property
    def by_value(self) -> float | None:
        """Won amount ÷ closed amount; None when the closed amount is zero."""
        closed = self.won_amount + self.lost_amount
        return self.won_amount / closed if closed > 0 else None


def win_rate(deals: pd.DataFrame, config: WorkbookConfig, period: Period | str, today: dt.date) -> WinRate:
    """Win rate of the deals won or lost (actual close date) in the period to date.

    >>> deals = pd.DataFrame({"stage": ["won", "lost", "lost", "won"],
    ...     "amount": [300.0, 100.0, 100.0, 50.0],
    ...     "actual_close_date": [dt.date(2026, 7, 5)] * 3 + [dt.date(2025, 1, 1)]})
    >>> w = win_rate(deals, WorkbookConfig(), "2026-Q3", dt.date(2026, 9, 30))
    >>> round(w.by_count, 4), w.by_value
    (0.3333, 0.6)
    """
    d = prepare_deals(deals, config, today)
    closed = d[_closed_to_date(d, _period(period, config), today)]
    won = closed[_STATE] == StageState.WON.value
    return WinRate(int(won.sum()), int((~won).sum()), float(closed.loc[won, "_amount"].sum()),
                   float(closed.loc[~won, "_amount"].sum()))
