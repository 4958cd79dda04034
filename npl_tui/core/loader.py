"""The one path from a source to the screen: keeps the last good snapshot, always."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .snapshot import DataError, Snapshot
from .sources import Source

__all__ = ["Loader", "LoadResult"]


@dataclass(frozen=True)
class LoadResult:
    snapshot: Snapshot | None  # the last good snapshot (new or kept)
    changed: bool  # True when *snapshot* is new since the previous result
    error: str | None  # one line when this attempt failed
    at: dt.datetime


class Loader:
    """Wraps a source. A failed load never replaces good data; it only reports.

    *fallback* is read once, when the source fails before it ever produced data —
    e.g. ``--feed URL`` started while the server is down shows the cached copy
    (or the shipped snapshot) beside the error, instead of an empty screen.
    """

    def __init__(self, source: Source, fallback: Source | None = None) -> None:
        self.source = source
        self.fallback = fallback
        self.last_good: Snapshot | None = None
        self.last_error: str | None = None

    async def refresh(self) -> LoadResult:
        now = dt.datetime.now(dt.timezone.utc)
        try:
            snapshot = await self.source.load()
        except DataError as exc:
            return await self._failed(str(exc), now)
        except Exception as exc:  # noqa: BLE001 - a bug in a source must not kill the monitor
            return await self._failed(f"{self.source.label}: unexpected {type(exc).__name__}: {exc}", now)
        self.last_error = None
        if snapshot is None or (self.last_good is not None and snapshot.fingerprint == self.last_good.fingerprint):
            return LoadResult(self.last_good, False, None, now)
        self.last_good = snapshot
        return LoadResult(snapshot, True, None, now)

    async def _failed(self, error: str, now: dt.datetime) -> LoadResult:
        self.last_error = error
        if self.last_good is None and self.fallback is not None:
            fallback, self.fallback = self.fallback, None
            try:
                snapshot = await fallback.load()
            except Exception:  # noqa: BLE001 - the primary's error is the one to report
                snapshot = None
            if snapshot is not None:
                self.last_good = snapshot
                return LoadResult(snapshot, True, error, now)
        return LoadResult(self.last_good, False, error, now)

    async def aclose(self) -> None:
        await self.source.aclose()
        if self.fallback is not None:
            await self.fallback.aclose()
