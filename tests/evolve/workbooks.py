"""Workbooks of older template versions made from the history, and their cells read back by header."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from salessheet.evolve.history import build_workbook_at
from salessheet.evolve.raw_numbers import restore_typed_numbers
from salessheet.evolve.states import old_value, state_at
from salessheet.schema import SHEETS, WorkbookConfig, sheet
from salessheet.templates import save_workbook
from tests.templates.samples import ROSTER, sample_rows


def rows_at(version: int, today: dt.date) -> dict[str, list[dict[str, Any]]]:
    """The template samples as a rep would have typed them at ``version`` (old keys and stages)."""
    state = state_at(version)
    out: dict[str, list[dict[str, Any]]] = {}
    for key, rows in sample_rows(today).items():
        columns = {c.current: c.key for c in state.columns[key]}
        converted = []
        for row in rows:
            item = {}
            for column, value in row.items():
                if column not in columns:
                    continue
                mapping = state.values.get((key, column), {})
                item[columns[column]] = old_value(mapping, value) if isinstance(value, str) else value
            converted.append(item)
        out[key] = converted
    return out


def write_version(folder: Path, version: int, lang: str, today: dt.date, *, name: str | None = None,
                  config: WorkbookConfig | None = None, prefilled_rows: int = 5) -> Path:
    """Save a sample rep workbook of ``version`` in ``folder``."""
    wb = build_workbook_at(version, lang, config=config, roster=ROSTER, owner="alice",
                           rows=rows_at(version, today), prefilled_rows=prefilled_rows)
    return save_workbook(wb, folder / (name or f"v{version}-{lang}.xlsx"))


def typed_cells(path: Path, version: int | None, lang: str) -> dict[str, dict[tuple[int, str], Any]]:
    """Sheet key -> {(row, current column key or extra header): value} of every non-blank input cell.

    Headers are mapped with the labels of ``version`` (None: the current labels).
    """
    wb = openpyxl.load_workbook(path)
    restore_typed_numbers(wb, path)  # numbers outside the calendar in date cells, as stored
    out: dict[str, dict[tuple[int, str], Any]] = {}
    for spec in SHEETS:
        columns = state_at(version).columns[spec.key] if version else None
        labels = ({c.label(lang): c.current for c in columns} if columns
                  else {c.label(lang): c.key for c in spec.columns})
        ws = wb[spec.name(lang)]
        header = [c.value for c in ws[1]]
        cells: dict[tuple[int, str], Any] = {}
        for row in ws.iter_rows(min_row=2):
            for cell, title in zip(row, header, strict=False):
                key = labels.get(str(title), str(title))
                computed = key in labels.values() and sheet(spec.key).column(key).computed
                if cell.value in (None, "") or computed:
                    continue
                cells[(cell.row, key)] = cell.value
        out[spec.key] = cells
    return out
