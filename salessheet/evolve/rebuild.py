"""Rebuild a scanned workbook from the current template, carrying every value the rep typed.

Template columns are carried by their (renamed) key with declared value renames applied; rows
keep their position (blank rows included) and rows typed below the table join it. Extra
columns follow the template columns inside the table; extra sheets are copied value by value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from salessheet.address import column_letter
from salessheet.evolve.checks import migrated_config, renamed, roster_ids, value_renames
from salessheet.evolve.scan import SheetScan, WorkbookScan
from salessheet.schema import SHEETS, ColumnKind, SheetSpec, WorkbookConfig, fold
from salessheet.templates import build_workbook
from salessheet.templates.lists import dropdown_lists, owner_list
from salessheet.templates.styles import HEADER_ALIGNMENT, HEADER_FONT, INPUT_HEADER_FILL, UNLOCKED

__all__ = ["DEFAULT_ROWS", "SPARE_ROWS", "CarriedSheet", "carry_sheet", "rebuild"]

DEFAULT_ROWS = 200
"""Table rows of a sheet that was missing (as in a new template)."""

SPARE_ROWS = 50
"""Empty rows added below rows that were typed beyond the table."""


@dataclass
class CarriedSheet:
    """What one sheet contributes to the rebuilt workbook.

    Attributes:
        rows: one dict per sheet row below the header (blank rows as ``{}``), table size included.
        extras: extra column header -> its values, one per row of ``rows``.
        extra_formats / extra_widths: number format of each extra column's cells and its width.
        date_formats: (row index, column key) -> number format of dates typed in a column that is
            not a date column (the template format would show them as serial numbers).
    """

    rows: list[dict[str, Any]]
    extras: dict[str, list[Any]]
    extra_formats: dict[str, list[str]]
    extra_widths: dict[str, float | None]
    date_formats: dict[tuple[int, str], str]


def _choice_labels(spec: SheetSpec, config: WorkbookConfig, lang: str,
                   owners: list[str]) -> dict[str, dict[str, str]]:
    lists = dropdown_lists(config, lang, owners)
    out: dict[str, dict[str, str]] = {}
    for column in spec.input_columns:
        if column.kind is ColumnKind.CHOICE and column.choices:
            source = owner_list(spec.key) if column.choices == "owners" else column.choices
            out[column.key] = dict(lists.get(source, []))
    return out


def carry_sheet(scan: WorkbookScan, sheet: SheetScan, config: WorkbookConfig,
                owners: list[str]) -> CarriedSheet:
    """Values of ``sheet`` keyed for ``build_workbook``, with renamed values migrated."""
    spec = sheet.spec
    labels = _choice_labels(spec, config, scan.lang, owners)
    renames = {c.key: value_renames(spec.key, c.key, scan.version) for c in spec.input_columns}
    inputs = [c.key for c in spec.input_columns if c.key in sheet.known]
    last = sheet.last_used_row
    size = sheet.table_last_row - sheet.header_row
    if sheet.table is None or last > sheet.table_last_row:
        size = max(size, last - sheet.header_row + SPARE_ROWS)
    rows: list[dict[str, Any]] = []
    extras: dict[str, list[Any]] = {name: [] for name in sheet.extras}
    formats: dict[str, list[str]] = {name: [] for name in sheet.extras}
    date_formats: dict[tuple[int, str], str] = {}
    for number in range(sheet.header_row + 1, sheet.header_row + 1 + size):
        row: dict[str, Any] = {}
        if number <= last:
            for key in inputs:
                value = sheet.value(number, key)
                if value is None or value == "":
                    continue
                if isinstance(value, dt.date | dt.time) and spec.column(key).kind is not ColumnKind.DATE:
                    source = sheet.ws.cell(row=number, column=sheet.known[key])
                    date_formats[(len(rows), key)] = source.number_format
                new = renamed(value, renames[key]) if isinstance(value, str) else None
                if new is not None:
                    value = labels.get(key, {}).get(new, new)
                row[key] = value
        rows.append(row)
        for name, col in sheet.extras.items():
            cell = sheet.ws.cell(row=number, column=col)
            extras[name].append(cell.value if number <= last else None)
            formats[name].append(cell.number_format)
    dims = sheet.ws.column_dimensions
    widths = {name: dims[column_letter(col)].width for name, col in sheet.extras.items()}
    return CarriedSheet(rows, extras, formats, widths, date_formats)


def _unique_header(name: str, taken: set[str]) -> str:
    header, n = name, 2
    while fold(header) in taken:
        header, n = f"{name} ({n})", n + 1
    taken.add(fold(header))
    return header


def _keep_date_formats(ws: Worksheet, spec: SheetSpec, carried: CarriedSheet) -> None:
    columns = {c.key: index for index, c in enumerate(spec.columns, start=1)}
    for (index, key), number_format in carried.date_formats.items():
        ws.cell(row=2 + index, column=columns[key]).number_format = number_format


def _add_extras(ws: Worksheet, spec: SheetSpec, carried: CarriedSheet) -> None:
    table = ws.tables[spec.table_name]
    min_col, min_row, max_col, max_row = (v or 1 for v in range_boundaries(table.ref))
    taken = {fold(str(c.name)) for c in table.tableColumns}
    for offset, (name, values) in enumerate(carried.extras.items(), start=1):
        col = max_col + offset
        header = ws.cell(row=1, column=col, value=_unique_header(name, taken))
        header.font, header.fill, header.alignment = HEADER_FONT, INPUT_HEADER_FILL, HEADER_ALIGNMENT
        for index, value in enumerate(values):
            cell = ws.cell(row=2 + index, column=col, value=value)
            cell.number_format = carried.extra_formats[name][index]
            cell.protection = UNLOCKED
        width = carried.extra_widths[name]
        if width:
            ws.column_dimensions[column_letter(col)].width = width
        table.tableColumns.append(TableColumn(id=len(table.tableColumns) + 1, name=str(header.value)))
    if carried.extras:
        ref = f"{column_letter(min_col)}{min_row}:{column_letter(max_col + len(carried.extras))}{max_row}"
        table.ref = ref
        table.autoFilter.ref = ref


def _copy_sheet(source: Worksheet, target: Worksheet) -> None:
    for row in source.iter_rows():
        for cell in row:
            if cell.value is not None:
                copy = target.cell(row=cell.row, column=cell.column, value=cell.value)
                copy.number_format = cell.number_format
    for letter, dim in source.column_dimensions.items():
        if dim.width:
            target.column_dimensions[letter].width = dim.width


def rebuild(scan: WorkbookScan) -> Workbook:
    """The workbook rebuilt from the current template with every rep value carried across."""
    config = migrated_config(scan)
    roster = scan.sheets.get("roster")
    owners: list[str] = []
    if roster is not None:
        owners = roster_ids(roster)
    carried: dict[str, CarriedSheet] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    for spec in SHEETS:
        sheet = scan.sheets.get(spec.key)
        if sheet is None:
            rows[spec.key] = [{} for _ in range(DEFAULT_ROWS if spec.key != "roster" else SPARE_ROWS)]
            continue
        carried[spec.key] = carry_sheet(scan, sheet, config, owners)
        rows[spec.key] = carried[spec.key].rows or [{}]
    wb = build_workbook("master" if scan.kind == "master" else "rep", scan.lang, config=config,
                        owner=scan.owner, rows=rows, prefilled_rows=0)
    for key, sheet_carried in carried.items():
        spec = next(s for s in SHEETS if s.key == key)
        _keep_date_formats(wb[spec.name(scan.lang)], spec, sheet_carried)
        _add_extras(wb[spec.name(scan.lang)], spec, sheet_carried)
    for name in scan.extra_sheets:
        _copy_sheet(scan.wb[name], wb.create_sheet(name))
    return wb
