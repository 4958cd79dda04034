"""The Yindeng row builder shared by the build and `npl-tui ingest yindeng`: merge rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from npl_tui.ingest.records import YINDENG, DocumentRef, Listing, Result
from npl_tui.ingest.yindeng_compiled import read_compiled
from npl_tui.ingest.yindeng_rows import base_name, merge, yi

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"
NAME = "河北银行股份有限公司关于2023年第1期信用卡不良贷款转让项目"
L_DOC = DocumentRef(YINDENG, NAME + "不良贷款转让公告", dt.date(2023, 10, 20), sha256="a" * 64)
R_DOC = DocumentRef(YINDENG, NAME + "不良贷款转让结果公告", dt.date(2023, 12, 11), sha256="b" * 64)


def listing(auction: dt.date, *, title: str = NAME, principal: str = "252846432.87", doc: DocumentRef = L_DOC) -> Listing:
    return Listing(
        title=title, seller_zh="河北银行股份有限公司", branch="", base_date=dt.date(2023, 9, 23), loans=83, borrowers=74,
        overdue_days=Decimal("1608.52"), principal=Decimal(principal), interest=Decimal("327762388.02"),
        total=Decimal(principal) + Decimal("327762388.02"), starting_price=Decimal("14100000.00"), auction_date=auction,
        classification={"损失": 57, "可疑": 15, "次级": 11}, guarantee={"保证": 55, "信用": 28}, litigation={"未诉": 83},
        registration_deadline=dt.datetime(2023, 12, 19, 17, 0), doc=doc,
    )


def result(signed: dt.date | None, *, project_id: str = "NPL2023003560", title: str = NAME) -> Result:
    return Result(title=title, project_id=project_id, seller_zh="河北银行股份有限公司", branch="",
                  buyer_zh="天津滨海正信资产管理有限公司", signed_date=signed, doc=R_DOC)


def ids(m) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in m.rows}


def test_amounts_are_exact_decimals_and_fields_as_printed():
    m = merge([], [listing(dt.date(2023, 11, 2))], [])
    (row,) = m.rows
    assert yi(Decimal("252846432.87")) == "2.5284643287"
    assert (row["principal_yi"], row["starting_price_yi"], row["overdue_days"]) == ("2.5284643287", "0.141", "1608.52")
    assert row["classification"] == "损失 57;可疑 15;次级 11" and row["guarantee"] == "保证 55;信用 28"
    assert row["registration_deadline"] == "2023-12-19 17:00" and row["status"] == "listed"
    assert row["source"] == L_DOC.citation() and row["id"].startswith("yd-L-") and len(row["id"]) == 15
    assert m.added == [row["id"]]


def test_same_documents_twice_change_nothing():
    docs = ([listing(dt.date(2023, 11, 2))], [result(dt.date(2023, 11, 24))])
    first = merge([], *docs)
    again = merge(first.rows, *docs)
    assert again.rows == first.rows and not again.added and not again.updated and not again.removed
    assert again.unchanged == [r["id"] for r in first.rows]


def test_default_ids_are_stable_across_desks():
    a = merge([], [listing(dt.date(2023, 11, 2))], [result(dt.date(2023, 11, 24))])
    b = merge([], [listing(dt.date(2023, 11, 2))], [result(dt.date(2023, 11, 24))])
    assert [r["id"] for r in a.rows] == [r["id"] for r in b.rows]


def test_result_joins_the_latest_relisting_before_its_signing():
    first = listing(dt.date(2023, 10, 20))
    relist = listing(dt.date(2023, 11, 2), title=NAME + "（重新挂牌）")
    later = listing(dt.date(2023, 12, 20), title=NAME + "（重新挂牌）")
    m = merge([], [first, relist, later], [result(dt.date(2023, 11, 24))])
    rows = sorted(m.rows, key=lambda r: r["date"])
    assert [r["status"] for r in rows] == ["listed", "signed", "listed"]
    assert rows[1]["project_id"] == "NPL2023003560" and rows[1]["signed_date"] == "2023-11-24"
    assert any("relisting of 2023-11-02" in n for n in m.notes)
    assert base_name(NAME + "（重新挂牌）") == base_name(NAME)


def test_a_result_before_its_listing_folds_in_when_the_listing_arrives():
    alone = merge([], [], [result(dt.date(2023, 11, 24))])
    (r_row,) = alone.rows
    assert r_row["id"].startswith("yd-R-") and r_row["date"] == "2023-11-24" and r_row["status"] == "signed"
    folded = merge(alone.rows, [listing(dt.date(2023, 11, 2))], [])
    assert folded.removed == [r_row["id"]] and len(folded.added) == 1
    (row,) = folded.rows
    assert row["status"] == "signed" and row["source"] == f"{L_DOC.citation()} ; {R_DOC.citation()}"
    # ... and the order documents arrive in does not matter.
    together = merge([], [listing(dt.date(2023, 11, 2))], [result(dt.date(2023, 11, 24))])
    assert folded.rows == together.rows


def test_a_later_relisting_takes_the_result_from_an_earlier_listing():
    step1 = merge([], [listing(dt.date(2023, 10, 20))], [result(dt.date(2023, 11, 24))])
    step2 = merge(step1.rows, [listing(dt.date(2023, 11, 2), title=NAME + "（重新挂牌）")], [])
    together = merge([], [listing(dt.date(2023, 10, 20)), listing(dt.date(2023, 11, 2), title=NAME + "（重新挂牌）")],
                     [result(dt.date(2023, 11, 24))])
    assert sorted(step2.rows, key=lambda r: r["id"]) == sorted(together.rows, key=lambda r: r["id"])
    assert any("moved from listing" in n for n in step2.notes)


def test_equal_fields_only_add_a_citation_and_a_correction_replaces_fields():
    base = merge([], [listing(dt.date(2023, 11, 2))], [])
    other = DocumentRef(YINDENG, L_DOC.title, L_DOC.date, sha256="c" * 64, url="https://example.org/a.pdf")
    same = merge(base.rows, [listing(dt.date(2023, 11, 2), doc=other)], [])
    (row,) = same.rows
    assert same.updated == [row["id"]] and row["source"] == f"{L_DOC.citation()} ; {other.citation()}"
    fixed = merge(base.rows, [listing(dt.date(2023, 11, 2), principal="252846433.87", doc=other)], [])
    (row2,) = fixed.rows
    assert row2["id"] == row["id"] and row2["principal_yi"] == "2.5284643387" and row2["source"] == other.citation()
    assert any("corrected" in n for n in fixed.notes)


def test_other_rows_pass_through_and_no_contact_details_reach_a_row():
    seed = {"id": "seed-x", "date": "2025-11-13", "title": "x", "source": "s"}
    m = merge([seed], [listing(dt.date(2023, 11, 2))], [result(dt.date(2023, 11, 24))])
    assert m.rows[0]["id"] == "seed-x" and m.rows[0]["title"] == "x"
    text = repr(m.rows)
    assert "联系" not in text and "@" not in text


def test_result_without_signing_date_or_listing_is_refused():
    from npl_tui.ingest.records import IngestError

    with pytest.raises(IngestError, match="no signing date"):
        merge([], [], [result(None)])


def test_compiled_spreadsheets_read_into_records():
    listings, results = read_compiled(SOURCES / "yindeng_2023_listings.csv", SOURCES / "yindeng_2023_results.csv")
    assert len(listings) == 459 and len(results) == 147
    n, first = listings[0]
    assert n == 1 and first.principal == Decimal("9652888.39") and first.auction_date == dt.date(2023, 1, 20)
    assert first.registration_deadline == dt.datetime(2023, 1, 13, 15, 0)
    by_n = dict(listings)
    assert by_n[335].guarantee == {"信用": 1535, "保证": 2659, "其他": 723}  # printed '2659（另有其他723）'
    assert by_n[14].sold and by_n[14].buyer_zh == "辽宁富安金融资产管理有限公司"
    assert dict(results)[88].signed_date == dt.date(2023, 4, 10)
    assert replace(first, title="x").title == "x"


def test_breakdowns_printed_in_another_order_are_the_same_figures():
    base = merge([], [listing(dt.date(2023, 11, 2))], [])
    pdf = DocumentRef(YINDENG, L_DOC.title, L_DOC.date, sha256="d" * 64)
    reordered = replace(listing(dt.date(2023, 11, 2), doc=pdf), classification={"次级": 11, "可疑": 15, "损失": 57})
    m = merge(base.rows, [reordered], [])
    (row,) = m.rows
    assert row["classification"] == "损失 57;可疑 15;次级 11"  # the row's text stays
    assert row["source"] == f"{L_DOC.citation()} ; {pdf.citation()}" and not any("corrected" in n for n in m.notes)
