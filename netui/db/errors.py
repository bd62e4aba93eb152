"""Errors of the storage layer, each with one sentence a user can act on.

They derive from :class:`~netui.core.errors.StorageError`, which files raise too;
``except StorageError`` here catches both."""

from netui.core.errors import StorageError as StorageError  # raised here as well


class NewerSchemaError(StorageError):
    """The file was written by a newer netui."""


class OlderSchemaError(StorageError):
    """The file needs upgrading, and it was opened only to be read."""


class NotNetuiDatabaseError(StorageError):
    """The file is not a netui database (or not SQLite at all)."""


class MissingDatabaseError(StorageError):
    """A command that only reads was pointed at a file that does not exist."""


class CorruptDatabaseError(StorageError):
    """SQLite's own check found the file damaged."""
