"""中文 mode reaches the keys: the key bar and the help screen (issue 9).

Every binding id in npl_tui has a Chinese label (a new binding without one fails
here), and in zh the key bar and help show them, with no English left over.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from ui_fixtures import FROZEN_NOW

import npl_tui
from npl_tui.app import NplApp
from npl_tui.core.sources import StaticSource
from npl_tui.core.vocab import KEY_LABELS_ZH, key_label
from npl_tui.screens.help import HelpScreen
from npl_tui.screens.province import ProvinceScreen
from npl_tui.widgets.key_bar import KeyBar

SMALL = (80, 24)

def npl_bindings() -> list[tuple[str, Binding]]:
    """(class name, binding) for every Binding in every App/Screen/Widget class of npl_tui."""
    found: list[tuple[str, Binding]] = []
    for module in pkgutil.walk_packages(npl_tui.__path__, "npl_tui."):
        if module.name.endswith("__main__"):  # runs the CLI on import
            continue
        mod = importlib.import_module(module.name)
        for name, cls in inspect.getmembers(mod, inspect.isclass):
            if cls.__module__ != mod.__name__ or not issubclass(cls, DOMNode):
                continue
            found.extend((name, b) for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding))
    return found


def english_descriptions() -> set[str]:
    """The English key bar words of npl_tui's bindings (the language toggle excepted:
    'English/中文' is the way back, in both languages)."""
    return {b.description for _cls, b in npl_bindings() if b.description and b.id != "app.toggle_lang"}


def key_bar_text(app: NplApp) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def settle(app: NplApp, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def make_app(snapshot, **kwargs) -> NplApp:
    return NplApp(StaticSource(snapshot), clock=lambda: FROZEN_NOW, **kwargs)


def assert_no_english(text: str) -> None:
    left = sorted(d for d in english_descriptions() if d in text)
    assert not left, f"English left in {text!r}: {left}"


# --------------------------------------------------------------------------- labels


def test_every_binding_id_has_a_chinese_label():
    bindings = npl_bindings()
    assert len(bindings) > 40  # the walk found the app, screens and widgets
    ids = {b.id for _cls, b in bindings if b.id}
    assert {"app.help", "dashboard.filter", "announcements.sort_date", "province.back"} <= ids
    missing = sorted(i for i in ids if i not in KEY_LABELS_ZH)
    assert not missing, f"bindings without a Chinese label in vocab.KEY_LABELS_ZH: {missing}"
    stale = sorted(set(KEY_LABELS_ZH) - ids)
    assert not stale, f"Chinese labels of bindings that no longer exist: {stale}"
    for key, (short, long) in KEY_LABELS_ZH.items():
        assert short and long, key


def test_every_described_binding_has_an_id():
    # Help and the key bar find the Chinese by id: a shown or help-listed binding without one stays English.
    unnamed = [f"{cls}:{b.key}" for cls, b in npl_bindings() if b.id is None and b.description and b.show]
    assert not unnamed


def test_key_label_falls_back_to_english():
    assert key_label("dashboard.filter", "filter", "Filter", "zh") == "筛选"
    assert key_label("announcements.sort_date", "sort('date')", "Sort by date (again: reverse)", "zh", long=True) == (
        "按日期排序（再按：倒序）"
    )
    assert key_label("dashboard.filter", "filter", "Filter", "en") == "Filter"
    assert key_label("not.yet.labelled", "new", "New thing", "zh") == "New thing"  # never nothing
    assert key_label(None, "cursor_down", "Cursor down", "zh", long=True) == "光标下移"
    assert key_label(None, "unknown_builtin", "Whatever", "zh") == "Whatever"


def test_key_bar_words_fit_80_columns_with_help_pinned():
    # The dashboard's shown keys in zh, as KeyBar lays them out (" k word "), fit 80
    # cells with the pinned "? 帮助", Chinese characters counting two cells.
    from rich.cells import cell_len

    shown = ["announcements.sort_date", "announcements.sort_principal", "announcements.sort_overdue",
             "dashboard.filter", "dashboard.cycle_metric", "dashboard.sources", "app.help"]
    width = sum(cell_len(f" x {KEY_LABELS_ZH[i][0]} ") for i in shown)
    assert width <= 80


# --------------------------------------------------------------------------- Pilot


async def test_dashboard_key_bar_turns_chinese_with_l(shipped_snapshot):
    app = make_app(shipped_snapshot)
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        assert "By date" in key_bar_text(app) and "Help" in key_bar_text(app)
        await pilot.press("l")
        await settle(app, pilot)
        assert app.lang == "zh"
        bar = key_bar_text(app)
        for word in ("按日期", "按本金", "筛选", "指标", "帮助"):
            assert word in bar, bar
        assert_no_english(bar)
        assert bar.rstrip().endswith("? 帮助")  # pinned right, on screen at 80 columns
        assert screen_last_line(app).rstrip().endswith("? 帮助")
        await pilot.press("l")
        await settle(app, pilot)
        assert "By date" in key_bar_text(app)


async def test_help_is_chinese_in_zh(shipped_snapshot):
    app = make_app(shipped_snapshot, lang="zh")
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one("#help-table").render()
        rows = "\n".join(desc for _keys, desc, _scope in help_screen._rows)
        for words in ("退出", "帮助", "筛选", "按日期排序（再按：倒序）", "聚焦窗格 1–4", "光标下移"):
            assert words in rows, rows
        assert_no_english(rows)
        for english in ("Everywhere", "This screen", "This pane", "Focus Next", "Cursor down"):
            assert english not in rows
        body = help_screen.query_one("#help-body")
        assert body.border_title == "本屏按键" and body.border_subtitle == "Esc 关闭"
        assert table is not None
        text = screen_text(app)
        assert "全局" in text and "本屏按键" in text and "Everywhere" not in text


async def test_help_stays_english_in_en(shipped_snapshot):
    app = make_app(shipped_snapshot)
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        rows = [desc for _keys, desc, _scope in app.screen._rows]
        assert "Sort by date (again: reverse)" in rows and "Filter" in rows
        assert "Everywhere" in screen_text(app)


async def _to_zhejiang_in_zh(app: NplApp, pilot) -> None:
    await settle(app, pilot)
    await pilot.press("l")
    await settle(app, pilot)
    await pilot.press("g")
    await settle(app, pilot)
    await pilot.press(*"zhejiang")
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "330000"


async def test_province_key_bar_is_chinese(shipped_snapshot):
    app = make_app(shipped_snapshot)
    async with app.run_test(size=SMALL) as pilot:
        await _to_zhejiang_in_zh(app, pilot)
        bar = key_bar_text(app)
        for word in ("返回", "下一节", "帮助"):
            assert word in bar, bar
        assert_no_english(bar)
        assert screen_last_line(app).rstrip().endswith("? 帮助")


async def test_province_help_is_chinese(shipped_snapshot):
    app = make_app(shipped_snapshot)
    async with app.run_test(size=SMALL) as pilot:
        await _to_zhejiang_in_zh(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        rows = "\n".join(desc for _keys, desc, _scope in app.screen._rows)
        for words in ("返回", "下一节", "下一张图表", "来源"):
            assert words in rows, rows
        assert_no_english(rows)


def screen_text(app: NplApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def screen_last_line(app: NplApp) -> str:
    return screen_text(app).splitlines()[-1]


def english_words() -> set[str]:
    """Every English word of the vocabulary that differs from its Chinese (labels only:
    names from the data, units and marks like 'd' are not vocabulary words), at least
    three letters long so it cannot be part of a code or unit."""
    import re

    from npl_tui.core.vocab import ENUMS, METRICS, SERIES, WORDS

    found: set[str] = set()
    tables = [WORDS, METRICS, SERIES, *ENUMS.values()]
    for table in tables:
        for en, zh, short_en, short_zh in table.values():
            for english, chinese in ((en, zh), (short_en, short_zh)):
                if english != chinese:
                    found |= {w for w in re.findall(r"[A-Za-z][a-z]{2,}", english)}
    return found


def english_left(text: str) -> list[str]:
    import re

    # Data shown as it is: sources, notes and a party the data names only in English
    # sit on lines of their own or after a party column; the test looks at labels.
    words = set(re.findall(r"[A-Za-z][a-z]{2,}", text))
    return sorted(words & english_words())


@pytest.mark.parametrize("size", [SMALL, (120, 40)])
async def test_no_english_label_left_in_chinese_mode(shipped_snapshot, size):
    app = make_app(shipped_snapshot)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        dashboard = screen_text(app)
        assert english_left(dashboard) == [], dashboard
        await pilot.press("g")
        await settle(app, pilot)
        await pilot.press(*"zhejiang", "enter")
        await settle(app, pilot)
        lines = screen_text(app).splitlines()
        # The detail line quotes the highlighted row's source and note, as published.
        labels = "\n".join(line for line in lines if not line.lstrip().startswith(("来源:", "备注:")))
        assert english_left(labels) == [], labels
