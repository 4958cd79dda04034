"""The app's state, declared once: the app, its screens and its panes inherit it.

:class:`Shared` holds the three values of :mod:`npl_tui.core.state` as reactives. The app
sets them; a screen follows the app's (:meth:`Shared.follow_app`, once, on mount) and
hands them to its panes with ``data_bind(Shared.market, Shared.settings)``. A pane only
renders what it is handed: it never reads the app.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.reactive import reactive

from .core.state import Feed, LotsLoad, Market, Settings

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from .core.snapshot import Snapshot

    _Node = DOMNode
else:
    # A plain mixin when running: Textual takes CSS, bindings and component classes
    # from the first DOMNode base only, which must stay the widget's own class.
    _Node = object

__all__ = ["Shared"]


class Shared(_Node):
    """The market, the settings and the feed's health, as reactives: a base put before
    the Textual class (``class RatioPane(Shared, VerticalScroll)``); Textual collects
    reactives from every class in the MRO."""

    # repaint=False: whoever shows a value redraws itself when it changes (its watcher);
    # a repaint here would rewrite the whole of every screen and pane bound to it.
    market: reactive[Market] = reactive(Market(), init=False, repaint=False)
    settings: reactive[Settings] = reactive(Settings(), init=False, repaint=False)
    feed: reactive[Feed] = reactive(Feed(), init=False, repaint=False)
    lots: reactive[LotsLoad] = reactive(LotsLoad(), init=False, repaint=False)

    @property
    def snapshot(self) -> Snapshot | None:
        return self.market.snapshot

    @property
    def lang(self) -> str:
        return self.settings.lang

    @property
    def unit(self) -> str:
        return self.settings.unit

    def follow_app(self, *names: str) -> None:
        """Keep this node's state equal to the app's, now and on every change (a
        screen calls it once, on mount; its panes are bound to the screen)."""
        app = self.app
        if isinstance(app, Shared):
            for name in names or ("market", "settings", "feed", "lots"):
                self.watch(app, name, partial(setattr, self, name))
