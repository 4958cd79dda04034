"""The monitor as the config file and the history make it, driven through Pilot: built by
the command line's own code (cli.monitor_app), so the file, the options and the app meet
as they do for a user."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pilot_helpers import plain, screen_text, settle
from textual.widgets import OptionList
from ui_fixtures import MONTH_ANNOUNCEMENT, NEW_ANNOUNCEMENT, write_fixture_dir

from npl_tui.app import NplApp
from npl_tui.cli import build_parser, monitor_app
from npl_tui.core.history import History
from npl_tui.screens.dashboard import DashboardScreen
from npl_tui.screens.history import HistoryScreen
from npl_tui.widgets.status_line import StatusLine

SIZE = (120, 40)
UTC = dt.timezone.utc
URL = "https://feeds.example/npl/"

COMMENTED = """\
# my desk's settings
[display]
lang = "zh"  # 中文, please
unit = "bn"

[keys]
refresh = "f5"   # r is for something else on my desk
"""


def app_for(*argv: str) -> NplApp:
    return monitor_app(build_parser().parse_args(list(argv)))


def notes(app: NplApp) -> list[str]:
    return [n.message for n in app._notifications]


def status(app: NplApp) -> str:
    return plain(app.screen.query_one(StatusLine)).strip()


@pytest.fixture
def snap(tmp_path: Path) -> Path:
    return write_fixture_dir(tmp_path / "snap")


async def saved(app: NplApp, pilot) -> None:
    await settle(app, pilot)
    await app.workers.wait_for_complete()


# --------------------------------------------------------------------------- config


async def test_the_file_starts_the_monitor_in_chinese_and_bn_with_the_remapped_key(tmp_path, snap):
    config = tmp_path / "config.toml"
    config.write_text(COMMENTED, "utf-8")
    app = app_for("--config", str(config), "--snapshot", str(snap))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert (app.lang, app.unit) == ("zh", "bn")
        text = screen_text(app)
        assert "不良贷款率" in text and "十亿元" in text and "NPL ratio" not in text
        assert status(app).startswith("快照 ")
        loads = app.loads_finished
        await pilot.press("r")  # no longer refresh: the file gave refresh to f5
        await settle(app, pilot)
        assert app.loads_finished == loads
        await pilot.press("f5")
        await settle(app, pilot)
        assert app.loads_finished == loads + 1
        assert notes(app) == []
    assert config.read_text("utf-8") == COMMENTED  # nothing changed in the app: nothing written


async def test_l_saves_the_language_into_the_file_keeping_its_comments(tmp_path, snap):
    config = tmp_path / "config.toml"
    config.write_text(COMMENTED, "utf-8")
    app = app_for("--config", str(config), "--snapshot", str(snap))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await saved(app, pilot)
        assert config.read_text("utf-8") == COMMENTED.replace('lang = "zh"  # 中文', 'lang = "en"  # 中文')
        app.theme = "nord"  # as the command palette's "Change theme" does
        await saved(app, pilot)
        assert 'theme = "nord"' in config.read_text("utf-8")
        await pilot.press("u", "u")  # and back: the file holds bn already, so nothing more is written
        await saved(app, pilot)
        await pilot.press("l")
    # the last change, made just before quitting, is saved on the way out
    text = config.read_text("utf-8")
    assert 'lang = "zh"  # 中文, please' in text and 'unit = "bn"' in text and text.startswith("# my desk's settings\n")


async def test_a_change_creates_the_default_file_when_there_is_none(snap):
    app = app_for("--snapshot", str(snap))
    assert app.config_path is not None and not app.config_path.exists()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not app.config_path.exists()
        await pilot.press("u")
        await saved(app, pilot)
    assert app.config_path.read_text("utf-8") == '[display]\nunit = "bn"\n'  # only what was changed


async def test_a_bad_value_is_a_notification_and_the_monitor_starts_anyway(tmp_path, snap):
    config = tmp_path / "config.toml"
    config.write_text('[display]\nlang = "fr"\nunit = "bn"\nsize = 3\n', "utf-8")
    app = app_for("--config", str(config), "--snapshot", str(snap))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen) and app.snapshot is not None
        assert (app.lang, app.unit) == ("en", "bn")  # the bad value falls back; the rest applies
        assert notes(app) == [
            f"{config} line 2: display.lang: 'fr' is not one of en, zh; using 'en'",
            f"{config} line 4: display.size: unknown key, ignored",
        ]
        assert [n.severity for n in app._notifications] == ["error", "warning"]


async def test_a_long_problem_is_cut_in_the_toast_and_more_than_three_are_counted(tmp_path, snap):
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nteleport = "t"\n[a]\n[b]\n[c]\n', "utf-8")
    app = app_for("--config", str(config), "--snapshot", str(snap))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first, _b, _c, more = notes(app)
        assert first.startswith(f"{config} line 2: keys.teleport: unknown action, ignored (actions: ")
        assert len(first) == 200 and first.endswith("…")  # the whole line is in the log
        assert more == "… and 1 more, all in the log file"


async def test_a_config_that_cannot_be_read_or_saved_is_one_line_each_never_a_crash(tmp_path, snap):
    blocker = tmp_path / "a-file"
    blocker.write_text("", "utf-8")
    config = blocker / "config.toml"  # under a file: it can be neither read nor written
    app = app_for("--config", str(config), "--snapshot", str(snap))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        (start,) = notes(app)
        assert start.startswith(str(config)) and "cannot be read" in start
        await pilot.press("l")
        await saved(app, pilot)
        await pilot.press("l")
        await saved(app, pilot)
        after = notes(app)[1:]
        assert len(after) == 1 and after[0].startswith(f"{config}: cannot save: ") and "\n" not in after[0]  # said once
        assert app.lang == "en" and isinstance(app.screen, DashboardScreen)


# --------------------------------------------------------------------------- history


def day(n: int) -> dt.datetime:
    return dt.datetime(2026, 11, n, 12, tzinfo=UTC)


@pytest.fixture
def kept(tmp_path: Path):
    """Two snapshots in the user's history: the fixture seen on 1 Nov, the fixture with
    one more announcement on 3 Nov."""
    history = History()
    old = history.record(write_fixture_dir(tmp_path / "old"), feed=URL, seen_at=day(1))
    new = history.record(write_fixture_dir(tmp_path / "new", [NEW_ANNOUNCEMENT]), feed=URL, seen_at=day(3))
    assert old is not None and new is not None
    return old, new


async def test_as_of_shows_the_past_snapshot_marked_as_history(kept, utc):
    old, _new = kept
    app = app_for("--as-of", "2026-11-02")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.snapshot is not None and app.snapshot.fingerprint == old.id
        line = status(app)  # at 80 columns, the generation day without its time
        assert line == "HISTORY as of 2026-11-02 (generated 2026-03-01) · seen 2026-11-01 12:00", line
        assert "A100" not in {r["id"] for r in app.snapshot.announcements.rows}
        await pilot.press("r")  # never refreshed
        await settle(app, pilot)
        assert app.snapshot.fingerprint == old.id and any("never refreshed" in n for n in notes(app))
        await pilot.press("l")
        await settle(app, pilot)
        assert status(app) == "历史 截至 2026-11-02（快照生成于 2026-03-01 00:00） · 记录于 2026-11-01 12:00"


async def test_h_lists_the_history_and_enter_shows_the_chosen_snapshot(kept, tmp_path, utc):
    old, new = kept
    app = app_for("--snapshot", str(write_fixture_dir(tmp_path / "live", [MONTH_ANNOUNCEMENT])))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        live = app.snapshot
        assert live is not None and "HISTORY" not in status(app)
        await pilot.press("h")
        await saved(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        options = app.screen.query_one(OptionList)
        # live first (on screen: ●), then newest first, each with the day it was seen and
        # the day it was generated; the snapshot directory on screen was kept too (today)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0] == "● Live: the current data"
        ids = [options.get_option_at_index(i).id for i in range(1, options.option_count)]
        assert ids == [live.fingerprint, new.id, old.id]
        assert prompts[2] == f"  2026-11-03 12:00 seen · generated 2026-03-01 · feeds.example/npl · {new.id[:8]}"
        assert options.highlighted == 0
        await pilot.press("j", "j", "enter")
        await saved(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.snapshot is not None and app.snapshot.fingerprint == new.id and app.showing_history
        assert status(app).startswith("HISTORY as of 2026-11-03 (snapshot generated 2026-03-01 00:00)")
        assert not app.market.unseen_ids and not notes(app)  # a switch is not news: A100 is not "new"
        await pilot.press("h")
        await saved(app, pilot)
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(options.highlighted or 0).id == new.id  # the cursor on what is shown
        assert str(options.get_option_at_index(2).prompt).startswith("● 2026-11-03")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen) and app.showing_history  # Esc changes nothing
        await pilot.press("h")
        await saved(app, pilot)
        await pilot.press("home", "enter")  # live again
        await saved(app, pilot)
        assert not app.showing_history and app.snapshot is not None and app.snapshot.fingerprint == live.fingerprint
        assert "HISTORY" not in status(app) and status(app).startswith("snapshot ")
        assert not app.market.unseen_ids and not notes(app)


async def test_a_snapshot_directory_is_kept_in_the_history_after_the_first_frame(snap):
    app = app_for("--snapshot", str(snap))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await app.workers.wait_for_complete()
    (entry,) = History().entries()
    assert entry.id == app.snapshot.fingerprint and entry.feeds[0][0] == str(snap.resolve())  # type: ignore[union-attr]


async def test_a_past_snapshot_that_cannot_be_read_is_one_line_and_the_screen_stays(kept, snap):
    old, _new = kept
    app = app_for("--snapshot", str(snap))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        live = app.snapshot
        (old.path / "ratios.csv").write_bytes(b"damaged")
        app.show_past(old.id)
        await saved(app, pilot)
        assert app.snapshot is live and not app.showing_history
        (line,) = [n for n in notes(app) if "damaged" in n]
        assert line.startswith(f"history entry {old.id} is damaged and was set aside")


def test_the_history_mark_comes_first_and_is_never_left_out(utc):
    from npl_tui.widgets.status_line import status_line_text

    seen = dt.datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    generated = dt.datetime(2026, 10, 31, 18, 0, tzinfo=UTC)
    line = status_line_text(width=200, origin_kind="history", location="https://feeds.example/npl/[b]x[/b]",
                            newest=dt.date(2025, 12, 31), loaded_at=seen, fetched_at=seen, history_day=dt.date(2026, 11, 2),
                            generated=generated).plain
    assert line == ("HISTORY as of 2026-11-02 (snapshot generated 2026-10-31 18:00) · from https://feeds.example/npl/[b]x[/b]"
                    " · newest fact 2025-12-31 · seen 2026-11-01 09:30")
    narrow = status_line_text(width=78, origin_kind="history", location="/a/very/long/path/to/a/snapshot/directory",
                              newest=dt.date(2025, 12, 31), loaded_at=seen, fetched_at=seen, generated=generated,
                              error="history entry 3f2a is damaged and was set aside: ratios.csv does not match").plain
    assert narrow.startswith("HISTORY 2026-11-01 · error: history entry 3f2a is dam")  # the short mark, when narrow
    assert len(narrow) <= 78
    # no generation time known: the day alone; a live snapshot has no mark
    assert status_line_text(width=120, origin_kind="history", location="x", newest=None, loaded_at=seen,
                            fetched_at=seen).plain.startswith("HISTORY as of 2026-11-01 · from x")
    assert "HISTORY" not in status_line_text(width=120, origin_kind="cache", location="x", newest=None, loaded_at=seen).plain
