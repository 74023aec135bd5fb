"""validate_workbook: every registry and workbook rule over a read WorkbookData."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from salessheet.issues import Issue, Report
from salessheet.schema import SHEETS
from salessheet.validate.cells import cell_checks
from salessheet.validate.located import SheetView, fold_value
from salessheet.validate.pipeline_rules import catalogue_products, pipeline_rules
from salessheet.validate.rules import bad_periods, duplicate_ids, duplicate_targets, unknown_deals
from salessheet.workbook import WorkbookData

__all__ = ["validate_workbook"]

_PARSE_CHECKS = ("not_a_number", "not_an_integer", "not_a_date", "not_a_boolean", "formula_error")


def _roster_ids(data: WorkbookData, roster: Iterable[str] | None) -> set[str] | None:
    if roster is not None:
        return {f for r in roster if (f := fold_value(r))}
    frame = data.frame("roster")
    if "rep_id" not in frame.columns:
        return None
    ids = {f for v in frame["rep_id"] if (f := fold_value(v))}
    return ids or None


def _deal_ids(data: WorkbookData) -> set[str] | None:
    rows = data.sheets.get("pipeline")
    if rows is None or rows.sheet_name is None or "deal_id" not in rows.frame.columns:
        return None
    return {f for v in rows.frame["deal_id"] if (f := fold_value(v))}


def validate_workbook(data: WorkbookData, today: dt.date | None = None,
                      roster: Iterable[str] | None = None) -> Report:
    """All issues of a workbook: those found while reading plus every validation rule.

    Args:
        data: what ``read_workbook`` returned.
        today: the date rules about the past compare with (default: today).
        roster: rep ids owners must come from; default the workbook's Roster sheet (when filled).

    Returns:
        A new Report holding the read issues followed by the validation issues.
    """
    today = today or dt.date.today()
    report = Report(list(data.report.issues))
    unparsed = {(i.sheet, i.row, i.column) for i in data.report if i.row and i.column
                and i.code.rsplit(".", 1)[-1] in _PARSE_CHECKS}
    rep_ids = _roster_ids(data, roster)
    deal_ids = _deal_ids(data)
    found: list[Issue] = []
    for spec in SHEETS:
        rows = data.sheets.get(spec.key)
        if rows is None or rows.sheet_name is None or rows.frame.empty:
            continue
        view = SheetView(rows, spec, data.path, data.lang)
        sheet_unparsed = {(r, c) for s, r, c in unparsed if s == rows.sheet_name}
        found += cell_checks(view, data.config, rep_ids if spec.key != "roster" else None, sheet_unparsed)
        found += duplicate_ids(view)
        found += duplicate_targets(view)
        found += bad_periods(view, data.config.fiscal_year_start_month)
        found += unknown_deals(view, deal_ids)
        found += pipeline_rules(view, data.config, today)
        if spec.key in ("pipeline", "targets"):
            found += catalogue_products(view, data.config)
    report.extend(found)
    return report
