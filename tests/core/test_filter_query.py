"""The announcements filter (`/`): dates, ranges, amounts with units, words and party
names, combined with spaces; a malformed term is text, never an error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from textual.widgets import Input
from ui_fixtures import MONTH_ANNOUNCEMENT, YINDENG_ANNOUNCEMENT, fixture_snapshot

from npl_tui.app import NplApp
from npl_tui.core.query import AmountTerm, DateTerm, Query, parse_query, parse_term
from npl_tui.core.sources import StaticSource
from npl_tui.core.views import filter_announcements
from npl_tui.widgets.announcement_table import AnnouncementPane, AnnouncementTable

D = dt.date

#: A deal its source dates only to the year (stored as 1 January).
YEAR_ANNOUNCEMENT: dict[str, object] = {
    **MONTH_ANNOUNCEMENT, "id": "A400", "date": "2024-01-01", "date_precision": "year", "as_of": "2024-01-01",
    "amount_yi": "", "amount_kind": "", "principal_yi": "3", "title": "中原信托2024年不良资产转让",
}


@pytest.fixture(scope="module")
def rows():
    # A200 (2025-08, month only, 17.2亿 claim, Henan), A400 (2024, year only, 3亿), A300
    # (2023-04-12, 2.0764亿), then A001-A007 (2025-12-18 … 2025-05-11)
    return fixture_snapshot([MONTH_ANNOUNCEMENT, YEAR_ANNOUNCEMENT, YINDENG_ANNOUNCEMENT]).announcements.rows


def ids(rows, query: str) -> list[str]:
    return [r["id"] for r in filter_announcements(rows, query)]


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("2023", DateTerm(D(2023, 1, 1), D(2023, 12, 31))),
        ("2025-11", DateTerm(D(2025, 11, 1), D(2025, 11, 30))),
        ("2024-2", DateTerm(D(2024, 2, 1), D(2024, 2, 29))),
        ("2025/11", DateTerm(D(2025, 11, 1), D(2025, 11, 30))),
        ("2023-12-21", DateTerm(D(2023, 12, 21), D(2023, 12, 21))),
        ("2025Q3", DateTerm(D(2025, 7, 1), D(2025, 9, 30))),
        ("2025-q4", DateTerm(D(2025, 10, 1), D(2025, 12, 31))),
        ("2025年11月", DateTerm(D(2025, 11, 1), D(2025, 11, 30))),
        ("2025年11月3日", DateTerm(D(2025, 11, 3), D(2025, 11, 3))),
        ("2023-10..2023-12", DateTerm(D(2023, 10, 1), D(2023, 12, 31))),
        ("2023-12..2023-10", DateTerm(D(2023, 10, 1), D(2023, 12, 31))),  # typed backwards
        ("2024..", DateTerm(D(2024, 1, 1), None)),
        ("..2024-06", DateTerm(None, D(2024, 6, 30))),
        (">=2025-01", DateTerm(D(2025, 1, 1), None)),
        (">2025-01", DateTerm(D(2025, 2, 1), None)),  # after the whole month
        ("<=2023", DateTerm(None, D(2023, 12, 31))),
        ("<2023", DateTerm(None, D(2022, 12, 31))),
        ("=2023-12-21", DateTerm(D(2023, 12, 21), D(2023, 12, 21))),
        ("≥2025-01", DateTerm(D(2025, 1, 1), None)),
        (">10亿", AmountTerm(Decimal(10), None, low_strict=True)),
        ("＞10亿", AmountTerm(Decimal(10), None, low_strict=True)),  # full-width
        (">=10亿元", AmountTerm(Decimal(10), None)),
        ("<500万", AmountTerm(None, Decimal("0.05"), high_strict=True)),
        ("<=1,000万", AmountTerm(None, Decimal("0.1"))),
        ("1亿..5亿", AmountTerm(Decimal(1), Decimal(5))),
        ("5亿..1亿", AmountTerm(Decimal(1), Decimal(5))),
        ("1..5亿", AmountTerm(Decimal(1), Decimal(5))),  # one unit serves both ends
        ("500万..", AmountTerm(Decimal("0.05"), None)),
        ("1m..2", AmountTerm(Decimal("0.01"), Decimal("0.02"))),
        (">1bn", AmountTerm(Decimal(10), None, low_strict=True)),  # RMB billions
        (">1.5BN", AmountTerm(Decimal(15), None, low_strict=True)),
        ("<RMB500m", AmountTerm(None, Decimal(5), high_strict=True)),
        (">¥2千万", AmountTerm(Decimal("0.2"), None, low_strict=True)),
        ("=52亿", AmountTerm(Decimal(52), Decimal(52))),
    ],
)
def test_parse_term(term, expected):
    assert parse_term(term) == expected


@pytest.mark.parametrize(
    "term",
    [
        "bohai", "渤海", "10亿", "2025-13", "2025-02-30", "2025-11-31", "1899", "12", "20231221", ">abc", ">10xyz",
        "1..5", "..", "...", ">", ">=", "2025年第312期", "1亿..5万亿万", "2025..5亿", "2025-01..5亿", "[bold]", "\x1b[31m", "Q3",
    ],
)
def test_a_malformed_term_is_text(term):
    assert parse_term(term) is None
    assert parse_query(term) == Query((term,))


def test_parse_query_sorts_terms_and_keeps_words_as_typed():
    q = parse_query("  Henan  >10亿 2025 BOHAI ")
    assert q.text == ("Henan", "BOHAI") and q.free_text == "Henan BOHAI"
    assert q.dates == (DateTerm(D(2025, 1, 1), D(2025, 12, 31)),)
    assert q.amounts == (AmountTerm(Decimal(10), None, low_strict=True),)
    # a comparison typed with a space, a range typed with spaces
    assert parse_query("> 10亿").amounts == (AmountTerm(Decimal(10), None, low_strict=True),)
    assert parse_query("2023-10 .. 2023-12").dates == (DateTerm(D(2023, 10, 1), D(2023, 12, 31)),)
    # a lone comparison that leads nowhere stays text, with the word after it
    assert parse_query("> bohai") == Query((">", "bohai"))
    assert parse_query(">") == Query((">",))
    assert parse_query("") == Query()


# --------------------------------------------------------------------------- filtering


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # dates: a row matches when its date, at its precision, lies wholly in the span
        ("2025-11", ["A002"]),
        ("2025-08", ["A200", "A005"]),  # A200 is dated "2025-08"
        ("2025-08-02", ["A005"]),  # not A200: it may be any day of August
        ("2025", ["A200", "A001", "A002", "A003", "A004", "A005", "A006", "A007"]),
        ("2024", ["A400"]),
        ("2024-06", []),  # A400 is known only to the year
        ("2023-04-12", ["A300"]),
        ("2023Q2", ["A300"]),
        ("2025-10..2025-11", ["A002", "A003"]),
        (">=2025-09", ["A001", "A002", "A003", "A004"]),
        (">2025-09", ["A001", "A002", "A003"]),
        ("<2025-06", ["A400", "A300", "A007"]),
        ("<=2025-06", ["A400", "A300", "A006", "A007"]),
        ("2024..2025-05", ["A400", "A007"]),
        # amounts: the principal, else the row's other amount (A200 and A004 are claims,
        # A006 a deal price); rows without one never match
        (">100亿", ["A002", "A003"]),
        (">=52亿", ["A002", "A003", "A004"]),
        (">52亿", ["A002", "A003"]),
        ("<500万", []),  # A007's 0.05亿 is 500万, not below it
        ("<=500万", ["A007"]),
        ("<0.2亿", ["A006", "A007"]),
        ("1亿..5亿", ["A400", "A300", "A001"]),
        (">1bn", ["A200", "A002", "A003", "A004"]),
        (">20bn", ["A002", "A003"]),
        # combined: every term must match
        ("henan >10亿 2025", ["A200", "A004"]),
        ("henan >10亿 2025-09", ["A004"]),
        ("bohai >300亿", ["A003"]),
        ("bohai 2025-11", ["A002"]),
        ("2025 2025-11", ["A002"]),
        ("zhongyuan 2024", ["A400"]),
        # words work as before
        ("bohai", ["A002", "A003"]),
        ("BOHAI cinda", ["A003"]),
        ("渤海", ["A002", "A003"]),
        ("[bold", ["A007"]),
        ("", ["A200", "A400", "A300", "A001", "A002", "A003", "A004", "A005", "A006", "A007"]),
        # malformed terms are text: they match only rows that contain them
        ("2025-13", []),
        (">10xyz", []),
        ("1..5", []),
        # a party's name in any spelling: "Cinda, Orient and four other AMCs" / 信达、东方等六家AMC
        ("China Cinda AMC", ["A003"]),
        ("中国信达资产管理股份有限公司", ["A003"]),
        ("China Orient Asset Management Co., Ltd.", ["A003"]),
        ("Henan Asset Management", ["A004"]),
        ("Zhongyuan AMC", ["A200", "A400"]),
    ],
)
def test_filter(rows, query, expected):
    assert ids(rows, query) == expected


def test_a_filter_never_raises_on_odd_input(rows):
    for query in ("\x00", "..", "....", "> >", "<<10亿", "1e9亿", "9" * 400, "(", "（原名称：", "、、", ", ,", "亿", "bn", "-1亿..", ">-1亿"):
        filter_announcements(rows, query)


def test_a_row_without_a_date_or_amount_never_matches_those_terms():
    row = {"id": "x", "seller": "Some Bank", "title": "t"}
    assert filter_announcements([row], "some") == [row]
    assert filter_announcements([row], "2025") == []
    assert filter_announcements([row], ">0亿") == []


# --------------------------------------------------------------------------- on screen


async def settle(app: NplApp, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def test_slash_then_a_query_with_words_an_amount_and_a_year_shows_the_matching_rows():
    snapshot = fixture_snapshot([MONTH_ANNOUNCEMENT, YEAR_ANNOUNCEMENT, YINDENG_ANNOUNCEMENT])
    app = NplApp(StaticSource(snapshot))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(AnnouncementTable)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"henan >10亿 2025")
        await settle(app, pilot)
        assert table.visible_ids == ["A004", "A200"]  # newest first
        assert "2/10" in str(app.screen.query_one(AnnouncementPane).border_title)
        await pilot.press(*["backspace"] * 4, *"2025-08")
        await settle(app, pilot)
        assert table.visible_ids == ["A200"]
        # a malformed term is text: no rows, no crash; Esc brings every row back
        await pilot.press(*["backspace"] * 7, *"2025-13")
        await settle(app, pilot)
        assert table.visible_ids == [] and app.is_running
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(table.visible_ids) == 10


async def test_help_on_the_dashboard_says_what_the_filter_understands():
    from npl_tui.screens.help import HelpScreen

    app = NplApp(StaticSource(fixture_snapshot()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        title, text = app.screen.notes[-1]
        assert title == "Filter (/)"
        assert ">10亿" in text and "2023-10..2023-12" in text and "principal, else the row's other amount" in text
        # every example in it parses as the help says
        for example in ("2023", "2025Q3", "2025-11", "2023-12-21", "2023-10..2023-12", ">=2025-01", ">10亿", "<500万", "1亿..5亿", ">1bn"):
            assert parse_term(example) is not None, example
