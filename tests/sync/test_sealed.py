"""Cache files beside a shared master: one planted or made by someone else is never unpickled
or copied into the master, and the consolidation is the same as without a cache."""

from __future__ import annotations

import pickle
import stat
import zipfile

from sync import sealed
from sync.extract import load_cache_file, store_cache_file
from sync.pipeline import consolidate
from tests.sync.test_rowcache import TODAY, _data_sheets, _team


class _Planted:
    """A pickle that, once loaded, leaves a file behind (seen whichever process loaded it)."""

    def __init__(self, mark):
        self.mark = mark

    def __reduce__(self):
        return (open, (str(self.mark), "w"))


def test_a_sealed_file_reads_back_and_any_other_is_missing(tmp_path, monkeypatch):
    store_cache_file(tmp_path / "a.pkl", b"content")
    assert load_cache_file(tmp_path / "a.pkl") == b"content"
    (tmp_path / "b.pkl").write_bytes(pickle.dumps(_Planted(tmp_path / "ran")))
    assert load_cache_file(tmp_path / "b.pkl") is None
    blob = bytearray((tmp_path / "a.pkl").read_bytes())
    blob[-1] ^= 1
    (tmp_path / "c.pkl").write_bytes(bytes(blob))
    assert load_cache_file(tmp_path / "c.pkl") is None
    assert stat.S_IMODE(sealed.key_path().stat().st_mode) == 0o600
    monkeypatch.setenv("SALESSHEET_HOME", str(tmp_path / "another-user"))  # another user's key
    assert load_cache_file(tmp_path / "a.pkl") is None


def test_planted_cache_files_are_never_loaded(tmp_path):
    master = tmp_path / "warm" / "master.xlsx"
    consolidate(_team(master, 1000.0, twin=False), today=TODAY)
    cache = master.parent / ".salessheet-cache" / "master"
    planted = [p for p in cache.rglob("*") if p.is_file() and p.suffix in (".pkl", ".z")]
    assert len(planted) > 5
    mark = tmp_path / "planted-code-ran"
    pickle.loads(pickle.dumps(_Planted(mark)))  # the payload works when loaded...
    assert mark.exists()
    mark.unlink()
    for path in planted:
        path.write_bytes(pickle.dumps(_Planted(mark)) if path.suffix == ".pkl" else b"\x00" * 12 + b"<x/>")
    again = consolidate(_team(master, 1000.0, twin=False), today=TODAY)
    assert not mark.exists() and again.sources_cached == 0  # ...but no process loaded one
    fresh = tmp_path / "cold" / "master.xlsx"
    consolidate(_team(fresh, 1000.0, twin=False), today=TODAY)
    assert _data_sheets(master) == _data_sheets(fresh)
    with zipfile.ZipFile(master) as package:
        assert package.testzip() is None


def test_without_a_place_for_the_key_nothing_is_cached_and_runs_still_work(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the key folder would go")
    monkeypatch.setenv("SALESSHEET_HOME", str(blocker / "home"))
    store_cache_file(tmp_path / "a.pkl", b"content")
    assert not (tmp_path / "a.pkl").exists()
    master = tmp_path / "master.xlsx"
    first = consolidate(_team(master, 1000.0, twin=False), today=TODAY)
    second = consolidate(_team(master, 1000.0, twin=False), today=TODAY)
    assert second.sources_cached == 0 and second.run_id == first.run_id + 1
