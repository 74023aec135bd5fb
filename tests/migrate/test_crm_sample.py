"""The real reference CRM export: suggest a mapping from its headers, import it with the shipped one."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import pytest

from salessheet.migrate import import_frame, load_mapping, read_source, suggest_for_file

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "crm-sales-opportunities"
MAPPING = Path(__file__).resolve().parents[2] / "docs" / "examples" / "crm-sample-mapping.toml"


@pytest.fixture
def crm() -> Path:
    if not (REFERENCE / "sales_pipeline.csv").is_file():
        message = f"reference CRM sample not found at {REFERENCE}"
        if os.environ.get("SALESSHEET_REQUIRE_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return REFERENCE


def test_suggest_mapping_on_crm_headers(crm: Path) -> None:
    suggestion = suggest_for_file(crm / "sales_pipeline.csv")
    assert suggestion.columns == {
        "deal_id": "opportunity_id", "customer": "account", "owner": "sales_agent", "stage": "deal_stage",
        "amount": "close_value", "created_date": "engage_date", "expected_close_date": "close_date",
        "product": "product",
    }
    assert suggestion.stages == {"Won": "won", "Engaging": "qualified", "Lost": "lost", "Prospecting": "lead"}
    assert suggestion.unmatched_headers == [] and suggestion.unmatched_required == []
    assert 'split_by = "sales_agent"' in suggestion.to_toml()


def test_import_crm_sample_in_seconds(crm: Path) -> None:
    start = time.perf_counter()
    mapping = load_mapping(MAPPING)
    frame, _ = read_source(crm / "sales_pipeline.csv")
    team, _ = read_source(crm / "sales_teams.csv")
    result = import_frame(frame, mapping, team=team, source="sales_pipeline.csv")
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"import took {elapsed:.1f}s"
    assert result.source_rows == 8800 and result.imported_rows == 8800
    assert len(result.rows) == 30 and len(result.roster) == 35
    stages = Counter(r["stage"] for rows in result.rows.values() for r in rows)
    assert stages == {"won": 4238, "lost": 2473, "qualified": 1589, "lead": 500}
    products = Counter(r["product"] for rows in result.rows.values() for r in rows)
    assert products["GTX Pro"] == 1480 and "GTXPro" not in products
    defaulted = Counter(i.column for i in result.report if i.code == "import.value.defaulted")
    assert defaulted == {"customer": 1425, "created_date": 500, "amount": 2089}
    assert result.report.counts()["error"] == 0
    moses = next(r for r in result.roster if r["name"] == "Moses Frase")
    assert moses == {"rep_id": "moses.frase", "name": "Moses Frase", "manager": "Dustin Brinkmann",
                     "region": "Central"}


def test_documented_command_on_the_sample(crm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from salessheet.cli import run

    code = run(["import", str(crm / "sales_pipeline.csv"), "--mapping", str(MAPPING),
                "--roster", str(crm / "sales_teams.csv"), "--split-by", "sales_agent", "--dry-run"])
    assert code == 0
    assert "8800 of 8800 rows imported for 30 reps" in capsys.readouterr().out
