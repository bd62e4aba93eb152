"""Reading an import's file: bounded reads of files and pipes, and the parser for
each kind (the CSV formats told apart by their header)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from netui.core.importers import (
    MAX_FILE_BYTES,
    ImportCancelled,
    ImportFileError,
    ParsedFile,
    RecordStream,
    too_large,
)
from netui.core.importers.csv_formats import csv_format, unknown_format, wrong_format
from netui.core.importers.google import parse_google
from netui.core.importers.linkedin import linkedin_stream, parse_linkedin
from netui.core.importers.outlook import parse_outlook
from netui.core.importers.vcard import parse_vcard

#: The FILE that means standard input.
STDIN = "-"
KINDS = ("linkedin", "google", "outlook", "csv", "vcard", "json")
#: The kinds read as CSV; ``csv`` is whichever of the others the header shows.
CSV_KINDS = ("linkedin", "google", "outlook", "csv")


def read_file(path: Path | str, cancelled: Callable[[], bool] = lambda: False) -> bytes:
    """The bytes of ``path`` (``-``: standard input), or :class:`ImportFileError`
    saying why not.

    Devices (``/dev/zero``) and sockets are refused before reading; a file (or a pipe)
    larger than :data:`~netui.core.importers.MAX_FILE_BYTES` is refused without
    being read into memory beyond that.
    """
    if str(path) == STDIN:
        return _read_stream(sys.stdin.buffer, "Standard input", cancelled)
    path = Path(path).expanduser()
    try:
        info = os.stat(path)
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
            raise ImportFileError(f"{path} is a device, not a file.")
        if stat.S_ISSOCK(info.st_mode):
            raise ImportFileError(f"{path} is a socket, not a file.")
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES:
                raise ImportFileError(too_large(path, info.st_size))
            return _read_stream(handle, str(path), cancelled)
    except FileNotFoundError:
        raise ImportFileError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a file.") from None
    except PermissionError:
        raise ImportFileError(f"{path} cannot be read: permission denied.") from None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise ImportFileError(f"{path} cannot be read: {reason}.") from None


def _read_stream(stream: BinaryIO, what: str, cancelled: Callable[[], bool]) -> bytes:
    """All of a pipe, up to :data:`~netui.core.importers.MAX_FILE_BYTES`."""
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(1 << 20):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise ImportFileError(too_large(what, size))
        if cancelled():
            raise ImportCancelled()
    return b"".join(chunks)


def csv_kind(kind: str, data: bytes) -> str:
    """The CSV format to read ``data`` as: the one its header shows for ``csv``; for
    a named format, that one, unless the header shows another (never a wrong guess:
    :mod:`netui.core.importers.csv_formats`)."""
    found = csv_format(data)
    if kind == "csv":
        if found is None:
            raise unknown_format()
        return found
    if found is not None and found != kind:
        raise wrong_format(kind, found)
    return kind


def parse_file(
    kind: str, data: bytes, cancelled: Callable[[], bool] = lambda: False
) -> ParsedFile:
    if kind in CSV_KINDS:
        kind = csv_kind(kind, data)
    if kind == "linkedin":
        return parse_linkedin(data, cancelled)
    if kind == "google":
        return parse_google(data)
    if kind == "outlook":
        return parse_outlook(data)
    if kind == "vcard":
        return parse_vcard(data, cancelled)
    raise ValueError(f"unknown import kind {kind!r}")


def stream_file(
    kind: str, data: bytes, cancelled: Callable[[], bool] = lambda: False
) -> RecordStream:
    """The records of ``data`` as an import takes them: read as it goes where the
    format allows (LinkedIn's CSV), else parsed whole first."""
    if kind in CSV_KINDS:
        kind = csv_kind(kind, data)
    if kind == "linkedin":
        return linkedin_stream(data, cancelled)
    return RecordStream.of(parse_file(kind, data, cancelled))
