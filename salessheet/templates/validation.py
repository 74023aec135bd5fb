"""Data validation (dropdowns, bounds, dates, input messages) and conditional formatting of data sheets."""

from __future__ import annotations

import datetime as dt

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from salessheet.schema import CHOICE_LISTS, ColumnKind, ColumnSpec
from salessheet.templates.formulas import text
from salessheet.templates.layout import FIRST_DATA_ROW, TableLayout
from salessheet.templates.lists import dropdown_source, list_name
from salessheet.templates.styles import RAG_FILLS, ROW_FILLS

__all__ = ["add_conditional_formats", "add_validations", "column_validation"]

_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "title": "Invalid value",
        "list": "Choose a value from the dropdown list.",
        "whole": "Enter a whole number from {lo} to {hi}.",
        "between": "Enter a number from {lo} to {hi}.",
        "minimum": "Enter a number of at least {lo}.",
        "date": "Enter a date, e.g. 2026-03-05.",
    },
    "zh": {
        "title": "输入无效",
        "list": "请从下拉列表中选择。",
        "whole": "请输入 {lo} 到 {hi} 之间的整数。",
        "between": "请输入 {lo} 到 {hi} 之间的数字。",
        "minimum": "请输入不小于 {lo} 的数字。",
        "date": "请输入日期，例如 2026-03-05。",
    },
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_RANGE = (dt.date(1901, 1, 1), dt.date(2199, 12, 31))
_NUMERIC = (ColumnKind.MONEY, ColumnKind.PERCENT, ColumnKind.NUMBER, ColumnKind.INTEGER)


def _serial(day: dt.date) -> str:
    return str((day - _EXCEL_EPOCH).days)


def _fmt(value: float) -> str:
    return f"{value:g}"


def column_validation(
    column: ColumnSpec, sheet_key: str, lang: str, available: set[str]
) -> DataValidation:
    """The validation of an input column: dropdown, bounds or date, always with its help as prompt.

    Args:
        column: the input column.
        sheet_key: its sheet (targets offer TEAM as owner).
        lang: workbook language of messages.
        available: defined names that exist (an owner list exists only with a roster).
    """
    words = _MESSAGES[lang]
    dv = DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=True)
    dv.promptTitle = column.label(lang)[:32]
    dv.prompt = column.help(lang)[:255]
    dv.errorTitle = words["title"]
    source = dropdown_source(column, sheet_key)
    if source and list_name(source) in available:
        dv.type, dv.formula1 = "list", list_name(source)
        dv.error = words["list"]
    elif column.kind is ColumnKind.DATE:
        dv.type, dv.operator = "date", "between"
        dv.formula1, dv.formula2 = (_serial(d) for d in _DATE_RANGE)
        dv.error = words["date"]
    elif column.kind in _NUMERIC and (column.minimum is not None or column.maximum is not None):
        whole = column.kind is ColumnKind.INTEGER
        dv.type = "whole" if whole else "decimal"
        low = column.minimum if column.minimum is not None else -1e15
        if column.maximum is not None:
            dv.operator, dv.formula1, dv.formula2 = "between", _fmt(low), _fmt(column.maximum)
            dv.error = words["whole" if whole else "between"].format(
                lo=_fmt(low), hi=_fmt(column.maximum)
            )
        else:
            dv.operator, dv.formula1 = "greaterThanOrEqual", _fmt(low)
            dv.error = words["minimum"].format(lo=_fmt(low))
    else:
        dv.showErrorMessage = False
    return dv


def add_validations(ws: Worksheet, layout: TableLayout, lang: str, available: set[str]) -> None:
    """One validation per input column of the table, over all its data rows."""
    for column in layout.spec.input_columns:
        dv = column_validation(column, layout.spec.key, lang, available)
        dv.add(layout.column_range(column.key))
        ws.add_data_validation(dv)


def _rule(formula: str, band: str) -> FormulaRule:
    background, colour = RAG_FILLS[band]
    return FormulaRule(
        formula=[formula],
        fill=PatternFill("solid", start_color=background, end_color=background),
        font=Font(color=colour),
        stopIfTrue=True,
    )


def _row_rule(formula: str, colour: str) -> FormulaRule:
    return FormulaRule(formula=[formula], fill=PatternFill("solid", start_color=colour, end_color=colour))


def add_conditional_formats(ws: Worksheet, layout: TableLayout, lang: str) -> None:
    """Overdue task rows, stale deal rows, risk score heat by Config thresholds and RAG colours."""
    key = layout.spec.key
    letters = layout.letters
    rows = f"A{FIRST_DATA_ROW}:{layout.last_letter}{layout.last_row}"
    first = FIRST_DATA_ROW
    add = ws.conditional_formatting.add
    if key == "pipeline":
        add(rows, _row_rule(f"${letters['is_stale']}{first}=TRUE", ROW_FILLS["stale"]))
    elif key == "tasks":
        add(rows, _row_rule(f"${letters['is_overdue']}{first}=TRUE", ROW_FILLS["overdue"]))
    elif key == "risks":
        score = f"${letters['score']}{first}"
        score_range = layout.column_range("score")
        add(score_range, _rule(f"AND(ISNUMBER({score}),{score}>=cfg_risk_red)", "red"))
        add(score_range, _rule(f"AND(ISNUMBER({score}),{score}>=cfg_risk_amber)", "amber"))
        add(score_range, _rule(f"ISNUMBER({score})", "green"))
        rag = f"${letters['rag']}{first}"
        for choice in CHOICE_LISTS["rag"]:
            add(layout.column_range("rag"), _rule(f"{rag}={text(choice.label(lang))}", choice.key))
