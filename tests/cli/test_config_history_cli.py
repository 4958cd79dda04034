"""The config file and the history on the command line: `npl-tui config`, `npl-tui diff`,
`--config` and `--as-of` on the monitor (built, not run: no terminal here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from feed_fixtures import write_snapshot_dir

from npl_tui import cli
from npl_tui.app import NplApp
from npl_tui.cli import build_parser, main, monitor_app, monitor_argv
from npl_tui.core.history import History

URL = "https://feeds.example/npl/"
UTC = dt.timezone.utc


def day(n: int) -> dt.datetime:
    return dt.datetime(2026, 11, n, 12, tzinfo=UTC)


@pytest.fixture
def built(monkeypatch):
    """The apps main([...]) builds, instead of running them."""
    apps: list[NplApp] = []
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(NplApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


# --------------------------------------------------------------------------- npl-tui config


def test_config_prints_each_setting_with_its_origin_and_exits_0(tmp_path, capsys):
    path = write(tmp_path / "c.toml", '[feed]\nurl = "https://u:secret@feeds.example/npl/?token=t0k"\n[display]\nlang = "zh"\n')
    assert main(["config", "--config", str(path)]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    lines = out.out.splitlines()
    assert lines[0] == f"config file: {path}"
    assert "display.lang         zh  (file line 4)" in lines and "display.unit         yi  (default)" in lines
    assert "secret" not in out.out and "t0k" not in out.out and "feeds.example/npl/" in out.out


def test_the_command_line_goes_over_the_file(tmp_path, capsys):
    path = write(tmp_path / "c.toml", '[display]\nlang = "zh"\nunit = "bn"\n')
    assert main(["--lang", "en", "--config", str(path), "config"]) == 0
    out = capsys.readouterr().out
    assert "display.lang         en  (command line)" in out and "display.unit         bn  (file line 3)" in out


def test_no_file_is_the_defaults_and_says_where_it_would_be(capsys):
    assert main(["config"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("config file: ") and first.endswith("npl-tui/config.toml (not found: the defaults apply)")


def test_errors_are_one_prefixed_line_each_on_stderr_and_exit_1(tmp_path, capsys):
    path = write(tmp_path / "c.toml", '[display]\nlang = "fr"\ncolour = "red"\nunit = "bn"\n')
    assert main(["config", "--config", str(path)]) == 1
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        f"npl-tui: {path} line 2: display.lang: 'fr' is not one of en, zh; using 'en'",
        f"npl-tui: warning: {path} line 3: display.colour: unknown key, ignored",
    ]
    assert "display.unit         bn  (file line 4)" in out.out and "problem" not in out.out


def test_warnings_alone_exit_0(tmp_path, capsys):
    path = write(tmp_path / "c.toml", '[keys]\nteleport = "t"\n')
    assert main(["config", "--config", str(path)]) == 0
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"npl-tui: warning: {path} line 2: keys.teleport: unknown action, ignored")


def test_a_file_that_is_not_toml_is_one_line_naming_the_line(tmp_path, capsys):
    path = write(tmp_path / "c.toml", '[display]\nlang = \n')
    assert main(["config", "--config", str(path)]) == 1
    assert capsys.readouterr().err == f"npl-tui: {path} line 2: is not valid TOML: Invalid value; using the defaults\n"


# --------------------------------------------------------------------------- the monitor's settings


def test_the_monitor_takes_its_settings_from_the_file(tmp_path, built):
    path = write(tmp_path / "c.toml", '[display]\nlang = "zh"\nunit = "bn"\ntheme = "nord"\n[keys]\nrefresh = "f5"\n')
    assert main(["--config", str(path)]) == 0
    (app,) = built
    assert (app.lang, app.unit, app.theme) == ("zh", "bn", "nord")
    assert app._keymap == {"app.refresh": "f5"}
    assert app.config_path == path and app.notices == []


def test_the_command_line_wins_and_problems_reach_the_app_and_the_log(tmp_path, built):
    path = write(tmp_path / "c.toml", '[display]\nlang = "zh"\nunit = "kg"\n')
    log = tmp_path / "npl.log"
    assert main(["--config", str(path), "--lang", "en", "--log-file", str(log)]) == 0
    (app,) = built
    assert (app.lang, app.unit) == ("en", "yi")
    message = f"{path} line 3: display.unit: 'kg' is not one of yi, bn; using 'yi'"
    assert app.notices == [("error", message)]
    assert message in log.read_text("utf-8")


def test_a_feed_in_the_file_is_the_monitors_feed(tmp_path, built):
    path = write(tmp_path / "c.toml", f'[feed]\nurl = "{URL}"\nrefresh = 60\n')
    assert main(["--config", str(path)]) == 0
    assert main(["--config", str(path), "--refresh", "30"]) == 0
    first, second = built
    assert first.source.label == URL and first.refresh_seconds == 60 and first.stale_after == 180
    assert second.refresh_seconds == 30
    assert main(["--config", str(path), "--snapshot", str(write_snapshot_dir(tmp_path / "s"))]) == 0
    assert built[2].refresh_seconds is None and built[2].keep_in_history == tmp_path / "s"  # --snapshot wins


def test_changes_are_saved_only_where_a_user_expects(tmp_path, monkeypatch):
    import os

    args = build_parser().parse_args([])
    default = monitor_app(args)
    assert default.config_path is not None and str(default.config_path).startswith(os.environ["XDG_CONFIG_HOME"])
    assert not default.config_path.exists()  # created on the first change, not before
    named = monitor_app(build_parser().parse_args(["--config", str(tmp_path / "new.toml")]))
    assert named.config_path == tmp_path / "new.toml"
    blocked = write(tmp_path / "a-file", "")  # the config directory cannot be made under a file
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocked / "config"))
    assert monitor_app(build_parser().parse_args([])).config_path is None


def test_serve_passes_the_config_and_the_day_to_each_monitor(tmp_path):
    args = build_parser().parse_args(["serve", "--config", "desk.toml", "--as-of", "2026-11-01"])
    assert monitor_argv(args) == ["--as-of", "2026-11-01", "--config", str(Path("desk.toml").resolve())]


# --------------------------------------------------------------------------- history


@pytest.fixture
def two(tmp_path):
    """Two snapshots in the user's history: the NPL ratio 1.5 seen on 1 Nov, 1.62 on 3 Nov."""
    history = History()
    a = history.record(write_snapshot_dir(tmp_path / "a", ratio=1.5), feed=URL, seen_at=day(1))
    b = history.record(write_snapshot_dir(tmp_path / "b", ratio=1.62, generated_at="2026-11-02T00:00:00Z"), feed=URL, seen_at=day(3))
    assert a is not None and b is not None
    return a, b


def test_as_of_runs_the_monitor_on_what_it_had_that_day(two, built, utc):
    a, b = two
    assert main(["--as-of", "2026-11-02"]) == 0
    assert main(["--as-of", b.id[:6]]) == 0
    on_day, by_id = built
    for app, entry in ((on_day, a), (by_id, b)):
        assert app.showing_history and app.refresh_seconds is None
        past = app.loader.source.snapshot  # type: ignore[attr-defined]
        assert past.fingerprint == entry.id and past.origin.kind == "history" and past.origin.fetched_at == entry.seen_at
    assert on_day.loader.source.snapshot.origin.day == dt.date(2026, 11, 2)  # type: ignore[attr-defined]
    assert by_id.loader.source.snapshot.origin.day is None  # type: ignore[attr-defined]


def test_as_of_before_the_history_is_one_line_and_exit_1(two, built, capsys, utc):
    assert main(["--as-of", "2026-10-31"]) == 1
    assert capsys.readouterr().err == "npl-tui: no snapshot in history on or before 2026-10-31 (the oldest is from 2026-11-01)\n"
    assert main(["--as-of", "2026-11-02", "--feed", "https://other.example/npl/"]) == 1
    assert "the history is empty" in capsys.readouterr().err  # nothing from that feed
    assert built == []


def test_with_trust_an_unsigned_past_snapshot_is_refused(two, built, tmp_path, capsys, utc):
    from npl_tui.core.signing import generate_keypair

    _private, public, _key_id = generate_keypair(tmp_path / "k")
    assert main(["--as-of", "2026-11-02", "--trust", str(public)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not signed" in err and built == []


def test_diff_prints_what_fetch_prints(two, capsys, utc):
    a, b = two
    assert main(["diff", "2026-11-01", b.id[:8]]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out.splitlines() == [
        f"A: 2026-11-01: {a.describe()}",
        f"B: {b.describe()}",
        "ratios: +0 added, -0 removed, 1 changed",
        "r1: value 1.5 -> 1.62",
    ]


def test_diff_takes_snapshot_directories_too(tmp_path, capsys):
    old, new = write_snapshot_dir(tmp_path / "old"), write_snapshot_dir(tmp_path / "new", ratio=1.7)
    assert main(["diff", str(old), str(new)]) == 0
    assert "r1: value 1.5 -> 1.7" in capsys.readouterr().out
    assert main(["diff", str(old), str(old)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "no changes"


def test_a_damaged_entry_is_a_warning_line_and_the_rest_still_compares(two, capsys, utc):
    _a, b = two
    (b.path / "entry.json").write_text("{ not json", "utf-8")
    assert main(["diff", "2026-11-01", "2026-11-03"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[-1] == "no changes"  # b is set aside: 3 Nov falls back to a
    (warning,) = out.err.splitlines()
    assert warning.startswith(f"npl-tui: warning: {b.path}: history entry damaged") and "set aside as" in warning


def test_every_new_command_is_in_the_help_and_the_completion():
    from npl_tui.completion import completion_script

    script = completion_script(build_parser(), "bash")
    for word in ("config", "diff", "--as-of", "--config"):
        assert word in script
    assert cli.COMMANDS["config"] and cli.COMMANDS["diff"]
