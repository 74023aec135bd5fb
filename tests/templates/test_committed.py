"""The committed templates and schema reference are exactly what the registry generates today."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from salessheet.templates.files import TEMPLATES, template_filename
from salessheet.templates.schema_doc import schema_markdown

ROOT = Path(__file__).resolve().parents[2]
REBUILD_HINT = "run `salessheet template build` and commit the result"


def _content(path: Path) -> dict[str, Any]:
    """Everything that matters in a workbook, as comparable plain data."""
    wb = openpyxl.load_workbook(path)
    content: dict[str, Any] = {
        "sheets": [(ws.title, ws.sheet_state) for ws in wb.worksheets],
        "names": sorted((name, dn.attr_text) for name, dn in wb.defined_names.items()),
        "custom": sorted((p.name, str(p.value)) for p in wb.custom_doc_props.props),
    }
    for ws in wb.worksheets:
        content[f"{ws.title}!cells"] = [[c.value for c in row] for row in ws.iter_rows()]
        content[f"{ws.title}!validations"] = sorted(
            (str(dv.sqref), dv.type, dv.formula1, dv.formula2, dv.prompt)
            for dv in ws.data_validations.dataValidation
        )
        content[f"{ws.title}!tables"] = sorted(
            (
                t.name,
                t.ref,
                [
                    (c.name, c.calculatedColumnFormula.attr_text if c.calculatedColumnFormula else None)
                    for c in t.tableColumns
                ],
            )
            for t in ws.tables.values()
        )
        content[f"{ws.title}!protected"] = bool(ws.protection.sheet)
    return content


@pytest.mark.parametrize(("kind", "lang"), TEMPLATES)
def test_committed_template_matches_a_rebuild(rebuilt: Path, kind: str, lang: str) -> None:
    name = template_filename(kind, lang)
    committed = ROOT / "workbook_templates" / name
    assert committed.exists(), f"{name} is missing; {REBUILD_HINT}"
    expected, actual = _content(rebuilt / name), _content(committed)
    assert expected.keys() == actual.keys(), REBUILD_HINT
    for key in expected:
        assert expected[key] == actual[key], f"{name}: {key} differs; {REBUILD_HINT}"


def test_schema_reference_matches_the_registry() -> None:
    committed = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert committed == schema_markdown() + "\n", REBUILD_HINT
