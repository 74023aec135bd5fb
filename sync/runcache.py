"""The newest run's prepared snapshot, kept beside the master for the next run's comparison.

Comparing a run with the previous one needs the previous run's deals, overdue tasks and red
risks. Read back from the database that costs about half a second for a 50-rep team; kept
from the run that made them it costs a few milliseconds. The file is keyed by the database,
the run (id and time), the settings and the salessheet and pandas versions it was made
with: for anything else, the comparison reads the snapshot from the database as before.
Like the other caches it only saves time: a missing or damaged file is ignored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from salessheet import __version__
from salessheet.schema import WorkbookConfig, schema_hash
from sync.changes import Prepared
from sync.extract import load_cache_file, store_cache_file

__all__ = ["load_prepared", "prepared_writer"]

_FORMAT = 2  # 2: targets are compared too
_NAME = "last-run.pkl"
_PENDING = ".last-run.pkl.pending"
"""Written before the run is committed, renamed to ``_NAME`` once it is (one run at a time)."""


def _key(database: str, run_id: int, generated_at: dt.datetime, config: WorkbookConfig) -> str:
    text = "\x1f".join([str(_FORMAT), database, str(run_id), generated_at.isoformat(),
                        config.model_dump_json(), schema_hash(), __version__, pd.__version__])
    return hashlib.sha256(text.encode()).hexdigest()


def prepared_writer(folder: Path, prepared: Prepared, *, database: str, run_id: int,
                    generated_at: dt.datetime, config: WorkbookConfig) -> Callable[[bool], None]:
    """Keep ``prepared`` as the snapshot of run ``run_id``, once that run is committed.

    The file is written here beside its place (a run does it while its master is written);
    the returned call puts it in place, replacing the one kept before, once the run is
    committed (True), or removes it when the run was rolled back (False).
    """
    key = _key(database, run_id, generated_at, config)
    pending = folder / _PENDING
    store_cache_file(pending, pickle.dumps((key, prepared), protocol=5))

    def finish(committed: bool) -> None:
        with contextlib.suppress(OSError):
            if committed:
                os.replace(pending, folder / _NAME)
            else:
                pending.unlink()

    return finish


def load_prepared(folder: Path, *, database: str, run_id: int, generated_at: dt.datetime,
                  config: WorkbookConfig) -> Prepared | None:
    """The prepared snapshot of run ``run_id`` if it is the one kept, else None."""
    stored = load_cache_file(folder / _NAME)
    if stored is None:
        return None
    with contextlib.suppress(pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError,
                             TypeError):
        key, prepared = pickle.loads(stored)
        if key == _key(database, run_id, generated_at, config) and isinstance(prepared, Prepared):
            return prepared
    return None
