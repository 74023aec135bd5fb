"""Workbook rules across rows and sheets: unique ids, duplicate targets, references to deals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salessheet.compute.periods import PeriodError, parse_period
from salessheet.issues import Issue
from salessheet.validate.catalogue import sheet_issue
from salessheet.validate.located import SheetView, fold_value
from salessheet.workbook import ROW_COLUMN

__all__ = ["bad_periods", "duplicate_ids", "duplicate_targets", "unknown_deals"]


def _folded(series: pd.Series) -> pd.Series:
    return pd.Series([fold_value(v) for v in series], index=series.index, dtype=object)


def duplicate_ids(view: SheetView) -> list[Issue]:
    """Rows repeating an id already used on an earlier row of the same sheet."""
    if len(view.spec.key_columns) != 1 or not view.has(view.spec.key_columns[0]):
        return []
    key = view.spec.key_columns[0]
    ids = _folded(view.frame[key])
    repeated = ids.notna() & ids.duplicated(keep="first")
    if not repeated.any():
        return []
    first_row: dict[object, int] = {}
    for value, row in zip(ids, view.frame[ROW_COLUMN], strict=True):
        first_row.setdefault(value, int(row))
    expected = [first_row.get(i, "") for i in ids]
    return view.column_issues("duplicate", key, repeated.to_numpy(), expected=expected)


def duplicate_targets(view: SheetView) -> list[Issue]:
    """Targets with the same period, owner, metric, product and region as an earlier row."""
    columns = [k for k in view.spec.key_columns if view.has(k)]
    if view.spec.key != "targets" or not columns or view.frame.empty:
        return []
    keys = pd.DataFrame({k: _folded(view.frame[k]) for k in columns})
    repeated = keys.duplicated(keep="first").to_numpy()
    if not repeated.any():
        return []
    tuples = list(keys.itertuples(index=False, name=None))
    first: dict[tuple[object, ...], int] = {}
    for t, row in zip(tuples, view.frame[ROW_COLUMN], strict=True):
        first.setdefault(t, int(row))
    kind = sheet_issue("targets", "row.duplicate")
    numbers = view.frame[ROW_COLUMN].to_numpy()
    return [kind(file=view.file, sheet=view.rows.sheet_name, row=int(numbers[i]),
                 cell=view.rows.cell(columns[0], int(numbers[i])), column=columns[0],
                 column_label=view.label(columns[0]), expected=first[tuples[i]])
            for i in np.flatnonzero(repeated)]


def unknown_deals(view: SheetView, deal_ids: set[str] | None) -> list[Issue]:
    """Tasks or risks referring to a deal id missing from the Pipeline sheet."""
    if deal_ids is None or view.spec.key not in ("tasks", "risks") or not view.has("deal_id"):
        return []
    ids = _folded(view.frame["deal_id"])
    mask = ids.notna() & ~ids.isin(deal_ids)
    return view.column_issues("unknown_deal", "deal_id", mask.to_numpy())


def bad_periods(view: SheetView, fiscal_year_start_month: int) -> list[Issue]:
    """Target periods that are not one of the documented forms (2026, 2026-Q3, FY2026-H1...)."""
    if view.spec.key != "targets" or not view.has("period"):
        return []
    verdicts: dict[str, bool] = {}
    flags = []
    for value in view.frame["period"]:
        if not isinstance(value, str):
            flags.append(False)
            continue
        if value not in verdicts:
            try:
                parse_period(value, fiscal_year_start_month)
                verdicts[value] = False
            except PeriodError:
                verdicts[value] = True
        flags.append(verdicts[value])
    return view.column_issues("not_a_period", "period", np.array(flags, dtype=bool))
