"""`npl-tui completion SHELL`: shell completion generated from the command line parser.

shtab writes the script from the same argparse parser that parses the command line
(its commands, options, choices and the file/directory hints the parser carries), so
completion cannot drift from what npl-tui accepts. Imported only by this command.
"""

from __future__ import annotations

import argparse

__all__ = ["SHELLS", "completion_script"]

SHELLS = ("bash", "zsh", "fish")


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of *parser* for *shell* (one of :data:`SHELLS`)."""
    import shtab

    if shell not in SHELLS:
        raise ValueError(f"no completion for shell {shell!r}")
    script: str = shtab.complete(parser, shell=shell)
    return script if script.endswith("\n") else script + "\n"
