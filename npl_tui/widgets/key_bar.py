"""KeyBar: the keys active on the current screen, on one line, as one widget.

It replaces Textual's Footer. The Footer mounts one widget per key and recomposes
them all whenever the bindings change (each focus move, each screen resume): on the
province screen that was a dozen widgets restyled five times after every
drill-down (measured: docs/benchmarks.md). KeyBar keeps a list of
(key, description) pairs, re-reads it when the screen says its bindings changed,
and repaints only when the list really changed.

What it shows is what the Footer showed — the bindings with ``show=True`` in
focus → screen → app order, one per action, disabled ones dimmed — except that
"? Help" is pinned to the right edge, so at 80 columns the way to every other key
is always on screen. A click on a key presses it.

Descriptions are in the bar's ``lang``: its screen binds it (``data_bind``) to the
reactive it mirrors from the app, as it does for its other widgets. The Chinese are
``vocab.KEY_LABELS_ZH``, by binding id; a binding without one shows its English.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

from ..core.vocab import key_label
from ..state import Shared

__all__ = ["Key", "KeyBar"]

#: The action whose key stays visible at the right edge however narrow the bar.
PINNED_ACTION = "help"


class Key(NamedTuple):
    key: str  # the key as Textual names it, pressed on click
    display: str  # how it is shown, e.g. "^p"
    description: str
    enabled: bool
    pinned: bool = False  # kept at the right edge


class KeyBar(Shared, Widget, can_focus=False):
    """One line of ``key description`` pairs for the active screen's bindings."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description", "key-bar--disabled"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--disabled {
        text-style: dim;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.keys: tuple[Key, ...] = ()
        # (start, end, key) of each key on the last rendered line, for clicks.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys = self.active_keys()
        if keys != self.keys:  # nothing changed: no repaint, no bytes to the terminal
            self.keys = keys
            self.refresh()

    def watch_settings(self) -> None:
        if self.is_attached:
            self._bindings_changed(self.screen)

    def active_keys(self) -> tuple[Key, ...]:
        """The screen's shown bindings, one per action, in focus → screen → app order."""
        app = self.app
        lang = self.lang
        seen: set[str] = set()
        keys: list[Key] = []
        for _namespace, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            pinned = binding.action.rpartition(".")[2] == PINNED_ACTION
            description = key_label(binding.id, binding.action, binding.description, lang)
            keys.append(Key(binding.key, app.get_key_display(binding), description, enabled, pinned))
        return tuple(sorted(keys, key=lambda k: k.pinned))  # stable: only the pinned key moves

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        disabled = self.get_component_rich_style("key-bar--disabled", partial=True)
        pieces = [self._piece(k, key_style, description_style, disabled) for k in self.keys]
        pinned: tuple[Text, str] | None = None
        if self.keys and self.keys[-1].pinned:
            pinned = pieces.pop()
        pinned_width = cell_len(pinned[0].plain) if pinned else 0
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str]] = []
        room = width - pinned_width
        for text, key in pieces:
            w = cell_len(text.plain)
            if line.cell_len + w > room:
                break
            spans.append((line.cell_len, line.cell_len + w, key))
            line.append_text(text)
        if pinned is not None:
            gap = max(width - line.cell_len - pinned_width, 0)
            line.append(" " * gap)
            spans.append((line.cell_len, line.cell_len + pinned_width, pinned[1]))
            line.append_text(pinned[0])
        self._spans = spans
        return line

    @staticmethod
    def _piece(k: Key, key_style: Style, description_style: Style, disabled: Style) -> tuple[Text, str]:
        extra = disabled if not k.enabled else Style()
        text = Text(no_wrap=True, end="")
        text.append(f" {k.display} ", key_style + extra)
        if k.description:
            text.append(f"{k.description} ", description_style + extra)
        return text, k.key

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return

