"""Messages that travel up the widget tree: past tense, immutable payloads.

Widgets and screens never call the app or their siblings: they report what the user
chose, and the app decides what to do (usually open a drill-down screen).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.message import Message

from .core.loader import LoadResult

__all__ = [
    "AlertLikeAsked",
    "AnnouncementSelected",
    "ChangesSeen",
    "HistoryChosen",
    "PaneChosen",
    "PartyChosen",
    "PinAsked",
    "ProvinceSelected",
    "RowsSeen",
    "SnapshotLoaded",
]


class SnapshotLoaded(Message):
    """A load attempt finished (changed, unchanged or failed). Posted by the load worker."""

    def __init__(self, result: LoadResult) -> None:
        super().__init__()
        self.result = result


class ProvinceSelected(Message):
    """The user chose a province (by GB/T 2260 code)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


class AnnouncementSelected(Message):
    """The user chose an announcement row (the snapshot's read-only row), reached
    through *trail* (the breadcrumb, in English: the screen translates it)."""

    def __init__(self, row: Mapping[str, Any], trail: tuple[str, ...] = ("China",)) -> None:
        super().__init__()
        self.row = row
        self.trail = trail


class PartyChosen(Message):
    """The user asked for every announcement of a seller or buyer (the dashboard's filter)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class HistoryChosen(Message):
    """The user chose a past snapshot to show (a history entry's id), or live data (None)."""

    def __init__(self, entry_id: str | None) -> None:
        super().__init__()
        self.entry_id = entry_id


class RowsSeen(Message):
    """The user saw rows of *table* (by id; None: every row the pane shows, e.g. the
    ratio pane's figures), or marked them read."""

    def __init__(self, table: str, ids: frozenset[str] | None = None) -> None:
        super().__init__()
        self.table = table
        self.ids = ids


class ChangesSeen(Message):
    """The user was shown these changes (:class:`npl_tui.core.seen.Change`): What's new."""

    def __init__(self, changes: tuple[Any, ...]) -> None:
        super().__init__()
        self.changes = changes


class AlertLikeAsked(Message):
    """The user asked to be alerted on rows like this announcement (a row of the snapshot)."""

    def __init__(self, row: Mapping[str, Any]) -> None:
        super().__init__()
        self.row = row


class PinAsked(Message):
    """The user pinned or unpinned a province (by code) or a party (by name) on the
    watchlist: *kind* is "province" or "party"."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__()
        self.kind = kind
        self.key = key


class ThreadCall(Message):
    """A call a worker thread asks the app to make on its own thread, without waiting
    for it (``call_from_thread`` waits: a worker reading lots would stall behind every
    frame the app is drawing)."""

    def __init__(self, callback: Callable[..., object], *args: object) -> None:
        super().__init__()
        self.callback = callback
        self.args = args


class LotsAsked(Message):
    """The user asked for the lots, filtered by *query* (the filter's language): a
    province's or a city's, from the province screen."""

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query = query


class PaneChosen(Message):
    """The user asked for a dashboard pane (its number, "1"–"4"): e.g. Enter on a
    revised NPL ratio in What's new."""

    def __init__(self, pane: str) -> None:
        super().__init__()
        self.pane = pane
