"""The log file's rules: one escaped line a record, no secrets, bounded size, lazy start."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from npl_tui.core import logs
from npl_tui.core.text import clean_text, escape_controls


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("plain text", "plain text"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),  # an escape sequence: visible, inert
        ("one\ntwo\r\n", "one\\x0atwo\\x0d\\x0a"),  # never a second line
        ("\u202eevil", "\\u202eevil"),  # a bidi override cannot reorder the line
        ("C:\\x1b", "C:\\\\x1b"),  # a literal backslash is doubled: no forged escape
        ("不良贷款 1.50%", "不良贷款 1.50%"),  # text, not controls, stays as it is
        ("tab\there\x00", "tab\\x09here\\x00"),
    ],
)
def test_escape_controls_keeps_the_text_and_shows_each_control(raw, shown):
    assert escape_controls(raw) == shown
    # the same characters clean_text drops for the screen are the ones escaped here
    assert clean_text(escape_controls(raw), limit=10_000) == escape_controls(raw).strip()


def record(msg: str, *args: object, exc_info=None) -> logging.LogRecord:  # type: ignore[no-untyped-def]
    return logging.LogRecord("npl_tui.core.feed", logging.WARNING, __file__, 1, msg, args, exc_info)


def test_a_record_is_one_line_with_its_time_level_logger_and_pid():
    line = logs.LogFormatter().format(record("GET %s -> %d", "http://127.0.0.1/x", 304))
    assert "\n" not in line
    stamp, level, name, pid, rest = line.split(" ", 4)
    assert len(stamp) == len("2026-01-31T09:30:00.123+08:00") and stamp[10] == "T" and stamp[-3] == ":"
    assert (level, name) == ("WARNING", "npl_tui.core.feed")
    assert pid.startswith("[") and pid.endswith("]:") and rest == "GET http://127.0.0.1/x -> 304"


def test_urls_in_a_record_lose_their_credentials_and_tokens():
    line = logs.LogFormatter().format(
        record("feed %s failed; retry %s", "https://desk:s3cret@npl.example.com/feed/?token=abc123&v=2", "http://h/?sig=zzz")
    )
    assert "s3cret" not in line and "abc123" not in line and "zzz" not in line
    assert "https://desk:***@npl.example.com/feed/?token=***&v=2" in line and "?sig=***" in line


def test_feed_text_cannot_forge_a_record_or_move_the_cursor():
    line = logs.LogFormatter().format(record("reason: %s", "ok\n2026-01-01T00:00:00.000+00:00 INFO npl_tui.x [1]: forged\x1b[2J"))
    assert line.count("\n") == 0 and "\x1b" not in line and "\\x0a2026" in line


def test_a_traceback_follows_on_marked_lines():
    try:
        raise ValueError("bad\x1b[31m value at http://u:pw@h/")
    except ValueError:
        line = logs.LogFormatter().format(record("unexpected", exc_info=sys.exc_info()))
    first, *rest = line.splitlines()
    assert first.endswith("unexpected") and rest
    assert all(r.startswith("  | ") for r in rest)
    assert "\x1b" not in line and "pw@" not in line and "ValueError: bad\\x1b[31m value" in line


def test_the_file_is_made_at_the_first_record_and_rotation_bounds_it(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = tmp_path / "deep" / "npl-tui.log"
    handler = logs.configure("info", path)
    try:
        assert handler is not None and not path.parent.exists()  # nothing opened yet
        log = logging.getLogger("npl_tui.test")
        log.debug("not at info")
        assert not path.parent.exists()
        for i in range(200):
            log.info("record %03d %s", i, "x" * 40)
    finally:
        logs.unconfigure()
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["npl-tui.log", "npl-tui.log.1", "npl-tui.log.2", "npl-tui.log.3"]  # BACKUP_COUNT old ones, no more
    assert all((path.parent / f).stat().st_size <= 2_000 for f in files)
    assert "record 199" in path.read_text("utf-8") and "not at info" not in path.read_text("utf-8")
    assert (path.parent.stat().st_mode & 0o777) == 0o700


def test_an_unwritable_log_is_one_warning_then_silence(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    logs.configure("info", blocker / "sub" / "npl-tui.log")  # a file where a directory should be
    try:
        log = logging.getLogger("npl_tui.test")
        log.info("first")
        log.error("second")
    finally:
        logs.unconfigure()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("npl-tui: warning: cannot write the log file: ") and "Traceback" not in err


def test_off_writes_nothing_and_the_default_is_the_user_log_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert logs.default_log_path() == tmp_path / "state" / "npl-tui" / "log" / "npl-tui.log"
    assert logs.configure("off") is None
    try:
        logging.getLogger("npl_tui.test").error("nowhere")
    finally:
        logs.unconfigure()
    assert not (tmp_path / "state").exists()


def test_configuring_costs_no_import_until_a_record_is_written():
    code = (
        "import sys, logging; from npl_tui.core import logs; logs.configure('info');"
        "print(sorted(m for m in ('logging.handlers', 'platformdirs') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parent)
    assert out.stdout.strip() == "[]"
