"""docs/templates-evolution.md: the findings table matches the codes, the example runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from salessheet.evolve.findings import DRIFT, findings_markdown

DOC = Path(__file__).parents[2] / "docs" / "templates-evolution.md"


def test_findings_table_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- findings:start -->\n", 1)[1].split("<!-- findings:end -->", 1)[0]
    assert table == findings_markdown(), "regenerate with salessheet.evolve.findings.findings_markdown()"
    assert all(f"`{code}`" in table for code in DRIFT)


def test_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), {})
    from salessheet.evolve.upgrade import upgrade_file

    assert upgrade_file(tmp_path / "alice-v1.xlsx").version == 1
