"""Pure rendering helpers: formatting, bounds, literal text, sparklines and bars."""

from __future__ import annotations

import datetime as dt

import pytest
from rich.text import Text

from npl_tui.core.views import Figure
from npl_tui.core.vocab import word
from npl_tui.render import (
    asset_label,
    bar,
    basis_label,
    change_symbol,
    fmt_amount,
    fmt_change_bp,
    fmt_event_date,
    fmt_figure_amount,
    fmt_figure_pct,
    fmt_int,
    fmt_metric,
    fmt_pct,
    fmt_span,
    literal,
    party_name,
    province_name,
    sparkline,
)

D = dt.date(2025, 12, 31)


def test_literal_never_parses_markup_and_strips_controls():
    raw = "[bold red]x[/] [@click=app.quit]q[/] [link=https://e.example]l[/link] \x1b[31mred\x1b]0;t\x07"
    text = literal(raw)
    assert isinstance(text, Text)
    assert text.plain.startswith("[bold red]x[/] [@click=app.quit]q[/]")
    assert "\x1b" not in text.plain and "\x07" not in text.plain
    assert text.spans == []
    assert literal(None).plain == ""


@pytest.mark.parametrize(
    "yi, unit, expected",
    [(202.74, "yi", "202.74亿"), (0.4496, "yi", "4,496万"), (35000, "yi", "35,000亿"),
     (202.74, "bn", "RMB 20.27bn"), (1.9, "bn", "RMB 190m"), (None, "yi", "–")],
)
def test_fmt_amount(yi, unit, expected):
    assert fmt_amount(yi, unit) == expected


def test_pct_bounds_and_changes():
    assert fmt_pct(1.5) == "1.50%"
    assert fmt_pct(10, "<") == "<10%"
    assert fmt_pct(70, "~") == "~70%"
    assert fmt_change_bp(-0.02) == "▼ 2bp"
    assert fmt_change_bp(0.03) == "▲ 3bp"
    assert fmt_change_bp(0.0) == "■ 0bp"
    assert change_symbol(None) == " "
    assert fmt_int(51888, ">") == ">51,888"


def test_figures_show_derived_and_bounds():
    assert fmt_figure_pct(Figure(1.94, "2020Q2", D, derived=True)) == "1.94% d"
    assert fmt_figure_pct(Figure(205.21, "2025Q4", D)) == "205.21%"
    assert fmt_figure_pct(None) == "–"
    assert fmt_figure_amount(Figure(13900, "2016Q1", D, qualifier="~"), "yi") == "~13,900亿"
    assert fmt_figure_amount(Figure(35000, "2025Q4", D), "bn") == "RMB 3,500bn"


def test_fmt_metric_units_and_bounds():
    assert fmt_metric(51888, "judicial_first_auctions", ">") == "> 51,888"
    assert fmt_metric(1210.5, "npl_bid_volume_yi") == "1,210.5亿"
    assert fmt_metric(1210.5, "npl_bid_volume_yi", unit="bn") == "RMB 121bn"
    assert fmt_metric(300, "npl_deal_volume_yi", "~") == "~300亿"
    assert fmt_metric(None, "npl_bid_volume_yi") == "–"


def test_sparkline_scales_and_keeps_latest_at_right():
    assert sparkline([1, 2, 3]) == "▁▅█"
    assert sparkline([5, 5, 5]) == "▄▄▄"
    assert sparkline([]) == ""
    long = sparkline(list(range(100)), width=10)
    assert len(long) == 10 and long[-1] == "█" and long[0] == "▁"
    assert sparkline([1.0, float("nan"), 2.0]) == "▁█"


def test_bar_draws_bounds_differently():
    assert bar(100, 100, 8) == "█" * 8
    assert bar(50, 100, 8) == "█" * 4
    assert bar(55, 100, 8).startswith("████") and len(bar(55, 100, 8)) == 5
    lower = bar(100, 100, 8, ">")
    assert lower.endswith("▶") and "█" not in lower and len(lower) <= 8
    upper = bar(50, 100, 8, "<")
    assert set(upper) == {"░"}
    assert bar(0, 100, 8) == "" and bar(5, 0, 8) == ""
    assert bar(0.01, 100, 8) == "▏"  # tiny but present


def test_labels_in_both_languages():
    assert word("npl_ratio", "zh") == "不良贷款率"
    assert word("no-such-key") == "no-such-key"
    assert asset_label("retail_credit_card", "zh") == "信用卡"
    assert asset_label(None) == "–"
    assert basis_label("principal_plus_interest", short=True) == "of P+I"
    assert province_name("510000", "zh") == "四川"
    assert province_name("", "en") == "unknown"
    assert fmt_span("2022", "2025Q1") == "2022–2025Q1" and fmt_span("2024", "2024") == "2024"


def test_event_date_never_shows_a_day_the_source_did_not_give():
    day = {"date": dt.date(2025, 8, 14), "as_of": dt.date(2025, 8, 20)}
    assert fmt_event_date(day) == "2025-08-14"
    assert fmt_event_date(dict(day, date_precision="day")) == "2025-08-14"
    month = {"date": dt.date(2025, 8, 1), "date_precision": "month", "as_of": dt.date(2025, 8, 1)}
    assert fmt_event_date(month) == "2025-08"
    assert fmt_event_date(month, "as_of") == "2025-08"  # the same imprecise fact
    assert fmt_event_date(dict(month, as_of=dt.date(2025, 9, 30)), "as_of") == "2025-09-30"
    year = {"date": dt.date(2024, 1, 1), "date_precision": "year"}
    assert fmt_event_date(year) == "2024"
    assert fmt_event_date({"date": None}) == "–"


def test_party_name_falls_back_between_languages():
    row = {"seller": "Bohai Bank", "seller_zh": "渤海银行", "buyer": "", "buyer_zh": "天津津融"}
    assert party_name(row, "seller", "en") == "Bohai Bank"
    assert party_name(row, "seller", "zh") == "渤海银行"
    assert party_name(row, "buyer", "en") == "天津津融"


def test_status_text_orders_problems_first_and_is_literal():
    from functools import partial

    from npl_tui.widgets.status_line import status_line_text

    status_text = partial(status_line_text, width=200)
    loaded = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)
    ok = status_text(origin_kind="shipped", location="/x", newest=D, loaded_at=loaded)
    assert ok.plain.startswith("shipped snapshot · newest fact 2025-12-31 · loaded ")
    assert "/x" not in ok.plain
    bad = status_text(origin_kind="feed", location="https://f.example/[b]x[/b]", newest=D, loaded_at=loaded,
                      stale=True, error="HTTP 503 [@click=app.quit]x[/]")
    assert bad.plain.startswith("STALE · error: HTTP 503 [@click=app.quit]x[/] · feed https://f.example/[b]x[/b]")
    assert status_text(origin_kind=None, location="", newest=None, loaded_at=None).plain == "loading…"
    failed_first = status_text(origin_kind=None, location="", newest=None, loaded_at=None, error="boom")
    assert failed_first.plain == "error: boom · no data loaded yet"
    fetched = status_text(origin_kind="feed", location="u", newest=D, loaded_at=loaded, fetched_at=loaded)
    assert " · fetched " in fetched.plain


# --------------------------------------------------------------------------- format 1.2


def test_amounts_carry_the_mark_of_their_kind():
    from npl_tui.render import amount_kind_label, amount_mark, fmt_marked_amount

    assert fmt_marked_amount(202.74, "principal") == "202.74亿"  # principal: the column's own
    assert fmt_marked_amount(52, "claim") == "52亿 P+I"
    assert fmt_marked_amount(52, "claim", lang="zh") == "52亿 本息"
    assert fmt_marked_amount(0.12, "deal_price") == "1,200万 deal"
    assert fmt_marked_amount(3, "") == "3亿 amt?"  # a feed that does not say
    assert fmt_marked_amount(None, "claim") == "–"
    # cut to fit, the mark kept: "RMB " first, then the space, then decimals
    assert fmt_marked_amount(49.937, "starting_price", "bn", width=14) == "4.99bn start"
    assert fmt_marked_amount(15.03, "claim", width=8, tiny=True) == "15.03亿C"
    assert fmt_marked_amount(499.37, "claim", lang="zh", width=8, tiny=True) == "499亿 债"
    assert amount_mark("book_value") == "book" and amount_mark("appraisal", tiny=True) == "A"
    assert amount_kind_label("claim") == "Claim (principal + interest)" and amount_kind_label("deal_price", "zh") == "成交价"


def test_shares_of_the_national_figure():
    from npl_tui.render import fmt_share

    assert fmt_share((51888 / 564180 * 100, "")) == "9.2%"
    assert fmt_share((12.34, ">")) == ">12%"
    assert fmt_share((0.01, "")) == "<0.1%"
    assert fmt_share(None) == ""


def test_sparkline_segments_share_one_scale_and_never_join():
    from npl_tui.render import sparkline_segments

    left, right = sparkline_segments([[1, 2, 3], [10, 9]], 10)
    assert (left, right) == ("▁▂▃", "█▇")  # one scale: the jump is there, drawn apart
    parts = sparkline_segments([list(range(16)), list(range(28))], 34)
    assert sum(len(p) for p in parts) == 33  # 34 cells less one for the break mark
    assert sparkline_segments([], 10) == []


def test_sources_as_citation_lines():
    from ui_fixtures import CITED_SOURCE

    from npl_tui.render import citation_lines, source_short

    lines = citation_lines(CITED_SOURCE)
    assert len(lines) == 2 and lines[0].endswith("3f" * 32)
    assert source_short(CITED_SOURCE).count("sha256:") == 2
    assert "sha256:" + "a1" * 6 + "…" in source_short(CITED_SOURCE) and "a1" * 7 not in source_short(CITED_SOURCE)


def test_a_column_of_amounts_has_one_unit_chosen_from_its_largest():
    from npl_tui.render import amount_scale, fmt_amount, fmt_scaled, scale_name

    assert amount_scale([0.4473, 1.12]) == "yi" and amount_scale([0.4473, 0.0036]) == "wan"
    assert amount_scale([0.4473, 1.12], "bn") == "m" and amount_scale([499.37], "bn") == "bn"
    assert amount_scale([]) == "wan" and amount_scale([None, float("nan")]) == "wan"
    assert [fmt_scaled(v, "yi") for v in (0.4473, 1.12, 499.37)] == ["0.45", "1.12", "499.37"]
    assert fmt_scaled(0.00036, "yi") == "0.00036"  # never "0.00": two significant digits
    assert fmt_scaled(0.4473, "wan") == "4,473.00" and fmt_scaled(12.0, "bn") == "1.20"
    assert fmt_amount(0.4473, "yi", scale="yi") == "0.447亿" and fmt_amount(0.013482, "yi", scale="yi") == "0.0135亿"
    assert fmt_amount(1.2, "bn", scale="m") == "RMB 120m"
    assert [scale_name(s) for s in ("yi", "wan", "bn", "m")] == ["亿", "万", "RMB bn", "RMB m"]
