"""A team mixing Google Sheets and .xlsx reps consolidates into one master (real gspread, emulator)."""

from __future__ import annotations

import datetime as dt

import pytest

from salessheet.demo import generate_team
from salessheet.io.google.template import create_rep_spreadsheet
from salessheet.schema import WorkbookConfig, choice_labels, sheet
from salessheet.templates import build_workbook, save_workbook
from salessheet.templates.layout import TableLayout
from sync import google as google_sources
from sync.pipeline import consolidate
from sync.team import load_team
from tests.google.conftest import connection_for
from tests.tools.sheets_emulator import SheetsEmulator

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def team(tmp_path, emulator: SheetsEmulator, google):
    google_sources.set_connection_factory(lambda credentials: connection_for(emulator))
    roster = [{"rep_id": "alice", "name": "Alice"}, {"rep_id": "bob", "name": "Bob"}]
    created = create_rep_spreadsheet(google, "Alice", lang="en", owner="alice", roster=roster)
    spec = sheet("pipeline")
    letters = TableLayout(spec, 20).letters
    stage = dict(choice_labels("stages", WorkbookConfig(), "en"))["proposal"]
    deal = {"deal_id": "ALICE-1", "customer": "ACME", "owner": "alice", "stage": stage, "amount": 1200,
            "created_date": 46300, "expected_close_date": 46380}
    data = [{"range": f"'{spec.name('en')}'!{letters[k]}2", "values": [[v]]} for k, v in deal.items()]
    google.http.values_batch_update(created.key, body={"valueInputOption": "RAW", "data": data})
    bob_rows = generate_team(1, 5, today=TODAY).reps[0].rows
    bob_rows = {k: [{**r, "owner": "bob"} for r in rows] for k, rows in bob_rows.items() if k == "pipeline"}
    bob = build_workbook("rep", "en", roster=roster, owner="bob", rows=bob_rows)
    save_workbook(bob, tmp_path / "bob.xlsx")
    (tmp_path / "team.toml").write_text(
        '[team]\nname = "Mixed"\n\n'
        f'[[reps]]\nrep_id = "alice"\nname = "Alice"\nsource = "gsheet:{created.key}"\n\n'
        '[[reps]]\nrep_id = "bob"\nname = "Bob"\nsource = "bob.xlsx"\n', encoding="utf-8")
    yield tmp_path, created.key
    google_sources.set_connection_factory(None)


def test_google_and_xlsx_reps_in_one_master(team, emulator: SheetsEmulator) -> None:
    folder, key = team
    result = consolidate(load_team(folder / "team.toml"), today=TODAY, executor="serial")
    pipeline = result.merged.tables["pipeline"]
    assert "ALICE-1" in set(pipeline["deal_id"])
    assert len(pipeline[pipeline["owner"] == "bob"]) == 5
    assert result.sources_read == 2
    sources = {s.source for s in result.merged.sources}
    assert f"gsheet:{key}" in sources


def test_unchanged_google_sheet_costs_one_call_on_a_rerun(team, emulator: SheetsEmulator) -> None:
    folder, key = team
    consolidate(load_team(folder / "team.toml"), today=TODAY, executor="serial")
    emulator.reset_log()
    again = consolidate(load_team(folder / "team.toml"), today=TODAY, executor="serial")
    assert again.sources_cached == 2 and again.sources_read == 0
    assert emulator.calls(key) == 1  # Drive's modified time only


def test_consolidate_command_publishes_a_google_master(team, emulator: SheetsEmulator, monkeypatch) -> None:
    from salessheet.cli import google_opts
    from salessheet.cli.app import run
    from salessheet.io.google import read_google_workbook

    folder, _ = team
    google = connection_for(emulator)
    master = google.client.create("Team master")
    monkeypatch.setattr(google_opts, "open_google", lambda credentials, oauth: google)
    code = run(["consolidate", str(folder / "team.toml"), "--today", TODAY.isoformat(), "--jobs", "serial",
                "--google-master", master.id])
    assert code == 0
    published = read_google_workbook(google, master.id)
    deals = published.frame("pipeline")
    assert "ALICE-1" in set(deals["deal_id"]) and len(deals) == 6
    assert set(deals["stage"]) <= {s.key for s in WorkbookConfig().stages}
