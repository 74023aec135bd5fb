"""Numbers openpyxl cannot show as dates: put back the number a rep typed into a date cell.

openpyxl turns a date-formatted cell whose number is outside the calendar (say -912176)
into the error ``#VALUE!``; rebuilding a workbook from that would lose what the rep typed.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.reader.workbook import WorkbookParser

__all__ = ["restore_typed_numbers"]

_CELL = r'<c r="{ref}"(?P<attrs>[^>]*)>(?:<f[^>]*>.*?</f>|<f[^>]*/>)?<v>(?P<value>[^<]*)</v>'


def _bad_cells(wb: Workbook) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for ws in wb.worksheets:
        refs = [c.coordinate for row in ws.iter_rows() for c in row
                if c.data_type == "e" and c.value == "#VALUE!"]
        if refs:
            found[ws.title] = refs
    return found


def restore_typed_numbers(wb: Workbook, path: Path) -> int:
    """Replace ``#VALUE!`` cells that hold a plain number in the file by that number.

    Returns:
        How many cells were restored (0 in the usual case, without opening the file again).
    """
    bad = _bad_cells(wb)
    if not bad:
        return 0
    restored = 0
    with zipfile.ZipFile(path) as archive:
        parser = WorkbookParser(archive, "xl/workbook.xml")
        parser.parse()
        targets = {sheet.name: rel.target for sheet, rel in parser.find_sheets()}
        for title, refs in bad.items():
            target = targets.get(title)
            if target is None:
                continue
            xml = archive.read(target.lstrip("/")).decode("utf-8")
            for ref in refs:
                match = re.search(_CELL.format(ref=ref), xml, flags=re.S)
                kind = re.search(r'\bt="([^"]*)"', match["attrs"]) if match else None
                if match is None or (kind is not None and kind.group(1) != "n"):
                    continue  # a real error value (t="e"), text or a boolean: leave it
                try:
                    number = float(match["value"])
                except ValueError:
                    continue
                cell = wb[title][ref]
                cell.value = int(number) if number.is_integer() else number
                restored += 1
    return restored
