"""Alert rules: parsed with one-line problems, matched loosely, fired on changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import MappingProxyType

import pytest

from npl_tui.core.alerts import (
    RuleSource,
    add_rule,
    fired,
    match,
    parse_rules,
    rule_like,
)
from npl_tui.core.config import ConfigError, load_config
from npl_tui.core.schema import DISCOUNT_SERIES, TABLES
from npl_tui.core.seen import changes, ensure_baseline, load_state
from npl_tui.core.snapshot import Table

HENAN = {"name": "Henan big packages", "province": "Henan", "principal": ">10亿"}


def announcement(rid: str, **cells):
    base = {c.name: None for c in TABLES["announcements"].columns}
    base.update(id=rid, date=dt.date(2026, 11, 2), as_of=dt.date(2026, 11, 2), kind="bank_package", seller="Test Bank",
                seller_type="joint_stock_bank", asset_type="retail_credit_card", status="listed", title="t", source="s")
    base.update(cells)
    return MappingProxyType(base)


def table(*rows, name="announcements") -> Table:
    return Table(TABLES[name], tuple(rows))


def rule(**fields):
    rules, problems = parse_rules([fields])
    assert [p for p in problems if p.level == "error"] == [], problems
    return rules[0]


def test_the_issues_rule_fires_for_a_big_henan_package_only():
    r = rule(**HENAN)
    big = announcement("a", province_code="410000", principal_yi=12.5)
    small = announcement("b", province_code="410000", principal_yi=4.0)
    elsewhere = announcement("c", province_code="440000", principal_yi=50.0)
    unknown = announcement("d", principal_yi=50.0)
    exactly = announcement("e", province_code="410000", principal_yi=10.0)
    t = table(big, small, elsewhere, unknown, exactly)
    assert [row["id"] for row in t if match(r, t, row)] == ["a"]


@pytest.mark.parametrize("spelling", ["Henan", "henan", "HENAN", "河南", "河南省", "豫", "410000", "Henan Province", "hena"])
def test_a_province_may_be_english_pinyin_or_chinese(spelling):
    assert rule(province=spelling).provinces == {"410000"}


def test_a_list_of_provinces_is_any_of_them():
    r = rule(province=["Zhejiang", "广东"])
    t = table(announcement("a", province_code="330000"), announcement("b", province_code="440000"), announcement("c", province_code="410000"))
    assert [row["id"] for row in t if match(r, t, row)] == ["a", "b"]


@pytest.mark.parametrize(("text", "inside", "outside"), [
    (">1bn", 10.5, 10.0), ("<5亿", 4.99, 5.0), (">=5000万", 0.5, 0.49), ("1亿..5亿", 3.0, 6.0),
])
def test_amounts_parse_as_the_filter_does(text, inside, outside):
    r = rule(principal=text)
    t = table(announcement("in", principal_yi=inside), announcement("out", principal_yi=outside))
    assert [row["id"] for row in t if match(r, t, row)] == ["in"]


def test_the_amount_is_the_principal_else_the_rows_other_amount_as_the_filter_compares():
    r = rule(principal=">10亿")
    t = table(announcement("claim", amount_yi=20.0, amount_kind="claim"), announcement("none"))
    assert [row["id"] for row in t if match(r, t, row)] == ["claim"]


def test_sellers_and_buyers_match_loosely_and_by_role():
    cinda_sells = announcement("s", seller="中国信达资产管理股份有限公司四川省分公司", seller_zh="中国信达资产管理股份有限公司四川省分公司")
    cinda_buys = announcement("b", seller="Test Bank", buyer="China Cinda AMC (Sichuan branch)")
    other = announcement("o", seller="China Orient AMC")
    t = table(cinda_sells, cinda_buys, other)
    ids = lambda r: [row["id"] for row in t if match(r, t, row)]
    assert ids(rule(seller="Cinda")) == ["s"]
    assert ids(rule(buyer="China Cinda Asset Management Co., Ltd.")) == ["b"]
    assert ids(rule(party="信达")) == ["s", "b"]
    assert ids(rule(seller=["Orient", "Cinda"])) == ["s", "o"]
    assert ids(rule(seller="Nobody Bank")) == []


def test_asset_type_and_overdue_days():
    r = rule(asset_type=["retail_credit_card", "retail_consumer"], overdue_days=">180")
    t = table(
        announcement("a", overdue_days=365.5),
        announcement("b", overdue_days=90.0),
        announcement("c", overdue_days=400.0, asset_type="corporate"),
        announcement("d"),
    )
    assert [row["id"] for row in t if match(r, t, row)] == ["a"]
    assert rule(overdue_days="90..365 days").overdue.matches(180)  # type: ignore[union-attr]


def discount(rid, value, **cells):
    base = {c.name: None for c in TABLES["discount_rates"].columns}
    base.update(id=rid, period="2026", as_of=dt.date(2026, 6, 30), series="bulk_retail", basis="principal", statistic="deal_average",
                value_pct=value, derived=False, source="s", suspect=False)
    base.update(cells)
    return MappingProxyType(base)


def test_discount_rules_watch_discount_rates_and_never_suspect_figures():
    r = rule(discount_below=20)
    t = table(discount("low", 12.0), discount("high", 35.0), discount("odd", 3.0, suspect=True), name="discount_rates")
    assert r.table == "discount_rates"
    assert [row["id"] for row in t if match(r, t, row)] == ["low"]
    band = rule(discount_above="10%", discount_below=40, series="bulk_retail")
    assert [row["id"] for row in t if match(band, t, row)] == ["low", "high"]
    assert not match(r, table(announcement("a")), announcement("a"))  # not its table


def test_ratio_revised_watches_the_headline_ratio():
    r = rule(ratio_revised=True)
    assert r.table == "ratios" and r.on == {"revised"}
    headline = {"id": "r", "metric": "npl_ratio_pct", "bank_type": "all"}
    t = table(MappingProxyType(headline), MappingProxyType({**headline, "id": "x", "bank_type": "city"}), name="ratios")
    assert [row["id"] for row in t if match(r, t, row)] == ["r"]


# ------------------------------------------------------------------ problems


def test_a_bad_rule_is_one_line_naming_it_and_its_line_and_the_others_still_work(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[[alert]]\nname = "Henan big packages"\nprovince = "Henan"\nprincipal = ">10亿"\n'
        '[[alert]]\nname = "typo"\nprovince = "Hennan"\n'
        '[[alert]]\nprincipal = "10亿"\n'
        '[[alert]]\nseller = "Cinda"\nprovnce = "Henan"\n',
        "utf-8",
    )
    config, problems = load_config(path)
    assert [r.name for r in config.alerts] == ["Henan big packages", "alert 4"]
    lines = [str(p) for p in problems]
    assert lines == [
        f"{path} line 7: alert 'typo' province: 'Hennan' is not a province (English, pinyin, Chinese or a GB/T 2260 code); rule not used",
        f"{path} line 9: alert[3] principal: '10亿' is not an amount like \">10亿\", \"<5亿\", \">=1bn\" or \"1亿..5亿\"; rule not used",
        (f"{path} line 12: alert[4] provnce: unknown condition, ignored (conditions: province, seller, buyer, party, asset_type, principal, "
        "overdue_days, series, discount_below, discount_above, ratio_revised)"),
    ]
    assert [p.level for p in problems] == ["error", "error", "warning"]


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": "empty"}, "alert 'empty': has no condition: it would fire on every row; rule not used"),
    ({"seller": "Cinda", "discount_below": 30}, "alert[1] seller: is about announcements, the rule's discount conditions about discount rates: make two rules; rule not used"),
    ({"ratio_revised": True, "province": "Henan"}, "alert[1] province: cannot be combined with ratio_revised (it watches the headline NPL ratio only): make two rules; rule not used"),
    ({"ratio_revised": "yes"}, "alert[1] ratio_revised: must be true or false, got 'yes'; rule not used"),
    ({"province": "Henan", "on": "later"}, "alert[1] on: 'later' is not \"new\", \"revised\" or [\"new\", \"revised\"]; rule not used"),
    ({"asset_type": "loans"}, ("alert[1] asset_type: 'loans' is not one of: retail_consumer, retail_business, retail_consumer_business, "
     "retail_credit_card, retail_other, corporate, mixed, property, other_asset; rule not used")),
    ({"overdue_days": 180}, "alert[1] overdue_days: 180 is not a number of days like \">180\", \"<=90\" or \"90..365\"; rule not used"),
    ({"discount_below": 700}, "alert[1] discount_below: 700 is not a percentage between 0 and 500 (e.g. 30 for 30% of the basis); rule not used"),
    ({"discount_below": 10, "discount_above": 20}, "alert[1] discount_below: is not above discount_above: no figure could be both; rule not used"),
    ({"seller": ""}, "alert[1] seller: must be a name or a list of names, got ''; rule not used"),
    ({"series": [["bulk_retail"]]}, "alert[1] series: ['bulk_retail'] is not one of: " + ", ".join(DISCOUNT_SERIES) + "; rule not used"),
    ({"name": 3, "province": "Henan"}, "alert[1] name: must be text, got 3; rule not used"),
    ({"province": "guang"}, "alert[1] province: 'guang' could be Guangdong, Guangxi: say which; rule not used"),
])
def test_bad_rules(fields, message):
    rules, problems = parse_rules([RuleSource(fields, 1, line=None)], where="cfg")
    assert rules == [] and [str(p) for p in problems] == [f"cfg: {message}"]


# ------------------------------------------------------------------ firing on changes


def test_fired_pairs_changes_with_rules(tmp_path, shipped_snapshot):
    state = load_state("https://feeds.example/npl/", root=tmp_path)[0]
    ensure_baseline(state, shipped_snapshot)
    rows = list(shipped_snapshot.announcements.rows)
    big = announcement("new-henan", province_code="410000", principal_yi=12.0)
    small = announcement("new-small", province_code="410000", principal_yi=1.0)
    headline = next(r for r in shipped_snapshot.ratios if r["metric"] == "npl_ratio_pct" and r["bank_type"] == "all" and r["period"] == "2025Q4")
    ratios = [MappingProxyType({**r, "value": 1.62}) if r is headline else r for r in shipped_snapshot.ratios]
    tables = dict(shipped_snapshot.tables)
    tables["announcements"] = Table(TABLES["announcements"], (*rows, big, small))
    tables["ratios"] = Table(TABLES["ratios"], tuple(ratios))
    later = dataclasses.replace(shipped_snapshot, tables=MappingProxyType(tables))

    henan, revised = rule(**HENAN), rule(name="ratio", ratio_revised=True)
    hits = fired(changes(later, state), [henan, revised])
    assert [(c.kind, c.id, r.name) for c, r in hits] == [("revised", headline["id"], "ratio"), ("new", "new-henan", "Henan big packages")]


# ------------------------------------------------------------------ alert me on rows like this


def test_rule_like_a_row_matches_it_and_rounds_its_amount_down():
    row = announcement("a", province_code="410000", seller="China Cinda AMC (Henan branch)", principal_yi=12.3)
    table_ = rule_like(row)
    assert table_ == {"name": "Like: China Cinda AMC · Henan · retail credit card · ≥10亿", "province": "Henan",
                      "seller": "China Cinda AMC", "asset_type": "retail_credit_card", "principal": ">=10亿"}
    r = rule(**table_)
    t = table(row, announcement("b", province_code="410000", seller="China Cinda AMC", principal_yi=9.0))
    assert [x["id"] for x in t if match(r, t, x)] == ["a"]
    assert rule_like(announcement("s", principal_yi=0.56))["principal"] == ">=5000万"
    assert rule_like(announcement("m", principal_yi=3.2))["principal"] == ">=2亿"


def test_rule_like_leaves_out_what_the_row_does_not_say():
    bare = rule_like(announcement("x", seller="Several banks and other investors", asset_type="mixed"))
    assert bare == {"name": "Like: mixed", "asset_type": "mixed"}


def test_add_rule_appends_to_the_config_keeping_it_and_names_it_uniquely(tmp_path):
    path = tmp_path / "config.toml"
    original = '# my alerts\n[[alert]]\nname = "Like: X"\nprovince = "Henan"  # home\n\n[watchlist]\nparties = ["Cinda"]\n'
    path.write_text(original, "utf-8")
    added = add_rule({"name": "Like: X", "province": "Guangdong", "principal": ">=10亿"}, path)
    assert added.name == "Like: X (2)"
    text = path.read_text("utf-8")
    assert text.startswith('# my alerts\n[[alert]]\nname = "Like: X"\nprovince = "Henan"  # home\n')
    config, problems = load_config(path)
    assert problems == [] and [r.name for r in config.alerts] == ["Like: X", "Like: X (2)"]
    assert config.alerts[1].provinces == {"440000"} and config.watchlist.parties == ("Cinda",)


def test_add_rule_refuses_a_bad_rule_and_leaves_the_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[display]\nlang = 'zh'\n", "utf-8")
    with pytest.raises(ConfigError, match="province: 'Atlantis' is not a province"):
        add_rule({"name": "x", "province": "Atlantis"}, path)
    assert path.read_text("utf-8") == "[display]\nlang = 'zh'\n"
