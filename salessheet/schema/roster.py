"""Roster: the reps of a team, their manager, region and workbook source."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from salessheet.schema.column import ColumnKind, column

__all__ = ["RosterRow"]


class RosterRow(BaseModel):
    """One rep in the team."""

    model_config = ConfigDict(extra="allow")

    rep_id: str = column(
        "Rep ID", "销售代表ID", "Short unique id of the rep, e.g. alice.",
        "销售代表的唯一简称，例如 alice。",
        required=True, synonyms=("rep", "sales rep id", "owner id", "工号"), width=12,
    )
    name: str = column(
        "Name", "姓名", "Full name as shown in reports.", "报表中显示的姓名。",
        required=True, synonyms=("full name", "rep name", "销售姓名"), width=18,
    )
    email: str | None = column(
        "Email", "邮箱", "Work email; used to share the rep's Google Sheet.",
        "工作邮箱；用于共享该销售的 Google 表格。", synonyms=("e-mail", "mail", "电子邮件"), width=24,
    )
    manager: str | None = column(
        "Manager", "主管", "Rep id or name of the rep's manager.", "直属主管的ID或姓名。",
        synonyms=("sales manager", "经理", "上级"), width=16,
    )
    region: str | None = column(
        "Region", "区域", "Sales region or office.", "所属销售区域或办公室。",
        synonyms=("office", "territory", "地区", "大区"), width=14,
    )
    active: bool = column(
        "Active", "在职", "No once the rep has left; their rows stay in history.",
        "离职后填“否”；历史数据仍保留。", kind=ColumnKind.BOOLEAN, default=True, width=9,
    )
    available: bool = column(
        "Available for leads", "可分配线索",
        "No while the rep is away; lead assignment skips them.",
        "休假或不接新线索时填“否”；分配线索时跳过。",
        kind=ColumnKind.BOOLEAN, default=True, width=12,
    )
    lead_weight: float | None = column(
        "Lead weight", "线索权重", "Relative share of new leads (1 = normal).",
        "分配新线索的相对比例（1 为正常）。", ge=0, default=1.0, width=10,
    )
    capacity: int | None = column(
        "Capacity", "容量", "Maximum open deals the rep can carry; blank = no limit.",
        "可同时跟进的最大商机数；留空表示不限。", ge=0, width=10,
    )
    source: str | None = column(
        "Workbook source", "工作簿来源",
        "Path, glob or Google Sheet key of the rep's workbook (master only).",
        "该销售工作簿的路径、通配符或 Google 表格 key（仅总表使用）。",
        synonyms=("file", "workbook", "文件"), width=30,
    )
