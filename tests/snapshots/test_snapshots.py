"""SVG screen snapshots of the dashboard on the shipped data, with a frozen clock.

Update the baselines with ``pytest tests/snapshots/test_snapshots.py --snapshot-update`` and
look at the SVGs before committing them: a baseline must show a correct screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_fixtures import (
    FROZEN_NOW,
    NEW_ANNOUNCEMENT,
    fixture_snapshot,
    loaded,
    shipped_app,
)

from npl_tui.app import NplApp
from npl_tui.core.sources import StaticSource

pytestmark = pytest.mark.usefixtures("utc")


def test_dashboard_120x40(snap_compare, shipped_dir):
    assert snap_compare(shipped_app(shipped_dir), terminal_size=(120, 40), run_before=loaded)


def test_dashboard_80x24(snap_compare, shipped_dir):
    assert snap_compare(shipped_app(shipped_dir), terminal_size=(80, 24), run_before=loaded)


def test_dashboard_chinese_bn_judicial_80x24(snap_compare, shipped_dir):
    async def toggled(pilot) -> None:
        await loaded(pilot)
        await pilot.press("l", "u", "m", "m", "m")
        await pilot.pause()

    assert snap_compare(shipped_app(shipped_dir), terminal_size=(80, 24), run_before=toggled)


def test_dashboard_light_theme_120x40(snap_compare, shipped_dir):
    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"
        await loaded(pilot)

    assert snap_compare(shipped_app(shipped_dir), terminal_size=(120, 40), run_before=light)


def test_help_screen_80x24(snap_compare, shipped_dir):
    async def help_open(pilot) -> None:
        await loaded(pilot)
        # Help lists the focused pane's keys too, and 0.3 s after the first data the app
        # builds the province screen off screen: open help once both have happened, or
        # the page's length (and its scrollbar) depends on the machine's speed.
        await pilot.pause(0.8)
        for _ in range(50):
            if pilot.app.focused is not None:
                break
            await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(shipped_app(shipped_dir), terminal_size=(80, 24), run_before=help_open)


def test_new_announcement_and_error_80x24(snap_compare):
    """A refresh that brought one new row (marked ●), then a failing one (error shown)."""
    from npl_tui.core.snapshot import DataError

    source = StaticSource(
        fixture_snapshot(),
        fixture_snapshot(extra_announcements=[NEW_ANNOUNCEMENT]),
        DataError("https://feed.example/npl/manifest.json: HTTP 503"),
    )
    app = NplApp(source, clock=lambda: FROZEN_NOW)

    async def refreshed(pilot) -> None:
        await loaded(pilot)
        for _ in range(2):
            await pilot.press("r")
            await loaded(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=refreshed)


def test_history_as_of_80x24(snap_compare):
    """`--as-of`: a past snapshot, marked as history on the status line (reverse video)."""
    import datetime as dt

    from npl_tui.core.snapshot import Origin
    from npl_tui.core.sources import PastSource

    seen = dt.datetime(2026, 3, 1, 8, 15, tzinfo=dt.timezone.utc)
    past = fixture_snapshot(origin=Origin("history", "https://feed.example/npl/", seen, dt.date(2026, 3, 1)))
    app = NplApp(StaticSource(fixture_snapshot(extra_announcements=[NEW_ANNOUNCEMENT])), past=PastSource(past), clock=lambda: FROZEN_NOW)
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


def _feed_snapshot(**kwargs: object):
    from feed_fixtures import snapshot_files

    from npl_tui.core.snapshot import Origin, build_snapshot

    manifest, files = snapshot_files(**kwargs)  # type: ignore[arg-type]
    return build_snapshot(manifest, files, Origin("feed", "https://feed.example/npl/"))


def test_whats_new_80x24(snap_compare):
    """A revised NPL ratio (1.50 → 1.62) and a new Henan package that rang an alert."""
    henan = "a2,2025-02-03,2025-02-03,bank_package,Zhongyuan Bank,city_commercial_bank,corporate,listed,410000,中原银行资产包,test,12"
    source = StaticSource(_feed_snapshot(), _feed_snapshot(ratio=1.62, announcements=(henan,), generated_at="2025-02-05T00:00:00Z"))
    from npl_tui.core.alerts import parse_rules
    from npl_tui.core.config import Config

    rules, _problems = parse_rules([{"name": "Henan big packages", "province": "Henan", "principal": ">10亿"}])
    app = NplApp(source, clock=lambda: FROZEN_NOW, config=Config(Path("config.toml"), alerts=tuple(rules)))
    app.bell = lambda: None  # type: ignore[method-assign]

    async def opened(pilot) -> None:
        await loaded(pilot)
        await pilot.press("r")
        await loaded(pilot)
        pilot.app.clear_notifications()
        await pilot.press("w")  # on the revised ratio: its detail, old → new, as of and source
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=opened)


def test_watchlist_80x24(snap_compare):
    from npl_tui.core.config import Config, Watchlist

    config = Config(Path("config.toml"), watchlist=Watchlist(("120000", "410000"), ("Bohai Bank", "Nobody Bank")))
    app = NplApp(StaticSource(fixture_snapshot()), clock=lambda: FROZEN_NOW, config=config)

    async def opened(pilot) -> None:
        await loaded(pilot)
        await pilot.press("W")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=opened)
