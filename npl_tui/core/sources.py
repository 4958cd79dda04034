"""Sources: one small async interface, several implementations.

A source's ``load()`` returns a new verified :class:`Snapshot`, or ``None`` when
nothing changed since its last successful load, and raises :class:`DataError`
(one-line ``str``) on any failure. Sources never hold the "last good" snapshot:
that is :class:`npl_tui.core.loader.Loader`'s job, so every source gets the same
never-lose-good-data behaviour.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from .snapshot import (
    MANIFEST_NAME,
    DataError,
    Origin,
    Problem,
    Snapshot,
    read_snapshot_dir,
    sha256_hex,
)

if TYPE_CHECKING:
    from .parsed_cache import ParsedCache
    from .signing import PublicKey

__all__ = ["FallbackSource", "LocalSnapshotSource", "PastSource", "Source", "StaticSource"]

log = logging.getLogger(__name__)


@runtime_checkable
class Source(Protocol):
    """Where snapshots come from.

    A source may also set ``local = True``: it reads this machine's disk, quickly and
    with a bounded cost, so the app reads it before its first paint instead of
    painting empty panes first (sources without the attribute count as remote).
    """

    #: Short human description for the status line ("shipped snapshot", a URL, ...).
    label: str

    async def load(self) -> Snapshot | None:
        """A new snapshot, or None if unchanged since the last successful load."""
        ...

    async def aclose(self) -> None:
        ...


class LocalSnapshotSource:
    """A snapshot directory on disk (the shipped one, ``--snapshot DIR`` or a cache)."""

    local = True  # read before the first paint: quick for the shipped snapshot (measured: docs/benchmarks.md)

    def __init__(
        self,
        path: Path,
        kind: str = "snapshot",
        label: str | None = None,
        parsed: ParsedCache | None = None,
        *,
        location: str | None = None,
        fetched_at: dt.datetime | None = None,
        trust: Sequence[PublicKey] = (),
    ) -> None:
        self.path = Path(path)
        self.parsed = parsed  # a cache of parsed tables (start-up reads rows, not CSV)
        self.kind = kind
        self.label = label or (f"{kind} {self.path}" if kind != "shipped" else "shipped snapshot")
        #: What the status line names as the data's origin: a cached feed's URL, not the
        #: cache's hash directory.
        self.location = location or str(self.path)
        self.fetched_at = fetched_at
        #: Public keys: when given, the manifest must be signed by one of them.
        self.trust = tuple(trust)
        self._last_manifest: str | None = None

    def _read(self) -> Snapshot | None:
        try:
            return self._read_checked()
        except DataError as exc:
            log.error("%s: refused: %s", self.label, exc)
            raise

    def _read_checked(self) -> Snapshot | None:
        try:
            manifest = (self.path / MANIFEST_NAME).read_bytes()
        except OSError as exc:
            raise DataError(Problem(f"{self.path}/{MANIFEST_NAME}", f"cannot be read: {exc.strerror or exc}")) from None
        digest = sha256_hex(manifest)
        if digest == self._last_manifest:
            return None
        if self.trust:
            from .signing import verify_manifest

            verify_manifest(manifest, self.trust, f"{self.path}/{MANIFEST_NAME}")
        # The bytes just hashed are the ones verified: one read, no window for a swap.
        origin = Origin(self.kind, self.location, self.fetched_at)
        snapshot = read_snapshot_dir(self.path, origin, manifest_raw=manifest, parsed=self.parsed)
        self._last_manifest = digest
        return snapshot

    async def load(self) -> Snapshot | None:
        return await asyncio.to_thread(self._read)

    async def aclose(self) -> None:
        return None


class FallbackSource:
    """Try sources in order; the first that yields a snapshot wins (e.g. cache, then shipped)."""

    def __init__(self, *sources: Source) -> None:
        self.sources = sources
        self.label = sources[0].label
        self.local = all(getattr(source, "local", False) for source in sources)
        self._active: Source | None = None

    async def load(self) -> Snapshot | None:
        if self._active is not None:
            return await self._active.load()
        errors: list[str] = []
        for source in self.sources:
            try:
                snapshot = await source.load()
            except DataError as exc:
                errors.append(str(exc))
                continue
            if snapshot is not None:
                self._active, self.label = source, source.label
                return snapshot
        raise DataError("; ".join(errors) or "no source had data")

    async def aclose(self) -> None:
        for source in self.sources:
            await source.aclose()


class PastSource:
    """A snapshot read already: a past one, from the history (:func:`~.history.load_past`).
    Gives it once; it never changes (the monitor does not refresh history)."""

    local = True  # nothing to wait for: shown in the first frame
    read_only = True

    def __init__(self, snapshot: Snapshot, label: str = "history") -> None:
        self.snapshot = snapshot
        self.label = label
        self._given = False

    async def load(self) -> Snapshot | None:
        if self._given:
            return None
        self._given = True
        return self.snapshot

    async def aclose(self) -> None:
        return None


class StaticSource:
    """An in-memory source for tests and demos: yields the given snapshots in turn."""

    def __init__(self, *snapshots: Snapshot | Exception, label: str = "test data", local: bool = False) -> None:
        self._queue = list(snapshots)
        self.label = label
        self.local = local
        self.loads = 0

    async def load(self) -> Snapshot | None:
        self.loads += 1
        if not self._queue:
            return None
        item = self._queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    async def aclose(self) -> None:
        return None
