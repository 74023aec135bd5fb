"""Everything the report shows, assembled from the compute functions (pure; no rendering)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from salessheet.compute.funnel import stage_funnel
from salessheet.compute.incentives import CommissionPlan, commissions, leaderboard
from salessheet.compute.metrics import GroupMetrics, MetricsResult, TeamFrames, monthly_figures, team_metrics
from salessheet.compute.periods import parse_period
from salessheet.compute.pipeline import open_deals, prepare_deals
from salessheet.compute.risks import red_risks, risk_heatmap
from salessheet.compute.targets import allocate
from salessheet.compute.tasks import overdue_tasks
from salessheet.issues import Issue, Severity
from salessheet.schema import choice_labels

__all__ = ["DEFAULT_PLAN", "ReportData", "build_report_data", "months_of"]

DEFAULT_PLAN = CommissionPlan(tiers=((0.0, 0.05), (0.5, 0.08), (1.0, 0.10)), accelerator=1.5)
"""Commission plan of the payout preview (see labels "plan_note")."""

TOP_N = 10


@dataclass
class ReportData:
    """The figures and rows of one report; amounts in the team currency."""

    lang: str
    metrics: MetricsResult
    monthly: list[dict[str, Any]]
    funnel: list[dict[str, Any]]
    heatmap: list[list[int]]
    waterfall: dict[str, float] | None
    top_deals: list[dict[str, Any]]
    slipped: list[dict[str, Any]]
    overdue: list[dict[str, Any]]
    red: list[dict[str, Any]]
    quality: list[dict[str, Any]]
    leaders: list[dict[str, Any]]
    generated_at: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def team(self) -> GroupMetrics:
        """Headline figures of the whole team."""
        return self.metrics.team


def months_of(label: str, fiscal_start: int = 1) -> list[str]:
    """Calendar months (``YYYY-MM``) overlapping the period ``label``.

    >>> months_of("2026-Q3")
    ['2026-07', '2026-08', '2026-09']
    """
    period = parse_period(label, fiscal_start)
    months, day = [], period.start.replace(day=1)
    while day <= period.end:
        months.append(f"{day.year}-{day.month:02d}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    present = [c for c in columns if c in frame.columns]
    out = frame[present].astype("object").where(frame[present].notna(), None)
    return [dict(zip(present, row, strict=True)) for row in out.itertuples(index=False, name=None)]


def _label_map(name: str, frames: TeamFrames, lang: str) -> dict[str, str]:
    return dict(choice_labels(name, frames.config, lang))


def _quality(issues: Sequence[Issue]) -> list[dict[str, Any]]:
    counts: dict[str, dict[str, int]] = {}
    for issue in issues:
        name = issue.file.rsplit("/", 1)[-1] if issue.file else "?"
        row = counts.setdefault(name, {s.value: 0 for s in Severity})
        row[issue.severity.value] += 1
    return [{"file": k, **v} for k, v in sorted(counts.items())]


def _monthly(frames: TeamFrames, metrics: MetricsResult, today: dt.date) -> list[dict[str, Any]]:
    """Target and won amount per calendar month of the period.

    When no month has a target of its own, the period's target is phased evenly over its
    months (to the cent, summing exactly), so the chart still shows a target line.
    """
    months = months_of(metrics.period, frames.config.fiscal_year_start_month)
    rows: list[dict[str, Any]] = [
        {"month": m.month, "target": m.target, "actual": m.closed_won, "phased": False}
        for m in monthly_figures(frames, months, today)
    ]
    target = metrics.team.target
    if target and len(months) > 1 and all(r["target"] is None for r in rows):
        for row, part in zip(rows, allocate(target, [1.0] * len(rows)), strict=True):
            row["target"], row["phased"] = float(part), True
    return rows


def build_report_data(
    frames: TeamFrames,
    period: str,
    *,
    lang: str = "en",
    today: dt.date | None = None,
    issues: Sequence[Issue] = (),
    waterfall: dict[str, float] | None = None,
) -> ReportData:
    """Assemble the report of ``period`` from the team's rows.

    Every figure comes from ``salessheet.compute`` (the same functions ``salessheet
    metrics`` and the master's Dashboard use), so the numbers agree everywhere.
    """
    today = today or dt.date.today()
    config = frames.config
    metrics = team_metrics(frames, period, "owner", today)
    monthly = _monthly(frames, metrics, today)
    stages = _label_map("stages", frames, lang)
    funnel = [
        {"stage": stages.get(str(r["stage"]), str(r["stage"])), "reached": int(r["reached"]),
         "conversion": None if pd.isna(r["conversion"]) else float(r["conversion"])}
        for r in stage_funnel(frames.pipeline, config, today).to_dict("records")
    ]
    deals = prepare_deals(frames.pipeline, config, today)
    open_now = open_deals(deals, config, today)
    top = open_now.sort_values(["_weighted", "deal_id"], ascending=[False, True], kind="stable").head(TOP_N)
    late = open_now[open_now["_expected"].notna() & (open_now["_expected"] < pd.Timestamp(today))].copy()
    late["days_late"] = (pd.Timestamp(today) - late["_expected"]).dt.days
    late = late.sort_values(["days_late", "deal_id"], ascending=[False, True], kind="stable").head(TOP_N)
    for frame in (top, late):
        frame["stage"] = frame["stage"].map(lambda k: stages.get(k, k))
    deal_cols = ["deal_id", "customer", "owner", "stage", "amount", "weighted_amount",
                 "expected_close_date", "days_late"]
    tasks = overdue_tasks(frames.tasks, today).head(TOP_N) if not frames.tasks.empty else frames.tasks
    risks = red_risks(frames.risks, config) if not frames.risks.empty else frames.risks
    if not risks.empty:
        categories = _label_map("risk_categories", frames, lang)
        risks = risks.sort_values(["score", "risk_id"], ascending=[False, True], kind="stable").head(TOP_N)
        risks = risks.assign(category=risks["category"].map(lambda k: categories.get(k, k)))
    grid = risk_heatmap(frames.risks) if not frames.risks.empty else pd.DataFrame(
        0, index=range(5, 0, -1), columns=range(1, 6))
    reps = pd.DataFrame([{"owner": g.group, "closed_won": g.closed_won, "target": g.target,
                          "attainment": g.attainment} for g in metrics.groups],
                        columns=["owner", "closed_won", "target", "attainment"])
    board = leaderboard(reps, "closed_won") if len(reps) else reps
    if len(board):
        board["commission"] = commissions(board["closed_won"], board["target"], DEFAULT_PLAN)
    return ReportData(
        lang=lang,
        metrics=metrics,
        monthly=monthly,
        funnel=funnel,
        heatmap=grid.to_numpy().astype(int).tolist(),
        waterfall=waterfall,
        top_deals=_records(top, deal_cols[:-1]),
        slipped=_records(late, deal_cols),
        overdue=_records(tasks, ["task_id", "title", "owner", "due_date", "days_overdue"]),
        red=_records(risks, ["risk_id", "deal_id", "category", "description", "owner", "score",
                             "mitigation"]),
        quality=_quality(issues),
        leaders=_records(board, ["rank", "owner", "closed_won", "target", "attainment", "commission"]),
    )
