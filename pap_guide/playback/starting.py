"""libVLC started on a thread of its own, while the GUI thread builds the window.

Loading libVLC (``import vlc`` and its instance) takes some 30 to 70 ms, and
160 ms more when libVLC has no plugin cache and opens every plugin; the
window's start, from the records to the first frame, takes longer. The
``pap-guide`` window starts it as soon as Qt is up (``pap_guide.app.gui``), so
the music can start right after the first frame.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pap_guide.playback.backends import VlcBackend


class BackendStart:
    """libVLC being started (``import vlc`` and its instance) on a thread of its own.

    libVLC's start is C code that lets go of the GIL, so the GUI thread goes on
    meanwhile; :meth:`result` waits for it. The instance is then used from the
    GUI thread only, as before.
    """

    def __init__(self, output: str | None) -> None:
        self.output = output
        self._backend: VlcBackend | None = None
        self._error: Exception | None = None
        self._thread = threading.Thread(target=self._start, name="libvlc-start", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        from pap_guide.playback.backends import VlcBackend

        try:
            self._backend = VlcBackend(self.output)
        except Exception as exc:  # raised again on the GUI thread, as if started there
            self._error = exc

    def settle(self) -> None:
        """Wait for it, with no error raised: the process never ends with libVLC half loaded."""
        self._thread.join()

    def result(self) -> VlcBackend:
        """The backend once started; AudioUnavailable when libVLC cannot start."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._backend is not None
        return self._backend
