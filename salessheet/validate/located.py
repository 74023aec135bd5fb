"""SheetView: one read sheet plus what is needed to turn flagged rows into located issues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from salessheet.issues import Issue
from salessheet.parse import raw_text
from salessheet.schema import ColumnKind, SheetSpec, fold
from salessheet.validate.catalogue import column_issue
from salessheet.workbook import ROW_COLUMN, SheetRows

__all__ = ["SheetView", "display", "fold_value"]


def fold_value(value: Any) -> str | None:
    """``schema.fold`` of a cell value as text (quicker for ASCII); None for blanks.

    >>> fold_value("  D-1 "), fold_value(None)
    ('d-1', None)
    """
    if type(value) is not str:
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            return None
        value = str(value)
    return (" ".join(value.casefold().split()) if value.isascii() else fold(value)) or None


def display(value: Any) -> str:
    """A typed value as shown in a message (floats without noise, dates in ISO).

    >>> display(0.35), display(1200.0), display(None)
    ('0.35', '1200', '')
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return raw_text(value)


def _percent(value: Any) -> str:
    """A fraction as a percentage: 0.35 -> "35%"."""
    text = display(value)
    return f"{float(value) * 100:.10g}%" if text else text


@dataclass
class SheetView:
    """A sheet being validated."""

    rows: SheetRows
    spec: SheetSpec
    file: str
    lang: str

    @property
    def frame(self) -> pd.DataFrame:
        """The sheet's rows."""
        return self.rows.frame

    def has(self, key: str) -> bool:
        """True when column ``key`` was found."""
        return key in self.rows.frame.columns

    def _kind(self, key: str) -> ColumnKind | None:
        try:
            return self.spec.column(key).kind
        except KeyError:
            return None

    def label(self, key: str) -> str:
        """Column label in the workbook's language."""
        try:
            return self.spec.column(key).label(self.lang)
        except KeyError:
            return key

    def column_issues(self, check: str, key: str, mask: Any, *, raw_key: str | None = None,
                      **params: Any) -> list[Issue]:
        """One issue of ``check`` on column ``key`` for every row where ``mask`` is true.

        Args:
            check: catalogue check name ("required").
            key: column the issue is located on.
            mask: boolean array over the frame's rows.
            raw_key: column whose value is shown as the raw text (default ``key``).
            params: extra template fields; a list or array gives one value per row (shown with
                ``display``).
        """
        flags = np.asarray(mask, dtype=bool)
        if not flags.any():
            return []
        kind = column_issue(self.spec.key, key, check)
        positions = np.flatnonzero(flags)
        numbers = self.frame[ROW_COLUMN].to_numpy()
        values = self.frame[raw_key or key].to_numpy() if self.has(raw_key or key) else None
        show = _percent if self._kind(raw_key or key) is ColumnKind.PERCENT else display
        label = self.label(key)
        issues = []
        for position in positions:
            row = int(numbers[position])
            extra = {k: (display(v[position]) if isinstance(v, list | np.ndarray) else v)
                     for k, v in params.items()}
            issues.append(kind(file=self.file, sheet=self.rows.sheet_name, cell=self.rows.cell(key, row),
                               row=row, column=key, column_label=label,
                               raw=show(values[position]) if values is not None else "", **extra))
        return issues

    def rows_where(self, mask: Iterable[bool]) -> list[int]:
        """Original row numbers where ``mask`` is true."""
        flags = np.asarray(list(mask), dtype=bool)
        return [int(n) for n in self.frame[ROW_COLUMN].to_numpy()[flags]]
