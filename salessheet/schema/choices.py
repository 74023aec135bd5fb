"""Fixed choice lists (dropdowns) with their labels in English and Chinese.

Stages are configurable per team and live in ``schema.config``; owners come from the
Roster. Every other dropdown is listed here once.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CHOICE_LISTS", "DYNAMIC_LISTS", "Choice", "choice_keys"]


@dataclass(frozen=True)
class Choice:
    """One allowed value: a stable key and what a rep sees in each language."""

    key: str
    en: str
    zh: str

    def label(self, lang: str) -> str:
        """The value as shown in a workbook of language ``lang``."""
        return self.zh if lang == "zh" else self.en


def _choices(*rows: tuple[str, str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(*row) for row in rows)


CHOICE_LISTS: dict[str, tuple[Choice, ...]] = {
    "forecast_categories": _choices(
        ("commit", "Commit", "承诺"),
        ("best_case", "Best case", "最佳情况"),
        ("pipeline", "Pipeline", "商机"),
        ("omitted", "Omitted", "不计入"),
    ),
    "task_statuses": _choices(
        ("not_started", "Not started", "未开始"),
        ("in_progress", "In progress", "进行中"),
        ("blocked", "Blocked", "受阻"),
        ("done", "Done", "已完成"),
        ("cancelled", "Cancelled", "已取消"),
    ),
    "priorities": _choices(
        ("high", "High", "高"),
        ("medium", "Medium", "中"),
        ("low", "Low", "低"),
    ),
    "risk_categories": _choices(
        ("decision_change", "Customer decision change", "客户决策变化"),
        ("competitor", "Competitor pressure", "竞争对手"),
        ("budget_overrun", "Budget overrun", "预算超支"),
        ("delay", "Delay", "延期"),
        ("churn", "Customer churn", "客户流失"),
        ("other", "Other", "其他"),
    ),
    "risk_statuses": _choices(
        ("open", "Open", "未处理"),
        ("mitigating", "Mitigating", "应对中"),
        ("closed", "Closed", "已关闭"),
    ),
    "target_metrics": _choices(
        ("revenue", "Revenue", "销售额"),
        ("won_deals", "Won deals", "赢单数"),
        ("new_customers", "New customers", "新客户数"),
    ),
    "lead_sources": _choices(
        ("inbound", "Inbound", "主动咨询"),
        ("outbound", "Outbound", "主动开发"),
        ("referral", "Referral", "转介绍"),
        ("partner", "Partner", "合作伙伴"),
        ("event", "Event", "展会活动"),
        ("existing_customer", "Existing customer", "老客户"),
        ("other", "Other", "其他"),
    ),
    "currencies": _choices(
        ("CNY", "CNY", "CNY"),
        ("USD", "USD", "USD"),
        ("EUR", "EUR", "EUR"),
        ("GBP", "GBP", "GBP"),
        ("JPY", "JPY", "JPY"),
        ("HKD", "HKD", "HKD"),
    ),
    "rag": _choices(
        ("red", "Red", "红"),
        ("amber", "Amber", "黄"),
        ("green", "Green", "绿"),
    ),
    "scale_1_5": _choices(*((str(i), str(i), str(i)) for i in range(1, 6))),
}

DYNAMIC_LISTS: dict[str, str] = {
    "stages": "the team's stage list (Config sheet)",
    "owners": "the rep ids in the Roster sheet",
}
"""Choice lists whose values depend on the workbook rather than the code."""


def choice_keys(name: str) -> tuple[str, ...]:
    """Keys of the fixed choice list ``name``.

    >>> choice_keys("priorities")
    ('high', 'medium', 'low')
    """
    return tuple(c.key for c in CHOICE_LISTS[name])
