"""Pipeline rules: probabilities, close dates, amounts, stale deals, duplicates, product catalogue."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from salessheet.issues import Issue
from salessheet.schema import StageState, WorkbookConfig
from salessheet.validate.located import SheetView, fold_value
from salessheet.workbook import ROW_COLUMN

__all__ = ["catalogue_products", "pipeline_rules"]


def _column(view: SheetView, key: str) -> pd.Series:
    if view.has(key):
        return view.frame[key]
    return pd.Series([None] * len(view.frame), index=view.frame.index, dtype=object)


def _days_before(series: pd.Series, today: dt.date) -> np.ndarray:
    """Days from each date to ``today`` (positive = in the past); NaN where blank."""
    return np.array([(today - d).days if isinstance(d, dt.date) else np.nan for d in series], dtype=float)


def _probability(view: SheetView, config: WorkbookConfig, stage: pd.Series) -> list[Issue]:
    if not view.has("probability"):
        return []
    defaults = {s.key: s.probability for s in config.stages}
    default = np.array([defaults.get(k, np.nan) for k in stage], dtype=float)
    override = pd.to_numeric(view.frame["probability"], errors="coerce").to_numpy(dtype=float,
                                                                                  na_value=np.nan)
    with np.errstate(invalid="ignore"):
        far = np.abs(override - default) > config.probability_tolerance + 1e-9
        far &= (override >= 0) & (override <= 1)
    return view.column_issues("far_from_stage", "probability", far,
                              expected=[f"{d * 100:.10g}%" for d in default])


def pipeline_rules(view: SheetView, config: WorkbookConfig, today: dt.date) -> list[Issue]:
    """Warnings and errors on deals that need the stage, dates and amounts to be consistent."""
    if view.spec.key != "pipeline" or view.frame.empty:
        return []
    states = {s.key: s.state for s in config.stages}
    stage = _column(view, "stage")
    state = [states.get(k) for k in stage]
    is_open = np.array([s is StageState.OPEN for s in state], dtype=bool)
    is_won = np.array([s is StageState.WON for s in state], dtype=bool)
    issues = _probability(view, config, stage)
    if view.has("expected_close_date"):
        overdue = _days_before(view.frame["expected_close_date"], today) > 0
        issues += view.column_issues("in_past", "expected_close_date", is_open & overdue)
    won_open = is_won & _column(view, "actual_close_date").isna().to_numpy(dtype=bool)
    issues += view.column_issues("missing_for_won", "actual_close_date", won_open)
    if view.has("amount"):
        amount = view.frame["amount"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            issues += view.column_issues("not_positive", "amount", amount <= 0)
    if view.has("last_activity_date"):
        idle = _days_before(view.frame["last_activity_date"], today)
        with np.errstate(invalid="ignore"):
            stale = is_open & (idle > config.stale_deal_days)
        issues += view.column_issues("stale", "last_activity_date", stale, expected=idle)
    issues += _probable_duplicates(view, is_open)
    return issues


def _probable_duplicates(view: SheetView, is_open: np.ndarray) -> list[Issue]:
    """Open deals for the same customer and product as an earlier open deal.

    Closed deals are history: a new deal for a customer and product already won or lost is
    a repeat order or a second attempt, not the same deal typed twice.
    """
    if not view.has("customer"):
        return []
    customer = [fold_value(v) for v in view.frame["customer"]]
    product = [fold_value(v) or "" for v in _column(view, "product")]
    pairs = pd.Series(list(zip(customer, product, strict=True)), index=view.frame.index)
    candidates = is_open & np.array([c is not None for c in customer], dtype=bool)
    repeated = candidates & pairs.where(candidates).duplicated(keep="first").to_numpy(dtype=bool)
    if not repeated.any():
        return []
    first: dict[tuple[object, object], int] = {}
    for pair, row, usable in zip(pairs, view.frame[ROW_COLUMN], candidates, strict=True):
        if usable:
            first.setdefault(pair, int(row))
    return view.column_issues("probable_duplicate", "customer", repeated,
                              expected=[first.get(p, 0) for p in pairs])  # row numbers


def catalogue_products(view: SheetView, config: WorkbookConfig) -> list[Issue]:
    """Products missing from ``config.products`` (only when a catalogue is configured)."""
    if not config.products or not view.has("product"):
        return []
    allowed = {fold_value(p) for p in config.products}
    unknown = [v is not None and v not in allowed for v in map(fold_value, view.frame["product"])]
    return view.column_issues("not_in_catalogue", "product", np.array(unknown, dtype=bool))
