"""Macros run through xlwings' script machinery on workbook JSON; the actions they send back are checked."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
import xlwings as xw
from xlwings import server

from salessheet.addin import macros
from salessheet.addin.book import BookSource
from salessheet.compute.leads import RepSlot, assign_leads
from salessheet.compute.metrics import team_metrics
from salessheet.compute.targets import decompose_target
from salessheet.read.workbook import read_source
from salessheet.validate import validate_workbook

from .office import book_payload, run_script

D = dt.date
PIPELINE = [
    ["Deal ID", "Customer", "Owner", "Stage", "Amount", "Created", "Expected close", "Actual close"],
    ["D1", "Acme", "ann", "Won", 1000, D(2026, 6, 1), None, D(2026, 7, 20)],
    ["D2", "Beta", "bob", "Proposal", "x12", D(2026, 6, 1), D(2026, 9, 10), None],
    ["D3", "Gamma", "ann", "Demo", 500, D(2026, 6, 1), D(2026, 9, 10), None],
    ["D4", "Delta", "cy", "Negotiation", 800, D(2026, 6, 1), D(2026, 9, 10), None],
]
TARGETS = [
    ["Period", "Owner", "Metric", "Product", "Region", "Target", "Period start", "Period end", "Actual",
     "Attainment"],
    ["2026-Q1", "TEAM", "Revenue", None, None, 1000, None, None, None, None],
]
TASKS = [["Task ID", "Deal ID", "Owner", "Task", "Due date", "Status"],
         ["T1", "D3", "ann", "Call back", D(2026, 8, 1), "In progress"]]
RISKS = [["Risk ID", "Deal ID", "Category", "Description", "Likelihood (1-5)", "Impact (1-5)", "Owner",
          "Status"],
         ["R1", "D3", "Competitor pressure", "Rival discount", 4, 4, "ann", "Open"]]
ROSTER = [
    ["Rep ID", "Name", "Available for leads", "Lead weight", "Capacity"],
    ["ann", "Ann", "Yes", 2, 10],
    ["bob", "Bob", "No", 1, None],
    ["cy", "Cy", "Yes", 1, 3],
]
LEADS = [["Lead", "Company", "Owner"], ["L1", "X", "ann"], ["L2", "Y", None], ["L3", "Z", None],
         ["L4", "W", None]]


def workbook(**extra: list[list[Any]]) -> dict[str, Any]:
    sheets = {"Pipeline": PIPELINE, "Targets": TARGETS, "Tasks": TASKS, "Risks": RISKS, "Roster": ROSTER}
    sheets.update({name.replace("_", " "): rows for name, rows in extra.items()})
    return book_payload(sheets)


def set_values(actions: list[dict[str, Any]], sheet_position: int) -> list[dict[str, Any]]:
    return [a for a in actions if a["func"] == "setValues" and a["sheet_position"] == sheet_position]


def colors(actions: list[dict[str, Any]]) -> list[tuple[int, int, int, str | None]]:
    return [(a["sheet_position"], a["start_row"], a["start_column"], a["args"][0])
            for a in actions if a["func"] == "setRangeColor"]


def test_scripts_metadata_names_every_macro():
    meta = server.custom_scripts_meta(macros)
    assert {m["function_name"]: m["name"] for m in meta} == {
        "validate_this_workbook": "Validate this workbook",
        "refresh_my_numbers": "Refresh my numbers",
        "decompose_targets": "Decompose targets",
        "assign_leads_macro": "Assign leads",
    }
    assert [m.__name__ for m in macros.MACROS] == [
        "validate_this_workbook", "refresh_my_numbers", "decompose_targets", "assign_leads_macro"]


def test_validate_writes_the_issues_sheet_and_highlights_the_cells():
    payload = workbook()
    actions = run_script(macros, "validate_this_workbook", payload)
    assert actions[0] == {**actions[0], "func": "addSheet", "args": [5, "Issues"]}
    written = set_values(actions, 5)[0]["values"]
    assert written[0] == ["Severity", "Where", "Message", "Code"]
    report = validate_workbook(read_source(BookSource(xw.Book(json=workbook()))))
    assert [[r[1], r[3]] for r in written[1:]] == [[i.location, i.code] for i in report.sorted()]
    assert ["Pipeline!E3", "pipeline.amount.not_a_number"] in [[r[1], r[3]] for r in written[1:]]
    assert (0, 2, 4, "#FFC7CE") in colors(actions)  # Pipeline!E3 in the error colour
    assert actions[-1]["func"] == "activateSheet"


def test_validate_again_clears_the_previous_highlights_first():
    old_issues = [["Severity", "Where", "Message", "Code"], ["error", "Pipeline!B2", "old", "x.y.z"]]
    actions = run_script(macros, "validate_this_workbook", workbook(Issues=old_issues))
    assert actions[0]["func"] == "setRangeColor" and colors(actions)[0] == (0, 1, 1, None)  # old B2
    assert actions[1] == {**actions[1], "func": "sheetClearContents", "sheet_position": 5}
    assert (0, 2, 4, "#FFC7CE") in colors(actions)


def test_validate_an_unreadable_workbook_reports_it_on_the_issues_sheet():
    actions = run_script(macros, "validate_this_workbook", book_payload({"Notes": [["hello"]]}))
    written = set_values(actions, 1)[0]["values"]
    assert written[1][0] == "error" and "not a salessheet workbook" in written[1][2]


def test_refresh_my_numbers_writes_the_metrics_of_the_period():
    actions = run_script(macros, "refresh_my_numbers", workbook(), "2026-Q3")
    assert actions[0]["args"] == [5, "My Numbers"]
    table = {row[0]: row[1] for row in set_values(actions, 5)[0]["values"][1:]}
    data = read_source(BookSource(xw.Book(json=workbook())))
    expected = team_metrics([data], "2026-Q3", today=dt.date.today()).team
    assert table["period"] == "2026-Q3"
    assert table["closed_won"] == expected.closed_won == 1000.0
    assert table["weighted_pipeline"] == expected.weighted_pipeline
    assert table["open_deals"] == expected.open_deals == 3


def test_decompose_targets_appends_new_rows_only():
    actions = run_script(macros, "decompose_targets", workbook(), 1200, 2026, "equal", "quarter")
    columns = {a["start_column"]: [r[0] for r in a["values"]] for a in set_values(actions, 1)}
    assert {a["start_row"] for a in set_values(actions, 1)} == {2}  # below the existing row 2
    assert columns[0] == ["2026-Q2", "2026-Q3", "2026-Q4"]  # Q1 TEAM revenue already there
    assert columns[1] == ["TEAM"] * 3 and columns[2] == ["Revenue"] * 3
    plan = decompose_target(1200, 2026, weeks=False)
    assert columns[5] == plan[plan.level == "quarter"]["value"].tolist()[1:]
    assert 3 not in columns and 6 not in columns  # Product and computed columns untouched


def test_decompose_targets_by_rep_and_seasonality():
    actions = run_script(macros, "decompose_targets", workbook(), 1000, 2026, "seasonality", "quarter",
                         "1,1,2,4", True)
    columns = {a["start_column"]: [r[0] for r in a["values"]] for a in set_values(actions, 1)}
    rows = list(zip(columns[0], columns[1], columns[5], strict=True))
    team = {p: v for p, o, v in rows if o == "TEAM"}
    assert set(team) == {"2026-Q2", "2026-Q3", "2026-Q4"}  # Q1 TEAM revenue was already there
    assert team["2026-Q4"] == pytest.approx(500.0, abs=0.02)
    for period, value in team.items():  # the TEAM row is the sum of the reps' rows
        assert round(sum(v for p, o, v in rows if p == period and o != "TEAM"), 2) == value
    ann = [v for p, o, v in rows if o == "ann"]
    assert round(sum(ann), 2) == pytest.approx(1000 / 3, abs=0.01)
    assert {o for _, o, _ in rows} == {"TEAM", "ann", "bob", "cy"}


def test_decompose_targets_needs_a_positive_target():
    with pytest.raises(ValueError, match="positive"):
        run_script(macros, "decompose_targets", workbook(), 0, 2026)


@pytest.mark.parametrize("method", ["round_robin", "weighted", "capacity"])
def test_assign_leads_fills_only_blank_owners(method):
    actions = run_script(macros, "assign_leads_macro", workbook(Unassigned_Leads=LEADS), method)
    [write] = set_values(actions, 5)
    assert (write["start_row"], write["start_column"]) == (1, 2)  # C2 down: the Owner column
    owners = [r[0] for r in write["values"]]
    assert owners[0] == "ann"  # kept
    reps = [RepSlot("ann", weight=2, capacity=10, open_deals=1),
            RepSlot("bob", available=False, open_deals=1),
            RepSlot("cy", capacity=3, open_deals=1)]
    assert owners[1:] == assign_leads(3, reps, method, last_rep="ann")  # type: ignore[arg-type]
    assert "bob" not in owners


def test_assign_leads_adds_an_owner_column_when_missing():
    leads = [["Lead", "Company"], ["L1", "X"], ["L2", "Y"]]
    actions = run_script(macros, "assign_leads_macro", workbook(Unassigned_Leads=leads))
    header, owners = set_values(actions, 5)
    assert (header["start_row"], header["start_column"], header["values"]) == (0, 2, [["Owner"]])
    assert [r[0] for r in owners["values"]] == ["ann", "cy"]


def test_assign_leads_without_a_leads_sheet_is_a_clear_error():
    with pytest.raises(ValueError, match="Unassigned Leads"):
        run_script(macros, "assign_leads_macro", workbook())


def test_scripts_accept_an_async_runner():
    """The script wrapper is a coroutine function, as xlwings Server and Lite await it."""
    book = xw.Book(json=workbook(Unassigned_Leads=LEADS))
    result = asyncio.run(server.custom_scripts_call(macros, "assign_leads_macro",
                                                    typehint_to_value={xw.Book: book}, args=["weighted"]))
    assert result is book
