"""Start-up, screen reuse and type-ahead: the shortcuts that keep the app fast must not
change what it does. These drive each of them:

- one ProvinceScreen, built ahead and re-pointed on each drill-down;
- screens that skip Textual's restyle on resume unless the theme changed;
- a local snapshot read before the first paint (the refresh loop still runs);
- the width breakpoint class set before the first paint;
- KeyBar, the one-widget footer.
- the garbage collector back on after start-up;
- keys typed in a burst (type-ahead) before any is handled.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rich.cells import cell_len
from textual.color import Color
from ui_fixtures import FROZEN_NOW, fixture_snapshot, loaded, shipped_app

from npl_tui import textual_workarounds
from npl_tui.app import NplApp
from npl_tui.core.sources import StaticSource
from npl_tui.screens.dashboard import DashboardScreen
from npl_tui.screens.province import ProvinceScreen
from npl_tui.widgets.breadcrumb import Breadcrumb
from npl_tui.widgets.key_bar import KeyBar
from npl_tui.widgets.row_table import RowTable

BIG = (120, 40)
SMALL = (80, 24)


def table_rows(table: RowTable) -> list[list[str]]:
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


async def drill(pilot, code: str) -> ProvinceScreen:
    pilot.app.open_province(code)
    for _ in range(5):
        await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProvinceScreen)
    return screen


# --------------------------------------------------------------------------- one province screen


async def test_drill_downs_reuse_one_screen_and_leave_nothing_of_the_last_province(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        guangdong = await drill(pilot, "440000")
        assert guangdong.query_one(Breadcrumb).plain == "China › Guangdong"
        gd_cities = table_rows(guangdong.query_one("#cities", RowTable))
        assert "Guangzhou" in [r[0] for r in gd_cities]
        guangdong.query_one("#announcements", RowTable).move_cursor(row=5)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)

        zhejiang = await drill(pilot, "330000")
        assert zhejiang is guangdong  # the same screen, re-pointed
        assert zhejiang.query_one(Breadcrumb).plain == "China › Zhejiang"
        assert zhejiang.view.code == "330000"
        cities = [r[0] for r in table_rows(zhejiang.query_one("#cities", RowTable))]
        assert "Hangzhou" in cities and "Guangzhou" not in cities
        announcements = zhejiang.query_one("#announcements", RowTable)
        assert announcements.cursor_row == 0  # no cursor carried over from Guangdong
        assert all(zhejiang.view.announcements[i]["province_code"] == "330000" for i in range(announcements.row_count))
        assert "Guangdong" not in zhejiang.query_one("#province-summary").render().plain


async def test_first_frame_of_a_drill_down_shows_no_sections_of_the_previous_province(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        await drill(pilot, "440000")
        await pilot.press("escape")
        await pilot.pause()
        screen = app.province_screen()
        screen.show("540000")  # Tibet: no figures, cities or announcements
        # In the same frame: the head is Tibet's, and nothing of Guangdong's is left.
        assert screen.query_one(Breadcrumb).plain == "China › Tibet"
        assert screen.query_one("#province-empty").display  # "no figures for Tibet"
        for key in ("figures", "cities", "announcements", "discounts", "chart"):
            assert not screen.query_one(f"#section-{key}").display


async def test_a_drill_down_updates_only_the_words_that_change(shipped_dir, monkeypatch):
    """Re-pointing the screen leaves alone what reads the same for the next province
    (section titles and notes): an update repaints the widget and lays the screen out."""
    from textual.widgets import Static

    updated: list[str | None] = []
    original = Static.update
    monkeypatch.setattr(Static, "update", lambda self, *a, **k: (updated.append(self.id), original(self, *a, **k))[1])
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        first = await drill(pilot, "440000")
        title = first.query_one("#title-figures", Static).render()
        await pilot.press("escape")
        await pilot.pause()
        updated.clear()
        screen = await drill(pilot, "330000")
        assert screen.query_one("#title-figures", Static).render() == title  # "Figures", as for Guangdong
        assert "province-summary" in updated  # Zhejiang's own summary
        assert not {"title-figures", "note-figures", "province-empty"} & set(updated), updated


async def test_jump_from_a_province_replaces_it_and_escape_goes_to_china(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        await drill(pilot, "440000")
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"zhejiang", "enter")
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "330000"
        assert sum(isinstance(s, ProvinceScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_warm_up_builds_the_province_screen_before_any_drill_down(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        app._warm_up_drill_down()
        for _ in range(5):
            await pilot.pause()
        screen = app.province_screen()
        assert screen.is_mounted and screen not in app.screen_stack
        assert screen.query("#figures")  # composed, off screen
        assert (await drill(pilot, "330000")) is screen


# --------------------------------------------------------------------------- restyle on resume


async def test_theme_changed_while_the_province_screen_was_away_is_applied_on_return(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        screen = await drill(pilot, "440000")
        dark_background = screen.styles.background
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        await drill(pilot, "440000")
        light_background = screen.styles.background
        assert light_background != dark_background
        assert light_background == Color.parse(app.current_theme.background)


async def test_the_picker_is_restyled_on_g_only_when_the_theme_changed(shipped_dir, monkeypatch):
    """Textual restyled the whole picker each time `g` showed it, and its box on the
    first letter typed (Input's -valid class), in the middle of the keys typed behind
    the `g`."""
    from npl_tui.screens.picker import PickerInput, ProvincePickerScreen

    restyled: list[str] = []
    for cls in (ProvincePickerScreen, PickerInput):
        original = cls.update_node_styles
        monkeypatch.setattr(cls, "update_node_styles", lambda self, animate=True, original=original: (restyled.append(self.app.theme), original(self, animate))[1])
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        await settled(pilot, 80)  # the warm-up has built the picker and laid it out
        picker = app.picker_screen()
        restyled.clear()
        await pilot.press("g", "z")
        await pilot.pause()
        assert app.screen is picker and restyled == []
        dark = picker.query_one("#picker").styles.background
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        restyled.clear()
        await pilot.press("g")
        await pilot.pause()
        assert app.screen is picker and restyled == ["textual-light"]
        assert picker.query_one("#picker").styles.background != dark


async def test_focus_styles_still_follow_focus_across_resumes(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        ranking = app.screen.query_one("#province-ranking")
        assert ranking.has_focus
        focused_border = ranking.styles.border_top
        await pilot.press("enter")
        for _ in range(5):
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#province-ranking").styles.border_top == focused_border
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.query_one("#province-ranking").styles.border_top != focused_border


# --------------------------------------------------------------------------- data before first paint


async def test_a_local_source_is_read_before_the_dashboard_is_composed():
    seen: dict[str, object] = {}

    class Probe(DashboardScreen):
        def on_mount(self) -> None:  # mounted, before its first frame
            seen["snapshot"] = self.app.snapshot

    app = NplApp(StaticSource(fixture_snapshot(), local=True), clock=lambda: FROZEN_NOW)
    app.get_default_screen = Probe  # type: ignore[method-assign]
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        assert "1.50%" in app.screen.query_one("#ratio-headline").render().plain
    assert seen["snapshot"] is not None


async def test_a_local_source_with_refresh_still_reloads():
    source = StaticSource(fixture_snapshot(), local=True)
    app = NplApp(source, refresh_seconds=0.05, clock=lambda: FROZEN_NOW)
    async with app.run_test(size=BIG) as pilot:
        for _ in range(40):
            await pilot.pause(0.02)
            if source.loads >= 3:
                break
        assert source.loads >= 3
        assert app.snapshot is not None and app.market.error is None


async def test_a_remote_source_still_paints_before_its_data_arrives():
    source = StaticSource(fixture_snapshot())  # local=False: loaded in a worker
    app = NplApp(source, clock=lambda: FROZEN_NOW)
    async with app.run_test(size=BIG) as pilot:
        assert app.snapshot is None or source.loads == 1
        await loaded(pilot)
        assert app.snapshot is not None


# --------------------------------------------------------------------------- breakpoints


@pytest.mark.parametrize(("size", "cls", "other"), [(BIG, "-wide", "-narrow"), (SMALL, "-narrow", "-wide")])
async def test_breakpoint_class_is_set_from_the_start(shipped_dir, size, cls, other):
    classes: list[set[str]] = []

    class Probe(DashboardScreen):
        def on_mount(self) -> None:
            classes.append(set(self.classes))

    app = shipped_app(shipped_dir)
    app.get_default_screen = Probe  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert cls in app.screen.classes and other not in app.screen.classes
    assert classes and cls in classes[0] and other not in classes[0]


# --------------------------------------------------------------------------- KeyBar


def bar_text(app) -> str:
    bar = app.screen.query_one(KeyBar)
    return bar.render().plain


async def test_key_bar_lists_focused_then_screen_then_app_keys_and_pins_help(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        await pilot.pause()
        text = bar_text(app)
        assert text.startswith(" ⏎ Open province") or "Open province" in text.split("  ")[0]
        assert text.index("Open province") < text.index("Filter") < text.index("Quit")
        assert text.rstrip().endswith("? Help")
        assert cell_len(text) == BIG[0]


async def test_key_bar_keeps_help_visible_when_the_keys_do_not_fit(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        text = bar_text(app)
        assert text.rstrip().endswith("? Help")
        assert "Quit" not in text  # dropped whole, never cut in half
        assert cell_len(text) == SMALL[0]


async def test_key_bar_click_presses_the_key(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        bar = app.screen.query_one(KeyBar)
        bar.render()
        help_span = next(s for s in bar._spans if s[2] == "question_mark")
        await pilot.click(KeyBar, offset=(help_span[0] + 1, 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_key_bar_repaints_only_when_the_keys_change(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        bar = app.screen.query_one(KeyBar)
        before = bar.keys
        refreshed: list[bool] = []
        original = bar.refresh
        bar.refresh = lambda *a, **k: (refreshed.append(True), original(*a, **k))[1]  # type: ignore[method-assign]
        app.screen.refresh_bindings()
        await pilot.pause()
        assert bar.keys == before and not refreshed
        await pilot.press("3")
        await pilot.pause()
        assert bar.keys != before and refreshed


def test_frozen_clock_is_timezone_aware():
    assert FROZEN_NOW.tzinfo is dt.timezone.utc


async def test_on_first_frame_runs_once_when_the_first_frame_is_up(shipped_dir):
    calls: list[object] = []
    app = shipped_app(shipped_dir, on_first_frame=lambda: calls.append(app.snapshot))
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        await pilot.pause()
    assert len(calls) == 1 and calls[0] is not None  # a local snapshot: data in the first frame


def test_the_monitor_leaves_the_garbage_collector_on():
    """cli pauses the GC for start-up and must turn it back on, whatever happens."""
    import gc


    assert gc.isenabled()
    threshold = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # Python's own
    gc.disable()
    try:
        textual_workarounds.gc_after_first_frame()
        assert gc.isenabled()
        # the youngest generation less often: keystrokes make thousands of short-lived
        # containers (docs/benchmarks.md); the older generations as Python has them
        assert gc.get_threshold() == (textual_workarounds.GC_YOUNG_THRESHOLD, 10, 10)
        assert textual_workarounds.GC_YOUNG_THRESHOLD >= 10_000
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        gc.enable()


def test_the_monitor_lets_frames_leave_for_the_terminal_promptly(monkeypatch, tmp_path):
    """Textual's writer thread needs the interpreter lock to write a frame out while
    the event loop goes on with what follows; cli shortens the wait for it."""
    import sys

    from npl_tui.cli import main

    seen: list[float] = []
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(NplApp, "run", lambda self, *a, **k: seen.append(sys.getswitchinterval()))
    before = sys.getswitchinterval()
    try:
        assert main(["--config", str(tmp_path / "none.toml")]) == 0
    finally:
        sys.setswitchinterval(before)
    assert seen == [textual_workarounds.SWITCH_INTERVAL] and seen[0] <= 0.001 < before


# --------------------------------------------------------------------------- type-ahead


def burst(app, *keys: str) -> None:
    """Keys as one SSH packet delivers them: all queued before any is handled."""
    from textual import events

    chars = {"enter": "\r", "escape": "\x1b", "tab": "\t", "question_mark": "?"}
    for key in keys:
        app.post_message(events.Key(key, chars.get(key, key if len(key) == 1 else None)))


async def settled(pilot, rounds: int = 30) -> None:
    for _ in range(rounds):
        await pilot.pause(0.01)


@pytest.mark.parametrize("extra", [(), ("enter",), ("enter", "enter")])
async def test_keys_typed_behind_g_reach_the_picker_and_extra_enters_do_no_harm(shipped_dir, extra):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        burst(app, "g", "z", "h", "e", "j", "enter", *extra)
        await settled(pilot)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "330000"
        assert [type(s).__name__ for s in app.screen_stack] == ["DashboardScreen", "ProvinceScreen"]


async def test_escape_pressed_more_often_than_there_are_screens_is_harmless(shipped_dir):
    app = shipped_app(shipped_dir)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        app.open_province("440000")
        await settled(pilot)
        burst(app, "escape", "escape", "escape")  # one screen to leave, three presses
        await settled(pilot)
        assert isinstance(app.screen, DashboardScreen) and len(app.screen_stack) == 1
        assert app.is_running
        burst(app, "question_mark", "question_mark")
        await settled(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_the_picker_is_built_once_and_filters_once_per_burst(shipped_dir, monkeypatch):
    """`g` shows the one picker the app built ahead. Letters typed in one burst are
    listed once (not once a letter); a burst that ends in Enter is not listed at all
    (nobody would see that list): Enter opens the best match of what the box holds."""
    from npl_tui.screens.picker import ProvincePickerScreen

    filtered: list[str] = []
    original = ProvincePickerScreen._filter
    monkeypatch.setattr(ProvincePickerScreen, "_filter", lambda self, q: (filtered.append(q), original(self, q))[1])
    looked: list[str] = []  # each time the picker compared the box with its list
    compare = ProvincePickerScreen._bring_up_to_date
    monkeypatch.setattr(ProvincePickerScreen, "_bring_up_to_date", lambda self: (looked.append("x"), compare(self))[1])
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        picker = app.picker_screen()
        for code, name in (("330000", "zhejiang"), ("440000", "guangdong"), ("610000", "shaanxi")):
            filtered.clear()
            looked.clear()
            burst(app, "g", *name, "enter")
            await settled(pilot)
            assert isinstance(app.screen, ProvinceScreen) and app.screen.code == code
            assert app.picker_screen() is picker
            assert not [q for q in filtered if q], filtered
            # not once a letter: once a batch of keys the app reads, once more on Enter
            assert len(looked) < len(name), looked
            await pilot.press("escape")
            await pilot.pause()
        filtered.clear()
        burst(app, "g", *"zhej")  # no Enter: listed, once
        await settled(pilot)
        assert app.screen is picker and filtered == ["zhej"]
        assert picker.highlighted_code == "330000"
        burst(app, "enter")
        await settled(pilot)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "330000"


async def test_enter_on_a_burst_that_matches_nothing_lists_nothing_and_stays(shipped_dir):
    from npl_tui.screens.picker import ProvincePickerScreen

    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        burst(app, "g", *"xqxq", "enter")
        await settled(pilot)
        assert isinstance(app.screen, ProvincePickerScreen)
        assert app.screen.matches == [] and app.screen.query_one("#picker-options").option_count == 0
        burst(app, "backspace", "backspace", "backspace", "backspace", *"hubei", "enter")
        await settled(pilot)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "420000"


async def test_a_burst_behind_g_does_not_paint_the_picker_on_the_way(shipped_dir, monkeypatch):
    """On a busy machine the picker's first update came between the keys of
    "gzhejiang⏎" and painted the picker whole before the province screen could be."""
    import time

    from npl_tui.screens.picker import PickerInput, ProvincePickerScreen

    painted: list[str] = []
    original = ProvincePickerScreen._compositor_refresh
    monkeypatch.setattr(ProvincePickerScreen, "_compositor_refresh", lambda self: (painted.append(self.query_one(PickerInput).value), original(self))[1])
    monkeypatch.setattr(PickerInput, "key_first", lambda self, event: time.sleep(0.005))  # each key takes a while
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        app.picker_screen()
        await settled(pilot)
        burst(app, "g", *"zhejiang", "enter")
        await settled(pilot)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "330000"
    assert painted == []


async def test_keys_typed_behind_g_go_straight_to_the_picker(shipped_dir, monkeypatch):
    """`g` is handled as it arrives: the letters behind it reach the picker's box
    without bubbling through the dashboard first (and being posted again)."""
    through_dashboard: list[str] = []
    original = DashboardScreen.on_key
    monkeypatch.setattr(DashboardScreen, "on_key", lambda self, event: (through_dashboard.append(event.key), original(self, event))[1])
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        await pilot.press("2")  # a ranking row focused, as a trader leaves it
        through_dashboard.clear()
        burst(app, "g", *"zhejiang", "enter")
        await settled(pilot)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "330000"
    assert through_dashboard == []


async def test_g_typed_into_a_filter_box_is_a_letter_and_after_enter_opens_the_picker(shipped_dir):
    from npl_tui.screens.picker import ProvincePickerScreen

    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        burst(app, "slash", *"guang")
        await settled(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one("#announcement-filter").value == "guang"
        burst(app, "enter", "g")  # the filter applied, focus on the table: `g` is the picker's key again
        await settled(pilot)
        assert isinstance(app.screen, ProvincePickerScreen)
        burst(app, *"gd")  # in the picker's box, `g` is a letter too
        await settled(pilot)
        assert app.screen.query_one("#picker-input").value == "gd"


async def test_the_picker_gets_ready_for_the_next_g_while_the_user_reads(shipped_dir, monkeypatch):
    """Listing all 31 provinces again is done after a pick, not on the next `g`."""
    from npl_tui.screens.picker import ProvincePickerScreen

    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        picker = app.picker_screen()
        burst(app, "g", *"zhejiang", "enter")
        await settled(pilot)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "330000"
        await pilot.pause(ProvincePickerScreen.RESET_AFTER + 0.2)
        assert picker.query_one("#picker-input").value == ""
        assert len(picker.matches) == 31
        filtered: list[str] = []
        original = ProvincePickerScreen._filter
        monkeypatch.setattr(ProvincePickerScreen, "_filter", lambda self, q: (filtered.append(q), original(self, q))[1])
        await pilot.press("g")
        await settled(pilot)
        assert app.screen is picker and filtered == []


@pytest.mark.parametrize("box", ["filter", "picker"])
async def test_editing_keys_typed_in_a_burst_act_in_the_order_typed(shipped_dir, box):
    """Backspace and the arrows are the box's own bindings, which Textual runs when the
    key has bubbled up to the app, behind the letters typed after it: "boz⌫hai" in one
    burst came out "bozha" ("i" deleted)."""
    app = shipped_app(shipped_dir)
    async with app.run_test(size=BIG) as pilot:
        await loaded(pilot)
        opener, selector = ("slash", "#announcement-filter") if box == "filter" else ("g", "#picker-input")
        burst(app, opener, *"boz", "backspace", *"hai", "left", "left", "left", "delete", "o", "home", "x")
        await settled(pilot)
        assert app.screen.query_one(selector).value == "xbooai"  # bohai, h deleted, o typed, x at the start


async def test_enter_picks_what_was_typed_before_it_even_with_keys_behind_it(shipped_dir):
    """`g`, "zj", Enter, and another key, all arriving while the picker is first built
    (right after start-up): Enter opens Zhejiang, not the no-match of "zjl"."""
    app = shipped_app(shipped_dir)
    async with app.run_test(size=SMALL) as pilot:
        while app.snapshot is None:
            await pilot.pause()
        burst(app, "g", "z", "j", "enter", "l")
        await settled(pilot)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "330000"
