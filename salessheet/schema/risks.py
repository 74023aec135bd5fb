"""Risks: what could stop a deal, how likely, how bad, and what we do about it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from salessheet.schema.column import ColumnKind, column

__all__ = ["RiskRow"]


class RiskRow(BaseModel):
    """One risk on a deal."""

    model_config = ConfigDict(extra="allow")

    risk_id: str = column(
        "Risk ID", "风险编号", "Unique id of the risk, e.g. R-001.", "风险唯一编号，例如 R-001。",
        required=True, synonyms=("id", "risk", "风险ID"), width=10,
    )
    deal_id: str = column(
        "Deal ID", "商机编号", "Deal at risk.", "存在风险的商机编号。",
        required=True, synonyms=("opportunity id", "opp id", "商机ID"), width=11,
    )
    category: str = column(
        "Category", "类别", "Kind of risk (an early-warning indicator).", "风险类别（预警指标）。",
        required=True, choices="risk_categories", synonyms=("risk type", "type", "风险类别"), width=22,
    )
    description: str = column(
        "Description", "描述", "What could go wrong.", "可能出现的问题。",
        required=True, synonyms=("risk", "details", "风险描述"), width=30,
    )
    likelihood: int = column(
        "Likelihood (1-5)", "可能性（1-5）", "1 = unlikely … 5 = almost certain.",
        "1=不太可能 … 5=几乎确定。",
        required=True, choices="scale_1_5", ge=1, le=5,
        synonyms=("likelihood", "probability", "可能性"), width=11,
    )
    impact: int = column(
        "Impact (1-5)", "影响（1-5）", "1 = minor … 5 = deal lost.", "1=轻微 … 5=丢单。",
        required=True, choices="scale_1_5", ge=1, le=5, synonyms=("impact", "severity", "影响"),
        width=10,
    )
    owner: str = column(
        "Owner", "负责人", "Rep id responsible for the mitigation.", "负责应对措施的销售代表ID。",
        required=True, choices="owners", synonyms=("rep", "责任人"), width=12,
    )
    status: str = column(
        "Status", "状态", "Open, Mitigating or Closed.", "未处理/应对中/已关闭。",
        required=True, choices="risk_statuses", synonyms=("risk status", "风险状态"), width=12,
    )
    mitigation: str | None = column(
        "Mitigation", "应对措施", "What you do to lower the risk.", "降低风险的措施。",
        synonyms=("mitigation plan", "action", "措施"), width=28,
    )
    contingency: str | None = column(
        "Contingency plan", "应急预案", "What you do if the risk happens.", "风险发生时的预案。",
        synonyms=("contingency", "fallback", "预案"), width=24,
    )
    due_date: dt.date | None = column(
        "Mitigation due", "应对截止", "Date the mitigation must be done.", "应对措施的截止日期。",
        synonyms=("due", "due date", "截止日期"), width=12,
    )
    identified_date: dt.date | None = column(
        "Identified", "识别日期", "Date the risk was first noted.", "首次发现风险的日期。",
        synonyms=("raised", "created", "识别时间"), width=12,
    )
    score: int | None = column(
        "Score", "风险分", "Likelihood × impact (1-25).", "可能性 × 影响（1-25）。",
        kind=ColumnKind.INTEGER, computed=True, width=8,
    )
    rag: str | None = column(
        "RAG", "红黄绿", "Red, Amber or Green by the Config thresholds.", "按配置阈值划分红/黄/绿。",
        choices="rag", computed=True, width=8,
    )
