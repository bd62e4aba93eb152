"""A vdir: a folder with one vCard per file, the layout khard and vdirsyncer use.

``netui export vcard DIR/`` writes one ``UID.vcf`` per contact
(:func:`netui.core.uids.file_name`), ``netui import vcard DIR`` reads every
``*.vcf`` of a folder, and ``netui sync vdir DIR`` (:mod:`netui.db.sync`) keeps a
folder and the database in step. Files go through :mod:`netui.core.files`, the one
writer. No Textual, no database here.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from netui.core.importers import (
    MAX_FILE_BYTES,
    ContactRecord,
    ImportCancelled,
    ImportFileError,
    ParsedFile,
    too_large,
)
from netui.core.importers.vcard import parse_vcard

SUFFIX = ".vcf"


def names_a_folder(argument: str) -> bool:
    """Whether a FILE argument means a vdir: it ends with a slash or is a folder."""
    return argument.endswith(("/", os.sep)) or os.path.isdir(os.path.expanduser(argument))


def etag(data: bytes) -> str:
    """What a card's file is recognised by between two syncs: its bytes' hash."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class CardFile:
    """One ``.vcf`` file of a vdir."""

    name: str
    data: bytes

    @property
    def etag(self) -> str:
        return etag(self.data)


def card_names(folder: Path) -> list[str]:
    """The ``.vcf`` files of ``folder`` (regular files only; no links), sorted."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        raise ImportFileError(f"The folder {folder} does not exist.") from None
    except NotADirectoryError:
        raise ImportFileError(f"{folder} is not a folder.") from None
    except PermissionError:
        raise ImportFileError(f"The folder {folder} cannot be read: permission denied.") from None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise ImportFileError(f"The folder {folder} cannot be read: {reason}.") from None
    names = []
    for entry in entries:
        if not entry.name.casefold().endswith(SUFFIX) or entry.name.startswith("."):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                names.append(entry.name)
        except OSError:
            continue
    return sorted(names)


def read_card(folder: Path, name: str) -> bytes:
    """The bytes of one card file, refusing what is not a regular file or too large."""
    path = folder / name
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise ImportFileError(f"{path} disappeared while it was read.") from None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise ImportFileError(f"{path} cannot be read: {reason}.") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ImportFileError(f"{path} is not a file.")
        if info.st_size > MAX_FILE_BYTES:
            raise ImportFileError(too_large(path, info.st_size))
        return handle.read(MAX_FILE_BYTES + 1)


def read_folder(
    folder: Path, cancelled: Callable[[], bool] = lambda: False
) -> list[CardFile]:
    """Every card file of ``folder``; :class:`ImportFileError` naming a bad one."""
    files = []
    total = 0
    for number, name in enumerate(card_names(folder), start=1):
        if number % 256 == 0 and cancelled():
            raise ImportCancelled()
        data = read_card(folder, name)
        total += len(data)
        if total > MAX_FILE_BYTES:
            raise ImportFileError(too_large(folder, total))
        files.append(CardFile(name, data))
    return files


def parse_card_file(card: CardFile) -> ParsedFile:
    """The records of one card file, each ``where`` naming the file."""
    try:
        parsed = parse_vcard(card.data)
    except ImportFileError as error:
        raise ImportFileError(f"{card.name}: {error}") from None
    records = tuple(_named(record, card.name) for record in parsed.records)
    skipped = tuple(f"{card.name} {where}" for where in parsed.skipped)
    return ParsedFile(records=records, skipped=skipped)


def parse_folder(folder: Path, cancelled: Callable[[], bool] = lambda: False) -> ParsedFile:
    """Every card of every ``.vcf`` file of ``folder`` (``netui import vcard DIR``)."""
    records: list[ContactRecord] = []
    skipped: list[str] = []
    files = read_folder(folder, cancelled)
    if not files:
        raise ImportFileError(f"The folder {folder} holds no .vcf files.")
    for number, card in enumerate(files, start=1):
        if number % 256 == 0 and cancelled():
            raise ImportCancelled()
        parsed = parse_card_file(card)
        records.extend(parsed.records)
        skipped.extend(parsed.skipped)
    return ParsedFile(records=tuple(records), skipped=tuple(skipped))


def _named(record: ContactRecord, name: str) -> ContactRecord:
    return replace(record, where=f"{name} {record.where}")


__all__ = [
    "CardFile",
    "card_names",
    "etag",
    "names_a_folder",
    "parse_card_file",
    "parse_folder",
    "read_card",
    "read_folder",
]
