"""Pipeline: one row per deal (opportunity), from lead to payment."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from salessheet.schema.column import ColumnKind, column

__all__ = ["PipelineRow"]


class PipelineRow(BaseModel):
    """One deal. Computed columns are filled by the workbook's native formulas."""

    model_config = ConfigDict(extra="allow")

    deal_id: str = column(
        "Deal ID", "商机编号", "Unique id of the deal, e.g. D-0001.", "商机唯一编号，例如 D-0001。",
        required=True, synonyms=("opportunity id", "opp id", "deal", "id", "项目编号", "商机ID"),
        width=12,
    )
    deal_name: str | None = column(
        "Deal name", "商机名称", "Short description of what is being sold.", "商机的简短描述。",
        synonyms=("opportunity", "opportunity name", "项目名称", "销售项目"), width=24,
    )
    customer: str = column(
        "Customer", "客户", "Customer (account) name.", "客户（公司）名称。",
        required=True, synonyms=("account", "company", "client", "客户名称", "公司"), width=22,
    )
    contact: str | None = column(
        "Contact", "联系人", "Main contact at the customer.", "客户方主要联系人。",
        synonyms=("contact person", "客户联系人"), width=16,
    )
    owner: str = column(
        "Owner", "负责人", "Rep id of the deal owner (from the Roster).",
        "商机负责人的销售代表ID（来自团队名单）。",
        required=True, choices="owners",
        synonyms=("rep", "sales rep", "sales agent", "deal owner", "销售", "业务员"), width=12,
    )
    stage: str = column(
        "Stage", "阶段", "Sales stage, from the team's stage list.", "销售阶段，取自团队阶段列表。",
        required=True, choices="stages", synonyms=("deal stage", "status", "销售阶段"), width=14,
    )
    amount: float = column(
        "Amount", "金额", "Expected contract value.", "预计合同金额。",
        kind=ColumnKind.MONEY, required=True,
        synonyms=("value", "deal value", "close value", "deal amount", "合同金额", "商机金额"),
        width=14,
    )
    currency: str | None = column(
        "Currency", "币种", "Currency of the amount; blank = the team currency.",
        "金额币种；留空为团队默认币种。", choices="currencies", synonyms=("货币",), width=9,
    )
    probability: float | None = column(
        "Probability override", "赢率（手填）",
        "Your own win probability; blank = the stage default.",
        "自行判断的赢单概率；留空则使用阶段默认值。",
        kind=ColumnKind.PERCENT, ge=0, le=1,
        synonyms=("probability", "win probability", "prob", "赢率", "成交概率"), width=12,
    )
    forecast_category: str | None = column(
        "Forecast category", "预测类别",
        "Commit, Best case, Pipeline or Omitted; blank = default of the stage.",
        "承诺/最佳情况/商机/不计入；留空则按阶段默认。",
        choices="forecast_categories", synonyms=("forecast", "预测分类"), width=14,
    )
    created_date: dt.date = column(
        "Created", "创建日期", "Date the deal was created.", "商机创建日期。",
        required=True, synonyms=("created date", "engage date", "创建时间", "立项日期"), width=12,
    )
    expected_close_date: dt.date | None = column(
        "Expected close", "预计成交日期", "Date you expect to sign.", "预计签约日期。",
        synonyms=("close date", "expected close date", "预计签约日期"), width=14,
    )
    actual_close_date: dt.date | None = column(
        "Actual close", "实际成交日期", "Date the deal was won or lost.", "实际赢单或输单日期。",
        synonyms=("actual close date", "closed date", "成交日期"), width=14,
    )
    last_activity_date: dt.date | None = column(
        "Last activity", "最近跟进", "Date of the last contact with the customer.",
        "最近一次与客户联系的日期。",
        synonyms=("last activity date", "last contact", "最近跟进日期", "最后跟进"), width=12,
    )
    next_step: str | None = column(
        "Next step", "下一步", "What happens next.", "下一步行动。",
        synonyms=("next action", "下一步计划"), width=24,
    )
    next_step_due: dt.date | None = column(
        "Next step due", "下一步截止", "When the next step is due.", "下一步行动的截止日期。",
        synonyms=("next step date", "下一步日期"), width=12,
    )
    product: str | None = column(
        "Product", "产品", "Product or product line.", "产品或产品线。",
        synonyms=("product line", "产品线"), width=14,
    )
    region: str | None = column(
        "Region", "区域", "Region of the deal; blank = the owner's region.",
        "商机所属区域；留空为负责人所在区域。", synonyms=("territory", "office", "地区"), width=12,
    )
    source: str | None = column(
        "Lead source", "线索来源", "Where the deal came from.", "商机来源。",
        choices="lead_sources", synonyms=("source", "channel", "来源", "渠道"), width=14,
    )
    budget: float | None = column(
        "Customer budget", "客户预算", "Budget the customer has for this purchase.",
        "客户为本次采购准备的预算。", kind=ColumnKind.MONEY, synonyms=("budget", "预算"), width=14,
    )
    cost: float | None = column(
        "Cost of sale", "销售成本", "Our cost to win and deliver (travel, discounts, pre-sales).",
        "赢单和交付的成本（差旅、折扣、售前等）。",
        kind=ColumnKind.MONEY, ge=0, synonyms=("cost", "成本", "费用"), width=12,
    )
    lost_reason: str | None = column(
        "Lost reason", "输单原因", "Why a lost deal was lost.", "输单的原因。",
        synonyms=("loss reason", "丢单原因"), width=18,
    )
    notes: str | None = column(
        "Notes", "备注", "Anything else worth knowing.", "其他说明。",
        synonyms=("comments", "remark", "说明"), width=24,
    )
    win_probability: float | None = column(
        "Win probability", "赢单概率", "Override if given, else the stage default.",
        "有手填赢率则用手填，否则用阶段默认值。",
        kind=ColumnKind.PERCENT, computed=True, width=11,
    )
    weighted_amount: float | None = column(
        "Weighted amount", "加权金额", "Amount × win probability.", "金额 × 赢单概率。",
        kind=ColumnKind.MONEY, computed=True, width=14,
    )
    forecast: str | None = column(
        "Forecast", "预测", "Forecast category in effect: your override, else the stage default.",
        "生效的预测类别：手填优先，否则按阶段默认。", computed=True, width=12,
    )
    days_to_close: int | None = column(
        "Days to close", "距成交天数", "Days until the expected close date (open deals).",
        "距预计成交日期的天数（仅未关闭商机）。",
        kind=ColumnKind.INTEGER, computed=True, width=10,
    )
    days_since_activity: int | None = column(
        "Days since activity", "未跟进天数", "Days since the last activity (open deals).",
        "距最近跟进的天数（仅未关闭商机）。",
        kind=ColumnKind.INTEGER, computed=True, width=10,
    )
    is_stale: bool | None = column(
        "Stale", "停滞", "Open deal with no activity for longer than the Config limit.",
        "未关闭且超过配置天数未跟进的商机。",
        kind=ColumnKind.BOOLEAN, computed=True, width=8,
    )
