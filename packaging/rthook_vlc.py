"""PyInstaller runtime hook: libVLC and its plugins from the bundle, never the system's.

Runs before any of pap-guide's code. python-vlc loads the library named by
PYTHON_VLC_LIB_PATH; libVLC looks for plugins beside its own libvlccore
(``vlc/plugins``) and in VLC_PLUGIN_PATH, which is set to the same bundled
folder so that a VLC_PLUGIN_PATH inherited from the desktop cannot add
another VLC's plugins.
"""

import os
import sys
from pathlib import Path

_bundle = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
_plugins = str(_bundle / "vlc" / "plugins")
for _name in ("PYTHON_VLC_LIB_PATH", "PYTHON_VLC_MODULE_PATH", "VLC_PLUGIN_PATH"):
    if _name in os.environ:  # the desktop's own, for programs the app opens
        os.environ[f"{_name}_ORIG"] = os.environ[_name]
os.environ["PYTHON_VLC_LIB_PATH"] = str(_bundle / "libvlc.so.5")
os.environ["PYTHON_VLC_MODULE_PATH"] = _plugins
os.environ["VLC_PLUGIN_PATH"] = _plugins
