"""HistoryScreen (h): the snapshots the monitor has kept, newest first, and live data.

Enter on an entry asks the app to show that snapshot, read-only and marked as history
on the status line; Enter on "Live" asks for the current data again (both with
:class:`~npl_tui.messages.HistoryChosen`). The entries are read from the disk in a
thread, so the screen is up at once. Their text (feed URLs, titles) comes from files
and is shown literally.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.snapshot import parse_generated_at
from ..core.vocab import word
from ..messages import HistoryChosen
from ..render import literal
from .base import FollowsApp, close

if TYPE_CHECKING:
    from ..core.history import Entry

__all__ = ["LIVE", "HistoryScreen", "entry_text"]

log = logging.getLogger(__name__)

#: The option that stands for the live data.
LIVE = "live"


def _day(moment_text: str) -> str:
    moment = parse_generated_at(moment_text)
    return moment.astimezone().strftime("%Y-%m-%d") if moment is not None else (moment_text[:10] or "?")


def _short(location: str, width: int = 26) -> str:
    text = location.split("://", 1)[-1].rstrip("/") or location
    return text if cell_len(text) <= width else "…" + text[-(width - 1) :]


def _mark(shown: bool) -> Text:
    """'● ' before what is on screen (its legend is in the title), else two spaces."""
    return Text("● " if shown else "  ", style="bold", end="")


def entry_text(entry: Entry, shown: bool, lang: str = "en") -> Text:
    """'● 2026-11-01 09:30 seen · generated 2026-10-31 · feeds.example/npl · 3f2a1b9c'
    (● when it is on screen)."""
    text = _mark(shown)
    text.no_wrap, text.overflow = True, "ellipsis"
    text.append(entry.seen_at.astimezone().strftime("%Y-%m-%d %H:%M"), style="bold")
    text.append(f" {word('history.seen', lang)} · {word('history.generated', lang)} {_day(entry.generated_at)} · ")
    text.append_text(literal(_short(entry.feeds[0][0]) if entry.feeds else ""))
    text.append(f" · {entry.id[:8]}", style="dim")
    return text


class HistoryScreen(FollowsApp, ModalScreen[None]):
    """Live, then every snapshot in the history, newest first; Enter shows one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="history.close"),
        Binding("j", "cursor_down", "Down", show=False, id="history.down"),
        Binding("k", "cursor_up", "Up", show=False, id="history.up"),
    ]

    DEFAULT_CSS = """
    HistoryScreen { align: center middle; }
    HistoryScreen #history {
        width: 96;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    HistoryScreen #history-title { text-style: bold; }
    HistoryScreen #history-options { height: auto; max-height: 18; }
    HistoryScreen #history-hint { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] | None = None  # None until read
        self._placed = False  # the cursor put on what is on screen, once the entries are in

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="history"):
            yield Static(self._title(), id="history-title")
            yield OptionList(id="history-options")
            yield Static(word("history.hint", lang), id="history-hint")

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()
        self._read()

    @work(thread=True, exclusive=True, exit_on_error=False, description="Read the history")
    def _read(self) -> None:
        from ..core.history import History

        history = History()
        entries = list(reversed(history.entries()))  # newest first
        notices = history.take_notices()
        for notice in notices:
            log.warning("%s", notice)
        self.app.call_from_thread(self._read_done, entries, notices)

    def _read_done(self, entries: list[Entry], notices: Sequence[str]) -> None:
        if not self.is_attached:
            return
        self.entries = entries
        for notice in notices:
            self.notify(notice, severity="warning", markup=False)
        self._fill()

    def watch_settings(self) -> None:
        if self.is_mounted:
            self._fill()
            self.query_one("#history-title", Static).update(self._title())
            self.query_one("#history-hint", Static).update(word("history.hint", self.lang))

    def _title(self) -> str:
        return f"{word('history.title', self.lang)}  (● {word('history.shown', self.lang)})"

    def _fill(self) -> None:
        """The options: Live, then the entries (or a line saying why there are none)."""
        lang = self.lang
        snapshot = self.snapshot
        past = snapshot is not None and snapshot.origin.kind == "history"
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        current = options.get_option_at_index(highlighted).id if highlighted is not None and highlighted < options.option_count else None
        options.clear_options()
        live = _mark(not past)
        live.append(word("history.live", lang), style="bold")
        items = [Option(live, id=LIVE)]
        if self.entries is None:
            items.append(Option(Text(word("history.loading", lang), style="dim"), disabled=True))
        elif not self.entries:
            items.append(Option(Text(word("history.empty", lang), style="dim"), disabled=True))
        shown_id = snapshot.fingerprint if past and snapshot is not None else None
        for entry in self.entries or ():
            items.append(Option(entry_text(entry, entry.id == shown_id, lang), id=entry.id))
        options.add_options(items)
        ids = [item.id for item in items]
        # at first on what is on screen; then where the user put it
        target = current if self._placed and current in ids else (shown_id if shown_id in ids else LIVE)
        self._placed = self.entries is not None
        options.highlighted = ids.index(target)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = event.option.id
        if choice is None:
            return
        self.post_message(HistoryChosen(None if choice == LIVE else choice))

    def action_close(self) -> None:
        close(self)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
