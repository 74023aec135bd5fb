"""`salessheet metrics`: headline sales figures of a period, per group and for the team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from salessheet.cli.app import app, console, settings
from salessheet.compute.metrics import GroupMetrics, MetricsResult, team_metrics
from salessheet.compute.periods import PeriodError, parse_period
from salessheet.errors import SalessheetError
from salessheet.workbook import WorkbookData

__all__ = ["load_workbooks", "metrics_command", "render_table"]


class GroupOption(StrEnum):
    """What ``--by`` accepts."""

    OWNER = "owner"
    MANAGER = "manager"
    REGION = "region"
    PRODUCT = "product"


def load_workbooks(paths: list[Path]) -> list[WorkbookData]:
    """Read each workbook (rep workbook or master) with the xlsx reader."""
    try:
        from salessheet.io import read_workbook  # type: ignore[attr-defined,unused-ignore]
    except ImportError as exc:
        raise SalessheetError(
            "this installation has no workbook reader (salessheet.io.read_workbook)",
            "当前安装缺少工作簿读取模块（salessheet.io.read_workbook）",
        ) from exc
    reader: Callable[[Path], WorkbookData] = read_workbook
    return [reader(path) for path in paths]


# (field, English header, Chinese header, format)
_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("target", "Target", "目标", "money"),
    ("closed_won", "Closed won", "已赢单", "money"),
    ("attainment", "Attain.", "达成率", "pct"),
    ("gap", "Gap", "差额", "money"),
    ("weighted_pipeline", "Weighted", "加权商机", "money"),
    ("forecast_commit", "Commit", "承诺", "money"),
    ("forecast_best_case", "Best case", "最佳情况", "money"),
    ("forecast_pipeline", "Pipeline", "商机", "money"),
    ("coverage", "Coverage", "覆盖率", "ratio"),
    ("win_rate_count", "Win rate", "赢单率", "pct"),
    ("avg_cycle_days", "Cycle d", "周期(天)", "days"),
    ("velocity", "Velocity/d", "速度/天", "money"),
    ("run_rate_projection", "Run rate", "趋势预测", "money"),
    ("open_deals", "Open", "未关闭", "int"),
    ("stale_deals", "Stale", "停滞", "int"),
    ("overdue_tasks", "Overdue", "逾期任务", "int"),
    ("red_risks", "Red risks", "红色风险", "int"),
)


def _cell(value: float | int | None, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "money":
        return f"{value:,.0f}"
    if kind == "pct":
        return f"{value:.0%}"
    if kind == "ratio":
        return f"{value:.1f}×"
    if kind == "days":
        return f"{value:.0f}"
    return str(value)


def render_table(result: MetricsResult, lang: str = "en") -> Table:
    """A rich table: one row per group, then the team total."""
    zh = lang == "zh"
    title = (f"{result.period} ({result.period_start} – {result.period_end}), "
             f"{'截至' if zh else 'as of'} {result.as_of}, {result.currency}")
    table = Table(title=title)
    table.add_column("分组" if zh else (result.by or "team").capitalize())
    for _key, en, cn, _kind in _COLUMNS:
        table.add_column(cn if zh else en, justify="right")

    def add(row: GroupMetrics, name: str, style: str | None = None) -> None:
        cells = [_cell(getattr(row, key), kind) for key, _en, _cn, kind in _COLUMNS]
        table.add_row(name, *cells, style=style)

    for group in result.groups:
        add(group, group.group or "")
    if result.groups:
        table.add_section()
    add(result.team, "团队" if zh else "Team", "bold")
    return table


def _parse_today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint="--today") from exc


@app.command("metrics")
def metrics_command(
    workbooks: Annotated[
        list[Path], typer.Argument(help="Rep workbooks and/or a team master (.xlsx).", show_default=False)
    ],
    period: Annotated[str, typer.Option("--period", help="2026, 2026-Q3, 2026-07, 2026-W27, FY2026-Q1.")],
    by: Annotated[GroupOption | None, typer.Option("--by", help="Group rows by this.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON form instead of a table.")] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Compute as of this day (YYYY-MM-DD); default today.")
    ] = None,
) -> None:
    """Attainment, forecast, coverage, win rate, cycle and more for a period."""
    day = _parse_today(today)
    data = load_workbooks(workbooks)
    fiscal_start = data[0].config.fiscal_year_start_month if data else 1
    try:
        parse_period(period, fiscal_start)
    except PeriodError as exc:
        raise typer.BadParameter(str(exc), param_hint="--period") from exc
    result = team_metrics(data, period, by.value if by else None, day)
    if as_json:
        typer.echo(result.to_json())
        return
    console.print(render_table(result, settings.lang))
