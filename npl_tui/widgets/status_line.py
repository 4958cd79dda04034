"""One line above the footer: where the data came from, how fresh it is, what failed."""

from __future__ import annotations

import datetime as dt

from textual.reactive import reactive
from textual.widgets import Static

from ..core.snapshot import Snapshot
from ..render import status_text

__all__ = ["StatusLine"]


class StatusLine(Static):
    """Source · newest fact · loaded/fetched · STALE · last error (all literal text).

    No clock ticks here: the line changes only when a load result changes something.
    """

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    snapshot: reactive[Snapshot | None] = reactive(None, init=False)
    lang: reactive[str] = reactive("en", init=False)
    error: reactive[str | None] = reactive(None, init=False)
    stale: reactive[bool] = reactive(False, init=False)
    loaded_at: reactive[dt.datetime | None] = reactive(None, init=False)

    def on_mount(self) -> None:
        self._show_data()

    def watch_snapshot(self) -> None:
        self._newest = self.snapshot.newest_as_of() if self.snapshot is not None else None
        self._show_data()

    def watch_lang(self) -> None:
        self._show_data()

    def watch_error(self) -> None:
        self.set_class(bool(self.error), "-error")
        self._show_data()

    def watch_stale(self) -> None:
        self.set_class(self.stale, "-stale")
        self._show_data()

    def watch_loaded_at(self) -> None:
        self._show_data()

    def _show_data(self) -> None:
        if not self.is_mounted:
            return
        snap = self.snapshot
        origin = snap.origin if snap is not None else None
        self.update(
            status_text(
                origin_kind=origin.kind if origin else None,
                location=origin.location if origin else "",
                newest=getattr(self, "_newest", None),
                loaded_at=self.loaded_at,
                fetched_at=origin.fetched_at if origin else None,
                stale=self.stale,
                error=self.error,
                lang=self.lang,
            )
        )
