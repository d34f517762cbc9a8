"""Unexpected errors: logged with their traceback, shown, never retried in a loop.

The log is a rotating file in the data folder, readable by its owner only. It
holds the error's type, message and where in the code it happened; the
session's record is never written to it.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from pap_guide.core.private_files import private_dir

LOG_NAME = "pap-guide.log"


class _RotatingLog(logging.Handler):
    """A RotatingFileHandler made at the first record it is given.

    logging.handlers (with socket, pickle and queue) costs a start some 8 ms
    before its first frame, for a log that is seldom written.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.baseFilename = str(path)  # as RotatingFileHandler names it: open_log looks for it
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            self._file = RotatingFileHandler(self.baseFilename, maxBytes=512 * 1024, backupCount=3)
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def open_log(folder: Path) -> logging.Logger:
    private_dir(folder)
    path = folder / LOG_NAME
    path.touch(mode=0o600, exist_ok=True)
    os.chmod(path, 0o600)
    logger = logging.getLogger("pap_guide.errors")
    if not any(getattr(h, "baseFilename", None) == str(path) for h in logger.handlers):
        handler = _RotatingLog(path)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return logger


def install(logger: logging.Logger, where: Path, show: Callable[[str], None]) -> None:
    """Every uncaught error: into the log at ``where`` with its traceback, then shown."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        logger.error("".join(traceback.format_exception(kind, error, tb)))
        show(
            f"pap-guide hit an unexpected error ({kind.__name__}: {error}). The clock and "
            f"music go on and what was saved is safe. Details are in {where}."
        )
        print("".join(traceback.format_exception(kind, error, tb)), file=sys.stderr)

    sys.excepthook = hook
