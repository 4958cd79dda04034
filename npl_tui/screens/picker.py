"""ProvincePickerScreen: type to find a province, Enter to open it.

Matches English, pinyin typed without tones ("shanxi" lists both 山西 and 陕西),
pinyin initials ("hn", "nmg"), Chinese (full, short or the one-character 豫/粤), the
alpha code and the GB/T 2260 code, best match first (:func:`search_provinces`), so
Enter opens the best one. Dismisses with the six-digit code, or None on Escape.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..core.province_view import provinces_with_data
from ..core.provinces import Province, search_provinces
from ..core.vocab import word
from ..textual_workarounds import (
    KeyFirstInput,
    PaintsAfterTypeAhead,
    app_is_closing,
    seen_by_input,
)
from .base import FollowsApp, StyledOnce, close

__all__ = ["ProvincePickerScreen", "province_option_text"]


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - cell_len(text), 0)


def province_option_text(prov: Province, has_data: bool | None, lang: str = "en") -> Text:
    """'Zhejiang        浙江      ZJ 330000  ● data' (English and Chinese side by side)."""
    text = Text(end="", no_wrap=True)
    text.append(_pad(prov.name_en, 15), style="bold" if lang == "en" else "")
    text.append(_pad(prov.short_zh, 9), style="bold" if lang == "zh" else "")
    text.append(f"{prov.alpha} {prov.code}", style="dim")
    if has_data is not None:
        if has_data:
            text.append("  ● " + word("picker.data", lang))
        else:
            text.append("  ○ " + word("picker.no_data", lang), style="dim")
    return text


class PickerInput(KeyFirstInput):
    """The picker's box: the keys it has seen are marked (see ProvincePickerScreen.on_key),
    and it knows when Enter is on its way (:attr:`submitting`)."""

    #: Enter was typed: the pick is made from what the box holds (until reset).
    submitting = False

    def key_first(self, event: events.Key) -> None:
        if event.key == "enter":
            self.submitting = True


class ProvincePickerScreen(FollowsApp, StyledOnce, PaintsAfterTypeAhead, ModalScreen[str | None]):
    """Filter the 31 provinces as you type; Enter opens, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "cursor_down", "Down", show=False, id="picker.down"),
        Binding("up", "cursor_up", "Up", show=False, id="picker.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="picker.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="picker.page_up"),
    ]

    DEFAULT_CSS = """
    ProvincePickerScreen {
        align: center middle;
    }
    ProvincePickerScreen #picker {
        width: 60;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    ProvincePickerScreen #picker-title {
        text-style: bold;
    }
    ProvincePickerScreen #picker-options {
        height: auto;
        max-height: 16;
    }
    ProvincePickerScreen #picker-hint {
        color: $text-muted;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.matches: list[Province] = []
        self._listed: str | None = None  # the query the option list shows, None before the first
        self._update_asked = False  # a _bring_up_to_date is queued

    def compose(self) -> ComposeResult:
        # The app's snapshot and language are here already (FollowsApp, before compose).
        self._with_data = provinces_with_data(self.snapshot) if self.snapshot is not None else None
        lang = self.lang
        with Vertical(id="picker"):
            yield Static(word("picker.title", lang), id="picker-title")
            yield PickerInput(placeholder=word("picker.placeholder", lang), id="picker-input")
            yield OptionList(id="picker-options")
            yield Static(word("picker.hint", lang), id="picker-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.can_focus = False  # typing stays in the Input; arrows are ours
        self._filter("")
        box = self.query_one(Input)
        # Input sets its -valid class on the first change of its value, which restyles
        # it in the middle of the keys typed behind `g`: set it now, ahead of use.
        box.validate(box.value)
        self.set_focus(box)  # at once, not focus()'s call_later

    def on_key(self, event: events.Key) -> None:
        """Keys typed right behind `g` ("gzhej⏎" in one SSH packet) reach this screen
        before its box has focus; they go on to the box, in the order typed. Keys the
        box has seen and let bubble (arrows, Esc) are left to the bindings."""
        if seen_by_input(event):
            return
        event.stop()
        event.prevent_default()
        box = self.query_one(Input)
        self.set_focus(box)
        box.post_message(events.Key(event.key, event.character))

    #: Seconds after a pick before the picker makes itself ready for the next one.
    RESET_AFTER = 0.5

    def on_screen_suspend(self) -> None:
        # Ready for the next `g` while the user reads what was picked: listing all 31
        # provinces again was part of the next `g` (reset() then finds nothing to do).
        self.set_timer(self.RESET_AFTER, self._reset_if_hidden, name="picker-reset")

    def _reset_if_hidden(self) -> None:
        if not self.is_current and not app_is_closing(self.app):
            self.reset()

    def reset(self) -> None:
        """Ready for another pick (the app keeps one picker): an empty box, every
        province, marked with data or not for the snapshot shown now."""
        if self.is_mounted:
            with_data = provinces_with_data(self.snapshot) if self.snapshot is not None else None
            if with_data != self._with_data:
                self._with_data, self._listed = with_data, None
            box = self.query_one(PickerInput)
            box.value = ""
            box.submitting = False
            self.set_focus(box)
            self._bring_up_to_date()

    def _bring_up_to_date(self) -> None:
        """List the provinces matching what the box holds now (once per burst of keys;
        not at all when Enter came with them: that list would never be seen)."""
        self._update_asked = False
        box = self.query_one(PickerInput)
        if box.value != self._listed and not box.submitting:
            self._filter(box.value)

    def _filter(self, query: str) -> None:
        self._listed = query
        self.matches = search_provinces(query)
        options = self.query_one(OptionList)
        options.clear_options()
        with_data = self._with_data
        options.add_options(
            Option(province_option_text(p, None if with_data is None else p.code in with_data, self.lang), id=p.code) for p in self.matches
        )
        if self.matches:
            options.highlighted = 0

    @property
    def highlighted_code(self) -> str | None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or not (0 <= index < options.option_count):
            return None
        return options.get_option_at_index(index).id

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        # After the keys already queued, once: "zhejiang⏎" typed in one packet does not
        # filter eight times, and Enter picks from what the box holds then.
        if not self._update_asked:
            self._update_asked = True
            self.call_later(self._bring_up_to_date)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        box = self.query_one(PickerInput)
        # What the box held when Enter was typed: letters typed behind the Enter may be
        # in it by now ("gzj⏎l" arriving while the picker is first built).
        query = event.value
        if query == self._listed:
            code = self.highlighted_code  # the list as shown: the arrows may have moved
        else:  # typed ahead of the list ("gzhejiang⏎" in one packet): the best match
            best = search_provinces(query)
            code = best[0].code if best else None
        if code is None:  # the picker stays: show the (empty) list
            box.submitting = False
            self._bring_up_to_date()
            self.notify(word("picker.no_match", self.lang), severity="warning")
            return
        close(self, code)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        close(self, event.option.id)

    def action_cancel(self) -> None:
        close(self, None)

    def action_cursor_down(self) -> None:
        self._bring_up_to_date()
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self._bring_up_to_date()
        self.query_one(OptionList).action_cursor_up()

    def action_page_down(self) -> None:
        self._bring_up_to_date()
        self.query_one(OptionList).action_page_down()

    def action_page_up(self) -> None:
        self._bring_up_to_date()
        self.query_one(OptionList).action_page_up()
