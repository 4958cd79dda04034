"""What the monitor writes to the terminal: fewer colour codes, the same screen.

The app's driver squeezes out the "reset, same style again" pairs Textual writes
between runs of text (textual_workarounds.squeeze_sgr). Real frames of the dashboard
and of a drill-down are captured from the app, replayed in a terminal emulator (pyte)
as written and as squeezed, and compared cell by cell: character, colours and
attributes."""

from __future__ import annotations

import pyte
import pytest
from pilot_helpers import settle
from ui_fixtures import shipped_app

from npl_tui.textual_workarounds import squeeze_sgr, squeezing_driver

COLS, ROWS = 120, 40


def replay(stream: str) -> list[list[tuple[object, ...]]]:
    screen = pyte.Screen(COLS, ROWS)
    pyte.Stream(screen).feed(stream)
    return [
        [(c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse, c.strikethrough) for c in (screen.buffer[y][x] for x in range(COLS))]
        for y in range(ROWS)
    ]


def frame(app) -> str:  # type: ignore[no-untyped-def]
    """What Textual writes for a full repaint of the screen on top (App._display)."""
    update = app.screen._compositor.render_update(full=True)
    return "\x1b[0m" + update.render_segments(app.console)


async def test_squeezed_frames_draw_the_same_screen_in_fewer_bytes(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await settle(app, pilot)
        frames = [frame(app)]
        await pilot.press("2", "enter")
        await settle(app, pilot)
        frames.append(frame(app))
    for stream, first_line in zip(frames, ("npl-tui", "China › Guangdong")):
        screen = replay(stream)
        assert first_line in "".join(cell[0] for cell in screen[0])  # a real frame of each screen
        squeezed = squeeze_sgr(stream)
        assert replay(squeezed) == screen
        assert len(squeezed.encode()) * 3 < len(stream.encode()) * 2  # at least a third fewer bytes


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        ("\x1b[1mA\x1b[0m\x1b[1mB\x1b[0m", "\x1b[1mA\x1b[0m\x1b[1mB\x1b[0m"),  # the first style is not known whole: kept
        ("\x1b[0m\x1b[1mA\x1b[0m\x1b[1mB\x1b[0m", "\x1b[0m\x1b[1mAB\x1b[0m"),  # after a reset it is: the pair goes
        ("\x1b[0m\x1b[1mA\x1b[0m\x1b[2;1H\x1b[1mB\x1b[0m", "\x1b[0m\x1b[1mA\x1b[0m\x1b[2;1H\x1b[1mB\x1b[0m"),  # a move between: kept
        ("\x1b[0m\x1b[1mA\x1b[3mB\x1b[0m\x1b[1mC", "\x1b[0m\x1b[1mA\x1b[3mB\x1b[0m\x1b[1mC"),  # bold+italic is not bold
    ],
)
def test_only_a_reset_followed_by_the_same_whole_style_is_dropped(stream, expected):
    assert squeeze_sgr(stream) == expected


def test_the_app_uses_the_driver_textual_chose_squeezing():
    from textual.drivers.headless_driver import HeadlessDriver

    driver = squeezing_driver(HeadlessDriver)
    assert issubclass(driver, HeadlessDriver) and driver.write is not HeadlessDriver.write


async def test_a_drill_down_does_not_repaint_the_dashboard_it_covers(shipped_dir, monkeypatch):
    """push_screen asks the covered screen for a repaint, which Textual passes up to
    the screen on top: the province screen was written to the terminal twice."""
    from npl_tui.screens.dashboard import DashboardScreen

    app = shipped_app(shipped_dir)
    repaints: list[str] = []  # the regions the dashboard passes up to the screen on top
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        original = DashboardScreen._compositor_refresh

        def refresh(self):  # type: ignore[no-untyped-def]
            repaints.extend(f"{r.width}x{r.height}" for r in self._compositor._dirty_regions)
            return original(self)

        monkeypatch.setattr(DashboardScreen, "_compositor_refresh", refresh)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ProvinceScreen"
    assert f"{COLS}x{ROWS}" not in repaints, repaints


async def test_a_drill_down_writes_each_change_to_the_terminal_once(shipped_dir, monkeypatch):
    """Enter on a province (its screen built ahead, as after the warm-up) until every
    section is drawn: what the terminal then shows is cell for cell a full frame of
    the province screen, written in at most 30 KB. Textual wrote the screen whole
    twice and most of it twice more (43.8 KB): after each layout, the repaints the
    layout itself asked for (textual_workarounds.OneWritePerUpdate)."""
    from npl_tui.screens.province import ProvinceScreen

    app = shipped_app(shipped_dir)
    writes: list[str] = []  # what the app's driver writes, squeezed as it does
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await settle(app, pilot)
        app.province_screen()  # built ahead, as the warm-up does
        await pilot.press("2")
        await settle(app, pilot)
        dashboard = frame(app)

        def display(screen, update):  # type: ignore[no-untyped-def]
            if update is not None:
                writes.append(squeeze_sgr(update.render_segments(app.console)))

        monkeypatch.setattr(app, "_display", display)
        await pilot.press("enter")
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, ProvinceScreen) and app.screen.complete:
                break
        await pilot.pause(0.3)  # and the updates after the last section
        assert isinstance(app.screen, ProvinceScreen) and app.screen.complete
        province = frame(app)
    assert "China › Guangdong" in "".join(cell[0] for cell in replay(province)[0])
    assert replay(dashboard + "".join(writes)) == replay(province)
    written = sum(len(w.encode()) for w in writes)
    assert written <= 30_000, f"{written:,} bytes in {len(writes)} writes"


async def test_a_screen_shown_again_is_written_without_waiting_for_the_update_timer(shipped_dir, monkeypatch):
    """A kept screen shown again (the province screen after Esc, the picker's Enter)
    had its repaint written on Textual's next update tick, up to a frame later; it is
    written as soon as the refreshes that came with it are in. (The ticks are made
    ten seconds apart here: only a write that does not wait for one gets through.)"""
    import asyncio

    import textual.screen

    from npl_tui.screens.province import ProvinceScreen

    app = shipped_app(shipped_dir)
    writes: list[str] = []
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await settle(app, pilot)
        app.open_province("440000")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        monkeypatch.setattr(textual.screen, "UPDATE_PERIOD", 10.0)
        province = app.province_screen()
        province._update_timer.stop()  # the next one ticks every ten seconds
        province._Screen__update_timer = None

        def display(screen, update):  # type: ignore[no-untyped-def]
            if update is not None:
                writes.append(update.render_segments(app.console))

        monkeypatch.setattr(app, "_display", display)
        app.open_province("330000")
        for _ in range(10):
            await asyncio.sleep(0.02)  # (pilot.pause would run the update itself)
        assert isinstance(app.screen, ProvinceScreen)
    screen = replay("".join(writes))
    assert "China › Zhejiang" in "".join(cell[0] for cell in screen[0])


async def test_the_dashboard_resized_under_the_province_screen_comes_back_at_its_new_size(shipped_dir):
    """The terminal narrowed while a province is shown: Esc shows the dashboard laid
    out for the new width (its breakpoint class included), as a fresh start would."""
    from pilot_helpers import screen_text

    fresh = shipped_app(shipped_dir)
    async with fresh.run_test(size=(80, 24)) as pilot:
        await settle(fresh, pilot)
        expected = screen_text(fresh)
    app = shipped_app(shipped_dir)
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await settle(app, pilot)
        app.open_province("440000")
        await settle(app, pilot)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert screen_text(app) == expected
