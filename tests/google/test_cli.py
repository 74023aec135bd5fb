"""`salessheet new-rep --google`: the CLI creates and shares a rep spreadsheet (real gspread, emulator)."""

from __future__ import annotations

import pytest

from salessheet.cli import google_opts
from salessheet.cli.app import run
from salessheet.io.google import read_google_workbook
from tests.google.conftest import connection_for
from tests.tools.sheets_emulator import SheetsEmulator


@pytest.fixture
def cli_google(emulator: SheetsEmulator, monkeypatch: pytest.MonkeyPatch) -> SheetsEmulator:
    """Point the CLI's one connection factory at the emulator."""
    monkeypatch.setattr(google_opts, "open_google", lambda credentials, oauth: connection_for(emulator))
    return emulator


def test_new_rep_google_creates_and_shares(cli_google: SheetsEmulator, capsys) -> None:
    code = run(["new-rep", "--rep-id", "alice", "--name", "Alice Wang", "--email", "alice@example.com",
                "--lang", "zh", "--google"])
    assert code == 0
    out = "".join(capsys.readouterr().out.split())
    [key] = list(cli_google.books)
    assert key in out
    book = cli_google.books[key]
    assert [(p["type"], p["role"], p["emailAddress"]) for p in book.permissions] == [
        ("user", "writer", "alice@example.com")]
    workbook = read_google_workbook(connection_for(cli_google), key)
    assert workbook.owner == "alice" and workbook.lang == "zh"
    assert list(workbook.frame("roster")["rep_id"]) == ["alice"]


def test_new_rep_needs_an_output_or_google(tmp_path) -> None:
    assert run(["new-rep", "--rep-id", "bob", "--name", "Bob"]) == 64
