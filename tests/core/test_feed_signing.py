"""Signed feeds: keygen, build --sign, and --trust on validate, fetch and the monitor,
against the real loopback server. With --trust an unsigned or tampered manifest is
refused like a hash mismatch, and the last good data stays."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from httpserver import FeedServer

from npl_tui.core.signing import load_public_key, verify_manifest
from npl_tui.core.snapshot import MANIFEST_NAME, DataError

DATA = Path(__file__).resolve().parents[2] / "data"
LATEST = "ratio-2025Q4-all-npl_ratio_pct,2025Q4,2025-12-31,all,npl_ratio_pct,"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "npl_tui", *args], capture_output=True, text=True, timeout=60, check=False)


def set_ratio(feed: Path, old: str, new: str) -> None:
    path = feed / "ratios.csv"
    text = path.read_text("utf-8")
    assert LATEST + old + "," in text
    path.write_text(text.replace(LATEST + old + ",", LATEST + new + ",", 1), "utf-8")


def latest_ratio() -> str:
    out = cli("export", "ratios")
    assert out.returncode == 0, out.stderr
    line = next(line for line in out.stdout.splitlines() if line.startswith("ratio-2025Q4-all-npl_ratio_pct,"))
    return line.split(",")[5]


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    out = cli("keygen", str(tmp_path / "desk.key"))
    assert out.returncode == 0, out.stderr
    private, public = tmp_path / "desk.key", tmp_path / "desk.key.pub"
    assert private.stat().st_mode & 0o777 == 0o600 and public.is_file()
    assert "public key written" in out.stdout and "--trust desk.key.pub" in out.stdout
    return private, public


@pytest.fixture
def feed(tmp_path: Path, keys):
    root = shutil.copytree(DATA, tmp_path / "feed")
    private, _public = keys
    out = cli("build", str(root), "--sign", str(private))
    assert out.returncode == 0 and "signed (key " in out.stdout, out.stderr
    with FeedServer(root) as server:
        yield root, server


def test_keygen_never_overwrites(keys):
    private, _public = keys
    out = cli("keygen", str(private))
    assert out.returncode == 1 and "already exists" in out.stderr and out.stderr.count("\n") == 1


def test_a_signed_feed_verifies_everywhere(feed, keys):
    root, server = feed
    _private, public = keys
    key = load_public_key(public)
    assert verify_manifest((root / MANIFEST_NAME).read_bytes(), [key]) == key
    for target in (str(root), server.base):
        out = cli("validate", target, "--trust", str(public))
        assert out.returncode == 0 and f"signed by trusted key {key.key_id}" in out.stdout, out.stdout + out.stderr
    assert cli("fetch", server.base, "--trust", str(public)).returncode == 0
    assert cli("--trust", str(public), "fetch", server.base).returncode == 0  # before the command, too
    # a reader that does not ask for signatures reads a signed feed as any other
    assert cli("validate", server.base).returncode == 0


def test_with_trust_an_unsigned_feed_is_refused_and_the_last_good_kept(feed, keys):
    root, server = feed
    _private, public = keys
    assert cli("fetch", server.base, "--trust", str(public)).returncode == 0
    set_ratio(root, "1.5", "1.66")
    assert cli("build", str(root)).returncode == 0  # re-published without --sign
    out = cli("fetch", server.base, "--trust", str(public))
    assert out.returncode == 1 and out.stderr.count("\n") == 1
    assert "manifest.json: is not signed, and --trust requires a signature" in out.stderr and "kept the last good copy" in out.stderr
    assert latest_ratio() == "1.50"
    assert cli("validate", str(root), "--trust", str(public)).returncode == 1
    assert cli("fetch", server.base).returncode == 0  # without --trust it is an ordinary feed


def test_with_trust_a_tampered_feed_is_refused(feed, keys, tmp_path):
    root, server = feed
    _private, public = keys
    assert cli("fetch", server.base, "--trust", str(public)).returncode == 0
    # Someone between the publisher and the desk changes a figure and fixes the hash
    # (and size) in the manifest, keeping the old signature: every hash matches, the signature not.
    set_ratio(root, "1.5", "0.10")
    import hashlib

    doc = json.loads((root / MANIFEST_NAME).read_text("utf-8"))
    doc["tables"]["ratios"]["sha256"] = hashlib.sha256((root / "ratios.csv").read_bytes()).hexdigest()
    doc["tables"]["ratios"]["bytes"] = (root / "ratios.csv").stat().st_size
    (root / MANIFEST_NAME).write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    assert cli("validate", server.base).returncode == 0  # the hashes alone cannot tell
    out = cli("fetch", server.base, "--trust", str(public))
    assert out.returncode == 1 and "signature does not verify" in out.stderr and out.stderr.count("\n") == 1
    assert latest_ratio() == "1.50"
    bad = cli("validate", server.base, "--trust", str(public))
    assert bad.returncode == 1 and "signature does not verify" in bad.stderr and bad.stderr.startswith("npl-tui: ")


def test_a_feed_signed_by_another_key_is_refused(feed, tmp_path):
    _root, server = feed
    assert cli("keygen", str(tmp_path / "other.key")).returncode == 0
    other = load_public_key(tmp_path / "other.key.pub")
    out = cli("validate", server.base, "--trust", str(tmp_path / "other.key.pub"))
    assert out.returncode == 1 and "which is not trusted" in out.stderr and other.key_id in out.stderr and out.stdout == ""


@pytest.mark.parametrize("which", ["private", "missing", "garbage"])
def test_a_bad_key_file_is_one_line(which, feed, keys, tmp_path):
    _root, server = feed
    private, public = keys
    path = {"private": private, "missing": tmp_path / "nope.pub", "garbage": tmp_path / "garbage.pub"}[which]
    if which == "garbage":
        path.write_text("ssh-ed25519 AAAA nope\n")
    out = cli("fetch", server.base, "--trust", str(path))
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and str(path) in out.stderr and "Traceback" not in out.stderr
    wrong_for_signing = public if which == "private" else path  # the mirror mistake: the .pub to --sign
    sign = cli("build", str(_root), "--sign", str(wrong_for_signing))
    assert sign.returncode == 1 and sign.stderr.count("\n") == 1 and str(wrong_for_signing) in sign.stderr


def test_signing_survives_reformatting_but_not_editing(feed, keys):
    root, _server = feed
    _private, public = keys
    key = load_public_key(public)
    raw = (root / MANIFEST_NAME).read_bytes()
    doc = json.loads(raw)
    verify_manifest(json.dumps(doc, indent=None, sort_keys=False).encode(), [key])  # whitespace is not content
    doc["title"] = "another title"
    with pytest.raises(DataError, match="signature does not verify"):
        verify_manifest(json.dumps(doc).encode(), [key])


async def test_the_monitor_with_trust_refuses_an_unsigned_feed_and_keeps_the_signed_copy(feed, keys, tmp_path, monkeypatch):
    root, server = feed
    _private, public = keys
    monkeypatch.setenv("XDG_CACHE_HOME", os.environ["XDG_CACHE_HOME"])
    from pilot_helpers import settle

    from npl_tui.app import NplApp
    from npl_tui.cli import cached_copy, make_fallback, make_source

    assert cli("fetch", server.base, "--trust", str(public)).returncode == 0
    set_ratio(root, "1.5", "1.66")
    assert cli("build", str(root)).returncode == 0  # unsigned now
    trust = (load_public_key(public),)
    app = NplApp(
        make_source(feed=server.base, trust=trust),
        initial=cached_copy(server.base, trust),
        fallback=make_fallback(server.base, trust),
        refresh_seconds=300,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for _ in range(40):
            if app.market.error:
                break
            await pilot.pause(0.05)
        assert app.market.error is not None and "is not signed" in app.market.error
        assert next(r["value"] for r in app.snapshot.ratios.rows if r["id"] == "ratio-2025Q4-all-npl_ratio_pct") == 1.5
