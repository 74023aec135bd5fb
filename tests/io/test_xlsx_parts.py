"""Scanning worksheet XML for hidden rows, error cells and the row count."""

from __future__ import annotations

from salessheet.io.xlsx_parts import _scan_sheet

SHEET = (
    b'<worksheet><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>Deal ID</t></is></c></row>'
    b'<row r="2" hidden="1" spans="1:3"><c r="A2" t="e"/><c r="B2"><v>5</v></c>'
    b'<c r="C2" s="1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    b'<row r="7" customHeight="1" hidden="true"><c t="e" r="AA7"><v>#REF!</v></c></row>'
    b'<row r="9"><c r="A9" t="s"><v>0</v></c></row>'
    b'</sheetData><cols><col min="1" max="1" hidden="1"/></cols></worksheet>'
)


def test_hidden_rows_errors_and_row_count():
    facts = _scan_sheet(SHEET)
    assert facts.hidden_rows == {2, 7}
    assert facts.errors == {(2, 3): "#DIV/0!", (7, 27): "#REF!"}
    assert facts.row_count == 9


def test_unnumbered_rows_are_counted():
    assert _scan_sheet(b"<sheetData><row><c/></row><row><c/></row></sheetData>").row_count == 2
    assert _scan_sheet(b"<sheetData/>").row_count == 0
