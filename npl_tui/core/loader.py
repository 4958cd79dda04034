"""The one path from a source to the screen: keeps the last good snapshot, always."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from .snapshot import DataError, Snapshot
from .sources import Source

__all__ = ["Liveness", "LoadResult", "Loader"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadResult:
    snapshot: Snapshot | None  # the last good snapshot (new or kept)
    changed: bool  # True when *snapshot*'s content is new since the previous result
    error: str | None  # one line when this attempt failed
    at: dt.datetime
    #: Seconds the server asked us to wait before trying again (Retry-After), if it did.
    retry_after: float | None = None
    #: One line when the data is good but something around it is not (e.g. the cache
    #: could not store it: it will be fetched again until it can).
    warning: str | None = None
    #: True for the copy shown at start-up before the source was first asked.
    preloaded: bool = False


@dataclass(frozen=True)
class Liveness:
    """What the status line needs to answer "is it alive?" (all times aware UTC)."""

    #: Whether checks are scheduled at all (a feed with --refresh).
    refreshing: bool = False
    #: The last successful check, and whether it brought new data ("updated") or not ("unchanged").
    checked_at: dt.datetime | None = None
    result: str | None = None
    #: When the data on screen was fetched (or loaded): the last change.
    updated_at: dt.datetime | None = None
    #: When the next check is due; None while one runs or none is scheduled.
    next_at: dt.datetime | None = None
    checking: bool = False
    #: The last check failed at this time (the error itself travels separately).
    failed_at: dt.datetime | None = None
    #: Data good but not saved, etc. (LoadResult.warning)
    warning: str | None = None
    #: "now" when this was made, to show times of other days with their date.
    now: dt.datetime | None = None


class Loader:
    """Wraps a source. A failed load never replaces good data; it only reports.

    *initial* is read once, before the source is first asked (:meth:`preload`): e.g.
    ``--feed URL`` shows its cached copy at once while the network check runs.
    *fallback* is read once, when the source fails before it ever produced data —
    e.g. ``--feed URL`` started while the server is down shows the cached copy
    (or the shipped snapshot) beside the error, instead of an empty screen.
    """

    def __init__(self, source: Source, fallback: Source | None = None, initial: Source | None = None) -> None:
        self.source = source
        self.fallback = fallback
        self.initial = initial
        self.last_good: Snapshot | None = None
        self.last_error: str | None = None

    async def preload(self) -> LoadResult | None:
        """Show *initial* (once) if it has data; None otherwise. Never raises."""
        initial, self.initial = self.initial, None
        if initial is None or self.last_good is not None:
            return None
        now = dt.datetime.now(dt.timezone.utc)
        try:
            snapshot = await initial.load()
        except Exception:  # noqa: BLE001 - the source's own check will report what is wrong
            snapshot = None
        finally:
            await initial.aclose()
        if snapshot is None:
            return None
        self.last_good = snapshot
        return LoadResult(snapshot, True, None, now, preloaded=True)

    async def refresh(self) -> LoadResult:
        now = dt.datetime.now(dt.timezone.utc)
        try:
            snapshot = await self.source.load()
        except DataError as exc:
            log.warning("check of %s failed, the data on screen stays: %s", self.source.label, exc)
            return await self._failed(str(exc), now, getattr(exc, "retry_after", None))
        except Exception as exc:  # a bug in a source must not kill the monitor (logged with its traceback)
            log.exception("check of %s failed unexpectedly", self.source.label)
            return await self._failed(f"{self.source.label}: unexpected {type(exc).__name__}: {exc}", now)
        self.last_error = None
        warning = getattr(self.source, "cache_error", None)
        last = self.last_good
        if snapshot is None:
            return LoadResult(last, False, None, now, warning=warning)
        if last is not None and snapshot.fingerprint == last.fingerprint:
            if snapshot.origin != last.origin:
                # The same content, now confirmed by the source itself (the cached copy
                # shown at start-up, which the feed says is current): say where it is from.
                self.last_good = snapshot
                return LoadResult(snapshot, False, None, now, warning=warning)
            return LoadResult(last, False, None, now, warning=warning)
        self.last_good = snapshot
        return LoadResult(snapshot, True, None, now, warning=warning)

    async def _failed(self, error: str, now: dt.datetime, retry_after: float | None = None) -> LoadResult:
        self.last_error = error
        if self.last_good is None and self.fallback is not None:
            fallback, self.fallback = self.fallback, None
            try:
                snapshot = await fallback.load()
            except Exception:  # noqa: BLE001 - the primary's error is the one to report
                snapshot = None
            if snapshot is not None:
                self.last_good = snapshot
                return LoadResult(snapshot, True, error, now, retry_after)
        return LoadResult(self.last_good, False, error, now, retry_after)

    async def aclose(self) -> None:
        await self.source.aclose()
        for other in (self.fallback, self.initial):
            if other is not None:
                await other.aclose()
