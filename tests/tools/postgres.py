"""A throwaway PostgreSQL server for tests: initdb in a temp dir, started on a free port.

Use the ``postgres_url`` fixture (session-wide server, one fresh database per test)::

    from tests.tools.postgres import postgres_server, postgres_url  # noqa: F401

Skips with a reason when PostgreSQL is not installed (fails under SALESSHEET_REQUIRE_TOOLS=1).
As root, the server runs as the ``postgres`` (or ``nobody``) system user, which owns the temp dir.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tools.system import require_tool

__all__ = ["PostgresServer", "postgres_server", "postgres_url"]

_counter = itertools.count(1)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _service_user() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    pytest.fail("running as root, but there is no 'postgres' or 'nobody' user to run PostgreSQL as")


class PostgresServer:
    """A PostgreSQL cluster in a temp dir, listening on 127.0.0.1 and a socket in that dir."""

    def __init__(self, initdb: str) -> None:
        self.bin = Path(initdb).parent
        self.root = Path(tempfile.mkdtemp(prefix="salessheet-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = _service_user()
        self.superuser = "salessheet"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        def demote() -> None:
            if self.user is not None:
                os.setgid(self.user.pw_gid)
                os.setuid(self.user.pw_uid)

        return subprocess.run(list(args), check=True, capture_output=True, text=True,
                              preexec_fn=demote, cwd=self.root, timeout=120)

    def start(self) -> None:
        """initdb and start; raises when the server does not come up."""
        if self.user is not None:
            os.chmod(self.root, 0o700)
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", self.superuser, "-A", "trust",
                  "-E", "UTF8", "--no-locale")
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c full_page_writes=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log.txt"),
                  "-o", options, "-w", "-t", "60", "start")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 1):
                return
            time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not start; see {self.root / 'log.txt'}")

    def stop(self) -> None:
        """Stop the server and remove its files."""
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of ``database``."""
        return f"postgresql://{self.superuser}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"test_{os.getpid()}_{next(_counter)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.superuser} dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole test session."""
    server = PostgresServer(require_tool("initdb"))
    try:
        server.start()
    except (subprocess.CalledProcessError, RuntimeError) as exc:
        detail = exc.stderr if isinstance(exc, subprocess.CalledProcessError) else str(exc)
        server.stop()
        pytest.fail(f"PostgreSQL is installed but did not start: {detail}")
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """URL of a fresh database on the session's PostgreSQL server."""
    return postgres_server.create_database()
