"""A1 cell addresses <-> (row, column) numbers; pure, 1-based like Excel."""

from __future__ import annotations

import re

__all__ = ["a1", "a1_to_rowcol", "column_index", "column_letter", "quote_sheet", "ref"]

_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def column_letter(index: int) -> str:
    """1 -> "A", 27 -> "AA".

    >>> column_letter(28)
    'AB'
    """
    if index < 1:
        raise ValueError(f"column index must be >= 1, got {index}")
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """"A" -> 1, "AB" -> 28.

    >>> column_index("ab")
    28
    """
    value = 0
    for char in letters.upper():
        if not "A" <= char <= "Z":
            raise ValueError(f"not a column: {letters!r}")
        value = value * 26 + ord(char) - 64
    return value


def a1(row: int, col: int) -> str:
    """(12, 5) -> "E12".

    >>> a1(12, 5)
    'E12'
    """
    return f"{column_letter(col)}{row}"


def a1_to_rowcol(address: str) -> tuple[int, int]:
    """"E12" -> (12, 5); accepts "$E$12".

    >>> a1_to_rowcol("$E$12")
    (12, 5)
    """
    match = _A1.match(address.strip())
    if not match:
        raise ValueError(f"not an A1 address: {address!r}")
    return int(match.group(2)), column_index(match.group(1))


def quote_sheet(name: str) -> str:
    """Sheet name as written in a formula: quoted when it needs to be.

    >>> quote_sheet("Pipeline"), quote_sheet("My Deals"), quote_sheet("商机")
    ('Pipeline', "'My Deals'", "'商机'")
    """
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def ref(sheet: str, address: str) -> str:
    """Sheet-qualified reference as shown to users: ``Pipeline!E12``."""
    return f"{sheet}!{address}"
