"""The publishing path end to end, as docs/publishing.md tells a desk's data person:
download → ingest → validate → serve from a real static web server → the monitors on
``--feed`` show the new rows, marked new. Nothing in the monitor is special-cased.

The "publisher" and the desk's web server are both ``python -m http.server`` in their
own processes on 127.0.0.1: the first serves the four real Yindeng PDFs (as if they were
the centre's site), the second serves the feed directory.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from pilot_helpers import Clock, screen_text, settle

from npl_tui.app import NplApp
from npl_tui.cli import main
from npl_tui.core.cache import FeedCache
from npl_tui.core.feed import HttpFeedSource
from npl_tui.widgets.announcement_table import NEW_MARK, AnnouncementTable

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
PDFS = Path(__file__).resolve().parents[1] / "fixtures" / "yindeng_pdf"

#: The four projects the PDFs announce (two listings, two results).
PROJECTS = {
    "华夏银行股份有限公司信用卡中心关于2023年第2期信用卡不良贷款转让项目",
    "甘肃礼县农村商业银行股份有限公司关于2023年第1期个人消费及经营类不良贷款转让项目",
    "河北银行股份有限公司关于2023年第1期信用卡不良贷款转让项目",
    "中国民生银行股份有限公司信用卡中心关于2023年第11期信用卡不良贷款转让项目",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """``python -m http.server`` serving *directory* on loopback, in its own process."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                httpx.get(base, timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the static web server did not start") from None
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _without_projects(feed: Path) -> None:
    """Yesterday's feed: the shipped data without the four projects' rows."""
    path = feed / "announcements.csv"
    text = path.read_text("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    kept = [r for r in reader if r["title"] not in PROJECTS]
    assert len(kept) < len(text.splitlines()) - 1
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=reader.fieldnames or [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    path.write_text(buf.getvalue(), "utf-8")
    assert main(["build", str(feed)]) == 0


def _marked_new(app: NplApp) -> set[str]:
    table = app.screen.query_one(AnnouncementTable)
    return {table._rows[rid]["title"] for rid in table.visible_ids if rid in table.market.unseen_ids}


async def test_download_ingest_validate_serve_and_the_monitor_marks_the_new_rows(tmp_path):
    feed = shutil.copytree(DATA, tmp_path / "feed", ignore=shutil.ignore_patterns("sources"))
    _without_projects(feed)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with static_server(PDFS) as publisher, static_server(feed) as desk_feed:
        # A monitor on the desk is already running on yesterday's feed.
        app = NplApp(HttpFeedSource(desk_feed, FeedCache(tmp_path / "cache")), refresh_seconds=3600, clock=Clock())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            assert not _marked_new(app)
            before = len(app.screen.query_one(AnnouncementTable).visible_ids)

            # 1. download (what a browser or curl does)
            for pdf in sorted(PDFS.glob("*.pdf")):
                resp = await asyncio.to_thread(httpx.get, publisher + pdf.name, timeout=10)
                assert resp.status_code == 200
                (downloads / pdf.name).write_bytes(resp.content)
            # 2. ingest, with the address the PDFs came from (the app holds stdout
            #    while it runs, so the files tell what happened)
            manifest = (feed / "manifest.json").read_bytes()
            code = await asyncio.to_thread(main, ["ingest", "yindeng", str(downloads), "--into", str(feed), "--base-url", publisher])
            assert code == 0
            assert (feed / "manifest.json").read_bytes() != manifest
            assert publisher + "listing_huaxia_card_2023-2.pdf" in (feed / "announcements.csv").read_text("utf-8")
            # 3. validate
            assert await asyncio.to_thread(main, ["validate", str(feed)]) == 0
            assert await asyncio.to_thread(main, ["validate", desk_feed]) == 0
            # 4. the monitor's next refresh shows the new rows, marked new
            await pilot.press("r")
            await settle(app, pilot)
            assert _marked_new(app) == PROJECTS
            table = app.screen.query_one(AnnouncementTable)
            assert len(table.visible_ids) == before + 4
            # and on screen: filter to the Hua Xia package, its row carries the mark
            await pilot.press("slash", *"Hua Xia", "enter")
            await settle(app, pilot)
            shown = [line for line in screen_text(app).splitlines() if "2023-12-21" in line]
            assert shown and NEW_MARK in shown[0], screen_text(app)

            # Publishing the same PDFs again changes nothing: no manifest rewrite, no refetch.
            manifest = (feed / "manifest.json").read_bytes()
            assert await asyncio.to_thread(main, ["ingest", "yindeng", str(downloads), "--into", str(feed), "--base-url", publisher]) == 0
            assert (feed / "manifest.json").read_bytes() == manifest
