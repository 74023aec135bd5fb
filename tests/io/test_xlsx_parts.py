"""Scanning worksheet XML for hidden rows, error cells and the row count."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

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


_ERRORS = ("#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!")


@given(st.lists(st.tuples(st.booleans(), st.lists(st.one_of(st.none(), st.sampled_from(_ERRORS),
                                                            st.text("ab #<", max_size=4)), max_size=4)),
                max_size=8))
def test_the_scan_finds_every_hidden_row_and_error_cell(rows):
    """Whatever the mix: the quick checks that skip most sheets never skip a fact."""
    xml, hidden, errors = [b"<worksheet><sheetData>"], set(), {}
    for number, (is_hidden, cells) in enumerate(rows, start=1):
        flag = ' hidden="1"' if is_hidden else ""
        xml.append(f'<row r="{number}"{flag}>'.encode())
        hidden |= {number} if is_hidden else set()
        for column, value in enumerate(cells, start=1):
            ref = f"{chr(64 + column)}{number}"
            if value in _ERRORS:
                xml.append(f'<c r="{ref}" t="e"><v>{value}</v></c>'.encode())
                errors[(number, column)] = value
            elif value is not None:
                text = value.replace("<", "&lt;")
                xml.append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode())
        xml.append(b"</row>")
    facts = _scan_sheet(b"".join([*xml, b"</sheetData></worksheet>"]))
    assert facts.hidden_rows == hidden and facts.errors == errors and facts.row_count == len(rows)
