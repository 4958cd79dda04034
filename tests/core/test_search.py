"""Finding things by name: the `g` province picker's search, loose bank/AMC names and
the Ctrl+P palette built on them."""

from __future__ import annotations

import pytest
from drill_fixtures import HostApp
from textual.widgets import Input
from ui_fixtures import fixture_snapshot

from npl_tui.app import NplApp
from npl_tui.commands import JumpProvider, jump_targets
from npl_tui.core.parties_match import (
    KNOWN,
    PartyIndex,
    find_party,
    party_key,
    split_names,
)
from npl_tui.core.provinces import PROVINCES, search_provinces
from npl_tui.core.sources import StaticSource
from npl_tui.core.views import filter_announcements
from npl_tui.screens.dashboard import DashboardScreen
from npl_tui.screens.picker import ProvincePickerScreen
from npl_tui.screens.province import ProvinceScreen
from npl_tui.widgets.announcement_table import AnnouncementTable

SIZE = (120, 40)


@pytest.fixture
def fixture_host(shipped_snapshot):
    """The drill-down host app on the shipped data: it records the parties jumped to."""
    return HostApp(shipped_snapshot)


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


# --------------------------------------------------------------------------- parties


@pytest.mark.parametrize(
    "spellings",
    [
        ("China Cinda AMC (Sichuan branch)", "China Cinda AMC", "China Cinda Asset Management Co., Ltd.",
         "China Cinda Asset Management Co., Ltd. Sichuan Branch", "Sichuan branch of China Cinda AMC", "Cinda AMC",
         "CHINA  CINDA  AMC"),
        ("中国信达资产管理股份有限公司四川省分公司", "中国信达资产管理股份有限公司", "中国信达资产管理公司四川分公司", "信达资产"),
        ("Henan AMC", "Henan Asset Management", "Henan Asset Management Co., Ltd."),
        ("河南资产", "河南资产管理有限公司", "河南省资产管理有限公司"),
        ("Luoyang RCB", "Luoyang Rural Commercial Bank", "Luoyang Rural Commercial Bank Co., Ltd."),
        ("洛阳农商银行", "洛阳农村商业银行股份有限公司", "洛阳农商行"),
        ("中国银行", "中国银行股份有限公司", "中国银行北京分行", "中国银行股份有限公司北京市分行"),
        ("China Minsheng Bank", "Minsheng Bank"),
        ("中国民生银行", "民生银行", "中国民生银行股份有限公司"),
        ("Zhejiang Zheshang AMC", "Zheshang AMC", "Zheshang Asset Management"),
        ("浙江省浙商资产管理股份有限公司", "浙商资产"),
        ("广西联合资产管理股份有限公司（原名称：广西广投资产管理股份有限公司）", "广西联合资产管理股份有限公司"),
    ],
)
def test_spellings_of_one_party_share_a_key(spellings):
    keys = {party_key(s) for s in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    "different",
    [
        ("Bank of China", "Agricultural Bank of China", "BOC Consumer Finance", "Postal Savings Bank of China"),
        ("中国银行", "中国农业银行", "中银消费金融有限公司"),
        ("Zhongyuan Bank", "Zhongyuan AMC", "Zhongyuan Trust", "Henan Zhongyuan Consumer Finance"),
        ("Henan AMC", "Henan Rural Commercial Bank", "Henan Rural Credit"),
        ("Shanxi Financial AMC", "Shaanxi Financial AMC"),
        ("Guangdong Rural Credit", "Henan Rural Credit"),
        ("Sichuan Development AMC", "Hunan Development AMC"),  # a generic brand keeps its province
        ("陕西金融资产管理股份有限公司", "山西金融资产管理股份有限公司"),
        ("China Everbright Bank", "Everbright Jinou AMC"),
        ("Industrial Bank", "Industrial and Commercial Bank of China"),
    ],
)
def test_different_parties_keep_different_keys(different):
    keys = [party_key(s) for s in different]
    assert len(set(keys)) == len(keys), keys


def test_well_known_names_each_name_one_party():
    owners: dict[str, int] = {}
    for i, names in enumerate(KNOWN):
        for name in names:
            assert party_key(name), name
            assert owners.setdefault(party_key(name), i) == i, name


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("China Cinda AMC, China Orient AMC and four other AMCs", ["China Cinda AMC", "China Orient AMC"]),
        ("Cinda, Orient and four other AMCs", ["Cinda", "Orient"]),
        ("信达、东方", ["信达", "东方"]),
        ("信达、东方等六家AMC", ["信达", "东方"]),
        ("中国工商银行和中国银行", ["中国工商银行", "中国银行"]),
        ("China Cinda Asset Management Co., Ltd., China Orient AMC", ["China Cinda Asset Management Co., Ltd.", "China Orient AMC"]),
        ("Bank of China, Beijing Branch", ["Bank of China"]),
        ("中国银行，北京分行", ["中国银行"]),
        ("Industrial and Commercial Bank of China", ["Industrial and Commercial Bank of China"]),
        ("Cinda and two local AMCs", ["Cinda"]),
        ("Cinda, Orient and 4 AMCs", ["Cinda", "Orient"]),
        ("Three Gorges Bank", ["Three Gorges Bank"]),  # a number word that starts a name
        ("China Cinda AMC (Sichuan branch)", ["China Cinda AMC"]),
        ("中国信达资产管理股份有限公司四川省分公司", ["中国信达资产管理股份有限公司"]),
        ("Guangxi United AMC (formerly Guangxi Guangtou AMC)", ["Guangxi United AMC"]),
        ("", []),
        ("   ", []),
    ],
)
def test_split_names(cell, shown):
    assert [s.shown for s in split_names(cell)] == shown


def test_a_former_name_in_brackets_is_the_same_party():
    (united,) = split_names("Guangxi United AMC (formerly Guangxi Guangtou AMC)")
    assert united.former == (party_key("Guangxi Guangtou AMC"),)
    (united_zh,) = split_names("广西联合资产管理股份有限公司（原名称：广西广投资产管理股份有限公司）")
    assert united_zh.former == (party_key("广西广投资产管理股份有限公司"),)


def test_shipped_parties_join_their_spellings(shipped_snapshot):
    index = PartyIndex(shipped_snapshot.announcements.rows)
    by_name = {p.name: p for p in index.parties}
    cinda = index.find("China Cinda AMC (Sichuan branch)")
    assert cinda is not None and cinda is index.find("信达") is index.find("China Cinda AMC") is by_name["China Cinda AMC"]
    # the Sichuan branch's deal and the six-AMC Bohai deal it was part of
    assert cinda.ids == ("yd-L-0025", "seed-bohai-2025-10") and (cinda.as_seller, cinda.as_buyer) == (0, 2)
    assert cinda.name_zh == "中国信达资产管理股份有限公司"  # as often as 信达, and seen first
    orient = index.find("东方")
    assert orient is not None and orient.name == "China Orient AMC" and orient.ids == ("seed-bohai-2025-10",)
    # renamed: one party, both names
    guangtou = by_name["Guangxi Guangtou AMC"]
    assert index.find("Guangxi United AMC") is guangtou and len(guangtou.ids) == 7
    assert {"Guangxi Guangtou AMC", "Guangxi United AMC", "广西联合资产管理股份有限公司"} <= set(guangtou.spellings)
    # a variant character (海徳/海德) and a legal name beside a short one
    assert len(by_name["Haide AMC"].ids) == 7
    assert len(by_name["China Minsheng Bank"].ids) == 17 and index.find("民生银行") is by_name["China Minsheng Bank"]
    # nothing else is merged away: every row's seller is some party, every party is in some row
    names = [p.name for p in index.parties]
    assert len(names) == len(set(names))
    assert all(p.ids for p in index.parties)
    assert "Agricultural Bank of China" in by_name and "Bank of China" in by_name
    assert not {"four other AMCs", "", "等六家AMC"} & set(names)


def test_find_party_is_none_for_words_that_name_no_party(shipped_snapshot):
    rows = shipped_snapshot.announcements.rows
    for text in ("henan", "bank", "amc", "平安", "credit card", "2025", ""):
        assert find_party(rows, text) is None, text
    found = find_party(rows, "Ping An Bank")
    assert found is not None and len(found[1].ids) == 370


# --------------------------------------------------------------------------- palette


def test_palette_lists_each_party_once_with_all_its_deals(shipped_snapshot):
    parties = [j for j in jump_targets(shipped_snapshot) if j.kind == "party"]
    texts = [j.text for j in parties]
    assert len(texts) == len(set(texts))
    cinda = [j for j in parties if "Cinda" in j.text]
    assert [j.text for j in cinda] == ["Bank/AMC: China Cinda AMC 中国信达资产管理股份有限公司"]
    assert cinda[0].target == "China Cinda AMC" and cinda[0].deals == (0, 2) and "信达" in cinda[0].aliases
    assert not [t for t in texts if "four other" in t or "(" in t or "（" in t]
    assert len([t for t in texts if "Haide" in t]) == 1
    assert len([t for t in texts if "Guangxi" in t]) == 1  # Guangtou, renamed Guangxi United
    assert len([t for t in texts if "Minsheng" in t]) == 1
    # the jump's target, used as the filter, lists exactly the party's deals
    rows = shipped_snapshot.announcements.rows
    index = PartyIndex(rows)
    for jump in parties:
        party = index.find(jump.target)
        assert party is not None
        assert [r["id"] for r in filter_announcements(rows, jump.target)] == list(party.ids), jump.target


async def test_palette_finds_a_party_by_another_spelling_and_shows_it(fixture_host):
    app = fixture_host
    async with app.run_test(size=SIZE) as pilot:
        provider = JumpProvider(app.screen)
        await provider.startup()
        hits = [h async for h in provider.search("Guangxi United")]
        assert hits and hits[0].text == "Bank/AMC: Guangxi Guangtou AMC 广西广投资产管理股份有限公司 · Guangxi United AMC"
        assert hits[0].help == "Show its deals on the dashboard: 7 as buyer"
        # the highlight falls on the spelling that matched
        styled = {hits[0].prompt.plain[s.start : s.end] for s in hits[0].prompt.spans}
        assert "U" in styled and "G" in styled
        hits[0].command()
        await pilot.pause()
        assert app.parties == ["Guangxi Guangtou AMC"]
        seller = [h async for h in provider.search("China Minsheng")]
        assert seller[0].text == "Bank/AMC: China Minsheng Bank 中国民生银行股份有限公司"
        assert seller[0].help == "Show its deals on the dashboard: 17 as seller"


async def test_ctrl_p_to_cinda_lists_the_branch_deal_and_the_consortium_deal(shipped_snapshot):
    app = NplApp(StaticSource(shipped_snapshot))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"cinda")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        table = app.screen.query_one(AnnouncementTable)
        # "China Cinda AMC (Sichuan branch)" and "China Cinda AMC, China Orient AMC and four other AMCs"
        assert table.visible_ids == ["seed-bohai-2025-10", "yd-L-0025"]
        assert app.screen.query_one("#announcement-filter", Input).value == "China Cinda AMC"
