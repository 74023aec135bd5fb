"""The team to consolidate: reps, their workbook sources, the master path and the database.

A team comes from a ``team.toml``, from a master workbook's Roster sheet, or from a plain
folder of rep workbooks. Sources sit behind the small ``Source`` protocol so that other
kinds (Google Sheets) can be added without touching the rest of ``sync``.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import pickle
import shutil
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from salessheet.errors import ConfigError, UnreadableFileError
from salessheet.io.paths import WORKBOOK_SUFFIXES, is_workbook_file
from salessheet.schema import WorkbookConfig
from salessheet.workbook import WorkbookData

__all__ = [
    "MemorySource",
    "Rep",
    "Source",
    "Team",
    "XlsxSource",
    "inferred_roster",
    "load_team",
    "master_database_url",
]

Reader = Callable[[Path], WorkbookData]
"""Reads one workbook file into WorkbookData (``salessheet.io.read_workbook``)."""


@runtime_checkable
class Source(Protocol):
    """Where one rep workbook comes from.

    Attributes:
        id: stable identifier (the path for files), used for provenance and caching.
        rep_id: the rep the workbook belongs to, when known before reading.
    """

    @property
    def id(self) -> str:
        """Stable identifier of the source."""
        ...

    @property
    def rep_id(self) -> str | None:
        """The rep the workbook belongs to, when known before reading."""
        ...

    def fingerprint(self) -> str:
        """A hash of the source's current content; equal hashes mean equal workbooks."""
        ...

    def read(self) -> WorkbookData:
        """Read and return the workbook; raises UnreadableFileError when it cannot."""
        ...


def _default_reader(path: Path) -> WorkbookData:
    from sync.adapters import read_workbook_file

    return read_workbook_file(path)


@dataclass(frozen=True)
class XlsxSource:
    """A workbook file, read from a private copy.

    The rep may have the file open in Excel, or a sync client (OneDrive, Google Drive for
    desktop) may be rewriting it; copying first gives the reader one consistent version.
    """

    path: Path
    rep_id: str | None = None
    reader: Reader = _default_reader

    @property
    def id(self) -> str:
        """The file path."""
        return str(self.path)

    def fingerprint(self) -> str:
        """SHA-256 of the file's bytes."""
        digest = hashlib.sha256()
        try:
            with open(self.path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError as exc:
            raise UnreadableFileError(
                f"cannot open {self.path.name}: {exc.strerror}",
                f"无法打开 {self.path.name}：{exc.strerror}",
                location=str(self.path),
            ) from exc
        return digest.hexdigest()

    def read(self) -> WorkbookData:
        """Copy the file to a temp folder, read the copy, report the original path."""
        with tempfile.TemporaryDirectory(prefix="salessheet-src-") as folder:
            copy = Path(folder) / self.path.name
            try:
                shutil.copyfile(self.path, copy)
            except OSError as exc:
                raise UnreadableFileError(
                    f"cannot copy {self.path.name}: {exc.strerror}",
                    f"无法复制 {self.path.name}：{exc.strerror}",
                    location=str(self.path),
                ) from exc
            data = self.reader(copy)
        data.path = str(self.path)
        for index, issue in enumerate(data.report.issues):
            if issue.file == str(copy):
                data.report.issues[index] = replace(issue, file=str(self.path))
        return data


@dataclass(frozen=True)
class MemorySource:
    """A workbook already in memory (tests, other programs, a future API)."""

    id: str
    data: WorkbookData
    rep_id: str | None = None

    def fingerprint(self) -> str:
        """Hash of the pickled data."""
        return hashlib.sha256(pickle.dumps(self.data, protocol=5)).hexdigest()

    def read(self) -> WorkbookData:
        """A copy of the data (callers may modify what they get)."""
        copied: WorkbookData = pickle.loads(pickle.dumps(self.data, protocol=5))
        return copied


@dataclass(frozen=True)
class Rep:
    """One rep of the team (a Roster row)."""

    rep_id: str
    name: str = ""
    manager: str | None = None
    region: str | None = None
    email: str | None = None
    active: bool = True
    source: str | None = None

    def roster_row(self) -> dict[str, Any]:
        """The rep as a Roster row with canonical column keys."""
        return {
            "rep_id": self.rep_id,
            "name": self.name or self.rep_id,
            "email": self.email,
            "manager": self.manager,
            "region": self.region,
            "active": self.active,
            "source": self.source,
        }


@dataclass
class Team:
    """Everything ``consolidate`` needs to know about a team.

    Attributes:
        name: team name shown in the master.
        reps: the roster, in the order given.
        sources: one Source per rep workbook.
        master: path of the master workbook.
        db_url: SQLAlchemy URL of the snapshot database; None = SQLite beside the master.
        lang: language of the master ("en" or "zh"); None = the previous master's, else English.
        config: stages and thresholds; None = the previous master's Config sheet, else defaults.
        problems: (rep_id, declared source) of each rep whose workbook could not be found.
    """

    name: str
    reps: tuple[Rep, ...]
    sources: tuple[Source, ...]
    master: Path
    db_url: str | None = None
    lang: str | None = None
    config: WorkbookConfig | None = None
    problems: tuple[tuple[str, str], ...] = ()
    root: Path | None = None

    def roster_for(self, master: Path) -> tuple[Rep, ...]:
        """The reps with their sources relative to ``master``'s folder (as the master's Roster keeps them)."""
        if self.root is None:
            return self.reps
        out = []
        for rep in self.reps:
            source = rep.source
            if source and not os.path.isabs(source) and not _is_google(source):
                full = os.path.abspath(os.path.join(self.root, source))
                source = os.path.relpath(full, os.path.abspath(master.parent))
            out.append(replace(rep, source=source))
        return tuple(out)

    def rep(self, rep_id: str) -> Rep | None:
        """The rep with ``rep_id``, if on the roster."""
        return next((r for r in self.reps if r.rep_id == rep_id), None)

    @property
    def database_url(self) -> str:
        """The snapshot database: the given URL, else ``<master>.salessheet.db`` (SQLite)."""
        return self.db_url or master_database_url(self.master)


def master_database_url(master: Path) -> str:
    """The default snapshot database of a master: SQLite ``<master stem>.salessheet.db`` beside it.

    >>> master_database_url(Path("/team/master.xlsx"))
    'sqlite:////team/master.salessheet.db'
    """
    return f"sqlite:///{master.with_name(master.stem + '.salessheet.db')}"


def _expand(pattern: str, base: Path) -> list[Path]:
    full = pattern if os.path.isabs(pattern) else str(base / pattern)
    if glob.has_magic(full):
        return sorted(Path(p) for p in glob.glob(full) if is_workbook_file(Path(p)))
    return [Path(full)]


def _is_google(source: str) -> bool:
    from salessheet.io.google.keys import is_google_source

    return is_google_source(source)


def inferred_roster(reps: Sequence[Rep], master: Path) -> tuple[Rep, ...]:
    """``reps`` inferred from a folder's files, their sources as the master's Roster keeps them.

    The files were named from the working folder; a later run may start anywhere from the
    master. A file inside the master's folder is named relative to it, so the master and its
    team folder can move together; any other by its absolute path.
    """
    base = os.path.abspath(master.parent)
    out = []
    for rep in reps:
        source = rep.source
        if source and not _is_google(source):
            full = os.path.abspath(source)
            with contextlib.suppress(ValueError):  # (another drive: only the absolute path)
                if os.path.commonpath([full, base]) == base:
                    full = os.path.relpath(full, base)
            source = full
        out.append(replace(rep, source=source))
    return tuple(out)


def _sources_for(
    reps: list[Rep], base: Path, reader: Reader | None, google_credentials: str | None = None
) -> tuple[list[Source], list[tuple[str, str]]]:
    sources: list[Source] = []
    problems: list[tuple[str, str]] = []
    extra = {"reader": reader} if reader else {}
    for rep in reps:
        if not rep.source:
            continue
        if _is_google(rep.source):
            from sync.google import GoogleSource

            sources.append(GoogleSource(rep.source, rep.rep_id, google_credentials))
            continue
        paths = _expand(rep.source, base)
        if not paths or not all(p.exists() for p in paths):
            problems.append((rep.rep_id, rep.source))
            paths = [p for p in paths if p.exists()]
        sources.extend(XlsxSource(path=p, rep_id=rep.rep_id, **extra) for p in paths)
    return sources, problems


def _team_from_toml(path: Path, reader: Reader | None) -> Team:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"cannot read team file: {exc}", f"无法读取团队文件：{exc}", location=str(path)
        ) from exc
    head = data.get("team", {})
    reps: list[Rep] = []
    for number, item in enumerate(data.get("reps", []), start=1):
        if not isinstance(item, dict) or not item.get("rep_id"):
            raise ConfigError(
                f"rep #{number} has no rep_id", f"第 {number} 个销售缺少 rep_id", location=str(path)
            )
        known = {k: item[k] for k in ("name", "manager", "region", "email", "active", "source") if k in item}
        reps.append(Rep(rep_id=str(item["rep_id"]), **known))
    ids = [r.rep_id for r in reps]
    if len(set(ids)) != len(ids):
        raise ConfigError("rep_id values must be unique", "rep_id 不能重复", location=str(path))
    base = path.parent
    credentials = head.get("google_credentials")
    if credentials and not os.path.isabs(credentials):
        credentials = str(base / credentials)
    sources, problems = _sources_for(reps, base, reader, credentials)
    master = Path(head.get("master", "master.xlsx"))
    config = WorkbookConfig(**head["config"]) if isinstance(head.get("config"), dict) else None
    return Team(
        name=str(head.get("name", base.name)),
        reps=tuple(reps),
        sources=tuple(sources),
        master=master if master.is_absolute() else base / master,
        db_url=head.get("db"),
        lang=("zh" if str(head["lang"]).startswith("zh") else "en") if "lang" in head else None,
        config=config,
        problems=tuple(problems),
        root=base,
    )


def _team_from_folder(folder: Path, master: Path | None, reader: Reader | None) -> Team:
    master = master or folder / "master.xlsx"
    files = sorted(p for p in folder.iterdir() if is_workbook_file(p) and p.resolve() != master.resolve())
    extra = {"reader": reader} if reader else {}
    # The rep id comes from the workbook's owner stamp once read; until then, the file name.
    sources: list[Source] = [XlsxSource(path=p, rep_id=None, **extra) for p in files]
    return Team(name=folder.name, reps=(), sources=tuple(sources), master=master)


def _team_from_master(path: Path, reader: Reader | None) -> Team:
    from sync.load import read_master_roster

    reps, lang = read_master_roster(path)
    if not reps:
        raise ConfigError(
            "the master has no Roster rows with a workbook source",
            "总表的团队名单中没有填写工作簿来源的销售",
            location=str(path),
        )
    sources, problems = _sources_for(list(reps), path.parent, reader)
    return Team(
        name=path.stem, reps=reps, sources=tuple(sources), master=path, lang=lang, problems=tuple(problems),
        root=path.parent,
    )


def load_team(target: str | Path, *, master: Path | None = None, reader: Reader | None = None) -> Team:
    """Describe a team from a ``team.toml``, a master workbook, or a folder of rep workbooks.

    Args:
        target: team.toml file, master .xlsx, or folder (with or without a team.toml).
        master: overrides the master path.
        reader: reads one workbook file; defaults to ``salessheet.io.read_workbook``.

    Raises:
        ConfigError: the team file cannot be used, or the target does not exist.
    """
    path = Path(target)
    if path.is_dir():
        toml = path / "team.toml"
        team = _team_from_toml(toml, reader) if toml.exists() else _team_from_folder(path, master, reader)
    elif path.suffix.lower() == ".toml":
        team = _team_from_toml(path, reader)
    elif path.suffix.lower() in WORKBOOK_SUFFIXES and path.exists():
        team = _team_from_master(path, reader)
    else:
        raise ConfigError(
            f"{path} is not a team.toml, a master workbook or a folder",
            f"{path} 不是 team.toml、总表或文件夹",
            location=str(path),
        )
    if master is not None:
        team.master = master
    return team
