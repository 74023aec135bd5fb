"""Every text of the report in English and Simplified Chinese."""

from __future__ import annotations

__all__ = ["TEXT", "text"]

TEXT: dict[str, tuple[str, str]] = {
    "title": ("Sales review", "销售周报"),
    "period": ("Period", "周期"),
    "as_of": ("Figures to", "数据截至"),
    "currency": ("Currency", "币种"),
    "generated": ("Generated", "生成时间"),
    "attainment": ("Attainment", "达成率"),
    "closed_won": ("Closed won", "已赢单"),
    "target": ("Target", "目标"),
    "actual": ("Actual", "实际"),
    "weighted_pipeline": ("Weighted pipeline", "加权商机"),
    "coverage": ("Coverage", "覆盖率"),
    "win_rate": ("Win rate", "赢单率"),
    "avg_cycle": ("Average cycle", "平均成交周期"),
    "velocity": ("Velocity per day", "日销售速度"),
    "days": ("days", "天"),
    "of_target": ("of target", "目标"),
    "gap": ("Gap", "差额"),
    "target_vs_actual": ("Target vs actual by month", "各月目标与实际"),
    "funnel": ("Stage funnel", "阶段漏斗"),
    "reached": ("Deals that reached the stage", "到达该阶段的商机数"),
    "waterfall": ("Pipeline waterfall", "商机瀑布图"),
    "waterfall_none": ("No earlier snapshot yet: run a consolidation next week to see the waterfall.",
                       "暂无历史快照：下周再次汇总后即可看到瀑布图。"),
    "attainment_by_rep": ("Attainment by rep", "各销售达成率"),
    "heatmap": ("Risk heat map (open risks)", "风险热力图（未关闭）"),
    "likelihood": ("Likelihood", "可能性"),
    "impact": ("Impact", "影响"),
    "top_deals": ("Top open deals", "重点商机"),
    "slipped": ("Slipped deals (expected close passed)", "延期商机（已过预计成交日）"),
    "overdue_tasks": ("Overdue tasks", "逾期任务"),
    "red_risks": ("Red risks", "红色风险"),
    "quality": ("Data quality by rep", "各销售数据质量"),
    "leaderboard": ("Leaderboard and incentive preview", "排行榜与激励预估"),
    "rank": ("Rank", "排名"),
    "rep": ("Rep", "销售"),
    "commission": ("Commission (preview)", "提成（预估）"),
    "deal": ("Deal", "商机"),
    "customer": ("Customer", "客户"),
    "owner": ("Owner", "负责人"),
    "stage": ("Stage", "阶段"),
    "amount": ("Amount", "金额"),
    "weighted": ("Weighted", "加权金额"),
    "expected_close": ("Expected close", "预计成交"),
    "days_late": ("Days late", "延期天数"),
    "task": ("Task", "任务"),
    "due": ("Due", "截止"),
    "days_overdue": ("Days overdue", "逾期天数"),
    "risk": ("Risk", "风险"),
    "score": ("Score", "风险分"),
    "category": ("Category", "类别"),
    "mitigation": ("Mitigation", "应对措施"),
    "errors": ("Errors", "错误"),
    "warnings": ("Warnings", "警告"),
    "infos": ("Notes", "提示"),
    "file": ("Workbook", "工作簿"),
    "none": ("Nothing to show.", "无。"),
    "plan_note": (
        "Commission preview: 5% up to 50% of target, 8% to 100%, 10% above with a 1.5× accelerator.",
        "提成预估：目标 50% 以内 5%，至 100% 为 8%，超出部分 10% 并乘 1.5 倍加速。",
    ),
}


def text(key: str, lang: str) -> str:
    """The report text ``key`` in ``lang``.

    >>> text("attainment", "zh")
    '达成率'
    """
    en, zh = TEXT[key]
    return zh if lang == "zh" else en
