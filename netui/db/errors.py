"""Errors of the storage layer, each with one sentence a user can act on."""


class StorageError(Exception):
    """A database problem to show the user as one sentence (exit code 1)."""


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
