"""Workbooks holding what reps add in Excel (text boxes, buttons, sparklines, data bars, charts).

XlsxWriter writes these parts as Excel does, so the features come from a real writer, not from
XML typed into a test. ``add_sparklines`` grafts XlsxWriter's sparkline group onto a sheet of an
existing workbook, as Excel would save it after a rep drew sparklines there.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import xlsxwriter
from PIL import Image

from salessheet.io.xlsx_parts import _sheet_parts


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def authored_workbook() -> bytes:
    """A Targets sheet with a text box, a button, sparklines, a 2010 data bar, a chart, a picture,
    a comment and a dropdown pointing at another sheet."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet("Targets")
    ws.write_row(0, 0, ["Period", "Target", "Actual"])
    for row in range(1, 4):
        ws.write_row(row, 0, [f"2026-Q{row}", row * 1000, row * 900])
    ws.add_sparkline("D2", {"range": "Targets!B2:C2"})
    ws.conditional_format("B2:B4", {"type": "data_bar", "data_bar_2010": True})
    ws.insert_textbox("F2", "Ask the manager about Q4")
    ws.insert_button("F8", {"macro": "refresh", "caption": "Refresh"})
    ws.write_comment("A1", "a rep's note")
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "=Targets!$B$2:$B$4"})
    ws.insert_chart("H2", chart)
    ws.insert_image("H20", "logo.png", {"image_data": io.BytesIO(_png())})
    ws.data_validation("A2:A4", {"validate": "list", "source": "=Lists!$A$1:$A$3"})
    book.add_worksheet("Lists").write_column(0, 0, ["2026-Q1", "2026-Q2", "2026-Q3"])
    book.close()
    return out.getvalue()


def _sparkline_extension() -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet("S")
    ws.write_row(0, 0, [1, 2, 3])
    ws.add_sparkline("D1", {"range": "S!A1:C1"})
    book.close()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    match = re.search(rb"<extLst>.*</extLst>", xml, re.S)
    assert match is not None
    return match.group(0).replace(b"S!A1:C1", b"A1:A2").replace(b"<xm:sqref>D1<", b"<xm:sqref>Z1<")


def add_sparklines(path: Path, sheet: str) -> None:
    """Put a sparkline group on ``sheet`` of the workbook at ``path`` (its last element, as Excel has it)."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
        part = _sheet_parts(archive)[sheet]
    extension = _sparkline_extension()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename == part:
                assert b"<extLst>" not in data
                data = data.replace(b"</worksheet>", extension + b"</worksheet>")
            archive.writestr(info, data)
