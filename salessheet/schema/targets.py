"""Targets: what each rep (or the team) should achieve per period."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from salessheet.schema.column import ColumnKind, column

__all__ = ["TargetRow"]


class TargetRow(BaseModel):
    """One target for one owner, metric and period."""

    model_config = ConfigDict(extra="allow")

    period: str = column(
        "Period", "周期", "2026, 2026-Q3, 2026-07 or 2026-W27 (FY2026 for a fiscal year).",
        "2026、2026-Q3、2026-07 或 2026-W27（财年写 FY2026）。",
        required=True, synonyms=("time period", "月份", "季度", "期间"), width=11,
    )
    owner: str = column(
        "Owner", "负责人", "Rep id, or TEAM for the whole team.", "销售代表ID，整个团队填 TEAM。",
        required=True, choices="owners", synonyms=("rep", "销售"), width=12,
    )
    metric: str = column(
        "Metric", "指标", "Revenue, Won deals or New customers.", "销售额/赢单数/新客户数。",
        required=True, choices="target_metrics", synonyms=("kpi", "指标类型"), width=14,
    )
    product: str | None = column(
        "Product", "产品", "Product the target is for; blank = all products.",
        "目标对应的产品；留空为全部产品。", synonyms=("product line", "产品线"), width=14,
    )
    region: str | None = column(
        "Region", "区域", "Region the target is for; blank = all regions.", "目标对应的区域；留空为全部区域。",
        synonyms=("territory", "地区"), width=12,
    )
    value: float = column(
        "Target", "目标值", "The target amount or count.", "目标金额或数量。",
        kind=ColumnKind.NUMBER, required=True, ge=0,
        synonyms=("target", "quota", "goal", "配额", "目标"), width=14,
    )
    period_start: dt.date | None = column(
        "Period start", "开始日期", "First day of the period.", "周期的第一天。",
        computed=True, width=12,
    )
    period_end: dt.date | None = column(
        "Period end", "结束日期", "Last day of the period.", "周期的最后一天。", computed=True, width=12,
    )
    actual: float | None = column(
        "Actual", "实际", "Won revenue or won deals of the owner in the period.",
        "负责人在周期内的赢单金额或赢单数。", kind=ColumnKind.NUMBER, computed=True, width=14,
    )
    attainment: float | None = column(
        "Attainment", "达成率", "Actual ÷ target.", "实际 ÷ 目标。",
        kind=ColumnKind.PERCENT, computed=True, width=11,
    )
