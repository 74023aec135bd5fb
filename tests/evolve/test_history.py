"""Older template versions rebuilt from the recorded history."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from salessheet.evolve.history import build_workbook_at
from salessheet.evolve.states import state_at
from salessheet.io import read_workbook
from salessheet.schema import MIGRATIONS, TEMPLATE_VERSION, schema_hash, sheet
from salessheet.templates import save_workbook


def test_current_state_is_the_registry() -> None:
    state = state_at(TEMPLATE_VERSION)
    assert state.schema_hash() == schema_hash()
    for key, columns in state.columns.items():
        assert [c.key for c in columns] == [c.key for c in sheet(key).columns]
    assert state.values == {}


def test_each_step_undone() -> None:
    hashes = {v: state_at(v).schema_hash() for v in range(1, TEMPLATE_VERSION + 1)}
    assert len(set(hashes.values())) == len(hashes)
    v2, v1 = state_at(2), state_at(1)
    assert "forecast_category" not in v2.column_keys("pipeline")
    assert "forecast" not in v2.column_keys("pipeline")  # its formula reads forecast_category
    assert "contingency" not in v2.column_keys("risks")
    assert "expected_close_date" in [c.key for c in v2.columns["pipeline"]]
    close = next(c for c in v1.columns["pipeline"] if c.current == "expected_close_date")
    assert (close.key, close.label_en, close.label_zh) == ("close_date", "Close date", "成交日期（预计）")
    assert [s.key for s in v1.config().stages][:3] == ["lead", "discovery", "demo"]
    assert v1.config().stages[1].zh == "需求挖掘"


def test_unknown_version_refused() -> None:
    with pytest.raises(ValueError):
        state_at(MIGRATIONS[0].from_version - 1)
    with pytest.raises(ValueError):
        build_workbook_at(1, "en", rows={"pipeline": [{"forecast_category": "commit"}]})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_version_1_workbook(tmp_path, lang: str) -> None:
    row = {"deal_id": "D-1", "customer": "Acme", "owner": "alice", "stage": "discovery", "amount": 10.0,
           "created_date": dt.date(2026, 1, 5), "close_date": dt.date(2026, 4, 1)}
    wb = build_workbook_at(1, lang, roster=[{"rep_id": "alice"}], rows={"pipeline": [row]}, prefilled_rows=3)
    path = save_workbook(wb, tmp_path / "v1.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book[sheet("pipeline").name(lang)]
    header = [c.value for c in ws[1]]
    assert ("Close date" if lang == "en" else "成交日期（预计）") in header
    assert "Forecast category" not in header and "预测类别" not in header
    assert ws.tables["Pipeline"].ref == f"A1:{ws.cell(1, len(header)).column_letter}5"
    assert [c.name for c in ws.tables["Pipeline"].tableColumns] == header
    assert ws.cell(2, header.index("Stage" if lang == "en" else "阶段") + 1).value == (
        "Discovery" if lang == "en" else "需求挖掘")
    data = read_workbook(path)
    assert (data.template_version, data.schema_hash) == (1, state_at(1).schema_hash())
    assert data.frame("pipeline")["expected_close_date"].tolist() == [dt.date(2026, 4, 1)]
    assert "contingency" not in [c.value for c in book[sheet("risks").name(lang)][1]]


def test_chained_steps_are_undone_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """A column and a stage renamed twice, and columns added at two versions."""
    from salessheet.evolve import states
    from salessheet.schema import Migration

    steps = (
        Migration(1, 2, "memo -> remarks", column_renames={"pipeline": {"memo": "remarks"}},
                  value_renames={("pipeline", "stage"): {"Intro": "Discovery", "intro": "discovery"}},
                  added_columns={"tasks": ("priority",)},
                  old_labels={"pipeline": {"memo": ("Memo", "备忘")}}),
        Migration(2, 3, "remarks -> notes", column_renames={"pipeline": {"remarks": "notes"}},
                  value_renames={("pipeline", "stage"): {"Discovery": "Qualified", "discovery": "qualified"}},
                  added_columns={"risks": ("contingency",)},
                  old_labels={"pipeline": {"remarks": ("Remarks", "评论")}}),
    )
    monkeypatch.setattr(states, "MIGRATIONS", steps)
    monkeypatch.setattr(states, "TEMPLATE_VERSION", 3)
    states.state_at.cache_clear()
    try:
        v1, v2 = states.state_at(1), states.state_at(2)
        notes1 = next(c for c in v1.columns["pipeline"] if c.current == "notes")
        notes2 = next(c for c in v2.columns["pipeline"] if c.current == "notes")
        assert (notes1.key, notes1.label_en) == ("memo", "Memo")
        assert (notes2.key, notes2.label_zh) == ("remarks", "评论")
        assert [s.en for s in v1.config().stages][1] == "Intro"
        assert [s.key for s in v2.config().stages][1] == "discovery"
        assert "priority" not in v1.column_keys("tasks") and "priority" in v2.column_keys("tasks")
        assert "contingency" not in v1.column_keys("risks") and "contingency" not in v2.column_keys("risks")
        assert len({v1.schema_hash(), v2.schema_hash(), states.state_at(3).schema_hash()}) == 3
    finally:
        states.state_at.cache_clear()
