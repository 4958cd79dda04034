"""npl-tui's Textual app: holds the snapshot and settings, loads data, owns the refresh loop.

The app takes its data source in its constructor (tests hand it an in-memory one) and
goes through :class:`~npl_tui.core.loader.Loader`, the one path from a source to the
screen. Loading runs in a worker so the first paint never waits for data; a refresh
loop re-arms its timer only after a load finished, so loads can never overlap.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events, work
from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from .core.loader import Liveness, Loader, LoadResult
from .core.snapshot import Snapshot
from .core.sources import PastSource, Source
from .core.state import Feed, LotsLoad, Settings, change_uid
from .core.vocab import word
from .messages import (
    AlertLikeAsked,
    AnnouncementSelected,
    ChangesSeen,
    HistoryChosen,
    LotsAsked,
    PaneChosen,
    PartyChosen,
    PinAsked,
    ProvinceSelected,
    RowsSeen,
    SnapshotLoaded,
    ThreadCall,
)
from .state import Shared
from .textual_workarounds import (
    app_is_closing,
    forward_type_ahead,
    gc_after_first_frame,
    lay_out_off_screen,
    mount_off_screen,
    squeezing_driver,
)

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from textual.command import Provider
    from textual.driver import Driver

    from .core.alerts import Rule
    from .core.config import Config, Watchlist
    from .core.memory import Memory, Tracked
    from .core.seen import Change
    from .core.signing import PublicKey
    from .screens.picker import ProvincePickerScreen
    from .screens.province import ProvinceScreen

_T = TypeVar("_T")
log = logging.getLogger(__name__)
alerts_log = logging.getLogger("npl_tui.alerts")

#: At most this many alert toasts for one load; the rest are counted in one more.
MAX_ALERT_TOASTS = 3

__all__ = ["MAX_BACKOFF_SECONDS", "MAX_RETRY_AFTER_SECONDS", "NplApp"]

#: Seconds after the first data until the drill-down screens are prepared (benchmarks/
#: run.py: a drill-down before then still works, it builds the screen on the way).
WARM_UP_AFTER = 0.3
#: The lots screen and the status line follow a lots load at most this often (seconds).
LOTS_PROGRESS_EVERY = 0.1


class _Cancelled(Exception):
    """A lots read stopped because a newer snapshot replaced it."""

#: Failed refreshes back off exponentially up to min(10 × interval, this) (at least the interval).
MAX_BACKOFF_SECONDS = 1800.0

#: A server's Retry-After is honoured up to this many seconds (a longer one is a
#: mistake or an attack on the desk's freshness; the status line says it is stale).
MAX_RETRY_AFTER_SECONDS = 3600.0

#: Retries are spread so that a hundred desks that failed together do not come back
#: together: an exponential delay d is drawn from [max(interval, d/2), d]; a
#: Retry-After r from [r, r × (1 + this)].
RETRY_AFTER_SPREAD = 0.1

#: At most this many config problems are shown as notifications at start (all are logged).
MAX_NOTICES = 3
#: ... each cut to this many characters (a toast is a few lines, not a page).
MAX_NOTICE_CHARS = 200

log = logging.getLogger(__name__)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _import_drill_down() -> None:
    from .screens import announcement, lots, picker, province  # noqa: F401  (lots: the screen, not numpy)
    from .widgets import province_chart  # noqa: F401  (imports textual-plotext and plotext)


def _jump_provider() -> type[Provider]:
    from .commands import JumpProvider

    return JumpProvider


class NplApp(Shared, App[None]):
    """The NPL market monitor."""

    CSS_PATH = "app.tcss"
    TITLE = "npl-tui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012 - declared so by Textual's App
    # A callable, so textual.command and our provider load when the palette first opens,
    # not on the way to the first paint (measured: docs/benchmarks.md).
    COMMANDS = App.COMMANDS | {_jump_provider}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("r", "refresh", "Refresh", id="app.refresh"),
        # priority: handled as the key arrives, so "gzhejiang⏎" in one SSH packet goes
        # straight to the picker's box instead of through the dashboard and back (the
        # action lets the key through to a focused input box, SkipAction). The second
        # binding, same id (a remap moves both), takes the key when an input box lets
        # it go after losing focus ("⏎g" typed into a filter box).
        Binding("g", "pick_province", "Province", tooltip="Go to a province (picker)", priority=True,
                id="app.pick_province"),
        Binding("g", "pick_province", "Province", show=False, id="app.pick_province"),
        Binding("l", "toggle_lang", "English/中文", id="app.toggle_lang"),
        Binding("u", "toggle_unit", "亿/RMB bn", id="app.toggle_unit"),
        Binding("h", "history", "History", tooltip="The market as it stood (history)",
                show=False, id="app.history"),
        # Declared here (Textual would add its own otherwise) so the palette is in the
        # footer's order and in help: it is how to jump to a province, bank or AMC.
        Binding("ctrl+p", "command_palette", "Jump", tooltip="Jump to a province, bank or AMC (command palette)",
                priority=True, id="app.palette"),
        Binding("w", "whats_new", "What's new", show=False, tooltip="What's new since you last looked", id="app.whats_new"),
        Binding("X", "mark_seen", "All seen", show=False, tooltip="Mark everything new or revised as seen", id="app.mark_seen"),
        Binding("W", "watchlist", "Watchlist", show=False, tooltip="Pinned provinces, banks and AMCs", id="app.watchlist"),
        Binding("L", "lots", "Lots", show=False, tooltip="Every auction lot: filter, sort, drill down", id="app.lots"),
    ]

    # The state (market, settings, feed) is declared once, in npl_tui.state.Shared.

    def __init__(
        self,
        source: Source,
        *,
        fallback: Source | None = None,
        initial: Source | None = None,
        refresh_seconds: float | None = None,
        stale_after: float | None = None,
        lang: str = "en",
        unit: str = "yi",
        theme: str | None = None,
        keymap: Mapping[str, str] | None = None,
        config_path: Path | None = None,
        notices: Sequence[tuple[str, str]] = (),
        past: Source | None = None,
        trust: Sequence[PublicKey] = (),
        keep_in_history: Path | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        on_first_frame: Callable[[], None] | None = None,
        rng: random.Random | None = None,
        config: Config | Path | str | None = None,
        state_dir: Path | None = None,
    ) -> None:
        """*source* (with *fallback* and *initial*: see Loader) is the live data,
        re-checked every *refresh_seconds*. *past*, when given, is shown first instead:
        a snapshot from the history, read-only, until the user goes back to live (h).

        From the config file: *theme*, *keymap* (``{binding id: keys}``), and
        *config_path*, where changes made in the app (language, unit, theme) are saved
        (None: nowhere). *notices* are (severity, one line) shown once the screen is up.
        *trust*: the public keys a past snapshot picked with h must be signed by.
        *keep_in_history*: a snapshot directory kept in the history after the first frame.
        """
        settings = Settings(lang, unit)  # raises ValueError on an unknown language or unit
        if refresh_seconds is not None and refresh_seconds <= 0:
            raise ValueError("refresh_seconds must be positive")
        super().__init__()
        self.source = source
        self._live = Loader(source, fallback=fallback, initial=initial)
        self.loader = Loader(past) if past is not None else self._live
        self._live_refresh = refresh_seconds
        self._live_stale_after = stale_after
        self.refresh_seconds = refresh_seconds if past is None else None
        self.stale_after = stale_after if past is None else None
        self.clock = clock or _utc_now
        self.on_first_frame = on_first_frame  # called once the first frame is on screen
        self.set_reactive(Shared.settings, settings)
        self.loading = False
        self.failures = 0
        self.loads_finished = 0
        self._load_worker: Worker[None] | None = None
        self._next_load: Timer | None = None
        self._stale_timer: Timer | None = None
        self._last_ok: dt.datetime | None = None
        self._province: ProvinceScreen | None = None
        self._picker: ProvincePickerScreen | None = None
        self._rng = rng or random.Random()  # spreading retries, not secrets
        self.set_reactive(Shared.feed, Feed(liveness=Liveness(refreshing=self.refresh_seconds is not None)))
        self.trust = tuple(trust)
        self.keep_in_history = keep_in_history
        self.notices = list(notices)
        # What the config file holds (or the start had) for each display setting: a
        # change made in the app is saved when it differs (see _save_display).
        self.config_path = config_path
        self._saved = {"lang": lang, "unit": unit, "theme": theme or self.theme}
        self._save_lock = threading.Lock()
        self._save_errors: set[str] = set()
        if theme is not None and theme != self.theme:
            try:
                self.theme = theme
            except Exception as exc:  # noqa: BLE001 - Textual's InvalidThemeError: the config checks names, this is the net
                self.notices.append(("warning", f"theme {theme!r} not used: {exc}"))
        if keymap:
            try:
                self.set_keymap(dict(keymap))
            except Exception as exc:  # noqa: BLE001 - a key Textual cannot use must not stop the monitor
                self.notices.append(("warning", f"keys: not used: {type(exc).__name__}: {exc}"))
        # What the monitor remembers (seen-state, alert rules, watchlist): read after the
        # first frame, in one worker thread, in order (core.memory).
        self._config = config  # a Config, a path to read, or None: the default config file
        self._state_dir = state_dir  # where the seen-state files go (default: the user state dir)
        self._memory: Memory | None = None
        self._memory_pool: ThreadPoolExecutor | None = None
        self._first_frame = False
        self._to_track: Snapshot | None = None  # a snapshot that arrived before the first frame
        self._marked: set[str] = set()  # change uids marked seen since the last comparison began
        self._lots_pending: Snapshot | None = None  # lots to read once the first frame is up
        self._history_after_lots = False  # keep the snapshot in the history once its lots are read

    @property
    def showing_history(self) -> bool:
        """Whether the monitor shows a past snapshot (read-only) instead of live data."""
        return self.loader is not self._live

    def get_driver_class(self) -> type[Driver]:
        # The driver Textual would pick, writing fewer colour codes (textual_workarounds).
        return squeezing_driver(super().get_driver_class())

    def get_default_screen(self) -> Screen[Any]:
        from .screens.dashboard import DashboardScreen

        return DashboardScreen()

    async def on_load(self) -> None:
        if getattr(self.loader.source, "local", False):
            # A snapshot on this machine's disk reads in tens of milliseconds: read it
            # before the screen is composed, so the first frame has the figures in it.
            # Painting empty panes first and everything again after the load cost
            # time to data (measured: docs/benchmarks.md).
            self.loading = True
            self._loaded(await self.loader.refresh())
        else:
            # A feed may take seconds: show its cached copy now (a local read), then
            # check the feed in a worker while Textual sets up the terminal.
            preloaded = await self.loader.preload()
            if preloaded is not None:
                self._apply(preloaded)
            self.start_load()

    def on_key(self, event: events.Key) -> None:
        forward_type_ahead(self, event)  # "gzhej⏎" in one SSH packet: see textual_workarounds

    def on_ready(self) -> None:
        # Textual sends Ready once the first frame has been displayed.
        if self.on_first_frame is not None:
            self.on_first_frame()
        self._first_frame = True
        if self._to_track is not None:
            snapshot, self._to_track = self._to_track, None
            self._track(snapshot)
        if self._lots_pending is not None:
            snapshot, self._lots_pending = self._lots_pending, None
            self._follow_lots(snapshot)
        self._show_notices()
        if self.keep_in_history is not None:
            if self.lots.loading:
                # (after the lots: keeping a snapshot hashes its files, a big lots file too,
                # and would compete with reading it; it waits for the lots to be on screen)
                self._history_after_lots = True
            else:
                self._keep_in_history(self.keep_in_history)

    def _show_notices(self) -> None:
        """The config file's problems (and the like), one line each, at most MAX_NOTICES."""
        notices, self.notices = self.notices, []
        shown = notices[:MAX_NOTICES]
        if len(notices) > MAX_NOTICES:
            shown.append(("warning", word("notice.more", self.lang, n=str(len(notices) - MAX_NOTICES))))
        for severity, line in shown:
            if len(line) > MAX_NOTICE_CHARS:  # e.g. the list of every action: whole in the log and in `npl-tui config`
                line = line[: MAX_NOTICE_CHARS - 1] + "…"
            # markup=False: the lines quote the user's file
            self.notify(line, title=word("notice.config", self.lang), severity="error" if severity == "error" else "warning",
                        timeout=12, markup=False)

    @work(thread=True, group="history-record", exit_on_error=False, description="Keep the snapshot in the history")
    def _keep_in_history(self, directory: Path) -> None:
        from .core.history import History

        history = History()
        history.record(directory, feed=directory)
        for notice in history.take_notices():
            log.warning("%s", notice)

    def on_mount(self) -> None:
        self._last_ok = self.clock()
        self._arm_stale_timer()
        if self.loads_finished and not self.loading and self._next_load is None:
            # The first load finished in on_load, before timers could be armed.
            self._arm_next_load(failed=self.market.error is not None, count=False)

    async def on_unmount(self) -> None:
        # A change saved in a worker that has not finished yet: finish it now.
        if self.config_path is not None and self._display_changes():
            import asyncio

            error = await asyncio.to_thread(self._write_display)
            if error:
                log.warning("%s", error)
        # Close the feed's HTTP client (and any fallback) cleanly on the way out.
        await self._live.aclose()
        if self.loader is not self._live:
            await self.loader.aclose()
        if self._memory_pool is not None:
            # Nothing new starts; a save under way finishes in its thread (Python waits
            # for it at exit), without holding up the way out.
            self._memory_pool.shutdown(wait=False)

    # ---------------------------------------------------------------- loading

    def start_load(self) -> bool:
        """Start a load now unless one is running. Returns whether one was started."""
        if self.loading:
            return False
        if self._next_load is not None:
            self._next_load.stop()
            self._next_load = None
        self.loading = True
        self._set_liveness(checking=True, next_at=None)
        self._load_worker = self._load(self.loader)
        return True

    @work(exclusive=True, group="load", exit_on_error=False, description="Load the NPL snapshot")
    async def _load(self, loader: Loader) -> None:
        result = await loader.refresh()
        if loader is self.loader:  # not a load of the source shown before a switch to or from history
            self.post_message(SnapshotLoaded(result))

    def on_snapshot_loaded(self, message: SnapshotLoaded) -> None:
        self._loaded(message.result)

    def _loaded(self, result: LoadResult) -> None:
        self.loading = False
        self.loads_finished += 1
        self._apply(result)
        self._arm_next_load(failed=result.error is not None, retry_after=result.retry_after)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Loader catches source errors; this is the safety net for a bug in the worker.
        if event.worker is self._load_worker and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.loading = False
            if event.state == WorkerState.ERROR:
                error = event.worker.error
                self._set_market(error=f"internal error while loading: {type(error).__name__}: {error}")
                self._arm_next_load(failed=True)

    def next_delay(self, failed: bool, retry_after: float | None = None) -> float | None:
        """Seconds until the next scheduled load (before the spread of
        :meth:`_spread`), or None when not refreshing. After a failure: the interval
        doubled per failure, capped at min(10 × interval, MAX_BACKOFF_SECONDS); never
        sooner than the server's Retry-After (itself capped at MAX_RETRY_AFTER_SECONDS).
        A success resets it to the interval."""
        if self.refresh_seconds is None:
            return None
        base = self.refresh_seconds
        if not failed:
            return base
        cap = max(base, min(10 * base, MAX_BACKOFF_SECONDS))
        delay = min(base * 2 ** min(self.failures, 30), cap)
        if retry_after is not None:
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER_SECONDS))
        return delay

    def _spread(self, delay: float, retry_after: float | None) -> float:
        """A failed check's delay, jittered so that desks that failed together retry apart."""
        base = self.refresh_seconds or 0.0
        if retry_after is not None and delay <= min(retry_after, MAX_RETRY_AFTER_SECONDS):
            return delay * (1.0 + RETRY_AFTER_SPREAD * self._rng.random())  # never sooner than asked
        low = min(delay, max(base, delay / 2))
        return low + (delay - low) * self._rng.random()

    def _arm_next_load(self, failed: bool, count: bool = True, retry_after: float | None = None) -> None:
        if count:
            self.failures = self.failures + 1 if failed else 0
        delay = self.next_delay(failed, retry_after)
        if delay is not None and failed:
            delay = self._spread(delay, retry_after)
        if delay is not None and self.is_running:
            self._next_load = self.set_timer(delay, self.start_load, name="next-load")
            self._set_liveness(checking=self.loading, next_at=self.clock() + dt.timedelta(seconds=delay))
        else:
            self._set_liveness(checking=self.loading, next_at=None)

    def _set_liveness(self, **changes: Any) -> None:
        current = self.feed.liveness
        updated = dataclasses.replace(current, **changes, now=self.clock())
        if updated != current:
            self.feed = dataclasses.replace(self.feed, liveness=updated)

    def _set_market(self, **changes: Any) -> None:
        updated = dataclasses.replace(self.market, **changes)
        if updated != self.market:
            self.market = updated

    def _apply(self, result: LoadResult) -> None:
        """Reflect one load result on screen: one new Market (and Feed) per result, so
        every pane redraws at most once for it."""
        now = self.clock()
        if result.preloaded:
            pass  # a cached copy, not a check: the feed has not answered yet
        elif result.error is None:
            self._last_ok = now
            if self.feed.stale:
                self.feed = dataclasses.replace(self.feed, stale=False)
            self._arm_stale_timer()
            self._set_liveness(checked_at=now, result="updated" if result.changed else "unchanged", failed_at=None, warning=result.warning)
        else:
            self.check_stale()
            self._set_liveness(failed_at=now)
        if result.snapshot is not None and (result.changed or result.preloaded):
            origin = result.snapshot.origin
            self._set_liveness(updated_at=origin.fetched_at or now)
        previous = self.snapshot
        if result.changed and result.snapshot is not None:
            if previous is None:
                # Once the first data is up, import the drill-down screens (and plotext)
                # and build the province screen while the user reads, so the first
                # Enter does not pay for them: two steps, a frame apart
                # (measured: docs/benchmarks.md).
                self.set_timer(WARM_UP_AFTER, self._warm_up_drill_down, name="warm-up")
            self.feed = dataclasses.replace(self.feed, loaded_at=self.clock())
            # What is new in it is worked out in a thread (core.memory); until then the
            # marks of the last comparison stay.
            self._set_market(snapshot=result.snapshot, error=result.error)
            self._track(result.snapshot)
            self._follow_lots(result.snapshot)
        elif result.snapshot is not None and previous is not None and result.snapshot is not previous:
            # The same content, confirmed by the feed: its origin changed.
            if previous.origin.kind == "history":  # back to live: the live copy again, loaded now
                self.feed = dataclasses.replace(self.feed, loaded_at=self.clock())
            self._set_market(snapshot=result.snapshot, error=result.error)
        else:
            self._set_market(error=result.error)

    # ---------------------------------------------------------------- lots

    def _follow_lots(self, snapshot: Snapshot) -> None:
        """Read *snapshot*'s lots behind what is on screen (a worker thread, after the
        first frame): the headline figures never wait for millions of rows."""
        if not self._first_frame:
            self._lots_pending = snapshot
            return
        entry = snapshot.lots_entry
        current = self.lots
        if entry is None:
            if current.present:
                self.workers.cancel_group(self, "lots")
                self.lots = LotsLoad()
            return
        if entry.sha256 == current.sha256 and current.error is None:
            return  # the same lots (a refresh that changed other tables, a confirmed copy)
        synthetic = "lots" in snapshot.manifest.synthetic
        path = snapshot.lots_file()
        # Until the new lots are whole, the last whole ones stay (never lose good data).
        kept = current.lots if current.done else None
        self.lots = LotsLoad(sha256=entry.sha256, total=entry.rows, lots=kept, figures=current.figures if kept else None,
                             synthetic=synthetic)
        if path is None:
            self.lots = dataclasses.replace(self.lots, error=word("lots.not_on_disk", self.lang))
            return
        self._read_lots(path, entry, synthetic, snapshot.lots_where())

    @work(thread=True, exclusive=True, group="lots", exit_on_error=False, description="Read the lots")
    def _read_lots(self, path: Path, entry: Any, synthetic: bool, where: str) -> None:
        from textual.worker import get_current_worker

        from .core.lot_views import lot_figures
        from .core.lots import LotsCache, read_lots
        from .core.paths import cache_root
        from .core.snapshot import DataError

        worker = get_current_worker()
        shown = [0.0]

        def progress(read: int, total: int, partial: Any) -> None:
            if worker.is_cancelled:
                raise _Cancelled
            now = time.monotonic()
            if read < total and now - shown[0] >= LOTS_PROGRESS_EVERY:
                shown[0] = now
                self.post_message(ThreadCall(self._lots_progress, entry.sha256, read, partial))  # (never waits)

        store: list[Callable[[], None]] = []
        try:
            lots = read_lots(path, entry, where=where, progress=progress, cache=LotsCache(cache_root() / "columns"),
                             synthetic=synthetic, store=store)
            self.post_message(ThreadCall(self._lots_read, entry.sha256, lots, None))  # usable now; the figures follow
            figures = lot_figures(lots)
        except _Cancelled:
            return
        except DataError as exc:
            log.warning("lots: %s", exc)
            self.post_message(ThreadCall(self._lots_failed, entry.sha256, str(exc)))
            return
        except (OSError, MemoryError) as exc:
            log.warning("lots: %s: %s", path, exc)
            self.post_message(ThreadCall(self._lots_failed, entry.sha256, f"{path}: {type(exc).__name__}: {exc}"))
            return
        self.post_message(ThreadCall(self._lots_read, entry.sha256, lots, figures))
        for write in store:  # the columns cached for the next start, once everything is on screen
            write()

    def on_thread_call(self, message: ThreadCall) -> None:
        message.stop()
        message.callback(*message.args)

    def _lots_progress(self, sha256: str, read: int, partial: Any) -> None:
        if self.lots.sha256 == sha256 and not self.lots.done:
            # the rows read so far are shown, unless whole older lots are (they stay until these are whole)
            shown = partial if self.lots.figures is None else self.lots.lots
            self.lots = dataclasses.replace(self.lots, read=read, lots=shown)

    def _lots_read(self, sha256: str, lots: Any, figures: Any) -> None:
        if self.lots.sha256 == sha256:
            self.lots = dataclasses.replace(self.lots, read=lots.n, lots=lots, figures=figures, done=True, error=None)
        if figures is not None:
            self._history_now()

    def _history_now(self) -> None:
        if self._history_after_lots and self.keep_in_history is not None:
            self._history_after_lots = False
            self._keep_in_history(self.keep_in_history)

    def _lots_failed(self, sha256: str, error: str) -> None:
        self._history_now()
        if self.lots.sha256 == sha256:
            kept = self.lots.lots if self.lots.figures is not None else None  # whole older lots only
            self.lots = dataclasses.replace(self.lots, lots=kept, error=error)

    def action_lots(self) -> None:
        """The lots; on a province screen, that province's."""
        from .screens.lots import LotsScreen
        from .screens.province import ProvinceScreen

        screen = self.screen
        if isinstance(screen, LotsScreen):
            return
        self.push_screen(LotsScreen(screen.lots_query if isinstance(screen, ProvinceScreen) and screen.code else ""))

    def on_lots_asked(self, message: LotsAsked) -> None:
        from .screens.lots import LotsScreen

        message.stop()
        if isinstance(self.screen, LotsScreen):
            self.pop_screen()
        self.push_screen(LotsScreen(message.query))

    # ---------------------------------------------------------------- what the user has seen

    def memory(self) -> Memory:
        """What the monitor remembers (made when first needed: not on the way to the first frame)."""
        if self._memory is None:
            from .core.memory import Memory

            self._memory = Memory(self._config, self._state_dir)
        return self._memory

    async def _remember(self, call: Callable[..., _T], *args: Any) -> _T:
        """Run *call* in the memory's one thread: file I/O off the UI, one call at a time, in order."""
        if self._memory_pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._memory_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="npl-memory")
        return await asyncio.get_running_loop().run_in_executor(self._memory_pool, call, *args)

    @property
    def watchlist(self) -> Watchlist:
        """The pinned provinces and parties (the config's, as changed in the app)."""
        if self._memory is None:
            from .core.config import Watchlist

            return Watchlist()
        return self._memory.watchlist

    def _track(self, snapshot: Snapshot) -> None:
        if not self._first_frame:
            self._to_track = snapshot  # the first frame first: nothing new is imported before it
            return
        self._marked.clear()
        self._compare(snapshot)

    @work(group="memory", exit_on_error=False, description="Compare with what the user has seen")
    async def _compare(self, snapshot: Snapshot) -> None:
        memory = self.memory()
        problems = await self._remember(memory.read_config)
        for problem in problems:
            self.notify(problem, title=word("config.title", self.lang), severity="warning", markup=False, timeout=12)
        tracked = await self._remember(memory.track, snapshot)
        if tracked is not None:
            self._compared(tracked)
        elif self.snapshot is snapshot:
            self._set_market(changes=None, alerted=())  # the market as it stood (history): nothing to mark

    def _compared(self, tracked: Tracked) -> None:
        for notice in tracked.notices:
            self.notify(notice, title=word("seen.title", self.lang), severity="warning", markup=False, timeout=12)
        current = self.snapshot
        if current is None or current.fingerprint != tracked.snapshot.fingerprint:
            return  # a newer snapshot is being compared
        from .core.seen import Changes

        marked = self._marked
        changes = Changes(tracked.changes.snapshot, tuple(c for c in tracked.changes if change_uid(c) not in marked))
        before = {change_uid(c) for c in self.market.changes} if self.market.changes is not None else set()
        fresh = [c for c in changes if change_uid(c) not in before]
        self._set_market(changes=changes, alerted=tuple(a for a in tracked.alerted if a[0] not in marked))
        if fresh:
            self._announce(fresh)
        ring = [(c, r) for c, r in tracked.ring if change_uid(c) not in marked]
        if ring:
            self._ring(ring)

    def _count_words(self, changes: Iterable[Change]) -> str:
        """"4 new · 1 revised"."""
        kinds = [c.kind for c in changes]
        parts = [word(f"unseen.{k}", self.lang, n=str(kinds.count(k))) for k in ("new", "revised") if k in kinds]
        return " · ".join(parts)

    def _announce(self, fresh: list[Change]) -> None:
        # markup=False: what the feed says is shown literally.
        from .render import party_name

        what = self._count_words(fresh)
        deals = [c.row for c in fresh if c.table == "announcements" and c.kind == "new"]
        if deals:
            newest = max(deals, key=lambda r: (str(r.get("date") or ""), str(r.get("id") or "")))
            text = word("whatsnew.toast_newest", self.lang, what=what, name=party_name(newest, "seller", self.lang))
        else:
            text = word("whatsnew.toast", self.lang, what=what)
        self.notify(text, title=word("whatsnew.toast_title", self.lang), markup=False)

    def _ring(self, ring: list[tuple[Change, Rule]]) -> None:
        """An alert: the terminal's bell (a BEL byte: heard over SSH too), a toast naming
        the rule and the row, a log line; the change is in What's new already."""
        from .changes_view import change_summary
        from .core.memory import ring_line

        self.bell()
        for change, rule in ring:
            alerts_log.warning("%s", ring_line(change, rule))
        for change, rule in ring[:MAX_ALERT_TOASTS]:
            self.notify(f"{rule.name}: {change_summary(change, self.lang, self.unit)}", title=word("alert.title", self.lang),
                        severity="warning", markup=False, timeout=20)
        if len(ring) > MAX_ALERT_TOASTS:
            self.notify(word("alert.more", self.lang, n=str(len(ring) - MAX_ALERT_TOASTS)), title=word("alert.title", self.lang),
                        severity="warning", markup=False, timeout=20)

    def mark_seen(self, items: Iterable[Change]) -> None:
        """Take *items* off what is new (now) and record them as seen (in the memory's thread)."""
        changes = self.market.changes
        uids = {change_uid(c) for c in items}
        if changes is None or not uids:
            return
        from .core.seen import Changes

        seen = [c for c in changes if change_uid(c) in uids]
        if not seen:
            return
        self._marked |= uids
        remaining = Changes(changes.snapshot, tuple(c for c in changes if change_uid(c) not in uids))
        self._set_market(changes=remaining, alerted=tuple(a for a in self.market.alerted if a[0] not in uids))
        self._record_seen(seen)

    @work(group="memory", exit_on_error=False, description="Save what the user has seen")
    async def _record_seen(self, items: list[Change]) -> None:
        notice = await self._remember(self.memory().seen, items)
        if notice:
            self.notify(notice, title=word("seen.title", self.lang), severity="warning", markup=False, timeout=12)

    def on_rows_seen(self, message: RowsSeen) -> None:
        message.stop()
        changes = self.market.changes
        if changes is not None:
            self.mark_seen(c for c in changes if c.table == message.table and (message.ids is None or c.id in message.ids))

    def on_changes_seen(self, message: ChangesSeen) -> None:
        message.stop()
        self.mark_seen(message.changes)

    def action_mark_seen(self) -> None:
        """Everything new or revised counts as seen."""
        changes = self.market.changes
        if changes:
            self.mark_seen(changes)

    def action_whats_new(self) -> None:
        from .screens.whats_new import WhatsNewScreen

        if isinstance(self.screen, WhatsNewScreen):
            self.screen.action_close()
            return
        changes = self.market.changes
        items = tuple(changes) if changes is not None else ()
        alerts = {change_uid(c): self.market.alerts_of(c) for c in items}
        self.push_screen(WhatsNewScreen(items, alerts))

    # ---------------------------------------------------------------- alerts and the watchlist

    def on_alert_like_asked(self, message: AlertLikeAsked) -> None:
        message.stop()
        self._add_alert(message.row)

    @work(group="memory", exit_on_error=False, description="Add an alert rule")
    async def _add_alert(self, row: Mapping[str, Any]) -> None:
        from .core.config import ConfigError

        memory = self.memory()
        await self._remember(memory.read_config)
        try:
            rule = await self._remember(memory.add_rule_like, row)
        except ConfigError as exc:
            self.notify(str(exc), title=word("alert.not_added", self.lang), severity="error", markup=False, timeout=15)
            return
        self.notify(f"{rule.name}: {rule.describe()}", title=word("alert.added", self.lang), markup=False, timeout=10)

    def action_watchlist(self) -> None:
        from .screens.watchlist import WatchlistScreen

        if isinstance(self.screen, WatchlistScreen):
            self.screen.action_close()
            return
        self.push_screen(WatchlistScreen(self.watchlist))

    def on_pin_asked(self, message: PinAsked) -> None:
        message.stop()
        self._toggle_pin(message.kind, message.key)

    @work(group="memory", exit_on_error=False, description="Save the watchlist")
    async def _toggle_pin(self, kind: str, key: str) -> None:
        from .render import province_name

        adding, error = await self._remember(self.memory().toggle_pin, kind, key)
        if error is not None:
            self.notify(error, title=word("watch.not_saved", self.lang), severity="error", markup=False, timeout=15)
        name = province_name(key, self.lang) if kind == "province" else key
        self.notify(word("watch.pinned" if adding else "watch.unpinned", self.lang, name=name), markup=False)

    def _arm_stale_timer(self) -> None:
        if self.stale_after is None:
            return
        if self._stale_timer is not None:
            self._stale_timer.stop()
        self._stale_timer = self.set_timer(self.stale_after, self.check_stale, name="stale-check")

    def check_stale(self) -> None:
        """Mark the data stale when no load has succeeded within ``stale_after``."""
        if self.stale_after is None or self._last_ok is None:
            return
        stale = (self.clock() - self._last_ok).total_seconds() >= self.stale_after
        if stale != self.feed.stale:
            self.feed = dataclasses.replace(self.feed, stale=stale)

    # ---------------------------------------------------------------- actions

    def action_refresh(self) -> None:
        """Load now (ignored while a load is running; history is never refreshed)."""
        if self.showing_history:
            self.notify(word("history.no_refresh", self.lang), severity="warning", markup=False)
            return
        self.start_load()

    def action_toggle_lang(self) -> None:
        self.settings = self.settings.next_lang()

    def action_toggle_unit(self) -> None:
        self.settings = self.settings.next_unit()

    # ---------------------------------------------------------------- saving settings

    def watch_settings(self) -> None:
        self._save_display()

    def watch_theme(self) -> None:
        # Textual's command palette ("Change theme") sets App.theme
        self._save_display()

    def _display_changes(self) -> dict[str, str]:
        """The display settings that differ from what the config file holds."""
        if not hasattr(self, "_saved"):
            return {}  # the theme set in the constructor, before the rest
        wanted = {"lang": self.settings.lang, "unit": self.settings.unit, "theme": self.theme}
        return {key: value for key, value in wanted.items() if self._saved.get(key) != value}

    def _save_display(self) -> None:
        """Save a language, unit or theme changed in the app into the config file, off
        the UI thread; only the settings that changed are written."""
        if self.config_path is not None and self.is_running and self._display_changes():
            self._save_in_thread()

    @work(thread=True, group="save-config", exit_on_error=False, description="Save the display settings")
    def _save_in_thread(self) -> None:
        error = self._write_display()
        if error is not None and error not in self._save_errors:
            self._save_errors.add(error)  # said once: the next toggle would fail the same way
            self._from_thread(self.notify, error, title=word("notice.config", self.lang), severity="error", markup=False)

    def _write_display(self) -> str | None:
        """Write the changed display settings (blocking; one writer at a time, the
        newest values win). Returns the one-line error, logged, when it failed."""
        from .core.config import ConfigError, save_display

        with self._save_lock:
            changes = self._display_changes()
            if not changes or self.config_path is None:
                return None
            try:
                path = save_display(self.config_path, **changes)
            except ConfigError as exc:
                log.warning("%s", exc)
                return str(exc)
            except Exception as exc:  # saving a setting is never worth a crash (logged with its traceback)
                log.exception("saving %s failed", self.config_path)
                return f"{self.config_path}: cannot save: {type(exc).__name__}: {exc}"
            self._saved.update(changes)
            log.info("saved %s to %s", ", ".join(f"display.{k} = {v!r}" for k, v in changes.items()), path)
            return None

    # ---------------------------------------------------------------- history

    def action_history(self) -> None:
        """Pick a past snapshot (or live) from the history: the screen says which with
        HistoryChosen."""
        from .screens.history import HistoryScreen

        if isinstance(self.screen, HistoryScreen):
            self.pop_screen()
            return
        self.push_screen(HistoryScreen())

    def on_history_chosen(self, message: HistoryChosen) -> None:
        from .screens.history import HistoryScreen

        message.stop()
        if isinstance(self.screen, HistoryScreen):
            self.pop_screen()
        if message.entry_id is None:
            self.show_live()
        else:
            self.show_past(message.entry_id)

    @work(thread=True, exclusive=True, group="history", exit_on_error=False, description="Read a past snapshot")
    def show_past(self, entry_id: str) -> None:
        """Read history entry *entry_id* (verified) and show it, marked as history; a
        failure is one line and leaves the screen as it was."""
        from .core.history import HistoryError, load_past
        from .core.snapshot import DataError

        try:
            snapshot, notices = load_past(entry_id, trust=self.trust)
        except (HistoryError, DataError, OSError) as exc:
            log.warning("history: %s", exc)
            self._from_thread(self.notify, str(exc), title=word("history.title", self.lang), severity="error", markup=False)
            return
        for notice in notices:
            log.warning("%s", notice)
        self._from_thread(self._switch, Loader(PastSource(snapshot, label=f"history {snapshot.fingerprint}")))

    def _from_thread(self, callback: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """call_from_thread, unless the app has closed meanwhile (then nothing is shown)."""
        try:
            self.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:
            log.debug("app closed before %s", getattr(callback, "__name__", callback))

    def show_live(self) -> None:
        """Back to the live source (refreshed as before)."""
        if self.showing_history:
            self._switch(self._live)

    def _switch(self, loader: Loader) -> None:
        """Show *loader*'s data from now on: the live one (refreshing as configured) or a
        past snapshot's (never refreshed, no staleness)."""
        previous = self.loader
        live = loader is self._live
        self.loader = loader
        for timer in (self._next_load, self._stale_timer):
            if timer is not None:
                timer.stop()
        self._next_load = self._stale_timer = None
        self.workers.cancel_group(self, "load")
        self.loading = False
        self.failures = 0
        self.refresh_seconds = self._live_refresh if live else None
        self.stale_after = self._live_stale_after if live else None
        self.feed = dataclasses.replace(self.feed, stale=False, liveness=Liveness(refreshing=self.refresh_seconds is not None, now=self.clock()))
        self._last_ok = self.clock()
        self._arm_stale_timer()
        if previous is not self._live:
            self.run_worker(previous.aclose(), exit_on_error=False)
        self.start_load()

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))

    def action_pick_province(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # a letter typed into a box (the priority binding's key)

        def chosen(code: str | None) -> None:
            if code:
                self.open_province(code)

        screen = self.picker_screen()
        if screen in self.screen_stack:
            return  # already open: the keys go to its box
        screen.reset()
        self.push_screen(screen, chosen)

    def picker_screen(self) -> ProvincePickerScreen:
        """The one province picker, installed and mounted ahead of use like the
        province screen: `g` then only shows it (composing it was half of the
        `g` + "zhejiang⏎" path)."""
        from .screens.picker import ProvincePickerScreen

        screen = self._picker
        if screen is None:
            screen = self._picker = ProvincePickerScreen()
            self.install_screen(screen, "picker")
            mount_off_screen(self, screen)
        return screen

    # ---------------------------------------------------------------- navigation API

    def _warm_up_drill_down(self) -> None:
        """Import the drill-down screens and build the province screen while the user
        reads, so that the first Enter on a province only fills and paints it."""
        _import_drill_down()
        self.call_after_refresh(self._build_province_screen)

    def _build_province_screen(self) -> None:
        if not app_is_closing(self):
            self.province_screen()
            picker = self.picker_screen()
            self.set_timer(WARM_UP_AFTER, lambda: lay_out_off_screen(self, picker), name="warm-up-picker")
            self.call_after_refresh(gc_after_first_frame)  # what the warm-up built, frozen out of collections

    def province_screen(self) -> ProvinceScreen:
        """The one ProvinceScreen, installed (kept when popped) and mounted ahead of use.

        Building its ~25 widgets (compose and CSS) is two thirds of a drill-down's cost,
        so it is done once, off the key's path, and every drill-down re-points it.
        """
        from .screens.province import ProvinceScreen

        screen = self._province
        if screen is None:
            screen = self._province = ProvinceScreen()
            self.install_screen(screen, "province")
            mount_off_screen(self, screen)  # built now, not on the first drill-down
        return screen

    def open_province(self, code: str) -> None:
        """Drill into a province: the province screen, re-pointed, on top of the stack.

        One level per Esc: if the province screen is already in the stack (a jump from
        a province or a deal), the screens above it close and it shows the new province.
        """
        if self.snapshot is None:
            self.notify("No data loaded yet.", severity="warning", markup=False)
            return
        screen = self.province_screen()
        screen.show(code)
        if screen in self.screen_stack:
            while self.screen is not screen:
                self.pop_screen()
        else:
            self.push_screen(screen)

    def open_announcement(self, row: Mapping[str, Any], trail: tuple[str, ...] = ("China",)) -> None:
        """Show one announcement's full record (pushes AnnouncementScreen)."""
        from .screens.announcement import AnnouncementScreen

        self.push_screen(AnnouncementScreen(row, trail=trail))

    # Screens and panes ask for navigation with messages; they never call the app.

    def on_province_selected(self, message: ProvinceSelected) -> None:
        message.stop()
        self.open_province(message.code)

    def on_announcement_selected(self, message: AnnouncementSelected) -> None:
        message.stop()
        self.open_announcement(message.row, message.trail)
        changes = self.market.changes
        if changes is not None:  # opened: seen
            self.mark_seen(c for c in changes if c.table == "announcements" and c.id == str(message.row.get("id")))

    def on_pane_chosen(self, message: PaneChosen) -> None:
        message.stop()
        from .screens.dashboard import DashboardScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()
        dashboard = self.screen_stack[0]
        if isinstance(dashboard, DashboardScreen):
            dashboard.action_focus_pane(message.pane)

    def on_party_chosen(self, message: PartyChosen) -> None:
        message.stop()
        self.show_party(message.name)

    def show_party(self, name: str) -> None:
        """Back to the dashboard with the announcements filtered to a seller or buyer."""
        from .screens.dashboard import DashboardScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()
        dashboard = self.screen_stack[0]
        if isinstance(dashboard, DashboardScreen):
            dashboard.show_filter(name)
