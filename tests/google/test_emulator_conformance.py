"""The Sheets emulator answers gspread's recorded requests exactly as Google did.

Each cassette in ``../shared/reference/gspread-cassettes`` (recorded against the real Sheets v4
and Drive v3 APIs) is replayed in order against a fresh emulator. Status codes must match and
response bodies must be equal after these, and only these, are set aside:

* ids Google generates: Drive file / spreadsheet ids (``id``, ``spreadsheetId``), sheet ids
  (``sheetId``) and ``protectedRangeId``. The first two are *learned*: each recorded id is mapped
  to the id the emulator returned and later requests are rewritten with it, so a wrong id still
  fails the replay;
* timestamps: ``createdTime``, ``modifiedTime``;
* the recording account's e-mail address (protected-range ``editors.users``), which is the
  service account that made the recording;
* access tokens (the recorded ``authorization`` header is replaced by an emulator token).

A cassette that cannot match for a documented reason lists its differences in
``EXPECTED_DIFFERENCES``; it is then held to exactly that list (no more, no fewer).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests

from tests.tools.sheets_emulator import SheetsEmulator

CASSETTES = Path(__file__).parents[2].parent / "shared" / "reference" / "gspread-cassettes"
REQUIRED = os.environ.get("SALESSHEET_REQUIRE_TOOLS") == "1"

LEARNED_IDS = ("id", "spreadsheetId")
LEARNED_SHEET_IDS = ("sheetId",)
IGNORED_KEYS = ("protectedRangeId", "createdTime", "modifiedTime")
IGNORED_PATHS = (re.compile(r"\.editors\.users\[\d+\]$"),)

EXPECTED_DIFFERENCES: dict[str, list[str]] = {}
"""Cassette file -> differences accepted for it (none so far)."""


def _cassettes() -> list[Path]:
    return sorted(CASSETTES.glob("*.json")) if CASSETTES.is_dir() else []


class Replay:
    """Replays one cassette; learns the recorded -> emulator id mapping as answers come in."""

    def __init__(self, emulator: SheetsEmulator):
        self.emulator = emulator
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Bearer " + emulator.token_for(
            "salessheet-tests@emulator.iam.gserviceaccount.com"
        )
        self.ids: dict[str, str] = {}
        self.sheet_ids: dict[int, int] = {0: 0}
        self.differences: list[str] = []

    def _rewrite_text(self, text: str) -> str:
        for recorded, actual in self.ids.items():
            text = text.replace(recorded, actual)
        return text

    def _rewrite_body(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: (
                    self.sheet_ids.get(v, v)
                    if k in LEARNED_SHEET_IDS and isinstance(v, int)
                    else self._rewrite_body(v)
                )
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self._rewrite_body(v) for v in value]
        if isinstance(value, str):
            return self._rewrite_text(value)
        return value

    def send(self, request: dict[str, Any]) -> requests.Response:
        uri = re.sub(r"^https://[^/]+", self.emulator.base_url, request["uri"])
        uri = self._rewrite_text(uri)
        for recorded, actual in self.ids.items():
            uri = uri.replace(quote(recorded, safe=""), quote(actual, safe=""))
        body = request.get("body")
        data = None
        headers = {}
        if body:
            data = json.dumps(self._rewrite_body(json.loads(body))).encode()
            headers["Content-Type"] = "application/json"
        return self.session.request(request["method"], uri, data=data, headers=headers, timeout=30)

    def compare(self, expected: Any, actual: Any, path: str) -> None:
        if any(p.search(path) for p in IGNORED_PATHS):
            return
        if isinstance(expected, dict) and isinstance(actual, dict):
            for key in sorted(set(expected) | set(actual)):
                where = f"{path}.{key}"
                if key not in actual or key not in expected:
                    side = "missing" if key not in actual else "unexpected"
                    self.differences.append(f"{where}: {side}")
                elif key in IGNORED_KEYS:
                    continue
                elif key in LEARNED_IDS and isinstance(expected[key], str):
                    self._learn(self.ids, expected[key], actual[key], where)
                elif key in LEARNED_SHEET_IDS and isinstance(expected[key], int):
                    self._learn(self.sheet_ids, expected[key], actual[key], where)
                else:
                    self.compare(expected[key], actual[key], where)
            return
        if isinstance(expected, list) and isinstance(actual, list):
            if len(expected) != len(actual):
                self.differences.append(f"{path}: {len(expected)} items recorded, {len(actual)} answered")
            for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
                self.compare(e, a, f"{path}[{i}]")
            return
        if isinstance(expected, str):
            expected = self._rewrite_text(expected)
        if expected != actual or (type(expected) is not type(actual) and not _same_number(expected, actual)):
            self.differences.append(f"{path}: recorded {expected!r}, answered {actual!r}")

    def _learn(self, mapping: dict[Any, Any], recorded: Any, actual: Any, where: str) -> None:
        known = mapping.setdefault(recorded, actual)
        if known != actual:
            self.differences.append(f"{where}: recorded id maps to {known!r}, answered {actual!r}")


def _same_number(a: Any, b: Any) -> bool:
    numeric = (int, float)
    return isinstance(a, numeric) and isinstance(b, numeric) and not isinstance(a, bool) and a == b


def replay(path: Path) -> Iterator[str]:
    """Differences between the recorded answers of ``path`` and the emulator's."""
    cassette = json.loads(path.read_text(encoding="utf-8"))
    with SheetsEmulator() as emulator:
        run = Replay(emulator)
        for number, interaction in enumerate(cassette["interactions"]):
            recorded = interaction["response"]
            response = run.send(interaction["request"])
            label = f"#{number} {interaction['request']['method']} {interaction['request']['uri'][:90]}"
            status = recorded["status"]["code"]
            if response.status_code != status:
                yield f"{label}: status recorded {status}, answered {response.status_code}"
            text = recorded["body"]["string"]
            expected = json.loads(text) if text.strip() else None
            actual = response.json() if response.content.strip() else None
            run.differences.clear()
            run.compare(expected, actual, "$")
            for difference in run.differences:
                yield f"{label}: {difference}"


@pytest.fixture(scope="module", autouse=True)
def _require_cassettes() -> None:
    if not _cassettes():
        message = f"reference cassettes not found in {CASSETTES}"
        if REQUIRED:
            pytest.fail(f"SALESSHEET_REQUIRE_TOOLS=1 but {message}")
        pytest.skip(message)


@pytest.mark.parametrize("cassette", _cassettes() or [None], ids=lambda p: p.stem if p else "absent")
def test_emulator_answers_like_google(cassette: Path | None) -> None:
    """Every recorded interaction gets the recorded status and body (ids, timestamps aside)."""
    if cassette is None:
        pytest.skip("no cassettes")
    differences = list(replay(cassette))
    assert differences == EXPECTED_DIFFERENCES.get(cassette.name, []), "\n".join(differences)


def test_every_recorded_request_kind_is_replayed() -> None:
    """The cassettes exercise what the backend relies on (a guard against a thinned-out reference set)."""
    kinds: set[str] = set()
    for path in _cassettes():
        for interaction in json.loads(path.read_text(encoding="utf-8"))["interactions"]:
            body = interaction["request"].get("body")
            if body and '"requests"' in body:
                kinds.update(next(iter(r)) for r in json.loads(body)["requests"])
    assert {
        "addSheet",
        "deleteSheet",
        "updateSheetProperties",
        "setDataValidation",
        "addProtectedRange",
        "repeatCell",
    } <= kinds
