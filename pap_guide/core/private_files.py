"""Files only their owner can read: folders 0700, files 0600, whatever the umask.

A file is written through a temporary file of its own beside the target,
created with O_EXCL and O_NOFOLLOW (a planted symlink or file is refused,
never followed or overwritten), synced, renamed over the target, and the
folder synced so the rename itself survives a crash. A temporary file left by
a crash is removed by :func:`remove_leftovers`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TEMP_PREFIX = ".pap-guide-"
TEMP_SUFFIX = ".part"


def private_dir(folder: Path) -> Path:
    """``folder`` (and any missing parent under it) made 0700, whatever the umask."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path, 0o700)  # mkdir's mode passes through the umask
    return folder


def write_private(target: Path, data: bytes, *, durable: bool = True) -> Path:
    """Write ``data`` to ``target``, mode 0600, whole or not at all. ``durable=False``
    skips the syncs, for a note that may go back to an older one at a power cut."""
    folder = private_dir(target.parent)
    remove_leftovers(folder)  # a crash's half-written file may hold a whole report
    temporary = folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}-{target.name}{TEMP_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if target.is_symlink():  # never write through a link planted under the name
            raise PermissionError(f"{target} is a symbolic link: not written through it")
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        sync_dir(folder)
    return target


def sync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_leftovers(folder: Path) -> list[Path]:
    """Temporary files a crash left in ``folder`` (they may hold a whole report)."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}") if not p.is_symlink()]
    for path in found:
        path.unlink(missing_ok=True)
    return found
