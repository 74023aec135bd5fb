"""Per-cell checks from the registry, vectorised per column: required, choices, owners, bounds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salessheet.issues import Issue
from salessheet.schema import CHOICE_LISTS, TEAM_OWNER, ColumnKind, ColumnSpec, WorkbookConfig
from salessheet.validate.located import SheetView, fold_value

__all__ = ["cell_checks"]


def _missing(series: pd.Series) -> np.ndarray:
    return np.array(series.isna().to_numpy(), dtype=bool)


def _not_in(series: pd.Series, allowed: set[str], *, folded: bool = False) -> np.ndarray:
    values = series.to_numpy()
    if folded:
        memo: dict[object, bool] = {}
        flags = []
        for v in values:
            key = v if isinstance(v, str) else None
            if key is None or key not in memo:
                outside = (f := fold_value(v)) is not None and f not in allowed
                if key is None:
                    flags.append(outside)
                    continue
                memo[key] = outside
            flags.append(memo[key])
        return np.array(flags, dtype=bool)
    return np.array([v is not None and v == v and v not in allowed for v in values], dtype=bool)


def _choice_issues(view: SheetView, column: ColumnSpec, config: WorkbookConfig,
                   roster: set[str] | None) -> list[Issue]:
    series = view.frame[column.key]
    if column.choices == "stages":
        stages = {s.key for s in config.stages}
        return view.column_issues("not_configured", column.key, _not_in(series, stages))
    if column.choices == "owners":
        if not roster:
            return []
        allowed = set(roster) | ({TEAM_OWNER.casefold()} if view.spec.key == "targets" else set())
        return view.column_issues("not_in_roster", column.key, _not_in(series, allowed, folded=True))
    if column.kind is not ColumnKind.CHOICE or column.choices not in CHOICE_LISTS:
        return []
    items = CHOICE_LISTS[column.choices]
    expected = "/".join(c.label(view.lang) for c in items)
    return view.column_issues("unknown_choice", column.key, _not_in(series, {c.key for c in items}),
                              expected=expected)


def _bound_issues(view: SheetView, column: ColumnSpec) -> list[Issue]:
    values = pd.to_numeric(view.frame[column.key], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    issues: list[Issue] = []
    scale = 100 if column.kind is ColumnKind.PERCENT else 1
    with np.errstate(invalid="ignore"):
        if column.minimum is not None:
            issues += view.column_issues("below_minimum", column.key, values < column.minimum,
                                         expected=f"{column.minimum * scale:g}{'%' if scale == 100 else ''}")
        if column.maximum is not None:
            issues += view.column_issues("above_maximum", column.key, values > column.maximum,
                                         expected=f"{column.maximum * scale:g}{'%' if scale == 100 else ''}")
    return issues


def cell_checks(view: SheetView, config: WorkbookConfig, roster: set[str] | None,
                unparsed: set[tuple[int, str]]) -> list[Issue]:
    """Issues for every input column of ``view`` found in the sheet.

    Args:
        view: the sheet.
        config: stages for stage checks.
        roster: folded rep ids; None or empty skips owner checks.
        unparsed: (row, column key) already reported as unparseable (not reported again as missing).
    """
    issues: list[Issue] = []
    rows = view.frame["_row"].to_numpy()
    for column in view.spec.columns:
        if column.computed or not view.has(column.key):
            continue
        if column.required:
            missing = _missing(view.frame[column.key])
            if unparsed and missing.any():
                missing &= np.array([(int(r), column.key) not in unparsed for r in rows], dtype=bool)
            issues += view.column_issues("required", column.key, missing)
        if column.choices:
            issues += _choice_issues(view, column, config, roster)
        if column.minimum is not None or column.maximum is not None:
            issues += _bound_issues(view, column)
    return issues
