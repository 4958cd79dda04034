"""The app's state as three immutable values: what to show, what is known, how the feed is.

The app holds one of each; its screens and panes bind to them (``npl_tui.state``).
A change is a new value (``dataclasses.replace``), so a watcher sees old and new and can
tell what moved — e.g. a pane redraws on a new snapshot, not on every feed check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .loader import Liveness
from .snapshot import Snapshot

if TYPE_CHECKING:  # (core.seen and core.lots load after the first data, never on the way to the first frame)
    from collections.abc import Mapping

    from .lot_views import LotFigures
    from .lots import Lots
    from .seen import Change, Changes

__all__ = ["LANGS", "UNITS", "Feed", "LotsLoad", "Market", "Settings", "change_uid"]

#: The display languages and amount units, in the order `l` and `u` step through them.
LANGS = ("en", "zh")
UNITS = ("yi", "bn")


@dataclass(frozen=True)
class Settings:
    """What the user chose to see: language and unit (saved by the config, later)."""

    lang: str = "en"
    unit: str = "yi"

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, got {self.lang!r}")
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, got {self.unit!r}")

    def next_lang(self) -> Settings:
        return dataclasses.replace(self, lang=LANGS[(LANGS.index(self.lang) + 1) % len(LANGS)])

    def next_unit(self) -> Settings:
        return dataclasses.replace(self, unit=UNITS[(UNITS.index(self.unit) + 1) % len(UNITS)])


@dataclass(frozen=True)
class Market:
    """What the monitor knows: the last good snapshot, what in it the user has not seen
    yet, and the last load's error (one line; None once a load succeeds)."""

    snapshot: Snapshot | None = None
    #: Rows new or revised since the user last saw them (:mod:`npl_tui.core.seen`), kept
    #: across refreshes and restarts until seen; None until the seen-state is read.
    changes: Changes | None = None
    #: The alert rules each unseen change rang, by :func:`change_uid`: (uid, rule name).
    alerted: tuple[tuple[str, str], ...] = ()
    error: str | None = None

    @property
    def unseen_ids(self) -> frozenset[str]:
        """Ids of the announcements new or revised since the user last saw them."""
        return self.changes.ids("announcements") if self.changes is not None else frozenset()

    def unseen(self, kind: str | None = None) -> int:
        """How many rows are new or revised (or only *kind*) and not seen yet."""
        return self.changes.count(kind) if self.changes is not None else 0

    def alerts_of(self, change: Change) -> tuple[str, ...]:
        """The names of the alert rules *change* rang."""
        uid = change_uid(change)
        return tuple(label for key, label in self.alerted if key == uid)


def change_uid(change: Change) -> str:
    """One change's identity in a snapshot: its table and natural key."""
    return f"{change.table}\x1f{change.key}"


@dataclass(frozen=True)
class Feed:
    """How the feed is doing, for the status line: stale, when loaded, its checks."""

    #: True when no load has succeeded within the app's ``stale_after``.
    stale: bool = False
    #: When the current snapshot was loaded (by the app's clock).
    loaded_at: dt.datetime | None = None
    liveness: Liveness = field(default_factory=Liveness)


@dataclass(frozen=True)
class LotsLoad:
    """The lots of the current snapshot, as they load: a snapshot's small tables are on
    screen at once, its lots (millions of rows, core/lots.py) fill in behind them.

    ``lots`` grows while loading (the rows read so far) and is whole once ``done``; on a
    failure it keeps the last lots that loaded whole, and ``error`` says why (one line)."""

    #: The lots file's SHA-256 (from the manifest): which lots these are. Empty: no lots.
    sha256: str = ""
    total: int = 0  # rows the manifest declares
    read: int = 0  # rows read so far
    lots: Lots | None = None
    #: Figures computed from the lots, per province and for the country, once whole.
    figures: Mapping[str, LotFigures] | None = None
    done: bool = False
    error: str | None = None
    synthetic: bool = False

    @property
    def present(self) -> bool:
        return bool(self.sha256)

    @property
    def loading(self) -> bool:
        return self.present and not self.done and self.error is None

    @property
    def percent(self) -> int:
        return 100 if self.done else (100 * self.read // self.total if self.total else 0)
