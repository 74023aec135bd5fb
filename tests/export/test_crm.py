"""CRM import files: conventions per target, and the pre-flight catching each rejection class."""

from __future__ import annotations

import copy
import csv
from collections import Counter
from pathlib import Path

import pytest

from salessheet.export import TeamData
from salessheet.export.crm import export_crm
from salessheet.export.crm_targets import TARGETS, target
from salessheet.export.preflight import CHECKS, preflight


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("to", ["hubspot-csv", "salesforce-csv", "twenty-csv"])
def test_files_in_import_order_with_ids_that_repeat(to: str, team_data: TeamData, tmp_path: Path) -> None:
    stages = {"lost": "LOST"} if to == "twenty-csv" else None
    files = export_crm(team_data, to, tmp_path / "a", stage_map=stages)
    crm = target(to)
    names = [p.name for p in files.written]
    assert names == [f.name for f in crm.files] and names == sorted(names)
    deals = _read(tmp_path / "a" / crm.file("deals").name)
    assert len(deals) == len(team_data.rows["pipeline"])
    assert list(deals[0]) == list(crm.file("deals").columns)
    again = export_crm(team_data, to, tmp_path / "b", stage_map=stages)
    for path in again.written:  # same sheets, same ids: a re-import updates the same records
        assert path.read_bytes() == (tmp_path / "a" / path.name).read_bytes()
    codes = Counter(i.code for i in files.report)
    if to == "twenty-csv":  # LOST and blocked/cancelled tasks need options the default workspace lacks
        assert set(codes) == {"crm.option"}
    else:
        assert codes == Counter()


def test_stage_values_use_internal_names(team_data: TeamData) -> None:
    won = next(d for d in team_data.rows["pipeline"] if d["stage"] == "won")
    expected = {"hubspot": ("Deal stage", "closedwon"), "salesforce": ("StageName", "Closed Won"),
                "twenty": ("Stage", "CUSTOMER")}
    for key, (column, value) in expected.items():
        rows = export_crm(team_data, key).rows["deals"]
        names = [r.get("Name", r.get("Deal name")) for r in rows]
        assert rows[names.index(won["deal_name"])][column] == value


def test_twenty_has_no_lost_stage_unless_mapped(team_data: TeamData) -> None:
    lost = sum(1 for d in team_data.rows["pipeline"] if d["stage"] == "lost")
    assert lost > 0
    report = export_crm(team_data, "twenty").report
    options = [i for i in report if i.code == "crm.option" and i.sheet == "3-opportunities.csv"]
    assert len(options) == lost and all('got "lost"' in i.message_en for i in options)
    assert export_crm(team_data, "twenty", stage_map={"lost": "LOST"}).report.ok is False  # LOST not default
    assert not [i for i in export_crm(team_data, "hubspot").report if i.code == "crm.option"]


def test_amount_and_currency_are_separate_columns(team_data: TeamData) -> None:
    data = copy.deepcopy(team_data)
    data.rows["pipeline"][0]["currency"] = "USD"
    rows = export_crm(data, "twenty").rows["deals"]
    assert rows[0]["Amount / Currency"] == "USD" and isinstance(rows[0]["Amount / Amount"], float)
    assert {r["Amount / Currency"] for r in rows[1:]} == {data.config.currency}


def test_preflight_catches_each_rejection_class() -> None:
    crm = TARGETS["hubspot"]
    rows = {
        "companies": [{"Salessheet ID": "co:A", "Company name": "A"}],
        "contacts": [{"Salessheet ID": "co:x", "Last Name": "Li", "Company Salessheet ID": "co:NOPE"}],
        "deals": [
            {"Salessheet ID": "de:1", "Deal name": "", "Pipeline": "default", "Deal stage": "closedwon",
             "Amount": 5.0, "Currency": "USD", "Company Salessheet ID": "co:A"},
            {"Salessheet ID": "de:2", "Deal name": "B", "Pipeline": "default", "Deal stage": "Won",
             "Amount": 5.0, "Currency": None},
            {"Salessheet ID": "de:2", "Deal name": "C", "Pipeline": "default", "Deal stage": "closedlost"},
        ],
        "tasks": [{"Salessheet ID": f"ta:{i}", "Task title": "t", "Due date": "2026-01-01"}
                  for i in range(3)],
    }
    report = preflight(crm, rows, max_rows=2)
    flat = sorted(((i.sheet, i.row, i.code) for i in report), key=lambda t: (t[0], t[1] or 0, t[2]))
    assert flat == [
        ("2-contacts.csv", 2, "crm.reference"),
        ("3-deals.csv", None, "crm.row_limit"),
        ("3-deals.csv", 2, "crm.required"),
        ("3-deals.csv", 3, "crm.currency"),
        ("3-deals.csv", 3, "crm.id"),
        ("3-deals.csv", 3, "crm.option"),
        ("3-deals.csv", 4, "crm.id"),
        ("4-tasks.csv", None, "crm.row_limit"),
    ]
    assert {i.code.split(".")[1] for i in report} == set(CHECKS)


def test_reference_to_a_later_file_breaks_import_order() -> None:
    crm = TARGETS["twenty"]
    rows = {"deals": [{"id": "d1", "Name": "x", "Company": "c1"}], "companies": [{"id": "c1", "Name": "C"}]}
    assert [i.code for i in preflight(crm, rows)] == []
    reordered = copy.deepcopy(crm)
    object.__setattr__(reordered, "files", tuple(reversed(crm.files)))
    assert [i.code for i in preflight(reordered, rows)] == ["crm.reference"]


def test_large_files_are_split_and_cells_are_injection_safe(team_data: TeamData, tmp_path: Path) -> None:
    data = copy.deepcopy(team_data)
    data.rows["pipeline"][0]["deal_name"] = "=HYPERLINK(\"http://evil\",\"x\")"
    files = export_crm(data, "salesforce", tmp_path, max_rows=40)
    parts = sorted(p.name for p in files.written if "opportunities" in p.name)
    assert parts == ["3-opportunities-part2.csv", "3-opportunities-part3.csv", "3-opportunities.csv"]
    rows = [r for p in sorted(tmp_path.glob("3-opportunities*.csv")) for r in _read(p)]
    assert len(rows) == len(data.rows["pipeline"])
    assert any(r["Name"] == "'=HYPERLINK(\"http://evil\",\"x\")" for r in rows)
    limits = [i for i in files.report if i.code == "crm.row_limit" and i.sheet == "3-opportunities.csv"]
    assert [i.message_en for i in limits] == [
        f"3-opportunities.csv: {len(rows)} rows exceed Salesforce's 40 rows per file; "
        "written as several files, import them all"
    ]


def test_salesforce_requires_a_close_date(team_data: TeamData) -> None:
    data = copy.deepcopy(team_data)
    open_deal = next(d for d in data.rows["pipeline"] if d["stage"] not in ("won", "lost"))
    open_deal.pop("expected_close_date", None)
    report = export_crm(data, "salesforce").report
    assert [i.message_en for i in report if i.code == "crm.required"] == [
        f'3-opportunities.csv row {data.rows["pipeline"].index(open_deal) + 2}: "CloseDate" is required by '
        "Salesforce"
    ]
