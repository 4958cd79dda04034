"""Finding things by name: the `g` province picker's search, loose bank/AMC names and
the Ctrl+P palette built on them."""

from __future__ import annotations

import pytest
from ui_fixtures import fixture_snapshot

from npl_tui.app import NplApp
from npl_tui.core.provinces import PROVINCES, search_provinces
from npl_tui.core.sources import StaticSource
from npl_tui.screens.picker import ProvincePickerScreen
from npl_tui.screens.province import ProvinceScreen

SIZE = (120, 40)


def names(query: str) -> list[str]:
    return [p.name_en for p in search_provinces(query)]


async def settle(app: NplApp, pilot) -> None:
    """Let the load worker finish and every watcher run."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: NplApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


# --------------------------------------------------------------------------- provinces


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # pinyin without tones: 山西 and 陕西 are both "shanxi"; the exact English name first
        ("shanxi", ["Shanxi", "Shaanxi"]),
        ("Shanxi", ["Shanxi", "Shaanxi"]),
        ("shaanxi", ["Shaanxi"]),  # its own English name stays distinct
        ("陕西", ["Shaanxi"]),
        ("山西", ["Shanxi"]),
        # initials: the alpha code HN (Hunan) is exact, then every h-n province
        ("hn", ["Hunan", "Henan", "Hainan"]),
        ("nmg", ["Inner Mongolia"]),
        ("gd", ["Guangdong"]),
        ("xj", ["Xinjiang"]),
        ("hlj", ["Heilongjiang"]),
        ("heil", ["Heilongjiang"]),  # syllable prefixes: hei-l(ong)
        ("sx", ["Shanxi", "Shaanxi"]),  # SX is Shanxi's code; both are s-x
        # Chinese: full, short, one-character abbreviation
        ("河南省", ["Henan"]),
        ("内蒙古", ["Inner Mongolia"]),
        ("内蒙古自治区", ["Inner Mongolia"]),
        ("豫", ["Henan"]),
        ("粤", ["Guangdong"]),
        ("南", ["Henan", "Hunan", "Hainan", "Yunnan"]),
        # English, its variants and a later word
        ("inner mongolia", ["Inner Mongolia"]),
        ("mongolia", ["Inner Mongolia"]),
        ("Nei Mongol", ["Inner Mongolia"]),
        ("xizang", ["Tibet"]),
        ("tibet", ["Tibet"]),
        # codes
        ("ZJ", ["Zhejiang"]),
        ("ha", ["Henan", "Hainan", "Shanxi", "Shanghai", "Shandong", "Shaanxi", "Qinghai"]),
        ("330000", ["Zhejiang"]),
        ("44", ["Guangdong"]),
        ("nothing like it", []),
    ],
)
def test_search_provinces(query, expected):
    assert names(query) == expected


def test_ranking_is_exact_then_prefix_then_initials_then_anywhere():
    # "he": Hebei, Heilongjiang, Henan start with it (code order); Zhejiang has it inside
    assert names("he") == ["Hebei", "Heilongjiang", "Henan", "Zhejiang"]
    # "shan": four names start with it, Shaanxi through its toneless pinyin
    assert names("shan") == ["Shanxi", "Shanghai", "Shandong", "Shaanxi"]
    # "guangx": a prefix of Guangxi; no initials or substring elsewhere
    assert names("guangx") == ["Guangxi"]


def test_empty_query_lists_all_31_in_code_order_and_search_is_stable():
    assert search_provinces("") == list(PROVINCES) == search_provinces("   ")
    assert search_provinces("hn") == search_provinces("HN") == search_provinces(" h n ")


def test_every_province_is_found_by_each_of_its_names():
    for p in PROVINCES:
        for query in (p.name_en, p.short_zh, p.name_zh, p.abbr, p.alpha, p.code, p.pinyin):
            assert search_provinces(query)[0] == p, (query, p)


async def test_picker_lists_both_shanxis_all_hn_and_opens_inner_mongolia_from_nmg():
    app = NplApp(StaticSource(fixture_snapshot()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, ProvincePickerScreen)
        await pilot.press(*"shanxi")
        await settle(app, pilot)
        assert [p.code for p in picker.matches] == ["140000", "610000"]
        shown = screen_text(app)
        assert "Shanxi" in shown and "山西" in shown and "Shaanxi" in shown and "陕西" in shown
        await pilot.press(*["backspace"] * 6, "h", "n")
        await settle(app, pilot)
        assert [p.name_en for p in picker.matches] == ["Hunan", "Henan", "Hainan"]
        await pilot.press("backspace", "backspace", "n", "m", "g")
        await settle(app, pilot)
        assert picker.highlighted_code == "150000"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ProvinceScreen) and app.screen.code == "150000"
