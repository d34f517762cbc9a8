"""The loudness cache in the real database: kept, and measured again when a file changes."""

from __future__ import annotations

import os

from pap_guide.app.levels import measure
from pap_guide.core.loudness import Measurement
from pap_guide.store.database import open_records
from pap_guide.store.track_levels import TrackLevels
from tests.helpers.audio import tone


def test_a_measurement_is_kept_until_the_file_changes(tmp_path):
    db = open_records(tmp_path / "records.db")
    levels = TrackLevels(db)
    path = tone(tmp_path / "a.wav", 440, 1.0, 0.5)
    assert levels.get(path) is None  # not measured yet
    found = measure(levels, path)
    assert isinstance(found, Measurement) and found.lufs is not None
    again = TrackLevels(open_records(tmp_path / "records.db"))  # a later start
    assert again.get(path) == found
    tone(path, 440, 1.0, 0.1)  # the file is replaced by a quieter one
    os.utime(path, ns=(1, 1))
    assert again.get(path) is None  # so it is measured again
    quieter = measure(again, path)
    assert isinstance(quieter, Measurement) and quieter.lufs < found.lufs - 10


def test_a_file_that_cannot_be_decoded_is_kept_with_the_reason(tmp_path):
    levels = TrackLevels(open_records(tmp_path / "records.db"))
    path = tmp_path / "broken.flac"
    path.write_bytes(b"fLaC" + b"\x00" * 100)
    found = measure(levels, path)
    assert isinstance(found, str) and "cannot be decoded" in found
    assert levels.get(path) == found


def test_measurements_from_before_mono_was_measured_for_both_ears_are_dropped(tmp_path):
    from pap_guide.core.loudness import Measurement
    from pap_guide.store.database import open_database
    from pap_guide.store.track_levels import TrackLevels, file_key

    track = tmp_path / "old.wav"
    track.write_bytes(b"RIFF")
    path = tmp_path / "records.db"
    db = open_database(path)
    TrackLevels(db).put(track, file_key(track), Measurement(-23.0, -12.0, 3.0))
    db.execute("PRAGMA user_version = 9")  # as pap-guide left it before this migration
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_track_levels_measured_again'")
    db.conn.commit()
    db.close()
    assert TrackLevels(open_database(path)).get(track) is None  # measured again at its next play
