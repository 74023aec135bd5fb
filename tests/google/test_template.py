"""A rep spreadsheet built from the registry: tabs, headers, dropdowns, protection, formulas, sharing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from salessheet.errors import UnreadableFileError
from salessheet.io.google import read_google_tabs, read_google_workbook
from salessheet.io.google.template import create_rep_spreadsheet
from salessheet.io.google.template_plan import plan_rep_spreadsheet
from salessheet.schema import SHEETS, TEMPLATE_VERSION, WorkbookConfig, choice_labels, sheet
from salessheet.templates.formulas import RowRefs, computed_formula
from salessheet.templates.layout import TableLayout
from tests.google.conftest import connection_for
from tests.tools.sheets_emulator import DEFAULT_ACCOUNT, SheetsEmulator

ROSTER = [{"rep_id": "alice", "name": "Alice"}, {"rep_id": "bob", "name": "Bob"}]


def _metadata(google, key: str, **params: Any) -> dict[str, Any]:
    return dict(google.http.fetch_sheet_metadata(key, params=params))


@pytest.fixture(params=["en", "zh"])
def rep(request, emulator: SheetsEmulator, google):
    lang = request.param
    created = create_rep_spreadsheet(google, f"Pipeline 2026 - Alice ({lang})", lang=lang, owner="alice",
                                     rep_email="alice@example.com", roster=ROSTER, prefilled_rows=20,
                                     notify=False)
    return lang, created


def test_tabs_headers_and_stamp(rep, google) -> None:
    lang, created = rep
    tabs = read_google_tabs(google, created.key, [s.name(lang) for s in SHEETS])
    assert tabs.sheet_names == [s.name(lang) for s in SHEETS] + (["配置", "列表"] if lang == "zh"
                                                                 else ["Config", "Lists"])
    for spec in SHEETS:
        assert tabs.rows[spec.name(lang)][0] == [c.label(lang) for c in spec.columns]
    data = read_google_workbook(google, created.key)
    assert (data.lang, data.template_version, data.owner) == (lang, TEMPLATE_VERSION, "alice")
    assert not [i for i in data.report.issues if i.code.endswith("sheet.missing")]


def test_frozen_header_hidden_lists_and_named_ranges(rep, google) -> None:
    lang, created = rep
    meta = _metadata(google, created.key)
    props = {s["properties"]["title"]: s["properties"] for s in meta["sheets"]}
    pipeline = props[sheet("pipeline").name(lang)]
    assert pipeline["gridProperties"]["frozenRowCount"] == 1
    assert props["列表" if lang == "zh" else "Lists"].get("hidden") is True
    names = {n["name"] for n in meta["namedRanges"]}
    assert {"cfg_risk_red", "cfg_stage_label", "list_stages", "pipe_amount"} <= names


def test_dropdowns_use_the_labels_of_the_reps_language(rep, google) -> None:
    lang, created = rep
    spec = sheet("pipeline")
    stage = [c.key for c in spec.columns].index("stage")
    owner = [c.key for c in spec.columns].index("owner")
    meta = _metadata(google, created.key, ranges=f"'{spec.name(lang)}'!A2:Z2",
                     fields="sheets.data.rowData.values.dataValidation")
    cells = meta["sheets"][0]["data"][0]["rowData"][0]["values"]
    stage_values = [v["userEnteredValue"] for v in cells[stage]["dataValidation"]["condition"]["values"]]
    assert stage_values == [label for _, label in choice_labels("stages", WorkbookConfig(), lang)]
    assert cells[stage]["dataValidation"]["strict"] is True
    owner_values = [v["userEnteredValue"] for v in cells[owner]["dataValidation"]["condition"]["values"]]
    assert owner_values == ["alice", "bob"]


def test_computed_columns_are_protected_and_hold_native_formulas(rep, google) -> None:
    lang, created = rep
    spec = sheet("pipeline")
    meta = _metadata(google, created.key)
    pipeline = next(s for s in meta["sheets"] if s["properties"]["title"] == spec.name(lang))
    protected = pipeline["protectedRanges"]
    assert len(protected) == len(spec.computed_columns)
    assert all(p["editors"]["users"] == [DEFAULT_ACCOUNT] and not p.get("warningOnly") for p in protected)
    layout = TableLayout(spec, 20)
    letter = layout.letters["weighted_amount"]
    got = google.http.values_get(created.key, f"'{spec.name(lang)}'!{letter}2:{letter}3",
                                 params={"valueRenderOption": "FORMULA"})
    expected = [computed_formula("pipeline", "weighted_amount", RowRefs(layout.letters, row), "deal_id", lang)
                for row in (2, 3)]
    assert [row[0] for row in got["values"]] == expected


def test_shared_with_the_rep_only(rep, emulator: SheetsEmulator) -> None:
    _, created = rep
    permissions = emulator.books[created.key].permissions
    assert [(p["type"], p["role"], p["emailAddress"]) for p in permissions] == [
        ("user", "writer", "alice@example.com")]
    assert created.shared_with == "alice@example.com"


def test_the_rep_fills_rows_and_they_read_back(rep, emulator: SheetsEmulator) -> None:
    lang, created = rep
    alice = connection_for(emulator, "alice@example.com")
    spec = sheet("pipeline")
    letters = TableLayout(spec, 20).letters
    stage = dict(choice_labels("stages", WorkbookConfig(), lang))["proposal"]
    values = {"deal_id": "D-0001", "customer": "ACME", "owner": "alice", "stage": stage, "amount": 1200,
              "created_date": 46082}
    data = [{"range": f"'{spec.name(lang)}'!{letters[k]}2", "values": [[v]]} for k, v in values.items()]
    alice.http.values_batch_update(created.key, body={"valueInputOption": "RAW", "data": data})
    workbook = read_google_workbook(alice, created.url)
    frame = workbook.frame("pipeline")
    assert list(frame["deal_id"]) == ["D-0001"]
    assert frame["stage"].iloc[0] == "proposal" and frame["amount"].iloc[0] == 1200.0
    assert frame["created_date"].iloc[0] == dt.date(2026, 3, 1)


def test_a_failed_step_leaves_no_half_built_file(emulator: SheetsEmulator, google) -> None:
    emulator.max_request_bytes = 5_000  # the formatting batchUpdate is refused as too large
    with pytest.raises(UnreadableFileError, match="Request payload size exceeds the limit"):
        create_rep_spreadsheet(google, "Broken", lang="en")
    assert emulator.books == {}


def test_creation_takes_a_handful_of_requests(emulator: SheetsEmulator, google) -> None:
    created = create_rep_spreadsheet(google, "Alice", rep_email="alice@example.com", notify=False)
    assert created.requests == len(emulator.log) <= 8


def test_plan_uses_the_request_kinds_the_emulator_implements() -> None:
    plan = plan_rep_spreadsheet("en", roster=ROSTER, prefilled_rows=200)
    kinds = {next(iter(r)) for r in plan.requests}
    assert {"addSheet", "deleteSheet", "addNamedRange", "setDataValidation", "addProtectedRange",
            "addConditionalFormatRule", "repeatCell", "updateDimensionProperties"} == kinds
