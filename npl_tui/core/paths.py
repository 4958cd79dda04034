"""Where things live on disk. Nothing is touched at import time."""

from __future__ import annotations

from pathlib import Path

__all__ = ["cache_root", "shipped_snapshot_dir"]


def shipped_snapshot_dir() -> Path:
    """The embedded default snapshot.

    In a wheel it is ``npl_tui/_data`` (copied from ``data/`` at build time); in a
    source checkout or editable install it is ``data/`` at the repository root.
    """
    package = Path(__file__).resolve().parent.parent
    bundled = package / "_data"
    if (bundled / "manifest.json").is_file():
        return bundled
    return package.parent / "data"


def cache_root() -> Path:
    """The user cache directory (honours XDG_CACHE_HOME on Linux)."""
    from platformdirs import user_cache_path

    return user_cache_path("npl-tui", appauthor=False)
