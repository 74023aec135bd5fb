"""A template workbook saved by LibreOffice (formulas with cached results) reads like the original."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salessheet.io.reader import read_workbook
from salessheet.templates import build_workbook, save_workbook
from salessheet.validate import validate_workbook
from tests.io.workbooks import TODAY
from tests.tools.libreoffice import recalculate

pytestmark = pytest.mark.tools

DEALS = [
    {"deal_id": "D-1", "customer": "ACME", "owner": "alice", "stage": "proposal", "amount": 1000.0,
     "created_date": dt.date(2026, 9, 1), "expected_close_date": dt.date(2026, 12, 31),
     "last_activity_date": dt.date(2026, 11, 20)},
    {"deal_id": "D-2", "customer": "Beta", "owner": "alice", "stage": "negotiation", "amount": 500.0,
     "probability": 0.5, "created_date": dt.date(2026, 9, 1), "expected_close_date": dt.date(2026, 12, 31),
     "last_activity_date": dt.date(2026, 11, 20)},
]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_recalculated_template_reads_cached_formula_results(tmp_path: Path, lang: str):
    book = build_workbook("rep", lang, roster=[{"rep_id": "alice", "name": "Alice"}], owner="alice",
                          rows={"pipeline": DEALS}, prefilled_rows=20)
    source = save_workbook(book, tmp_path / "rep.xlsx")
    saved = recalculate(source, tmp_path / "lo")
    data = read_workbook(saved)
    deals = data.frame("pipeline")
    assert deals["_row"].tolist() == [2, 3]  # the prefilled rows (formulas showing "") stay blank
    assert deals["win_probability"].tolist() == pytest.approx([0.6, 0.5])
    assert deals["weighted_amount"].tolist() == pytest.approx([600.0, 250.0])
    assert deals["stage"].tolist() == ["proposal", "negotiation"]
    assert data.template_version == 3 and data.lang == lang
    report = validate_workbook(data, today=TODAY)
    assert not report.errors, report.flatten()
