"""Tasks: follow-ups, visits and milestones, optionally tied to a deal."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from salessheet.schema.column import ColumnKind, column

__all__ = ["TaskRow"]


class TaskRow(BaseModel):
    """One task."""

    model_config = ConfigDict(extra="allow")

    task_id: str = column(
        "Task ID", "任务编号", "Unique id of the task, e.g. T-0001.", "任务唯一编号，例如 T-0001。",
        required=True, synonyms=("id", "task", "任务ID"), width=11,
    )
    deal_id: str | None = column(
        "Deal ID", "商机编号", "Deal this task belongs to (optional).", "所属商机编号（可选）。",
        synonyms=("opportunity id", "opp id", "商机ID"), width=11,
    )
    title: str = column(
        "Task", "任务", "What has to be done.", "需要完成的事项。",
        required=True, synonyms=("title", "subject", "description", "任务名称", "事项"), width=30,
    )
    owner: str = column(
        "Owner", "负责人", "Rep id responsible for the task.", "任务负责人的销售代表ID。",
        required=True, choices="owners", synonyms=("assignee", "rep", "执行人"), width=12,
    )
    due_date: dt.date = column(
        "Due", "截止日期", "Date the task is due.", "任务截止日期。",
        required=True, synonyms=("due date", "deadline", "到期日", "截止"), width=12,
    )
    status: str = column(
        "Status", "状态", "Not started, In progress, Blocked, Done or Cancelled.",
        "未开始/进行中/受阻/已完成/已取消。",
        required=True, choices="task_statuses", synonyms=("task status", "任务状态"), width=12,
    )
    priority: str | None = column(
        "Priority", "优先级", "High, Medium or Low.", "高/中/低。",
        choices="priorities", synonyms=("prio", "重要程度"), width=10,
    )
    is_milestone: bool = column(
        "Milestone", "里程碑", "Yes if this task is a milestone of the deal.", "该任务是否为商机里程碑。",
        kind=ColumnKind.BOOLEAN, default=False, synonyms=("milestone flag", "是否里程碑"), width=10,
    )
    done_date: dt.date | None = column(
        "Done on", "完成日期", "Date the task was completed.", "任务完成日期。",
        synonyms=("done date", "completed", "completion date", "完成时间"), width=12,
    )
    notes: str | None = column(
        "Notes", "备注", "Anything else worth knowing.", "其他说明。",
        synonyms=("comments", "说明"), width=24,
    )
    is_overdue: bool | None = column(
        "Overdue", "逾期", "Not done or cancelled and past its due date.",
        "未完成（或未取消）且已过截止日期。",
        kind=ColumnKind.BOOLEAN, computed=True, width=9,
    )
    days_overdue: int | None = column(
        "Days overdue", "逾期天数", "Days past the due date for an overdue task.", "逾期任务超过截止日期的天数。",
        kind=ColumnKind.INTEGER, computed=True, width=10,
    )
