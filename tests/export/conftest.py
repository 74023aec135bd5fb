"""Export databases (a SQLite file, a database on a throwaway PostgreSQL server) and demo team data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salessheet.demo.data import generate_team
from salessheet.export import TeamData
from tests.tools.postgres import postgres_server, postgres_url  # noqa: F401


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each export test runs against a real SQLite file and a real PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sales.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def team_data() -> TeamData:
    """A demo team's rows (every sheet), as the reader would return them."""
    team = generate_team(reps=4, deals=25, today=dt.date(2026, 11, 25))
    rows: dict[str, list[dict[str, object]]] = {k: [] for k in ("targets", "pipeline", "tasks", "risks")}
    for rep in team.reps:
        for key, values in rep.rows.items():
            rows[key] += [dict(v) for v in values]
    rows["roster"] = [dict(r) for r in team.roster]
    return TeamData(config=team.config, rows=rows)
