"""The config file: read with one-line problems that name file, key and line; saved
without losing the user's comments."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from npl_tui.core.config import (
    ACTIONS,
    DEFAULT_REFRESH,
    PLANNED_ACTIONS,
    THEMES,
    Config,
    ConfigError,
    _Lines,
    describe_config,
    load_config,
    save_display,
    save_settings,
    save_watchlist,
)

PACKAGE = Path(__file__).resolve().parents[2] / "npl_tui"

ISSUE_EXAMPLE = """\
[feed]
url = "https://feeds.example/npl/"
refresh = 300
[display]
lang = "zh"        # or "en"
unit = "yi"        # or "bn"
theme = "textual-light"
[keys]
refresh = "f5"     # action = key
[[alert]]
name = "Henan big packages"
province = "Henan"         # English, pinyin or Chinese
principal = ">10亿"         # also "<5亿", ">1bn"
[watchlist]
provinces = ["Zhejiang", "广东"]
parties = ["China Cinda AMC"]
"""


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def one_line(problems) -> list[str]:
    lines = [str(p) for p in problems]
    assert all("\n" not in line for line in lines)
    return lines


def test_no_file_means_the_defaults_and_no_problem(tmp_path):
    config, problems = load_config(tmp_path / "absent.toml")
    assert problems == [] and not config.found
    assert (config.feed_url, config.refresh, config.lang, config.unit, config.theme) == (None, DEFAULT_REFRESH, "en", "yi", "textual-dark")
    assert config.keymap() == {} and config.alerts == () and not config.watchlist


def test_the_default_path_is_the_users_config_directory():
    config, problems = load_config()
    assert problems == [] and str(config.path).startswith(os.environ["XDG_CONFIG_HOME"])
    assert config.path.name == "config.toml"


def test_the_issues_example_reads_whole(tmp_path):
    config, problems = load_config(write(tmp_path, ISSUE_EXAMPLE))
    assert problems == []
    assert config.found and config.feed_url == "https://feeds.example/npl/" and config.refresh == 300.0
    assert (config.lang, config.unit, config.theme) == ("zh", "yi", "textual-light")
    assert config.keymap() == {"app.refresh": "f5"}
    (rule,) = config.alerts
    assert rule.name == "Henan big packages" and rule.provinces == {"410000"} and rule.line == 10
    assert config.watchlist.provinces == ("330000", "440000") and config.watchlist.parties == ("China Cinda AMC",)
    assert config.origin("display.lang") == "file line 5" and config.origin("feed.refresh") == "file line 3"
    assert config.origin("keys.refresh") == "file line 9" and config.origin("watchlist.parties") == "file line 16"


def test_not_toml_is_one_error_at_the_parsers_line_and_the_defaults(tmp_path):
    path = write(tmp_path, '[display]\nlang = "zh"\nunit = \n')
    config, problems = load_config(path)
    assert one_line(problems) == [f"{path} line 3: is not valid TOML: Invalid value; using the defaults"]
    assert config.lang == "en" and config.found


def test_an_unknown_key_is_a_warning_with_its_line_and_the_rest_applies(tmp_path):
    path = write(tmp_path, '[display]\nlang = "zh"\ncolour = "red"\n[extras]\nx = 1\n')
    config, problems = load_config(path)
    assert one_line(problems) == [f"{path} line 3: display.colour: unknown key, ignored", f"{path} line 4: extras: unknown key, ignored"]
    assert {p.level for p in problems} == {"warning"} and config.lang == "zh"


def test_a_bad_value_falls_back_for_that_key_only(tmp_path):
    path = write(tmp_path, '[feed]\nrefresh = "soon"\n[display]\nlang = "fr"\nunit = "bn"\ntheme = "neon"\n')
    config, problems = load_config(path)
    assert one_line(problems) == [
        f"{path} line 2: feed.refresh: must be a number of seconds, at least 1, got 'soon'; using 300",
        f"{path} line 4: display.lang: 'fr' is not one of en, zh; using 'en'",
        f"{path} line 6: display.theme: 'neon' is not one of textual-dark, textual-light, nord, gruvbox, catppuccin-mocha, dracula, …; using 'textual-dark'",
    ]
    assert (config.refresh, config.lang, config.unit, config.theme) == (DEFAULT_REFRESH, "en", "bn", "textual-dark")
    assert config.origin("display.lang") == "default" and config.origin("display.unit") == "file line 5"


@pytest.mark.parametrize(("text", "message"), [
    ('feed = "x"\n', "feed: must be a table [feed], got 'x'; using the defaults"),
    ('[feed]\nurl = "ftp://x/"\n', "feed.url: 'ftp://x/' is not an http(s) URL; ignored"),
    ('[feed]\nrefresh = true\n', "feed.refresh: must be a number of seconds, at least 1, got True; using 300"),
    ('[watchlist]\nprovinces = 3\n', "watchlist.provinces: must be a list of names, got 3; ignored"),
])
def test_wrong_types_are_one_line_each(tmp_path, text, message):
    path = write(tmp_path, text)
    _config, problems = load_config(path)
    assert [p.split(": ", 1)[1] for p in one_line(problems)] == [message]


def test_feed_urls_may_be_several_and_secrets_never_show(tmp_path):
    path = write(tmp_path, '[feed]\nurl = "https://a.example/npl/?token=s3cret"\nurls = ["https://b.example/", "https://a.example/npl/?token=s3cret", "nope?key=hidden"]\n')
    config, problems = load_config(path)
    assert config.feed_urls == ("https://a.example/npl/?token=s3cret", "https://b.example/")
    assert one_line(problems) == [f"{path} line 3: feed.urls: 'nope?key=hidden' is not an http(s) URL; ignored"]
    shown = "\n".join(describe_config(config, problems))
    assert "s3cret" not in shown and "token=***" in shown


def test_files_that_cannot_be_read_are_one_line(tmp_path):
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'[display]\nlang = "zh"\n# caf\xe9\n')
    _config, problems = load_config(bad)
    assert one_line(problems) == [f"{bad} line 3: is not UTF-8 (byte 27); using the defaults"]
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    config, problems = load_config(folder)
    assert one_line(problems) == [f"{folder}: is a directory, not a config file; using the defaults"] and config.lang == "en"


def test_invisible_characters_in_values_are_shown_escaped(tmp_path):
    path = write(tmp_path, '[display]\nlang = "\\u001b[2Jzh"\n')
    _config, problems = load_config(path)
    (line,) = one_line(problems)
    assert "\x1b" not in line and "\\x1b" in line


# ------------------------------------------------------------------ keys


def test_keys_map_actions_to_binding_ids(tmp_path):
    path = write(tmp_path, '[keys]\nrefresh = "f5"\ndown = "n"\napp.quit = "ctrl+q"\nfilter = "slash, f"\n')
    config, problems = load_config(path)
    assert problems == []
    keymap = config.keymap()
    assert keymap["app.refresh"] == "f5" and keymap["app.quit"] == "ctrl+q" and keymap["dashboard.filter"] == "slash,f"
    assert {b for b, k in keymap.items() if k == "n"} == set(ACTIONS["down"])


def test_an_unknown_action_is_a_warning_naming_it_and_its_line(tmp_path):
    path = write(tmp_path, '[keys]\n\nfrobnicate = "x"\nhelp = "two words"\nrefresh = "r"\ntoggle_lang = "r"\nquit = "\\u001b"\n')
    config, problems = load_config(path)
    lines = one_line(problems)
    assert lines[0].startswith(f"{path} line 3: keys.frobnicate: unknown action, ignored (actions: ")
    assert problems[0].level == "warning"
    assert lines[1] == f"{path} line 4: keys.help: 'two words' is not a key like \"f5\", \"ctrl+r\" or \"r,f5\"; keeping the usual key"
    assert lines[2] == f"{path} line 6: keys.toggle_lang: 'r' is also the key of 'refresh': which one it does depends on the screen"
    assert lines[3] == f"{path} line 7: keys.quit: '\\x1b' is not a key like \"f5\", \"ctrl+r\" or \"r,f5\"; keeping the usual key"
    assert config.keymap() == {"app.refresh": "r", "app.toggle_lang": "r"}


def _binding_ids_in_source() -> set[str]:
    ids = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text("utf-8")
        for call in re.finditer(r"Binding\((.*?)\)(?:,|\n)", text, flags=re.DOTALL):
            ids.update(re.findall(r'id="([a-z_]+\.[a-z0-9_]+)"', call.group(1)))
    return ids


def test_every_action_names_bindings_the_app_has():
    present = _binding_ids_in_source()
    assert len(present) > 40
    named = {i for ids in ACTIONS.values() for i in ids}
    assert named - present == set(), "ACTIONS names bindings the app no longer has"
    # Left out on purpose: the picker's arrow keys sit beside its text box (a letter
    # there must type), and i is a second way to close the sources screen.
    assert present - named == {"picker.down", "picker.up", "picker.page_down", "picker.page_up", "sources.close_i"}
    assert not set(PLANNED_ACTIONS) & set(ACTIONS)


def test_the_themes_are_textuals_own():
    from textual.theme import BUILTIN_THEMES

    assert set(THEMES) == set(BUILTIN_THEMES)


# ------------------------------------------------------------------ lines


def test_lines_are_found_past_comments_strings_and_arrays():
    text = '''\
# lang = "not this"
title = """
[display]
lang = "nor this"
"""
[ feed ]   # spaced
urls = [
  "https://a/",   # lang = "no"
  "https://b/",
]
refresh = 60
"quoted key" = 1
[display]
lang = 'zh' # one
display.sub = 1
[[alert]]
name = "a"
[[alert]]
name = "b"
[alert.extra]
x = 1
[[alert]]
name = "c"
'''
    lines = _Lines(text)
    assert lines.of("title") == 2 and lines.of("feed") == 6 and lines.of("feed", "urls") == 7
    assert lines.of("feed", "refresh") == 11 and lines.of("feed", "quoted key") == 12
    assert lines.of("display", "lang") == 14 and lines.of("display", "display", "sub") == 15
    assert [lines.of("alert", i, "name") for i in range(3)] == [17, 19, 23]
    assert lines.of("alert", 1, "extra", "x") == 21
    assert lines.of("display", "missing") == 13  # the table, for a key it does not hold
    assert lines.of("nowhere") is None


def test_a_dotted_table_key_is_read_and_located(tmp_path):
    path = write(tmp_path, 'display.lang = "zh"\ndisplay.unit = "furlongs"\n')
    config, problems = load_config(path)
    assert config.lang == "zh"
    assert one_line(problems) == [f"{path} line 2: display.unit: 'furlongs' is not one of yi, bn; using 'yi'"]


# ------------------------------------------------------------------ describing


def test_describe_names_the_file_and_where_each_value_came_from(tmp_path):
    path = write(tmp_path, ISSUE_EXAMPLE + "[display2]\n")
    config, problems = load_config(path)
    text = describe_config(config.with_overrides(unit="bn"), problems)
    assert text[0] == f"config file: {path}"
    joined = "\n".join(text)
    assert re.search(r"display\.lang\s+zh  \(file line 5\)", joined)
    assert re.search(r"display\.unit\s+bn  \(command line\)", joined)
    assert re.search(r"keys\.refresh\s+f5 → app\.refresh  \(file line 9\)", joined)
    assert re.search(r"alert 'Henan big packages'\s+province Henan, principal >10亿 \(new rows\)  \(file line 10\)", joined)
    assert re.search(r"watchlist\.provinces\s+Zhejiang, Guangdong  \(file line 15\)", joined)
    assert joined.endswith(f"1 problem:\n  {path} line 17: display2: unknown key, ignored")
    absent = describe_config(load_config(tmp_path / "none.toml")[0])
    assert absent[0].endswith("(not found: the defaults apply)") and re.search(r"feed\.refresh\s+300 s  \(default\)", "\n".join(absent))


def test_overrides_are_checked_and_the_config_stays_immutable(tmp_path):
    config = Config(tmp_path / "c.toml")
    with pytest.raises(TypeError):
        config.with_overrides(colour="red")
    with pytest.raises(AttributeError):
        config.lang = "zh"  # type: ignore[misc]
    assert config.with_overrides(lang=None) == config


# ------------------------------------------------------------------ saving

COMMENTED = """\
# My desk's npl-tui settings.
[feed]
url = "https://feeds.example/npl/?token=s3cret"   # the team feed

[display]
# Chinese names, please
lang = "en"   # switched often
theme = "nord"

[watchlist]
provinces = ["广东", "Zhejiang"]  # home markets
"""


def test_saving_keeps_comments_layout_and_everything_else(tmp_path):
    path = write(tmp_path, COMMENTED)
    save_display(path, lang="zh", unit="bn")
    text = path.read_text("utf-8")
    assert text == COMMENTED.replace('lang = "en"', 'lang = "zh"').replace('theme = "nord"', 'theme = "nord"\nunit = "bn"')
    config, problems = load_config(path)
    assert problems == [] and (config.lang, config.unit, config.theme) == ("zh", "bn", "nord")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]  # no temporary file left


def test_watchlist_saves_keep_the_users_spellings(tmp_path):
    path = write(tmp_path, COMMENTED)
    save_watchlist(path, provinces=["440000", "Henan", "浙江"], parties=["China Cinda AMC"])
    config, problems = load_config(path)
    assert problems == [] and config.watchlist.provinces == ("440000", "410000", "330000")
    assert 'provinces = ["广东", "Henan", "Zhejiang"]  # home markets' in path.read_text("utf-8")
    assert 'parties = ["China Cinda AMC"]' in path.read_text("utf-8")


def test_saving_creates_the_file_and_its_directory(tmp_path):
    path = tmp_path / "new" / "dir" / "config.toml"
    assert save_settings({"display.theme": "dracula"}, path) == path
    assert load_config(path)[0].theme == "dracula"
    if sys.platform != "win32":
        assert path.stat().st_mode & 0o777 == 0o600


def test_the_default_path_is_saved_to(tmp_path):
    path = save_display(lang="zh")
    assert str(path).startswith(os.environ["XDG_CONFIG_HOME"]) and load_config()[0].lang == "zh"


@pytest.mark.parametrize(("values", "message"), [
    ({"display.lang": "fr"}, "display.lang: 'fr' is not one of en, zh"),
    ({"feed.url": "https://x/"}, "feed.url: not a setting the app saves"),
    ({"watchlist.provinces": ["Atlantis"]}, "watchlist.provinces: 'Atlantis' is not a province (English, pinyin, Chinese or a GB/T 2260 code)"),
    ({"watchlist.parties": "Cinda"}, "watchlist.parties: must be a list of names"),
])
def test_a_bad_save_is_refused_in_one_line_and_changes_nothing(tmp_path, values, message):
    path = write(tmp_path, COMMENTED)
    with pytest.raises(ConfigError) as caught:
        save_settings(values, path)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)
    assert path.read_text("utf-8") == COMMENTED


def test_a_file_that_is_not_toml_is_never_overwritten(tmp_path):
    broken = COMMENTED + "lang = = 1\n"
    path = write(tmp_path, broken)
    with pytest.raises(ConfigError, match=r"line 12: cannot save: the file is not valid TOML; fix it first"):
        save_display(path, lang="zh")
    assert path.read_text("utf-8") == broken


def test_a_failed_write_is_one_line_and_leaves_the_file(tmp_path, monkeypatch):
    from npl_tui.core import atomic

    path = write(tmp_path, COMMENTED)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "write_atomic", full)
    with pytest.raises(ConfigError, match=r"config.toml: cannot save: No space left on device$"):
        save_display(path, lang="zh")
    assert path.read_text("utf-8") == COMMENTED


def test_docs_config_lists_every_action_and_condition_and_its_example_reads(tmp_path):
    from npl_tui.core.alerts import KEYS

    doc = (PACKAGE.parent / "docs" / "config.md").read_text("utf-8")
    for action in ACTIONS:
        if not action.startswith("focus_pane"):
            assert f"`{action}`" in doc, action
    for key in KEYS:
        assert f"`{key}`" in doc, key
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    _config, problems = load_config(write(tmp_path, example))
    assert problems == []
