"""Deal figures of many groups in one pass: the per-group sums ``team_metrics`` is built from.

Each column is a sum over the same row selections that the single-figure functions of
``compute.pipeline`` and ``compute.funnel`` use (won to date, closed to date, open in the
period, open in the rest of the period), so a group's figures equal what those functions
return for the group's deals; a test holds them to it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from salessheet.compute.funnel import cycle_days
from salessheet.compute.periods import Period
from salessheet.compute.pipeline import (
    _STATE,
    Forecast,
    WinRate,
    _between,
    _closed_to_date,
    _open,
    _period,
    _remaining,
    _won_to_date,
    prepare_deals,
)
from salessheet.schema.config import StageState, WorkbookConfig

__all__ = ["ROLLUP_COLUMNS", "deal_rollup", "rollup_forecast", "rollup_win_rate"]

ROLLUP_COLUMNS = (
    "closed_won", "won", "lost", "lost_amount", "commit", "best_case", "pipeline", "omitted",
    "weighted_pipeline", "remaining_amount", "remaining_weighted", "cycle_days_sum", "cycle_deals",
    "open_deals", "stale_deals",
)
"""The sums ``deal_rollup`` returns per group."""


def deal_rollup(
    deals: pd.DataFrame,
    config: WorkbookConfig,
    period: Period | str,
    today: dt.date,
    groups: pd.Series | None = None,
) -> pd.DataFrame:
    """Per-group sums of the deal figures of ``period``.

    Args:
        deals: Pipeline rows (or a ``prepare_deals`` frame).
        config: stages and thresholds.
        period: the period.
        today: the day figures are computed for.
        groups: a group label per deal (same index); None = one group "" for all deals.

    Returns:
        One row per group (index: the label) with the ``ROLLUP_COLUMNS``: closed_won and
        won (amount and count won to date), lost and lost_amount (lost to date), commit /
        best_case / pipeline / omitted (open amounts closing in the period by forecast
        category), weighted_pipeline (same deals, weighted), remaining_amount and
        remaining_weighted (open deals closing in the rest of the period), cycle_days_sum
        and cycle_deals (won-to-date deals with a known cycle), open_deals and stale_deals.

    >>> deals = pd.DataFrame({"owner": ["ann", "ann", "bob"], "stage": ["won", "demo", "lost"],
    ...     "amount": [100.0, 50.0, 30.0], "created_date": [dt.date(2026, 7, 1)] * 3,
    ...     "expected_close_date": [None, dt.date(2026, 9, 1), None],
    ...     "actual_close_date": [dt.date(2026, 7, 11), None, dt.date(2026, 7, 2)]})
    >>> sums = deal_rollup(deals, WorkbookConfig(), "2026-Q3", dt.date(2026, 8, 1), deals["owner"])
    >>> keys = ["closed_won", "won", "lost", "pipeline", "weighted_pipeline", "cycle_days_sum"]
    >>> sums[keys].to_dict("index")  # doctest: +NORMALIZE_WHITESPACE
    {'ann': {'closed_won': 100.0, 'won': 1.0, 'lost': 0.0, 'pipeline': 50.0, 'weighted_pipeline': 20.0,
             'cycle_days_sum': 10.0},
     'bob': {'closed_won': 0.0, 'won': 0.0, 'lost': 1.0, 'pipeline': 0.0, 'weighted_pipeline': 0.0,
             'cycle_days_sum': 0.0}}
    """
    d = prepare_deals(deals, config, today)
    p = _period(period, config)
    won = _won_to_date(d, p, today)
    lost = _closed_to_date(d, p, today) & (d[_STATE] == StageState.LOST.value)
    is_open = _open(d)
    in_period = is_open & _between(d["_expected"], p.start, p.end)
    remaining = _remaining(d, p, today)
    codes, categories = pd.factorize(d["forecast"].astype("object").fillna("omitted"))
    # The sums are taken over float64 rows of one block filled in numpy (the same values as
    # Series.where, without its per-call overhead or a copy per column); the groupby below
    # adds them up as before.
    amount, weighted = d["_amount"].to_numpy(dtype=float), d["_weighted"].to_numpy(dtype=float)
    won_, lost_, open_, in_period_, remaining_ = (
        mask.to_numpy(dtype=bool) for mask in (won, lost, is_open, in_period, remaining))
    cycle = cycle_days(d).to_numpy(dtype=float)
    known_cycle = won_ & ~np.isnan(cycle)
    block = np.zeros((len(ROLLUP_COLUMNS), len(d)))
    row = dict(zip(ROLLUP_COLUMNS, block, strict=True))  # each a view of one row of the block
    np.copyto(row["closed_won"], amount, where=won_)
    row["won"][:] = won_
    row["lost"][:] = lost_
    np.copyto(row["lost_amount"], amount, where=lost_)
    for key in ("commit", "best_case", "pipeline", "omitted"):
        found = np.flatnonzero(categories == key)
        if len(found):
            np.copyto(row[key], amount, where=in_period_ & (codes == found[0]))
    np.copyto(row["weighted_pipeline"], weighted, where=in_period_)
    np.copyto(row["remaining_amount"], amount, where=remaining_)
    np.copyto(row["remaining_weighted"], weighted, where=remaining_)
    np.copyto(row["cycle_days_sum"], cycle, where=known_cycle)
    row["cycle_deals"][:] = known_cycle
    row["open_deals"][:] = open_
    row["stale_deals"][:] = open_ & d["is_stale"].to_numpy(dtype=bool)
    frame = pd.DataFrame(block.T, columns=list(ROLLUP_COLUMNS), index=d.index, copy=False)
    key = groups if groups is not None else pd.Series("", index=d.index, dtype="object")
    return frame.groupby(key.reindex(d.index), sort=True).sum()


def rollup_forecast(sums: pd.Series) -> Forecast:
    """The Forecast of one row of ``deal_rollup`` (amounts rounded to the cent as ``forecast``).

    >>> rollup_forecast(pd.Series({"closed_won": 100.0, "commit": 50.0, "pipeline": 25.0})).pipeline_total
    175.0
    """
    return Forecast(*(round(float(sums.get(k, 0.0)), 2)
                      for k in ("closed_won", "commit", "best_case", "pipeline", "omitted")))


def rollup_win_rate(sums: pd.Series) -> WinRate:
    """The WinRate of one row of ``deal_rollup``.

    >>> sums = pd.Series({"won": 1.0, "lost": 3.0, "closed_won": 300.0, "lost_amount": 100.0})
    >>> rollup_win_rate(sums).by_count, rollup_win_rate(sums).by_value
    (0.25, 0.75)
    """
    return WinRate(int(sums.get("won", 0)), int(sums.get("lost", 0)), float(sums.get("closed_won", 0.0)),
                   float(sums.get("lost_amount", 0.0)))
