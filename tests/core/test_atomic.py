"""write_atomic: the target is the old file or the new one, never a mix or a leftover."""

from __future__ import annotations

import os
import sys

import pytest

from npl_tui.core import atomic
from npl_tui.core.atomic import write_atomic


def test_replaces_and_keeps_the_existing_files_mode(tmp_path):
    target = tmp_path / "f.json"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    assert write_atomic(target, b"new") == target
    assert target.read_bytes() == b"new"
    if sys.platform != "win32":
        assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_file_is_private_unless_a_mode_is_given(tmp_path):
    write_atomic(tmp_path / "a", b"x")
    write_atomic(tmp_path / "b", b"x", mode=0o644)
    assert (tmp_path / "a").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "b").stat().st_mode & 0o777 == 0o644


def test_a_failed_write_leaves_the_target_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "f"
    target.write_bytes(b"old")

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f"]


def test_the_temporary_file_carries_the_given_prefix(tmp_path, monkeypatch):
    seen = []
    real = atomic.os.replace
    monkeypatch.setattr(atomic.os, "replace", lambda src, dst: (seen.append(os.path.basename(src)), real(src, dst)))
    write_atomic(tmp_path / "meta.json", b"{}", prefix=".tmp-meta.json-")
    assert seen and seen[0].startswith(".tmp-meta.json-")
