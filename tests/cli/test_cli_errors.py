"""Errors the same everywhere: one line on standard error, "npl-tui: ...", the documented
exit status (0 ok, 1 data problem, 2 usage, 130 interrupted), nothing on standard output,
never a traceback — for every command, as a user runs it (a separate process)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from httpserver import FeedServer, drip

from npl_tui import cli

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
GOOD = REPO / "tests" / "fixtures" / "good"

#: Replaced in the arguments below by the test's own paths and addresses.
UNREACHABLE = "{unreachable}"  # a loopback URL where nothing listens
TMP = "{tmp}"  # the test's tmp_path


def npl(*args: str, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "npl_tui", *args], capture_output=True, text=True, timeout=60, check=False, **kwargs)


@pytest.fixture(scope="module")
def unreachable() -> str:
    with socket.socket() as s:  # a port that was free a moment ago: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


CASES = [
    # (arguments, exit status, words the one line must hold)
    # the monitor's own options
    (["--nonsense"], 2, "unrecognized arguments: --nonsense"),
    (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
    (["--snapshot", "/nonexistent"], 1, "not a snapshot directory"),
    (["--feed", "ftp://example"], 2, "not an http(s) URL"),
    (["--feed", "http://"], 2, "no host"),
    (["--feed", "http://[::1"], 2, "not a valid URL"),
    (["--refresh", "5"], 2, "--refresh needs --feed"),
    (["--refresh", "-1", "--feed", "http://127.0.0.1:9/"], 2, "must be greater than 0"),
    (["--trust", f"{TMP}/missing.pub", "--snapshot", str(DATA)], 1, "missing.pub"),
    (["--lang", "fr"], 2, "invalid choice: 'fr'"),
    (["--log-level", "loud"], 2, "invalid choice: 'loud'"),
    (["--as-of", "next week"], 2, "is not a date (YYYY-MM-DD) or a history entry id"),
    (["--as-of", "2026-02-30"], 2, "'2026-02-30' is not a date"),
    (["--as-of", "2026-11-01", "--snapshot", str(DATA)], 2, "--as-of shows the history; it does not go with --snapshot"),
    (["--as-of", "2026-11-01"], 1, "no snapshot in history on or before 2026-11-01 (the history is empty)"),
    (["--as-of", "abcd1234"], 1, "no history entry abcd1234 in "),
    (["--config", f"{TMP}/missing.toml", "--refresh", "5"], 2, "--refresh needs --feed URL (or feed.url in the config file)"),
    # fetch
    (["fetch"], 2, "required: URL"),
    (["fetch", "not-a-url"], 2, "not an http(s) URL"),
    (["fetch", "http://"], 2, "no host"),
    (["fetch", UNREACHABLE, "--deadline", "5"], 1, "cannot connect"),
    (["fetch", UNREACHABLE, "--deadline", "0"], 2, "must be greater than 0"),
    (["fetch", UNREACHABLE, "--trust", f"{TMP}/missing.pub"], 1, "missing.pub"),
    # validate
    (["validate"], 2, "required: DIR|URL"),
    (["validate", "http://"], 2, "no host"),
    (["validate", "/nonexistent"], 1, "/nonexistent: no such directory"),
    (["validate", f"{TMP}/a-file"], 1, "a-file: not a directory"),
    (["validate", UNREACHABLE], 1, "cannot connect"),
    (["validate", f"{TMP}/bad-manifest"], 1, "manifest.json"),
    (["validate", str(GOOD), "--trust", f"{TMP}/a-file"], 1, "a-file"),
    # build
    (["build"], 2, "required: DIR"),
    (["build", "/nonexistent"], 1, "/nonexistent: no such directory"),
    (["build", f"{TMP}/good", "--sign", f"{TMP}/missing.key"], 1, "missing.key"),
    # keygen
    (["keygen"], 2, "required: KEYFILE"),
    (["keygen", "/nonexistent/dir/key"], 1, "/nonexistent/dir/key: No such file or directory"),
    (["keygen", f"{TMP}/a-file"], 1, "already exists"),
    # ingest
    (["ingest"], 2, "required: KIND"),
    (["ingest", "pdfs"], 2, "invalid choice: 'pdfs'"),
    (["ingest", "yindeng", "x.pdf"], 2, "required: --into"),
    (["ingest", "nfra", f"{TMP}/missing.html", "--into", f"{TMP}/out"], 1, "missing.html: no such file"),
    (["ingest", "nfra", "release.html", "--into", f"{TMP}/out", "--period", "2025Q4", "--sign", f"{TMP}/missing.key"], 1, "missing.key"),
    # export
    (["export"], 2, "required: TABLE"),
    (["export", "nonsense"], 2, "invalid choice: 'nonsense'"),
    (["export", "ratios", "--format", "xml"], 2, "invalid choice: 'xml'"),
    (["export", "ratios", "--snapshot", "/nonexistent"], 1, "/nonexistent: no such directory"),
    (["export", "ratios", "--snapshot", f"{TMP}/bad-manifest"], 1, "manifest.json"),
    # serve (nothing is started: the options are checked first)
    (["serve", "--port", "0"], 2, "not a port number"),
    (["serve", "--port", "http"], 2, "not a port number"),
    (["serve", "--snapshot", "/nonexistent"], 1, "not a snapshot directory"),
    (["serve", "--refresh", "5"], 2, "--refresh needs --feed"),
    (["serve", "--feed", "ftp://example"], 2, "not an http(s) URL"),
    (["serve", "--public-url", "npl.example.com"], 2, "not an http(s) URL"),
    (["serve", "--trust", f"{TMP}/missing.pub"], 1, "missing.pub"),
    (["serve", "--host", "nonexistent.invalid"], 1, "cannot listen on nonexistent.invalid:8000"),
    (["serve", "--as-of", "2026-11-01"], 1, "no snapshot in history on or before 2026-11-01"),
    # diff
    (["diff", "2026-11-01"], 2, "required: B"),
    (["diff", "2026-11-01", "2026-11-02"], 1, "A (2026-11-01): no snapshot in history on or before 2026-11-01"),
    (["diff", str(GOOD), "next week"], 1, "B (next week): 'next week' is not a date (YYYY-MM-DD), a history entry id or a snapshot directory"),
    (["diff", "a", "b", "--feed", "ftp://x"], 2, "not an http(s) URL"),
    # completion
    (["completion"], 2, "required: SHELL"),
    (["completion", "powershell"], 2, "invalid choice: 'powershell'"),
]


@pytest.mark.parametrize("args, status, words", CASES, ids=[" ".join(c[0]) or "(none)" for c in CASES])
def test_every_error_is_one_prefixed_line_on_stderr_with_its_status(args, status, words, tmp_path, unreachable):
    import shutil

    (tmp_path / "a-file").write_text("not a key, not a directory\n")
    shutil.copytree(GOOD, tmp_path / "good")
    shutil.copytree(GOOD, tmp_path / "bad-manifest")
    (tmp_path / "bad-manifest" / "manifest.json").write_text("{ not json", "utf-8")
    args = [a.replace(TMP, str(tmp_path)).replace(UNREACHABLE, unreachable) for a in args]
    out = npl(*args, cwd=tmp_path)
    lines = out.stderr.splitlines()
    assert out.returncode == status, out.stderr
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("npl-tui: "), lines[0]
    assert words in lines[0]
    assert out.stdout == ""
    assert "Traceback" not in out.stderr


def test_status_1_2_and_130_are_what_the_help_says():
    text = npl("--help").stdout
    assert "exit status:" in text
    for status, meaning in ((cli.EXIT_OK, "done"), (cli.EXIT_DATA, "a data problem"), (cli.EXIT_USAGE, "a usage problem"), (cli.EXIT_INTERRUPTED, "interrupted")):
        assert any(line.split()[:1] == [str(status)] and meaning in line for line in text.splitlines()), (status, text)
    assert 'one line on standard error, starting "npl-tui:"' in text


def test_each_problem_of_an_invalid_snapshot_is_its_own_prefixed_line(tmp_path):
    import shutil

    bad = shutil.copytree(GOOD, tmp_path / "bad")
    (bad / "ratios.csv").write_text((bad / "ratios.csv").read_text().replace("1.50", "x").replace("1.52", "inf"))
    assert npl("build", str(bad)).returncode == 1  # refuses: the manifest stays as it was
    out = npl("validate", str(bad))
    assert out.returncode == 1 and out.stdout == ""
    lines = out.stderr.splitlines()
    assert lines and all(line.startswith("npl-tui: ") for line in lines)
    assert any("ratios.csv" in line and "SHA-256" in line for line in lines)


def test_ctrl_c_is_one_line_and_status_130(tmp_path):
    with FeedServer(tmp_path) as server:
        server.route("manifest.json", drip(0.1, 30))  # a feed that never finishes
        proc = subprocess.Popen(
            [sys.executable, "-m", "npl_tui", "fetch", server.base, "--deadline", "60"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        end = time.monotonic() + 30
        while "/manifest.json" not in server.paths():
            assert time.monotonic() < end and proc.poll() is None, "fetch never asked for the manifest"
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err == "npl-tui: interrupted\n" and out == ""


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_log(tmp_path, capsys, monkeypatch):
    def broken(args):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug\x1b[2J")

    monkeypatch.setitem(cli.COMMANDS, "export", broken)
    log = tmp_path / "npl-tui.log"
    assert cli.main(["export", "ratios", "--log-file", str(log)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("npl-tui: unexpected error: RuntimeError: a bug")
    assert "\x1b" not in captured.err
    text = log.read_text("utf-8")
    assert "ERROR npl_tui.cli" in text and "  | Traceback (most recent call last):" in text and "  | RuntimeError: a bug\\x1b[2J" in text


def test_usage_errors_name_the_command_whose_help_to_read():
    out = npl("export", "nonsense")
    assert out.stderr.rstrip().endswith("(see 'npl-tui export --help')")
    out = npl("ingest", "nfra", "x.html")
    assert out.stderr.rstrip().endswith("(see 'npl-tui ingest nfra --help')")


def test_a_dumb_terminal_check_does_not_stop_a_monitor_that_draws_elsewhere(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    assert cli._dumb_terminal() is not None
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")  # as `npl-tui serve` runs it
    assert cli._dumb_terminal() is None
    monkeypatch.delenv("TEXTUAL_DRIVER")
    monkeypatch.setitem(os.environ, "TERM", "xterm-256color")
    assert cli._dumb_terminal() is None
