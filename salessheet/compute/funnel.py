"""Deal flow: stage-to-stage funnel, sales cycle, velocity, deal aging and stale deals.

Same conventions as ``compute.pipeline`` (period semantics, prepared frames).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from salessheet.compute.periods import Period
from salessheet.compute.pipeline import _STATE, _col, _period, _won_to_date, open_deals, prepare_deals
from salessheet.schema.config import StageState, WorkbookConfig

__all__ = [
    "average_sales_cycle",
    "average_won_amount",
    "cycle_days",
    "deal_aging",
    "sales_velocity",
    "stage_funnel",
    "stale_deals",
]


def stage_funnel(deals: pd.DataFrame, config: WorkbookConfig, today: dt.date) -> pd.DataFrame:
    """Stage-to-stage conversion from each deal's current stage.

    Rule: a deal at open stage k has reached every open stage up to k; a won deal has
    reached every open stage and the won stage. The sheet does not record where a lost
    deal was lost, so a lost deal counts as reaching the first stage only, unless the
    frame has a ``lost_at_stage`` column holding the stage key it was lost at. Deals with
    an unknown stage are left out.

    Returns:
        One row per open stage (in Config order) and the won stage: ``stage``,
        ``reached`` (deals that reached it), ``advanced`` (of those, deals that reached the
        next stage; 0 for won), ``conversion`` (advanced ÷ reached; NaN for won or none) and
        ``from_first`` (reached ÷ reached at the first stage).

    >>> deals = pd.DataFrame({"stage": ["lead", "qualified", "demo", "won", "lost"]})
    >>> funnel = stage_funnel(deals, WorkbookConfig(), dt.date(2026, 1, 1))
    >>> funnel[["stage", "reached", "advanced"]].values.tolist()[:4]
    [['lead', 5, 3], ['qualified', 3, 2], ['demo', 2, 1], ['proposal', 1, 1]]
    """
    d = prepare_deals(deals, config, today)
    open_keys = [s.key for s in config.stages if s.state is StageState.OPEN]
    steps = [*open_keys, config.won_stage.key]
    index = {key: i for i, key in enumerate(steps)}
    depth = _col(d, "stage").map(index)
    lost = d[_STATE] == StageState.LOST.value
    lost_depth = _col(d, "lost_at_stage").map(index).fillna(0) if "lost_at_stage" in d.columns else 0
    depth = depth.where(~lost, lost_depth).dropna().astype(int)
    counts = depth.value_counts().reindex(range(len(steps)), fill_value=0)
    reached = counts[::-1].cumsum()[::-1].to_numpy()
    advanced = [*(int(n) for n in reached[1:]), 0]
    frame = pd.DataFrame({"stage": steps, "reached": reached.astype(int), "advanced": advanced})
    frame["conversion"] = (frame["advanced"] / frame["reached"].where(frame["reached"] > 0)).astype(float)
    frame.loc[frame.index[-1], "conversion"] = float("nan")
    first = reached[0] if len(reached) else 0
    frame["from_first"] = frame["reached"] / first if first else float("nan")
    return frame


def _won_in(
    d: pd.DataFrame, config: WorkbookConfig, period: Period | str | None, today: dt.date
) -> pd.DataFrame:
    if period is None:
        return d[d[_STATE] == StageState.WON.value]
    return d[_won_to_date(d, _period(period, config), today)]


def average_sales_cycle(
    deals: pd.DataFrame, config: WorkbookConfig, today: dt.date, period: Period | str | None = None
) -> float | None:
    """Mean days from created to actual close over won deals (won in ``period`` to date if given).

    Deals missing either date, or closing before they were created, are left out.

    >>> deals = pd.DataFrame({"stage": ["won", "won", "lost"],
    ...     "created_date": [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 1, 1)],
    ...     "actual_close_date": [dt.date(2026, 1, 31), dt.date(2026, 3, 3), dt.date(2026, 1, 2)]})
    >>> average_sales_cycle(deals, WorkbookConfig(), dt.date(2026, 6, 1))  # (30 + 30) / 2
    30.0
    """
    won = _won_in(prepare_deals(deals, config, today), config, period, today)
    days = cycle_days(won)
    days = days[days.notna()]
    return float(days.mean()) if len(days) else None


def cycle_days(prepared: pd.DataFrame) -> pd.Series:
    """Days from created to actual close of each row of a prepared frame; NaN when unknown or negative.

    >>> deals = pd.DataFrame({"stage": ["won", "won"], "created_date": [dt.date(2026, 1, 1)] * 2,
    ...     "actual_close_date": [dt.date(2026, 1, 11), dt.date(2025, 12, 1)]})
    >>> cycle_days(prepare_deals(deals, WorkbookConfig(), dt.date(2026, 2, 1))).tolist()
    [10.0, nan]
    """
    days = (prepared["_closed"] - prepared["_created"]).dt.days.astype(float)
    return days.where(days >= 0)


def average_won_amount(
    deals: pd.DataFrame, config: WorkbookConfig, today: dt.date, period: Period | str | None = None
) -> float | None:
    """Mean amount of won deals (won in ``period`` to date if given), to the cent; None if none.

    >>> deals = pd.DataFrame({"stage": ["won", "won", "lost"], "amount": [100.0, 50.0, 999.0]})
    >>> average_won_amount(deals, WorkbookConfig(), dt.date(2026, 1, 1))
    75.0
    """
    won = _won_in(prepare_deals(deals, config, today), config, period, today)
    return round(float(won["_amount"].mean()), 2) if len(won) else None


def sales_velocity(
    open_count: int, rate: float | None, average_won: float | None, cycle_days: float | None
) -> float | None:
    """Sales velocity in currency per day: open deals × win rate × average won size ÷ cycle days.

    The cycle is taken as at least one day. None when an ingredient is missing.

    >>> sales_velocity(40, 0.25, 10_000.0, 50.0)
    2000.0
    """
    if rate is None or average_won is None or cycle_days is None:
        return None
    return round(open_count * rate * average_won / max(cycle_days, 1.0), 2)


def deal_aging(deals: pd.DataFrame, config: WorkbookConfig, today: dt.date) -> pd.DataFrame:
    """Open deals with their age: deal_id, owner, stage, amount, days_open, days_since_activity, is_stale.

    Sorted by days open, oldest first (then deal id).

    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2"], "stage": ["demo", "won"], "amount": [1.0, 2.0],
    ...     "created_date": [dt.date(2026, 1, 1)] * 2, "last_activity_date": [dt.date(2026, 3, 1)] * 2})
    >>> aging = deal_aging(deals, WorkbookConfig(), dt.date(2026, 4, 1))
    >>> aging[["deal_id", "days_open", "is_stale"]].values.tolist()
    [['D1', 90, True]]
    """
    d = open_deals(deals, config, today)
    out = pd.DataFrame({
        "deal_id": _col(d, "deal_id"), "owner": _col(d, "owner"), "stage": _col(d, "stage"),
        "amount": d["_amount"], "days_open": d["_days_open"],
        "days_since_activity": d["days_since_activity"], "is_stale": d["is_stale"].astype(bool),
    })
    return out.sort_values(["days_open", "deal_id"], ascending=[False, True], na_position="last",
                           kind="stable").reset_index(drop=True)


def stale_deals(deals: pd.DataFrame, config: WorkbookConfig, today: dt.date) -> pd.DataFrame:
    """The rows of ``deal_aging`` that are stale (no activity for over ``stale_deal_days``).

    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2"], "stage": ["demo", "demo"],
    ...     "created_date": [dt.date(2026, 1, 1)] * 2,
    ...     "last_activity_date": [dt.date(2026, 3, 1), dt.date(2026, 3, 30)]})
    >>> stale_deals(deals, WorkbookConfig(), dt.date(2026, 4, 1)).deal_id.tolist()  # 31 > 30 days
    ['D1']
    """
    d = prepare_deals(deals, config, today)
    return deal_aging(d[d["is_stale"].astype(bool)], config, today)
