"""A monitor that remembers (issue 10): new and revised since the user last looked,
alert rules, the watchlist and the export of what is on screen — on a feed served on
loopback where it matters, across restarts."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpserver as hs  # noqa: F401  (the server fixture's module)
import pytest
from feed_fixtures import write_snapshot_dir
from pilot_helpers import Clock, plain, screen_text, settle
from textual.widgets import Static
from ui_fixtures import fixture_snapshot

from npl_tui.app import NplApp
from npl_tui.core.cache import FeedCache
from npl_tui.core.feed import HttpFeedSource
from npl_tui.core.seen import feed_identity, state_path
from npl_tui.core.sources import StaticSource
from npl_tui.screens.dashboard import EXPORT_COLUMNS, DashboardScreen
from npl_tui.screens.province import ProvinceScreen
from npl_tui.screens.watchlist import WatchlistScreen
from npl_tui.screens.whats_new import WhatsNewScreen
from npl_tui.widgets.announcement_table import NEW_MARK, AnnouncementTable
from npl_tui.widgets.province_ranking import ProvinceRanking
from npl_tui.widgets.status_line import StatusLine

#: A Henan package of 12亿 (matches the rule below) and a Zhejiang one of 20亿 (does not).
HENAN_BIG = "a2,2025-02-03,2025-02-03,bank_package,Zhongyuan Bank,city_commercial_bank,corporate,listed,410000,中原银行资产包,test,12"
ZHEJIANG_BIG = "a3,2025-02-04,2025-02-04,bank_package,Hangzhou Bank,city_commercial_bank,corporate,listed,330000,杭州银行资产包,test,20"
OLDER_ROW = "a0,2024-06-01,2024-06-01,bank_package,Old Bank,city_commercial_bank,corporate,listed,330000,旧资产包,test,3"

RULES = """\
[[alert]]
name = "Henan big packages"
province = "Henan"
principal = ">10亿"

[[alert]]
name = "typo"
province = "Hennan"
"""


@pytest.fixture(autouse=True)
def _seen_at_once(monkeypatch):
    """A row counts as seen after the cursor rests on it a moment: a short one here."""
    from npl_tui.widgets.ratio_pane import RatioPane

    monkeypatch.setattr(AnnouncementTable, "SEEN_AFTER", 0.05)
    monkeypatch.setattr(RatioPane, "SEEN_AFTER", 0.05)


def feed_app(server, tmp_path: Path, **kwargs) -> NplApp:
    return NplApp(HttpFeedSource(server.base, FeedCache(tmp_path / "cache"), deadline=5), clock=Clock(), **kwargs)


def status(app: NplApp) -> str:
    return plain(app.screen.query_one(StatusLine)).strip()


def marked(app: NplApp) -> set[str]:
    """Ids whose row shows the ● in the announcements table."""
    table = app.screen.query_one(AnnouncementTable)
    return {rid for rid in table.visible_ids if table.get_cell(rid, "date").plain.startswith(NEW_MARK)}


def messages(app: NplApp) -> list[str]:
    return [n.message for n in app._notifications]


async def wait_for(pilot, condition, seconds: float = 10.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        await pilot.pause(0.05)


# --------------------------------------------------------------------------- new since you last looked


async def test_a_row_added_while_closed_is_new_at_the_next_start_and_stays_marked_until_seen(server, srv_dir, tmp_path):
    app = feed_app(server, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.market.changes is not None and not app.market.changes  # the first start: a baseline
        assert marked(app) == set() and "●" not in status(app)

    # published while the monitor was closed: the newest row (on top, under the cursor) and an older one
    write_snapshot_dir(srv_dir, generated_at="2025-02-05T00:00:00Z", announcements=(HENAN_BIG, OLDER_ROW))
    app = feed_app(server, tmp_path, refresh_seconds=300)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await wait_for(pilot, lambda: app.market.unseen() == 2)
        assert marked(app) == {"a2", "a0"}
        assert "● 2 new (w)" in status(app)
        table = app.screen.query_one(AnnouncementTable)
        assert table.cursor_key == "a2" and app.focused is table
        await pilot.pause(0.3)  # the cursor sat on it from the start: not seen by anyone yet
        app.start_load()  # and the next check does not clear it
        await settle(app, pilot)
        assert marked(app) == {"a2", "a0"}
        # the user moves down and back: the row under the cursor is seen a moment later
        await pilot.press("j", "k")
        await wait_for(pilot, lambda: marked(app) == {"a0"})
        assert "● 1 new (w)" in status(app)
        # x marks the highlighted row read
        await pilot.press("end")
        assert table.cursor_key == "a0"
        await pilot.press("x")
        await settle(app, pilot)
        assert marked(app) == set() and "●" not in status(app)

    app = feed_app(server, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.market.changes is not None and app.market.unseen() == 0  # remembered
        assert marked(app) == set()


async def test_X_marks_everything_seen_and_it_is_remembered(tmp_path):
    state = tmp_path / "state"
    first = fixture_snapshot()
    app = NplApp(StaticSource(first), clock=Clock(), state_dir=state)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
    later = fixture_snapshot(extra_announcements=[{**_row("A100"), "date": "2026-01-05"}, _row("A101")])
    app = NplApp(StaticSource(later), clock=Clock(), state_dir=state)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert marked(app) == {"A100", "A101"}
        await pilot.press("X")
        await settle(app, pilot)
        assert marked(app) == set() and app.market.unseen() == 0
    app = NplApp(StaticSource(later), clock=Clock(), state_dir=state)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.market.changes is not None and app.market.unseen() == 0


def _row(rid: str) -> dict[str, object]:
    from ui_fixtures import NEW_ANNOUNCEMENT

    return dict(NEW_ANNOUNCEMENT, id=rid, title=f"package {rid}")


async def test_a_revised_npl_ratio_is_in_whats_new_with_old_and_new_values(server, srv_dir, tmp_path):
    app = feed_app(server, tmp_path, refresh_seconds=300)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.market.changes is not None and app.market.unseen() == 0
        write_snapshot_dir(srv_dir, ratio=1.62, generated_at="2025-02-05T00:00:00Z")  # NFRA revises 1.50 to 1.62
        await pilot.press("r")
        await settle(app, pilot)
        await wait_for(pilot, lambda: app.market.unseen("revised") == 1)
        assert "● 1 revised (w)" in status(app)
        assert any("1 revised since you last looked" in m for m in messages(app))
        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, WhatsNewScreen)
        text = screen_text(app)
        assert "NPL ratios · 1" in text
        assert "NPL ratio · All commercial · 2024Q4: 1.50 → 1.62" in text
        detail = plain(app.screen.query_one("#whatsnew-detail", Static))
        assert "value 1.50 → 1.62" in detail
        assert "seen: as of 2024-12-31 · Source test" in detail and "now: as of 2024-12-31 · Source test" in detail
        # shown here: seen
        await wait_for(pilot, lambda: app.market.unseen() == 0)
        # Enter on a national figure goes to the pane that shows it
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen) and app.focused is app.screen.query_one("#ratio-pane")
        assert "●" not in status(app)

    app = feed_app(server, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.market.changes is not None and app.market.unseen() == 0  # seen, and remembered


async def test_whats_new_at_80x24_goes_to_the_announcement_and_says_when_nothing_is_new(tmp_path):
    state = tmp_path / "state"
    app = NplApp(StaticSource(fixture_snapshot()), clock=Clock(), state_dir=state)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert "Nothing new since you last looked." in screen_text(app)
        await pilot.press("escape")
    later = fixture_snapshot(extra_announcements=[_row("A100")])
    app = NplApp(StaticSource(later), clock=Clock(), state_dir=state)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        lines = screen_text(app).splitlines()
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        assert any("Announcements · 1" in line for line in lines)
        assert any("new" in line and "China Minsheng Bank [new]" in line for line in lines)
        await pilot.press("enter")
        await settle(app, pilot)
        from npl_tui.screens.announcement import AnnouncementScreen

        assert isinstance(app.screen, AnnouncementScreen) and app.screen.row["id"] == "A100"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, WhatsNewScreen)
        await pilot.press("w")  # w again closes it
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen) and marked(app) == set()


async def test_a_corrupt_state_file_is_a_toast_and_the_monitor_runs(tmp_path, caplog):
    state = tmp_path / "state"
    path = state_path(feed_identity("https://feed.example/npl/"), state)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{not json")
    app = NplApp(StaticSource(fixture_snapshot()), clock=Clock(), state_dir=state)
    with caplog.at_level("WARNING", logger="npl_tui.seen"):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            notes = [n for n in app._notifications if "seen-state unusable (not JSON)" in n.message]
            assert len(notes) == 1 and "\n" not in notes[0].message and notes[0].markup is False
            assert app.is_running and app.market.changes is not None and app.market.unseen() == 0
            await pilot.press("j")
            assert app.screen.query_one(AnnouncementTable).cursor_row == 1
    assert any("seen-state unusable" in r.getMessage() for r in caplog.records)
    assert list(path.parent.glob(path.name + ".corrupt-*")) and path.is_file()  # set aside; a fresh one saved


# --------------------------------------------------------------------------- alerts


async def test_henan_rule_rings_the_bell_and_toasts_once_for_a_matching_row_only(server, srv_dir, tmp_path, caplog):
    config = tmp_path / "config.toml"
    config.write_text(RULES, "utf-8")
    app = feed_app(server, tmp_path, refresh_seconds=300, config=config)
    rings: list[float] = []
    app.bell = lambda: rings.append(time.monotonic())  # type: ignore[method-assign]
    with caplog.at_level("INFO", logger="npl_tui.alerts"):
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            bad = [m for m in messages(app) if "alert 'typo' province" in m]
            assert len(bad) == 1 and "rule not used" in bad[0] and "\n" not in bad[0]
            assert rings == []
            write_snapshot_dir(srv_dir, generated_at="2025-02-05T00:00:00Z", announcements=(HENAN_BIG, ZHEJIANG_BIG))
            await pilot.press("r")
            await settle(app, pilot)
            await wait_for(pilot, lambda: app.market.unseen() == 2)
            assert len(rings) == 1
            alerts = [n for n in app._notifications if n.title == "Alert"]
            assert len(alerts) == 1 and alerts[0].markup is False
            assert alerts[0].message == "Henan big packages: new: 2025-02-03 · Zhongyuan Bank · 12亿 · Henan"
            # in What's new, marked as an alert
            await pilot.press("w")
            await settle(app, pilot)
            text = screen_text(app)
            assert "! new" in text and "alert: Henan big packages" in plain(app.screen.query_one("#whatsnew-detail", Static))
            await pilot.press("escape")
            # the next refresh does not ring again
            write_snapshot_dir(srv_dir, ratio=1.6, generated_at="2025-02-06T00:00:00Z", announcements=(HENAN_BIG, ZHEJIANG_BIG))
            await pilot.press("r")
            await settle(app, pilot)
            assert len(rings) == 1
    lines = [r.getMessage() for r in caplog.records if r.name == "npl_tui.alerts"]
    assert lines == ["alert 'Henan big packages' rang: new announcements row a2: 中原银行资产包"]


async def test_alert_me_on_rows_like_this_appends_a_rule(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("# my desk\n[display]\nlang = \"en\"\n", "utf-8")
    app = NplApp(StaticSource(fixture_snapshot()), clock=Clock(), config=config, state_dir=tmp_path / "state")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        table.move_cursor_to("A002")  # Bohai Bank, Tianjin, corporate, 202.74亿
        await pilot.press("a")
        await settle(app, pilot)
        added = [n for n in app._notifications if n.title == "Alert added"]
        assert len(added) == 1 and added[0].markup is False
        assert added[0].message == (
            "Like: Bohai Bank · Tianjin · corporate · ≥200亿: "
            "province Tianjin, seller Bohai Bank, asset_type corporate, principal >=200亿 (new rows)"
        )
    text = config.read_text("utf-8")
    assert text.startswith("# my desk\n") and "[[alert]]" in text and 'principal = ">=200亿"' in text
    from npl_tui.core.config import load_config

    loaded, problems = load_config(config)
    assert problems == [] and [r.name for r in loaded.alerts] == ["Like: Bohai Bank · Tianjin · corporate · ≥200亿"]


def _without_osc(data: bytes) -> bytes:
    """The output without operating-system commands (a title ends with BEL too)."""
    return re.sub(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)", b"", data)


def test_the_bell_reaches_the_terminal(server, srv_dir, tmp_path):
    """The BEL byte itself, as a trader's terminal (or SSH) receives it."""
    from test_feed_monitor import _run_in_pty

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "TERM": "xterm-256color"}
    (tmp_path / "config" / "npl-tui").mkdir(parents=True)
    (tmp_path / "config" / "npl-tui" / "config.toml").write_text(RULES, "utf-8")
    args = [sys.executable, "-m", "npl_tui", "--feed", server.base]
    _took, before = _run_in_pty(args, env, quit_after=3)
    assert b"\x07" not in _without_osc(before)  # the first start: a baseline, nothing rings
    write_snapshot_dir(srv_dir, generated_at="2025-02-05T00:00:00Z", announcements=(ZHEJIANG_BIG,))
    _took, other = _run_in_pty(args, env, quit_after=3)
    assert b"\x07" not in _without_osc(other)  # a new row the rule does not match
    write_snapshot_dir(srv_dir, generated_at="2025-02-06T00:00:00Z", announcements=(ZHEJIANG_BIG, HENAN_BIG))
    _took, after = _run_in_pty(args, env, quit_after=3)
    assert _without_osc(after).count(b"\x07") == 1


# --------------------------------------------------------------------------- watchlist


async def test_the_watchlist_shows_pinned_items_and_P_pins_and_unpins(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[watchlist]\nprovinces = ["天津"]\nparties = ["渤海银行", "Nobody Bank"]\n', "utf-8")
    app = NplApp(StaticSource(fixture_snapshot()), clock=Clock(), config=config, state_dir=tmp_path / "state")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("W")
        await settle(app, pilot)
        assert isinstance(app.screen, WatchlistScreen)
        lines = screen_text(app).splitlines()
        tianjin = next(line for line in lines if line.lstrip().startswith("Tianjin"))
        assert re.search(r"Tianjin +2 +2025-11-26 · Bohai Bank · 202.74亿", tianjin), tianjin
        bohai = next(line for line in lines if line.lstrip().startswith("Bohai Bank"))
        assert re.search(r"Bohai Bank +2 ", bohai), bohai
        nobody = next(line for line in lines if line.lstrip().startswith("Nobody Bank"))
        assert "not in this snapshot" in nobody
        # Enter on the bank: its deals on the dashboard
        await pilot.press("j", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one(AnnouncementTable).visible_ids == ["A002", "A003"]
        # P on the provinces pane pins the province under the cursor, and saves it
        await pilot.press("escape", "2")
        ranking = app.screen.query_one(ProvinceRanking)
        code = ranking.cursor_key
        await pilot.press("P")
        await settle(app, pilot)
        from npl_tui.core.config import load_config
        from npl_tui.core.provinces import BY_CODE

        assert load_config(config)[0].watchlist.provinces == ("120000", code)
        assert any(f"{BY_CODE[code].name_en} pinned to the watchlist (W)" == m for m in messages(app))
        # and on the watchlist, P unpins
        await pilot.press("W")
        await settle(app, pilot)
        await pilot.press("P")  # the first: Tianjin
        await settle(app, pilot)
        assert load_config(config)[0].watchlist.provinces == (code,)
        assert "Tianjin" not in screen_text(app)
    assert config.read_text("utf-8").count("渤海银行") == 1  # the rest of the file as it was


async def test_pin_on_the_province_screen(tmp_path):
    config = tmp_path / "config.toml"
    app = NplApp(StaticSource(fixture_snapshot()), clock=Clock(), config=config, state_dir=tmp_path / "state")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_province("410000")
        await settle(app, pilot)
        assert isinstance(app.screen, ProvinceScreen)
        await pilot.press("P")
        await settle(app, pilot)
    assert 'provinces = ["Henan"]' in config.read_text("utf-8")


# --------------------------------------------------------------------------- export


async def test_export_writes_the_rows_on_screen_filtered_and_sorted(tmp_path, monkeypatch):
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    app = NplApp(StaticSource(fixture_snapshot()), clock=Clock(), state_dir=tmp_path / "state")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"tianjin", "enter", "p", "p")  # Tianjin, smallest principal first
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        shown = table.visible_ids
        assert shown == ["A002", "A003"]
        await pilot.press("e")
        await settle(app, pilot)
        files = list(documents.glob("npl-tui-announcements-*.csv"))
        assert len(files) == 1
        done = [n for n in app._notifications if n.title == "Export"]
        assert len(done) == 1 and done[0].message == f"2 rows exported to {files[0]}"
    with files[0].open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == shown
    assert list(rows[0]) == [*EXPORT_COLUMNS, "as_of", "source"]
    assert rows[0]["principal_yi"] == "202.74" and rows[0]["province"] == "Tianjin" and rows[1]["seller"] == "Bohai Bank"


# --------------------------------------------------------------------------- start-up


def test_memory_loads_after_the_first_frame():
    """Nothing of the seen-state, the alerts or the config is imported before the first frame."""
    code = (
        "import asyncio, sys\n"
        "from npl_tui.app import NplApp\n"
        "from npl_tui.cli import make_source\n"
        "seen = []\n"
        "app = NplApp(make_source(), on_first_frame=lambda: seen.append(sorted(m for m in sys.modules if m in "
        "('npl_tui.core.seen', 'npl_tui.core.alerts', 'npl_tui.core.config', 'npl_tui.core.memory'))))\n"
        "async def main():\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause(0.5)\n"
        "        await app.workers.wait_for_complete()\n"
        "        print(seen, 'npl_tui.core.seen' in sys.modules, app.market.changes is not None)\n"
        "asyncio.run(main())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[[]] True True"


def _feed_snapshot(**kwargs):
    from feed_fixtures import snapshot_files

    from npl_tui.core.snapshot import Origin, build_snapshot

    manifest, files = snapshot_files(**kwargs)
    return build_snapshot(manifest, files, Origin("feed", "https://feed.example/npl/"))


async def test_a_revised_ratio_is_seen_once_pane_1_has_been_focused_a_moment(tmp_path, monkeypatch):
    from npl_tui.widgets.ratio_pane import RatioPane

    monkeypatch.setattr(RatioPane, "SEEN_AFTER", 0.5)
    app = NplApp(StaticSource(_feed_snapshot(), _feed_snapshot(ratio=1.62, generated_at="2025-02-05T00:00:00Z")),
                 clock=Clock(), state_dir=tmp_path / "state")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.start_load()
        await settle(app, pilot)
        await wait_for(pilot, lambda: app.market.unseen("revised") == 1)
        await pilot.press("2", "1", "2")  # passing through pane 1 is not looking at it
        await pilot.pause(0.7)
        assert app.market.unseen("revised") == 1
        await pilot.press("1")
        await wait_for(pilot, lambda: app.market.unseen() == 0)
        assert "●" not in status(app)


async def test_whats_new_and_the_watchlist_speak_chinese(tmp_path):
    from test_chinese_mode import english_left
    from ui_fixtures import NEW_ANNOUNCEMENT

    from npl_tui.core.config import Config, Watchlist

    config = Config(tmp_path / "config.toml", watchlist=Watchlist(("120000",), ("Bohai Bank",)))
    later = fixture_snapshot(extra_announcements=[NEW_ANNOUNCEMENT])
    app = NplApp(StaticSource(fixture_snapshot(), later), clock=Clock(), config=config, state_dir=tmp_path / "s", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.start_load()
        await settle(app, pilot)
        await wait_for(pilot, lambda: app.market.unseen() == 1)
        assert "● 1 条新 (w)" in status(app)
        await pilot.press("w")
        await settle(app, pilot)
        text = screen_text(app)
        assert "上次查看以来的新变化" in text and "新增" in text
        assert english_left(text) == [], text
        await pilot.press("escape", "W")
        await settle(app, pilot)
        text = screen_text(app)
        assert "自选" in text and "天津" in text and "渤海银行" in text
        assert english_left(text) == [], text


def test_the_status_line_counts_what_is_unseen_and_gives_way_to_what_failed():
    import datetime as dt

    from npl_tui.core.loader import Liveness
    from npl_tui.widgets.status_line import status_line_text

    now = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
    live = Liveness(refreshing=True, checked_at=now, result="updated", updated_at=now, next_at=now, now=now)

    def line(width: int, unseen: tuple[int, int], **kwargs) -> str:
        return status_line_text(width=width, origin_kind="feed", location="https://feed.example/npl/",
                                newest=dt.date(2026, 1, 8), loaded_at=now, live=kwargs.pop("live", live), unseen=unseen, **kwargs).plain

    assert line(120, (4, 1)).startswith("● 4 new · 1 revised (w) · feed.example/npl · ")
    assert line(120, (0, 1)).startswith("● 1 revised (w) · ")
    assert "●" not in line(120, (0, 0))
    assert line(120, (2, 0), lang="zh").startswith("● 2 条新 (w) · ")
    failing = line(78, (3, 1), error="GET https://feed.example/npl/manifest.json: cannot connect")
    assert failing.startswith("● 4 (w) · error: GET manifest.json: cannot connect"), failing  # the count, in one number
    busy = Liveness(refreshing=True, checked_at=now, result="updated", updated_at=now, now=now,
                    warning="not saved to the cache: another process is writing to it (lock busy)")
    # the warning keeps its half of the line; the panes' marks say what is new
    assert line(78, (3, 1), live=busy) == line(78, (0, 0), live=busy)
    assert line(78, (3, 1), live=busy).startswith("warning: not saved to the cache: another process")
