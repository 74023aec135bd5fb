"""A1 ranges as the Sheets API accepts them ("'My tab'!A1:C", "Sheet1", "B:B", "2:2"), parsed and printed."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["A1Range", "col_letters", "parse_range", "quote_title"]

_CELL = re.compile(r"^\$?([A-Za-z]*)\$?(\d*)$")


def col_letters(index: int) -> str:
    """0 -> "A", 26 -> "AA"."""
    index += 1
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _col_index(letters: str) -> int:
    value = 0
    for char in letters.upper():
        value = value * 26 + ord(char) - 64
    return value - 1


def quote_title(title: str) -> str:
    """Sheet title as Google prints it in ranges: bare when plain, else single-quoted."""
    if re.fullmatch(r"[A-Za-z0-9_]+", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


@dataclass
class A1Range:
    """A parsed range; None bounds are open (whole column/row/sheet). Indexes are 0-based, ends exclusive."""

    title: str | None
    start_row: int | None
    end_row: int | None
    start_col: int | None
    end_col: int | None

    def clip(self, rows: int, cols: int) -> tuple[int, int, int, int]:
        """(start_row, end_row, start_col, end_col) with open bounds closed by the grid size."""
        return (
            self.start_row or 0,
            rows if self.end_row is None else self.end_row,
            self.start_col or 0,
            cols if self.end_col is None else self.end_col,
        )


def format_range(title: str, r0: int, r1: int, c0: int, c1: int) -> str:
    """ "Sheet1!A1:D4"; a single cell prints as "Sheet1!A1"."""
    start = f"{col_letters(c0)}{r0 + 1}"
    end = f"{col_letters(c1 - 1)}{r1}"
    cells = start if (r1 - r0 == 1 and c1 - c0 == 1) else f"{start}:{end}"
    return f"{quote_title(title)}!{cells}"


def _split_title(text: str) -> tuple[str | None, str]:
    if text.startswith("'"):
        i, title = 1, ""
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    title, i = title + "'", i + 2
                    continue
                rest = text[i + 1 :]
                return title, rest[1:] if rest.startswith("!") else rest
            title, i = title + text[i], i + 1
        raise ValueError(text)
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells
    return None, text


def parse_range(text: str, titles: list[str]) -> A1Range:
    """Parse ``text``; a bare name matching a sheet title means the whole sheet.

    Raises:
        ValueError: the text is not a range.
    """
    title, cells = _split_title(text.strip())
    if title is None and cells in titles:
        return A1Range(cells, None, None, None, None)
    if not cells:
        return A1Range(title, None, None, None, None)
    first, _, second = cells.partition(":")
    m1 = _CELL.match(first)
    m2 = _CELL.match(second) if second else m1
    if not m1 or not m2 or not (m1.group(1) or m1.group(2)):
        raise ValueError(text)
    c0 = _col_index(m1.group(1)) if m1.group(1) else None
    r0 = int(m1.group(2)) - 1 if m1.group(2) else None
    c1 = _col_index(m2.group(1)) + 1 if m2.group(1) else None
    r1 = int(m2.group(2)) if m2.group(2) else None
    if not second:
        c1 = c0 + 1 if c0 is not None else None
        r1 = r0 + 1 if r0 is not None else None
    if c0 is None and second and m2.group(1):
        c0 = 0
    return A1Range(title, r0, r1, c0, c1)
