"""Where things live on disk. Nothing is touched at import time."""

from __future__ import annotations

from pathlib import Path

__all__ = ["cache_root", "config_file", "export_dir", "shipped_snapshot_dir", "state_root"]


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


def config_file() -> Path:
    """The default config file (honours XDG_CONFIG_HOME on Linux); ``--config`` overrides it."""
    from platformdirs import user_config_path

    return user_config_path("npl-tui", appauthor=False) / "config.toml"


def state_root() -> Path:
    """The user state directory: what the monitor remembers between runs (what was seen).
    Honours XDG_STATE_HOME on Linux."""
    from platformdirs import user_state_path

    return user_state_path("npl-tui", appauthor=False)


def export_dir() -> Path:
    """Where the monitor's `e` writes what is on screen: the user's documents directory
    (platformdirs: ``~/Documents`` or ``$XDG_DOCUMENTS_DIR``) when it exists, else the
    current directory."""
    from platformdirs import user_documents_path

    documents = user_documents_path()
    return documents if documents.is_dir() else Path.cwd()
