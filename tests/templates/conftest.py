"""Fixtures shared by the template tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from salessheet.cli.app import run


@pytest.fixture(scope="session")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder where ``salessheet template build`` wrote the templates and ``schema.md``."""
    folder = tmp_path_factory.mktemp("templates")
    assert run(["template", "build", "--out", str(folder), "--docs", str(folder / "schema.md")]) == 0
    return folder
