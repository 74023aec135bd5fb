"""Lay a generated data sheet out as an older template version had it: fewer columns, old headers.

The builder only knows the current registry, so an old layout is obtained by editing a freshly
built sheet: columns the version did not have are deleted, then everything that refers to
column letters (formulas, table, validations, conditional formats, defined names) is rewritten
for the remaining columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from openpyxl import Workbook
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableFormula, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from salessheet.address import column_letter
from salessheet.evolve.states import ColumnAt
from salessheet.schema import SheetSpec
from salessheet.templates.formulas import PIPELINE_RANGE_NAMES, RowRefs, computed_formula
from salessheet.templates.layout import FIRST_DATA_ROW, TableLayout
from salessheet.templates.styles import TABLE_STYLE
from salessheet.templates.validation import add_conditional_formats, column_validation

__all__ = ["VersionLayout", "relayout_sheet"]


@dataclass(frozen=True)
class VersionLayout(TableLayout):
    """A TableLayout over a subset of the sheet's columns (``keys``, current keys, in order)."""

    keys: tuple[str, ...] = ()

    @cached_property
    def letters(self) -> dict[str, str]:
        """Column key -> letter in this layout."""
        return {key: column_letter(i) for i, key in enumerate(self.keys, start=1)}

    @property
    def last_letter(self) -> str:
        """Letter of the table's last column."""
        return column_letter(len(self.keys))


def _table(layout: VersionLayout, columns: tuple[ColumnAt, ...], lang: str) -> Table:
    spec = layout.spec
    table = Table(displayName=spec.table_name, ref=layout.ref)
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    table.autoFilter = AutoFilter(ref=layout.ref)
    refs = RowRefs(layout.letters, FIRST_DATA_ROW)
    for index, column in enumerate(columns, start=1):
        table_column = TableColumn(id=index, name=column.label(lang))
        if column.spec(spec.key).computed:
            formula = computed_formula(spec.key, column.current, refs, spec.key_columns[0], lang)
            table_column.calculatedColumnFormula = TableFormula(attr_text=formula[1:])
        table.tableColumns.append(table_column)
    return table


def relayout_sheet(wb: Workbook, ws: Worksheet, spec: SheetSpec, columns: tuple[ColumnAt, ...],
                   lang: str) -> None:
    """Turn a current-layout data sheet ``ws`` into the layout of ``columns``.

    Args:
        wb: the workbook (its defined names over Pipeline columns are rewritten).
        ws: a data sheet as written by ``build_workbook``.
        spec: the sheet.
        columns: the columns of the older version, in its order.
        lang: workbook language.
    """
    keep = {c.current for c in columns}
    current = [c.key for c in spec.columns]
    for index in sorted((i for i, key in enumerate(current, start=1) if key not in keep), reverse=True):
        ws.delete_cols(index)
    old_table = ws.tables[spec.table_name]
    _, _, _, last_row = range_boundaries(old_table.ref)
    del ws.tables[spec.table_name]
    layout = VersionLayout(spec, last_row - FIRST_DATA_ROW + 1, tuple(c.current for c in columns))
    key_column = spec.key_columns[0]
    for index, column in enumerate(columns, start=1):
        ws.cell(row=1, column=index, value=column.label(lang))
        letter = column_letter(index)
        ws.column_dimensions[letter].width = column.spec(spec.key).width + 2
        if column.spec(spec.key).computed:
            for row in range(FIRST_DATA_ROW, last_row + 1):
                refs = RowRefs(layout.letters, row)
                ws.cell(row=row, column=index).value = computed_formula(
                    spec.key, column.current, refs, key_column, lang)
    for index in range(len(columns) + 1, len(current) + 1):
        ws.column_dimensions.pop(column_letter(index), None)
    available = set(wb.defined_names)
    ws.data_validations.dataValidation = []
    for column in columns:
        if column.spec(spec.key).computed:
            continue
        dv = column_validation(column.spec(spec.key), spec.key, lang, available)
        dv.add(layout.column_range(column.current))
        ws.add_data_validation(dv)
    ws.conditional_formatting = ConditionalFormattingList()
    add_conditional_formats(ws, layout, lang)
    ws.add_table(_table(layout, columns, lang))
    if spec.key == "pipeline":
        for name, key in PIPELINE_RANGE_NAMES.items():
            wb.defined_names[name] = DefinedName(name, attr_text=layout.sum_range(key, ws.title))
