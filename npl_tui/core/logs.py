"""The log file: what happened overnight, for whoever has to find out.

Modules log with the standard library under ``npl_tui.`` (``logging.getLogger(__name__)``);
:func:`configure` sends those records to one file, rotated by size:

* where: ``npl-tui.log`` in the user log directory (:func:`default_log_path`,
  ``$XDG_STATE_HOME/npl-tui/log/`` on Linux), or the ``--log-file`` given;
* how big: a file is rotated at :data:`MAX_BYTES`, and :data:`BACKUP_COUNT` older
  files are kept (``npl-tui.log.1`` ... ``.3``), so the log never takes more than
  about 4 MiB;
* what a line is: ``2026-01-31T09:30:00.123+08:00 INFO npl_tui.core.feed [pid]: text``,
  local time with its offset, the process id (several monitors may share the file);
* what it never holds: a control character (escaped by
  :func:`~npl_tui.core.text.escape_controls`: feed text cannot move a reader's cursor
  or forge a line), a URL's password or token (every URL in a line is redacted with
  :func:`~npl_tui.core.cache.redact_url`), a request header (none is ever logged).

Start-up pays almost nothing for it: the handler opens the file, imports
``logging.handlers`` and asks platformdirs for the directory only when the first
record is written, which a monitor on good local data does not do before its first
frame. Logging never stops the program: a file that cannot be written is reported
once on standard error and logging goes quiet.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from pathlib import Path

__all__ = [
    "BACKUP_COUNT",
    "LEVELS",
    "LOGGER",
    "MAX_BYTES",
    "LazyRotatingFileHandler",
    "LogFormatter",
    "configure",
    "default_log_path",
    "unconfigure",
]

#: The root of every logger of this program.
LOGGER = "npl_tui"
#: A log file is rotated when it would grow past this many bytes ...
MAX_BYTES = 1024 * 1024
#: ... and this many rotated files are kept beside it.
BACKUP_COUNT = 3
#: ``--log-level`` names, quietest last; "off" writes no file at all.
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR, "off": None}

_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")


def default_log_path() -> Path:
    """``npl-tui.log`` in the user log directory (honours XDG_STATE_HOME on Linux)."""
    from platformdirs import user_log_path

    return user_log_path("npl-tui", appauthor=False) / "npl-tui.log"


def _redact(text: str) -> str:
    if "://" not in text:
        return text
    from .cache import redact_url

    return _URL.sub(lambda m: redact_url(m.group()), text)


class LogFormatter(logging.Formatter):
    """One record, one line: timestamp, level, logger, pid, then the message with its
    URLs redacted and its control characters escaped. A traceback follows on lines of
    its own, each starting with ``  | `` so that none can pass for a record."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        local = time.localtime(record.created)
        offset = time.strftime("%z", local)
        return f"{time.strftime('%Y-%m-%dT%H:%M:%S', local)}.{int(record.msecs):03d}{offset[:3]}:{offset[3:]}"

    def format(self, record: logging.LogRecord) -> str:
        from .text import escape_controls

        message = escape_controls(_redact(record.getMessage()))
        lines = [f"{self.formatTime(record)} {record.levelname} {record.name} [{record.process}]: {message}"]
        if record.exc_info:
            lines += ["  | " + escape_controls(_redact(line)) for line in self.formatException(record.exc_info).splitlines()]
        if record.stack_info:
            lines += ["  | " + escape_controls(line) for line in record.stack_info.splitlines()]
        return "\n".join(lines)


class LazyRotatingFileHandler(logging.Handler):
    """A :class:`logging.handlers.RotatingFileHandler` made at the first record.

    *path* None means :func:`default_log_path`. The directory is created (mode 0700)
    when missing. If the file cannot be opened, one warning goes to standard error and
    the handler drops every later record: logging must never stop the monitor.
    """

    def __init__(self, path: Path | None = None, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self.path = path
        self._target: logging.Handler | None = None
        self._failed = False
        self.setFormatter(LogFormatter())

    def _open(self) -> logging.Handler | None:
        import logging.handlers

        try:
            path = self.path if self.path is not None else default_log_path()
            self.path = path
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            target = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        except OSError as exc:
            self._failed = True
            where = f"{self.path}: " if self.path is not None else ""
            sys.stderr.write(f"npl-tui: warning: cannot write the log file: {where}{exc.strerror or exc}; nothing will be logged\n")
            return None
        target.setFormatter(self.formatter)
        return target

    def emit(self, record: logging.LogRecord) -> None:
        if self._failed:
            return
        if self._target is None:
            self._target = self._open()
            if self._target is None:
                return
        self._target.emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        return None  # a full disk mid-run: drop the record, never print a traceback over the screen

    def close(self) -> None:
        self.acquire()
        try:
            if self._target is not None:
                self._target.close()
                self._target = None
        finally:
            self.release()
        super().close()


def configure(level: str = "info", path: Path | str | None = None) -> LazyRotatingFileHandler | None:
    """Send the program's records at *level* and above to the log file at *path*
    (default: :func:`default_log_path`). Replaces what an earlier call set up; returns
    the handler, or None for level "off". Cheap: nothing is opened until a record is."""
    logger = logging.getLogger(LOGGER)
    unconfigure()
    number = LEVELS[level]
    if number is None:
        logger.setLevel(logging.CRITICAL + 1)
        return None
    handler = LazyRotatingFileHandler(Path(os.path.expanduser(str(path))) if path is not None else None)
    handler.set_name("npl-tui-log-file")
    logger.addHandler(handler)
    logger.setLevel(number)
    logger.propagate = False  # never to the root logger: its handlers write on the terminal
    return handler


def unconfigure() -> None:
    """Remove and close the handler :func:`configure` installed (tests, a second main())."""
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        if handler.get_name() == "npl-tui-log-file":
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(logging.NOTSET)
    logger.propagate = True
