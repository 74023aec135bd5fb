"""Risk figures: scores and RAG, the early-warning list (预警) and the likelihood × impact heat map.

Score and RAG come from ``compute.columns.risk_columns`` (score = likelihood × impact,
red from ``risk_red``, amber from ``risk_amber``). A risk is *active* unless its status
is ``closed``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from salessheet.compute.columns import risk_columns
from salessheet.schema.config import StageState, WorkbookConfig

__all__ = [
    "WarningRule",
    "active_risks",
    "early_warnings",
    "red_risks",
    "risk_heatmap",
    "scored_risks",
]


class WarningRule(BaseModel):
    """When a risk goes on the early-warning list.

    A risk that is not closed is listed when any of these holds: its score is at least
    ``min_score`` (default: the Config's ``risk_red``); its mitigation is due before today;
    or its deal is high-value (amount >= ``high_value_amount``, or, when that is None, in
    the top ``1 - high_value_quantile`` of open deal amounts) and its score is at least
    ``high_value_min_score`` (default: the Config's ``risk_amber``).
    """

    min_score: int | None = Field(default=None, ge=1, le=25, description="High-score threshold.")
    high_value_amount: float | None = Field(default=None, ge=0, description="High-value deal amount.")
    high_value_quantile: float = Field(
        default=0.8, ge=0, le=1, description="Quantile of open deal amounts used without an amount."
    )
    high_value_min_score: int | None = Field(
        default=None, ge=1, le=25, description="Score from which a high-value deal's risk is listed."
    )


def _col(df: pd.DataFrame, key: str) -> pd.Series:
    return df[key] if key in df.columns else pd.Series(None, index=df.index, dtype="object")


def scored_risks(risks: pd.DataFrame, config: WorkbookConfig) -> pd.DataFrame:
    """The risks with ``score`` and ``rag`` (re)computed from likelihood and impact.

    >>> risks = pd.DataFrame({"likelihood": [4, 2], "impact": [4, 2]})
    >>> scored_risks(risks, WorkbookConfig())[["score", "rag"]].values.tolist()
    [[16, 'red'], [4, 'green']]
    """
    out = risks.copy()
    for key, values in risk_columns(risks, config).items():
        out[key] = values
    return out


def active_risks(risks: pd.DataFrame, config: WorkbookConfig) -> pd.DataFrame:
    """Scored risks whose status is not ``closed``.

    >>> risks = pd.DataFrame({"likelihood": [5, 5], "impact": [5, 1], "status": ["closed", "open"]})
    >>> active_risks(risks, WorkbookConfig())["score"].tolist()
    [5]
    """
    scored = scored_risks(risks, config)
    return scored[_col(scored, "status") != "closed"]


def red_risks(risks: pd.DataFrame, config: WorkbookConfig) -> pd.DataFrame:
    """Active risks whose RAG is red.

    >>> risks = pd.DataFrame({"likelihood": [5, 5, 3], "impact": [5, 3, 3],
    ...     "status": ["closed", "open", "open"]})
    >>> red_risks(risks, WorkbookConfig())["score"].tolist()
    [15]
    """
    active = active_risks(risks, config)
    return active[active["rag"] == "red"]


def early_warnings(
    risks: pd.DataFrame,
    deals: pd.DataFrame,
    config: WorkbookConfig,
    today: dt.date,
    rule: WarningRule | None = None,
) -> pd.DataFrame:
    """The early-warning list: active risks that need attention now, with the reasons.

    Args:
        risks: Risks rows.
        deals: Pipeline rows (deal_id, amount, stage) for the high-value test.
        config: thresholds (risk_red, risk_amber) and stages.
        today: for overdue mitigations.
        rule: see ``WarningRule``; defaults from ``config``.

    Returns:
        The risks listed, with ``score``, ``rag``, ``deal_amount`` and ``reasons`` (a
        comma-separated subset of ``high_score``, ``mitigation_overdue``,
        ``high_value_deal``), highest score first, then risk id.

    >>> risks = pd.DataFrame({"risk_id": ["R1", "R2", "R3"], "deal_id": ["D1", "D2", "D2"],
    ...     "likelihood": [5, 3, 1], "impact": [4, 3, 1], "status": ["open", "open", "mitigating"],
    ...     "due_date": [None, None, dt.date(2026, 3, 1)]})
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2"], "amount": [1000.0, 90000.0], "stage": ["demo"] * 2})
    >>> out = early_warnings(risks, deals, WorkbookConfig(), dt.date(2026, 3, 5),
    ...     WarningRule(high_value_amount=50000))
    >>> out[["risk_id", "score", "reasons"]].values.tolist()
    [['R1', 20, 'high_score'], ['R2', 9, 'high_value_deal'], ['R3', 1, 'mitigation_overdue']]
    """
    rule = rule or WarningRule()
    min_score = rule.min_score or config.risk_red
    hv_score = rule.high_value_min_score or config.risk_amber
    active = active_risks(risks, config)
    amounts = pd.to_numeric(_col(deals, "amount"), errors="coerce")
    by_deal = pd.Series(amounts.to_numpy(), index=_col(deals, "deal_id").astype("object"))
    by_deal = by_deal[~by_deal.index.duplicated(keep="first")]
    threshold = rule.high_value_amount
    if threshold is None:
        open_keys = [s.key for s in config.stages if s.state is StageState.OPEN]
        is_open = _col(deals, "stage").isin(open_keys)
        open_amounts = amounts[is_open].dropna()
        threshold = float(open_amounts.quantile(rule.high_value_quantile)) if len(open_amounts) else None
    score = active["score"].astype("Float64").fillna(0)
    deal_amount = _col(active, "deal_id").astype("object").map(by_deal).astype(float)
    due = pd.to_datetime(_col(active, "due_date"), errors="coerce")
    reasons = {
        "high_score": score >= min_score,
        "mitigation_overdue": due.notna() & (due < pd.Timestamp(today)),
        "high_value_deal": (deal_amount >= threshold).fillna(False) & (score >= hv_score)
        if threshold is not None else pd.Series(False, index=active.index),
    }
    flags = pd.DataFrame({k: v.astype(bool) for k, v in reasons.items()}, index=active.index)
    listed = flags.any(axis=1)
    out = active[listed].copy()
    out["deal_amount"] = deal_amount[listed]
    text = pd.Series("", index=out.index, dtype="object")
    for key in reasons:
        text = text.where(~flags.loc[listed, key], text + "," + key)
    out["reasons"] = text.str.lstrip(",")
    sort = ["score", "risk_id"] if "risk_id" in out.columns else ["score"]
    return out.sort_values(sort, ascending=[False, True][: len(sort)], kind="stable").reset_index(drop=True)


def risk_heatmap(risks: pd.DataFrame, *, include_closed: bool = False) -> pd.DataFrame:
    """Counts of risks on the 5 × 5 grid: rows likelihood 5..1 (top = most likely), columns impact 1..5.

    >>> risks = pd.DataFrame({"likelihood": [5, 5, 1], "impact": [1, 1, 5], "status": ["open"] * 3})
    >>> grid = risk_heatmap(risks)
    >>> int(grid.loc[5, 1]), int(grid.loc[1, 5]), int(grid.to_numpy().sum())
    (2, 1, 3)
    """
    frame = risks if include_closed else risks[_col(risks, "status") != "closed"]
    likelihood = pd.to_numeric(_col(frame, "likelihood"), errors="coerce")
    impact = pd.to_numeric(_col(frame, "impact"), errors="coerce")
    valid = likelihood.between(1, 5) & impact.between(1, 5)
    counts = np.zeros((5, 5), dtype=int)  # (a crosstab costs ten times more for 25 cells)
    rows, columns = 5 - likelihood[valid].astype(int).to_numpy(), impact[valid].astype(int).to_numpy() - 1
    np.add.at(counts, (rows, columns), 1)
    return pd.DataFrame(counts, index=pd.Index(range(5, 0, -1), name="likelihood"),
                        columns=pd.Index(range(1, 6), name="impact"))
