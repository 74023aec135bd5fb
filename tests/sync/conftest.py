"""Fixtures for sync tests: snapshot databases (SQLite file, real PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.postgres import postgres_server, postgres_url  # noqa: F401


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh snapshot database: a SQLite file, then a database on a throwaway PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'snapshots.db'}"
    return str(request.getfixturevalue("postgres_url"))
