"""Writing a file so that a reader never sees half of it, whatever happens meanwhile.

The bytes go to a temporary file in the same directory, are flushed to disk, and the
temporary file then replaces the target with ``os.replace`` (atomic on POSIX and on
Windows). A crash leaves the old file or the new one, never a mix. No Textual.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["fsync_dir", "write_atomic"]


def fsync_dir(path: Path) -> None:
    """Flush a directory's entries (a rename in it) to disk, where the platform can."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, prefix: str | None = None, mode: int | None = None) -> Path:
    """Replace *path* with *data* atomically; return *path*.

    *prefix* names the temporary file (default ``.tmp-<name>-``), so that a crashed
    write can be recognised and collected. *mode* sets the file's permissions; by
    default an existing file keeps its own, and a new one is readable by its owner
    only (``0o600``: a config, a state file or an export is nobody else's). Raises ``OSError``; on failure the target is unchanged
    and no temporary file is left behind.
    """
    path = Path(path)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            mode = None
    fd, tmp = tempfile.mkstemp(prefix=prefix or f".tmp-{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
    return path
