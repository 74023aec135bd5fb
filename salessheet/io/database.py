"""Database engines for the snapshot history and the SQL export: one way from a URL to an
engine, and one clear message (without the password) when the database cannot be opened."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from salessheet.errors import ConfigError

__all__ = ["Database", "open_engine", "opening", "shown_url"]


@dataclass(frozen=True)
class Database:
    """Which database a URL is for, as an error names it and says where to fix it."""

    name_en: str
    name_zh: str
    option: str


def _driver_url(url: str) -> str:
    """``postgresql://`` (and ``postgres://``) through the psycopg 3 driver."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def shown_url(url: str) -> str:
    """``url`` as an error may show it: no password, the driver left out.

    >>> shown_url("postgresql+psycopg://ana:s3cret@db.example/sales")
    'postgresql://ana:***@db.example/sales'
    """
    try:
        shown = sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        shown = url.split("@")[-1] if "@" in url else url
    return shown.replace("postgresql+psycopg://", "postgresql://", 1)


def _unopenable(database: Database, url: str, exc: Exception) -> ConfigError:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
    return ConfigError(
        f"{database.name_en} cannot be opened: {reason}; check {database.option}",
        f"无法打开{database.name_zh}：{reason}；请检查 {database.option}", location=shown_url(url))


def open_engine(url: str, database: Database, *, pragmas: tuple[str, ...] = (),
                schemes: tuple[str, ...] | None = None) -> Engine:
    """An engine for ``url``; on SQLite each connection first runs ``pragmas``.

    Args:
        url: a SQLAlchemy URL; ``postgresql://`` uses the psycopg 3 driver.
        database: what the URL is for, as errors name it.
        pragmas: SQLite statements for each new connection ("PRAGMA foreign_keys=ON").
        schemes: the kinds of database allowed ("sqlite", "postgresql"); None: any that
            SQLAlchemy can open.

    Raises:
        ConfigError: a scheme not allowed, or a URL SQLAlchemy cannot open (a missing driver).
    """
    driver_url = _driver_url(url)
    scheme = url.split(":", 1)[0]
    kind = scheme.split("+", 1)[0]
    if schemes is not None and ("postgresql" if kind == "postgres" else kind) not in schemes:
        listed = " or ".join("sqlite:///" if s == "sqlite" else f"{s}://" for s in schemes)
        raise ConfigError(f"unsupported database URL {scheme!r}; use {listed}",
                          f"不支持的数据库地址 {scheme!r}；请使用 {listed}", location=database.option)
    try:
        engine = sa.create_engine(driver_url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise _unopenable(database, url, exc) from exc
    if engine.dialect.name == "sqlite" and pragmas:

        @sa.event.listens_for(engine, "connect")
        def _run_pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            for pragma in pragmas:
                cursor.execute(pragma)
            cursor.close()

    return engine


@contextlib.contextmanager
def opening(engine: Engine, database: Database) -> Iterator[None]:
    """Around the first use of ``engine``: a database that cannot be reached or opened (a
    server that is down, wrong credentials, a folder that does not exist) is one ConfigError."""
    try:
        yield
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
        raise _unopenable(database, engine.url.render_as_string(hide_password=False), exc) from exc
