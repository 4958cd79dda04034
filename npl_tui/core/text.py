"""Untrusted text: strip what could reach the terminal as anything but text.

Every string that enters a Snapshot passes through :func:`clean_text`, so widgets
never see control characters or escape sequences. Widgets additionally render
strings as literal ``rich.text.Text`` (never markup) — see ``npl_tui.render``.

Where the text must stay whole for a reader to investigate — the log file — the same
characters are escaped instead of dropped (:func:`escape_controls`): a line from a feed
can neither move the cursor of whoever reads the log nor start a log line of its own.
"""

from __future__ import annotations

import re

__all__ = ["clean_text", "escape_controls", "one_line"]

# C0 controls (incl. ESC, BEL, CR, LF, TAB), DEL, C1 controls (incl. CSI 0x9b, OSC 0x9d),
# bidirectional overrides/isolates and zero-width joiners/marks that can disguise text.
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_WHITESPACE_CONTROL = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
#: Everything either pattern above removes, one character at a time (for escaping).
_ANY_CONTROL = re.compile(f"{_CONTROL.pattern}|[\t\n\r\x0b\x0c\x85\u2028\u2029]")


def clean_text(value: str, limit: int = 2000) -> str:
    """Return *value* with whitespace controls folded to a space and all other
    control, escape and bidi-override characters removed; at most *limit* chars."""
    if value.isascii() and value.isprintable():
        value = value.strip()  # fast path: plain ASCII text has nothing to strip
    else:
        value = _WHITESPACE_CONTROL.sub(" ", value)
        value = _CONTROL.sub("", value).strip()
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return value


def one_line(value: object, limit: int | None = None) -> str:
    """*value* as text on one line (runs of whitespace, line breaks included, become one
    space), cut to *limit* characters when given: for one-line messages."""
    text = " ".join(str(value).split())
    return text if limit is None else text[:limit]


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(value: str) -> str:
    """Return *value* on one line with every character :func:`clean_text` would remove
    written as a visible escape (``\\x1b``, ``\\x0a``, ``\\u202e``); backslashes are
    doubled, so an escape seen in the result was a control character in *value*."""
    if value.isascii() and value.isprintable() and "\\" not in value:
        return value  # fast path: nothing to escape
    return _ANY_CONTROL.sub(_escape, value.replace("\\", "\\\\"))
