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
    """Wraps a source. A failed load never replaces good data; it only reports."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.last_good: Snapshot | None = None
        self.last_error: str | None = None

    async def refresh(self) -> LoadResult:
        now = dt.datetime.now(dt.timezone.utc)
        try:
            snapshot = await self.source.load()
        except DataError as exc:
            self.last_error = str(exc)
            return LoadResult(self.last_good, False, self.last_error, now)
        except Exception as exc:  # noqa: BLE001 - a bug in a source must not kill the monitor
            self.last_error = f"{self.source.label}: unexpected {type(exc).__name__}: {exc}"
            return LoadResult(self.last_good, False, self.last_error, now)
        self.last_error = None
        if snapshot is None or (self.last_good is not None and snapshot.fingerprint == self.last_good.fingerprint):
            return LoadResult(self.last_good, False, None, now)
        self.last_good = snapshot
        return LoadResult(snapshot, True, None, now)
