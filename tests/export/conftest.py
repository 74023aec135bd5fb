"""A throwaway PostgreSQL server on 127.0.0.1 for the export tests, and demo team data."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from salessheet.demo.data import generate_team
from salessheet.export import TeamData
from tests.tools.system import require_tool


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _demote() -> tuple[Callable[[], None] | None, int | None, int | None]:
    """Run the server as an unprivileged user when the tests run as root (postgres refuses root)."""
    if os.geteuid() != 0:
        return None, None, None
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue

        def switch(uid: int = user.pw_uid, gid: int = user.pw_gid) -> None:
            os.setgid(gid)
            os.setuid(uid)
        return switch, user.pw_uid, user.pw_gid
    pytest.skip("running as root and no unprivileged user to run PostgreSQL as")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of the server's admin database; the server is stopped and deleted at teardown."""
    initdb = Path(require_tool("initdb"))
    pg_ctl = initdb.with_name("pg_ctl")
    switch, uid, gid = _demote()
    root = Path(tempfile.mkdtemp(prefix="salessheet-pg-"))
    data = root / "data"
    if uid is not None and gid is not None:
        os.chown(root, uid, gid)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    port = _free_port()
    run = {"preexec_fn": switch, "env": env, "capture_output": True, "check": True, "cwd": root}
    subprocess.run([str(initdb), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"], **run)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    log = str(root / "log")
    subprocess.run([str(pg_ctl), "-D", str(data), "-o", options, "-l", log, "-w", "start"], **run)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"],
                       **{**run, "check": False})
        shutil.rmtree(root, ignore_errors=True)


_counter = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A fresh, empty database on the throwaway server."""
    import psycopg

    name = f"export_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{postgres_server}/{name}"


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
