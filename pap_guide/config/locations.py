"""Where pap-guide finds its shipped files and the clinic's own ones (no Qt)."""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from pap_guide.core.protocol import ProtocolCatalog, load_catalog


def _package_dir() -> Path:
    """``pap_guide/``: in a source checkout or an installed wheel, this module's parent;
    in a PyInstaller bundle (tools/package.sh), the folder its files were collected into."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "pap_guide"
    return Path(__file__).resolve().parents[1]


PACKAGE_DIR = _package_dir()
APP_NAME = "pap-guide"


def shipped_dir(name: str) -> Path:
    """A shipped data folder (``playlists`` or ``assets``).

    In an installed wheel and in the bundle they live in ``pap_guide/_data``;
    in a source checkout (or an editable install) beside the package.
    """
    installed = PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


def icon_file() -> Path:
    """pap-guide's icon (SVG): the window's, and the desktop entry's in the .deb."""
    return PACKAGE_DIR / "icons" / f"{APP_NAME}.svg"


@dataclass(frozen=True)
class Locations:
    """Folders the app reads from and writes to."""

    data_dir: Path

    @classmethod
    def default(cls) -> Locations:
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))

    @property
    def database(self) -> Path:
        return self.data_dir / "pap-guide.db"

    @staticmethod
    def recovery(database: Path) -> tuple[Path, str]:
        """Folder and name stem for unsaved actions: off the database's disk, maybe full."""
        digest = hashlib.sha256(str(database.resolve()).encode()).hexdigest()[:12]
        return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)), f"unsaved-{digest}"

    @property
    def protocol_folders(self) -> list[Path]:
        """Shipped presets first, then the clinic's own (which may override)."""
        return [PACKAGE_DIR / "protocols", self.data_dir / "protocols"]

    @property
    def playlist_folders(self) -> list[Path]:
        """The clinic's playlists first, then the shipped demo ones."""
        return [self.data_dir / "playlists", shipped_dir("playlists")]


def locations_for(data_dir: Path | None) -> Locations:
    """The folders of ``--data-dir``, or the user's data folder."""
    return Locations(data_dir) if data_dir else Locations.default()


def load_protocols(locations: Locations) -> ProtocolCatalog:
    """Shipped and clinic protocols, with the broken files named in ``errors``."""
    return load_catalog(locations.protocol_folders, locations.playlist_folders)


# What the packaged app sets for itself, so that its own libraries, Qt plugins
# and libVLC are used; a program it opens for the user (the file manager for an
# export's folder) must get the desktop's values, not these.
BUNDLE_VARIABLES = (
    "LD_LIBRARY_PATH",
    "QT_PLUGIN_PATH",
    "QML2_IMPORT_PATH",
    "PYTHON_VLC_LIB_PATH",
    "PYTHON_VLC_MODULE_PATH",
    "VLC_PLUGIN_PATH",
)


def desktop_environment() -> dict[str, str] | None:
    """The environment as the desktop gave it, for a program the package opens; None from source.

    PyInstaller keeps the desktop's LD_LIBRARY_PATH as LD_LIBRARY_PATH_ORIG, and
    the bundle's libVLC hook keeps the others the same way. The app's own
    environment is never changed for this: libVLC's threads read it while
    music plays, and glibc's setenv may free what they read.
    """
    if not getattr(sys, "frozen", False):
        return None
    environment = dict(os.environ)
    for name in BUNDLE_VARIABLES:
        original = environment.get(f"{name}_ORIG")
        if original is None:
            environment.pop(name, None)
        else:
            environment[name] = original
    return environment
