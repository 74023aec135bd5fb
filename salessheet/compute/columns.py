"""Computed columns: the Python twin of every native formula in the templates.

Each function takes a sheet's rows as a DataFrame with canonical column keys and
canonical choice keys (stage "won", status "done"), and returns the computed columns.
The template formulas in ``salessheet.templates.formulas`` must give the same values;
a LibreOffice test holds them to it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from salessheet.compute.periods import PeriodError, parse_period
from salessheet.schema.config import StageState, WorkbookConfig

__all__ = [
    "pipeline_columns",
    "risk_columns",
    "target_columns",
    "task_columns",
]

_CLOSED_TASK = ("done", "cancelled")


def _dates(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, np.dtype) and series.dtype.kind == "M":  # already naive datetimes
        return series
    return pd.to_datetime(series, errors="coerce")


_SUBDAY_UNITS = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def _split_days(moment: pd.Series | pd.Timestamp) -> tuple[np.ndarray, np.ndarray, np.ndarray, int] | None:
    """Whole days since 1970 and the ticks left over (both floored), where it is missing, and the
    ticks per day; None for units coarser than seconds."""
    values = np.asarray(moment.to_datetime64() if isinstance(moment, pd.Timestamp) else moment.to_numpy())
    per_day = _SUBDAY_UNITS.get(np.datetime_data(values.dtype)[0]) if values.dtype.kind == "M" else None
    if per_day is None:
        return None
    ticks = values.view("int64")
    return ticks // per_day, ticks % per_day, np.isnat(values), per_day


def _days(
    later: pd.Series | pd.Timestamp, earlier: pd.Series | pd.Timestamp, where: pd.Series | None = None
) -> pd.Series:
    """Whole days from ``earlier`` to ``later`` (Int64, rounded down like ``Timedelta.days``); NA
    where either is missing or ``where`` is False.

    Counted from each side's days and leftover ticks, so that dates further apart than the
    292 years an int64 of nanoseconds holds still count (subtracting them overflows)."""
    split_later, split_earlier = _split_days(later), _split_days(earlier)
    if split_later is None or split_earlier is None:  # the general route (not from our readers)
        days = pd.Series(later - earlier).dt.days.astype("Int64")
        return days if where is None else days.where(where)
    (days_a, rest_a, missing_a, per_a), (days_b, rest_b, missing_b, per_b) = split_later, split_earlier
    per_day = max(per_a, per_b)
    with np.errstate(over="ignore"):  # (only where a side is NaT, which is masked)
        values = (days_a - days_b) + (rest_a * (per_day // per_a) - rest_b * (per_day // per_b)) // per_day
    missing = missing_a | missing_b
    if where is not None:
        missing = missing | ~where.to_numpy(dtype=bool)
    sides = [side for side in (later, earlier) if isinstance(side, pd.Series)]
    series, names = sides[0], {side.name for side in sides}
    name = names.pop() if len(names) == 1 else None  # (pandas keeps a name both sides share)
    shape = len(series)
    return pd.Series(pd.arrays.IntegerArray(np.broadcast_to(values, shape).astype("int64"),
                                            np.broadcast_to(missing, shape).copy()),
                     index=series.index, name=name)


def _date_column(df: pd.DataFrame, key: str) -> pd.Series:
    """``_dates`` of a column; a missing column as the all-NaT column ``to_datetime`` would make."""
    if key in df.columns:
        return _dates(df[key])
    return pd.Series(pd.NaT, index=df.index, dtype="datetime64[s]")


def _column(df: pd.DataFrame, key: str) -> pd.Series:
    if key in df.columns:
        return df[key]
    return pd.Series([None] * len(df), index=df.index, dtype="object")


def pipeline_columns(df: pd.DataFrame, config: WorkbookConfig, today: dt.date) -> pd.DataFrame:
    """win_probability, weighted_amount, forecast, days_to_close, days_since_activity, is_stale.

    >>> import datetime as dt, pandas as pd
    >>> from salessheet.schema import WorkbookConfig
    >>> rows = pd.DataFrame({"stage": ["proposal"], "amount": [1000.0], "probability": [None],
    ...     "created_date": [dt.date(2026, 1, 1)], "expected_close_date": [dt.date(2026, 3, 1)]})
    >>> out = pipeline_columns(rows, WorkbookConfig(), dt.date(2026, 2, 1))
    >>> row = out.loc[0]
    >>> float(row["weighted_amount"]), row["forecast"], int(row["days_to_close"])
    (600.0, 'best_case', 28)
    """
    stage = _column(df, "stage")
    default_p = stage.map({s.key: s.probability for s in config.stages}).astype(float)
    override = pd.to_numeric(_column(df, "probability"), errors="coerce")
    win_p = override.where(override.notna(), default_p).astype(float)
    amount = pd.to_numeric(_column(df, "amount"), errors="coerce").astype(float)
    default_fc = stage.map({s.key: s.forecast for s in config.stages})
    chosen_fc = _column(df, "forecast_category")
    forecast = chosen_fc.where(chosen_fc.notna() & (chosen_fc != ""), default_fc)
    is_open = stage.isin([s.key for s in config.stages if s.state is StageState.OPEN])
    now = pd.Timestamp(today)
    expected = _date_column(df, "expected_close_date")
    last = _date_column(df, "last_activity_date")
    created = _date_column(df, "created_date")
    active_since = last.where(last.notna(), created)
    days_to_close = _days(expected, now, is_open & expected.notna())
    since = _days(now, active_since, is_open & active_since.notna())
    stale = (is_open & since.fillna(-1).gt(config.stale_deal_days)).astype(bool)
    return pd.DataFrame(
        {
            "win_probability": win_p,
            "weighted_amount": amount * win_p,
            "forecast": forecast,
            "days_to_close": days_to_close,
            "days_since_activity": since,
            "is_stale": stale,
        },
        index=df.index,
    )


def task_columns(df: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """is_overdue and days_overdue: open tasks (not done, not cancelled) past their due date."""
    due = _date_column(df, "due_date")
    open_task = ~_column(df, "status").isin(_CLOSED_TASK)
    now = pd.Timestamp(today)
    overdue = (open_task & due.notna() & (due < now)).astype(bool)
    return pd.DataFrame(
        {"is_overdue": overdue, "days_overdue": _days(now, due, overdue)},
        index=df.index,
    )


def risk_columns(df: pd.DataFrame, config: WorkbookConfig) -> pd.DataFrame:
    """score = likelihood × impact and its RAG band (red, amber, green) from Config."""
    score = (
        pd.to_numeric(_column(df, "likelihood"), errors="coerce")
        * pd.to_numeric(_column(df, "impact"), errors="coerce")
    ).astype("Int64")
    rag = pd.Series(
        np.select(
            [score.ge(config.risk_red).fillna(False), score.ge(config.risk_amber).fillna(False)],
            ["red", "amber"],
            "green",
        ),
        index=df.index,
        dtype="object",
    ).where(score.notna())
    return pd.DataFrame({"score": score, "rag": rag}, index=df.index)


_YEARS = (1901, 2199)
"""Periods whose (fiscal) year starts outside these years are invalid: spreadsheets disagree on dates
before 1901 (Excel's 1900 leap-year bug) and later years are typos that would overflow timestamps."""


def _period_bounds(period: object, fiscal_start: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    try:
        parsed = parse_period(str(period), fiscal_start)
    except PeriodError:
        return pd.NaT, pd.NaT
    year = int(parsed.label.removeprefix("FY")[:4])
    if not _YEARS[0] <= year - (parsed.label.startswith("FY") and fiscal_start > 1) <= _YEARS[1]:
        return pd.NaT, pd.NaT
    return pd.Timestamp(parsed.start), pd.Timestamp(parsed.end)


class _WonDeals:
    """Won deals as arrays, their positions grouped by owner: each target then looks only at
    its owner's deals (a team's targets are many, its owners few)."""

    def __init__(self, won: pd.DataFrame) -> None:
        closed = _dates(_column(won, "actual_close_date")).to_numpy(dtype="datetime64[ns]")
        self.amount = pd.to_numeric(_column(won, "amount"), errors="coerce").fillna(0.0).to_numpy(dtype=float)
        self.product = _column(won, "product").to_numpy(dtype=object)
        self.region = _column(won, "region").to_numpy(dtype=object)
        self.owner = _column(won, "owner").to_numpy(dtype=object)
        self.closed = closed
        self.dated = np.flatnonzero(~np.isnat(closed))
        self._by_owner: dict[str, np.ndarray] | None = None

    def _owned(self, owner: object) -> np.ndarray:
        """Positions of dated deals whose owner equals ``owner`` (in row order)."""
        if not isinstance(owner, str):
            found: np.ndarray = self.dated[self.owner[self.dated] == owner]
            return found
        if self._by_owner is None:
            groups: dict[str, list[int]] = {}
            for position in self.dated.tolist():
                value = self.owner[position]
                if isinstance(value, str):
                    groups.setdefault(value, []).append(position)
            self._by_owner = {k: np.array(v, dtype=np.int64) for k, v in groups.items()}
        return self._by_owner.get(owner, np.empty(0, dtype=np.int64))

    def closed_between(self, first: pd.Timestamp, last: pd.Timestamp, owner: object | None) -> np.ndarray:
        """Positions of deals closed in [first, last], of ``owner`` unless None (every owner)."""
        rows = self.dated if owner is None else self._owned(owner)
        closed = self.closed[rows]
        inside: np.ndarray = rows[(closed >= first.to_datetime64()) & (closed <= last.to_datetime64())]
        return inside


def target_columns(
    targets: pd.DataFrame, pipeline: pd.DataFrame, config: WorkbookConfig
) -> pd.DataFrame:
    """period_start, period_end, actual and attainment of each target row.

    ``actual`` counts won deals closed inside the period, of the target's owner (every
    owner for TEAM), product and region when those are given: the amount for a revenue
    target, the number of deals for a won-deals target. New-customer targets have no
    row-level actual (it needs the customer history; see ``compute`` metrics).
    """
    bounds = [_period_bounds(p, config.fiscal_year_start_month) for p in _column(targets, "period")]
    start = pd.Series([b[0] for b in bounds], index=targets.index, dtype="datetime64[ns]")
    end = pd.Series([b[1] for b in bounds], index=targets.index, dtype="datetime64[ns]")
    won = _WonDeals(pipeline[_column(pipeline, "stage") == config.won_stage.key])
    actual: list[float | None] = []
    for metric, owner, product, region, first, last in zip(
        _column(targets, "metric"), _column(targets, "owner"), _column(targets, "product"),
        _column(targets, "region"), start, end, strict=True,
    ):
        if metric not in ("revenue", "won_deals") or pd.isna(first):
            actual.append(None)
            continue
        rows = won.closed_between(first, last, None if not owner or str(owner).upper() == "TEAM" else owner)
        for values, wanted in ((won.product, product), (won.region, region)):
            if isinstance(wanted, str) and wanted:
                rows = rows[values[rows] == wanted]
        actual.append(float(won.amount[rows].sum()) if metric == "revenue" else float(len(rows)))
    actual_s = pd.Series(actual, index=targets.index, dtype="float64")
    value = pd.to_numeric(_column(targets, "value"), errors="coerce")
    attainment = (actual_s / value).where(value > 0)
    return pd.DataFrame(
        {
            "period_start": start.dt.date,
            "period_end": end.dt.date,
            "actual": actual_s,
            "attainment": attainment,
        },
        index=targets.index,
    )
