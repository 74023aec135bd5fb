"""What an export starts from: the rows of a master workbook or of a team folder of rep workbooks."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from salessheet.errors import UnreadableFileError
from salessheet.io.paths import expand_workbooks
from salessheet.issues import IssueType, Report, Severity
from salessheet.schema import SHEETS, ColumnKind, ColumnSpec, SheetSpec, WorkbookConfig
from salessheet.workbook import WorkbookData

__all__ = ["DUPLICATE_ROW", "TeamData", "load_team_data", "python_value", "team_from_workbooks"]

DUPLICATE_ROW = IssueType(
    "export.row.duplicate", Severity.WARNING,
    '{sheet}: key "{raw}" also in an earlier file; this copy is not exported',
    "{sheet}：键“{raw}”已在之前的文件中出现；此行未导出",
)


@dataclass
class TeamData:
    """The team's rows, ready to export.

    Attributes:
        config: team settings (stages, currency) from the first workbook.
        rows: sheet key -> row dicts of input columns with Python values (None when blank).
        report: problems found while reading, and rows not exported.
        files: the workbooks read.
    """

    config: WorkbookConfig
    rows: dict[str, list[dict[str, Any]]]
    report: Report = field(default_factory=Report)
    files: list[str] = field(default_factory=list)


def python_value(value: Any, spec: ColumnSpec) -> Any:
    """A frame cell as a plain Python value of the column's kind; None for blanks and NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, dt.date):
        value = value.item()
    if isinstance(value, pd.Timestamp | dt.datetime):
        value = value.date()
    if spec.kind is ColumnKind.INTEGER and isinstance(value, float) and value.is_integer():
        return int(value)
    if spec.kind in (ColumnKind.NUMBER, ColumnKind.MONEY, ColumnKind.PERCENT) and isinstance(value, int):
        return float(value)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _frame_rows(frame: pd.DataFrame, spec: SheetSpec) -> list[dict[str, Any]]:
    columns = [c for c in spec.input_columns if c.key in frame.columns]
    values = {c.key: frame[c.key].tolist() for c in columns}
    return [{c.key: python_value(values[c.key][i], c) for c in columns} for i in range(len(frame))]


def _key(spec: SheetSpec, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row.get(k) for k in spec.key_columns)


def team_from_workbooks(books: Iterable[WorkbookData]) -> TeamData:
    """Merge workbooks' rows: the first file wins a key, later copies are reported, not exported."""
    data: TeamData | None = None
    seen: dict[str, set[tuple[Any, ...]]] = {s.key: set() for s in SHEETS}
    for book in books:
        if data is None:
            data = TeamData(config=book.config, rows={s.key: [] for s in SHEETS})
        data.files.append(book.path)
        data.report.extend(book.report)
        for spec in SHEETS:
            rows = book.sheets.get(spec.key)
            if rows is None:
                continue
            for row in _frame_rows(rows.frame, spec):
                key = _key(spec, row)
                if key in seen[spec.key]:
                    if spec.key != "roster":  # every rep workbook carries the team's roster
                        data.report.add(DUPLICATE_ROW(file=book.path, sheet=rows.sheet_name or spec.key,
                                                      raw="|".join(str(k) for k in key)))
                    continue
                seen[spec.key].add(key)
                data.rows[spec.key].append(row)
    if data is None:
        raise UnreadableFileError("no workbook to export", "没有可导出的工作簿")
    return data


def load_team_data(path: Path) -> TeamData:
    """Read a master workbook or every workbook of a team folder with ``salessheet.io.read_workbook``.

    Raises:
        UnreadableFileError: a workbook cannot be read, or the folder has none.
    """
    from salessheet.io import read_workbook

    return team_from_workbooks(read_workbook(p) for p in expand_workbooks([path]))
