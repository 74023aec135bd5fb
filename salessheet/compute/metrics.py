"""Headline metrics of a team for one period, per group and for the whole team.

``team_metrics`` is the one place that assembles the figures; it only calls the
functions of ``compute.pipeline``, ``compute.funnel``, ``compute.rollup`` (the same row
selections, summed per group in one pass), ``compute.tasks`` and ``compute.risks``, so
every figure is defined once. Its ``MetricsResult.to_json()`` is the
stable contract of ``salessheet metrics --json`` (see docs/computations.md).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
from pydantic import BaseModel, Field

from salessheet.compute.funnel import sales_velocity
from salessheet.compute.periods import Period, PeriodError, parse_period
from salessheet.compute.pipeline import (
    _STATE,
    as_of,
    attainment,
    coverage_ratio,
    gap_to_target,
    prepare_deals,
    run_rate_projection,
)
from salessheet.compute.risks import red_risks
from salessheet.compute.rollup import ROLLUP_COLUMNS, deal_rollup, rollup_forecast, rollup_win_rate
from salessheet.compute.tasks import overdue_tasks
from salessheet.schema.config import StageState, WorkbookConfig
from salessheet.schema.labels import TEAM_OWNER
from salessheet.schema.registry import sheet
from salessheet.workbook import WorkbookData, with_columns

__all__ = [
    "METRICS_SCHEMA_VERSION",
    "GroupBy",
    "GroupMetrics",
    "MetricsResult",
    "MonthFigures",
    "TeamFrames",
    "combine_workbooks",
    "monthly_figures",
    "period_targets",
    "team_metrics",
]

METRICS_SCHEMA_VERSION = 1
"""Version of the JSON form; bumped only when a field is renamed, removed or changes meaning."""

GroupBy = Literal["owner", "manager", "region", "product"]
UNASSIGNED = "(none)"
_KEYS = {"pipeline": ["deal_id"], "tasks": ["task_id"], "risks": ["risk_id"], "roster": ["rep_id"],
         "targets": ["period", "owner", "metric", "product", "region"]}


@dataclass
class TeamFrames:
    """The rows metrics are computed from: one frame per sheet (canonical keys) and the Config."""

    pipeline: pd.DataFrame = field(default_factory=pd.DataFrame)
    tasks: pd.DataFrame = field(default_factory=pd.DataFrame)
    risks: pd.DataFrame = field(default_factory=pd.DataFrame)
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    roster: pd.DataFrame = field(default_factory=pd.DataFrame)
    config: WorkbookConfig = field(default_factory=WorkbookConfig)
    _overdue: dict[dt.date, tuple[pd.DataFrame, pd.DataFrame]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def overdue_tasks(self, today: dt.date) -> pd.DataFrame:
        """``compute.tasks.overdue_tasks`` of the tasks as of ``today``, made once per day for
        this tasks frame (the Dashboard and ``team_metrics`` both need it)."""
        made = self._overdue.get(today)
        if made is None or made[0] is not self.tasks:
            late = overdue_tasks(self.tasks, today) if not self.tasks.empty else self.tasks
            made = self._overdue[today] = (self.tasks, late)
        return made[1]


def _col(df: pd.DataFrame, key: str) -> pd.Series:
    return df[key] if key in df.columns else pd.Series(None, index=df.index, dtype="object")


def _text(series: pd.Series) -> pd.Series:
    """Text values as object dtype with blanks (None, NaN, "") as None."""
    if series.dtype == object:
        raw = series.tolist()
        if set(map(type, raw)) <= {str, type(None)}:  # the common case, without pandas' masking
            return pd.Series([v or None for v in raw], index=series.index, dtype=object, name=series.name)
    values = series.astype("object")
    return values.where(values.notna() & (values != ""), None)


def combine_workbooks(workbooks: Sequence[WorkbookData]) -> TeamFrames:
    """Stack the sheets of several workbooks (rep workbooks and/or a master).

    A row whose key (deal id, task id, risk id, rep id; a target's period, owner, metric,
    product and region) already came from an earlier workbook is dropped, so passing a
    master together with rep workbooks does not count a deal twice: the first wins. The
    Config of the first workbook is used. Each sheet has every column of the registry, empty
    where no workbook has it (a new rep's empty sheets, an older template).

    >>> from salessheet.workbook import SheetRows
    >>> def book(path, ids):
    ...     rows = SheetRows("pipeline", "Pipeline", pd.DataFrame({"deal_id": ids}))
    ...     return WorkbookData(path, "en", 1, None, None, WorkbookConfig(), {"pipeline": rows})
    >>> books = [book("master.xlsx", ["D1", "D2"]), book("ann.xlsx", ["D2", "D3"])]
    >>> combine_workbooks(books).pipeline.deal_id.tolist()
    ['D1', 'D2', 'D3']
    """
    frames: dict[str, pd.DataFrame] = {}
    for key, columns in _KEYS.items():
        parts = [wb.frame(key) for wb in workbooks if not wb.frame(key).empty]
        registry = [c.key for c in sheet(key).columns]
        if not parts:
            frames[key] = with_columns(pd.DataFrame(), registry)
            continue
        stacked = with_columns(pd.concat(parts, ignore_index=True), registry)
        present = [c for c in columns if c in stacked.columns]
        if present:
            ids = stacked[present].astype("object").where(stacked[present].notna(), "")
            stacked = stacked[~ids.duplicated(keep="first")].reset_index(drop=True)
        frames[key] = stacked
    config = workbooks[0].config if workbooks else WorkbookConfig()
    return TeamFrames(config=config, **frames)


def _kind(label: str) -> str:
    text = label.upper()
    for kind, pattern in (("quarter", r"-Q\d"), ("half", r"-H\d"), ("week", r"-W\d"), ("month", r"-\d")):
        if re.search(pattern, text):
            return kind
    return "year"


_COARSE = {"year": 0, "half": 1, "quarter": 2, "month": 3, "week": 4}


def period_targets(targets: pd.DataFrame, period: Period, config: WorkbookConfig) -> pd.DataFrame:
    """Revenue target of each (owner, product, region) for ``period``.

    A target row whose period is exactly ``period`` is used. When an owner/product/region
    has none, its rows whose periods lie inside ``period`` are added up, taking only the
    coarsest kind present (quarters before months before weeks) so nothing counts twice.

    Returns:
        Columns owner, product, region (None = all) and value.

    >>> t = pd.DataFrame({"period": ["2026-Q3", "2026-07", "2026-08", "2026-09", "2026-07"],
    ...     "owner": ["ann", "bob", "bob", "bob", "ann"], "metric": ["revenue"] * 5,
    ...     "value": [300.0, 100.0, 100.0, 50.0, 999.0]})
    >>> period_targets(t, parse_period("2026-Q3"), WorkbookConfig()).values.tolist()
    [['ann', None, None, 300.0], ['bob', None, None, 250.0]]
    """
    rows = _period_rows(_revenue_targets(targets, config), period)
    out = pd.DataFrame(rows, columns=["owner", "product", "region", "value"], dtype=object)
    if rows:
        out["value"] = out["value"].astype(float)
    return out


_TargetRow = tuple[str | None, str | None, str | None, float]
_Span = tuple[dt.date, dt.date]
_RevenueTarget = tuple[tuple[str | None, str | None, str | None], str, _Span, float]


def _revenue_targets(targets: pd.DataFrame, config: WorkbookConfig) -> list[_RevenueTarget]:
    """The revenue target rows with a valid period: ((owner, product, region), label, span, value).

    Made once for any number of periods: target sheets are small, and plain Python over the
    rows beats per-group pandas calls.
    """
    if targets.empty:
        return []
    rows = targets[_col(targets, "metric") == "revenue"]
    labels = _col(rows, "period").astype(str).tolist()
    spans: dict[str, _Span | None] = {}
    for label in set(labels):
        try:
            parsed = parse_period(label, config.fiscal_year_start_month)
            spans[label] = (parsed.start, parsed.end)
        except PeriodError:
            spans[label] = None
    values = pd.to_numeric(_col(rows, "value"), errors="coerce").fillna(0.0).tolist()
    keys = zip(*(_text(_col(rows, k)).tolist() for k in ("owner", "product", "region")), strict=True)
    return [(key, label, span, float(value))
            for key, label, value in zip(keys, labels, values, strict=True)
            if (span := spans[label]) is not None]


def _period_rows(targets: list[_RevenueTarget], period: Period) -> list[_TargetRow]:
    """Target value per (owner, product, region) for ``period``, as ``period_targets`` describes,
    sorted by owner, product and region."""
    exact: dict[tuple[str | None, ...], float] = {}
    inside: dict[tuple[str | None, ...], dict[str, float]] = {}
    for key, label, span, value in targets:
        if span == (period.start, period.end):
            exact.setdefault(key, value)
        elif period.start <= span[0] and span[1] <= period.end:
            inside.setdefault(key, {}).setdefault(label, value)
    found = dict(exact)
    for group_key, by_label in inside.items():
        if group_key in found:
            continue
        coarsest = min(_COARSE[_kind(label)] for label in by_label)
        found[group_key] = sum(v for label, v in by_label.items() if _COARSE[_kind(label)] == coarsest)
    ordered = sorted(found.items(), key=lambda kv: tuple(k or "" for k in kv[0]))
    return [(owner, product, region, value) for (owner, product, region), value in ordered]


class GroupMetrics(BaseModel):
    """Headline figures of one group (or the team) for the period. Amounts in the team currency."""

    group: str | None = Field(description="Group value (rep id, manager, region, product); null = team.")
    target: float | None = Field(description="Revenue target of the period; null when none is set.")
    closed_won: float = Field(description="Won amount with actual close in the period, to date.")
    won_deals: int = Field(description="Deals won with actual close in the period, to date.")
    attainment: float | None = Field(description="closed_won ÷ target, a fraction (1.0 = 100%).")
    gap: float | None = Field(description="max(target − closed_won, 0).")
    weighted_pipeline: float = Field(description="Σ amount × win probability, open deals closing in period.")
    forecast_commit: float = Field(description="closed_won + open commit deals closing in the period.")
    forecast_best_case: float = Field(description="forecast_commit + open best-case deals.")
    forecast_pipeline: float = Field(description="forecast_best_case + open pipeline deals.")
    coverage: float | None = Field(description="Open amount closing in the rest of the period ÷ gap.")
    coverage_weighted: float | None = Field(description="Same with weighted amounts.")
    win_rate_count: float | None = Field(description="Won ÷ (won + lost) deals closed in period to date.")
    win_rate_value: float | None = Field(description="Won amount ÷ (won + lost) amount, same deals.")
    avg_cycle_days: float | None = Field(description="Mean days created → won, deals won in period to date.")
    avg_won_amount: float | None = Field(description="Mean amount of the deals won in the period to date.")
    velocity: float | None = Field(description="open_deals × win_rate_count × avg_won_amount ÷ cycle days.")
    run_rate_projection: float | None = Field(description="closed_won × period days ÷ elapsed days.")
    open_deals: int = Field(description="Open deals (any expected close date).")
    stale_deals: int = Field(description="Open deals without activity for over stale_deal_days.")
    overdue_tasks: int = Field(description="Open tasks due before today.")
    red_risks: int = Field(description="Risks not closed with RAG red.")


class MetricsResult(BaseModel):
    """Everything ``team_metrics`` computed; ``to_json`` is the documented contract."""

    schema_version: int = METRICS_SCHEMA_VERSION
    period: str = Field(description="Period label as given, normalised (e.g. 2026-Q3).")
    period_start: dt.date = Field(description="First day of the period (inclusive).")
    period_end: dt.date = Field(description="Last day of the period (inclusive).")
    as_of: dt.date = Field(description="Last day counted 'to date': min(today, period_end).")
    today: dt.date
    currency: str = Field(description="Team currency of every amount.")
    by: str | None = Field(description="Grouping: owner, manager, region, product, or null.")
    team: GroupMetrics
    groups: list[GroupMetrics] = Field(default_factory=list, description="Per group, sorted by group.")

    def to_json(self, indent: int | None = 2) -> str:
        """The result as JSON: dates ISO 8601, rates as fractions, amounts rounded to the cent."""
        return self.model_dump_json(indent=indent)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def _figures(
    group: str | None, sums: pd.Series, target: float | None, overdue: int, red: int,
    period: Period, today: dt.date,
) -> GroupMetrics:
    """GroupMetrics from a group's ``deal_rollup`` sums, with the pipeline module's formulas."""
    won = rollup_forecast(sums)
    gap = gap_to_target(target, won.closed_won)
    rate = rollup_win_rate(sums)
    cycle_n = int(sums.get("cycle_deals", 0))
    cycle = float(sums["cycle_days_sum"]) / cycle_n if cycle_n else None
    won_size = round(won.closed_won / rate.won, 2) if rate.won else None
    n_open = int(sums.get("open_deals", 0))
    return GroupMetrics(
        group=group,
        target=_round(target, 2),
        closed_won=won.closed_won,
        won_deals=int(sums.get("won", 0)),
        attainment=_round(attainment(won.closed_won, target), 4),
        gap=gap,
        weighted_pipeline=round(float(sums.get("weighted_pipeline", 0.0)), 2),
        forecast_commit=won.commit_total,
        forecast_best_case=won.best_case_total,
        forecast_pipeline=won.pipeline_total,
        coverage=_round(coverage_ratio(float(sums.get("remaining_amount", 0.0)), gap, period, today), 4),
        coverage_weighted=_round(
            coverage_ratio(float(sums.get("remaining_weighted", 0.0)), gap, period, today), 4),
        win_rate_count=_round(rate.by_count, 4),
        win_rate_value=_round(rate.by_value, 4),
        avg_cycle_days=_round(cycle, 1),
        avg_won_amount=won_size,
        velocity=sales_velocity(n_open, rate.by_count, won_size, cycle),
        run_rate_projection=run_rate_projection(won.closed_won, period, today),
        open_deals=n_open,
        stale_deals=int(sums.get("stale_deals", 0)),
        overdue_tasks=overdue,
        red_risks=red,
    )


def _row(sums: pd.DataFrame, name: object) -> pd.Series:
    if name in sums.index:
        return sums.loc[name]
    return pd.Series(0.0, index=list(ROLLUP_COLUMNS))


def _roster_map(roster: pd.DataFrame, key: str) -> dict[str, str]:
    ids, values = _text(_col(roster, "rep_id")), _text(_col(roster, key))
    return {str(i): str(v) for i, v in zip(ids, values, strict=True) if i is not None and v is not None}


def _labels(series: pd.Series) -> pd.Series:
    return _text(series).fillna(UNASSIGNED).astype(str)


def _groups(frames: TeamFrames, deals: pd.DataFrame, by: GroupBy) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Group label of each deal, task and risk."""
    tasks, risks = frames.tasks, frames.risks
    if by == "owner":
        return _labels(_col(deals, "owner")), _labels(_col(tasks, "owner")), _labels(_col(risks, "owner"))
    if by == "product":
        product = dict(zip(_text(_col(deals, "deal_id")), _text(_col(deals, "product")), strict=True))
        return (_labels(_col(deals, "product")), _labels(_text(_col(tasks, "deal_id")).map(product)),
                _labels(_text(_col(risks, "deal_id")).map(product)))
    mapping = _roster_map(frames.roster, by)
    deal_group = _text(_col(deals, "owner")).map(mapping)
    if by == "region":
        deal_group = _text(_col(deals, "region")).fillna(deal_group)
    return (_labels(deal_group), _labels(_text(_col(tasks, "owner")).map(mapping)),
            _labels(_text(_col(risks, "owner")).map(mapping)))


def _target_for(targets: list[_TargetRow], by: GroupBy | None, group: str | None,
                reps: set[str] | None) -> float | None:
    """The target of a group from the period targets (see docs/computations.md)."""
    reps = reps or set()

    def total(rows: list[_TargetRow]) -> float | None:
        return float(sum(r[3] for r in rows)) if rows else None

    team = [r for r in targets if (r[0] or "").upper() == TEAM_OWNER]
    others = [r for r in targets if (r[0] or "").upper() != TEAM_OWNER]
    by_reps = [r for r in others if r[1] is None and r[2] is None and r[0] in reps]
    if by == "product":
        wanted = [r for r in team if r[1] == group and r[2] is None]
        return total(wanted) if wanted else total([r for r in others if r[1] == group and r[2] is None])
    if by == "region" or by is None:
        wanted = [r for r in team if r[1] is None and r[2] == group]
        return total(wanted) if wanted else total(by_reps)
    return total(by_reps)


def _team_target(targets: list[_TargetRow]) -> float | None:
    """The team's target from a period's target rows (see docs/computations.md)."""
    return _target_for(targets, None, None, {str(r[0]) for r in targets if r[0] is not None})


def team_metrics(
    data: Sequence[WorkbookData] | TeamFrames,
    period: str,
    by: GroupBy | None = None,
    today: dt.date | None = None,
) -> MetricsResult:
    """Every headline figure of ``period`` for the team and, with ``by``, per group.

    Args:
        data: workbooks as read (combined with ``combine_workbooks``) or ``TeamFrames``.
        period: a label ``parse_period`` accepts, e.g. "2026-Q3" (fiscal forms use the
            Config's fiscal_year_start_month).
        by: group per deal owner, the owner's manager or region (from the Roster; a deal's
            own region wins), or the deal's product. Tasks and risks follow their owner
            (product: their deal's product). Unmapped rows go to group "(none)".
        today: the day figures are computed for; defaults to the current date.

    Returns:
        A MetricsResult; groups sorted by name.

    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "owner": ["ann", "ann", "bob"],
    ...     "stage": ["won", "proposal", "won"], "amount": [600.0, 1000.0, 300.0],
    ...     "created_date": [dt.date(2026, 6, 1)] * 3,
    ...     "expected_close_date": [None, dt.date(2026, 9, 15), None],
    ...     "actual_close_date": [dt.date(2026, 7, 31), None, dt.date(2026, 8, 10)]})
    >>> targets = pd.DataFrame({"period": ["2026-Q3"] * 2, "owner": ["ann", "bob"],
    ...     "metric": ["revenue"] * 2, "value": [1200.0, 1000.0]})
    >>> result = team_metrics(TeamFrames(pipeline=deals, targets=targets), "2026-Q3", "owner",
    ...     today=dt.date(2026, 8, 15))
    >>> t = result.team
    >>> t.target, t.closed_won, t.attainment, t.gap, t.weighted_pipeline, t.coverage
    (2200.0, 900.0, 0.4091, 1300.0, 600.0, 0.7692)
    >>> [(g.group, g.attainment) for g in result.groups]
    [('ann', 0.5), ('bob', 0.3)]
    """
    frames = data if isinstance(data, TeamFrames) else combine_workbooks(data)
    config = frames.config
    today = today or dt.date.today()
    p = parse_period(period, config.fiscal_year_start_month)
    deals = prepare_deals(frames.pipeline, config, today)
    target_rows = _period_rows(_revenue_targets(frames.targets, config), p)
    # Row selections are made once for all rows; each group then only adds up its rows.
    overdue = frames.overdue_tasks(today)
    red = red_risks(frames.risks, config) if not frames.risks.empty else frames.risks
    owners = {str(r[0]) for r in target_rows if r[0] is not None}
    groups: list[GroupMetrics] = []
    if by is None:
        team_sums = _row(deal_rollup(deals, config, p, today), "")
    else:
        deal_g, task_g, risk_g = _groups(frames, deals, by)
        names = set(deal_g.unique()) | set(task_g.unique()) | set(risk_g.unique())
        rep_of: dict[str, str] = {}
        if by in ("manager", "region"):
            rep_of = _roster_map(frames.roster, by)
        if by == "owner":
            names |= {o for o in owners if o.upper() != TEAM_OWNER}
        elif by == "product":
            names |= {r[1] for r in target_rows if r[1] is not None}
        else:
            names |= set(rep_of.values())
        sums = deal_rollup(deals, config, p, today, deal_g)
        # Every deal is in exactly one group ("(none)" included), so the team is their sum.
        team_sums = sums.sum().reindex(list(ROLLUP_COLUMNS), fill_value=0.0)
        overdue_n = task_g.reindex(overdue.index).value_counts() if len(overdue) else pd.Series(dtype=int)
        red_n = risk_g.reindex(red.index).value_counts() if len(red) else pd.Series(dtype=int)
        for name in sorted(names):
            reps = {name} if by == "owner" else {r for r, g in rep_of.items() if g == name}
            groups.append(_figures(
                name, _row(sums, name), _target_for(target_rows, by, name, reps),
                int(overdue_n.get(name, 0)), int(red_n.get(name, 0)), p, today,
            ))
    team = _figures(None, team_sums, _team_target(target_rows), len(overdue), len(red), p, today)
    return MetricsResult(
        period=p.label, period_start=p.start, period_end=p.end, as_of=as_of(p, today), today=today,
        currency=config.currency, by=by, team=team, groups=groups,
    )


@dataclass(frozen=True)
class MonthFigures:
    """The team's target, won amount to date and weighted pipeline of one calendar month."""

    month: str
    target: float | None
    closed_won: float
    weighted_pipeline: float


def monthly_figures(
    frames: TeamFrames, months: Sequence[str], today: dt.date | None = None
) -> list[MonthFigures]:
    """Target, won to date and weighted pipeline of each calendar month ``YYYY-MM`` in ``months``.

    Each month's figures are those ``team_metrics(frames, month, None, today).team`` gives
    (a test holds them to it), from one pass over the deals: an open deal can count only
    in its expected close month and a won deal only in its close month, so the months are
    groups of one ``deal_rollup`` over the span of all of them.

    Raises:
        PeriodError: a label that is not a calendar month.

    >>> deals = pd.DataFrame({"stage": ["won", "demo"], "amount": [600.0, 1000.0],
    ...     "created_date": [dt.date(2026, 6, 1)] * 2,
    ...     "expected_close_date": [None, dt.date(2026, 9, 15)],
    ...     "actual_close_date": [dt.date(2026, 8, 3), None]})
    >>> [(m.month, m.closed_won, m.weighted_pipeline) for m in monthly_figures(
    ...     TeamFrames(pipeline=deals), ["2026-08", "2026-09"], dt.date(2026, 8, 15))]
    [('2026-08', 600.0, 0.0), ('2026-09', 0.0, 400.0)]
    """
    today = today or dt.date.today()
    config = frames.config
    periods = [parse_period(m, config.fiscal_year_start_month) for m in months]
    for month, period in zip(months, periods, strict=True):
        last = calendar.monthrange(period.start.year, period.start.month)[1]
        if (period.start.day, period.end) != (1, period.start.replace(day=last)):
            raise PeriodError(f"{month!r} is not a calendar month")
    if not periods:
        return []
    deals = prepare_deals(frames.pipeline, config, today)
    day = deals["_expected"].where(deals[_STATE] == StageState.OPEN.value, deals["_closed"])
    span = Period("months", min(p.start for p in periods), max(p.end for p in periods))
    sums = deal_rollup(deals, config, span, today, day.dt.year * 100 + day.dt.month)  # 202608 for 2026-08
    targets = _revenue_targets(frames.targets, config)
    out = []
    for period in periods:
        row = _row(sums, period.start.year * 100 + period.start.month)
        out.append(MonthFigures(
            month=f"{period.start.year}-{period.start.month:02d}",
            target=_round(_team_target(_period_rows(targets, period)), 2),
            closed_won=rollup_forecast(row).closed_won,
            weighted_pipeline=round(float(row.get("weighted_pipeline", 0.0)), 2),
        ))
    return out
