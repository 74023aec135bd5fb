"""`salessheet import`: suggest a mapping, dry-run an import, wrong usage."""

from __future__ import annotations

from pathlib import Path

import pytest

from salessheet.cli import run
from salessheet.migrate import load_mapping


def test_suggest_mapping_writes_a_loadable_file(messy: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "suggested.toml"
    assert run(["import", str(messy["source"]), "--suggest-mapping", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert '# stage = "?"  # required, not found in the source' in text  # "Phase" is not a known name
    assert 'split_by = "Rep"' in text
    mapping = load_mapping(out)
    assert mapping.columns["customer"] == "Client" and mapping.owner_header == "Rep"


def test_dry_run_reports_and_signals_skipped_rows(
    messy: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["import", str(messy["source"]), "-m", str(messy["mapping"]), "--roster", str(messy["team"]),
                "--dry-run"])
    captured = capsys.readouterr()
    assert code == 1
    assert "4 of 7 rows imported for 3 reps" in captured.out
    assert "3 rows not imported" in captured.err


def test_import_without_mapping_is_a_usage_error(messy: dict[str, Path]) -> None:
    assert run(["import", str(messy["source"]), "-o", "x"]) == 64
