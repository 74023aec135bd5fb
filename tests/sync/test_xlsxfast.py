"""Master rows as sheet XML: the one-pass column paths write exactly what the cell-by-cell path does."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from sync.xlsxfast import _cell, _column, _column_bytes, rows_xml

_TEXT = st.text(alphabet=st.sampled_from([*"ab &<>\n\t 中", "\x01", "\ufffe", "\u3000", "\x1c", "\xa0"]),
                max_size=6)
_VALUES = {
    "text": st.one_of(st.none(), _TEXT),
    "number": st.one_of(st.none(), st.floats(), st.integers(-10**12, 10**12)),
    "bool": st.one_of(st.none(), st.booleans()),
    "date": st.one_of(st.none(), st.dates(dt.date(1900, 3, 1), dt.date(2200, 1, 1))),
    "mixed": st.one_of(st.none(), _TEXT, st.floats(), st.integers(-5, 5), st.booleans(),
                       st.dates(dt.date(1900, 3, 1), dt.date(2200, 1, 1)),
                       st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2200, 1, 1))),
}


def _reference(values: list[object], style: str = ' s="4"') -> list[str]:
    return [_cell(f"C{n}", style, v) for n, v in enumerate(values, start=2)]


@given(st.sampled_from(sorted(_VALUES)).flatmap(lambda kind: st.lists(_VALUES[kind], max_size=30)))
def test_every_column_path_equals_the_cell_by_cell_path(values):
    numbers = [str(n) for n in range(2, len(values) + 2)]
    assert _column("C", ' s="4"', values, numbers) == _reference(values)


def test_plain_columns_take_the_one_pass_path_and_stay_well_formed():
    columns = [["D-1", None, "", " padded "], [1.5, None, float("nan"), 2], [True, None, False, True],
               [dt.date(2026, 11, 25), None, dt.date(1900, 3, 1), None], ["a & b", "<x>", "\x01ok", None]]
    xml = rows_xml(columns, [None, 3, None, 5, None], 2)
    root = ET.fromstring(f"<sheetData>{xml}</sheetData>")
    rows = root.findall("row")
    assert [r.get("r") for r in rows] == ["2", "3", "4", "5"]
    cells = {c.get("r"): c for r in rows for c in r}
    assert cells["A2"].findtext("is/t") == "D-1" and "B3" not in cells and "C4" in cells
    assert cells["A5"].find("is/t").get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert cells["D2"].findtext("v") == str((dt.date(2026, 11, 25) - dt.date(1899, 12, 30)).days)
    assert cells["E2"].findtext("is/t") == "a & b" and cells["E4"].findtext("is/t") == "ok"
    assert cells["C2"].get("t") == "b" and cells["B2"].get("s") == "3"


def test_a_text_longer_than_a_cell_holds_is_cut_on_every_path():
    from sync.xlsxfast import _MAX_TEXT

    long = "x" * (_MAX_TEXT + 5)
    for values in (["short", long], [long, 3]):  # a column of plain texts, and a mixed one
        cells = _column("C", "", values, ["2", "3"])
        assert cells == _reference(values, "") and long not in "".join(cells)
        texts = [ET.fromstring(c).findtext("is/t") or "" for c in cells if "inlineStr" in c]
        assert max(map(len, texts)) == _MAX_TEXT


@given(st.lists(_TEXT.filter(bool), max_size=20))
def test_a_text_with_edge_space_or_markup_is_never_taken_for_plain(texts):
    from sync.xlsxfast import _ILLEGAL, _needs_care

    exact = any(v[0].isspace() or v[-1].isspace() or "&" in v or "<" in v or ">" in v or _ILLEGAL.search(v)
                for v in texts)
    assert _needs_care(texts) or not exact


_ROW = st.tuples(st.sampled_from(["a.xlsx", "b.xlsx", "c.xlsx"]), st.integers(2, 9),
                 st.sampled_from(["ann", "bob"]), st.sampled_from(["", "D-2"]))
_ROWS = st.lists(_ROW, min_size=1, max_size=12)


@given(_ROWS, st.integers(0, 3))
def test_row_keys_runs_keys_and_digests(rows, changed):
    """Runs are the stretches of one source; a run's digest follows everything its rows show."""
    from sync.xlsxfast import RowKeys

    fingerprints = {"a.xlsx": "fa", "b.xlsx": "fb", "c.xlsx": None}
    keys = RowKeys([r[0] for r in rows], fingerprints, ([r[1] for r in rows], [r[2] for r in rows],
                                                        [r[3] for r in rows]))
    runs = keys.runs()
    assert [i for first, last in runs for i in range(first, last)] == list(range(len(rows)))
    for first, last in runs:
        assert len({r[0] for r in rows[first:last]}) == 1
        assert last == len(rows) or rows[last][0] != rows[first][0]
    for index, (source, row, rep, mark) in enumerate(rows):
        expected = (source, fingerprints[source], (row, rep, mark)) if fingerprints[source] else None
        assert keys.key(index) == expected
    first, last = runs[0]
    digest = keys.digest("t", first, last)
    assert (digest is None) == (fingerprints[rows[first][0]] is None)
    if digest is None:
        return
    assert keys.digest("t", first, last) == digest and keys.digest("u", first, last) != digest
    other = dict(fingerprints, **{rows[first][0]: "new"})
    assert RowKeys(keys.sources, other, keys.details).digest("t", first, last) != digest
    details = [list(part) for part in keys.details]
    details[changed % 3][first] = "changed"
    assert RowKeys(keys.sources, fingerprints, tuple(details)).digest("t", first, last) != digest


_DETAILS = st.one_of(
    st.lists(st.integers(-2**70, 2**70), max_size=6),
    st.lists(_TEXT, max_size=6),
    st.lists(st.tuples(_TEXT, _TEXT) | st.tuples(_TEXT), max_size=4),
    st.lists(st.one_of(st.none(), _TEXT, st.integers(-3, 3), st.booleans()), max_size=4),
)


@given(_DETAILS, _DETAILS)
def test_row_key_details_are_told_apart_exactly_when_they_differ(a, b):
    """A run's digest hashes these bytes: equal bytes for different rows would copy stale rows."""
    same = [(type(v), v) for v in a] == [(type(v), v) for v in b]
    assert (_column_bytes(a) == _column_bytes(b)) == same


def test_row_key_details_that_read_alike_are_told_apart():
    assert _column_bytes(["ab", "c"]) != _column_bytes(["a", "bc"]) != _column_bytes([("a", "bc")])
    assert _column_bytes([1, 2]) != _column_bytes([True, 2]) != _column_bytes(["1", "2"])
