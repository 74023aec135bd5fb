"""Writing tabs and reading a rep spreadsheet back, through real gspread against the emulator."""

from __future__ import annotations

import datetime as dt

import pytest

from salessheet.io.google import read_google_tabs, read_google_workbook, write_tabs
from salessheet.io.google.writer import chunk_rows
from salessheet.schema import sheet
from tests.tools.sheets_emulator import SheetsEmulator

PIPELINE = sheet("pipeline")


def _pipeline_rows(lang: str) -> list[list[object]]:
    header = [c.label(lang) for c in PIPELINE.input_columns]
    index = {c.key: i for i, c in enumerate(PIPELINE.input_columns)}
    rows: list[list[object]] = [header]
    for n, (stage, amount) in enumerate((("Proposal", 12500.5), ("Won", 30000), ("Lead", 800)), start=1):
        row: list[object] = [""] * len(header)
        row[index["deal_id"]] = f"D-{n:04d}"
        row[index["customer"]] = f"Customer {n}"
        row[index["owner"]] = "alice"
        row[index["stage"]] = stage
        row[index["amount"]] = amount
        row[index["created_date"]] = dt.date(2026, 3, n)
        row[index["notes"]] = "=HYPERLINK(\"x\")" if n == 3 else ""
        rows.append(row)
    return rows


def test_written_rows_read_back_as_raw_values(emulator: SheetsEmulator, google) -> None:
    key = emulator.create_spreadsheet("Alice 2026")
    summary = write_tabs(google, key, {"Pipeline": _pipeline_rows("en")})
    tabs = read_google_tabs(google, key)
    assert tabs.sheet_names == ["Sheet1", "Pipeline"]
    rows = tabs.rows["Pipeline"]
    assert rows[0][:3] == ["Deal ID", "Deal name", "Customer"]
    created = [c.key for c in PIPELINE.input_columns].index("created_date")
    assert rows[1][created] == 46082  # 2026-03-01 as a date serial (UNFORMATTED_VALUE + SERIAL_NUMBER)
    notes = [c.key for c in PIPELINE.input_columns].index("notes")
    assert rows[3][notes] == '=HYPERLINK("x")'  # RAW: rep text never becomes a formula
    assert summary.rows == 4


def test_rep_spreadsheet_reads_into_workbook_data(emulator: SheetsEmulator, google) -> None:
    key = emulator.create_spreadsheet("Alice 2026")
    write_tabs(google, key, {"Pipeline": _pipeline_rows("en")})
    data = read_google_workbook(google, f"https://docs.google.com/spreadsheets/d/{key}/edit#gid=0")
    frame = data.frame("pipeline")
    assert list(frame["deal_id"]) == ["D-0001", "D-0002", "D-0003"]
    assert list(frame["stage"]) == ["proposal", "won", "lead"]
    assert list(frame["amount"]) == [12500.5, 30000.0, 800.0]
    assert list(frame["created_date"]) == [dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 3)]
    assert data.path == key


def test_chinese_tabs_are_found(emulator: SheetsEmulator, google) -> None:
    key = emulator.create_spreadsheet("王芳")
    write_tabs(google, key, {"商机": _pipeline_rows("zh")})
    data = read_google_workbook(google, key)
    assert data.lang == "zh"
    assert list(data.frame("pipeline")["stage"]) == ["proposal", "won", "lead"]


def test_a_read_takes_at_most_two_api_calls(emulator: SheetsEmulator, google) -> None:
    key = emulator.create_spreadsheet("Alice")
    write_tabs(google, key, {name: _pipeline_rows("en") for name in ("Pipeline", "Targets", "Tasks", "Risks")}
               | {"Config": [["key", "Setting", "Value"], ["currency", "Currency", "USD"]]})
    emulator.reset_log()
    data = read_google_workbook(google, key)
    assert emulator.calls(key) == 2
    assert data.config.currency == "USD"
    assert [r.path.rsplit("/", 1)[-1] for r in emulator.log] == [key, "values:batchGet"]


def test_large_writes_are_chunked_under_the_payload_limit(emulator: SheetsEmulator, google) -> None:
    key = emulator.create_spreadsheet("Master")
    rows = [["id", "text"]] + [[n, "x" * 200] for n in range(3000)]
    emulator.max_request_bytes = 200_000  # the emulator rejects bodies above this, as Google does at 10 MB
    summary = write_tabs(google, key, {"All": rows}, max_payload_bytes=150_000)
    assert summary.requests > 4
    values = read_google_tabs(google, key, ["All"]).rows["All"]
    assert len(values) == 3001 and values[-1] == [2999, "x" * 200]


def test_chunks_cover_every_row_in_order() -> None:
    rows = [[n, "abc" * (n % 7)] for n in range(500)]
    chunks = list(chunk_rows("T", rows, max_bytes=700))
    assert [r for c in chunks for r in c["values"]] == rows
    assert all(len(str(c).encode()) < 900 for c in chunks)


def test_rewrite_clears_old_rows(emulator: SheetsEmulator, google) -> None:
    key = emulator.create_spreadsheet("Master")
    write_tabs(google, key, {"All": [["h"], [1], [2], [3]]})
    write_tabs(google, key, {"All": [["h"], [9]]})
    assert read_google_tabs(google, key, ["All"]).rows["All"] == [["h"], [9]]


def test_not_a_salessheet_spreadsheet_is_unreadable(emulator: SheetsEmulator, google) -> None:
    from salessheet.errors import UnreadableFileError

    key = emulator.create_spreadsheet("Random")
    with pytest.raises(UnreadableFileError):
        read_google_workbook(google, key)


def test_frames_are_written_with_labels_and_read_back(emulator: SheetsEmulator, google) -> None:
    import pandas as pd

    from salessheet.io.google import frame_rows

    key = emulator.create_spreadsheet("Master")
    frame = pd.DataFrame({"deal_id": ["D-1", "D-2"], "amount": [10.5, None], "_row": [2, 3],
                          "created_date": [dt.date(2026, 1, 2), dt.date(2026, 1, 3)], "rep": ["a", "b"]})
    write_tabs(google, key, {"商机": frame_rows(frame, PIPELINE, "zh")})
    rows = read_google_tabs(google, key, ["商机"]).rows["商机"]
    assert rows[0] == ["商机编号", "金额", "创建日期", "rep"]
    assert rows[1:] == [["D-1", 10.5, 46024, "a"], ["D-2", "", 46025, "b"]]


def test_revision_changes_when_the_spreadsheet_changes(emulator: SheetsEmulator, google) -> None:
    from salessheet.io.google import spreadsheet_revision

    key = emulator.create_spreadsheet("Alice")
    before = spreadsheet_revision(google, key)
    assert before and spreadsheet_revision(google, key) == before
    write_tabs(google, key, {"Pipeline": [["Deal ID"]]})
    assert spreadsheet_revision(google, key) != before


def test_config_tab_names_match_the_reader() -> None:
    from salessheet.io.google.reader import CONFIG_TAB_NAMES
    from salessheet.read import workbook

    assert tuple(workbook._CONFIG_NAMES) == CONFIG_TAB_NAMES


def test_formula_errors_are_reported_at_their_cell(emulator: SheetsEmulator, google) -> None:
    key = emulator.create_spreadsheet("Alice")
    rows = _pipeline_rows("en")
    amount = [c.key for c in PIPELINE.input_columns].index("amount")
    rows[2][amount] = "#REF!"
    write_tabs(google, key, {"Pipeline": rows})
    data = read_google_workbook(google, key)
    at_cell = [i for i in data.report.issues if i.sheet == "Pipeline" and i.cell == f"{chr(65 + amount)}3"]
    assert at_cell and "#REF!" in (at_cell[0].raw or at_cell[0].message_en)
