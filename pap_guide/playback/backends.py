"""Backends that make decks: libVLC for sound, a null one for tests."""

from __future__ import annotations

import atexit
import ctypes
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pap_guide.playback.decks import Deck, Notify, NullDeck, VlcDeck

# libVLC's error messages (format strings) when no audio output opens; any
# error from an audio output object (a server or device lost) counts too
OUTPUT_FAILURES = (b"failed to create audio output", b"Audio output failed")


def _log_source(vlc: Any) -> Callable[[Any], bytes | None]:
    """Which kind of libVLC object wrote a log message ("audio output", "decoder"...).

    python-vlc's own binding of libvlc_log_get_object takes no out-arguments,
    so it is called through ctypes with its C signature.
    """
    function = vlc.dll.libvlc_log_get_object
    function.argtypes = [
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_char_p),
        ctypes.POINTER(ctypes.c_char_p),
        ctypes.POINTER(ctypes.c_uint),
    ]
    function.restype = None

    def source(ctx: Any) -> bytes | None:
        name, header, object_id = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_uint()
        function(
            ctypes.cast(ctx, ctypes.c_void_p),
            ctypes.byref(name),
            ctypes.byref(header),
            ctypes.byref(object_id),
        )
        return name.value

    return source


class AudioUnavailable(RuntimeError):
    """libVLC cannot be loaded or cannot open an audio output."""


class VlcBackend:
    """libVLC through python-vlc: one instance, a media player per deck."""

    def __init__(self, output_module: str | None = None) -> None:
        try:
            import vlc
        except (ImportError, OSError) as exc:
            raise AudioUnavailable(f"libVLC could not be loaded ({exc})") from exc
        except SystemExit as exc:  # python-vlc ends the process for a wrong PYTHON_VLC_* path
            raise AudioUnavailable(
                "libVLC could not be loaded from PYTHON_VLC_LIB_PATH or PYTHON_VLC_MODULE_PATH"
            ) from exc
        args = ["--quiet", "--no-video", "--intf=dummy", "--no-media-library"]
        if output_module:
            args.append(f"--aout={output_module}")
        instance = vlc.Instance(args)
        if instance is None:
            raise AudioUnavailable("libVLC did not start (is vlc-plugin-base installed?)")
        self._vlc = vlc
        self.instance: Any = instance
        self.output_module = output_module
        self._device: str | None = None
        self._watching = False
        # libVLC's threads must stop calling into Python before the
        # interpreter tears down, or a late log message crashes the exit
        atexit.register(self.unwatch_output)

    def version(self) -> str:
        return str(self._vlc.libvlc_get_version().decode(errors="replace"))

    def watch_output(self, on_failure: Callable[[], None]) -> None:
        """Call ``on_failure`` (from libVLC's threads) when no audio output opens.

        libVLC keeps playing silently when its output fails, with no event;
        its log is the only place that says so.
        """
        vlc = self._vlc
        source = _log_source(vlc)

        @vlc.CallbackDecorators.LogCb  # type: ignore[untyped-decorator]
        def log(_data: Any, level: int, ctx: Any, fmt: bytes | None, _args: Any) -> None:
            if level < vlc.LogLevel.ERROR.value:
                return
            if (fmt and any(marker in fmt for marker in OUTPUT_FAILURES)) or source(
                ctx
            ) == b"audio output":  # e.g. PulseAudio lost mid-track
                on_failure()

        self._log_callback = log  # keep a reference: libVLC holds only a pointer
        self.instance.log_set(log, None)
        self._watching = True

    def unwatch_output(self) -> None:
        """Stop reporting; returns once no report is under way (libVLC waits)."""
        if self._watching:
            self._watching = False
            self.instance.log_unset()

    def make_deck(self, notify: Notify) -> Deck:
        deck = VlcDeck(self.instance, notify)
        if self._device:
            deck.set_output_device(self._device)
        return deck

    def output_devices(self) -> list[tuple[str, str]]:
        """(device id, description) of the output module in use.

        Asked of a media player: libVLC 3's per-module list stays empty for
        PulseAudio, while a player's own enumeration lists its devices.
        """
        player = self.instance.media_player_new()
        found: list[tuple[str, str]] = []
        head = player.audio_output_device_enum()
        node = head
        while node:
            item = node.contents
            found.append(
                (item.device.decode(errors="replace"), item.description.decode(errors="replace"))
            )
            node = item.next
        if head:
            self._vlc.libvlc_audio_output_device_list_release(head)
        player.release()
        return found

    def set_output_device(self, device: str | None) -> None:
        """Use ``device`` for tracks started from now on."""
        self._device = device or None

    def media_length(self, path: Path, timeout: float = 5.0) -> float | None:
        """Length in seconds from libVLC's parsing, or None if it cannot tell."""
        vlc = self._vlc
        media = self.instance.media_new_path(str(path))
        media.parse_with_options(vlc.MediaParseFlag.local, int(timeout * 1000))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = media.get_parsed_status()
            if status == vlc.MediaParsedStatus.done:
                break
            if status in (
                vlc.MediaParsedStatus.failed,
                vlc.MediaParsedStatus.timeout,
                vlc.MediaParsedStatus.skipped,
            ):
                media.release()
                return None
            time.sleep(0.01)
        ms = media.get_duration()
        media.release()
        return ms / 1000 if ms and ms > 0 else None


class NullBackend:
    """Plays nothing; keeps time on ``now`` (a fake clock in tests)."""

    def __init__(
        self,
        now: Callable[[], float] = time.monotonic,
        lengths: Callable[[Path], float | None] | None = None,
    ) -> None:
        self._now = now
        self._lengths = lengths or (lambda path: 30.0)

    def make_deck(self, notify: Notify) -> Deck:
        # not kept here: a list of every deck made held one per track for good
        return NullDeck(self._now, notify, self._lengths)

    def output_devices(self) -> list[tuple[str, str]]:
        return []

    def watch_output(self, on_failure: Callable[[], None]) -> None:
        """The null backend's output never fails."""

    def unwatch_output(self) -> None:
        """Nothing to stop."""

    def set_output_device(self, device: str | None) -> None:
        """The null backend has no devices."""

    def media_length(self, path: Path, timeout: float = 5.0) -> float | None:
        return self._lengths(path) if path.is_file() else None
