"""WorkbookData: what a reader returns: typed rows per sheet, settings, provenance, issues.

This is the contract between the readers (``salessheet.io``) and everything downstream
(validation, computations, sync). It holds plain data only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from salessheet.issues import Report
from salessheet.schema import WorkbookConfig

__all__ = ["ROW_COLUMN", "SheetRows", "WorkbookData", "with_columns"]

ROW_COLUMN = "_row"
"""Frame column holding each row's 1-based row number in the original sheet."""


@dataclass
class SheetRows:
    """The rows of one data sheet.

    Attributes:
        key: sheet key from the registry ("pipeline").
        sheet_name: the tab name as found in the file; None when the sheet is missing.
        frame: one row per non-blank row. Known columns under their canonical key, with
            typed values (float for numbers, money and percentages; "Int64" for integers;
            bool for booleans; ``datetime.date`` objects for dates; str for text; choice
            columns hold the canonical choice key, e.g. stage "won"). Cells that could not
            be parsed are None/NaN there (and reported). Extra columns the rep added are
            kept under their header text. ``_row`` holds the original row number.
        header_row: 1-based row of the header in the original sheet.
        column_letters: column key (or extra header) -> column letter in the original sheet.
        extra_columns: headers of columns not in the registry, in sheet order.
    """

    key: str
    sheet_name: str | None
    frame: pd.DataFrame
    header_row: int | None = None
    column_letters: dict[str, str] = field(default_factory=dict)
    extra_columns: list[str] = field(default_factory=list)

    def cell(self, column: str, row: int) -> str | None:
        """A1 address of ``column`` in original row ``row``, when the column was found."""
        letter = self.column_letters.get(column)
        return f"{letter}{row}" if letter else None


@dataclass
class WorkbookData:
    """A whole rep workbook (or master) as read.

    Attributes:
        path: the file (or Google Sheet key) it was read from.
        lang: "en" or "zh", from the workbook's stamp or its sheet names.
        template_version / schema_hash: as stamped in the workbook; None when absent.
        owner: rep id the workbook belongs to, when stamped.
        config: the workbook's Config settings (defaults where absent).
        sheets: sheet key -> SheetRows for targets, pipeline, tasks, risks and roster.
        report: every issue found while reading and validating.
    """

    path: str
    lang: str
    template_version: int | None
    schema_hash: str | None
    owner: str | None
    config: WorkbookConfig
    sheets: dict[str, SheetRows]
    report: Report = field(default_factory=Report)

    def frame(self, key: str) -> pd.DataFrame:
        """Rows of sheet ``key``; an empty frame when the sheet is absent."""
        rows = self.sheets.get(key)
        return rows.frame if rows is not None else pd.DataFrame()


def with_columns(frame: pd.DataFrame, keys: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """``frame`` with every column in ``keys`` present (missing ones all None)."""
    missing = [k for k in keys if k not in frame.columns]
    if not missing:
        return frame
    extra = pd.DataFrame(
        {k: pd.Series([None] * len(frame), index=frame.index, dtype=object) for k in missing}
    )
    return pd.concat([frame, extra], axis=1)
