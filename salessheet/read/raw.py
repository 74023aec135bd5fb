"""RawSheet: one worksheet's cell values and cell facts as an adapter hands them to the reader."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["RawSheet", "SheetSource"]


@dataclass
class RawSheet:
    """Cell values of one worksheet, anchored at A1, plus what values alone do not show.

    Attributes:
        name: tab name as found.
        rows: row-major cell values from A1 (row 1 first); empty cells are "" or None.
        merged: merged ranges as (first_row, first_col, last_row, last_col), 1-based inclusive.
        hidden_rows: 1-based numbers of hidden rows.
        errors: (row, col) 1-based -> formula error text such as "#REF!".
    """

    name: str
    rows: Sequence[Sequence[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: frozenset[int] = frozenset()
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


class SheetSource(Protocol):
    """What the reader needs from a workbook file (xlsx today, Google Sheets later)."""

    path: str

    @property
    def sheet_names(self) -> list[str]:
        """Tab names in workbook order."""
        ...

    @property
    def properties(self) -> dict[str, str]:
        """Custom document properties (name -> text)."""
        ...

    def sheet(self, name: str) -> RawSheet:
        """The cells of sheet ``name``."""
        ...
