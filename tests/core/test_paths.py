"""Where the config and the remembered state live: the user's directories, sealed in tests."""

from __future__ import annotations

import os

from npl_tui.core.paths import config_file, state_root


def test_config_and_state_follow_the_xdg_directories():
    assert config_file().name == "config.toml"
    assert str(config_file()).startswith(os.environ["XDG_CONFIG_HOME"])
    assert str(state_root()).startswith(os.environ["XDG_STATE_HOME"])
    assert state_root().name == "npl-tui"
