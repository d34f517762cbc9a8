"""The baseline player: libVLC playing files in a loop and nothing else.

Used instead of cvlc where cvlc will not run (VLC refuses to run as root).
    python bench/bare_vlc.py FILE...
"""

from __future__ import annotations

import sys
import time

import vlc


def main() -> None:
    instance = vlc.Instance(["--quiet", "--no-video", "--aout=pulse"])
    media_list = instance.media_list_new(sys.argv[1:])
    player = instance.media_list_player_new()
    player.set_media_list(media_list)
    player.set_playback_mode(vlc.PlaybackMode.loop)
    player.play()
    print("READY", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
