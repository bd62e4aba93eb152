"""netui's log: a rotating file in the user's log folder (:func:`netui.paths.log_path`)
where every unexpected error is written with its traceback.

The user sees one sentence (a notification, a line on stderr); the log keeps what a
bug report needs. The file is opened on the first record, not at start, is private
(``0600`` in a ``0700`` folder: messages can name contacts), and rotates at
:data:`MAX_BYTES` keeping :data:`BACKUPS` older files.
"""

from __future__ import annotations

import logging
import os
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

from netui.paths import log_path

LOGGER = logging.getLogger("netui")
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class PrivateLogFile(RotatingFileHandler):
    """A rotating log file created ``0600`` (and its folder ``0700``) when first written."""

    def _open(self) -> TextIOWrapper:
        path = Path(self.baseFilename)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return os.fdopen(descriptor, "a", encoding=self.encoding, errors=self.errors)

    #: Whether the last record could not be written.
    failed = False

    def emit(self, record: logging.LogRecord) -> None:
        self.failed = False
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # logging's name
        """A log that cannot be written (a read-only folder, a full disk) says nothing:
        logging's own report would print a traceback over the app or over the
        command's one sentence. :func:`log_failure` tells its caller instead."""
        self.failed = True


def start_logging() -> Path:
    """Send the ``netui`` logger to the log file (once per file; a new path, as tests
    set, replaces the old one). Returns the file's path."""
    path = log_path().absolute()
    for handler in list(LOGGER.handlers):
        if isinstance(handler, PrivateLogFile):
            if Path(handler.baseFilename) == path:
                return path
            LOGGER.removeHandler(handler)
            handler.close()
    handler = PrivateLogFile(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    return path


def log_failure(message: str, error: BaseException) -> Path | None:
    """Write ``error`` with its traceback to the log; the log file, or ``None`` when
    it could not be written."""
    path = start_logging()
    LOGGER.error(message, exc_info=error)
    for handler in LOGGER.handlers:
        if isinstance(handler, PrivateLogFile) and Path(handler.baseFilename) == path:
            return None if handler.failed else path
    return None
