"""Fonts, fills and number formats of generated workbooks, in one place."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from salessheet.schema import ColumnKind, ColumnSpec

__all__ = [
    "COMPUTED_HEADER_FILL",
    "HEADER_ALIGNMENT",
    "HEADER_FONT",
    "INPUT_FILL",
    "INPUT_HEADER_FILL",
    "LOCKED",
    "RAG_FILLS",
    "ROW_FILLS",
    "SECTION_FONT",
    "TABLE_STYLE",
    "THIN_BORDER",
    "TITLE_FONT",
    "UNLOCKED",
    "WRAP",
    "cell_alignment",
    "number_format",
]

_FONT_NAME = "Calibri"

HEADER_FONT = Font(name=_FONT_NAME, bold=True, color="FFFFFF")
TITLE_FONT = Font(name=_FONT_NAME, bold=True, size=16, color="1F3864")
SECTION_FONT = Font(name=_FONT_NAME, bold=True, size=12, color="1F3864")
INPUT_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
COMPUTED_HEADER_FILL = PatternFill("solid", fgColor="595959")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
THIN_BORDER = Border(bottom=Side(style="thin", color="BFBFBF"))
TABLE_STYLE = "TableStyleLight9"

LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)

RAG_FILLS: dict[str, tuple[str, str]] = {
    "red": ("F8CBAD", "9C0006"),
    "amber": ("FFE699", "7F6000"),
    "green": ("C6EFCE", "006100"),
}
"""Background and font colour of each RAG band (risk score heat and RAG labels)."""

ROW_FILLS: dict[str, str] = {
    "overdue": "FCE4D6",
    "stale": "FFF2CC",
}
"""Background of whole rows flagged by conditional formatting."""

_FORMATS: dict[ColumnKind, str] = {
    ColumnKind.MONEY: "#,##0.00",
    ColumnKind.PERCENT: "0%",
    ColumnKind.DATE: "yyyy-mm-dd",
    ColumnKind.INTEGER: "0",
    ColumnKind.NUMBER: "General",
    ColumnKind.BOOLEAN: "General",
    ColumnKind.TEXT: "@",
    ColumnKind.CHOICE: "@",
}


_CENTER = Alignment(horizontal="center")
_CENTERED_KINDS = (ColumnKind.CHOICE, ColumnKind.BOOLEAN, ColumnKind.PERCENT, ColumnKind.DATE)


def cell_alignment(column: ColumnSpec) -> Alignment | None:
    """Alignment of a column's data cells: short codes, flags, percentages and dates are centred."""
    if column.kind in _CENTERED_KINDS or (column.computed and column.kind is ColumnKind.TEXT):
        return _CENTER
    return None


def number_format(column: ColumnSpec) -> str:
    """Number format of a column's cells; text input columns are Text so "2026-07" stays text.

    >>> from salessheet.schema import sheet
    >>> number_format(sheet("pipeline").column("amount"))
    '#,##0.00'
    """
    if column.computed and column.kind in (ColumnKind.TEXT, ColumnKind.CHOICE):
        return "General"
    return _FORMATS[column.kind]
