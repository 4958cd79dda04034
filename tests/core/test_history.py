"""History: the verified snapshots the monitor has seen, bounded, replayable, comparable."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time

import pytest
from feed_fixtures import snapshot_files, write_snapshot_dir

from npl_tui.core.cache import FeedCache
from npl_tui.core.diff import describe_changes, diff_snapshots
from npl_tui.core.history import ENTRY_FILE, History, HistoryError, diff_entries
from npl_tui.core.snapshot import MANIFEST_NAME, parse_manifest, read_snapshot_dir

URL = "https://feeds.example/npl/"
UTC = dt.timezone.utc


def day(n: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 11, n, hour, tzinfo=UTC)


def snap_dir(tmp_path, ratio: float, generated: str = "2026-10-31T00:00:00Z"):
    return write_snapshot_dir(tmp_path / f"src-{ratio}-{generated[:10]}", ratio=ratio, generated_at=generated)


@pytest.fixture
def history(tmp_path):
    return History(tmp_path / "history")


def test_construction_touches_no_disk(tmp_path):
    History(tmp_path / "h")
    assert not (tmp_path / "h").exists()
    assert str(History().root).startswith(os.environ["XDG_CACHE_HOME"])


def test_a_snapshot_is_kept_once_by_its_content(tmp_path, history):
    source = snap_dir(tmp_path, 1.5)
    entry = history.record(source, feed=URL, seen_at=day(1))
    fingerprint = read_snapshot_dir(source).fingerprint
    assert entry is not None and entry.id == fingerprint and entry.path == history.root / fingerprint
    assert entry.generated_at == "2026-10-31T00:00:00Z" and entry.seen_at == day(1)
    again = history.record(source, feed=URL, seen_at=day(2))
    assert again is not None and again.seen_at == day(1)  # first seen is kept
    other = history.record(dict([(MANIFEST_NAME, (source / MANIFEST_NAME).read_bytes()), *((p.name, p.read_bytes()) for p in source.glob("*.csv"))]),
                           feed="https://mirror.example/npl/?token=s3cret", seen_at=day(3))
    assert other is not None and [f for f, _ in other.feeds] == [URL, "https://mirror.example/npl/?token=***"]
    assert [e.id for e in history.entries()] == [fingerprint] and history.take_notices() == []
    assert "s3cret" not in (entry.path / ENTRY_FILE).read_text("utf-8")


def test_files_that_do_not_match_their_manifest_are_not_kept(tmp_path, history):
    source = snap_dir(tmp_path, 1.5)
    (source / "ratios.csv").write_bytes(b"id\n")
    assert history.record(source, feed=URL) is None
    (notice,) = history.take_notices()
    assert notice == f"{source}: not kept in history: ratios.csv does not match its manifest"
    assert history.entries() == []


def test_as_of_is_what_the_monitor_knew_then(tmp_path, history, utc):
    a = history.record(snap_dir(tmp_path, 1.5, "2026-10-31T00:00:00Z"), feed=URL, seen_at=day(1))
    b = history.record(snap_dir(tmp_path, 1.6, "2026-11-02T00:00:00Z"), feed=URL, seen_at=day(3))
    c = history.record(snap_dir(tmp_path, 1.7, "2026-11-04T00:00:00Z"), feed="/srv/other", seen_at=day(5))
    assert history.as_of(dt.date(2026, 10, 31)) is None
    assert history.as_of("2026-11-01") == a and history.as_of(dt.date(2026, 11, 2)) == a
    assert history.as_of("2026-11-03") == b and history.as_of(day(3, 11)) == a
    assert history.as_of("2026-11-30") == c and history.as_of("2026-11-30", feed=URL) == b
    assert b is not None and b.generated == dt.datetime(2026, 11, 2, tzinfo=UTC)
    with pytest.raises(HistoryError, match="'soon' is not a date YYYY-MM-DD"):
        history.as_of("soon")


def test_a_loaded_entry_is_marked_as_history(tmp_path, history):
    entry = history.record(snap_dir(tmp_path, 1.5), feed=URL, seen_at=day(1))
    assert entry is not None
    snapshot = history.load(entry)
    assert snapshot.origin.kind == "history" and snapshot.origin.location == URL and snapshot.origin.fetched_at == day(1)
    assert snapshot.ratios.rows[0]["value"] == 1.5


def test_a_damaged_entry_is_set_aside_and_the_others_kept(tmp_path, history):
    good = history.record(snap_dir(tmp_path, 1.5), feed=URL, seen_at=day(1))
    bad = history.record(snap_dir(tmp_path, 1.6), feed=URL, seen_at=day(2))
    assert good is not None and bad is not None
    (bad.path / "ratios.csv").write_bytes(b"tampered")
    with pytest.raises(HistoryError) as caught:
        history.load(bad)
    message = str(caught.value)
    assert message.startswith(f"history entry {bad.id} is damaged and was set aside: ") and "\n" not in message
    (notice,) = history.take_notices()
    assert notice.startswith(f"{bad.path}: history entry damaged (") and "set aside as " + bad.id + ".corrupt-" in notice
    assert [e.id for e in history.entries()] == [good.id]
    assert any(p.name.startswith(bad.id + ".corrupt-") for p in history.root.iterdir())


@pytest.mark.parametrize("damage", ["delete", "garbage", "wrong-id"])
def test_an_unreadable_entry_file_is_set_aside_when_listing(tmp_path, history, damage):
    entry = history.record(snap_dir(tmp_path, 1.5), feed=URL, seen_at=day(1))
    assert entry is not None
    target = entry.path / ENTRY_FILE
    if damage == "delete":
        target.unlink()
    elif damage == "garbage":
        target.write_bytes(b"\x00{")
    else:
        doc = json.loads(target.read_text("utf-8"))
        target.write_text(json.dumps({**doc, "id": "0" * 16}), "utf-8")
    assert history.entries() == []
    (notice,) = history.take_notices()
    assert "\n" not in notice and "set aside" in notice
    assert history.record(snap_dir(tmp_path, 1.5), feed=URL) is not None  # kept afresh


def test_the_history_is_bounded_oldest_first(tmp_path):
    history = History(tmp_path / "h", max_entries=3)
    ids = [history.record(snap_dir(tmp_path, 1.0 + i / 10), feed=URL, seen_at=day(1 + i)).id for i in range(5)]  # type: ignore[union-attr]
    assert [e.id for e in history.entries()] == ids[2:]
    size = history.entries()[0].size
    small = History(tmp_path / "h", max_entries=30, max_bytes=2 * size + size // 2)
    small.record(snap_dir(tmp_path, 2.5), feed=URL, seen_at=day(20))
    assert len(small.entries()) == 2


def test_stale_temporary_entries_are_collected(tmp_path, history):
    history.root.mkdir(parents=True)
    stale = history.root / ".tmp-crashed"
    stale.mkdir()
    old = time.time() - 7200
    os.utime(stale, (old, old))
    fresh = history.root / ".tmp-writing"
    fresh.mkdir()
    history.record(snap_dir(tmp_path, 1.5), feed=URL)
    assert not stale.exists() and fresh.exists()


# ------------------------------------------------------------------ resolving and diffing


def test_diff_prints_what_fetch_prints(tmp_path, history, utc):
    a_dir, b_dir = snap_dir(tmp_path, 1.5), snap_dir(tmp_path, 1.62, "2026-11-02T00:00:00Z")
    history.record(a_dir, feed=URL, seen_at=day(1))
    b = history.record(b_dir, feed=URL, seen_at=day(3))
    assert b is not None
    expected = describe_changes(diff_snapshots(read_snapshot_dir(a_dir), read_snapshot_dir(b_dir)))
    assert expected == ["ratios: +0 added, -0 removed, 1 changed", "  r1: value 1.5 -> 1.62"]
    by_date = diff_entries("2026-11-01", "2026-11-03", history)
    assert by_date.lines() == expected
    assert by_date.a.startswith("2026-11-01: ") and b.id in by_date.b
    assert diff_entries(str(a_dir), b.id[:6], history).lines() == expected
    assert diff_entries("2026-11-03", "2026-11-03", history).lines() == ["no changes"]


@pytest.mark.parametrize(("spec", "message"), [
    ("2026-10-01", "A (2026-10-01): no snapshot in history on or before 2026-10-01 (the oldest is from 2026-11-01)"),
    ("ffff", "A (ffff): no history entry ffff in "),
    ("next week", "A (next week): 'next week' is not a date (YYYY-MM-DD), a history entry id or a snapshot directory"),
    ("/nonexistent/dir", "A (/nonexistent/dir): '/nonexistent/dir' is not a date (YYYY-MM-DD), a history entry id or a snapshot directory"),
])
def test_a_side_that_cannot_be_resolved_is_one_line(tmp_path, history, spec, message, utc):
    history.record(snap_dir(tmp_path, 1.5), feed=URL, seen_at=day(1))
    with pytest.raises(HistoryError) as caught:
        diff_entries(spec, "2026-11-02", history)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_an_id_prefix_must_name_one_entry(tmp_path, history):
    entry = history.record(snap_dir(tmp_path, 1.5), feed=URL)
    assert entry is not None
    for twin in ("abcd000000000001", "abcd000000000002"):
        shutil.copytree(entry.path, history.root / twin)
        doc = json.loads((history.root / twin / ENTRY_FILE).read_text("utf-8"))
        (history.root / twin / ENTRY_FILE).write_text(json.dumps({**doc, "id": twin}), "utf-8")
    assert history.find("abcd000000000002").id == "abcd000000000002"
    with pytest.raises(HistoryError, match="^history entry abcd is ambiguous: abcd000000000001, abcd000000000002$"):
        history.find("ABCD")
    with pytest.raises(HistoryError, match="is not a history entry id"):
        history.find("abc")


# ------------------------------------------------------------------ the cache's hook


def test_each_new_snapshot_committed_to_the_cache_is_kept(tmp_path):
    history = History(tmp_path / "h")
    cache = FeedCache(tmp_path / "c", history=history)
    manifest, files = snapshot_files(1.5)
    final = cache.commit(URL, manifest, files, fetched_at=day(1))
    cache.commit(URL, manifest, files, fetched_at=day(2))  # the same content again: no new entry
    (entry,) = history.entries()
    assert entry.id == parse_manifest(manifest).fingerprint and entry.seen_at == day(1) and entry.feeds[0][0] == URL
    if hasattr(os, "link"):
        assert os.path.samefile(entry.path / "ratios.csv", final / "ratios.csv")  # hard-linked, not copied
    cache.commit(URL, *snapshot_files(1.6, generated_at="2025-02-28T00:00:00Z"), fetched_at=day(3))
    assert len(history.entries()) == 2
    shutil.rmtree(tmp_path / "c")  # the cache dropping its copy leaves the history whole
    assert history.load(history.entries()[0]).ratios.rows[0]["value"] == 1.5


def test_only_the_users_cache_keeps_history_by_default(tmp_path):
    assert FeedCache().history is not None and str(FeedCache().history.root).startswith(os.environ["XDG_CACHE_HOME"])  # type: ignore[union-attr]
    scratch = FeedCache(tmp_path / "scratch")
    assert scratch.history is None
    scratch.commit(URL, *snapshot_files(1.5))
    assert not (tmp_path / "history").exists()


def test_a_history_that_cannot_be_written_never_fails_a_commit(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    history = History(blocker / "history")
    cache = FeedCache(tmp_path / "c", history=history)
    final = cache.commit(URL, *snapshot_files(1.5))
    assert final.is_dir() and cache.load_current(URL) is not None
    (notice,) = history.take_notices()
    assert notice.startswith(f"{final}: not kept in history: ") and "\n" not in notice


def test_a_snapshot_kept_already_is_not_read_again(tmp_path, history):
    source = snap_dir(tmp_path, 1.5)
    first = history.record(source, feed=URL, seen_at=day(1))
    (source / "announcements.csv").unlink()  # were it read, it would not verify
    assert history.record(source, feed=URL, seen_at=day(2)) == first and history.take_notices() == []


def test_text_from_an_entry_file_is_cleaned(tmp_path, history):
    entry = history.record(snap_dir(tmp_path, 1.5), feed=URL, seen_at=day(1))
    assert entry is not None
    doc = json.loads((entry.path / ENTRY_FILE).read_text("utf-8"))
    doc["title"] = "feed\x1b[2J title"
    doc["feeds"] = {"https://x.example/\x1b]0;pwned\x07": doc["feeds"][URL]}
    (entry.path / ENTRY_FILE).write_text(json.dumps(doc), "utf-8")
    (again,) = history.entries()
    assert again.title == "feed[2J title" and again.feeds[0][0] == "https://x.example/]0;pwned"


# ------------------------------------------------------------------ for the monitor (--as-of, h)


def test_an_entry_is_named_by_a_day_or_an_id(tmp_path, history, utc):
    a = history.record(snap_dir(tmp_path, 1.5), feed=URL, seen_at=day(1))
    b = history.record(snap_dir(tmp_path, 1.62), feed=URL, seen_at=day(3))
    assert a is not None and b is not None
    assert history.entry("2026-11-02") == a and history.entry("2026-11-03") == b and history.entry(b.id[:5]) == b
    with pytest.raises(HistoryError, match=r"^no snapshot in history on or before 2026-10-31 \(the oldest is from 2026-11-01\)$"):
        history.entry("2026-10-31")
    with pytest.raises(HistoryError, match="is not a date"):
        history.entry("./2026-11-01")


def test_a_past_snapshot_for_the_monitor_says_the_day_asked_and_is_checked_against_trust(tmp_path, history, utc):
    from npl_tui.cli import main
    from npl_tui.core.history import load_past
    from npl_tui.core.signing import generate_keypair, load_public_key
    from npl_tui.core.snapshot import DataError

    signed = snap_dir(tmp_path, 1.5)
    _private, public, _id = generate_keypair(tmp_path / "k")
    _other_private, other, _other_id = generate_keypair(tmp_path / "other")
    assert main(["build", str(signed), "--sign", str(tmp_path / "k")]) == 0
    entry = history.record(signed, feed=URL, seen_at=day(1))
    assert entry is not None
    snapshot, notices = load_past("2026-11-05", trust=(load_public_key(public),), history=history)
    assert notices == [] and snapshot.fingerprint == entry.id
    assert snapshot.origin == type(snapshot.origin)("history", URL, day(1), dt.date(2026, 11, 5))
    by_id, _ = load_past(entry.id, history=history)
    assert by_id.origin.day is None and by_id.origin.kind == "history"
    with pytest.raises(DataError, match=f"^history entry {entry.id}: is signed by key .*, which is not trusted"):
        load_past(entry.id, trust=(load_public_key(other),), history=history)


async def test_a_past_source_gives_its_snapshot_once(tmp_path, history):
    from npl_tui.core.history import load_past
    from npl_tui.core.sources import PastSource

    entry = history.record(snap_dir(tmp_path, 1.5), feed=URL)
    assert entry is not None
    source = PastSource(load_past(entry.id, history=history)[0])
    assert source.local and (await source.load()) is source.snapshot and await source.load() is None
