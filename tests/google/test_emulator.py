"""The emulator beyond the cassettes: errors in Google's shapes, quota, counters, input parsing."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.tools.sheets_emulator import DEFAULT_ACCOUNT, SheetsEmulator
from tests.tools.sheets_emulator.ranges import parse_range


def _call(
    emulator: SheetsEmulator, method: str, path: str, email: str = DEFAULT_ACCOUNT, **kwargs: Any
) -> requests.Response:
    return emulator.session(email).request(
        method, "https://sheets.googleapis.com" + path, timeout=10, **kwargs
    )


def test_listens_on_localhost_only_and_stops(emulator: SheetsEmulator) -> None:
    assert emulator.base_url.startswith("http://127.0.0.1:")
    url = emulator.base_url
    emulator.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/v4/spreadsheets/x", timeout=2)


def test_errors_have_googles_shapes(emulator: SheetsEmulator) -> None:
    key = emulator.create_spreadsheet("Private", owner="bob@example.com")
    assert _call(emulator, "GET", f"/v4/spreadsheets/{key}").json() == {
        "error": {
            "code": 403,
            "message": "The caller does not have permission",
            "status": "PERMISSION_DENIED",
        }
    }
    assert _call(emulator, "GET", "/v4/spreadsheets/nope").json()["error"] == {
        "code": 404,
        "message": "Requested entity was not found.",
        "status": "NOT_FOUND",
    }
    anonymous = requests.get(f"{emulator.base_url}/v4/spreadsheets/{key}", timeout=10)
    assert anonymous.status_code == 401 and anonymous.json()["error"]["status"] == "UNAUTHENTICATED"


def test_quota_answers_429_until_the_minute_has_passed(emulator: SheetsEmulator) -> None:
    key = emulator.create_spreadsheet("Busy")
    emulator.quota_per_minute, emulator.retry_after = 2, 30
    codes = [_call(emulator, "GET", f"/v4/spreadsheets/{key}").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = _call(emulator, "GET", f"/v4/spreadsheets/{key}")
    assert refused.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert refused.headers["Retry-After"] == "30"
    # Writes have their own per-minute quota, as on Google.
    assert _call(emulator, "POST", f"/v4/spreadsheets/{key}/values/A1:clear").status_code == 200
    emulator.advance_clock(61)
    assert _call(emulator, "GET", f"/v4/spreadsheets/{key}").status_code == 200
    assert emulator.calls(key) == 6 and emulator.calls(key, include_errors=False) == 4


def test_user_entered_values_are_parsed_like_google(emulator: SheetsEmulator) -> None:
    key = emulator.create_spreadsheet("Parse")
    entered = [["12%", "$1,200", "2,000,000.01", "3/5/2026", "TRUE", "'0123", "=2*3", "text"]]
    _call(
        emulator,
        "PUT",
        f"/v4/spreadsheets/{key}/values/A1",
        params={"valueInputOption": "USER_ENTERED"},
        json={"values": entered},
    )

    def get(render: str) -> list[Any]:
        return _call(
            emulator, "GET", f"/v4/spreadsheets/{key}/values/A1:H1", params={"valueRenderOption": render}
        ).json()["values"][0]

    assert get("UNFORMATTED_VALUE") == [0.12, 1200, 2000000.01, 46086, True, "0123", 6, "text"]
    assert get("FORMATTED_VALUE") == [
        "12%",
        "$1,200",
        "2,000,000.01",
        "3/5/2026",
        "TRUE",
        "0123",
        "6",
        "text",
    ]
    assert get("FORMULA")[6] == "=2*3"


def test_writes_outside_the_grid_are_refused(emulator: SheetsEmulator) -> None:
    key = emulator.create_spreadsheet("Small")
    answer = _call(
        emulator,
        "PUT",
        f"/v4/spreadsheets/{key}/values/A1000",
        params={"valueInputOption": "RAW"},
        json={"values": [["x"], ["y"]]},
    )
    assert answer.status_code == 400
    assert "exceeds grid limits. Max rows: 1000, max columns: 26" in answer.json()["error"]["message"]


def test_columns_major_dimension(emulator: SheetsEmulator) -> None:
    key = emulator.create_spreadsheet("Cols")
    _call(
        emulator,
        "PUT",
        f"/v4/spreadsheets/{key}/values/B2",
        params={"valueInputOption": "RAW"},
        json={"values": [[1, 2, 3]], "majorDimension": "COLUMNS"},
    )
    rows = _call(
        emulator,
        "GET",
        f"/v4/spreadsheets/{key}/values/Sheet1",
        params={"valueRenderOption": "UNFORMATTED_VALUE"},
    ).json()
    assert rows["values"] == [[], ["", 1], ["", 2], ["", 3]]


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("'My tab'!A1:C", ("My tab", 0, None, 0, 3)),
        ("Sheet1!B:B", ("Sheet1", None, None, 1, 2)),
        ("A2:2", (None, 1, 2, 0, None)),
        ("'It''s'!D4", ("It's", 3, 4, 3, 4)),
    ],
)
def test_a1_ranges(text: str, bounds: tuple[Any, ...]) -> None:
    parsed = parse_range(text, ["Sheet1"])
    assert (parsed.title, parsed.start_row, parsed.end_row, parsed.start_col, parsed.end_col) == bounds


def test_create_with_sheets_and_update_cells(emulator: SheetsEmulator) -> None:
    created = _call(emulator, "POST", "/v4/spreadsheets", json={
        "properties": {"title": "Team master", "locale": "zh_CN"},
        "sheets": [{"properties": {"title": "汇总", "gridProperties": {"rowCount": 5, "columnCount": 3}}}]})
    body = created.json()
    assert [s["properties"]["title"] for s in body["sheets"]] == ["汇总"]
    assert body["properties"]["locale"] == "zh_CN"
    key, sheet_id = body["spreadsheetId"], body["sheets"][0]["properties"]["sheetId"]
    update = {"updateCells": {"start": {"sheetId": sheet_id, "rowIndex": 1, "columnIndex": 1},
                              "rows": [{"values": [{"userEnteredValue": {"numberValue": 7}},
                                                   {"userEnteredValue": {"formulaValue": "=B2*2"}}]}],
                              "fields": "userEnteredValue"}}
    assert _call(emulator, "POST", f"/v4/spreadsheets/{key}:batchUpdate",
                 json={"requests": [update]}).json()["replies"] == [{}]
    values = _call(emulator, "GET", f"/v4/spreadsheets/{key}/values/'汇总'!B2:C2",
                   params={"valueRenderOption": "UNFORMATTED_VALUE"}).json()
    assert values["values"] == [[7, 14]]


def test_batch_update_is_all_or_nothing(emulator: SheetsEmulator) -> None:
    key = emulator.create_spreadsheet("Atomic")
    answer = _call(emulator, "POST", f"/v4/spreadsheets/{key}:batchUpdate", json={"requests": [
        {"addSheet": {"properties": {"title": "New"}}}, {"deleteSheet": {"sheetId": 12345}}]})
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "Invalid requests[1].deleteSheet: No grid with id: 12345"
    assert [s.title for s in emulator.books[key].sheets] == ["Sheet1"]
