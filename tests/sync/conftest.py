"""Fixtures for sync tests: snapshot databases (SQLite file, real PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.tools.postgres import postgres_server, postgres_url  # noqa: F401

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh snapshot database: a SQLite file, then a database on a throwaway PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'snapshots.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="session")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated team folder (rep workbooks from the real template, with planted mistakes)."""
    from salessheet.demo import generate_team
    from salessheet.demo.workbooks import write_team

    folder = tmp_path_factory.mktemp("team") / "reps"
    team = generate_team(reps=6, deals=12, today=TODAY)
    write_team(team, folder)
    return folder


@pytest.fixture
def team_dir(team_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the generated team: ``reps/`` with one workbook per rep."""
    target = tmp_path / "team" / "reps"
    shutil.copytree(team_template, target)
    return target.parent
