"""`npl-tui ingest` from the command line: real PDFs and releases in, a valid snapshot
directory out; the same input twice changes nothing; each bad input one line; nothing
half-written."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

from npl_tui.cli import main
from npl_tui.core.schema import TABLES
from npl_tui.core.snapshot import (
    MANIFEST_NAME,
    Origin,
    make_manifest,
    parse_table,
    read_snapshot_dir,
)
from npl_tui.ingest.records import IngestError
from npl_tui.ingest.snapshot_dir import NEW_SUFFIX, SnapshotDir, table_bytes

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
PDFS = Path(__file__).resolve().parents[1] / "fixtures" / "yindeng_pdf"
HUAXIA = "华夏银行股份有限公司信用卡中心关于2023年第2期信用卡不良贷款转让项目"
HEBEI = "河北银行股份有限公司关于2023年第1期信用卡不良贷款转让项目"
CONTACTS = ("安然", "13693296818", "hxxykzc@126.com", "王钊", "13933860521", "wangzhao@hebbank.com", "方杰", "18513905975", "fangjie5@cmbc.com.cn", "10246000000534318")


def rows(directory: Path, table: str = "announcements") -> list[dict[str, str]]:
    text = (directory / TABLES[table].filename).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def tree(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file() and not p.name.startswith(".")}


def data_copy(tmp_path: Path) -> Path:
    return shutil.copytree(DATA, tmp_path / "feed", ignore=shutil.ignore_patterns("sources"))


def ingest(*args: str) -> int:
    return main(["ingest", *args])


# --------------------------------------------------------------------------- yindeng


def test_four_real_pdfs_into_a_new_directory(tmp_path, capsys):
    feed = tmp_path / "new-feed"
    assert ingest("yindeng", str(PDFS), "--into", str(feed)) == 0
    out = capsys.readouterr().out
    assert "2 listing(s) and 2 result(s) read" in out and "4 added" in out
    snapshot = read_snapshot_dir(feed, Origin("snapshot", str(feed)))  # valid, manifest and all
    assert {t: len(snapshot[t]) for t in TABLES} == {"ratios": 0, "announcements": 4, "provinces": 0, "discount_rates": 0}
    by_title = {r["title"]: r for r in rows(feed)}
    huaxia = by_title[HUAXIA]
    assert huaxia["status"] == "listed" and huaxia["date"] == "2023-12-21"
    assert huaxia["principal_yi"] == "2.5284643287" and huaxia["total_yi"] == "5.8060882089"
    assert huaxia["registration_deadline"] == "2023-12-19 17:00"
    assert huaxia["litigation"] == "未诉 12262;终本执行 14"
    assert huaxia["seller_zh"] == "华夏银行股份有限公司" and huaxia["branch"] == "信用卡中心"
    assert "sha256:5047a466bea059514efa8845f5838c172fa7642fe16ea14a15dabdb118102780" in huaxia["source"]
    assert "2023-12-07" in huaxia["source"] and "不良贷款转让公告" in huaxia["source"]
    hebei = by_title[HEBEI]
    assert hebei["status"] == "signed" and hebei["project_id"] == "NPL2023003560" and hebei["buyer_zh"] == "天津滨海正信资产管理有限公司"
    everything = (feed / "announcements.csv").read_text("utf-8")
    for secret in CONTACTS:
        assert secret not in everything


def test_four_real_pdfs_into_the_shipped_data_equal_the_compiled_rows(tmp_path, capsys):
    feed = data_copy(tmp_path)
    before = {r["id"]: r for r in rows(feed)}
    assert ingest("yindeng", str(PDFS), "--into", str(feed), "--base-url", "https://example.org/yd/") == 0
    capsys.readouterr()
    after = {r["id"]: r for r in rows(feed)}
    assert set(after) == set(before), "a document already in the table is the same project, not a second row"
    changed = {i for i in after if after[i] != before[i]}
    assert len(changed) == 4
    for rid in changed:
        old, new = before[rid], after[rid]
        differing = {c for c in new if new[c] != old[c]}
        assert differing == {"source"}, (rid, {c: (old[c], new[c]) for c in differing})
        assert new["source"].startswith(old["source"]) or old["source"] in new["source"]
        assert "https://example.org/yd/" in new["source"]


def test_the_same_pdfs_twice_change_nothing(tmp_path, capsys):
    feed = data_copy(tmp_path)
    assert ingest("yindeng", str(PDFS), "--into", str(feed)) == 0
    first = tree(feed)
    assert ingest("yindeng", *sorted(str(p) for p in PDFS.glob("*.pdf")), "--into", str(feed)) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert tree(feed) == first


def test_bad_inputs_get_one_line_each_and_the_good_files_still_go_in(tmp_path, capsys):
    import pdf_factory

    incoming = tmp_path / "incoming"
    incoming.mkdir()
    shutil.copy(PDFS / "listing_huaxia_card_2023-2.pdf", incoming)
    (incoming / "page.pdf").write_text("<!doctype html><html><body>Not found</body></html>", "utf-8")
    pdf_factory.encrypted_pdf(incoming / "locked.pdf")
    pdf_factory.scanned_pdf(incoming / "scan.pdf")
    pdf_factory.other_document_pdf(incoming / "minutes.pdf")
    pdf_factory.listing_pdf(incoming / "sums.pdf", interest="1,000.00", total="9,999,999.99")
    feed = tmp_path / "feed"
    code = ingest("yindeng", str(incoming), "--into", str(feed))
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 5, err
    for name in ("page.pdf", "locked.pdf", "scan.pdf", "minutes.pdf", "sums.pdf"):
        (line,) = [e for e in err if name in e]
        assert line.startswith("npl-tui: ") and "Traceback" not in line
    assert "encrypted" in next(e for e in err if "locked.pdf" in e)
    assert "text" in next(e for e in err if "scan.pdf" in e)
    assert "9,999,999.99" in next(e for e in err if "sums.pdf" in e) or "9999999.99" in next(e for e in err if "sums.pdf" in e)
    assert [r["title"] for r in rows(feed)] == [HUAXIA]


def test_a_corrected_republication_replaces_its_row_and_keeps_its_id(tmp_path, capsys):
    import pdf_factory

    feed = tmp_path / "feed"
    first = pdf_factory.listing_pdf(tmp_path / "first.pdf")
    assert ingest("yindeng", str(first), "--into", str(feed)) == 0
    (original,) = rows(feed)
    fixed = pdf_factory.listing_pdf(tmp_path / "fixed.pdf", starting_price="15,000,000.00")
    assert ingest("yindeng", str(fixed), "--into", str(feed)) == 0
    (corrected,) = rows(feed)
    assert corrected["id"] == original["id"]
    assert corrected["starting_price_yi"] == "0.15" != original["starting_price_yi"]
    assert "1 updated" in capsys.readouterr().out


def test_a_result_joins_the_relisting_whose_auction_precedes_the_signing(tmp_path, capsys):
    import pdf_factory

    feed = tmp_path / "feed"
    title = "示例银行股份有限公司关于2023年第9期个人消费类不良贷款转让项目"
    a = pdf_factory.listing_pdf(tmp_path / "a.pdf", title=title, auction_date="2023年10月10日")
    b = pdf_factory.listing_pdf(tmp_path / "b.pdf", title=title + "（重新挂牌）", auction_date="2023年11月20日")
    r = pdf_factory.result_pdf(tmp_path / "r.pdf", title=title, project_id="NPL2023099999", signed_date="2023年11月28日")
    assert ingest("yindeng", str(a), str(b), str(r), "--into", str(feed)) == 0
    by_date = {row["date"]: row for row in rows(feed)}
    assert len(by_date) == 2, "a result is not a third row"
    assert by_date["2023-10-10"]["status"] == "listed"
    assert by_date["2023-11-20"]["status"] == "signed" and by_date["2023-11-20"]["project_id"] == "NPL2023099999"
    assert by_date["2023-11-20"]["signed_date"] == "2023-11-28"


def test_one_url_for_many_files_is_refused(tmp_path, capsys):
    assert ingest("yindeng", str(PDFS), "--into", str(tmp_path / "f"), "--url", "https://example.org/a.pdf") == 1
    assert "--base-url" in capsys.readouterr().err
    assert not (tmp_path / "f").exists() or not any((tmp_path / "f").iterdir())


def test_an_invalid_target_directory_is_left_alone(tmp_path, capsys):
    feed = data_copy(tmp_path)
    (feed / "ratios.csv").write_text("garbage\n", "utf-8")
    before = tree(feed)
    assert ingest("yindeng", str(PDFS), "--into", str(feed)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a valid snapshot" in err
    assert tree(feed) == before


# --------------------------------------------------------------------------- the directory writer


def test_rewriting_the_shipped_tables_gives_back_their_bytes(tmp_path):
    with SnapshotDir(data_copy(tmp_path)) as snap:
        for name in TABLES:
            assert table_bytes(name, snap.rows(name)) == (DATA / TABLES[name].filename).read_bytes(), name
        assert snap.write({name: snap.rows(name) for name in TABLES}) is False


def test_a_crash_after_the_commit_point_is_rolled_forward(tmp_path):
    feed = data_copy(tmp_path)
    new_rows = rows(feed)[:3]
    new_table = table_bytes("announcements", new_rows)
    # The state a crash leaves between the commit file and the renames.
    raw = {n: (feed / TABLES[n].filename).read_bytes() for n in TABLES}
    raw["announcements"] = new_table
    counts = {n: len(parse_table(TABLES[n], raw[n])) for n in TABLES}
    (feed / ("announcements.csv" + NEW_SUFFIX)).write_bytes(new_table)
    (feed / (MANIFEST_NAME + NEW_SUFFIX)).write_bytes(make_manifest(raw, counts, "2026-11-30T00:00:00Z", "t"))
    with SnapshotDir(feed) as snap:
        assert len(snap.rows("announcements")) == 3
    assert not [p for p in feed.iterdir() if p.name.endswith(NEW_SUFFIX)]
    read_snapshot_dir(feed, Origin("snapshot", str(feed)))


def test_a_crash_before_the_commit_point_is_rolled_back(tmp_path):
    feed = data_copy(tmp_path)
    before = tree(feed)
    (feed / ("announcements.csv" + NEW_SUFFIX)).write_bytes(b"half")
    with SnapshotDir(feed):
        pass
    assert tree(feed) == before
    assert not (feed / ("announcements.csv" + NEW_SUFFIX)).exists()


def test_a_second_ingest_waits_for_the_lock(tmp_path):
    feed = data_copy(tmp_path)
    with SnapshotDir(feed), pytest.raises(IngestError, match="another ingest"):
        SnapshotDir(feed, lock_timeout=0.1).open()


def test_csv_files_without_a_manifest_are_not_overwritten(tmp_path, capsys):
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "announcements.csv").write_text("id\n", "utf-8")
    assert ingest("yindeng", str(PDFS), "--into", str(feed)) == 1
    assert "no manifest.json" in capsys.readouterr().err
    assert (feed / "announcements.csv").read_text("utf-8") == "id\n"
    assert sorted(os.listdir(feed)) == [".npl-tui-ingest.lock", "announcements.csv"]


# --------------------------------------------------------------------------- nfra

NFRA = Path(__file__).resolve().parents[1] / "fixtures" / "nfra"


def ratio(directory: Path, rid: str) -> dict[str, str]:
    return next(r for r in rows(directory, "ratios") if r["id"] == rid)


def test_a_release_from_a_url_gives_the_published_figures_and_twice_changes_nothing(tmp_path, capsys):
    from httpserver import FeedServer

    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(NFRA / "2025Q3_myzaker.txt", pages / "release.html")
    feed = tmp_path / "feed"
    with FeedServer(pages) as server:
        url = server.base + "release.html"
        assert ingest("nfra", url, "--into", str(feed)) == 0
        first = tree(feed)
        assert ingest("nfra", url, "--into", str(feed)) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert tree(feed) == first
    assert ratio(feed, "ratio-2025Q3-all-npl_ratio_pct")["value"] == "1.52"
    assert ratio(feed, "ratio-2025Q3-all-npl_balance_yi")["value"] == "35000"
    assert ratio(feed, "ratio-2025Q3-all-provision_coverage_pct")["value"] == "207.15"
    assert url in ratio(feed, "ratio-2025Q3-all-npl_ratio_pct")["source"]


def test_a_release_without_a_period_needs_one(tmp_path, capsys):
    feed = tmp_path / "feed"
    assert ingest("nfra", str(NFRA / "2018Q2_crntt_cn.txt"), "--into", str(feed)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"npl-tui: {NFRA / '2018Q2_crntt_cn.txt'}: no period in the text; pass --period YYYYQn"]
    assert not (feed / "ratios.csv").exists()
    assert ingest("nfra", str(NFRA / "2018Q2_crntt_cn.txt"), "--period", "2018Q2", "--into", str(feed)) == 0
    assert ratio(feed, "ratio-2018Q2-all-npl_ratio_pct")["value"] == "1.86"
    assert ingest("nfra", "x", "--period", "2018-Q2", "--into", str(feed)) == 2


def test_an_unreachable_release_url_is_one_line(tmp_path, capsys):
    assert ingest("nfra", "http://127.0.0.1:9/release.html", "--into", str(tmp_path / "feed")) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("npl-tui: http://127.0.0.1:9/release.html: ")


def test_a_stated_change_that_disagrees_with_the_table_is_a_warning(tmp_path, capsys):
    feed = data_copy(tmp_path)
    assert ingest("nfra", str(NFRA / "2018Q2_crntt_cn.txt"), "--period", "2018Q2", "--into", str(feed)) == 0
    err = capsys.readouterr().err
    assert "npl-tui: warning: 2018Q2 NPL ratio 1.86% is stated as up 0.12 pp on the quarter, but the table has 1.75% for 2018Q1 (implies 1.74%)" in err


# --------------------------------------------------------------------------- signed feeds


def test_ingest_keeps_a_signed_feed_signed(tmp_path, capsys):
    key = tmp_path / "desk.key"
    assert main(["keygen", str(key)]) == 0
    feed = data_copy(tmp_path)
    assert main(["build", str(feed), "--sign", str(key)]) == 0
    before = tree(feed)
    # Without the key, ingest would publish an unsigned manifest every --trust desk refuses.
    assert ingest("yindeng", str(PDFS), "--into", str(feed)) == 1
    assert "is signed" in capsys.readouterr().err
    assert tree(feed) == before
    assert ingest("yindeng", str(PDFS), "--into", str(feed), "--sign", str(key)) == 0
    capsys.readouterr()
    assert main(["validate", str(feed), "--trust", f"{key}.pub"]) == 0
    assert "signed by trusted key" in capsys.readouterr().out


def test_two_publications_within_one_second_are_two_versions_to_a_web_server(tmp_path):
    """Last-Modified and nginx's ETag come from the mtime in whole seconds: a second
    publication in the same second must still look new to a conditional GET."""
    feed = data_copy(tmp_path)
    assert main(["build", str(feed)]) == 0
    first = int((feed / MANIFEST_NAME).stat().st_mtime)
    assert main(["build", str(feed), "--title", "again"]) == 0
    second = int((feed / MANIFEST_NAME).stat().st_mtime)
    assert second > first
    assert ingest("nfra", str(NFRA / "2025Q3_myzaker.txt"), "--into", str(feed)) == 0
    assert int((feed / MANIFEST_NAME).stat().st_mtime) > second
