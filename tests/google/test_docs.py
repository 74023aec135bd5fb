"""The Python example in docs/google.md runs (against the emulator) and prints what the doc says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

import salessheet.io.google
from tests.google.conftest import connection_for
from tests.tools.sheets_emulator import SheetsEmulator

DOC = Path(__file__).parents[2] / "docs" / "google.md"


def test_python_example_runs(emulator: SheetsEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert block, "docs/google.md has a Python example"
    code = block.group(1)
    expected = [line[2:] for line in code.splitlines() if line.startswith("# ")]
    monkeypatch.setattr(salessheet.io.google, "connect", lambda *a, **k: connection_for(emulator))
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, str(DOC), "exec"), {})
    assert output.getvalue().splitlines() == expected


def test_request_counts_in_the_doc_are_true(emulator: SheetsEmulator) -> None:
    from salessheet.io.google import create_rep_spreadsheet

    created = create_rep_spreadsheet(connection_for(emulator), "Alice", rep_email="alice@example.com",
                                     notify=False)
    text = DOC.read_text(encoding="utf-8")
    assert f"| create a rep spreadsheet | {created.requests} in all with 200 prefilled rows" in text
