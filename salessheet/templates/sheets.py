"""One data sheet: header, typed rows, formulas in computed columns, the Excel table and protection."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableFormula, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from salessheet.schema import ColumnSpec
from salessheet.templates.formulas import RowRefs, computed_formula
from salessheet.templates.layout import FIRST_DATA_ROW, TableLayout
from salessheet.templates.lists import ListItems, dropdown_source
from salessheet.templates.styles import (
    COMPUTED_HEADER_FILL,
    HEADER_ALIGNMENT,
    HEADER_FONT,
    INPUT_HEADER_FILL,
    LOCKED,
    TABLE_STYLE,
    THIN_BORDER,
    UNLOCKED,
    cell_alignment,
    number_format,
)

__all__ = ["protect_sheet", "write_table"]

_COMMENT_AUTHOR = "salessheet"


def _cell_value(column: ColumnSpec, value: Any, labels: Mapping[str, str]) -> Any:
    """What to write for a row value: choice keys become labels; unknown values are kept as given."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas missing values
        return None
    if isinstance(value, str) and value in labels:
        return labels[value]
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def _labels(column: ColumnSpec, sheet_key: str, lists: Mapping[str, ListItems]) -> dict[str, str]:
    source = dropdown_source(column, sheet_key)
    return dict(lists.get(source, [])) if source else {}


def _write_header(ws: Worksheet, layout: TableLayout, lang: str) -> None:
    for index, column in enumerate(layout.spec.columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.label(lang))
        cell.font = HEADER_FONT
        cell.fill = COMPUTED_HEADER_FILL if column.computed else INPUT_HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        cell.protection = LOCKED
        cell.comment = Comment(column.help(lang), _COMMENT_AUTHOR, height=80, width=220)
        ws.column_dimensions[layout.letters[column.key]].width = column.width + 2
    ws.row_dimensions[1].height = 32


def _style_cell(cell: Cell, column: ColumnSpec) -> Any:
    """Give ``cell`` the data-cell style of ``column``; return its style for copying down."""
    cell.protection = LOCKED if column.computed else UNLOCKED
    cell.number_format = number_format(column)
    cell.border = THIN_BORDER
    alignment = cell_alignment(column)
    if alignment is not None:
        cell.alignment = alignment
    return cell._style


def _table(layout: TableLayout, lang: str) -> Table:
    spec = layout.spec
    refs = RowRefs(layout.letters, FIRST_DATA_ROW)
    table = Table(displayName=spec.table_name, ref=layout.ref)
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    table.autoFilter = AutoFilter(ref=layout.ref)
    for index, column in enumerate(spec.columns, start=1):
        table_column = TableColumn(id=index, name=column.label(lang))
        if column.computed:
            formula = computed_formula(spec.key, column.key, refs, spec.key_columns[0], lang)
            table_column.calculatedColumnFormula = TableFormula(attr_text=formula[1:])
        table.tableColumns.append(table_column)
    return table


def write_table(
    ws: Worksheet,
    layout: TableLayout,
    lang: str,
    rows: Sequence[Mapping[str, Any]],
    lists: Mapping[str, ListItems],
) -> None:
    """Write a data sheet: header, ``rows`` then blank rows, formulas in every row, the table.

    Args:
        ws: the (empty) worksheet.
        layout: table size and column letters; ``layout.data_rows >= len(rows)``.
        lang: workbook language.
        rows: row dicts with canonical column keys and choice keys.
        lists: dropdown lists, to turn choice keys into labels.

    Raises:
        ValueError: a row names a column the sheet does not have.
    """
    spec = layout.spec
    known = {c.key for c in spec.columns}
    for row in rows:
        unknown = set(row) - known
        if unknown:
            raise ValueError(f"{spec.key}: unknown column(s) {', '.join(sorted(unknown))}")
    _write_header(ws, layout, lang)
    labels = {c.key: _labels(c, spec.key, lists) for c in spec.columns}
    styles = [_style_cell(ws.cell(row=FIRST_DATA_ROW, column=i), c) for i, c in enumerate(spec.columns, 1)]
    key_column = spec.key_columns[0]
    for offset in range(layout.data_rows):
        number = FIRST_DATA_ROW + offset
        values = rows[offset] if offset < len(rows) else {}
        refs = RowRefs(layout.letters, number)
        for index, column in enumerate(spec.columns, start=1):
            cell = ws.cell(row=number, column=index)
            cell._style = copy(styles[index - 1])  # same style object for the whole column: fast
            if column.computed:
                cell.value = computed_formula(spec.key, column.key, refs, key_column, lang)
            else:
                cell.value = _cell_value(column, values.get(column.key), labels[column.key])
                if cell.data_type == "f":  # text that looks like a formula stays text
                    cell.data_type = "s"
    ws.freeze_panes = f"B{FIRST_DATA_ROW}"
    ws.add_table(_table(layout, lang))


def protect_sheet(ws: Worksheet) -> None:
    """Protect ``ws`` without a password; filtering, sorting and resizing stay allowed."""
    protection = ws.protection
    protection.sheet = True
    protection.autoFilter = False
    protection.sort = False
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False
