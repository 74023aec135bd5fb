"""One raw worksheet -> SheetRows: header, blank rows, merged and error cells, typed columns (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from salessheet.address import a1, column_letter
from salessheet.issues import Issue
from salessheet.parse import raw_text
from salessheet.read.cells import CHECK_BY_KIND, convert_column
from salessheet.read.headers import HeaderMap, find_header_row, header_lookup, map_header
from salessheet.read.raw import RawSheet
from salessheet.schema import (
    TEMPLATE_VERSION,
    ColumnKind,
    SheetSpec,
    WorkbookConfig,
    fold,
    label_to_key,
    renamed_values,
)
from salessheet.validate.catalogue import column_issue, sheet_issue
from salessheet.workbook import ROW_COLUMN, SheetRows

__all__ = ["SheetContext", "build_sheet_rows"]


@dataclass(frozen=True)
class SheetContext:
    """What converting a sheet needs besides its cells."""

    file: str
    config: WorkbookConfig
    version: int | None
    lang: str


def _padded(row: Sequence[Any], width: int) -> Sequence[Any]:
    return row if len(row) >= width else [*row, *([None] * (width - len(row)))]


_EMPTY = frozenset({"", None})


def _kept_rows(rows: Sequence[Sequence[Any]], start: int, checked: list[int],
               error_rows: set[int]) -> list[int]:
    """0-based indexes of rows with a value in an input column (or a formula error there)."""
    if not checked:
        return []
    last = max(checked)
    getter = itemgetter(*checked)
    kept = []
    for index in range(start, len(rows)):
        row = rows[index]
        if len(row) <= last:
            row = _padded(row, last + 1)
        values = getter(row)
        if not isinstance(values, tuple):
            values = (values,)
        if _EMPTY.issuperset(values) and index not in error_rows:
            continue
        if index in error_rows:
            kept.append(index)
            continue
        for value in values:  # whitespace-only text does not make a row
            if value is not None and value != "" and (type(value) is not str or value.strip()):
                kept.append(index)
                break
    return kept


def _fill_merged(raw: RawSheet, rows: list[list[Any]], first_data: int) -> list[tuple[int, int, Any]]:
    """Copy each merged range's top-left value over the range; return (row, col, value) of the anchors."""
    anchors = []
    for top, left, bottom, right in raw.merged:
        if bottom <= first_data:
            continue  # a title above the table
        value = rows[top - 1][left - 1] if top - 1 < len(rows) and left - 1 < len(rows[top - 1]) else None
        for r in range(top - 1, min(bottom, len(rows))):
            row = rows[r]
            for c in range(left - 1, min(right, len(row))):
                row[c] = value
        anchors.append((top, left, value))
    return anchors


def _frame_column(values: list[Any], kind: ColumnKind) -> Any:
    if kind in (ColumnKind.NUMBER, ColumnKind.MONEY, ColumnKind.PERCENT):
        return np.array([np.nan if v is None else v for v in values], dtype=float)
    if kind is ColumnKind.INTEGER:
        return pd.array(values, dtype="Int64")
    if kind is ColumnKind.BOOLEAN:
        return pd.array(values, dtype="boolean")
    return pd.Series(values, dtype=object)


def _choice_maps(spec: SheetSpec, key: str, ctx: SheetContext) -> tuple[dict[str, str] | None,
                                                                        dict[str, str]]:
    column = spec.column(key)
    if column.kind is not ColumnKind.CHOICE or column.choices in (None, "owners"):
        return None, {}
    lookup = label_to_key(column.choices, ctx.config)
    renames = {}
    if ctx.version is None or ctx.version < TEMPLATE_VERSION:
        renames = {fold(old): new for old, new in renamed_values(spec.key, key, ctx.version or 1).items()}
    return lookup, renames


def build_sheet_rows(raw: RawSheet, spec: SheetSpec, ctx: SheetContext) -> tuple[SheetRows, list[Issue]]:
    """Convert one worksheet into SheetRows plus the issues found while reading it."""
    issues: list[Issue] = []
    where = {"file": ctx.file, "sheet": raw.name}
    lookup = header_lookup(spec)
    header = find_header_row(raw.rows, lookup)
    if header is None:
        issues.append(sheet_issue(spec.key, "header.not_found")(**where, sheet_label=raw.name))
        return SheetRows(spec.key, raw.name, pd.DataFrame({ROW_COLUMN: pd.Series([], dtype=int)})), issues
    reserved = {c.key for c in spec.columns} | {ROW_COLUMN}
    hmap: HeaderMap = map_header(raw.rows[header], lookup, reserved)
    for key in hmap.duplicates:
        issues.append(sheet_issue(spec.key, "column.duplicate_header")(**where, row=header + 1,
                                                                      label=hmap.labels[key]))
    for column in spec.columns:
        if column.required and column.key not in hmap.known:
            issues.append(column_issue(spec.key, column.key, "missing_column")(
                **where, row=header + 1, column=column.key, column_label=column.label(ctx.lang)))
    rows: Sequence[Sequence[Any]] = raw.rows
    anchors: list[tuple[int, int, Any]] = []
    if raw.merged:  # copy only when merged cells must be filled in
        copied = [list(r) for r in raw.rows]
        anchors = _fill_merged(raw, copied, header + 1)
        rows = copied
    # Only input columns decide whether a row is blank: a rep's own formula column may show 0 or ""
    # on every prefilled row.
    checked = [i for k, i in hmap.known.items() if not spec.column(k).computed]
    kept = _kept_rows(rows, header + 1, checked, {r - 1 for r, c in raw.errors if c - 1 in set(checked)})
    numbers = [i + 1 for i in kept]
    width = max((len(rows[i]) for i in kept), default=0)
    table = list(zip(*(_padded(rows[i], width) for i in kept), strict=True)) if kept else []
    data: dict[str, Any] = {ROW_COLUMN: np.array(numbers, dtype=np.int64)}
    for key, col in hmap.known.items():
        column = spec.column(key)
        values = table[col] if col < len(table) else (None,) * len(kept)
        choices, renames = _choice_maps(spec, key, ctx)
        typed, bad = convert_column(values, column.kind, date_order=ctx.config.date_order,
                                    choices=choices, renames=renames)
        if not column.computed:
            for position in bad:
                issues.append(column_issue(spec.key, key, CHECK_BY_KIND[column.kind])(
                    **where, cell=a1(numbers[position], col + 1), row=numbers[position], column=key,
                    column_label=hmap.labels[key], raw=raw_text(values[position])))
        data[key] = _frame_column(typed, column.kind)
    _headerless_extras(hmap, table)
    for name, col in hmap.extras.items():  # kept as typed; empty cells are None
        cells = table[col] if col < len(table) else (None,) * len(kept)
        data[name] = pd.Series([None if v == "" else v for v in cells], dtype=object)
    issues += _cell_facts(raw, spec, hmap, set(numbers), anchors, where)
    letters = {name: column_letter(col + 1) for name, col in {**hmap.known, **hmap.extras}.items()}
    frame = pd.DataFrame(data)
    return SheetRows(spec.key, raw.name, frame, header + 1, letters, list(hmap.extras)), issues


def _headerless_extras(hmap: HeaderMap, table: list[tuple[Any, ...]]) -> None:
    """Columns with data but no header are kept too, named by their letter: "(AD)"."""
    used = set(hmap.known.values()) | set(hmap.extras.values())
    for col, values in enumerate(table):
        if col not in used and not _EMPTY.issuperset(values):
            name = f"({column_letter(col + 1)})"
            hmap.extras[name] = col
            hmap.labels[name] = ""


def _cell_facts(raw: RawSheet, spec: SheetSpec, hmap: HeaderMap, kept: set[int],
                anchors: list[tuple[int, int, Any]], where: dict[str, Any]) -> list[Issue]:
    """Issues for formula errors, merged cells and hidden rows among the kept rows."""
    issues: list[Issue] = []
    by_index = {i: k for k, i in hmap.known.items()}
    for (row, col), text in sorted(raw.errors.items()):
        key = by_index.get(col - 1)
        if row in kept and key is not None:
            issues.append(column_issue(spec.key, key, "formula_error")(
                **where, cell=a1(row, col), row=row, column=key, column_label=hmap.labels[key], raw=text))
    for row, col, value in anchors:
        key = by_index.get(col - 1)
        if key is not None:
            issues.append(column_issue(spec.key, key, "merged")(
                **where, cell=a1(row, col), row=row, column=key, column_label=hmap.labels[key],
                raw=raw_text(value)))
    for row in sorted(raw.hidden_rows & kept):
        issues.append(sheet_issue(spec.key, "row.hidden")(**where, row=row))
    return issues
