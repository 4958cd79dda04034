"""What the user has seen: new and revised rows survive refreshes and restarts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from types import MappingProxyType

import pytest

from npl_tui.core import seen
from npl_tui.core.schema import TABLES
from npl_tui.core.seen import (
    changes,
    ensure_baseline,
    feed_identity,
    load_state,
    mark_all_seen,
    mark_seen,
    state_path,
)
from npl_tui.core.snapshot import Snapshot, Table

FEED = "https://feeds.example/npl/"
HEADLINE = "ratio-2025Q4-all-npl_ratio_pct"


def edited(snapshot: Snapshot, table: str, *, drop=(), change=None, add=()) -> Snapshot:
    """*snapshot* with rows of *table* dropped (by id), changed ({id: {col: value}}) or added."""
    change = change or {}
    rows = [MappingProxyType({**r, **change.get(r["id"], {})}) for r in snapshot[table].rows if r["id"] not in drop]
    rows += [MappingProxyType(dict(r)) for r in add]
    tables = dict(snapshot.tables)
    tables[table] = Table(TABLES[table], tuple(rows))
    return dataclasses.replace(snapshot, tables=MappingProxyType(tables))


def restart(tmp_path, feed=FEED):
    state, notice = load_state(feed, root=tmp_path)
    assert notice is None
    return state


def test_first_start_takes_everything_as_seen(tmp_path, shipped_snapshot):
    state, notice = load_state(FEED, root=tmp_path)
    assert notice is None and not state.knows("announcements")
    assert len(changes(shipped_snapshot, state)) == 0  # nothing to compare with: nothing is new
    assert ensure_baseline(state, shipped_snapshot) is None
    assert state_path(FEED, tmp_path).is_file()
    state = restart(tmp_path)
    assert all(state.knows(name) for name in TABLES)
    assert len(changes(shipped_snapshot, state)) == 0


def test_a_row_added_while_closed_is_new_until_marked_seen(tmp_path, shipped_snapshot):
    newest = shipped_snapshot.announcements.rows[-1]
    before = edited(shipped_snapshot, "announcements", drop={newest["id"]})
    ensure_baseline(load_state(FEED, root=tmp_path)[0], before)

    for _restart in range(2):  # stays new across restarts while not seen
        found = changes(shipped_snapshot, restart(tmp_path))
        assert [(c.table, c.kind, c.id) for c in found] == [("announcements", "new", newest["id"])]
        assert found.ids("announcements", "new") == {newest["id"]}

    state = restart(tmp_path)
    assert mark_seen(state, changes(shipped_snapshot, state)) is None
    assert len(changes(shipped_snapshot, restart(tmp_path))) == 0


def test_a_revised_ratio_shows_old_and_new_with_both_dates_and_sources(tmp_path, shipped_snapshot):
    ensure_baseline(load_state(FEED, root=tmp_path)[0], shipped_snapshot)
    old = next(r for r in shipped_snapshot.ratios if r["id"] == HEADLINE)
    revised = edited(shipped_snapshot, "ratios", change={HEADLINE: {"value": 1.62, "as_of": dt.date(2026, 3, 31), "source": "NFRA revision"}})
    found = changes(revised, restart(tmp_path))
    assert len(found) == 1
    change = found.items[0]
    assert (change.table, change.kind, change.key) == ("ratios", "revised", "2025Q4\x1fall\x1fnpl_ratio_pct")
    assert [(r.column, r.old, r.new) for r in change.revisions] == [("value", old["value"], 1.62)]
    assert change.seen_as_of == old["as_of"].isoformat() and change.seen_source == old["source"]
    assert change.as_of == "2026-03-31" and change.source == "NFRA revision"
    assert change.old_known


def test_a_renumbered_row_is_the_same_fact(tmp_path, shipped_snapshot):
    """Ratios are remembered by (period, bank_type, metric), not by id."""
    ensure_baseline(load_state(FEED, root=tmp_path)[0], shipped_snapshot)
    renumbered = edited(shipped_snapshot, "ratios", change={HEADLINE: {"id": "r-000001"}})
    assert len(changes(renumbered, restart(tmp_path))) == 0


def test_text_edits_are_not_revisions(tmp_path, shipped_snapshot):
    ensure_baseline(load_state(FEED, root=tmp_path)[0], shipped_snapshot)
    rid = shipped_snapshot.announcements.rows[0]["id"]
    edits = edited(shipped_snapshot, "announcements", change={rid: {"note": "typo fixed", "source": "another citation", "title": "标题"}})
    assert len(changes(edits, restart(tmp_path))) == 0
    status = "withdrawn" if shipped_snapshot.announcements.rows[0]["status"] != "withdrawn" else "failed"
    signed = edited(shipped_snapshot, "announcements", change={rid: {"status": status}})
    (change,) = changes(signed, restart(tmp_path)).items
    assert change.kind == "revised" and [r.column for r in change.revisions] == ["status"]


def test_mark_seen_takes_rows_too_and_leaves_the_others(tmp_path, shipped_snapshot):
    rows = shipped_snapshot.announcements.rows
    before = edited(shipped_snapshot, "announcements", drop={rows[-1]["id"], rows[-2]["id"]})
    state = load_state(FEED, root=tmp_path)[0]
    ensure_baseline(state, before)
    mark_seen(state, [("announcements", rows[-1])])
    assert [c.id for c in changes(shipped_snapshot, restart(tmp_path))] == [rows[-2]["id"]]


def test_mark_all_seen_forgets_rows_that_left(tmp_path, shipped_snapshot):
    rid = shipped_snapshot.announcements.rows[0]["id"]
    state = load_state(FEED, root=tmp_path)[0]
    ensure_baseline(state, shipped_snapshot)
    mark_all_seen(state, edited(shipped_snapshot, "announcements", drop={rid}))
    back = changes(shipped_snapshot, restart(tmp_path))
    assert [(c.kind, c.id) for c in back] == [("new", rid)]


def test_a_table_first_met_later_gets_its_own_baseline(tmp_path, shipped_snapshot):
    state = load_state(FEED, root=tmp_path)[0]
    ensure_baseline(state, shipped_snapshot)
    del state.tables["provinces"]  # as if the feed had just started publishing it
    state.dirty = True
    rid = shipped_snapshot.announcements.rows[0]["id"]
    later = edited(shipped_snapshot, "announcements", change={rid: {"principal_yi": 99.0}})
    assert [c.table for c in changes(later, state)] == ["announcements"]
    ensure_baseline(state, later)
    assert state.knows("provinces")
    assert [c.table for c in changes(later, restart(tmp_path))] == ["announcements"]  # not re-based


def test_changes_come_grouped_by_table_in_the_formats_order(tmp_path, shipped_snapshot):
    ensure_baseline(load_state(FEED, root=tmp_path)[0], shipped_snapshot)
    did = shipped_snapshot.discount_rates.rows[0]["id"]
    aid = shipped_snapshot.announcements.rows[3]["id"]
    snap = edited(edited(shipped_snapshot, "discount_rates", change={did: {"value_pct": 1.0}}), "announcements", change={aid: {"loans": 7}})
    snap = edited(snap, "ratios", change={HEADLINE: {"value": 9.9}})
    found = changes(snap, restart(tmp_path))
    assert list(found.by_table()) == ["ratios", "announcements", "discount_rates"]
    assert found.count("revised") == 3 and found.count("new") == 0


def test_a_repeated_natural_key_is_told_apart_by_id(tmp_path, shipped_snapshot):
    twin = {**shipped_snapshot.ratios.rows[0], "id": "twin"}
    snap = edited(shipped_snapshot, "ratios", add=[twin])
    ensure_baseline(load_state(FEED, root=tmp_path)[0], snap)
    state = restart(tmp_path)
    assert len(changes(snap, state)) == 0
    moved = edited(snap, "ratios", change={"twin": {"value": 42.0}})
    (change,) = changes(moved, state).items
    assert change.id == "twin" and change.key.endswith("#twin")


# ------------------------------------------------------------------ on disk


def test_one_file_per_feed_keyed_without_secrets(tmp_path, shipped_snapshot):
    secret = "https://user:hunter2@feeds.example/npl/?token=abc123"
    state = load_state(secret, root=tmp_path)[0]
    ensure_baseline(state, shipped_snapshot)
    text = state.path.read_text("utf-8")
    assert "hunter2" not in text and "abc123" not in text and state.path.name != secret
    assert feed_identity(secret) == "https://user:***@feeds.example/npl/?token=***"
    snapshot_dir = tmp_path / "snap"
    assert state_path(snapshot_dir, tmp_path) == state_path(str(snapshot_dir / "." ), tmp_path)
    assert state_path(FEED, tmp_path) != state.path


def test_the_default_directory_is_the_users_state_directory(shipped_snapshot):
    state, _ = load_state(FEED)
    assert str(state.path).startswith(os.environ["XDG_STATE_HOME"])


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe", b"[]", b'{"format": 99}', b'{"format": 1, "feed": "https://other.example/", "tables": {}}',
     b'{"format": 1, "feed": "https://feeds.example/npl/", "tables": {"ratios": {"rows": {"k": [1]}}}}',
     b'{"format": 1, "feed": "https://feeds.example/npl/", "tables": {"ratios": {"digests": "!!", "count": 1}}}'],
)
def test_a_corrupt_state_is_set_aside_with_one_line_and_the_other_feeds_kept(tmp_path, shipped_snapshot, content):
    other = load_state("https://other.example/feed/", root=tmp_path)[0]
    ensure_baseline(other, shipped_snapshot)
    other_bytes = other.path.read_bytes()
    path = state_path(FEED, tmp_path)
    path.write_bytes(content)

    state, notice = load_state(FEED, root=tmp_path)
    assert notice is not None and "\n" not in notice and str(path) in notice and "set aside" in notice
    aside = [p for p in tmp_path.iterdir() if p.name.startswith(path.name + ".corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content  # kept for a look, not lost
    assert not path.exists() and not state.tables
    assert other.path.read_bytes() == other_bytes
    assert load_state("https://other.example/feed/", root=tmp_path)[0].knows("ratios")
    ensure_baseline(state, shipped_snapshot)  # starts afresh
    assert restart(tmp_path).knows("ratios")


def test_a_state_that_cannot_be_saved_is_a_notice_not_a_crash(tmp_path, shipped_snapshot):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    state, _ = load_state(FEED, root=blocker / "seen")
    notice = ensure_baseline(state, shipped_snapshot)
    assert notice is not None and "\n" not in notice and "could not be saved" in notice
    assert state.dirty and state.knows("ratios")  # kept in memory; saved next time


# ------------------------------------------------------------------ big tables


def _big_table(n: int, principal: float = 1.0) -> Table:
    base = {c.name: None for c in TABLES["announcements"].columns}
    rows = tuple(
        MappingProxyType({**base, "id": f"lot-{i}", "as_of": dt.date(2026, 1, 1), "source": "s", "principal_yi": principal, "status": "listed"})
        for i in range(n)
    )
    return Table(TABLES["announcements"], rows)


def test_a_big_table_is_kept_as_digests_and_still_shows_new_and_revised(tmp_path, shipped_snapshot, monkeypatch):
    monkeypatch.setattr(seen, "DIGEST_ROWS", 100)
    tables = dict(shipped_snapshot.tables)
    tables["announcements"] = _big_table(500)
    snap = dataclasses.replace(shipped_snapshot, tables=MappingProxyType(tables))
    state = load_state(FEED, root=tmp_path)[0]
    ensure_baseline(state, snap)
    record = json.loads(state.path.read_text("utf-8"))["tables"]["announcements"]
    assert set(record) == {"digests", "count"} and record["count"] == 500

    rows = list(snap.announcements.rows)
    rows[10] = MappingProxyType({**rows[10], "principal_yi": 2.0})
    rows.append(MappingProxyType({**rows[0], "id": "lot-new"}))
    tables["announcements"] = Table(TABLES["announcements"], tuple(rows))
    later = dataclasses.replace(snap, tables=MappingProxyType(tables))
    found = changes(later, restart(tmp_path))
    assert [(c.kind, c.id, c.old_known) for c in found] == [("revised", "lot-10", False), ("new", "lot-new", True)]
    state = restart(tmp_path)
    mark_seen(state, found.items[:1])
    assert [c.id for c in changes(later, restart(tmp_path))] == ["lot-new"]


def test_a_table_past_the_threshold_costs_about_sixteen_bytes_a_row(tmp_path, shipped_snapshot):
    n = seen.DIGEST_ROWS + 5000
    tables = dict(shipped_snapshot.tables)
    tables["announcements"] = _big_table(n)
    snap = dataclasses.replace(shipped_snapshot, tables=MappingProxyType(tables))
    state = load_state(FEED, root=tmp_path)[0]
    ensure_baseline(state, snap)
    assert state.path.stat().st_size < n * 16 * 4 / 3 + 200_000  # base64 digests, plus the small tables
    assert len(changes(snap, restart(tmp_path))) == 0


def test_text_read_back_from_the_state_file_is_cleaned(tmp_path, shipped_snapshot):
    state = load_state(FEED, root=tmp_path)[0]
    ensure_baseline(state, shipped_snapshot)
    doc = json.loads(state.path.read_text("utf-8"))
    key = "2025Q4\x1fall\x1fnpl_ratio_pct"
    doc["tables"]["ratios"]["rows"][key][1:] = ["2026-01-01\x1b[2J", "evil\x1b]0;title\x07 source"]
    doc["tables"]["ratios"]["rows"][key][0][1] = "~\x1b[31m"
    state.path.write_text(json.dumps(doc), "utf-8")
    (change,) = changes(shipped_snapshot, restart(tmp_path)).items
    assert change.seen_source == "evil]0;title source" and change.seen_as_of == "2026-01-01[2J"
    assert [(r.column, r.old) for r in change.revisions] == [("qualifier", "~[31m")]
