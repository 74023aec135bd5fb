"""docs/migration.md: the generated schema and CRM sections match the code; the example mapping loads."""

from __future__ import annotations

import shutil
from pathlib import Path

from salessheet.export.docs import SECTIONS, update_doc
from salessheet.migrate import load_mapping

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_generated_sections_are_up_to_date(tmp_path: Path) -> None:
    copy = tmp_path / "migration.md"
    shutil.copy(DOCS / "migration.md", copy)
    assert not update_doc(copy), "run: python -m salessheet.export.docs docs/migration.md"
    text = copy.read_text(encoding="utf-8")
    for name, render in SECTIONS.items():
        assert f"<!-- {name}:start -->\n\n{render()}\n<!-- {name}:end -->" in text


def test_schema_section_lists_every_table() -> None:
    text = (DOCS / "migration.md").read_text(encoding="utf-8")
    for table in ("reps", "customers", "deals", "deal_history", "tasks", "risks", "targets"):
        assert f"### `{table}`" in text
    assert "`probability <= 1`" in text and "`likelihood >= 1`" in text and "→ reps.rep_id" in text


def test_example_mapping_loads() -> None:
    mapping = load_mapping(DOCS / "examples" / "crm-sample-mapping.toml")
    assert mapping.owner_header == "sales_agent" and mapping.stages["Engaging"] == "qualified"
