"""The numbers behind the master's Dashboard sheet, from the merged tables (pure).

Computed by ``salessheet.compute`` like ``salessheet metrics`` and ``salessheet report``;
``load`` only writes the ``DashboardData``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from salessheet.compute.funnel import stage_funnel
from salessheet.compute.incentives import leaderboard
from salessheet.compute.metrics import UNASSIGNED, TeamFrames, monthly_figures, team_metrics
from salessheet.compute.pipeline import prepare_deals
from salessheet.compute.risks import risk_heatmap
from salessheet.schema import WorkbookConfig
from sync.team import Rep

__all__ = ["DashboardData", "dashboard_data", "quarter_of"]


@dataclass
class DashboardData:
    """Tables shown on the Dashboard; every frame has plain columns ready to write.

    Attributes:
        period: label of the period the attainment and leaderboard are for ("2026-Q4").
        attainment: rep, name, target, won, attainment.
        monthly: month, weighted_pipeline, won, target (six months from this month).
        funnel: stage, stage_zh, deals that reached the stage, conversion to the next stage.
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


def _roster_frame(roster: tuple[Rep, ...]) -> pd.DataFrame:
    return pd.DataFrame([{"rep_id": r.rep_id, "name": r.name, "manager": r.manager, "region": r.region}
                         for r in roster], columns=["rep_id", "name", "manager", "region"])


def dashboard_data(
    tables: dict[str, pd.DataFrame], roster: tuple[Rep, ...], config: WorkbookConfig, today: dt.date
) -> DashboardData:
    """Attainment, monthly pipeline vs target, funnel, risk heat map, overdue tasks, leaderboard.

    Every figure comes from ``salessheet.compute`` (``team_metrics`` and the functions it is
    built on), the same code behind ``salessheet metrics`` and ``salessheet report``, so the
    Dashboard and the report show the same numbers.
    """
    # Deals are prepared once: team_metrics takes a prepared frame as it is.
    deals = prepare_deals(tables["pipeline"], config, today)
    frames = TeamFrames(pipeline=deals, tasks=tables["tasks"], risks=tables["risks"],
                        targets=tables["targets"], roster=_roster_frame(roster), config=config)
    label, _, _ = quarter_of(today)
    metrics = team_metrics(frames, label, "owner", today)
    by_rep = {g.group: g for g in metrics.groups if g.group is not None}
    names = {r.rep_id: r.name or r.rep_id for r in roster}
    rep_ids = sorted(set(names) | {g for g in by_rep if g is not None and g != UNASSIGNED})

    def figure(rep: str, key: str, default: float = 0.0) -> float:
        group = by_rep.get(rep)
        value = getattr(group, key) if group is not None else None
        return default if value is None else float(value)

    attainment = pd.DataFrame({
        "rep": rep_ids,
        "name": [names.get(r, r) for r in rep_ids],
        "target": [figure(r, "target") for r in rep_ids],
        "won": [figure(r, "closed_won") for r in rep_ids],
        "attainment": [figure(r, "attainment", float("nan")) for r in rep_ids],
    })

    months = [(pd.Timestamp(today.year, today.month, 1) + pd.DateOffset(months=i)).strftime("%Y-%m")
              for i in range(6)]
    monthly = pd.DataFrame([[m.month, m.weighted_pipeline, m.closed_won, m.target or 0.0]
                            for m in monthly_figures(frames, months, today)],
                           columns=["month", "weighted_pipeline", "won", "target"])

    funnel_rows = []
    for row in stage_funnel(frames.pipeline, config, today).itertuples(index=False):
        stage = config.stage(str(row.stage))
        conversion = None if pd.isna(row.conversion) else float(row.conversion)
        funnel_rows.append([stage.label("en"), stage.label("zh"), int(row.reached), conversion])
    funnel = pd.DataFrame(funnel_rows, columns=["stage", "stage_zh", "deals", "conversion"])

    heatmap = risk_heatmap(frames.risks) if len(frames.risks) else pd.DataFrame(
        0, index=range(5, 0, -1), columns=range(1, 6))
    late = frames.overdue_tasks(today)
    overdue = late.reindex(columns=["owner", "task_id", "title", "due_date", "days_overdue"]).reset_index(
        drop=True)

    board = pd.DataFrame({
        "rep": rep_ids,
        "name": [names.get(r, r) for r in rep_ids],
        "won": [figure(r, "closed_won") for r in rep_ids],
        "won_deals": [int(figure(r, "won_deals")) for r in rep_ids],
        "weighted_pipeline": [figure(r, "weighted_pipeline") for r in rep_ids],
        "overdue_tasks": [int(figure(r, "overdue_tasks")) for r in rep_ids],
    })
    board = leaderboard(board, "won", by="rep")
    board["rank"] = board["rank"].astype(int)
    return DashboardData(label, attainment, monthly, funnel, heatmap, overdue, board)
