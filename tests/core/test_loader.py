"""The loader: the one path from a source to the screen never loses good data."""

from __future__ import annotations

from npl_tui.core.loader import Loader
from npl_tui.core.snapshot import DataError
from npl_tui.core.sources import StaticSource


async def test_failure_keeps_the_last_good_snapshot(shipped_snapshot):
    loader = Loader(StaticSource(shipped_snapshot, DataError("http://x/manifest.json: HTTP 500"), None))
    first = await loader.refresh()
    assert first.snapshot is shipped_snapshot and first.changed and first.error is None
    failed = await loader.refresh()
    assert failed.snapshot is shipped_snapshot and not failed.changed
    assert failed.error == "http://x/manifest.json: HTTP 500"
    quiet = await loader.refresh()
    assert quiet.snapshot is shipped_snapshot and not quiet.changed and quiet.error is None


async def test_a_bug_in_a_source_is_reported_not_raised(shipped_snapshot):
    loader = Loader(StaticSource(shipped_snapshot, KeyError("boom")))
    await loader.refresh()
    result = await loader.refresh()
    assert result.snapshot is shipped_snapshot
    assert "unexpected KeyError" in result.error


async def test_fallback_is_shown_with_the_error_when_the_source_never_worked(shipped_snapshot):
    fallback = StaticSource(shipped_snapshot, label="cache")
    loader = Loader(StaticSource(DataError("feed down"), DataError("still down")), fallback=fallback)
    result = await loader.refresh()
    assert result.snapshot is shipped_snapshot and result.changed and result.error == "feed down"
    again = await loader.refresh()
    assert again.snapshot is shipped_snapshot and not again.changed and again.error == "still down"
    assert fallback.loads == 1  # read once, only while there was no good data
