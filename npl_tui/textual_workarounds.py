"""Every place npl-tui relies on something Textual does not promise, in one module.

Textual is pinned to :data:`TEXTUAL_PIN` (``pyproject.toml`` says the same, and
``tests/project`` checks they agree). Each workaround below says why it exists and
what it bought, measured with ``benchmarks/run.py`` (figures in docs/benchmarks.md,
"Figures behind design decisions"). Before raising the pin: run the tests (each
workaround has one that fails if Textual changes under it) and the benchmark again.

1. **Screens mounted ahead of use** (:func:`mount_off_screen`, :func:`lay_out_off_screen`).
   Building the province screen's widgets is two thirds of a drill-down, composing the
   picker half of the `g` path; ``App._get_screen`` mounts an installed screen without
   showing it, so both are built while the user reads the dashboard and are only
   re-pointed after. The picker is also laid out ahead (``Screen._refresh_layout``):
   Textual lays a never-shown screen out, and paints it, the moment it is shown, in
   the middle of the keys typed behind `g` (picker path 167 → 57 ms). The province
   screen is not: laid out ahead, its drill-down wrote 29 KB instead of 44 KB but
   painted the figures an update later (61 → 108 ms; docs/benchmarks.md). A covered
   kept screen drops the whole-screen repaint ``push_screen`` asks of it
   (:func:`skip_repaint_when_covered`).
2. **Is the app closing?** (:func:`app_is_closing`): ``App._exit``, so that the
   warm-up does not build a screen while the app is shutting down.
3. **Type-ahead** (:func:`mark_screen`, :func:`forward_type_ahead`,
   :class:`KeyFirstInput`). Over SSH a burst such as ``gzhej⏎`` or ``/bohai⏎jj``
   arrives in one packet, and Textual hands each key to the widget focused *when the
   key is read*: the keys behind ``g`` go to the dashboard although ``g`` opened the
   picker; the ``j``s behind ``⏎`` are queued for the filter box although ``⏎`` moves
   focus to the table. Three pieces keep the typed order:

   - a kept screen marks each key that bubbles through it (:func:`mark_screen`); a
     key that comes up through a screen that is no longer on top is posted again to
     the app, which resolves it against the new screen (:func:`forward_type_ahead`);
   - an input box sees keys before Textual's own ``Input._on_key`` does
     (:class:`KeyFirstInput.key_first`): the filter box moves focus on Enter there and
     then, and lets a key queued after it lost focus bubble on; the picker's box marks
     the keys it has seen (:func:`seen_by_input`), so the picker forwards the others
     into the box;
   - priority bindings for ``/`` and ``ctrl+p`` (declared where they are bound);
   - the picker is not painted while keys typed behind `g` are still on their way
     through it (:class:`PaintsAfterTypeAhead`).

   Measured: a typed burst was resolved against the wrong screen one time in three
   over a real tmux pane; with these, never (tests/app/test_startup_screen_reuse_and_
   type_ahead.py types the bursts).
4. **No garbage collection until the first frame** (:func:`pause_gc_until_first_frame`).
   Start-up makes objects that live as long as the monitor (Textual's classes, the CSS,
   the widgets, the snapshot); full collections during the first paint walked them all
   and freed nothing. Once the first frame is up they are frozen out of collections,
   and the youngest generation is collected every :data:`GC_YOUNG_THRESHOLD`
   allocations rather than Python's 700: every keystroke and frame makes thousands of
   short-lived containers (Textual's messages, strips, styles): at 700 the `g` path
   alone ran 14 collections, and it is a quarter faster without them
   (docs/benchmarks.md).
5. **plotext's terminal-size limit** (:func:`plot_unlimited`): plotext would cap a plot
   to the real terminal's size, which inside Textual is not the widget's.
6. **Fewer colour codes to the terminal** (:func:`squeezing_driver`,
   :func:`squeeze_sgr`). Textual writes each run of text as "set style, text, reset",
   even when the next run has the same style: a drill-down wrote 140 KB, 74% of it
   colour codes. Over SSH that is what a trader waits for. The app's driver drops
   each "reset, then the same style again" pair: the screen is cell for cell the same
   (tests/app/test_terminal_output.py replays both streams in a terminal emulator),
   and a full 120x40 frame is about 2.5 times smaller.
7. **Each change written once** (:class:`OneWritePerUpdate`, the base of the kept
   screens). Textual writes the same cells again after most layouts (the class says
   where), and a first drill-down wrote the province screen whole twice and most of it
   twice more: 43.8 KB. With each change written once it writes 19.1 KB (a full frame
   for the head and figures, then what the other sections change), the same screen
   cell for cell (tests/app/test_terminal_output.py replays it in a terminal emulator),
   and paints the figures no later (docs/benchmarks.md).
8. **Frames leave for the terminal when written** (:func:`prompt_frames`). Textual
   hands each frame to a writer thread, which needs the interpreter lock to write it
   out; the event loop, busy with what follows the frame (the rest of a drill-down, the
   keys behind it), held the lock for Python's default switch interval at each of the
   writer's steps, so a drill-down's first frame reached the terminal several such
   intervals after it was made; with :data:`SWITCH_INTERVAL` it leaves about as soon
   as it is made (measured: docs/benchmarks.md).
"""

from __future__ import annotations

import gc
import re
import sys
from typing import TYPE_CHECKING, Any

from textual import events, messages
from textual._time import get_time
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.app import App
    from textual.driver import Driver

__all__ = [
    "TEXTUAL_PIN",
    "KeyFirstInput",
    "OneWritePerUpdate",
    "PaintsAfterTypeAhead",
    "app_is_closing",
    "forward_type_ahead",
    "gc_after_first_frame",
    "lay_out_off_screen",
    "mark_screen",
    "mount_off_screen",
    "pause_gc_until_first_frame",
    "plot_unlimited",
    "prompt_frames",
    "seen_by_input",
    "skip_repaint_when_covered",
    "squeeze_sgr",
    "squeezing_driver",
]

#: The Textual versions these workarounds were written and measured against.
TEXTUAL_PIN = ">=8.2.8,<8.3"


# 1, 2 -------------------------------------------------------------------- screens


def mount_off_screen(app: App[Any], screen: Screen[Any]) -> None:
    """Mount an installed *screen* now, without showing it (what Textual does when a
    screen is first pushed, without the push)."""
    app._get_screen(screen)


def skip_repaint_when_covered(screen: Screen[Any]) -> None:
    """In a kept screen's on_screen_suspend: drop the whole-screen repaint
    ``App.push_screen`` asked of it, when the screen now on top hides it entirely.

    The repaint is for a see-through screen on top (what shows through); the covered
    screen's repaint is passed up to the top screen, which was then written to the
    terminal whole a second time in every drill-down. The covered screen's widgets
    still repaint their own regions."""
    stack = screen.app.screen_stack
    if stack and screen is not stack[-1] and stack[-1].styles.background.a == 1:
        screen._repaint_required = False
        screen._dirty_widgets.discard(screen)


def lay_out_off_screen(app: App[Any], screen: Screen[Any]) -> None:
    """Lay a mounted screen that is not shown out at the terminal's size, so that
    showing it later does not lay it out (and paint it) at once, in the middle of the
    keys that follow: the picker's first `g` painted the picker while "zhejiang⏎" was
    still queued."""
    # Only with one screen shown: the layout posts the screen a Resize, which Textual
    # passes on to the screens under the one on top (laying them out, and repainting).
    if app_is_closing(app) or len(app.screen_stack) != 1:
        return
    if screen.is_mounted and screen is not app.screen_stack[-1]:
        screen._refresh_layout(app.size)


def app_is_closing(app: App[Any]) -> bool:
    return not app.is_running or bool(app._exit)


class OneWritePerUpdate(Screen[Any]):
    """A screen that writes each change to the terminal once (see 7. above).

    Textual 8.2 writes the same cells again after most layouts:

    - ``Screen._on_screen_resume`` lays a screen shown at a new size out (a whole-screen
      write) and then asks for a whole-screen repaint, written an update later;
    - ``Screen._on_timer_update`` writes what a layout changed, then, when a repaint of
      the screen is pending too, the whole screen in the same update;
    - ``Widget._size_updated`` sets ``virtual_size`` (a reactive with ``layout=True``)
      on every widget the layout resized, and the Update and Layout messages of
      refreshes made before the layout arrive after it: each asks for a layout and a
      repaint of what was just written. (A screen shown for the first time also gets
      a Resize from its own layout, which lays it and the screen under it out again:
      that is left alone, it sets the breakpoint classes of the screen under it, and
      with the rest in place it writes nothing);
    - a screen hidden under an opaque one passes its repaints up to the one on top,
      which Textual turns into a whole-screen repaint;
    - a screen shown again at the same size is repainted on the update timer's next
      tick, 0 to 17 ms after the resume: it is now repainted as soon as the refreshes
      that came with the resume are in: the picker's Enter and Esc back are a frame
      (8 ms on average) sooner.

    Here a layout takes in the refreshes still pending, drops the requests the layout
    itself made (unless a scrollbar came or went: the layout is then really needed),
    and messages older than the last layout (or whole-screen write) are dropped; the
    layout of an update that also repaints the whole screen does not write; a covered
    screen keeps its repaints to itself.
    """

    _npl_updating = False  # in Screen._on_timer_update
    _npl_resuming = False  # in Screen._on_screen_resume
    _npl_wrote_whole = False  # the resume's layout wrote the whole screen
    _npl_started = 0.0  # when the update or layout now running began
    _npl_laid_out_at = -1.0  # when the last full layout began
    _npl_painted_at = -1.0  # when the last update that wrote the whole screen began
    _npl_written: tuple[Region, ...] = ()  # the regions the last write covered

    def _on_timer_update(self) -> None:
        self._npl_updating, self._npl_started = True, get_time()
        try:
            super()._on_timer_update()
        finally:
            self._npl_updating = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        self._npl_resuming, self._npl_wrote_whole = True, False
        try:
            super()._on_screen_resume(event)
        finally:
            self._npl_resuming = False
        event.prevent_default()  # Screen's own handler has run (above): not again
        if self._npl_wrote_whole:  # laid out and written whole: the repaint is done
            self._repaint_required = False
            self._dirty_widgets.discard(self)
        # The repaint, once the refreshes that came with the resume are in, rather
        # than on the update timer's next tick (0 to 17 ms later).
        self.call_later(self._npl_update_now)

    def _npl_update_now(self) -> None:
        if self.is_attached and self is self.app.screen and (self._layout_required or self._repaint_required or self._dirty_widgets):
            self._on_timer_update()

    async def _on_update(self, message: messages.Update) -> None:
        if message.time < self._npl_painted_at:
            message.stop()
            message.prevent_default()  # (Screen's handler is not called)

    async def _on_layout(self, message: messages.Layout) -> None:
        if message.time < self._npl_laid_out_at:
            message.stop()
            message.prevent_default()

    def _compositor_refresh(self) -> None:
        app = self.app
        if app.is_inline:
            super()._compositor_refresh()
            return
        compositor = self._compositor
        if self is not app.screen:
            if self in app.screen_stack and app.screen.styles.background.a == 1:
                compositor._dirty_regions.clear()  # covered: nothing of it shows
                self._dirty_widgets.clear()
                return
        elif self._npl_updating and self._repaint_required:
            self._npl_written = (compositor.size.region,)
            return  # the whole-screen repaint that follows in this update writes it
        else:
            self._npl_written = tuple(compositor._dirty_regions)
            if compositor.size.region in compositor._dirty_regions:
                self._npl_painted_at = self._npl_started
                self._npl_wrote_whole = self._npl_resuming
        super()._compositor_refresh()

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        if not self._npl_updating:
            self._npl_started = get_time()
        full = not (scroll and not self._layout_widgets)  # (else Textual only reflows what scrolled into view)
        # What Widget._check_refresh would do on the widgets' next idle, done now: the
        # layout takes their changes in.
        for widget in self.walk_children(Widget, with_self=False):
            if widget._layout_required and full:
                widget._layout_required = False
                for ancestor in widget.ancestors:
                    if not isinstance(ancestor, Widget):
                        break
                    ancestor._clear_arrangement_cache()
                    ancestor._layout_updates += 1
                    if not ancestor.styles.auto_dimensions:
                        break
            if widget._repaint_required and widget.display:
                widget._repaint_required = False
                self._dirty_widgets.add(widget)
        bars = {w: (w.show_vertical_scrollbar, w.show_horizontal_scrollbar) for w in self._compositor.widgets}
        self._npl_written = ()
        super()._refresh_layout(size, scroll)
        if full:
            self._npl_laid_out_at = self._npl_started
        written: tuple[Region, ...] = self._npl_written
        visible = self._compositor.visible_widgets
        for widget in self._compositor._full_map:  # (scrollbars included)
            if widget is self:
                continue
            if widget._layout_required and full and bars.get(widget, (False, False)) == (
                widget.show_vertical_scrollbar, widget.show_horizontal_scrollbar
            ):
                widget._layout_required = False
            if widget._repaint_required:
                if widget not in visible:
                    widget._repaint_required = False  # drawn when it comes into view
                else:
                    region, clip = visible[widget]
                    shown = region.intersection(clip)
                    if any(area.contains_region(shown) for area in written):
                        widget._repaint_required = False


class PaintsAfterTypeAhead(Screen[Any]):
    """A screen that is not painted while keys typed ahead are still on their way
    through it (see 3. above): the picker, shown by the `g` of "gzhejiang⏎", was
    painted whole (8 KB, twice) whenever its update came between the keys, delaying
    the province screen the Enter opens (docs/benchmarks.md).

    The update waits, a frame at a time and at most :attr:`HOLD_FRAMES`, while a
    message is queued for the app, the screen or the focused widget and its
    ancestors."""

    HOLD_FRAMES = 6
    _npl_held = 0

    def _on_timer_update(self) -> None:
        if self._npl_held < self.HOLD_FRAMES and self._keys_in_flight():
            self._npl_held += 1
            return  # the update timer runs on: tried again next frame
        self._npl_held = 0
        super()._on_timer_update()

    def _keys_in_flight(self) -> bool:
        focused = self.focused
        chain = [] if focused is None else [focused, *focused.ancestors]
        return any(pump.message_queue_size for pump in (self.app, self, *chain))


# 3 ----------------------------------------------------------------- type-ahead


def mark_screen(event: events.Key, screen: Screen[Any]) -> None:
    """Record that *event* bubbled through *screen* (a kept screen's on_key)."""
    event._npl_screen = screen  # type: ignore[attr-defined]


def forward_type_ahead(app: App[Any], event: events.Key) -> bool:
    """In the app's on_key: a key that came up through a screen that is no longer on
    top goes on to the screen that is, in the order typed. True if it was forwarded."""
    source = getattr(event, "_npl_screen", None)
    if source is None or source is app.screen:
        return False
    event.stop()
    event.prevent_default()  # not App's own key handling: the bindings are the new screen's
    app.post_message(events.Key(event.key, event.character))  # as a key just typed
    return True


def seen_by_input(event: events.Key) -> bool:
    """Whether a :class:`KeyFirstInput` has seen *event* (and let it bubble)."""
    return bool(getattr(event, "_npl_seen_by_input", False))


class KeyFirstInput(Input):
    """An Input that sees each key before Input's own handler does: Textual calls the
    ``_on_key`` of every class in the MRO, subclass first, until one prevents the
    default. :meth:`key_first` may handle the key there and then.

    Its editing keys (backspace, delete, the arrows, home, end: Input's own bindings)
    act in the order typed. Textual runs a widget's bindings only once the key has
    bubbled up to the app, behind the letters typed after it, which are already
    queued for the box: "xy⌫z" typed in one burst left "xz" with the z deleted ("x")."""

    async def _on_key(self, event: events.Key) -> None:
        event._npl_seen_by_input = True  # type: ignore[attr-defined]
        self.key_first(event)
        if event._no_default_action or event.is_printable:
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            # (priority bindings ran when the key arrived; an action that does not
            # apply, such as scrolling a box that cannot scroll, lets the key bubble on)
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return

    def key_first(self, event: events.Key) -> None:
        """Look at *event* ahead of Input; ``event.prevent_default()`` skips Input's
        handler (the key then bubbles on unless stopped)."""


# 4 ------------------------------------------------------------------ start-up GC


def pause_gc_until_first_frame() -> None:
    gc.disable()


#: Allocations between two collections of the youngest generation, once running.
GC_YOUNG_THRESHOLD = 10_000


def gc_after_first_frame() -> None:
    """Freeze what start-up made out of future collections, and collect from then on,
    the youngest generation every :data:`GC_YOUNG_THRESHOLD` allocations."""
    gc.freeze()
    _young, *older = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *older)
    gc.enable()


#: Seconds a thread may hold the interpreter lock while another waits for it.
SWITCH_INTERVAL = 0.0005


def prompt_frames() -> None:
    """Let Textual's writer thread take the interpreter lock within
    :data:`SWITCH_INTERVAL` of a frame being handed to it (see 8. above)."""
    sys.setswitchinterval(SWITCH_INTERVAL)


# 5 --------------------------------------------------------------------- plotext


def plot_unlimited(plt: Any) -> None:
    """Let plotext draw at the size it is given, not the real terminal's."""
    plt._limit_size(False, False)


# 6 ------------------------------------------------------------ terminal output

_SGR = re.compile(r"(\x1b\[[0-9;:]*m)")
_RESET = ("\x1b[0m", "\x1b[m")


def squeeze_sgr(data: str) -> str:
    """*data* with every "reset, same style again" pair dropped where nothing lies
    between the two: the terminal's state, and so the screen, is the same.

    Only a style set right after a reset is known whole (Rich writes each run's
    style whole after a reset); a style set on top of another is not, and is never
    taken for a repeat."""
    parts = _SGR.split(data)
    out: list[str] = []
    known: str | None = None  # the whole current style, when known
    pending = False  # a reset seen, not written yet
    for i, part in enumerate(parts):
        if not part:
            continue
        if i % 2 == 0:  # text, or other control sequences: write any pending reset first
            if pending:
                out.append("\x1b[0m")
                pending, known = False, ""
            out.append(part)
        elif part in _RESET:
            pending = True
        elif pending:
            pending = False
            if part != known:
                out.append("\x1b[0m")
                out.append(part)
                known = part
            # else: the reset and the same style again cancel out
        else:
            out.append(part)
            known = None  # on top of whatever was set: no longer known whole
    if pending:
        out.append("\x1b[0m")
    return "".join(out)


def squeezing_driver(driver_class: type[Driver]) -> type[Driver]:
    """*driver_class* (the one Textual chose for this terminal) writing squeezed output."""

    class Squeezing(driver_class):  # type: ignore[valid-type, misc]
        def write(self, data: str) -> None:
            super().write(squeeze_sgr(data))

    Squeezing.__name__ = f"Squeezing{driver_class.__name__}"
    return Squeezing
