"""What every dashboard pane does with the state it is handed: redraw when it changes."""

from __future__ import annotations

from ..core.snapshot import Snapshot
from ..core.state import Market
from ..state import Shared

__all__ = ["Pane"]


class Pane(Shared):
    """A pane bound to ``Shared.market`` and ``Shared.settings`` (a mixin before the
    Textual widget class). It redraws with :meth:`show_data` on a new snapshot, new
    settings, or — while there is no data yet — a new error (the pane says why it
    waits). :meth:`snapshot_changed` is where a pane computes its view of a snapshot,
    once per snapshot rather than once per redraw."""

    def watch_market(self, old: Market, new: Market) -> None:
        if new.snapshot is not old.snapshot:
            self.snapshot_changed(new.snapshot)
            self.show_data()
        elif new.snapshot is None and new.error != old.error:
            self.show_data()

    def watch_settings(self) -> None:
        self.show_data()

    def snapshot_changed(self, snapshot: Snapshot | None) -> None:
        """Compute what the pane shows of *snapshot* (default: nothing to compute)."""

    def show_data(self) -> None:
        raise NotImplementedError
