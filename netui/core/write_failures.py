"""One sentence for a failed write or a target that cannot be reached: disk full,
quota, file size limit, read-only file system, permission, input/output error.
No Textual here."""

from __future__ import annotations

import errno
from pathlib import Path


def reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def write_failure(
    error: OSError, target: Path, folder: Path, existed: bool, *, creating: bool = False
) -> str:
    """One sentence for a failed write; the old file is never touched."""
    kept = f"; the old {target.name} is unchanged" if existed else ""
    code = error.errno
    if code == errno.ENOSPC:
        return f"The disk is full: {target} was not written{kept}."
    if code == errno.EDQUOT:
        return f"Your disk quota is used up: {target} was not written{kept}."
    if code == errno.EFBIG:
        return f"{target} would be larger than this system allows a file to be{kept}."
    if code == errno.EROFS:
        return f"The folder {folder} is on a read-only file system; {target} was not written."
    if code in (errno.EACCES, errno.EPERM) and creating:
        return f"Cannot create files in the folder {folder}: permission denied."
    if code == errno.EIO:
        return f"A disk error (input/output error) stopped writing {target}{kept}."
    return f"Cannot write {target}: {reason(error)}{kept}."
