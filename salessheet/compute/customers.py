"""Customer figures: won revenue per customer, ABC tiering (客户分层) and repurchase rate."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from salessheet.compute.periods import Period
from salessheet.compute.pipeline import _STATE, _won_to_date, prepare_deals
from salessheet.schema.config import StageState, WorkbookConfig

__all__ = ["abc_tiers", "customer_revenue", "repurchase_rate"]


def _won(deals: pd.DataFrame, config: WorkbookConfig, today: dt.date, period: Period | None) -> pd.DataFrame:
    d = prepare_deals(deals, config, today)
    mask = _won_to_date(d, period, today) if period is not None else d[_STATE] == StageState.WON.value
    won = d[mask]
    customer = won["customer"] if "customer" in won.columns else pd.Series(None, index=won.index)
    won = won.assign(customer=customer.astype("object"))
    return won[won["customer"].notna() & (won["customer"] != "")]


def customer_revenue(
    deals: pd.DataFrame, config: WorkbookConfig, today: dt.date, period: Period | None = None
) -> pd.DataFrame:
    """Won revenue and won-deal count per customer (won in ``period`` to date if given).

    Returns:
        Columns customer, revenue, won_deals; highest revenue first, then customer name.

    >>> deals = pd.DataFrame({"customer": ["Acme", "Beta", "Acme", "Beta"],
    ...     "stage": ["won", "won", "won", "lost"], "amount": [100.0, 300.0, 50.0, 999.0]})
    >>> customer_revenue(deals, WorkbookConfig(), dt.date(2026, 1, 1)).values.tolist()
    [['Beta', 300.0, 1], ['Acme', 150.0, 2]]
    """
    won = _won(deals, config, today, period)
    amounts = won.groupby("customer", sort=False)["_amount"]
    out = pd.DataFrame({"revenue": amounts.sum(), "won_deals": amounts.size().astype(int)})
    out = out.rename_axis("customer").reset_index()
    out = out.sort_values(["revenue", "customer"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def abc_tiers(revenue: pd.Series, *, a: float = 0.8, b: float = 0.95) -> pd.Series:
    """ABC tier (Pareto) of each customer by its share of total revenue.

    Customers are taken in order of revenue, highest first (ties by the index, i.e. the
    customer name). A customer is ``A`` while the cumulative share *before* it is below
    ``a`` (so the customer that crosses 80% is still A), ``B`` while it is below ``b``,
    and ``C`` after that. Customers with no positive revenue are always ``C``.

    Args:
        revenue: revenue per customer, indexed by customer.
        a: cumulative share up to which customers are A (default 0.8).
        b: cumulative share up to which customers are B (default 0.95).

    Returns:
        The tier per customer, same index and order as ``revenue``.

    >>> revenue = pd.Series({"Acme": 700.0, "Beta": 150.0, "Cora": 100.0, "Dell": 50.0})
    >>> abc_tiers(revenue).to_dict()  # cumulative shares before: 0, 0.70, 0.85, 0.95
    {'Acme': 'A', 'Beta': 'A', 'Cora': 'B', 'Dell': 'C'}
    """
    if not 0 < a <= b <= 1:
        raise ValueError("thresholds must satisfy 0 < a <= b <= 1")
    values = pd.to_numeric(revenue, errors="coerce").fillna(0.0).clip(lower=0)
    keyed = pd.DataFrame({"value": values.to_numpy(), "key": [str(k) for k in values.index]})
    keyed = keyed.sort_values(["value", "key"], ascending=[False, True], kind="stable")
    ranked = pd.Series(keyed["value"].to_numpy(), index=values.index[keyed.index.to_numpy()])
    total = float(ranked.sum())
    if total <= 0:
        return pd.Series("C", index=revenue.index, dtype="object")
    before = (ranked.cumsum() - ranked) / total
    tiers = pd.Series("C", index=ranked.index, dtype="object")
    tiers[(before < b) & (ranked > 0)] = "B"
    tiers[(before < a) & (ranked > 0)] = "A"
    return pd.Series(tiers.to_numpy(), index=ranked.index).reindex(revenue.index)


def repurchase_rate(
    deals: pd.DataFrame, config: WorkbookConfig, today: dt.date, period: Period | None = None
) -> float | None:
    """Customers with more than one won deal ÷ customers with at least one (None if none).

    >>> deals = pd.DataFrame({"customer": ["Acme", "Acme", "Beta", "Cora"],
    ...     "stage": ["won", "won", "won", "lost"], "amount": [1.0, 1.0, 1.0, 1.0]})
    >>> repurchase_rate(deals, WorkbookConfig(), dt.date(2026, 1, 1))
    0.5
    """
    counts = customer_revenue(deals, config, today, period)["won_deals"]
    return float((counts > 1).sum() / len(counts)) if len(counts) else None
