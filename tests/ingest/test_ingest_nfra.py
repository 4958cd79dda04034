"""The regulator's quarterly release → Release → ratios rows.

Every ``tests/fixtures/nfra/20*.txt`` is a real repost (see the README there); the
numbers asserted for each are the ones printed on that page. The few inline texts and
table rows below are built for one rule each and say so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from npl_tui.core.schema import RATIOS
from npl_tui.ingest.nfra import (
    CBIRC,
    NFRA,
    Release,
    normalise,
    quarter_end,
    ratio_rows,
    read_release,
)
from npl_tui.ingest.records import DocumentRef, IngestError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "nfra"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# file: (read_release keyword arguments, period, NPL ratio %, balance 亿元, provision
# coverage %, stated ratio change pp, stated balance change 亿元, regulator, page date)
PUBLISHED: dict[str, tuple[dict, str, float | None, float | None, float | None, float | None, float | None, str, dt.date | None]] = {
    "2018Q2_crntt_cn.txt": ({"period": "2018Q2"}, "2018Q2", 1.86, 19600, 178.7, 0.12, 1829, CBIRC, None),
    "2018Q3_ce_cn.txt": ({}, "2018Q3", 1.87, 20300, 180.73, 0.01, 751, CBIRC, dt.date(2018, 11, 20)),
    "2019Q1_chinapostnews.txt": ({"page_date": dt.date(2019, 5, 16)}, "2019Q1", 1.80, 21600, 192.17, 0.0, 957, CBIRC, dt.date(2019, 5, 16)),
    "2019Q2_cnfin.txt": ({}, "2019Q2", 1.81, 22400, 190.61, 0.01, 781, CBIRC, None),
    "2020Q1_hk_crntt_com.txt": ({}, "2020Q1", 1.91, 26100, 183.2, 0.05, 1986, CBIRC, dt.date(2020, 5, 13)),
    "2020Q3_bg3_co.txt": ({}, "2020Q3", 1.96, 28400, 179.9, 0.02, 987, CBIRC, None),
    "2021Q2_lyredcross.txt": ({"period": "2021Q2"}, "2021Q2", 1.76, 28000, None, -0.05, 25, CBIRC, None),
    "2021Q3_topoint.txt": ({}, "2021Q3", 1.75, 28000, None, -0.01, 427, CBIRC, dt.date(2021, 11, 17)),
    "2022Q4_zjc_gov_cn.txt": ({}, "2022Q4", 1.63, 30000, 205.85, -0.02, -83, CBIRC, dt.date(2023, 2, 15)),
    "2023Q1_stheadline.txt": ({}, "2023Q1", 1.62, 31000, None, -0.01, 1341, NFRA, dt.date(2023, 5, 20)),
    "2023Q2_09115_cn.txt": ({}, "2023Q2", 1.62, 32000, None, None, 831, NFRA, None),
    "2023Q4_jwbk.txt": ({}, "2023Q4", 1.59, 32000, 205.14, -0.02, None, NFRA, dt.date(2024, 2, 22)),
    "2024Q1_etnet.txt": ({"period": "2024Q1"}, "2024Q1", None, None, 204.54, None, None, NFRA, None),
    "2024Q2_nx_gov_cn.txt": ({}, "2024Q2", 1.56, 33000, 209.32, -0.03, -272, NFRA, dt.date(2024, 8, 12)),
    "2025Q2_etnet.txt": ({}, "2025Q2", 1.49, 34000, None, -0.02, -24, NFRA, None),
    "2025Q3_myzaker.txt": ({}, "2025Q3", 1.52, 35000, 207.15, 0.03, 883, NFRA, None),
}

TRADITIONAL = {
    "2020Q1_hk_crntt_com.txt",
    "2021Q2_lyredcross.txt",
    "2023Q1_stheadline.txt",
    "2023Q2_09115_cn.txt",
    "2024Q1_etnet.txt",
    "2025Q2_etnet.txt",
}


def test_every_fixture_is_listed_and_described():
    files = {p.name for p in FIXTURES.glob("20*.txt")}
    assert files == set(PUBLISHED)
    readme = (FIXTURES / "README.md").read_text("utf-8")
    for name in files | {"not_release_fsc_tw_2023-01.txt"}:
        assert f"`{name}`" in readme
    years = {name[:4] for name in files}
    assert years >= {"2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"}
    assert len(TRADITIONAL) >= 2


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_fixture_gives_its_published_figures(name):
    kwargs, period, ratio, balance, coverage, ratio_change, balance_change, regulator, page_date = PUBLISHED[name]
    release = read_release(fixture(name), where=name, **kwargs)
    assert release.period == period
    assert release.npl_ratio_pct == ratio
    assert release.npl_balance_yi == balance
    assert release.provision_coverage_pct == coverage
    assert release.ratio_change_pp == ratio_change
    assert release.balance_change_yi == balance_change
    assert release.doc.publisher == regulator  # no URL given: the regulator itself
    assert release.doc.date == page_date
    assert len(release.doc.sha256) == 64


def test_balances_are_exact_in_yi_with_no_float_noise():
    got = {
        name: read_release(fixture(name), where=name, **PUBLISHED[name][0]).npl_balance_yi
        for name in ("2018Q2_crntt_cn.txt", "2020Q3_bg3_co.txt", "2022Q4_zjc_gov_cn.txt", "2025Q2_etnet.txt")
    }
    # 1.96万亿元, 2.84兆元 (Taiwanese 兆 = trillion), 3万亿元, ３﹒４萬億元
    assert got == {
        "2018Q2_crntt_cn.txt": 19600.0,
        "2020Q3_bg3_co.txt": 28400.0,
        "2022Q4_zjc_gov_cn.txt": 30000.0,
        "2025Q2_etnet.txt": 34000.0,
    }
    text = "2023年四季度末，商业银行不良贷款余额32000亿元。"  # built for this rule: printed in 亿元
    assert read_release(text, where="t").npl_balance_yi == 32000


def test_traditional_and_simplified_read_the_same_way():
    assert normalise("商業銀行不良貸款餘額３﹒４萬億元（人民幣．下同）") == "商业银行不良贷款余额3.4万亿元(人民币.下同)"
    assert normalise("商業(yè)銀行不良貸款余額") == "商业银行不良贷款余额"  # converter's pinyin dropped
    assert normalise("撥\n備覆蓋率為204﹒54%") == "拨备覆盖率为204.54%"
    assert normalise("2025 年三季度末 , 商业银行 ( 法人口径 )") == "2025年三季度末,商业银行(法人口径)"
    trad = read_release(fixture("2020Q1_hk_crntt_com.txt"), where="hk")
    assert trad.printed == {
        "npl_balance_yi": "2.61万亿元",
        "balance_change_yi": "较上季末增加1986亿元",
        "npl_ratio_pct": "1.91%",
        "ratio_change_pp": "较上季末增加0.05个百分点",
        "provision_coverage_pct": "183.2%",
    }
    # the title is the page's own, in its own characters
    assert trad.doc.title == "一季度末中國商業銀行不良貸款率1.91%"
    full_width = read_release(fixture("2025Q2_etnet.txt"), where="etnet")
    assert full_width.doc.title == "《神州金融》金監總局：二季末商業銀行不良貸款率降至１﹒４９％"


def test_bank_types_and_other_institutions_are_not_read():
    # 2019Q2: "大型商业银行拨备覆盖率达250.69%" and "农商行…131.52%" are left out
    release = read_release(fixture("2019Q2_cnfin.txt"), where="cnfin")
    assert release.provision_coverage_pct == 190.61
    text = (  # built for this rule: figures for all banking institutions and one bank type only
        "2023年四季度末，银行业金融机构不良贷款余额4万亿元，不良贷款率1.68%。"
        "大型商业银行不良贷款率1.26%，拨备覆盖率为250.1%。"
    )
    with pytest.raises(IngestError, match="not an NPL release"):
        read_release(text, where="t")


# --------------------------------------------------------------------------- the period


def test_period_from_a_relative_phrase_and_the_date_printed_on_the_page():
    # "今年二季度末" with "发表时间: 2024年08月12日" on the page
    assert read_release(fixture("2024Q2_nx_gov_cn.txt"), where="nx").period == "2024Q2"
    # "首季末" with "2023-05-20 12:49"
    assert read_release(fixture("2023Q1_stheadline.txt"), where="st").period == "2023Q1"


def test_period_from_a_relative_phrase_and_the_page_date_argument():
    name = "2021Q2_lyredcross.txt"  # 今年二季度末; the page prints no date
    # a page date as a caller would pass it (e.g. the HTTP Last-Modified of the page)
    release = read_release(fixture(name), where=name, page_date=dt.date(2021, 8, 20))
    assert release.period == "2021Q2"
    assert release.doc.date == dt.date(2021, 8, 20)
    etnet = read_release(fixture("2024Q1_etnet.txt"), where="etnet", page_date=dt.date(2024, 5, 11))
    assert etnet.period == "2024Q1"


def test_a_quarter_without_a_year_is_the_last_one_to_end_before_the_page_date():
    # built for this rule: a Q4 release comes out in February of the next year
    text = "新华社北京2月21日电 四季度末，商业银行不良贷款率1.59%，较上季末下降0.02个百分点。"
    assert read_release(text, where="t", page_date=dt.date(2024, 2, 22)).period == "2023Q4"
    last_year = "去年四季度末，商业银行不良贷款率1.59%。"
    assert read_release(last_year, where="t", page_date=dt.date(2024, 12, 1)).period == "2023Q4"
    year_end = "2022年末，商业银行不良贷款率1.63%。"
    assert read_release(year_end, where="t").period == "2022Q4"
    # a quarter named as the comparison is not the release's quarter
    compared = "一季度末，商业银行不良贷款率1.59%，比2023年一季度末下降0.03个百分点。"
    assert read_release(compared, where="t", page_date=dt.date(2024, 5, 10)).period == "2024Q1"


def test_missing_period_is_an_error_naming_the_flag():
    name = "2021Q2_lyredcross.txt"
    with pytest.raises(IngestError) as err:
        read_release(fixture(name), where=name)
    assert str(err.value) == f"{name}: no period in the text; pass --period YYYYQn"
    with pytest.raises(IngestError, match="no period in the text"):
        read_release(fixture("2018Q2_crntt_cn.txt"), where="crntt")


def test_period_argument_disagreeing_with_the_text_names_both():
    with pytest.raises(IngestError) as err:
        read_release(fixture("2023Q4_jwbk.txt"), where="jwbk.txt", period="2023Q3")
    assert str(err.value) == "jwbk.txt: the text is for 2023Q4 but --period is 2023Q3"
    # a quarter without a year must still be the quarter --period names
    with pytest.raises(IngestError) as err:
        read_release(fixture("2021Q2_lyredcross.txt"), where="ly.txt", period="2021Q3")
    assert "Q2" in str(err.value) and "2021Q3" in str(err.value)
    # agreeing is fine
    assert read_release(fixture("2023Q4_jwbk.txt"), where="jwbk", period="2023Q4").period == "2023Q4"
    with pytest.raises(IngestError, match="not a quarter"):
        read_release(fixture("2023Q4_jwbk.txt"), where="jwbk", period="2023-4")


def test_not_a_release():
    name = "not_release_fsc_tw_2023-01.txt"  # Taiwan's FSC on its own banks' overdue loans
    with pytest.raises(IngestError) as err:
        read_release(fixture(name), where=name)
    assert str(err.value) == (
        f"{name}: not an NPL release: no commercial-bank NPL ratio, balance or provision coverage found"
    )


# --------------------------------------------------------------------------- bytes and HTML


def _html(text: str, *, title: str, charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>"
        "<script>var x = '商業銀行不良貸款率9.99%';</script></head>"
        f"<body><div class='nav'>首頁 &gt; 財經</div>{paragraphs}</body></html>"
    )


@pytest.mark.parametrize(
    ("name", "codec", "declared"),
    [
        ("2018Q3_ce_cn.txt", "gbk", "gb2312"),
        ("2018Q3_ce_cn.txt", "gb18030", None),
        ("2023Q1_stheadline.txt", "big5", "big5"),
        ("2023Q1_stheadline.txt", "big5", None),
        ("2020Q1_hk_crntt_com.txt", "big5", None),
        ("2024Q2_nx_gov_cn.txt", "utf-8", None),
    ],
)
def test_html_in_each_encoding_reads_like_the_text(name, codec, declared):
    """The real text, wrapped in a page and encoded as Chinese sites serve it."""
    text = fixture(name).decode("utf-8")
    page = _html(text, title="一个标题" if codec != "big5" else "一個標題", charset=declared).encode(codec)
    kwargs = PUBLISHED[name][0]
    from_text = read_release(text, where=name, **kwargs)
    from_html = read_release(page, where=name, url="https://example.com/a.html", **kwargs)
    assert from_html.period == from_text.period
    assert from_html.figures() == from_text.figures()
    assert from_html.ratio_change_pp == from_text.ratio_change_pp
    assert from_html.balance_change_yi == from_text.balance_change_yi
    assert from_html.doc.title in ("一个标题", "一個標題")
    assert from_html.npl_ratio_pct != 9.99  # <script> is not text


def test_entities_are_decoded():
    page = (
        "<html><body><p>2023年四季度末&#xff0c;&#21830;业银行不良贷款余额3.2万亿元&nbsp;，"
        "较上季末基本持平&#65307;商业银行不良贷款率1.59&#37;，较上季末下降0.02个百分点。</p></body></html>"
    )  # built for this rule
    release = read_release(page, where="t")
    assert (release.npl_balance_yi, release.npl_ratio_pct, release.ratio_change_pp) == (32000, 1.59, -0.02)


def test_the_citation_names_the_reposting_site():
    url = "http://jrjgj.nx.gov.cn/jrrd/jrfxff/202509/t20250902_5006953.html"
    release = read_release(fixture("2024Q2_nx_gov_cn.txt"), where="nx", url=url)
    assert release.doc.publisher == "jrjgj.nx.gov.cn reposting NFRA (国家金融监督管理总局)"
    assert release.doc.title == "我国商业银行不良贷款率降至1.56%"
    citation = release.doc.citation()
    assert citation.startswith(
        "jrjgj.nx.gov.cn reposting NFRA (国家金融监督管理总局) · 我国商业银行不良贷款率降至1.56% · 2024-08-12 · " + url
    )
    own = read_release(fixture("2024Q2_nx_gov_cn.txt"), where="nx", url="https://www.nfra.gov.cn/cn/view/x.html")
    assert own.doc.publisher == NFRA


# --------------------------------------------------------------------------- ratio rows

COLUMNS = list(RATIOS.column_names)


def row(period: str, metric: str, value: str, **extra: str) -> dict[str, str]:
    """A ratios row as csv.DictReader gives it."""
    base = {
        "id": f"ratio-{period}-all-{metric}",
        "period": period,
        "as_of": quarter_end(period).isoformat(),
        "bank_type": "all",
        "metric": metric,
        "value": value,
        "qualifier": "",
        "first_published": "",
        "derived": "false",
        "source": "https://example.org/earlier",
        "note": "commercial banks, legal-entity basis",
        "basis_break": "",
    }
    base.update(extra)
    return {c: base[c] for c in COLUMNS}


def release_of(name: str, **kwargs) -> Release:
    return read_release(fixture(name), where=name, **{**PUBLISHED[name][0], **kwargs})


def test_new_rows_in_an_empty_table():
    release = release_of("2023Q4_jwbk.txt", url="http://m.jwbk.com/jinrong/306505bd7b827451b8198d4066025f64.html")
    rows, warnings = ratio_rows(release, [])
    assert warnings == []
    assert [r["id"] for r in rows] == [
        "ratio-2023Q4-all-npl_ratio_pct",
        "ratio-2023Q4-all-npl_balance_yi",
        "ratio-2023Q4-all-provision_coverage_pct",
    ]
    assert all(list(r) == COLUMNS for r in rows)
    ratio, balance, coverage = rows
    assert ratio["value"] == "1.59" and balance["value"] == "32000" and coverage["value"] == "205.14"
    assert {r["as_of"] for r in rows} == {"2023-12-31"}
    assert {r["derived"] for r in rows} == {"false"}
    assert {r["source"] for r in rows} == {release.doc.citation()}
    assert ratio["note"] == "commercial banks, legal-entity basis"
    assert balance["note"] == "commercial banks, legal-entity basis; published in RMB trillion; stored × 10000 as 亿元"


def test_rows_keep_the_tables_order_and_other_rows():
    table = [
        row("2023Q3", "npl_ratio_pct", "1.61"),
        row("2023Q3", "npl_balance_yi", "32000"),
        {**row("2023Q3", "npl_ratio_pct", "1.3"), "id": "ratio-2023Q3-rural-npl_ratio_pct", "bank_type": "rural"},
        row("2024Q1", "npl_ratio_pct", "1.59"),
    ]
    rows, _ = ratio_rows(release_of("2023Q4_jwbk.txt"), table)
    assert [r["id"] for r in rows] == [
        "ratio-2023Q3-all-npl_ratio_pct",
        "ratio-2023Q3-all-npl_balance_yi",
        "ratio-2023Q3-rural-npl_ratio_pct",
        "ratio-2023Q4-all-npl_ratio_pct",
        "ratio-2023Q4-all-npl_balance_yi",
        "ratio-2023Q4-all-provision_coverage_pct",
        "ratio-2024Q1-all-npl_ratio_pct",
    ]
    assert rows[:3] == table[:3] and rows[-1] == table[-1]


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_the_same_release_twice_changes_nothing(name):
    table = [row("2018Q1", "npl_ratio_pct", "1.75"), row(PUBLISHED[name][1], "npl_ratio_pct", "1.2")]
    release = release_of(name, url="https://example.com/page")
    once, _ = ratio_rows(release, table)
    twice, _ = ratio_rows(release, once)
    assert twice == once
    from_empty, _ = ratio_rows(release, [])
    assert ratio_rows(release, from_empty)[0] == from_empty


def test_a_stated_change_that_does_not_match_the_table_is_a_warning():
    table = [row("2023Q3", "npl_ratio_pct", "1.62"), row("2023Q3", "npl_balance_yi", "32000")]
    rows, warnings = ratio_rows(release_of("2023Q4_jwbk.txt"), table)
    assert warnings == [
        (
            "2023Q4 NPL ratio 1.59% is stated as down 0.02 pp on the quarter, "
            "but the table has 1.62% for 2023Q3 (implies 1.61%)"
        )
    ]
    assert {r["id"]: r["value"] for r in rows}["ratio-2023Q4-all-npl_ratio_pct"] == "1.59"  # still goes in
    # the real case: the 2022Q4 release says down 0.02 pp, the table had 1.66% for 2022Q3
    _, warnings = ratio_rows(release_of("2022Q4_zjc_gov_cn.txt"), [row("2022Q3", "npl_ratio_pct", "1.66")])
    assert warnings == [
        (
            "2022Q4 NPL ratio 1.63% is stated as down 0.02 pp on the quarter, "
            "but the table has 1.66% for 2022Q3 (implies 1.65%)"
        )
    ]


def test_balance_change_warnings_allow_for_the_trillion_rounding():
    # 2023Q2: 3.2万亿元, up 831亿元 on 2023Q1's 3.1万亿元 (31000): consistent once rounded
    _, warnings = ratio_rows(release_of("2023Q2_09115_cn.txt"), [row("2023Q1", "npl_balance_yi", "31000")])
    assert warnings == []
    # 2019Q1: 2.16万亿元, up 957亿元 on 上年末, against 2.03万亿元 for 2018Q4: 343亿 apart
    table = [row("2018Q4", "npl_balance_yi", "20300"), row("2018Q4", "npl_ratio_pct", "1.80")]
    _, warnings = ratio_rows(release_of("2019Q1_chinapostnews.txt"), table)
    assert warnings == [
        (
            "2019Q1 NPL balance 21600 亿元 is stated as up 957 亿元 on the quarter, "
            "but the table has 20300 亿元 for 2018Q4 (implies 20643 亿元)"
        )
    ]
    table[1]["value"] = "1.83"
    _, warnings = ratio_rows(release_of("2019Q1_chinapostnews.txt"), table)
    assert warnings[0] == (
        "2019Q1 NPL ratio 1.80% is stated as unchanged on the quarter, "
        "but the table has 1.83% for 2018Q4 (implies 1.80%)"
    )


def test_a_derived_row_becomes_the_stated_figure():
    # 2024Q1 coverage had been derived from a later release's stated change
    derived = row(
        "2024Q1",
        "provision_coverage_pct",
        "204.54",
        derived="true",
        note="commercial banks, legal-entity basis; derived by the researcher from a stated change in a later release",
    )
    release = release_of("2024Q1_etnet.txt")
    rows, warnings = ratio_rows(release, [derived])
    assert warnings == []
    (got,) = rows
    assert got["derived"] == "false"
    assert got["value"] == "204.54"
    assert got["source"] == release.doc.citation()
    assert got["note"] == "commercial banks, legal-entity basis"
    approximate = row("2020Q2", "npl_balance_yi", "27400", qualifier="~", derived="true")
    bal = Release("2020Q2", None, 27400.0, None, None, None, DocumentRef("X", "t", None), {"npl_balance_yi": "2.74万亿元"})
    (got,) = ratio_rows(bal, [approximate])[0]
    assert (got["qualifier"], got["derived"]) == ("", "false")


def test_the_same_figure_keeps_the_more_precise_value():
    # 2025Q2: the table has 34300 (3.43万亿 in a fuller copy); this page prints 3.4万亿
    kept = row("2025Q2", "npl_balance_yi", "34300")
    release = release_of("2025Q2_etnet.txt")
    rows, warnings = ratio_rows(release, [kept])
    (got,) = [r for r in rows if r["metric"] == "npl_balance_yi"]
    assert got["value"] == "34300"
    assert got["source"] == "https://example.org/earlier ; " + release.doc.citation()
    assert got["first_published"] == ""
    assert warnings == []
    # 2019Q1: the table has 192.2 from a secondary source; the release prints 192.17
    coarse = row("2019Q1", "provision_coverage_pct", "192.2")
    rows, _ = ratio_rows(release_of("2019Q1_chinapostnews.txt"), [coarse])
    (got,) = [r for r in rows if r["metric"] == "provision_coverage_pct"]
    assert got["value"] == "192.17"
    assert got["first_published"] == ""


def test_a_different_figure_is_replaced_and_first_published_only_for_an_earlier_publication():
    release = release_of("2022Q4_zjc_gov_cn.txt")  # dated 2023-02-15: 1.63%
    undated = row("2022Q4", "npl_ratio_pct", "1.64", source="https://example.org/misread")
    rows, warnings = ratio_rows(release, [undated])
    (got,) = [r for r in rows if r["metric"] == "npl_ratio_pct"]
    assert (got["value"], got["first_published"], got["source"]) == ("1.63", "", release.doc.citation())
    assert "2022Q4 NPL ratio: the table had 1.64%, the release states 1.63%; replaced" in warnings
    earlier = row("2022Q4", "npl_ratio_pct", "1.64", source="Wire 2023-02-14 https://example.org/first")
    rows, warnings = ratio_rows(release, [earlier])
    (got,) = [r for r in rows if r["metric"] == "npl_ratio_pct"]
    assert (got["value"], got["first_published"]) == ("1.63", "1.64")
    assert "2022Q4 NPL ratio: the table had 1.64%, the release states 1.63%; replaced; 1.64% kept as first published" in warnings
    later = row("2022Q4", "npl_ratio_pct", "1.64", source="Wire 2023-03-01 https://example.org/later")
    (got,) = [r for r in ratio_rows(release, [later])[0] if r["metric"] == "npl_ratio_pct"]
    assert got["first_published"] == ""


def test_a_release_of_the_first_published_figure_keeps_the_revision():
    # the table: 2018Q4 first published 1.83%, later revised to 1.89%
    revised = row("2018Q4", "npl_ratio_pct", "1.89", first_published="1.83")
    release = Release(  # built for this rule: what the 2018Q4 release said
        "2018Q4", 1.83, None, None, None, None, DocumentRef("CBIRC (中国银保监会)", "t", dt.date(2019, 2, 25)), {"npl_ratio_pct": "1.83%"}
    )
    rows, warnings = ratio_rows(release, [revised])
    (got,) = rows
    assert (got["value"], got["first_published"]) == ("1.89", "1.83")
    assert got["source"].endswith(" ; " + release.doc.citation())
    assert warnings == [
        "2018Q4 NPL ratio: the release states 1.83%, the table's first-published figure; the table keeps the revised 1.89%"
    ]
    assert ratio_rows(release, rows)[0] == rows
