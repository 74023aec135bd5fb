"""`salessheet metrics`: headline sales figures of a period, per group and for the team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from salessheet.cli.app import app, console, day_option, period_option, settings
from salessheet.compute.metrics import GroupMetrics, MetricsResult, team_metrics
from salessheet.errors import SalessheetError
from salessheet.format import money_short
from salessheet.io.paths import expand_workbooks
from salessheet.workbook import WorkbookData

__all__ = ["load_workbooks", "metrics_command", "render_tables"]


class GroupOption(StrEnum):
    """What ``--by`` accepts."""

    OWNER = "owner"
    MANAGER = "manager"
    REGION = "region"
    PRODUCT = "product"


def load_workbooks(paths: list[Path]) -> list[WorkbookData]:
    """Read each workbook (rep workbook or master; a folder: each workbook in it) with the xlsx reader."""
    try:
        from salessheet.io import read_workbook  # type: ignore[attr-defined,unused-ignore]
    except ImportError as exc:
        raise SalessheetError(
            "this installation has no workbook reader (salessheet.io.read_workbook)",
            "当前安装缺少工作簿读取模块（salessheet.io.read_workbook）",
        ) from exc
    reader: Callable[[Path], WorkbookData] = read_workbook
    return [reader(path) for path in expand_workbooks(paths)]


# Two tables so that each fits a normal terminal: (field, English header, Chinese header, format)
_REVENUE: tuple[tuple[str, str, str, str], ...] = (
    ("target", "Target", "目标", "money"),
    ("closed_won", "Won", "已赢单", "money"),
    ("attainment", "Attain.", "达成率", "pct"),
    ("gap", "Gap", "差额", "money"),
    ("run_rate_projection", "Run rate", "趋势预测", "money"),
    ("forecast_commit", "Commit", "承诺", "money"),
    ("forecast_best_case", "Best case", "最佳", "money"),
    ("forecast_pipeline", "Pipeline", "全部商机", "money"),
)
_HEALTH: tuple[tuple[str, str, str, str], ...] = (
    ("weighted_pipeline", "Weighted", "加权商机", "money"),
    ("coverage", "Coverage", "覆盖率", "ratio"),
    ("win_rate_count", "Win rate", "赢单率", "pct"),
    ("avg_cycle_days", "Cycle d", "周期天", "days"),
    ("velocity", "Velocity/d", "速度/天", "money"),
    ("open_deals", "Open", "未关闭", "int"),
    ("stale_deals", "Stale", "停滞", "int"),
    ("overdue_tasks", "Overdue", "逾期", "int"),
    ("red_risks", "Red risks", "红风险", "int"),
)


def _cell(value: float | int | None, kind: str, zh: bool = False) -> str:
    if value is None:
        return "–"
    if kind == "money":
        return money_short(float(value), "zh" if zh else "en")
    if kind == "pct":
        return f"{value:.0%}"
    if kind == "ratio":
        return f"{value:.1f}×"
    if kind == "days":
        return f"{value:.0f}"
    return str(value)


def render_tables(result: MetricsResult, lang: str = "en") -> list[Table]:
    """Two rich tables (revenue and forecast; pipeline health): a row per group, then the team."""
    zh = lang == "zh"
    period = f"{result.period} ({result.period_start} – {result.period_end})"
    titles = (
        f"{period}, {'截至' if zh else 'to'} {result.as_of}, {result.currency}",
        "商机健康度" if zh else "Pipeline health",
    )
    tables = []
    for title, columns in zip(titles, (_REVENUE, _HEALTH), strict=True):
        table = Table(title=title)
        table.add_column("分组" if zh else (result.by or "team").capitalize())
        for _key, en, cn, _kind in columns:
            table.add_column(cn if zh else en, justify="right")
        rows: list[tuple[GroupMetrics, str, str | None]] = [(g, g.group or "", None) for g in result.groups]
        if rows:
            rows.append((result.team, "", "section"))
        rows.append((result.team, "团队" if zh else "Team", "bold"))
        for row, name, style in rows:
            if style == "section":
                table.add_section()
                continue
            table.add_row(name, *(_cell(getattr(row, k), kind, zh) for k, _en, _cn, kind in columns),
                          style=style)
        tables.append(table)
    return tables


@app.command("metrics")
def metrics_command(
    workbooks: Annotated[
        list[Path],
        typer.Argument(help="Rep workbooks, a team folder and/or a team master (.xlsx).", show_default=False),
    ],
    period: Annotated[str, typer.Option("--period", help="2026, 2026-Q3, 2026-07, 2026-W27, FY2026-Q1.")],
    by: Annotated[GroupOption | None, typer.Option("--by", help="Group rows by this.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON form instead of a table.")] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Compute as of this day (YYYY-MM-DD); default today.")
    ] = None,
) -> None:
    """Attainment, forecast, coverage, win rate, cycle and more for a period."""
    day = day_option(today) or dt.date.today()
    data = load_workbooks(workbooks)
    period_option(period, data[0].config.fiscal_year_start_month if data else 1)
    result = team_metrics(data, period, by.value if by else None, day)
    if as_json:
        typer.echo(result.to_json())
        return
    for table in render_tables(result, settings.lang):
        console.print(table)
