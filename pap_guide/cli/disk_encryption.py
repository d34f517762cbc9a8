"""Is a folder on an encrypted file system? dm-crypt (LUKS) or fscrypt, read from the kernel.

The mount holding the folder comes from /proc/self/mountinfo; its block
device is dm-crypt when sysfs says so for it or for a device it is built on
(LVM on LUKS); eCryptfs is a file system of its own. fscrypt (per-folder
ext4/f2fs encryption) is asked of the folder itself with its ioctl.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

FS_IOC_GET_ENCRYPTION_POLICY = 0x400C6615  # _IOW('f', 21, struct fscrypt_policy_v1)
SYS_BLOCK = Path("/sys/dev/block")


def _mount_of(folder: Path) -> tuple[str, str] | None:
    """The (major:minor, file system type) of the mount holding ``folder``."""
    best: tuple[int, str, str] | None = None
    target = str(folder.resolve())
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        point, device = fields[4], fields[2]
        fstype = fields[fields.index("-") + 1]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), device, fstype)
    return (best[1], best[2]) if best else None


def _dm_crypt(device: str, seen: int = 0) -> bool:
    """dm-crypt here, or under it (LVM on LUKS): sysfs ``dm/uuid`` starts 'CRYPT-'."""
    node = SYS_BLOCK / device
    uuid = node / "dm" / "uuid"
    if uuid.exists() and uuid.read_text().startswith("CRYPT-"):
        return True
    slaves = node / "slaves"
    if seen > 8 or not slaves.is_dir():
        return False
    for slave in slaves.iterdir():
        numbers = (slave / "dev").read_text().strip() if (slave / "dev").exists() else ""
        if numbers and _dm_crypt(numbers, seen + 1):
            return True
    return False


def _fscrypt(folder: Path) -> bool:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        fcntl.ioctl(fd, FS_IOC_GET_ENCRYPTION_POLICY, bytearray(12))
    except OSError:
        return False  # ENODATA: not encrypted; ENOTTY: no fscrypt on this file system
    finally:
        os.close(fd)
    return True


def disk_encryption(folder: Path) -> str:
    """'dm-crypt', 'fscrypt', 'ecryptfs', or '' when the folder is not encrypted."""
    try:
        mount = _mount_of(folder)
    except (OSError, ValueError, IndexError):
        return ""
    if mount is not None and mount[1] == "ecryptfs":
        return "ecryptfs"
    if mount is not None and _dm_crypt(mount[0]):
        return "dm-crypt"
    return "fscrypt" if _fscrypt(folder) else ""
