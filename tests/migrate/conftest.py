"""A messy foreign export and its mapping, written by the tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

MESSY_HEADER = ["Opp #", "Rep", "Client", "Phase", "Value", "Opened", "Closing", "Item", "Probability",
                "Misc"]
MESSY_ROWS = [
    ["A-1", "Moses Frase", "Cancity", "Won", "1,054", "2016-10-20", "2017-03-01", "GTXPro", "", "x"],
    ["A-2", "Moses Frase", "", "Prospecting", "", "", "", "GTX Basic", "", ""],
    ["A-3", "Darcel Schlecht", "Isdom", "Engaging", "12,5O0", "2016-11-02", "2017-02-31", "Widget X", "40%",
     ""],
    ["A-4", "", "Codehow", "Lost", "300", "2016-11-03", "", "MG Special", "", ""],
    ["A-5", "Darcel Schlecht", "Zoomit", "Mystery", "300", "2016-11-04", "", "MG Special", "", ""],
    ["A-3", "Darcel Schlecht", "Isdom", "Won", "80", "2016-11-05", "", "MG Special", "", ""],
    ["A-6", "Zoë Müller", "=HYPERLINK(\"http://evil\")", "Closed Won", "(50)", "2016-11-06", "",
     "=cmd|' /C calc'!A0", "250%", ""],
]
MESSY_TEAM = [
    ["agent", "boss", "office"],
    ["Moses Frase", "Dustin Brinkmann", "Central"],
    ["Darcel Schlecht", "Melvin Marxen", "Central"],
    ["Anna Snelling", "Dustin Brinkmann", "Central"],
]
MESSY_MAPPING = """
split_by = "Rep"
currency = "USD"
date_format = "%Y-%m-%d"
products = ["GTX Basic", "GTX Pro", "MG Special"]

[columns]
deal_id = "Opp #"
customer = "Client"
stage = "Phase"
amount = "Value"
created_date = "Opened"
expected_close_date = "Closing"
product = "Item"
probability = "Probability"

[stages]
Prospecting = "lead"
Engaging = "qualified"
"Closed Won" = "won"

[values.product]
GTXPro = "GTX Pro"

[defaults]
customer = "(no account)"
created_date = "2016-10-01"
amount = 0

[roster]
match = "agent"
[roster.columns]
name = "agent"
manager = "boss"
region = "office"
"""


def _write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture
def messy(tmp_path: Path) -> dict[str, Path]:
    """Paths of the messy export, its team list and its mapping file."""
    return {
        "source": _write(tmp_path / "export.csv", [MESSY_HEADER, *MESSY_ROWS]),
        "team": _write(tmp_path / "team.csv", MESSY_TEAM),
        "mapping": _write_text(tmp_path / "mapping.toml", MESSY_MAPPING),
    }


def _write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
