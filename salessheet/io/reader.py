"""read_workbook: the public entry point for reading a rep workbook or master from disk."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from salessheet.io.safety import Limits
from salessheet.io.xlsx_reader import XlsxSource
from salessheet.read import read_source
from salessheet.schema import WorkbookConfig
from salessheet.workbook import ROW_COLUMN, SheetRows, WorkbookData

__all__ = ["read_workbook"]


def _roster_rows(roster: Iterable[str] | pd.DataFrame, existing: SheetRows | None) -> SheetRows:
    ids = list(roster["rep_id"]) if isinstance(roster, pd.DataFrame) else list(roster)
    frame = pd.DataFrame({"rep_id": pd.Series(ids, dtype=object),
                          ROW_COLUMN: pd.Series([0] * len(ids), dtype="int64")})
    return SheetRows("roster", existing.sheet_name if existing else None, frame)


def read_workbook(
    path: str | Path,
    *,
    config_override: WorkbookConfig | None = None,
    roster: Iterable[str] | pd.DataFrame | None = None,
    limits: Limits | None = None,
) -> WorkbookData:
    """Read an .xlsx/.xlsm workbook; problems in its data are issues in ``WorkbookData.report``.

    Args:
        path: the workbook file.
        config_override: settings to use instead of the workbook's Config sheet (team settings).
        roster: the team's rep ids (or a Roster frame); replaces the workbook's own Roster
            for owner checks.
        limits: size limits against hostile files.

    Raises:
        UnreadableFileError: not a readable workbook (not found, encrypted, damaged, too big,
            wrong format, no salessheet sheets).
    """
    source = XlsxSource(path, limits)
    try:
        data = read_source(source, config_override=config_override)
    finally:
        source.close()
    if roster is not None:
        data.sheets["roster"] = _roster_rows(roster, data.sheets.get("roster"))
    return data
