"""The numbers behind the master's Dashboard sheet, computed from the merged tables (pure).

Kept apart from the writing code so that it can be swapped for
``salessheet.compute.metrics.team_metrics`` once that exists; ``load`` only needs a
``DashboardData``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from salessheet.schema import StageState, WorkbookConfig
from sync.team import Rep

__all__ = ["DashboardData", "dashboard_data", "quarter_of"]

OPEN_RISK = ("open", "mitigating")


@dataclass
class DashboardData:
    """Tables shown on the Dashboard; every frame has plain columns ready to write.

    Attributes:
        period: label of the period the attainment and leaderboard are for ("2026-Q4").
        attainment: rep, name, target, won, attainment.
        monthly: month, weighted_pipeline, won, target (six months from this month).
        funnel: stage, deals, amount (open stages then won).
        heatmap: likelihood (rows 5..1) x impact (columns 1..5): open risks.
        overdue: owner, task_id, title, due_date, days_overdue (most overdue first).
        leaderboard: rank, rep, name, won, won_deals, weighted_pipeline, overdue_tasks.
    """

    period: str
    attainment: pd.DataFrame
    monthly: pd.DataFrame
    funnel: pd.DataFrame
    heatmap: pd.DataFrame
    overdue: pd.DataFrame
    leaderboard: pd.DataFrame


def quarter_of(day: dt.date) -> tuple[str, dt.date, dt.date]:
    """Label, first and last day of the calendar quarter of ``day``.

    >>> quarter_of(dt.date(2026, 11, 25))
    ('2026-Q4', datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    """
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    end = (pd.Timestamp(day.year, start.month + 2, 1) + pd.offsets.MonthEnd(0)).date()
    return f"{day.year}-Q{q + 1}", start, end


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce")


def _num(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").fillna(0.0).astype(float)


def _revenue_targets(targets: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Revenue targets whose period lies inside [start, end]."""
    rows = targets[targets["metric"] == "revenue"].copy()
    first, last = _dates(rows["period_start"]), _dates(rows["period_end"])
    inside = (first >= pd.Timestamp(start)) & (last <= pd.Timestamp(end))
    rows = rows[inside]
    rows["_span"] = (_dates(rows["period_end"]) - _dates(rows["period_start"])).dt.days
    return rows


def _target_by_owner(targets: pd.DataFrame, start: dt.date, end: dt.date) -> dict[str, float]:
    """Per owner: the longest-span targets inside the period (a quarter target over month targets)."""
    rows = _revenue_targets(targets, start, end)
    out: dict[str, float] = {}
    for owner, group in rows.groupby(rows["owner"].astype(str), sort=True):
        longest = group[group["_span"] == group["_span"].max()]
        out[str(owner)] = float(_num(longest["value"]).sum())
    return out


def dashboard_data(
    tables: dict[str, pd.DataFrame], roster: tuple[Rep, ...], config: WorkbookConfig, today: dt.date
) -> DashboardData:
    """Attainment, monthly pipeline vs target, funnel, risk heat map, overdue tasks, leaderboard."""
    pipeline, tasks, risks, targets = (tables[k] for k in ("pipeline", "tasks", "risks", "targets"))
    label, q_start, q_end = quarter_of(today)
    won_key = config.won_stage.key
    won = pipeline[pipeline["stage"] == won_key]
    closed = _dates(won["actual_close_date"])
    in_quarter = won[(closed >= pd.Timestamp(q_start)) & (closed <= pd.Timestamp(q_end))]
    open_keys = [s.key for s in config.stages if s.state is StageState.OPEN]
    open_deals = pipeline[pipeline["stage"].isin(open_keys)]

    names = {r.rep_id: r.name or r.rep_id for r in roster}
    rep_ids = sorted(names)
    target_by = _target_by_owner(targets, q_start, q_end)
    won_by = _num(in_quarter["amount"]).groupby(in_quarter["owner"].astype(str)).sum()
    attainment = pd.DataFrame({
        "rep": rep_ids,
        "name": [names[r] for r in rep_ids],
        "target": [target_by.get(r, 0.0) for r in rep_ids],
        "won": [float(won_by.get(r, 0.0)) for r in rep_ids],
    })
    attainment["attainment"] = (attainment["won"] / attainment["target"]).where(attainment["target"] > 0)

    months = [(pd.Timestamp(today.year, today.month, 1) + pd.DateOffset(months=i)) for i in range(6)]
    expected = _dates(open_deals["expected_close_date"]).dt.to_period("M")
    weighted = _num(open_deals["weighted_amount"]).groupby(expected).sum()
    won_month = _num(won["amount"]).groupby(_dates(won["actual_close_date"]).dt.to_period("M")).sum()
    monthly_rows = []
    for month in months:
        end = (month + pd.offsets.MonthEnd(0)).date()
        by_owner = _target_by_owner(targets, month.date(), end)
        team_target = by_owner.get("TEAM", sum(v for k, v in by_owner.items() if k != "TEAM"))
        period = month.to_period("M")
        monthly_rows.append([month.strftime("%Y-%m"), float(weighted.get(period, 0.0)),
                             float(won_month.get(period, 0.0)), team_target])
    monthly = pd.DataFrame(monthly_rows, columns=["month", "weighted_pipeline", "won", "target"])

    funnel_rows = []
    for stage in config.stages:
        if stage.state is StageState.LOST:
            continue
        rows = pipeline[pipeline["stage"] == stage.key]
        amount = float(_num(rows["amount"]).sum())
        funnel_rows.append([stage.label("en"), stage.label("zh"), len(rows), amount])
    funnel = pd.DataFrame(funnel_rows, columns=["stage", "stage_zh", "deals", "amount"])

    live = risks[risks["status"].isin(OPEN_RISK)]
    likelihood = pd.to_numeric(live["likelihood"], errors="coerce")
    impact = pd.to_numeric(live["impact"], errors="coerce")
    heatmap = pd.DataFrame(0, index=range(5, 0, -1), columns=range(1, 6))
    for lk, im in zip(likelihood.tolist(), impact.tolist(), strict=True):
        if 1 <= lk <= 5 and 1 <= im <= 5:
            heatmap.loc[int(lk), int(im)] += 1

    late = tasks[tasks["is_overdue"].fillna(False).astype(bool)]
    overdue = late[["owner", "task_id", "title", "due_date", "days_overdue"]].copy()
    overdue = overdue.sort_values(["days_overdue", "owner", "task_id"], ascending=[False, True, True],
                                  kind="mergesort").reset_index(drop=True)

    weighted_by = _num(open_deals["weighted_amount"]).groupby(open_deals["owner"].astype(str)).sum()
    deals_by = in_quarter.groupby(in_quarter["owner"].astype(str)).size()
    late_by = late.groupby(late["owner"].astype(str)).size()
    board = pd.DataFrame({
        "rep": rep_ids,
        "name": [names[r] for r in rep_ids],
        "won": [float(won_by.get(r, 0.0)) for r in rep_ids],
        "won_deals": [int(deals_by.get(r, 0)) for r in rep_ids],
        "weighted_pipeline": [float(weighted_by.get(r, 0.0)) for r in rep_ids],
        "overdue_tasks": [int(late_by.get(r, 0)) for r in rep_ids],
    })
    board = board.sort_values(["won", "weighted_pipeline", "rep"], ascending=[False, False, True],
                              kind="mergesort").reset_index(drop=True)
    board.insert(0, "rank", range(1, len(board) + 1))
    return DashboardData(label, attainment, monthly, funnel, heatmap, overdue, board)
