"""The log file as whoever investigates reads it: each fetch, each failure, each cache
write, with its time; no secret, no raw control character."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from httpserver import status

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d"


def npl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "npl_tui", *args], capture_output=True, text=True, timeout=60, check=False)


def test_the_log_records_a_fetch_and_an_error(server, tmp_path):
    log = tmp_path / "npl-tui.log"
    ok = npl("fetch", server.base, "--log-file", str(log))
    assert ok.returncode == 0, ok.stderr
    text = log.read_text("utf-8")
    port = server.base.rsplit(":", 1)[1].rstrip("/")
    # every request: URL, status, bytes, time
    manifest_size = (Path(server.root) / "manifest.json").stat().st_size
    assert re.search(
        rf"^{STAMP} INFO npl_tui\.core\.feed \[\d+\]: GET http://127\.0\.0\.1:{port}/manifest\.json -> 200, {manifest_size} bytes, \d+\.\d{{3}} s$",
        text,
        re.MULTILINE,
    ), text
    assert re.search(rf"GET http://127\.0\.0\.1:{port}/ratios\.csv -> 200, \d+ bytes", text), text
    # the cache write
    assert re.search(rf"^{STAMP} INFO npl_tui\.core\.cache \[\d+\]: cache: http://127\.0\.0\.1:{port}/: wrote .* \(5 files, \d+ bytes\)$", text, re.MULTILINE), text

    server.route("manifest.json", status(503, "Service Unavailable"))
    failed = npl("fetch", server.base, "--log-file", str(log))
    assert failed.returncode == 1
    text = log.read_text("utf-8")
    assert re.search(rf"^{STAMP} WARNING npl_tui\.core\.feed \[\d+\]: GET http://127\.0\.0\.1:{port}/manifest\.json: HTTP 503 Service Unavailable (\(conditional\) )?\(after \d+\.\d{{3}} s\)$", text, re.MULTILINE), text
    # the error the user saw, word for word, with its time
    assert "ERROR npl_tui.cli [" in text and failed.stderr.strip().removeprefix("npl-tui: ") in text


def test_a_refused_publication_is_logged_as_a_verification_failure(server, srv_dir, tmp_path):
    log = tmp_path / "npl-tui.log"
    (srv_dir / "ratios.csv").write_bytes((srv_dir / "ratios.csv").read_bytes().replace(b"1.5", b"9.9"))  # manifest not rebuilt
    out = npl("fetch", server.base, "--log-file", str(log))
    assert out.returncode == 1
    text = log.read_text("utf-8")
    assert re.search(rf"^{STAMP} ERROR npl_tui\.core\.feed \[\d+\]: http://127\.0\.0\.1:\d+/: verification failed, publication refused .*ratios\.csv.*SHA-256", text, re.MULTILINE), text
    assert "wrote" not in text  # nothing reached the cache


def test_no_secret_and_no_control_character_reaches_the_log(server, tmp_path):
    log = tmp_path / "npl-tui.log"
    host = server.base.removeprefix("http://")
    secret_url = f"http://desk:s3cret-pass@{host}?token=tok-abc123&v=2"
    assert npl("fetch", secret_url, "--log-file", str(log)).returncode == 0
    server.route("manifest.json", status(500, "Bad\x1b[2J\x1b]0;owned\x07"))
    npl("fetch", secret_url, "--log-file", str(log))
    raw = log.read_bytes()
    assert b"s3cret" not in raw and b"tok-abc123" not in raw
    assert b"desk:***@" in raw and b"token=***" in raw
    assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", raw)  # one record a line, nothing else
    # and the request really carried the credentials (they were used, not dropped)
    assert any(h.get("authorization", "").startswith("Basic ") for _p, h in server.requests)
    assert b"Basic " not in raw and b"authorization" not in raw.lower()


def test_the_default_log_is_in_the_user_log_directory_and_the_level_filters(server, tmp_path):
    state = Path(os.environ["XDG_STATE_HOME"])  # sealed by conftest
    default = state / "npl-tui" / "log" / "npl-tui.log"
    assert npl("fetch", server.base, "--log-level", "warning").returncode == 0
    assert not default.exists() or "GET " not in default.read_text("utf-8")  # info lines filtered out
    assert npl("fetch", server.base).returncode == 0
    assert "GET " in default.read_text("utf-8")
    assert npl("--log-level", "off", "fetch", server.base, "--log-file", str(tmp_path / "off.log")).returncode == 0
    assert not (tmp_path / "off.log").exists()
