"""Reading: raw sheet cells from any adapter -> WorkbookData (header detection, typing, read issues)."""

from salessheet.read.headers import find_header_row, header_lookup, map_header, match_header
from salessheet.read.raw import RawSheet, SheetSource
from salessheet.read.workbook import find_sheet, read_source

__all__ = [
    "RawSheet",
    "SheetSource",
    "find_header_row",
    "find_sheet",
    "header_lookup",
    "map_header",
    "match_header",
    "read_source",
]
