"""Messages that travel up the widget tree: past tense, immutable payloads.

Widgets and screens never call the app or their siblings: they report what the user
chose, and the app decides what to do (usually open a drill-down screen).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.message import Message

from .core.loader import LoadResult

__all__ = ["AnnouncementSelected", "HistoryChosen", "PartyChosen", "ProvinceSelected", "SnapshotLoaded"]


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
