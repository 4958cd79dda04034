"""Untrusted text: strip what could reach the terminal as anything but text.

Every string that enters a Snapshot passes through :func:`clean_text`, so widgets
never see control characters or escape sequences. Widgets additionally render
strings as literal ``rich.text.Text`` (never markup) — see ``npl_tui.render``.
"""

from __future__ import annotations

import re

__all__ = ["clean_text"]

# C0 controls (incl. ESC, BEL, CR, LF, TAB), DEL, C1 controls (incl. CSI 0x9b, OSC 0x9d),
# bidirectional overrides/isolates and zero-width joiners/marks that can disguise text.
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_WHITESPACE_CONTROL = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]+")


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
