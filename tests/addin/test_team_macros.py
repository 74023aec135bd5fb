"""Consolidate and Distribute buttons: run sync on the server's team, over HTTP like the task pane."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from salessheet.addin import server
from salessheet.demo import generate_team
from salessheet.demo.workbooks import write_team

from .office import book_payload
from .test_server import base_url, get, post  # noqa: F401  (the running server fixture)

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def team(tmp_path, monkeypatch):
    folder = tmp_path / "team"
    write_team(generate_team(2, 12, today=TODAY), folder, plant_problems=False)
    monkeypatch.setenv("SALESSHEET_TEAM", str(folder))
    return folder


def _summary(body):
    [write] = [a for a in body["actions"] if a["func"] == "setValues"]
    return {row[0]: row[1] for row in write["values"][1:]}


def test_team_macros_are_listed_and_on_the_task_pane(base_url):  # noqa: F811
    _, _, text = get(base_url + "/xlwings/custom-scripts-meta")
    assert {"Consolidate", "Distribute"} <= {m["name"] for m in json.loads(text)}
    _, _, page = get(base_url + "/taskpane.html")
    assert ">Consolidate</button>" in page and ">Distribute</button>" in page


def test_consolidate_button_writes_the_master_and_a_summary(base_url, team):  # noqa: F811
    status, body = post(base_url + server.SCRIPTS_PATH + "consolidate", book_payload({"Sheet1": [[""]]}))
    assert status == 200, body
    summary = _summary(body)
    master = team / "master.xlsx"
    assert summary["master"] == str(master) and summary["run"] == 1
    deals = openpyxl.load_workbook(master, read_only=True)["Pipeline"].max_row - 1
    assert summary["Pipeline rows"] == deals == 24


def test_consolidate_button_lists_a_workbook_it_could_not_read(base_url, team):  # noqa: F811
    (team / "broken.xlsx").write_bytes(b"not a workbook")
    status, body = post(base_url + server.SCRIPTS_PATH + "consolidate", book_payload({"Sheet1": [[""]]}))
    assert status == 200, body
    [write] = [a for a in body["actions"] if a["func"] == "setValues"]
    lost = [row[1] for row in write["values"][1:] if row[0] == "not consolidated"]
    assert len(lost) == 1 and "broken.xlsx: workbook could not be read" in lost[0]
    assert _summary(body)["Pipeline rows"] == 24  # the rest of the team is in the master


def test_distribute_button_reports_each_rep(base_url, team):  # noqa: F811
    post(base_url + server.SCRIPTS_PATH + "consolidate", book_payload({"Sheet1": [[""]]}))
    status, body = post(base_url + server.SCRIPTS_PATH + "distribute_to_reps", book_payload({"S": [[""]]}))
    assert status == 200, body
    [write] = [a for a in body["actions"] if a["func"] == "setValues"]
    rows = write["values"][1:]
    assert {row[0] for row in rows} == {p.stem for p in team.glob("*.xlsx") if p.stem != "master"}
    assert {row[2] for row in rows} <= {"up to date", "written"}


def test_without_a_team_the_button_says_how_to_start_the_server(base_url, monkeypatch):  # noqa: F811
    monkeypatch.delenv("SALESSHEET_TEAM", raising=False)
    status, body = post(base_url + server.SCRIPTS_PATH + "consolidate", book_payload({"S": [[""]]}))
    assert status == 400 and "--team" in body["detail"]


def test_a_chinese_team_gets_its_summaries_in_chinese(base_url, tmp_path, monkeypatch):  # noqa: F811
    folder = tmp_path / "east"
    write_team(generate_team(2, 6, today=TODAY), folder / "reps", plant_problems=False)
    reps = "".join(f'[[reps]]\nrep_id = "{p.stem}"\nsource = "reps/{p.name}"\n\n'
                   for p in sorted((folder / "reps").glob("*.xlsx")))
    (folder / "team.toml").write_text(f'[team]\nname = "东区"\nmaster = "master.xlsx"\nlang = "zh"\n\n{reps}',
                                      encoding="utf-8")
    monkeypatch.setenv("SALESSHEET_TEAM", str(folder / "team.toml"))
    status, body = post(base_url + server.SCRIPTS_PATH + "consolidate", book_payload({"Sheet1": [[""]]}))
    assert status == 200, body
    [write] = [a for a in body["actions"] if a["func"] == "setValues"]
    assert write["values"][0] == ["项目", "值"]
    summary = {row[0]: row[1] for row in write["values"][1:]}
    assert summary["团队总表"] == str(folder / "master.xlsx") and summary["商机 行数"] == 12
    status, body = post(base_url + server.SCRIPTS_PATH + "distribute_to_reps", book_payload({"S": [[""]]}))
    assert status == 200, body
    [write] = [a for a in body["actions"] if a["func"] == "setValues"]
    assert write["values"][0] == ["销售", "工作簿", "状态", "变更"]
    assert {row[2] for row in write["values"][1:]} <= {"无需更改", "已写入"}
