"""An xlwings Book as the reader's SheetSource, and small helpers to find, read and write sheets.

Works with every xlwings engine: the remote engine of xlwings Server and xlwings Lite
(the book arrives as JSON and writes go back as actions) and desktop Excel.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import xlwings as xw

from salessheet.read.raw import RawSheet
from salessheet.read.workbook import find_sheet

__all__ = ["BookSource", "find", "rows_of", "sheet_or_new", "write_table"]


def rows_of(sheet: xw.Sheet) -> list[list[Any]]:
    """The sheet's values from A1 to the last used cell, as a list of rows (dates as datetimes)."""
    last = sheet.used_range.last_cell
    if last.row == 1 and last.column == 1 and sheet["A1"].value is None:
        return []
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return [list(row) for row in values or []]


class BookSource:
    """``salessheet.read.SheetSource`` over an open xlwings Book."""

    def __init__(self, book: xw.Book) -> None:
        self.book = book
        self.path = str(book.name)

    @property
    def sheet_names(self) -> list[str]:
        """Tab names in workbook order."""
        return [s.name for s in self.book.sheets]

    @property
    def properties(self) -> dict[str, str]:
        """Custom document properties: not sent by Office.js, so none (the Config sheet stamps suffice)."""
        return {}

    def sheet(self, name: str) -> RawSheet:
        """The cell values of sheet ``name``."""
        return RawSheet(name=name, rows=rows_of(self.book.sheets[name]))


def find(book: xw.Book, names: Iterable[str]) -> xw.Sheet | None:
    """The sheet whose tab matches one of ``names`` (case, spaces and width folded); None if absent."""
    found = find_sheet([s.name for s in book.sheets], names)
    return book.sheets[found] if found is not None else None


def sheet_or_new(book: xw.Book, name: str) -> xw.Sheet:
    """The sheet called ``name`` with its contents cleared, or a new sheet with that name at the end."""
    existing = find(book, [name])
    if existing is not None:
        existing.clear_contents()
        return existing
    return book.sheets.add(name=name, after=book.sheets[len(book.sheets) - 1])


def write_table(sheet: xw.Sheet, header: list[str], rows: list[list[Any]]) -> None:
    """Write a header row and rows at A1 (one write)."""
    sheet["A1"].value = [header, *rows]
