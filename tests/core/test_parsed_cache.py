"""The parsed-table cache: same rows as parsing, only for verified bytes, never an error."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from npl_tui.core import snapshot as snapshot_module
from npl_tui.core.parsed_cache import ParsedCache, parser_id
from npl_tui.core.snapshot import DataError, read_snapshot_dir
from npl_tui.core.sources import LocalSnapshotSource


@pytest.fixture
def snap_dir(tmp_path: Path, shipped_dir: Path) -> Path:
    target = tmp_path / "snap"
    shutil.copytree(shipped_dir, target)
    return target


def rows_of(snap) -> dict[str, tuple[dict, ...]]:
    return {name: tuple(dict(r) for r in table.rows) for name, table in snap.tables.items()}


def test_second_read_comes_from_the_cache_with_identical_rows(snap_dir, tmp_path, monkeypatch):
    cache = ParsedCache(tmp_path / "parsed")
    uncached = read_snapshot_dir(snap_dir)
    first = read_snapshot_dir(snap_dir, parsed=cache)
    assert len(list(cache.root.iterdir())) == 4  # one file per table

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again although cached")

    monkeypatch.setattr(snapshot_module, "parse_table", no_parsing)
    second = read_snapshot_dir(snap_dir, parsed=cache)
    assert rows_of(second) == rows_of(first) == rows_of(uncached)
    assert isinstance(second.ratios.rows[0]["as_of"], dt.date)  # dates come back as dates
    with pytest.raises(TypeError):
        second.ratios.rows[0]["value"] = 0  # read-only, as parsed rows are


def test_changed_bytes_are_verified_and_parsed_never_served_from_the_cache(snap_dir, tmp_path):
    cache = ParsedCache(tmp_path / "parsed")
    read_snapshot_dir(snap_dir, parsed=cache)
    ratios = snap_dir / "ratios.csv"
    ratios.write_text(ratios.read_text(encoding="utf-8").replace("1.5,", "9.5,", 1), encoding="utf-8")
    with pytest.raises(DataError, match="SHA-256"):
        read_snapshot_dir(snap_dir, parsed=cache)  # the manifest still names the old bytes


def test_a_corrupt_or_foreign_cache_file_is_ignored_and_rewritten(snap_dir, tmp_path):
    cache = ParsedCache(tmp_path / "parsed")
    expected = rows_of(read_snapshot_dir(snap_dir, parsed=cache))
    files = sorted(cache.root.iterdir())
    files[0].write_bytes(b"\x00garbage")
    files[1].write_bytes(files[2].read_bytes())  # another table's rows: wrong columns
    assert rows_of(read_snapshot_dir(snap_dir, parsed=cache)) == expected
    assert files[0].read_bytes() != b"\x00garbage"  # parsed again and stored again


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_cache_directory_is_not_an_error(snap_dir, tmp_path):
    root = tmp_path / "ro"
    root.mkdir()
    root.chmod(0o500)
    try:
        snap = read_snapshot_dir(snap_dir, parsed=ParsedCache(root / "parsed"))
        assert len(snap.announcements) > 0
    finally:
        root.chmod(0o700)


def test_a_file_in_the_way_of_the_cache_directory_is_not_an_error(snap_dir, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    snap = read_snapshot_dir(snap_dir, parsed=ParsedCache(blocker / "parsed"))
    assert len(snap.announcements) > 0


def test_cache_files_are_named_by_the_parser_so_a_new_version_never_reads_old_rows(snap_dir, tmp_path):
    cache = ParsedCache(tmp_path / "parsed")
    read_snapshot_dir(snap_dir, parsed=cache)
    assert all(p.name.endswith(f"-{parser_id()}.marshal") for p in cache.root.iterdir())


def test_local_source_uses_the_cache_it_is_given(snap_dir, tmp_path):
    cache = ParsedCache(tmp_path / "parsed")
    LocalSnapshotSource(snap_dir, parsed=cache)._read()
    assert len(list(cache.root.iterdir())) == 4
    assert not (Path(os.environ["XDG_CACHE_HOME"]) / "npl-tui" / "parsed").exists()  # only where told
